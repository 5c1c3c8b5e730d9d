"""What every poller shares, without a server: a failing run is restarted with back-off, a
function's response becomes counters, and drain's idle mark."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from emulation.event_sources.pollers import Poller
from emulation.event_sources.semantics import Outcome
from tests.unit.emulation.event_sources.builders import mapping, stream_record


@dataclass
class _Result:
    function_error: str | None = None
    payload: Any = None
    request_id: str = "req-1"


class _Runtime:
    def __init__(self, result: _Result) -> None:
        self.result = result
        self.events: list[Any] = []

    def invoke(self, name_or_arn: str, event: Any) -> _Result:
        self.events.append(event)
        return self.result

    def spec(self, name_or_arn: str) -> Any:
        raise AssertionError("not used")


class _FlakyPoller(Poller):
    """Its run fails `failures` times (the endpoint hiccuped), then ends."""

    def __init__(self, failures: int) -> None:
        super().__init__(mapping(), _Runtime(_Result()), "http://unused", time.time)
        self.failures = failures
        self.runs = 0

    def run(self, index: int) -> None:
        self.runs += 1
        if self.runs <= self.failures:
            raise ConnectionError("endpoint down")


def test_a_failing_run_is_restarted_until_it_ends() -> None:
    poller = _FlakyPoller(failures=2)
    poller._guarded(0)  # backs off 0.05 s, then 0.1 s
    assert poller.runs == 3


def test_a_stopped_poller_is_not_restarted() -> None:
    poller = _FlakyPoller(failures=5)
    poller.request_stop()
    poller._guarded(0)
    assert poller.runs == 0


def test_a_partial_failure_is_read_and_counted() -> None:
    records = [stream_record(1), stream_record(2)]
    payload = {"batchItemFailures": [{"itemIdentifier": "2"}]}
    runtime = _Runtime(_Result(payload=payload))
    poller = Poller(
        mapping(FunctionResponseTypes=["ReportBatchItemFailures"]), runtime, "http://x", time.time
    )
    _, result = poller._invoke(records)
    assert result.outcome is Outcome.PARTIAL
    assert result.failed_ids == frozenset({"2"})
    assert runtime.events == [{"Records": records}]
    counters = poller.counters
    assert (counters.invocations, counters.records_delivered, counters.partial_failures) == (
        1,
        2,
        1,
    )
    assert counters.function_errors == 0


def test_a_function_error_fails_the_batch_and_is_counted() -> None:
    poller = Poller(mapping(), _Runtime(_Result(function_error="Unhandled")), "http://x", time.time)
    _, result = poller._invoke([stream_record(1)])
    assert result.outcome is Outcome.FAILED
    assert poller.counters.function_errors == 1


def test_idle_means_every_thread_found_nothing_after_the_moment() -> None:
    poller = _FlakyPoller(failures=0)
    poller._mark(0, 10.0)
    poller._mark(1, None)  # busy
    assert not poller.idle_after(5.0)
    poller._mark(1, 12.0)
    assert poller.idle_after(10.0)
    assert not poller.idle_after(11.0)  # thread 0's empty poll began before the moment
    assert poller.quiet()  # nothing waits at a source the base knows of
