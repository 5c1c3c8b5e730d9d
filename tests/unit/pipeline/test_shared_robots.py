"""A host's robots.txt is read once for all its readers: a fetcher takes the rules another
reader shared (compute.adapters.robots) instead of asking the site, for at most 24 hours
(RFC 9309), and a cache that fails only means asking the site."""

from __future__ import annotations

from compute.adapters.robots import MAX_AGE_S, SharedRobots
from compute.adapters.web import FetchError
from tests.unit.pipeline.test_web_retries import HOME, ROBOTS, Scripted, ok

ORIGIN = "http://a.test"
RULES = b"User-agent: *\nDisallow: /private/\nCrawl-delay: 3\n"


class MemoryCache:
    """The shared cache's rules (DynamoDbRobotsCache): a failed read or an old copy is a miss."""

    def __init__(self, wall: list[float] | None = None, *, failing: bool = False) -> None:
        self.items: dict[str, SharedRobots] = {}
        self.wall = wall or [0.0]
        self.failing = failing

    def get(self, origin: str) -> SharedRobots | None:
        robots = None if self.failing else self.items.get(origin)
        return robots if robots and self.wall[0] - robots.fetched_at < MAX_AGE_S else None

    def put(self, origin: str, robots: SharedRobots) -> None:
        self.items[origin] = robots


def reader(cache: MemoryCache, wall: list[float], pages: int = 2) -> Scripted:
    return Scripted(
        {ROBOTS: [ok(RULES), ok(RULES)], HOME: [ok(b"<p>home</p>")] * pages},
        robots_cache=cache,
        wall_clock=lambda: wall[0],
    )


def test_the_second_reader_takes_the_shared_rules_instead_of_asking_the_site() -> None:
    wall = [1_000_000.0]
    cache = MemoryCache(wall)
    first, second = reader(cache, wall), reader(cache, wall)
    first.fetch(HOME)
    assert cache.items[ORIGIN] == SharedRobots(RULES.decode(), 1_000_000.0)

    second.fetch(HOME)
    assert [url for url, _ in second.calls] == [HOME]  # no robots.txt request
    assert second.stats.robots_shared == 1
    assert second.delay_for(ORIGIN) == 3.0  # its Crawl-delay came with the rules
    try:
        second.fetch(ORIGIN + "/private/x")
    except FetchError as error:
        assert error.reason == "robots_disallowed"
    else:
        raise AssertionError("a disallowed page was fetched")


def test_rules_older_than_a_day_are_read_again_from_the_site() -> None:
    wall = [1_000_000.0]
    cache = MemoryCache(wall)
    first = reader(cache, wall)
    first.fetch(HOME)
    wall[0] += MAX_AGE_S  # the same process, a day later
    first.fetch(HOME)
    assert [url for url, _ in first.calls] == [ROBOTS, HOME, ROBOTS, HOME]
    assert cache.items[ORIGIN].fetched_at == wall[0]


def test_a_cache_that_fails_means_asking_the_site() -> None:
    wall = [1_000_000.0]
    fetcher = reader(MemoryCache(wall, failing=True), wall, pages=1)
    fetcher.fetch(HOME)
    assert [url for url, _ in fetcher.calls] == [ROBOTS, HOME]


def test_an_unreachable_robots_txt_is_never_shared() -> None:
    cache = MemoryCache()
    fetcher = Scripted(
        {ROBOTS: [(503, {}, b""), (503, {}, b""), (503, {}, b"")]}, robots_cache=cache
    )
    try:
        fetcher.fetch(HOME)
    except FetchError as error:
        assert error.reason == "robots_unreachable" and error.transient
    assert cache.items == {}
