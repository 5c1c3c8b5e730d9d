"""QueueScraping: the run's scrape candidates -> scrape jobs on the queue.

Job ids are stable per run (`job_id_for(runId, identityKey)`), so a retried step sends the same
jobs; candidates already marked `queued` are not sent again, and they are marked chunk by chunk
(`CHUNK` jobs sent, then those candidates saved), so a step that fails part-way resumes where it
stopped instead of sending the whole run again, and the scraper treats a job whose
artist was scraped after the job was queued as done (the consumer is idempotent: a standard
queue can deliver twice). Jobs go out highest priority first, 10 per SendMessageBatch call,
each checked against the scrape-job schema before it is sent.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from compute.adapters.queue import OutgoingMessage, SendReport
from compute.domain.models import ScrapeCandidate, ScrapeJob, format_timestamp
from compute.domain.priority import scrape_priority


class CandidateSource(Protocol):
    def candidates(self, run_id: str) -> Iterable[Mapping[str, Any]]: ...
    def save_candidates(self, items: Sequence[Mapping[str, Any]]) -> None: ...


class JobSink(Protocol):
    def send_batch(self, messages: Sequence[OutgoingMessage]) -> SendReport: ...


@dataclass(frozen=True, slots=True)
class QueueOutcome:
    run_id: str
    queued: int  # jobs of the run on the queue, including those an earlier attempt sent
    batches: int  # SendMessageBatch calls this attempt made

    def to_output(self) -> dict[str, Any]:
        return {"runId": self.run_id, "queued": self.queued, "batches": self.batches}


# Jobs sent before their candidates are marked: a failed attempt re-sends at most this many.
CHUNK = 500


def _priority(candidate: ScrapeCandidate) -> int:
    # validate-artists stores the priority (it knows the studio's city); recompute if absent.
    return candidate.priority or scrape_priority(candidate, major_city=False)


def queue_candidates(
    pending: Sequence[ScrapeCandidate],
    *,
    source: CandidateSource,
    sink: JobSink,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> SendReport:
    """Send one profile job per pending candidate and mark it `queued`, a chunk at a time."""
    queued_at = format_timestamp(now())
    # The same studio's jobs together (a scraper receives them in one batch and reads the
    # studio's pages once), studios with the most urgent job first, then by priority.
    urgency: dict[str, int] = {}
    for c in pending:
        urgency[c.studio_id] = max(urgency.get(c.studio_id, 0), _priority(c))
    ordered = sorted(
        pending, key=lambda c: (-urgency[c.studio_id], c.studio_id, -_priority(c), c.identity_key)
    )
    sent = batches = 0
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        messages = [
            OutgoingMessage(entry_id=job.job_id, body=job.to_message())
            for job in (
                ScrapeJob.from_scrape_candidate(c, queued_at=queued_at, priority=_priority(c))
                for c in chunk
            )
        ]
        report = sink.send_batch(messages)
        # Only after every job of the chunk was accepted by SQS (send_batch raises otherwise).
        source.save_candidates(
            [
                dataclasses.replace(
                    c, status="queued", queued_at=queued_at, priority=_priority(c)
                ).to_item()
                for c in chunk
            ]
        )
        sent, batches = sent + report.sent, batches + report.batches
    return SendReport(sent=sent, batches=batches)


def queue_scraping(
    run_id: str,
    *,
    source: CandidateSource,
    sink: JobSink,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> QueueOutcome:
    pending: list[ScrapeCandidate] = []
    already = 0
    for item in source.candidates(run_id):
        candidate = ScrapeCandidate.from_item(item)
        if candidate.status == "queued":
            already += 1
        else:
            pending.append(candidate)
    report = queue_candidates(pending, source=source, sink=sink, now=now)
    return QueueOutcome(run_id=run_id, queued=already + report.sent, batches=report.batches)
