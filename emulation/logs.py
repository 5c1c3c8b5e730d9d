"""CloudWatch Logs shipping for the local cloud's compute (Lambda containers, ECS tasks): lines
are queued at once and sent from one background thread, batched per stream."""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from typing import Any

# How long the shipper gathers lines before one PutLogEvents per stream, and at most how many
# invocations' lines go in one round (PutLogEvents takes 10,000 events, 1 MB).
SHIP_LINGER_S = 0.5
SHIP_MAX_ITEMS = 500
log = logging.getLogger(__name__)


class LogShipper:
    """Sends log lines to CloudWatch Logs on the endpoint from one background thread (Lambda's
    logs here, ECS tasks' awslogs in `emulation.ecs`)."""

    def __init__(self, endpoint_url: str) -> None:
        self.endpoint_url = endpoint_url
        self._queue: queue.Queue[tuple[str, str, list[str], int] | None] = queue.Queue()
        self._known_groups: set[str] = set()
        self._known_streams: set[tuple[str, str]] = set()
        self._hurry = threading.Event()  # flush(): ship what is queued without lingering
        self._thread = threading.Thread(target=self._run, name="lambda-log-shipper", daemon=True)
        self._thread.start()

    def ship(self, group: str, stream: str, lines: list[str]) -> None:
        self._queue.put((group, stream, lines, int(time.time() * 1000)))

    def flush(self, timeout_s: float = 10.0) -> bool:
        """Wait until everything queued so far reached the endpoint."""
        deadline = time.monotonic() + timeout_s
        while self._queue.unfinished_tasks:
            self._hurry.set()
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=5)

    def _run(self) -> None:
        from emulation.aws import client

        logs = client("logs", self.endpoint_url)
        while True:
            items = [self._queue.get()]
            # Linger, as CloudWatch delivery does, so a burst of invocations costs one
            # PutLogEvents per stream instead of one each (this is the API's hot path). The
            # thread sleeps through the linger (flush() wakes it) instead of taking each line
            # as it comes: a wake-up per invocation cost the gateway's process CPU for nothing.
            if items[-1] is not None:
                self._hurry.wait(SHIP_LINGER_S)
            while len(items) < SHIP_MAX_ITEMS and items[-1] is not None:
                try:
                    items.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            self._hurry.clear()
            batches: dict[tuple[str, str], list[tuple[int, str]]] = {}
            for item in items:
                if item is not None:
                    group, stream, lines, timestamp = item
                    batches.setdefault((group, stream), []).extend(
                        (timestamp, line) for line in lines
                    )
            for (group, stream), events in batches.items():
                try:
                    self._put(logs, group, stream, events)
                except Exception:  # a broken endpoint must not stop later shipments
                    log.warning("could not ship logs of %s to %s", group, self.endpoint_url)
            for _ in items:
                self._queue.task_done()
            if None in items:
                return

    def _put(self, logs: Any, group: str, stream: str, lines: list[tuple[int, str]]) -> None:
        if group not in self._known_groups:
            with contextlib.suppress(logs.exceptions.ResourceAlreadyExistsException):
                logs.create_log_group(logGroupName=group)
            self._known_groups.add(group)
        if (group, stream) not in self._known_streams:
            with contextlib.suppress(logs.exceptions.ResourceAlreadyExistsException):
                logs.create_log_stream(logGroupName=group, logStreamName=stream)
            self._known_streams.add((group, stream))
        events = [{"timestamp": stamp, "message": line} for stamp, line in lines if line]
        chunk: list[dict[str, Any]] = []
        size = 0
        for event in events:  # PutLogEvents' limits: 10,000 events and 1 MB (+26 B per event)
            event_size = len(str(event["message"]).encode()) + 26
            if chunk and (len(chunk) == 10_000 or size + event_size > 1_048_576):
                self._put_events(logs, group, stream, chunk)
                chunk, size = [], 0
            chunk.append(event)
            size += event_size
        if chunk:
            self._put_events(logs, group, stream, chunk)

    def _put_events(self, logs: Any, group: str, stream: str, events: list[dict[str, Any]]) -> None:
        """One PutLogEvents. When moto serves the endpoint in this process, its backend takes
        the events as moto's request parser would have handed them over (the metric filters
        hook the backend, so they apply the same): serialising and parsing each line cost the
        cloud's process about as much CPU as the gateway's own work for a request. Otherwise,
        over HTTP."""
        from emulation.aws import ACCOUNT_ID, REGION, in_process_moto

        if in_process_moto(self.endpoint_url):
            from moto.logs.models import logs_backends

            logs_backends[ACCOUNT_ID][REGION].put_log_events(group, stream, events)
            return
        logs.put_log_events(logGroupName=group, logStreamName=stream, logEvents=events)
