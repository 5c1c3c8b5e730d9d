"""The in-process circuit breaker (search's, in front of the API's searches): opens after N
consecutive failures, half-open after the cool-down, closes on a successful trial."""

from __future__ import annotations

import pytest

from compute.domain.breaker import Breaker, BreakerOpen


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Boom(Exception):
    pass


def failing() -> int:
    raise Boom


def ok() -> int:
    return 7


def is_failure(error: BaseException) -> bool:
    return isinstance(error, Boom)


def test_opens_after_consecutive_failures_and_fails_fast() -> None:
    clock = Clock()
    breaker = Breaker(clock=clock, failure_threshold=3, cooldown_s=10)
    for _ in range(3):
        with pytest.raises(Boom):
            breaker.call(failing, is_failure)
    assert breaker.state == "open"
    calls = []
    with pytest.raises(BreakerOpen) as caught:
        breaker.call(lambda: calls.append(1) or 1, is_failure)
    assert calls == []  # never reached the cluster
    assert caught.value.retry_after_s == 10
    clock.now += 4.2
    assert breaker.retry_after_s() == 6


def test_a_success_resets_the_count() -> None:
    breaker = Breaker(clock=Clock(), failure_threshold=2, cooldown_s=10)
    with pytest.raises(Boom):
        breaker.call(failing, is_failure)
    assert breaker.call(ok, is_failure) == 7
    with pytest.raises(Boom):
        breaker.call(failing, is_failure)
    assert breaker.state == "closed"


def test_half_open_trial_closes_on_success_and_reopens_on_failure() -> None:
    clock = Clock()
    breaker = Breaker(clock=clock, failure_threshold=1, cooldown_s=5)
    with pytest.raises(Boom):
        breaker.call(failing, is_failure)
    clock.now += 5
    assert breaker.state == "half_open"
    with pytest.raises(Boom):
        breaker.call(failing, is_failure)
    assert breaker.state == "open"  # the trial failed: a fresh cool-down
    clock.now += 5
    assert breaker.call(ok, is_failure) == 7
    assert breaker.state == "closed"


def test_errors_that_are_not_outages_do_not_count() -> None:
    breaker = Breaker(clock=Clock(), failure_threshold=1, cooldown_s=5)
    with pytest.raises(ValueError):
        breaker.call(lambda: int("x"), is_failure)
    assert breaker.state == "closed"
