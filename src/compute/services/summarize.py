"""Summarize: the counters of one run, from its items and the scrape queue's dead letters,
written as the run's `RUN#{runId}` / `SUMMARY` item and returned as the step's output."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from compute.domain.models import RunSummary, format_timestamp


class RunSource(Protocol):
    def candidates(self, run_id: str) -> Iterable[Mapping[str, Any]]: ...
    def get_run(self, run_id: str) -> dict[str, Any] | None: ...
    def put_run(self, item: Mapping[str, Any]) -> None: ...


class DeadLetters(Protocol):
    def depth(self) -> dict[str, int]: ...


@dataclass(frozen=True, slots=True)
class RunCounts:
    run_id: str
    studios: int
    candidates_accepted: int
    artists_written: int
    queued: int
    dead_lettered: int
    roster_studios: int = 0
    roster_artists: int = 0
    studios_rendered: int = 0
    failures: Mapping[str, int] = field(default_factory=dict)

    @property
    def scrape_success_percent(self) -> float | None:
        """The share of the run's queued scrape jobs that ended without a failure record
        (written, unchanged, opted out...), in percent; None when the run queued nothing.
        A job is recorded once, when it fails for good or goes to the dead-letter queue."""
        if self.queued <= 0:
            return None
        failed = sum(self.failures.values())
        return round(max(0.0, 100.0 * (self.queued - failed) / self.queued), 1)

    def to_output(self) -> dict[str, Any]:
        return {
            "runId": self.run_id,
            "studios": self.studios,
            "candidatesAccepted": self.candidates_accepted,
            "artistsWritten": self.artists_written,
            "queued": self.queued,
            "deadLettered": self.dead_lettered,
            "rosterStudios": self.roster_studios,
            "rosterArtists": self.roster_artists,
            "studiosRendered": self.studios_rendered,
            "failures": dict(self.failures),
        }


def summarize(
    run_id: str,
    *,
    runs: RunSource,
    dead_letters: DeadLetters | None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> RunCounts:
    accepted = queued = 0
    studios: set[str] = set()
    for item in runs.candidates(run_id):
        accepted += 1
        studios.add(str(item.get("studioId")))
        if item.get("status") == "queued":
            queued += 1
    existing = runs.get_run(run_id) or {}
    failures = {
        str(k): int(v) for k, v in dict(existing.get("failures") or {}).items() if int(v) > 0
    }
    # The DLQ is shared by every run: its depth is what a person must look at after this run.
    dead = 0
    if dead_letters is not None:
        depth = dead_letters.depth()
        dead = depth["visible"] + depth["inFlight"] + depth["delayed"]
    counts = RunCounts(
        run_id=run_id,
        # Discovery may have recorded how many studios it found; else those with candidates.
        studios=max(int(existing.get("studios") or 0), len(studios)),
        candidates_accepted=accepted,
        artists_written=int(existing.get("artistsWritten") or 0),
        queued=queued,
        dead_lettered=dead,
        # Counted by the scrapers' roster jobs as they read each studio.
        roster_studios=int(existing.get("rosterStudios") or 0),
        roster_artists=int(existing.get("rosterArtists") or 0),
        studios_rendered=int(existing.get("studiosRendered") or 0),
        failures=dict(sorted(failures.items())),
    )
    stamp = format_timestamp(now())
    runs.put_run(
        RunSummary(
            run_id=run_id,
            started_at=str(existing.get("startedAt") or stamp),
            updated_at=stamp,
            status="succeeded",
            studios=counts.studios,
            candidates_accepted=counts.candidates_accepted,
            artists_written=counts.artists_written,
            queued=counts.queued,
            dead_lettered=counts.dead_lettered,
            roster_studios=counts.roster_studios,
            roster_artists=counts.roster_artists,
            studios_rendered=counts.studios_rendered,
            failures=counts.failures,
            finished_at=stamp,
        ).to_item()
    )
    return counts
