"""The Places breaker shared through the table, on a moto server with the world's Places API:
a burst opens it, one probe at a time half-opens it, the probe's success closes it for every
container; concurrent callers agree on one opening and one probe."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import boto3
import pytest
from aws_lambda_powertools import Metrics

from compute.adapters.circuit import CircuitBreaker, CircuitOpen
from compute.adapters.places import Place, PlacesClient, PlacesUnavailable
from emulation.world import World

pytestmark = pytest.mark.integration

START = 1_800_000_000.0  # 2027-01-15T08:00:00Z
QUERY = "tattoo shop in Leeds"


class Clock:
    """Time as the breakers and the clients' sleeps see it: sleeping moves it on."""

    def __init__(self) -> None:
        self.now = START
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture(autouse=True, scope="module")
def atomic_conditional_writes() -> None:
    """DynamoDB applies a conditional write atomically; plain moto checks, then writes, without
    a lock (racing writers can both win). The local cloud's patch restores DynamoDB's rule."""
    from emulation.moto_patches import install_fast_moto_transactions

    install_fast_moto_transactions()


@pytest.fixture
def metrics() -> Metrics:
    metrics = Metrics(namespace="TattooDirectory", service="places-breaker-test")
    metrics.clear_metrics()
    return metrics


def emitted(metrics: Metrics) -> dict[str, float]:
    return {name: sum(entry["Value"]) for name, entry in metrics.metric_set.items()}


def container(
    world: World, table: str, clock: Clock, metrics: Metrics | None = None, **options: Any
) -> tuple[CircuitBreaker, PlacesClient]:
    """What one Lambda container builds: its own DynamoDB client, breaker and Places client."""
    assert world.endpoints is not None
    breaker = CircuitBreaker(
        boto3.client("dynamodb"),
        table,
        urlsplit(world.endpoints.places_url).netloc,
        failure_threshold=3,
        cool_down_s=30,
        metrics=metrics,
        clock=clock,
    )
    places = PlacesClient(
        world.endpoints.api_key,
        world.endpoints.places_url,
        breaker=breaker,
        sleep=clock.sleep,
        **options,
    )
    return breaker, places


def test_a_burst_opens_it_a_probe_half_opens_it_and_its_success_closes_it(
    world: World, table: str, metrics: Metrics
) -> None:
    clock = Clock()
    first, first_places = container(world, table, clock, metrics)
    _, second_places = container(world, table, clock, metrics)
    before = world.places_requests
    # Two 429s (waited out, not counted), then three 500s: the third opens the breaker.
    world.set_fault("places_429", count=2, retry_after=1)
    world.set_fault("places_500", count=4)
    try:
        with pytest.raises(CircuitOpen) as opened:
            list(first_places.search_text(QUERY))
        assert isinstance(opened.value.__cause__, PlacesUnavailable)
        assert clock.sleeps[:2] == [1.0, 1.0]
        assert first.state()["state"] == "open"
        assert world.places_requests - before == 5
        assert emitted(metrics) == {"CircuitOpened": 1.0}

        # Another container waits out the cool-down, probes (the fourth 500: re-opened),
        # waits again, and its second probe closes the breaker.
        clock.sleeps.clear()
        places = list(second_places.search_text(QUERY, max_results=3))
    finally:
        world.clear_fault("places_429")
        world.clear_fault("places_500")
    assert len(places) == 3
    # Each wait lasts until the stored retryAt (millisecond precision).
    assert clock.sleeps == [pytest.approx(30.0, abs=0.001)] * 2
    assert world.places_requests - before == 7  # nothing reached the API while it was open
    assert first.state()["state"] == "closed"
    assert first.state()["failureCount"] == 0
    assert emitted(metrics) == {"CircuitOpened": 2.0, "CircuitClosed": 1.0}


def test_while_the_probe_is_in_flight_every_other_container_waits(
    world: World, table: str, metrics: Metrics
) -> None:
    clock = Clock()
    prober, _ = container(world, table, clock, metrics)
    other, other_places = container(world, table, clock, max_attempts=1)
    for _ in range(3):
        prober.record_failure(prober.allow())
    clock.now += 30
    assert world.endpoints is not None
    plain = PlacesClient(world.endpoints.api_key, world.endpoints.places_url)
    seen: list[str] = []

    def probe() -> list[Place]:
        seen.append(other.state()["state"])
        before = world.places_requests
        with pytest.raises(CircuitOpen) as waiting:
            list(other_places.search_text(QUERY))
        assert waiting.value.retry_at is None  # "a probe is in flight"
        assert world.places_requests == before
        return list(plain.search_text(QUERY, max_results=2))

    assert len(prober.call(probe, lambda error: isinstance(error, PlacesUnavailable))) == 2
    assert seen == ["half_open"]
    assert other.state()["state"] == "closed"
    assert emitted(metrics) == {"CircuitOpened": 1.0, "CircuitClosed": 1.0}


def _together(callers: int, action: Callable[[int], Any]) -> list[Any]:
    """Run `action(i)` in `callers` threads released at the same moment; their results."""
    barrier = threading.Barrier(callers)
    results: list[Any] = [None] * callers

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = action(index)
        except Exception as error:  # the test inspects what each caller got
            results[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(callers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.parametrize("round_", range(3))
def test_concurrent_callers_open_it_once_and_agree_on_one_probe(
    world: World, table: str, metrics: Metrics, round_: int
) -> None:
    clock = Clock()
    callers = 6
    breakers = [container(world, table, clock, metrics)[0] for _ in range(callers)]
    permits = [breaker.allow() for breaker in breakers]  # all let through while closed
    outcomes = _together(callers, lambda i: breakers[i].record_failure(permits[i]))
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert breakers[0].state()["state"] == "open"
    assert emitted(metrics) == {"CircuitOpened": 1.0}
    assert len({o for o in outcomes if o is not None}) == 1  # everyone learns the same retryAt

    clock.now += 30
    allowed = _together(callers, lambda i: breakers[i].allow())
    probes = [p for p in allowed if not isinstance(p, Exception)]
    refused = [p for p in allowed if isinstance(p, CircuitOpen)]
    assert len(probes) == 1 and probes[0].probe, allowed
    assert len(refused) == callers - 1
    winner = allowed.index(probes[0])
    # Everyone else reporting a stray outcome cannot close or re-open it: only the probe can.
    breakers[winner].record_success(probes[0])
    assert breakers[0].state()["state"] == "closed"
    assert emitted(metrics) == {"CircuitOpened": 1.0, "CircuitClosed": 1.0}
