"""The shared circuit breaker's state machine, on moto's in-process DynamoDB (its conditional
updates are the breaker's whole concurrency story) with a clock we move by hand.

closed -> open after the threshold; open -> half_open for exactly one probe after the
cool-down; the probe's success closes (CircuitClosed), its failure re-opens with a new
cool-down, a neutral outcome (429) hands it back until Retry-After."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from aws_lambda_powertools import Metrics
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from moto import mock_aws

from compute.adapters.circuit import CircuitBreaker, CircuitOpen, Permit
from tests.main_table import create_main_table

HOST = "places.googleapis.com"
TABLE = "breaker-unit"
START = 1_800_000_000.0  # 2027-01-15T08:00:00Z


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Boom(Exception):
    """A failure of the host."""


class Neutral(Exception):
    """An outcome that says nothing about the host's health (a 429)."""


@pytest.fixture
def dynamodb() -> Iterator[Any]:
    with mock_aws():
        client = boto3.client(
            "dynamodb",
            region_name="eu-west-2",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        create_main_table(client, TABLE)
        yield client


@pytest.fixture
def metrics() -> Iterator[Metrics]:
    metrics = Metrics(namespace="TattooDirectory", service="breaker-test")
    metrics.clear_metrics()
    yield metrics
    metrics.clear_metrics()


@pytest.fixture
def clock() -> Clock:
    return Clock()


def make(dynamodb: Any, clock: Clock, metrics: Metrics | None = None, **options: Any) -> Any:
    settings_: dict[str, Any] = {"failure_threshold": 3, "cool_down_s": 30.0, **options}
    return CircuitBreaker(dynamodb, TABLE, HOST, metrics=metrics, clock=clock, **settings_)


def counts(metrics: Metrics) -> dict[str, float]:
    return {name: sum(entry["Value"]) for name, entry in metrics.metric_set.items()}


def item(dynamodb: Any) -> dict[str, Any]:
    key = {"PK": {"S": f"CIRCUIT#{HOST}"}, "SK": {"S": "STATE"}}
    return dict(dynamodb.get_item(TableName=TABLE, Key=key, ConsistentRead=True).get("Item") or {})


def fail(breaker: CircuitBreaker, retry_after_s: float | None = None) -> str | None:
    return breaker.record_failure(breaker.allow(), retry_after_s)


def open_breaker(breaker: CircuitBreaker) -> str:
    for _ in range(breaker.failure_threshold - 1):
        assert fail(breaker) is None
    retry_at = fail(breaker)
    assert retry_at is not None
    return retry_at


def test_failures_below_the_threshold_keep_it_closed_and_a_success_resets_them(
    dynamodb: Any, clock: Clock, metrics: Metrics
) -> None:
    breaker = make(dynamodb, clock, metrics)
    assert fail(breaker) is None
    assert fail(breaker) is None
    assert breaker.state() == {
        "state": "closed",
        "failureCount": 2,
        "updatedAt": "2027-01-15T08:00:00.000Z",
    }
    permit = breaker.allow()
    assert permit == Permit(probe=False, failures_seen=2)
    breaker.record_success(permit)
    assert breaker.state()["failureCount"] == 0
    # Two more failures do not open it: only consecutive failures count.
    assert fail(breaker) is None
    assert fail(breaker) is None
    assert breaker.state()["state"] == "closed"
    assert counts(metrics) == {}


def test_a_success_with_no_failures_behind_it_writes_nothing(dynamodb: Any, clock: Clock) -> None:
    breaker = make(dynamodb, clock)
    breaker.record_success(breaker.allow())
    assert item(dynamodb) == {}


def test_the_threshold_opens_it_once_for_the_cool_down(
    dynamodb: Any, clock: Clock, metrics: Metrics
) -> None:
    breaker = make(dynamodb, clock, metrics)
    retry_at = open_breaker(breaker)
    assert retry_at == "2027-01-15T08:00:30.000Z"
    stored = item(dynamodb)
    assert stored["state"]["S"] == "open"
    assert stored["retryAt"]["S"] == retry_at
    assert stored["openedAt"]["S"] == "2027-01-15T08:00:00.000Z"
    assert counts(metrics) == {"CircuitOpened": 1.0}
    clock.advance(12)
    with pytest.raises(CircuitOpen) as refused:
        breaker.allow()
    assert refused.value.retry_at == retry_at
    assert refused.value.wait_s == pytest.approx(18.0)


def test_a_late_failure_while_open_counts_for_nothing(
    dynamodb: Any, clock: Clock, metrics: Metrics
) -> None:
    breaker = make(dynamodb, clock, metrics)
    admitted = breaker.allow()  # let through while closed, answers after the breaker opened
    retry_at = open_breaker(breaker)
    clock.advance(5)
    assert breaker.record_failure(admitted) == retry_at
    stored = item(dynamodb)
    assert stored["failureCount"]["N"] == "3"
    assert stored["retryAt"]["S"] == retry_at
    assert counts(metrics) == {"CircuitOpened": 1.0}


def test_after_the_cool_down_exactly_one_caller_probes(dynamodb: Any, clock: Clock) -> None:
    first, second = make(dynamodb, clock), make(dynamodb, clock)
    open_breaker(first)
    clock.advance(30)
    probe = second.allow()
    assert probe.probe and probe.lease == "2027-01-15T08:00:30.000Z"
    assert item(dynamodb)["state"]["S"] == "half_open"
    with pytest.raises(CircuitOpen) as waiting:
        first.allow()
    assert waiting.value.retry_at is None and waiting.value.wait_s is None


def test_the_probes_success_closes_it_for_everyone(
    dynamodb: Any, clock: Clock, metrics: Metrics
) -> None:
    breaker, other = make(dynamodb, clock, metrics), make(dynamodb, clock)
    open_breaker(breaker)
    clock.advance(31)
    breaker.record_success(breaker.allow())
    stored = item(dynamodb)
    assert stored["state"]["S"] == "closed"
    assert stored["failureCount"]["N"] == "0"
    assert "retryAt" not in stored and "openedAt" not in stored
    assert other.allow() == Permit(probe=False, failures_seen=0)
    assert counts(metrics) == {"CircuitOpened": 1.0, "CircuitClosed": 1.0}


def test_the_probes_failure_reopens_it_with_a_new_cool_down(
    dynamodb: Any, clock: Clock, metrics: Metrics
) -> None:
    breaker = make(dynamodb, clock, metrics)
    open_breaker(breaker)
    clock.advance(30)
    retry_at = fail(breaker)
    assert retry_at == "2027-01-15T08:01:00.000Z"
    assert item(dynamodb)["state"]["S"] == "open"
    clock.advance(29)
    with pytest.raises(CircuitOpen):
        breaker.allow()
    clock.advance(1)
    breaker.record_success(breaker.allow())
    assert breaker.state()["state"] == "closed"
    assert counts(metrics) == {"CircuitOpened": 2.0, "CircuitClosed": 1.0}


def test_a_retry_after_longer_than_the_cool_down_is_honoured(dynamodb: Any, clock: Clock) -> None:
    breaker = make(dynamodb, clock)
    fail(breaker)
    fail(breaker)
    assert fail(breaker, retry_after_s=90) == "2027-01-15T08:01:30.000Z"
    clock.advance(60)
    with pytest.raises(CircuitOpen) as refused:
        breaker.allow()
    assert refused.value.wait_s == pytest.approx(30.0)


def test_a_neutral_probe_hands_it_back_until_retry_after_without_metrics(
    dynamodb: Any, clock: Clock, metrics: Metrics
) -> None:
    breaker = make(dynamodb, clock, metrics)
    open_breaker(breaker)
    clock.advance(30)
    breaker.release(breaker.allow(), retry_after_s=2)
    stored = item(dynamodb)
    assert stored["state"]["S"] == "open"
    assert stored["retryAt"]["S"] == "2027-01-15T08:00:32.000Z"
    assert stored["failureCount"]["N"] == "3"
    clock.advance(2)
    assert breaker.allow().probe
    assert counts(metrics) == {"CircuitOpened": 1.0}


def test_a_stale_probe_is_taken_over_and_its_late_failure_is_ignored(
    dynamodb: Any, clock: Clock, metrics: Metrics
) -> None:
    gone, later = make(dynamodb, clock, metrics), make(dynamodb, clock, metrics, probe_timeout_s=10)
    open_breaker(gone)
    clock.advance(30)
    stale = gone.allow()
    clock.advance(9)
    with pytest.raises(CircuitOpen):
        later.allow()
    clock.advance(1)
    taken = later.allow()
    assert taken.probe and taken.lease != stale.lease
    # The first probe's caller wakes up and fails: it no longer holds the probe.
    gone.record_failure(stale)
    assert item(dynamodb)["state"]["S"] == "half_open"
    later.record_success(taken)
    assert item(dynamodb)["state"]["S"] == "closed"
    assert counts(metrics) == {"CircuitOpened": 1.0, "CircuitClosed": 1.0}


def test_call_reports_an_opening_failure_as_circuit_open_from_it(
    dynamodb: Any, clock: Clock
) -> None:
    breaker = make(dynamodb, clock, failure_threshold=1)

    def boom() -> int:
        raise Boom

    with pytest.raises(CircuitOpen) as opened:
        breaker.call(boom, lambda error: isinstance(error, Boom))
    assert isinstance(opened.value.__cause__, Boom)
    assert opened.value.wait_s == pytest.approx(30.0)


def test_call_releases_a_probe_that_ended_neutral(dynamodb: Any, clock: Clock) -> None:
    breaker = make(dynamodb, clock, failure_threshold=1)
    open_breaker(breaker)
    clock.advance(30)

    def throttled() -> int:
        raise Neutral

    with pytest.raises(Neutral):
        breaker.call(throttled, lambda error: isinstance(error, Boom), lambda error: 5.0)
    assert breaker.state()["state"] == "open"
    assert breaker.state()["retryAt"] == "2027-01-15T08:00:35.000Z"
    clock.advance(5)
    assert breaker.call(lambda: 7, lambda error: True) == 7
    assert breaker.state()["state"] == "closed"


def test_settings_are_checked() -> None:
    with pytest.raises(ValueError, match="failure_threshold"):
        CircuitBreaker(None, TABLE, HOST, failure_threshold=0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="cool_down_s"):
        CircuitBreaker(None, TABLE, HOST, cool_down_s=0)  # type: ignore[arg-type]


# -- the breaker against a reference model, over random sequences of outcomes and time ---------

Step = tuple[str, float]  # ("ok" | "fail" | "neutral", retry_after) or ("wait", seconds)

steps = st.lists(
    st.one_of(
        st.tuples(st.sampled_from(["ok", "fail", "neutral"]), st.sampled_from([0.0, 2.0, 45.0])),
        st.tuples(st.just("wait"), st.sampled_from([1.0, 10.0, 30.0, 60.0])),
    ),
    max_size=30,
)


class Model:
    """The breaker as a pure state machine: one caller, so every probe completes."""

    def __init__(self, threshold: int, cool_down: float) -> None:
        self.threshold, self.cool_down = threshold, cool_down
        self.state, self.failures, self.retry_at = "closed", 0, 0.0
        self.opened = self.closed = 0

    def allows(self, now: float) -> bool:
        return self.state == "closed" or now >= self.retry_at

    def outcome(self, kind: str, retry_after: float, now: float) -> None:
        probe = self.state != "closed"
        if kind == "ok":
            self.failures = 0
            if probe:
                self.state, self.closed = "closed", self.closed + 1
        elif kind == "fail":
            self.failures += 1
            if probe or self.failures >= self.threshold:
                self.state, self.opened = "open", self.opened + 1
                self.retry_at = now + max(self.cool_down, retry_after)
        elif probe:  # neutral: the probe is handed back until Retry-After
            self.retry_at = now + retry_after


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=steps)
def test_the_breaker_follows_the_model(dynamodb: Any, metrics: Metrics, steps: list[Step]) -> None:
    dynamodb.delete_item(
        TableName=TABLE, Key={"PK": {"S": f"CIRCUIT#{HOST}"}, "SK": {"S": "STATE"}}
    )
    metrics.clear_metrics()
    clock = Clock()
    breaker = make(dynamodb, clock, metrics)
    model = Model(breaker.failure_threshold, breaker.cool_down_s)
    for kind, value in steps:
        if kind == "wait":
            clock.advance(value)
            continue
        if not model.allows(clock.now):
            with pytest.raises(CircuitOpen):
                breaker.allow()
            continue
        permit = breaker.allow()
        assert permit.probe == (model.state != "closed")
        if kind == "ok":
            breaker.record_success(permit)
        elif kind == "fail":
            breaker.record_failure(permit, value)
        else:
            breaker.release(permit, value)
        model.outcome(kind, value, clock.now)
        assert breaker.state()["state"] == model.state
    assert counts(metrics).get("CircuitOpened", 0) == model.opened
    assert counts(metrics).get("CircuitClosed", 0) == model.closed


@pytest.mark.parametrize(
    "fraction", [0.0, 0.4221165755827173, 0.3033685109329176, 0.1596255246938475]
)
def test_waiting_out_the_wait_it_names_is_enough(
    dynamodb: Any, clock: Clock, fraction: float
) -> None:
    # retryAt is stored to the millisecond and the clock is a float: a caller that sleeps
    # exactly the wait it was given must be let through, not told to wait a microsecond more.
    clock.advance(fraction)
    breaker = make(dynamodb, clock)
    open_breaker(breaker)
    clock.advance(1.0)
    with pytest.raises(CircuitOpen) as waiting:
        breaker.allow()
    assert waiting.value.wait_s is not None
    clock.advance(waiting.value.wait_s)
    assert breaker.allow().probe
