"""What find-artists read travels with the candidate to its profile job: the scraper builds the
artist from the profile the job carries, the same artist it would build from the page, and does
not fetch the page again (a roster page's artists were each fetched once per scraper task)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from compute import contracts
from compute.adapters.artists import WriteResult
from compute.adapters.web import FetchError, Page
from compute.domain.models import (
    ArtistCandidate,
    PageProfile,
    ScrapeCandidate,
    ScrapeJob,
)
from compute.domain.pipeline import parse_scrape_job
from compute.services import find_artists
from compute.services.crawl import ReadPage
from compute.services.find_artists import find_artists_for_url
from compute.services.queue_scraping import queue_candidates
from compute.services.scrape_artist import scrape_artist
from compute.services.validate_artists import validate_artists
from tests.unit.pipeline.fakes import FakeRuns, FakeSink, FakeTable

RUN = "run-1"
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
HOME = "http://a.test/"
ROSTER = "http://a.test/artists/"
PAGES = {
    HOME: "<html><body><h1>Ink</h1><nav><a href='/artists/'>Our artists</a></nav></body></html>",
    ROSTER: (
        "<html><body><h1>Our artists</h1>"
        "<article class='artist'><h2>Ada Lovelace</h2><img src='/img/ada.jpg' alt='Ada'>"
        "<p>Ada tattoos fine line and blackwork   botanicals.</p>"
        "<a href='https://www.instagram.com/ada.ink/'>Instagram</a></article>"
        "<article class='artist'><h2>Grace Hopper</h2><img src='/img/grace.jpg' alt='Grace'>"
        "<p>Grace does traditional.</p>"
        "<a href='https://www.instagram.com/grace.tattoos/'>Instagram</a></article>"
        "</body></html>"
    ),
}


class Fetcher:
    def __init__(self, replies: dict[str, str]) -> None:
        self.replies = replies
        self.urls: list[str] = []

    def fetch(self, url: str) -> Page:
        self.urls.append(url)
        if url not in self.replies:
            raise FetchError(url, "not_found")
        return Page(url, 200, self.replies[url], "text/html")


class Pages:
    """The scraper's page reader: counts what it is asked to read."""

    def __init__(self, replies: dict[str, str]) -> None:
        self.replies = replies
        self.read_urls: list[str] = []

    def read(self, url: str) -> ReadPage:
        self.read_urls.append(url)
        return ReadPage(url, self.replies[url])


class Writer:
    def __init__(self) -> None:
        self.artists: list[Any] = []

        self.reads: list[Any] = []

    def write(
        self,
        artist: Any,
        *,
        identity_key: str,
        studio_id: str,
        now: str,
        read: Any = None,
        fresh_since: str | None = None,
    ) -> WriteResult:
        self.artists.append(artist)
        self.reads.append(read)
        return WriteResult("created", artist.artist_id, 1)


def jobs_for(candidates: list[ArtistCandidate]) -> list[ScrapeJob]:
    """The profile jobs the pipeline's steps make of find-artists' candidates, as the scraper
    parses them off the queue (every payload through JSON and its contract)."""
    for candidate in candidates:
        contracts.validate(
            "find-artists-output",
            {"runId": RUN, "studioId": "stu_a", "candidates": [candidate.to_dict()]},
        )
    runs, sink = FakeRuns(), FakeSink()
    validated = validate_artists(
        RUN,
        "stu_a",
        [json.loads(json.dumps(c.to_dict())) for c in candidates],
        table=FakeTable(),
        store=runs,
        now=lambda: NOW,
    )
    for item in runs.table.items.values():
        contracts.validate("scrape-candidate-item", item)
    queue_candidates(validated.claimed, source=runs, sink=sink, now=lambda: NOW)
    bodies = [json.loads(json.dumps(m.body)) for m in sink.sent]
    for body in bodies:
        contracts.validate("scrape-job", body)
    return [job for job in map(parse_scrape_job, bodies) if isinstance(job, ScrapeJob)]


def scrape(job: ScrapeJob, pages: Pages) -> Any:
    writer = Writer()
    outcome = scrape_artist(
        job, table=FakeTable(), pages=pages, writer=writer, studios=lambda _: None, now=lambda: NOW
    )
    assert outcome.outcome == "created"
    return writer.artists[0]


def test_the_scraper_writes_the_artist_find_artists_read_without_fetching_the_page_again() -> None:
    reading = find_artists_for_url(HOME, Fetcher(PAGES), studio_id="stu_a", with_profile=True)
    assert {c.instagram_handle for c in reading.candidates} == {"ada.ink", "grace.tattoos"}
    assert all(c.profile is not None for c in reading.candidates)
    carried = jobs_for(reading.candidates)
    assert len(carried) == 2 and all(job.profile is not None for job in carried)
    pages = Pages(PAGES)
    from_profiles = [scrape(job, pages) for job in carried]
    assert pages.read_urls == []  # the roster page is not fetched again
    # The same artists as reading the page: the profile is the scraper's own extraction.
    from_page = [scrape(replace(job, profile=None), pages) for job in carried]
    assert pages.read_urls == [ROSTER, ROSTER]
    assert from_profiles == from_page
    assert {a.avatar for a in from_profiles} == {
        "http://a.test/img/ada.jpg",
        "http://a.test/img/grace.jpg",
    }


def test_without_profiles_find_artists_reads_as_the_cli_does() -> None:
    reading = find_artists_for_url(HOME, Fetcher(PAGES), studio_id="stu_a")
    assert reading.candidates and all(c.profile is None for c in reading.candidates)
    assert all("profile" not in c.to_dict() for c in reading.candidates)


def test_a_page_only_a_browser_reads_sends_no_profile() -> None:
    shell = (
        "<html><body><div id='team'></div><noscript>Please enable JavaScript.</noscript>"
        "<script>draw()</script></body></html>"
    )
    page = ReadPage(ROSTER, shell, needs_browser=True)
    candidate = ArtistCandidate(ROSTER, 0.9, "stu_a", name="Ada", instagram_handle="ada.ink")
    assert find_artists.with_profiles([candidate], {ROSTER: page}) == [candidate]


def test_profiles_stop_at_the_studios_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    reading = find_artists_for_url(HOME, Fetcher(PAGES), studio_id="stu_a", with_profile=True)
    sizes = [len(json.dumps(c.profile.to_dict())) for c in reading.candidates if c.profile]
    monkeypatch.setattr(find_artists, "MAX_PROFILE_BYTES", sizes[0])
    bare = [replace(c, profile=None) for c in reading.candidates]
    pages = {ROSTER: ReadPage(ROSTER, PAGES[ROSTER])}
    limited = find_artists.with_profiles(bare, pages)
    assert [c.profile is not None for c in limited] == [True, False]
    # The one without a profile is read by the scraper as before.
    pages_read = Pages(PAGES)
    scrape(jobs_for(limited)[1], pages_read)
    assert pages_read.read_urls == [ROSTER]


def test_a_profile_travels_unchanged_through_every_payload() -> None:
    profile = PageProfile(
        page_url=ROSTER,
        own_page=False,
        name="Ada  Lovelace",
        instagram_handle="ada.ink",
        bio="Line one.\nLine two  spaced.",
        styles=("linework", "blackwork"),
        portfolio_images=("http://a.test/img/1.jpg", "http://a.test/img/2.jpg"),
        avatar="http://a.test/img/ada.jpg",
        email="ada@a.test",
    )
    candidate = ArtistCandidate(ROSTER, 0.9, "stu_a", name="Ada", instagram_handle="ada.ink")
    candidate = replace(candidate, profile=profile)
    assert ArtistCandidate.from_dict(json.loads(json.dumps(candidate.to_dict()))) == candidate
    stored = ScrapeCandidate.from_candidate(
        candidate, run_id=RUN, created_at="2026-11-28T12:00:00.000Z"
    )
    contracts.validate("scrape-candidate-item", stored.to_item())
    assert ScrapeCandidate.from_item(json.loads(json.dumps(stored.to_item()))) == stored
    job = ScrapeJob.from_scrape_candidate(stored, queued_at="2026-11-28T12:00:00.000Z", priority=5)
    contracts.validate("scrape-job", job.to_message())
    assert parse_scrape_job(json.loads(json.dumps(job.to_message()))) == job
    assert job.profile == profile


def test_a_pages_profiles_are_extracted_reading_the_page_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from compute.extraction import profile as extraction

    wanted = [("Ada Lovelace", "ada.ink"), ("Grace Hopper", "grace.tattoos"), (None, None)]
    one_by_one = [
        extraction.extract_profile(PAGES[ROSTER], ROSTER, name=name, instagram_handle=handle)
        for name, handle in wanted
    ]
    readings: list[str] = []
    real = extraction.extract_candidates

    def counted(html: str, page_url: str, studio_id: str) -> Any:
        readings.append(page_url)
        return real(html, page_url, studio_id)

    monkeypatch.setattr(extraction, "extract_candidates", counted)
    together = extraction.extract_profiles(PAGES[ROSTER], ROSTER, wanted)
    assert together == one_by_one and together[0] is not None and together[2] is None
    assert readings == [ROSTER]  # one reading for the page, not one per artist


def test_reading_a_page_once_gives_every_artist_the_profile_reading_it_alone_gives() -> None:
    from compute.extraction.profile import extract_profile, extract_profiles
    from tests.unit.pipeline.test_profile import CITY, page

    for studio in [s for s in CITY.studios if s.host][:24]:
        pages: dict[str, tuple[str, list[tuple[str | None, str | None]]]] = {}
        for position, artist in enumerate(studio.artists):
            html, url = page(studio, position)
            pages.setdefault(url, (html, []))[1].append((artist.name, artist.handle))
        for url, (html, wanted) in pages.items():
            alone = [extract_profile(html, url, name=n, instagram_handle=h) for n, h in wanted]
            assert extract_profiles(html, url, wanted) == alone, (studio.family, url)
