"""The scraper's shared host gate on an injected clock: fractional lease times, spacing counted
from the end of each reply, and the Crawl-delay a robots.txt announces carried by its lease."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compute.adapters.politeness import (
    ARRIVAL_MARGIN_S,
    DEFAULT_HOST_DELAY_S,
    GatedFetcher,
    HostBusy,
    SharedHostGate,
    announced_crawl_delay,
    lease_name,
)


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds > 0
        self.now += seconds


class Leases:
    """The lease table's semantics in memory: free once `freeAt` has passed."""

    def __init__(self) -> None:
        self.free: dict[str, float] = {}
        self.owner: dict[str, str] = {}
        self.taken: list[tuple[str, str, float]] = []

    def take(self, name: str, owner: str, now: float, hold_s: float) -> None:
        if self.free.get(name, 0.0) > now:
            raise HostBusy(name, self.free[name])
        self.free[name] = now + hold_s
        self.owner[name] = owner
        self.taken.append((name, owner, now))

    def free_at(self, name: str, owner: str, at: float) -> None:
        if self.owner.get(name) == owner:
            self.free[name] = at


def gate(clock: Clock, leases: Leases, owner: str = "me") -> SharedHostGate:
    return SharedHostGate(leases, owner, clock=clock, sleep=clock.sleep)


@pytest.mark.parametrize("delay", [None, 1.0, 2.0, 5.0])
def test_the_next_request_starts_the_delay_after_the_previous_reply_and_no_later(
    delay: float | None,
) -> None:
    clock = Clock(1000.3)
    leases = Leases()
    g = gate(clock, leases)
    ends: list[float] = []
    for _ in range(5):
        g.wait_turn("a.test", delay)
        clock.now += 0.37  # the request runs
        ends.append(clock.now)
        g.finished("a.test", delay)
    starts = [t for _, _, t in leases.taken]
    spacing = max(DEFAULT_HOST_DELAY_S, delay or 0) + ARRIVAL_MARGIN_S
    gaps = [start - end for end, start in zip(ends, starts[1:], strict=False)]
    assert all(gap >= spacing for gap in gaps)
    # Fractional: not rounded up to the next whole second.
    assert all(gap == pytest.approx(spacing, abs=1e-9) for gap in gaps)


def test_different_hosts_do_not_wait_for_each_other() -> None:
    clock = Clock(50.0)
    g = gate(clock, Leases())
    for host in ("a.test", "b.test", "c.test"):
        g.wait_turn(host)
    assert clock.now == 50.0 and g.waits == 0


def test_a_host_is_held_while_its_request_runs_even_by_another_task() -> None:
    clock = Clock(100.2)
    leases = Leases()
    first, second = gate(clock, leases, "task-1"), gate(clock, leases, "task-2")
    first.wait_turn("a.test")
    clock.now += 7.0  # a slow reply: nobody may start while it runs
    ended = clock.now
    first.finished("a.test")
    second.wait_turn("a.test")
    assert clock.now - ended >= DEFAULT_HOST_DELAY_S + ARRIVAL_MARGIN_S
    assert [owner for _, owner, _ in leases.taken] == ["task-1", "task-2"]


def test_a_lease_whose_release_was_lost_frees_the_host_after_the_hold() -> None:
    clock = Clock(10.0)
    leases = Leases()
    gate(clock, leases, "dead-task").wait_turn("a.test")  # never finishes
    g = gate(clock, leases, "live-task")
    g.wait_turn("a.test")
    assert clock.now >= 40.0 and g.waits > 1


def test_waiting_too_long_is_an_error() -> None:
    clock = Clock(0.0)
    leases = Leases()
    leases.take(lease_name("a.test"), "other", 0.0, 10_000.0)
    g = SharedHostGate(leases, "me", clock=clock, sleep=clock.sleep, max_wait_s=5.0)
    with pytest.raises(TimeoutError):
        g.wait_turn("a.test")


@settings(max_examples=100, deadline=None)
@given(
    plan=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=2),  # which task
            st.floats(min_value=0.0, max_value=3.0),  # how long the request runs
            st.floats(min_value=0.0, max_value=2.0),  # idle time before the task asks
        ),
        min_size=2,
        max_size=12,
    ),
    delay=st.one_of(st.none(), st.floats(min_value=0.5, max_value=4.0)),
)
def test_any_sequence_of_tasks_keeps_every_gap_at_least_the_spacing(
    plan: list[tuple[int, float, float]], delay: float | None
) -> None:
    clock = Clock(1_800_000_000.123)
    leases = Leases()
    gates = [gate(clock, leases, f"task-{n}") for n in range(3)]
    spans: list[tuple[float, float]] = []
    for task, runs, idle in plan:
        clock.now += idle
        gates[task].wait_turn("a.test", delay)
        started = clock.now
        clock.now += runs
        spans.append((started, clock.now))
        gates[task].finished("a.test", delay)
    spacing = max(DEFAULT_HOST_DELAY_S, delay or 0.0) + ARRIVAL_MARGIN_S
    for (_, previous_end), (start, _) in itertools.pairwise(spans):
        assert start - previous_end >= spacing - 1e-6  # float epoch resolution


def test_lease_names_fit_the_lock_item() -> None:
    assert lease_name("Studio-1.test:8080") == "host:studio-1.test:8080"
    long = lease_name("x" * 300 + ".test")
    assert long.startswith("host:sha256:") and len(long) <= 128


def test_announced_crawl_delay_reads_our_group() -> None:
    body = b"User-agent: *\nCrawl-delay: 3\nDisallow: /staff/\n"
    assert announced_crawl_delay(body) == 3.0
    assert announced_crawl_delay(b"User-agent: *\nDisallow:\n") == 0.0


def test_the_robots_txt_lease_carries_the_crawl_delay_it_announced(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = Clock(500.0)
    leases = Leases()
    freed: list[float] = []
    original = leases.free_at

    def free_at(name: str, owner: str, at: float) -> None:
        freed.append(at - clock.now)
        original(name, owner, at)

    leases.free_at = free_at  # type: ignore[method-assign]
    fetcher = GatedFetcher(gate(clock, leases), clock=clock, sleep=clock.sleep)
    replies: dict[str, Any] = {
        "http://a.test/robots.txt": (200, {}, b"User-agent: *\nCrawl-delay: 4\n"),
        "http://a.test/": (200, {"content-type": "text/html"}, b"<html><p>hi</p></html>"),
    }

    def upstream(self: Any, url: str, limit: int) -> tuple[int, dict[str, str], bytes]:
        return replies[url]  # type: ignore[no-any-return]

    # The network call under the gate answers from the table above.
    monkeypatch.setattr("compute.adapters.web.WebFetcher._get", upstream)
    fetcher.fetch("http://a.test/")
    # robots.txt and the page: both leases freed the Crawl-delay (plus margin) after the reply.
    assert freed == [pytest.approx(4.0 + ARRIVAL_MARGIN_S)] * 2
