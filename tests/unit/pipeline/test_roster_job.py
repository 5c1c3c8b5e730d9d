"""A roster job: a studio only a browser can read is rendered in the scraper, read as
find-artists reads it, and its artists go on as find-artists' do (validated into the run's
scrape candidates, then queued as profile jobs); failures fail the job, never vanish."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from compute import contracts
from compute.adapters.web import FetchError, Page
from compute.domain.models import RosterJob
from compute.services.find_artists import find_artists_for_url, require_artists, roster_job_for
from compute.services.roster_job import read_roster_job
from compute.services.scrape_artist import ScrapeFailed
from compute.services.validate_artists import validate_artists
from tests.unit.pipeline.fakes import FakeRuns, FakeSink

RUN = "run-1"
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
T0 = "2026-11-28T12:00:00.000Z"
# A roster drawn by an inline script from strings: no JSON for the crawl to read instead.
SHELL = (
    "<html><head><title>Ink</title></head><body><h1>Our artists</h1><div id='crew'></div>"
    "<noscript>Please enable JavaScript to see our artists.</noscript>"
    "<script>document.getElementById('crew').innerHTML = ['Ada', 'Lovelace'].join(' ');"
    "</script></body></html>"
)
DRAWN = (
    "<html><head><title>Ink</title></head><body><h1>Our artists</h1><div id='crew'>"
    "<article class='artist'><h2>Ada Lovelace</h2>"
    "<a href='https://www.instagram.com/ada.ink/'>Instagram</a></article>"
    "<article class='artist'><h2>Grace Hopper</h2>"
    "<a href='https://www.instagram.com/grace.tattoos/'>Instagram</a></article>"
    "</div></body></html>"
)


class Fetcher:
    def __init__(self, replies: dict[str, object]) -> None:
        self.replies = replies

    def fetch(self, url: str) -> Page:
        reply = self.replies.get(url, FetchError(url, "not_found"))
        if isinstance(reply, FetchError):
            raise reply
        return Page(url, 200, str(reply), "text/html")


class Browser:
    def __init__(self, html: str = DRAWN) -> None:
        self.html = html
        self.urls: list[str] = []

    def render(self, url: str, *, html: str | None = None) -> str:
        self.urls.append(url)
        return self.html


TIMEOUT = FetchError("http://a.test/", "timeout", transient=True)


def job() -> RosterJob:
    return RosterJob.for_studio(RUN, "stu_a", "http://a.test/", queued_at=T0)


def test_without_a_browser_find_artists_hands_the_studio_on_instead_of_failing_it() -> None:
    reading = find_artists_for_url("http://a.test/", Fetcher({"http://a.test/": SHELL}))
    assert reading.candidates == [] and reading.needs_browser == ["http://a.test/"]
    roster = roster_job_for(reading, run_id=RUN, studio_id="stu_a", now=T0)
    assert roster == job()
    contracts.validate("scrape-job", roster.to_message())
    assert require_artists(reading, handed_on=True) == []


def test_a_readable_site_sends_no_roster_job() -> None:
    reading = find_artists_for_url("http://a.test/", Fetcher({"http://a.test/": DRAWN}))
    assert len(reading.candidates) == 2
    assert roster_job_for(reading, run_id=RUN, studio_id="stu_a", now=T0) is None


def test_the_rendered_roster_becomes_scrape_candidates_and_profile_jobs() -> None:
    runs, sink, browser = FakeRuns(), FakeSink(), Browser()
    outcome = read_roster_job(
        job(),
        fetcher=Fetcher({"http://a.test/": SHELL}),
        renderer=browser,
        table=runs.table,
        runs=runs,
        sink=sink,
        now=lambda: NOW,
    )
    assert browser.urls == ["http://a.test/"]
    assert (outcome.found, outcome.accepted, outcome.queued) == (2, 2, 2)
    assert outcome.rendered and not outcome.written
    handles = sorted(m.body["artist"]["instagramHandle"] for m in sink.sent)
    assert handles == ["ada.ink", "grace.tattoos"]
    for message in sink.sent:
        contracts.validate("scrape-job", message.body)
        assert message.body["kind"] == "profile" and message.body["studioId"] == "stu_a"
    assert {c["status"] for c in runs.candidates(RUN)} == {"queued"}


def test_an_artist_find_artists_already_queued_is_not_queued_again() -> None:
    runs, sink = FakeRuns(), FakeSink()
    found = [
        {
            "sourceUrl": "http://a.test/",
            "confidence": 0.9,
            "studioId": "stu_a",
            "name": "Ada Lovelace",
            "instagramHandle": "ada.ink",
        }
    ]
    validated = validate_artists(RUN, "stu_a", found, table=runs.table, store=runs)
    runs.save_candidates([replace(c, status="queued").to_item() for c in validated.claimed])
    outcome = read_roster_job(
        job(),
        fetcher=Fetcher({"http://a.test/": SHELL}),
        renderer=Browser(),
        table=runs.table,
        runs=runs,
        sink=sink,
        now=lambda: NOW,
    )
    assert (outcome.found, outcome.accepted, outcome.queued) == (2, 1, 1)
    assert outcome.dropped == {"duplicate": 1}
    assert [m.body["artist"]["instagramHandle"] for m in sink.sent] == ["grace.tattoos"]


@pytest.mark.parametrize(
    ("replies", "browser", "reason", "transient"),
    [
        ({}, Browser(), "roster_not_found", False),
        (
            {"http://a.test/": FetchError("http://a.test/", "timeout", transient=True)},
            Browser(),
            "roster_timeout",
            True,
        ),
        ({"http://a.test/": SHELL}, None, "roster_needs_browser", False),
        ({"http://a.test/": SHELL}, Browser(SHELL), "roster_render_incomplete", True),
    ],
    ids=["gone", "timeout", "no browser here", "never settled"],
)
def test_a_site_that_gives_nobody_fails_the_job_with_its_reason(
    replies: dict[str, object], browser: Browser | None, reason: str, transient: bool
) -> None:
    runs, sink = FakeRuns(), FakeSink()
    with pytest.raises(ScrapeFailed) as failed:
        read_roster_job(
            job(),
            fetcher=Fetcher(replies),
            renderer=browser,
            table=runs.table,
            runs=runs,
            sink=sink,
        )
    assert (failed.value.reason, failed.value.transient) == (reason, transient)
    assert sink.sent == []


def test_a_name_listed_without_an_account_is_gone_when_her_own_page_says_she_left() -> None:
    home = (
        "<html><body><h2>The crew</h2><div class='crew'>"
        "<div class='card'><div class='crew-name'>Roo Hale</div>"
        "<a href='/artists/roo-hale'>Read more</a></div>"
        "<div class='card'><div class='crew-name'>Jess Whitlock</div>"
        "<a href='/artists/jess-whitlock'>Read more</a></div></div></body></html>"
    )
    roo = (
        "<html><body><h1>Roo Hale</h1><p>Dotwork and geometry.</p>"
        "<a href='https://www.instagram.com/roo.hale.dotwork/' title='Instagram'>IG</a>"
        "</body></html>"
    )
    jess = (
        "<html><body><h1>Jess Whitlock</h1><p>Jess has moved on to open her own studio in "
        "Leeds. Find her at <a href='https://www.instagram.com/jesswhitlock.tattoo/'>"
        "@jesswhitlock.tattoo</a>.</p></body></html>"
    )
    pages = {
        "http://a.test/": home,
        "http://a.test/artists/roo-hale": roo,
        "http://a.test/artists/jess-whitlock": jess,
    }
    reading = find_artists_for_url("http://a.test/", Fetcher(pages))
    assert [(c.name, c.instagram_handle) for c in reading.candidates] == [
        ("Roo Hale", "roo.hale.dotwork")
    ]
