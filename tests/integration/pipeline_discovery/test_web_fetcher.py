"""The polite fetcher against the world's sites, through the world's forward proxy."""

from __future__ import annotations

import itertools

import boto3
import pytest

from compute import contracts
from compute.adapters.robots import DynamoDbRobotsCache
from compute.adapters.web import BOT_NAME, FetchError, WebFetcher
from emulation.world import World
from tests.integration.pipeline_discovery.conftest import TEST_DELAY_S, TIMING

pytestmark = pytest.mark.integration


def _studio(world: World, **facts: object):
    for studio in world.city.studios:
        if studio.host and all(getattr(studio, k) == v for k, v in facts.items()):
            return studio
    raise LookupError(facts)


def _fetcher(world: World, **options: object) -> WebFetcher:
    assert world.endpoints is not None
    return WebFetcher(
        proxy_url=world.endpoints.proxy_url,
        politeness_delay_s=TEST_DELAY_S,
        timeout_s=options.pop("timeout_s", 1.5),  # type: ignore[arg-type]
        **options,  # type: ignore[arg-type]
    )


def test_the_default_politeness_delay_is_at_least_a_second() -> None:
    assert WebFetcher().politeness_delay_s >= 1.0


def test_the_proxy_comes_from_the_environment(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert world.endpoints is not None
    monkeypatch.setenv("HTTP_PROXY", world.endpoints.proxy_url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    studio = _studio(world, condition="ok")
    page = WebFetcher(politeness_delay_s=TEST_DELAY_S).fetch(f"http://{studio.host}/")
    assert studio.name.split()[0] in page.html
    assert any(r.host == studio.host and BOT_NAME in r.user_agent for r in world.requests())


def test_robots_disallow_is_honoured(world: World) -> None:
    studio = _studio(world, condition="robots_blocks_roster")
    fetcher = _fetcher(world)
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(f"http://{studio.host}{studio.roster_path}")
    assert caught.value.reason == "robots_disallowed"
    paths = [r.path for r in world.requests() if r.host == studio.host]
    assert studio.roster_path not in paths
    assert world.politeness_report(TEST_DELAY_S).robots_violations == 0


def test_crawl_delay_and_per_host_delay_are_honoured(world: World) -> None:
    slow = _studio(world, condition="ok", crawl_delay_s=2.0)  # robots says TIMING.crawl_delay_s
    plain = _studio(world, condition="ok", crawl_delay_s=None)
    fetcher = _fetcher(world)
    for studio in (slow, plain):
        for path in ("/", "/about", "/contact", studio.roster_path):
            fetcher.fetch(f"http://{studio.host}{path}")
    assert fetcher.delay_for(f"http://{slow.host}") == TIMING.crawl_delay_s
    assert fetcher.delay_for(f"http://{plain.host}") == TEST_DELAY_S
    report = world.politeness_report(TEST_DELAY_S, user_agent=fetcher.user_agent)
    assert report.politeness_violations == 0, report.examples
    slow_hits = sorted(r.at for r in world.requests() if r.host == slow.host)
    assert min(b - a for a, b in itertools.pairwise(slow_hits)) >= TIMING.crawl_delay_s


@pytest.mark.parametrize(
    ("condition", "reason", "transient"),
    [
        ("redirect_loop", "redirect_loop", False),
        ("huge", "too_large", False),
        ("timeout", "timeout", True),
        ("not_found", "not_found", False),
        ("server_error", "robots_unreachable", True),
    ],
)
def test_every_broken_site_ends_in_a_typed_error(
    world: World, condition: str, reason: str, transient: bool
) -> None:
    studio = _studio(world, condition=condition)
    fetcher = _fetcher(world, max_bytes=1_000_000, retries=1)
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(f"http://{studio.host}/")
    assert caught.value.reason == reason
    assert caught.value.transient is transient
    assert fetcher.stats.failures == {reason: 1}


def test_a_flaky_page_is_retried_and_then_read(world: World) -> None:
    studio = _studio(world, condition="flaky")
    fetcher = _fetcher(world)
    page = fetcher.fetch(f"http://{studio.host}/")
    assert page.status == 200
    assert fetcher.stats.retries >= 1


def test_a_hosts_robots_txt_is_read_once_for_every_reader_sharing_the_table(
    world: World, table: str, moto_endpoint: str
) -> None:
    # find-artists reads the site first; a scraper task (another process) reads it later.
    dynamodb = boto3.client("dynamodb", endpoint_url=moto_endpoint)
    studio = _studio(world, condition="robots_blocks_roster")
    origin = f"http://{studio.host}"
    first, later = (
        _fetcher(world, robots_cache=DynamoDbRobotsCache(dynamodb, table)) for _ in range(2)
    )

    def robots_requests() -> int:
        return sum(r.host == studio.host and r.path == "/robots.txt" for r in world.requests())

    before = robots_requests()
    first.robots(origin + "/")
    with pytest.raises(FetchError) as caught:
        later.fetch(origin + studio.roster_path)  # the shared rules forbid it
    assert caught.value.reason == "robots_disallowed"
    assert robots_requests() - before == 1 and later.stats.robots_shared == 1
    item = dynamodb.get_item(
        TableName=table, Key={"PK": {"S": f"ROBOTS#{studio.host}"}, "SK": {"S": "HTTP"}}
    )["Item"]
    contracts.validate(
        "robots-item",
        {k: next(iter(v.values())) if "N" not in v else int(v["N"]) for k, v in item.items()},
    )
    assert world.politeness_report(TEST_DELAY_S).robots_violations == 0
