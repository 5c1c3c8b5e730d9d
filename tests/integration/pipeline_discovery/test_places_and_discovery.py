"""The Places client and discover-studios against the world's Places API and a moto table."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import boto3
import pytest

from compute import contracts
from compute.adapters.circuit import CircuitBreaker, CircuitOpen
from compute.adapters.places import (
    PlacesClient,
    PlacesQuotaExceeded,
    PlacesRequestRejected,
    PlacesUnavailable,
)
from compute.adapters.studio_store import DynamoStudioStore, StudioWriteReport
from compute.services.discover_studios import discover_studios
from emulation.world import World

pytestmark = pytest.mark.integration


def _client(world: World, **options: object) -> PlacesClient:
    assert world.endpoints is not None
    sleeps: list[float] = []
    client = PlacesClient(
        world.endpoints.api_key,
        world.endpoints.places_url,
        sleep=sleeps.append,
        **options,  # type: ignore[arg-type]
    )
    client.sleeps = sleeps  # type: ignore[attr-defined]
    return client


def test_paging_returns_every_match_once(world: World) -> None:
    places = list(_client(world).search_text("tattoo studio in Leeds"))
    expected = [s.place_id for s in world.city.studios if "studio" in s.query_words]
    assert [p.place_id for p in places] == expected
    assert len(expected) > 20, "the query must span several pages"
    assert places[0].name and places[0].latitude is not None


def test_a_wrong_key_is_refused_without_retries(world: World) -> None:
    assert world.endpoints is not None
    client = PlacesClient("wrong", world.endpoints.places_url, sleep=lambda s: None)
    with pytest.raises(PlacesRequestRejected):
        list(client.search_text("tattoo shop in Leeds"))
    assert client.requests == 1


def test_quota_429_waits_as_long_as_retry_after_says(world: World) -> None:
    world.set_fault("places_429", count=2, retry_after=3)
    client = _client(world)
    places = list(client.search_text("tattoo parlour in Leeds", max_results=5))
    assert len(places) == 5
    assert client.sleeps == [3.0, 3.0]  # type: ignore[attr-defined]
    world.clear_fault("places_429")


def test_a_retry_after_longer_than_the_client_may_wait_is_left_to_the_caller(
    world: World,
) -> None:
    world.set_fault("places_429", count=1, retry_after=120)
    try:
        client = _client(world, max_wait_s=30)
        with pytest.raises(PlacesQuotaExceeded) as throttled:
            list(client.search_text("tattoo parlour in Leeds", max_results=5))
    finally:
        world.clear_fault("places_429")
    assert throttled.value.retry_after == 120
    # No early call: the state machine's Retry comes back later.
    assert client.requests == 1
    assert client.sleeps == []  # type: ignore[attr-defined]


def test_the_breaker_opens_shares_its_state_and_closes(world: World, table: str) -> None:
    assert world.endpoints is not None
    dynamodb = boto3.client("dynamodb")
    now = [1_000_000.0]
    host = urlsplit(world.endpoints.places_url).netloc

    def breaker() -> CircuitBreaker:
        return CircuitBreaker(
            dynamodb, table, host, failure_threshold=3, cool_down_s=30, clock=lambda: now[0]
        )

    class Sink:
        names: list[str] = []

        def add_metric(self, name: str, unit: object, value: float) -> None:
            self.names.append(name)

    sink = Sink()
    first = breaker()
    first._metrics = sink
    world.set_fault("places_500", count=3)
    # The third 500 opens the breaker: the caller learns it, with the failure as the cause.
    with pytest.raises(CircuitOpen) as opened:
        list(_client(world, breaker=first, max_attempts=3).search_text("tattoo shop in Leeds"))
    assert isinstance(opened.value.__cause__, PlacesUnavailable)
    assert opened.value.wait_s == 30
    item = dynamodb.get_item(
        TableName=table, Key={"PK": {"S": f"CIRCUIT#{host}"}, "SK": {"S": "STATE"}}
    )["Item"]
    assert item["state"]["S"] == "open"
    contracts.validate(
        "circuit-item",
        {k: next(iter(v.values())) if "N" not in v else int(v["N"]) for k, v in item.items()},
    )
    # Another container sees the open breaker without calling the API, and waits it out
    # (its clock stands still here, so it gives up after its attempts).
    other = _client(world, breaker=breaker())
    before = world.places_requests
    with pytest.raises(CircuitOpen):
        list(other.search_text("tattoo shop in Leeds"))
    assert world.places_requests == before
    assert other.sleeps == [30.0] * 4  # type: ignore[attr-defined]
    # After the cool-down one probe goes through and closes it for everyone.
    now[0] += 31
    assert (
        len(list(_client(world, breaker=first).search_text("tattoo shop in Leeds", max_results=3)))
        == 3
    )
    assert breaker().state()["state"] == "closed"
    assert sink.names == ["CircuitOpened", "CircuitClosed"]


def test_discovery_dedups_skips_closed_and_writes_studios(world: World, table: str) -> None:
    dynamodb = boto3.client("dynamodb")
    queries = ["tattoo studio", "tattoo shop", "tattoo parlour", "tattoo artist"]
    found = discover_studios(
        "run-1", ["Leeds"], queries, places=_client(world), store=DynamoStudioStore(dynamodb, table)
    )
    output = found.to_output()
    contracts.validate("discover-studios-output", output)
    studios = world.city.studios
    closed = sum(s.business_status == "CLOSED_PERMANENTLY" for s in studios)
    no_site = sum(
        s.website_uri is None and s.business_status != "CLOSED_PERMANENTLY" for s in studios
    )
    listed = sum(
        sum(w in s.query_words for w in ("studio", "shop", "parlour", "artist")) for s in studios
    )
    assert output["skipped"] == {
        "closed": closed,
        "noWebsite": no_site,
        "duplicate": listed - len(studios),
    }
    assert output["studioCount"] == len(studios) - closed - no_site
    assert len({s["studioId"] for s in output["studios"]}) == output["studioCount"]
    assert found.written.created == len(studios) - closed
    # A second run writes nothing new: unchanged studios are not rewritten.
    again = discover_studios(
        "run-2", ["Leeds"], queries, places=_client(world), store=DynamoStudioStore(dynamodb, table)
    )
    assert (again.written.created, again.written.updated) == (0, 0)
    assert again.written.unchanged == len(studios) - closed


class _CountingStore:
    """The studio-store port, counting only: the payload size is what this test measures."""

    def write(self, items: list[dict]) -> StudioWriteReport:  # type: ignore[type-arg]
        for item in items:
            contracts.validate("studio-item", item)
        return StudioWriteReport(created=len(items))


def test_the_output_for_5000_studios_fits_the_state_payload_limit() -> None:
    with World(seed=5, studios=5000, latency=(0.0, 0.0)) as big:
        assert big.endpoints is not None
        client = PlacesClient(big.endpoints.api_key, big.endpoints.places_url)
        found = discover_studios(
            "run-big",
            ["Leeds"],
            ["tattoo"],
            places=client,
            store=_CountingStore(),  # moto's TransactWriteItems takes minutes for 5,000
        )
    output = found.to_output()
    size = len(json.dumps(output, separators=(",", ":")).encode())
    print(f"5000 studios: {output['studioCount']} crawlable, payload {size} bytes")
    assert output["studioCount"] > 4000
    assert size < 256 * 1024
    contracts.validate("discover-studios-output", output)
