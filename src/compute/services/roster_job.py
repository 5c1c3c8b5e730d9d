"""A roster job: a studio whose site only a browser can read (find-artists, which has none,
sent it), read in a scraper with Chromium, and its artists handed on exactly as find-artists'
are.

    roster job -> find_artists_for_url with the renderer (the one crawl: robots.txt and the
    shared host gate on every request; only pages drawn by script are rendered)
      -> validate_artists (the same step ValidateArtists runs: normalised, de-duplicated
         across the run, denylist, confidence) -> the run's scrape_candidate items
      -> queue_candidates -> one profile job per artist, on the queue this job came from,
         carrying what the rendered page said of them, so that page is not rendered again.

A site that gives no artists fails the job like a profile job fails: transient (timeouts, 5xx,
a render that had not settled) returns to the queue and, after 3 receives, goes to the DLQ;
permanent (404, robots.txt) is recorded with its reason. An artist find-artists already queued
is not queued twice (a queued scrape candidate is not claimed again).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from compute.adapters.web import Fetcher, Renderer
from compute.domain.models import RosterJob
from compute.services.find_artists import (
    StudioSiteError,
    StudioSiteUnavailable,
    find_artists_for_url,
    require_artists,
)
from compute.services.queue_scraping import CandidateSource, JobSink, queue_candidates
from compute.services.scrape_artist import ScrapeFailed
from compute.services.validate_artists import CandidateStore, CandidateTable, validate_artists


class RosterRuns(CandidateStore, CandidateSource, Protocol):
    """The run's scrape candidates: claimed by validation, marked queued after sending."""


@dataclass(frozen=True, slots=True)
class RosterOutcome:
    job_id: str
    found: int  # artists the rendered site lists
    accepted: int  # of those, new scrape candidates of the run
    queued: int  # profile jobs sent for them
    pages_rendered: int
    dropped: Mapping[str, int] = field(default_factory=dict)
    outcome: str = "roster_read"

    @property
    def rendered(self) -> bool:
        return self.pages_rendered > 0

    @property
    def written(self) -> bool:
        return False  # its profile jobs write the artists


def _failure(error: StudioSiteError) -> ScrapeFailed:
    reason = max(sorted(error.reasons), key=lambda r: error.reasons[r])
    return ScrapeFailed(
        f"roster_{reason}",
        transient=isinstance(error, StudioSiteUnavailable) or reason == "render_incomplete",
        detail=str(error),
    )


def read_roster_job(
    job: RosterJob,
    *,
    fetcher: Fetcher,
    renderer: Renderer | None,
    table: CandidateTable,
    runs: RosterRuns,
    sink: JobSink,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> RosterOutcome:
    reading = find_artists_for_url(
        job.page_url, fetcher, renderer, studio_id=job.studio_id, with_profile=True
    )
    try:
        candidates = require_artists(reading)
    except StudioSiteError as error:
        raise _failure(error) from error
    validated = validate_artists(
        job.run_id,
        job.studio_id,
        [c.to_dict() for c in candidates],
        table=table,
        store=runs,
        now=now,
    )
    report = queue_candidates(validated.claimed, source=runs, sink=sink, now=now)
    return RosterOutcome(
        job_id=job.job_id,
        found=len(candidates),
        accepted=validated.accepted,
        queued=report.sent,
        pages_rendered=reading.rendered,
        dropped=validated.dropped,
    )
