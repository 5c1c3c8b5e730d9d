"""WebFetcher's retries on an injected clock: a hanging site costs one timeout, a failing
server is tried again (spaced by the host's delay), and every failure is reported; a rendered
page's own requests (`fetch_resource`) keep every rule of a page's."""

from __future__ import annotations

import itertools

import pytest

from compute.adapters.web import FetchError, WebFetcher

ROBOTS = "http://a.test/robots.txt"
HOME = "http://a.test/"


class Scripted(WebFetcher):
    """The network answers from a script: per URL, a list of replies or errors, in order."""

    def __init__(self, script: dict[str, list[object]], **options: object) -> None:
        self.now = 0.0
        super().__init__(clock=lambda: self.now, sleep=self._sleep_for, **options)  # type: ignore[arg-type]
        self.script = script
        self.calls: list[tuple[str, float]] = []

    def _sleep_for(self, seconds: float) -> None:
        self.now += seconds

    def _get(self, url: str, limit: int) -> tuple[int, dict[str, str], bytes]:
        self.calls.append((url, self.now))
        reply = self.script[url].pop(0)
        if isinstance(reply, FetchError):
            self.now += 10.0 if reply.reason == "timeout" else 0.1
            raise reply
        self.now += 0.1
        return reply  # type: ignore[return-value]


def ok(body: bytes) -> tuple[int, dict[str, str], bytes]:
    return 200, {"content-type": "text/html"}, body


def test_a_timeout_is_not_retried_within_the_crawl() -> None:
    fetcher = Scripted(
        {
            ROBOTS: [ok(b"")],
            HOME: [FetchError(HOME, "timeout", "read", transient=True), ok(b"<p>late</p>")],
        }
    )
    with pytest.raises(FetchError) as failed:
        fetcher.fetch(HOME)
    assert failed.value.reason == "timeout" and failed.value.transient
    assert [url for url, _ in fetcher.calls] == [ROBOTS, HOME]
    assert fetcher.stats.retries == 0 and fetcher.stats.failures == {"timeout": 1}


def test_a_server_error_is_retried_after_the_hosts_delay() -> None:
    fetcher = Scripted(
        {
            ROBOTS: [ok(b"")],
            HOME: [(503, {}, b""), (503, {}, b""), ok(b"<p>there</p>")],
        },
        politeness_delay_s=1.5,
    )
    page = fetcher.fetch(HOME)
    assert page.html == "<p>there</p>"
    home_calls = [at for url, at in fetcher.calls if url == HOME]
    assert len(home_calls) == 3 and fetcher.stats.retries == 2
    assert all(b - a >= 1.5 for a, b in itertools.pairwise(home_calls))


def test_a_connection_error_is_retried_then_reported() -> None:
    refused = [FetchError(HOME, "connection", "refused", transient=True) for _ in range(3)]
    fetcher = Scripted({ROBOTS: [ok(b"")], HOME: refused}, retries=2)
    with pytest.raises(FetchError) as failed:
        fetcher.fetch(HOME)
    assert failed.value.reason == "connection"
    assert sum(1 for url, _ in fetcher.calls if url == HOME) == 3


def test_a_rendered_pages_requests_obey_robots_txt_and_the_hosts_delay_and_come_back_as_sent() -> (
    None
):
    css = (200, {"content-type": "text/css"}, b"body{}")
    moved = (301, {"location": "/team/"}, b"")
    fetcher = Scripted(
        {
            ROBOTS: [ok(b"User-agent: *\nCrawl-delay: 2\nDisallow: /private/\n")],
            "http://a.test/site.css": [css],
            "http://a.test/team": [moved],
            "http://a.test/team/": [ok(b"<p>team</p>")],
        }
    )
    sheet = fetcher.fetch_resource("http://a.test/site.css#top")
    assert (sheet.url, sheet.status, sheet.body) == ("http://a.test/site.css", 200, b"body{}")
    # Followed here, each hop allowed and spaced (Chromium would follow one on its own).
    team = fetcher.fetch_resource("http://a.test/team")
    assert (team.url, team.status, team.body) == ("http://a.test/team/", 200, b"<p>team</p>")
    with pytest.raises(FetchError) as refused:
        fetcher.fetch_resource("http://a.test/private/notes.json")
    assert refused.value.reason == "robots_disallowed"
    times = [at for _, at in fetcher.calls]
    assert [url for url, _ in fetcher.calls] == [
        ROBOTS,
        "http://a.test/site.css",
        "http://a.test/team",
        "http://a.test/team/",
    ]
    assert all(b - a >= 2.0 for a, b in itertools.pairwise(times))  # the Crawl-delay, from the end
