"""What every poller shares: its threads, restarted with back-off when the endpoint fails, when
it was last idle (for drain), its counters, and one invocation read into a BatchResult."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from botocore.exceptions import ClientError

from emulation.event_sources import semantics as rules
from emulation.event_sources.semantics import (
    BatchResult,
    EventSourceMapping,
    MappingCounters,
    Outcome,
)

log = logging.getLogger(__name__)
RETRY_BACKOFF_S = (0.05, 0.1, 0.2, 0.5, 1.0)
# The longest one poll blocks (SQS's 1 s long poll), with room for a batch to finish.
JOIN_TIMEOUT_S = 6.0


class Invoker(Protocol):
    """What the pollers need from the Lambda runtime."""

    def invoke(self, name_or_arn: str, event: Any) -> Any: ...

    def spec(self, name_or_arn: str) -> Any: ...


class Poller:
    """One mapping's thread(s); `idle_since` says when it last found nothing to do."""

    def __init__(
        self,
        mapping: EventSourceMapping,
        runtime: Invoker,
        endpoint_url: str,
        clock: Callable[[], float],
        metrics: Any = None,
    ) -> None:
        self.mapping = mapping
        self.runtime = runtime
        self.endpoint_url = endpoint_url
        self.clock = clock
        self.metrics = metrics  # a MetricPublisher: a stream mapping's IteratorAge
        self.counters = MappingCounters()
        self._counter_lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._idle_since: dict[int, float | None] = {}

    @property
    def started(self) -> bool:
        return bool(self._threads)

    def start(self) -> None:
        for index in range(self.thread_count()):
            self._idle_since[index] = None
            thread = threading.Thread(
                target=self._guarded,
                args=(index,),
                name=f"esm-{self.mapping.function_name}-{index}",
                daemon=True,
            )
            self._threads.append(thread)
            thread.start()

    def request_stop(self) -> None:
        """Tell the threads to end, without waiting (the manager stops every poller at once)."""
        self._stop.set()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=JOIN_TIMEOUT_S)
        self._threads.clear()

    def thread_count(self) -> int:
        return 1

    def idle_after(self, moment: float) -> bool:
        """Every thread finished an empty poll that began after `moment` (monotonic)."""
        return all(since is not None and since >= moment for since in self._idle_since.values())

    def quiet(self) -> bool:
        """Nothing waits at the source either (a queue's messages; a stream's idle is enough)."""
        return True

    def _guarded(self, index: int) -> None:
        backoff = 0
        while not self._stop.is_set():
            try:
                self.run(index)
                return
            except Exception as error:  # log, back off, keep the mapping alive
                arn = self.mapping.event_source_arn
                if isinstance(error, ClientError):  # the service answered (a deleted queue)
                    log.warning("event source %s failed; retrying: %s", arn, error)
                else:  # the endpoint hiccuped, or a bug: the whole traceback
                    log.exception("event source %s failed; retrying", arn)
                self._stop.wait(RETRY_BACKOFF_S[min(backoff, len(RETRY_BACKOFF_S) - 1)])
                backoff += 1

    def run(self, index: int) -> None:
        raise NotImplementedError

    def _mark(self, index: int, cycle_start: float | None) -> None:
        self._idle_since[index] = cycle_start

    def _count(self, **deltas: int) -> None:
        with self._counter_lock:
            for name, delta in deltas.items():
                setattr(self.counters, name, getattr(self.counters, name) + delta)

    def _invoke(self, records: Sequence[Mapping[str, Any]]) -> tuple[Any, BatchResult]:
        """Invoke with a batch; throttles are raised, everything else becomes a BatchResult."""
        event = {"Records": list(records)}
        result = self.runtime.invoke(self.mapping.function_name, event)
        batch_result = rules.read_response(
            result.function_error, result.payload, records, self.mapping.report_batch_item_failures
        )
        self._count(
            invocations=1,
            records_delivered=len(records),
            function_errors=int(result.function_error is not None),
            partial_failures=int(batch_result.outcome is Outcome.PARTIAL),
        )
        return result, batch_result
