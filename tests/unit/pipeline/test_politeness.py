from __future__ import annotations

import itertools

import pytest

from compute.adapters.locks import LockHeld
from compute.scraper.politeness import ARRIVAL_MARGIN_S, SharedHostGate, lease_name


class Locks:
    """A lease table on a fake clock: held until `expires_at` (whole seconds, inclusive)."""

    def __init__(self, clock: list[float]) -> None:
        self.clock = clock
        self.expiry: dict[str, int] = {}
        self.acquired: list[tuple[str, float]] = []

    def acquire(self, name: str, owner: str, ttl_s: float) -> object:
        now = int(self.clock[0])
        held = self.expiry.get(name)
        if held is not None and not held < now:
            raise LockHeld(name, held)
        self.expiry[name] = now + int(ttl_s) + 1
        self.acquired.append((name, self.clock[0]))
        return object()


def gate(clock: list[float], locks: Locks) -> SharedHostGate:
    def sleep(seconds: float) -> None:
        clock[0] += seconds

    return SharedHostGate(locks, "me", clock=lambda: clock[0], sleep=sleep)  # type: ignore[arg-type]


@pytest.mark.parametrize("delay", [None, 1.0, 2.0, 5.0])
def test_requests_to_one_host_are_spaced_by_at_least_the_delay_plus_margin(
    delay: float | None,
) -> None:
    clock = [1000.3]
    locks = Locks(clock)
    g = gate(clock, locks)
    for _ in range(5):
        g.wait_turn("a.test", delay)
    times = [t for _, t in locks.acquired]
    spacing = max(2.0, delay or 0) + ARRIVAL_MARGIN_S
    assert all(b - a >= spacing for a, b in itertools.pairwise(times))


def test_different_hosts_do_not_wait_for_each_other() -> None:
    clock = [50.0]
    locks = Locks(clock)
    g = gate(clock, locks)
    for host in ("a.test", "b.test", "c.test"):
        g.wait_turn(host)
    assert clock[0] == 50.0 and g.waits == 0


def test_lease_names_fit_the_lock_item() -> None:
    assert lease_name("Studio-1.test:8080") == "host:studio-1.test:8080"
    long = lease_name("x" * 300 + ".test")
    assert long.startswith("host:sha256:") and len(long) <= 128


def test_a_host_is_held_while_its_request_runs_and_freed_a_delay_after_it_ends() -> None:
    clock = [100.2]
    locks = Locks(clock)

    class Client:
        def update_item(self, **request: object) -> None:
            values = request["ExpressionAttributeValues"]
            locks.expiry["host:a.test"] = int(values[":expires"]["N"])  # type: ignore[index]

    def sleep(seconds: float) -> None:
        clock[0] += seconds

    g = SharedHostGate(
        locks,  # type: ignore[arg-type]
        "me",
        client=Client(),
        table_name="t",
        clock=lambda: clock[0],
        sleep=sleep,
    )
    g.wait_turn("a.test")
    clock[0] += 7.0  # a slow reply: nobody may start while it runs
    ended = clock[0]
    g.finished("a.test")
    g.wait_turn("a.test")
    assert clock[0] - ended >= 2.0 + ARRIVAL_MARGIN_S
