"""Pool.first_free: a call that started a container takes whichever is ready first, the new one
or a warm one that came free; a container no call waited for joins the idle ones, or its
failure is reported, never lost."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from emulation.lambda_runtime.containers import Pool
from emulation.lambda_runtime.semantics import FunctionSpec


class Starting:
    """A container whose worker says ready (or fails) when the test says so."""

    def __init__(self) -> None:
        self.first_invocation = True
        self.outcome: dict[str, Any] | BaseException | None = None
        self.abandoned = False
        self.init_ms = 0.0
        self.killed = False
        self._say = threading.Event()
        self._frame: dict[str, Any] | BaseException = {"type": "ready"}

    def say(self, frame: dict[str, Any] | BaseException) -> None:
        self._frame = frame
        self._say.set()

    def wait_ready(self, deadline: float) -> dict[str, Any]:
        self._say.wait(5)
        if isinstance(self._frame, BaseException):
            raise self._frame
        return self._frame

    def kill(self) -> None:
        self.killed = True


class Warm:
    first_invocation = False


def started_pool() -> Pool:
    spec = FunctionSpec(name="api", arn="arn:api", handler="app.handler", code_dir=Path("/code"))
    pool = Pool(spec, {})
    assert pool.acquire() == (None, False)  # permission to start the first container
    return pool


def run_first_free(
    pool: Pool, fresh: Starting, failures: list[Any]
) -> tuple[threading.Thread, list[Any]]:
    got: list[Any] = []

    def call() -> None:
        got.append(
            pool.first_free(fresh, 0.0, lambda worker, outcome: failures.append(outcome))  # type: ignore[arg-type]
        )

    thread = threading.Thread(target=call)
    thread.start()
    return thread, got


def test_a_warm_container_that_frees_first_serves_the_call_and_the_new_one_joins_the_idle() -> None:
    pool, fresh, warm = started_pool(), Starting(), Warm()
    pool.size = 2  # the warm one, busy, and the one starting
    thread, got = run_first_free(pool, fresh, [])
    thread.join(0.2)
    assert thread.is_alive()  # neither is free yet

    pool.release(warm)  # type: ignore[arg-type]
    thread.join(5)
    assert got == [warm] and fresh.abandoned

    fresh.say({"type": "ready"})
    for _ in range(100):
        if pool.idle:
            break
        threading.Event().wait(0.02)
    idle: list[object] = list(pool.idle)
    assert idle == [fresh] and pool.starting == 0 and pool.size == 2
    taken: tuple[object, bool] = pool.acquire()
    assert taken == (fresh, False)  # its first call is still the cold start


def test_the_new_container_serves_the_call_when_it_is_ready_first() -> None:
    pool, fresh = started_pool(), Starting()
    thread, got = run_first_free(pool, fresh, [])
    fresh.say({"type": "ready"})
    thread.join(5)
    assert got == [fresh] and not fresh.abandoned and pool.starting == 0
    assert fresh.outcome == {"type": "ready"} and not pool.idle


def test_an_abandoned_container_that_fails_to_start_is_reported_and_discarded() -> None:
    pool, fresh, warm = started_pool(), Starting(), Warm()
    failures: list[Any] = []
    pool.size = 2
    thread, got = run_first_free(pool, fresh, failures)
    pool.release(warm)  # type: ignore[arg-type]
    thread.join(5)
    assert got == [warm]

    pool.all.add(fresh)  # type: ignore[arg-type]
    died = RuntimeError("worker exited during init")
    fresh.say(died)
    for _ in range(100):
        if failures:
            break
        threading.Event().wait(0.02)
    threading.Event().wait(0.05)
    assert failures == [died] and fresh.killed
    assert pool.size == 1 and not pool.all and not pool.idle and pool.starting == 0


class Idle:
    """A ready container the test releases into the pool and may see retired."""

    first_invocation = False

    def __init__(self) -> None:
        self.killed = False

    def kill(self) -> None:
        self.killed = True


def test_containers_idle_past_the_bound_retire_longest_idle_first_and_free_their_slots() -> None:
    pool = started_pool()
    old, recent = Idle(), Idle()
    pool.size = 2
    pool.all.update({old, recent})  # type: ignore[arg-type]
    pool.release(old)  # type: ignore[arg-type]
    pool.release(recent)  # type: ignore[arg-type]
    old.idle_since, recent.idle_since = 100.0, 150.0  # type: ignore[attr-defined]

    assert pool.retire_idle(now=159.0, idle_s=60.0) == 0  # neither idle for 60 s yet
    assert pool.retire_idle(now=160.0, idle_s=60.0) == 1
    assert old.killed and not recent.killed
    assert list(pool.idle) == [recent] and pool.all == {recent} and pool.size == 1
    assert pool.stats["retired_idle"] == 1
    assert pool.acquire() == (recent, True)  # the warm one still serves the next call


def test_a_busy_container_never_retires() -> None:
    pool = started_pool()
    busy = Idle()
    pool.all.add(busy)  # type: ignore[arg-type]
    assert pool.retire_idle(now=1e9, idle_s=1.0) == 0
    assert not busy.killed and pool.size == 1
