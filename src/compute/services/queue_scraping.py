"""QueueScraping: the run's scrape candidates -> scrape jobs on the queue.

Job ids are stable per run (`job_id_for(runId, identityKey)`), so a retried step sends the same
jobs; candidates already marked `queued` are not sent again, and they are marked chunk by chunk
(`CHUNK` jobs sent, then those candidates saved), so a step that fails part-way resumes where it
stopped instead of sending the whole run again, and the scraper treats a job whose
artist was scraped after the job was queued as done (the consumer is idempotent: a standard
queue can deliver twice). Jobs go out highest priority first, 10 per SendMessageBatch call,
each checked against the scrape-job schema before it is sent.

Given the time it has left (`time_left`, the Lambda's remaining time), a step stops before it
runs out: when the next chunk might not finish in time it raises `OutOfTime`, which the handler
reports as a transient error, so the state machine's Retry invokes it again and it resumes after
the last chunk it marked. A 5,000-studio run's step (~20,000 jobs, load ~50) was still sending
when its Lambda timed out at 600 s, an error no Retry covers, and the whole run failed.
"""

from __future__ import annotations

import dataclasses
import time
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
# Stop while at least this long is left, or twice the slowest chunk so far if that is longer.
RESERVE_S = 30.0


class OutOfTime(Exception):
    """The step stopped before its time ran out; what it sent is marked, the rest is pending."""

    def __init__(self, sent: int, pending: int) -> None:
        super().__init__(f"out of time: {sent} jobs sent and marked, {pending} left for a retry")
        self.sent = sent
        self.pending = pending


def _priority(candidate: ScrapeCandidate) -> int:
    # validate-artists stores the priority (it knows the studio's city); recompute if absent.
    return candidate.priority or scrape_priority(candidate, major_city=False)


def queue_candidates(
    pending: Sequence[ScrapeCandidate],
    *,
    source: CandidateSource,
    sink: JobSink,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    time_left: Callable[[], float] | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> SendReport:
    """Send one profile job per pending candidate and mark it `queued`, a chunk at a time;
    raise OutOfTime before a chunk that might not finish in `time_left()` seconds."""
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
    slowest = 0.0
    for start in range(0, len(ordered), CHUNK):
        if time_left is not None and time_left() < max(RESERVE_S, 2 * slowest):
            raise OutOfTime(sent, len(ordered) - start)
        began = clock()
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
        slowest = max(slowest, clock() - began)
    return SendReport(sent=sent, batches=batches)


def queue_scraping(
    run_id: str,
    *,
    source: CandidateSource,
    sink: JobSink,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    time_left: Callable[[], float] | None = None,
) -> QueueOutcome:
    pending: list[ScrapeCandidate] = []
    already = 0
    for item in source.candidates(run_id):
        candidate = ScrapeCandidate.from_item(item)
        if candidate.status == "queued":
            already += 1
        else:
            pending.append(candidate)
    report = queue_candidates(pending, source=source, sink=sink, now=now, time_left=time_left)
    return QueueOutcome(run_id=run_id, queued=already + report.sent, batches=report.batches)
