"""Every event-source mapping of the local cloud, each with its poller: add, start, stop,
counters, and drain (wait until every source is idle)."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from typing import Any

from emulation import moto_patches
from emulation.event_sources import semantics as rules
from emulation.event_sources.pollers.base import Invoker, Poller
from emulation.event_sources.pollers.sqs import SqsPoller
from emulation.event_sources.pollers.streams import StreamPoller
from emulation.event_sources.semantics import EventSourceMapping, MappingCounters

log = logging.getLogger(__name__)


class EventSourceManager:
    """Every event-source mapping of the local cloud, each with its own poller thread(s)."""

    def __init__(
        self,
        runtime: Invoker,
        endpoint_url: str,
        *,
        clock: Callable[[], float] = time.time,
        metrics: Any = None,
    ) -> None:
        self.runtime = runtime
        self.endpoint_url = endpoint_url
        self.clock = clock
        self.metrics = metrics  # a MetricPublisher (stream mappings' IteratorAge)
        self._pollers: list[Poller] = []
        self._started = False

    def add(self, mapping: EventSourceMapping) -> None:
        """Register a mapping; it starts polling now if the manager runs already."""
        if not mapping.enabled:
            log.info(
                "mapping %s -> %s is disabled", mapping.event_source_arn, mapping.function_name
            )
            return
        poller_type = StreamPoller if mapping.kind == rules.STREAM else SqsPoller
        poller = poller_type(mapping, self.runtime, self.endpoint_url, self.clock, self.metrics)
        self._pollers.append(poller)
        if self._started:
            poller.start()

    def start(self) -> None:
        self._started = True
        for poller in self._pollers:
            if not poller.started:
                poller.start()

    def stop(self) -> None:
        self._started = False
        for poller in self._pollers:
            poller.request_stop()
        for poller in self._pollers:
            poller.stop()

    def mappings(self) -> list[EventSourceMapping]:
        return [poller.mapping for poller in self._pollers]

    def counters(self, function_name: str | None = None) -> dict[str, MappingCounters]:
        """Counters per event source ARN (optionally for one function)."""
        return {
            poller.mapping.event_source_arn: poller.counters
            for poller in self._pollers
            if function_name is None or poller.mapping.function_name == function_name
        }

    def drain(self, timeout_s: float) -> bool:
        """Wait until every source is idle (nothing buffered, pending or in flight)."""
        began = time.monotonic()
        deadline = began + timeout_s
        moto_patches.STREAM_ACTIVITY.notify()  # idle stream pollers look again now
        while time.monotonic() < deadline:
            if all(poller.idle_after(began) for poller in self._pollers) and all(
                poller.quiet() for poller in self._pollers
            ):
                return True
            time.sleep(0.05)
        return False

    def __enter__(self) -> EventSourceManager:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(Exception):
            self.stop()
