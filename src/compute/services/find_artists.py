"""find-artists: read one studio's website and list the artists it names.

Home page -> roster pages (links that suggest team/artists/roster, with pagination) -> profile
pages for artists listed without an Instagram account. A page drawn by JavaScript is rendered
by the browser when a renderer is given, else its roster JSON is read. Pages that fail are
recorded (reason counts, logged without personal data); the step raises when the site gave
nothing usable, transient failures as StudioSiteUnavailable (retry), others as
StudioSiteUnusable (caught and recorded by the state machine)."""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from compute.adapters.web import Fetcher, FetchError, Renderer
from compute.domain.models import ArtistCandidate
from compute.extraction import (
    data_urls,
    extract_candidates,
    extract_candidates_from_json,
    merge,
    needs_javascript,
    next_page_url,
    roster_links,
)

logger = logging.getLogger(__name__)

MAX_ROSTER_LINKS = 3
MAX_PAGES = 20
MAX_PROFILES = 30


class StudioSiteError(Exception):
    """The studio's website gave no artists because it failed; `reasons` counts why."""

    def __init__(self, url: str, reasons: Counter[str]) -> None:
        listed = ", ".join(f"{r}={n}" for r, n in sorted(reasons.items()))
        super().__init__(f"{url}: no artists read ({listed})")
        self.url = url
        self.reasons = reasons


class StudioSiteUnavailable(StudioSiteError):
    """Transient (timeouts, 5xx, robots.txt unreachable): retry later."""


class StudioSiteUnusable(StudioSiteError):
    """Permanent (404, robots.txt forbids, redirect loop, too large): retrying will not help."""


@dataclass(slots=True)
class SiteReading:
    url: str
    candidates: list[ArtistCandidate] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    failures: Counter[str] = field(default_factory=Counter)
    transient: bool = False
    rendered: int = 0

    def to_dict(self) -> dict[str, object]:
        return {
            "url": self.url,
            "candidates": [c.to_dict() for c in self.candidates],
            "pages": self.pages,
            "failures": dict(self.failures),
            "rendered": self.rendered,
        }


def adhoc_studio_id(url: str) -> str:
    """A studio id for a site read outside a pipeline run (the CLI)."""
    host = (urlsplit(url).hostname or url).lower()
    return "web_" + hashlib.sha256(host.encode()).hexdigest()[:16]


class _Crawl:
    def __init__(
        self, reading: SiteReading, fetcher: Fetcher, renderer: Renderer | None, studio_id: str
    ) -> None:
        self.reading = reading
        self.fetcher = fetcher
        self.renderer = renderer
        self.studio_id = studio_id
        self.visited: set[str] = set()

    def fetch(self, url: str) -> str | None:
        if url in self.visited or len(self.reading.pages) >= MAX_PAGES:
            return None
        self.visited.add(url)
        try:
            page = self.fetcher.fetch(url)
        except FetchError as error:
            self.reading.failures[error.reason] += 1
            self.reading.transient = self.reading.transient or error.transient
            logger.warning(
                "page failed", extra={"host": urlsplit(url).hostname, "reason": error.reason}
            )
            return None
        self.reading.pages.append(page.url)
        return page.html

    def read(self, url: str, html: str) -> list[ArtistCandidate]:
        """Candidates on one page, rendering or reading its data when JavaScript draws it."""
        if needs_javascript(html):
            if self.renderer is not None:
                try:
                    html = self.renderer.render(url)
                    self.reading.rendered += 1
                except Exception as error:  # a browser failure is this page's failure
                    self.reading.failures["render_failed"] += 1
                    self.reading.transient = True
                    logger.warning("render failed", extra={"error": type(error).__name__})
            else:
                found: list[ArtistCandidate] = []
                for data_url in data_urls(html, url)[:2]:
                    text = self.fetch(data_url)
                    if text is None:
                        continue
                    try:
                        found += extract_candidates_from_json(json.loads(text), url, self.studio_id)
                    except ValueError:
                        self.reading.failures["bad_json"] += 1
                if found:
                    return found
                self.reading.failures["needs_javascript"] += 1
        return extract_candidates(html, url, self.studio_id)


def find_artists_for_url(
    url: str,
    fetcher: Fetcher,
    renderer: Renderer | None = None,
    *,
    studio_id: str | None = None,
) -> SiteReading:
    """Every artist a studio website lists, with what was fetched and what failed. Does not
    raise for a failing site (see `require_artists`); the CLI prints `.to_dict()`."""
    sid = studio_id or adhoc_studio_id(url)
    reading = SiteReading(url=url)
    crawl = _Crawl(reading, fetcher, renderer, sid)
    home = crawl.fetch(url)
    if home is None:
        return reading
    home_url = reading.pages[-1]
    found = crawl.read(home_url, home)
    for roster_url in roster_links(home, home_url)[:MAX_ROSTER_LINKS]:
        page_url: str | None = roster_url
        while page_url is not None:
            html = crawl.fetch(page_url)
            if html is None:
                break
            found += crawl.read(page_url, html)
            page_url = next_page_url(html, page_url)
    host = urlsplit(home_url).hostname
    profiles = 0
    for candidate in merge(found):
        if candidate.instagram_handle or not candidate.profile_url or profiles >= MAX_PROFILES:
            continue
        if urlsplit(candidate.profile_url).hostname != host:
            continue
        profiles += 1
        html = crawl.fetch(candidate.profile_url)
        if html is not None:
            on_profile = crawl.read(candidate.profile_url, html)
            # A profile page names one artist: that is this candidate, at this URL.
            if len(on_profile) == 1:
                on_profile = [
                    ArtistCandidate(
                        source_url=candidate.source_url,
                        confidence=on_profile[0].confidence,
                        studio_id=sid,
                        name=on_profile[0].name or candidate.name,
                        instagram_handle=on_profile[0].instagram_handle,
                        profile_url=candidate.profile_url,
                        styles=on_profile[0].styles,
                    )
                ]
            found += on_profile
    reading.candidates = merge(found)
    return reading


def require_artists(reading: SiteReading) -> list[ArtistCandidate]:
    """The candidates, or the error a pipeline step raises when failures left none."""
    if reading.candidates or not reading.failures:
        return reading.candidates
    if reading.transient:
        raise StudioSiteUnavailable(reading.url, reading.failures)
    raise StudioSiteUnusable(reading.url, reading.failures)
