"""The scraper's main loop: long-poll the scrape queue, do each job, delete it only when done.

- A job that failed for good (404, robots.txt, not on the page) is recorded (the run's failure
  counter and the pipeline-failures queue) and deleted.
- A job that may succeed later is not deleted: its visibility is set to a short backoff so it
  returns soon, and after 3 receives SQS moves it to the dead-letter queue.
- A heartbeat thread extends the lease of every message this process holds (10 per call).
- A consumer deletes the jobs of a received batch it finished with one DeleteMessageBatch, and
  adds the batch's written artists to the run's counter with one update, after the batch (the
  counter first: a job whose delete is lost is done again as `already_scraped`, never counted
  twice).
- A received batch's jobs are parsed first and handed to `prepare` (the scraper reads the guards
  of the batch's jobs that fetch nothing in one batch read, compute.services.scrape_artist);
  a failed `prepare` only leaves each job to read its own.
- SIGTERM (Fargate Spot's warning, StopTask): take no new job, finish the current one, hand the
  rest back (visibility 0), exit; a watchdog hands everything back and exits after the grace.
- MODE=batch exits once the queue has stayed empty (nothing visible, in flight or delayed) for
  IDLE_EXIT_S; MODE=continuous (or service) polls for ever.
- SCRAPER_CONSUMERS receive loops share one page cache, host gate and browser: while one waits
  for a host's turn, the others work on other studios.
- A queue that stays unreachable for QUEUE_UNREACHABLE_EXIT_S (default 120) ends the task with
  exit 1, in any mode: ECS and the state machine then see a failed task, not a silent loop.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import FrameType
from typing import Any, Protocol

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from botocore.exceptions import BotoCoreError, ClientError

from compute import contracts
from compute.adapters.dynamodb import TableUnavailable
from compute.adapters.queue import JobQueue, QueueUnavailable, ReceivedMessage
from compute.domain.errors import ValidationError
from compute.domain.models import RosterJob, ScrapeJob, format_timestamp
from compute.domain.validation import parse_scrape_job
from compute.services.roster_job import RosterOutcome
from compute.services.scrape_artist import ScrapeFailed

MAX_RECEIVES = 3  # the scrape queue's redrive policy (maxReceiveCount)
BLOCKED_REASONS = frozenset({"client_error"})  # 403s: the site blocks our egress address


@dataclass(frozen=True)
class WorkerSettings:
    mode: str = "batch"  # batch | continuous | service
    idle_exit_s: float = 15.0
    wait_s: int = 20
    batch_wait_s: int = 5  # shorter long polls in batch mode, to notice an empty queue
    receive_batch: int = 10
    visibility_s: int = 60
    heartbeat_s: float = 20.0
    retry_base_s: int = 5
    grace_s: float = 25.0  # Fargate sends SIGKILL 30 s after SIGTERM by default
    consumers: int = 3  # receive loops per task: while one waits for a host, others work
    # A queue unreachable this long ends the task with exit 1, so ECS (and the state machine's
    # Retry/Catch) sees a failed task instead of one retrying forever.
    unreachable_exit_s: float = 120.0

    @property
    def batch(self) -> bool:
        return self.mode == "batch"

    @property
    def poll_s(self) -> int:
        return self.batch_wait_s if self.batch else self.wait_s

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> WorkerSettings:
        env = dict(os.environ if env is None else env)
        mode = env.get("MODE", "batch").strip().lower()
        if mode not in ("batch", "continuous", "service"):
            raise ValueError(f"MODE must be batch, continuous or service, got {mode!r}")
        return cls(
            mode=mode,
            idle_exit_s=float(env.get("IDLE_EXIT_S", cls.idle_exit_s)),
            visibility_s=int(env.get("SCRAPE_VISIBILITY_S", cls.visibility_s)),
            heartbeat_s=float(env.get("HEARTBEAT_S", cls.heartbeat_s)),
            receive_batch=int(env.get("RECEIVE_BATCH", cls.receive_batch)),
            consumers=int(env.get("SCRAPER_CONSUMERS", cls.consumers)),
            unreachable_exit_s=float(env.get("QUEUE_UNREACHABLE_EXIT_S", cls.unreachable_exit_s)),
        )


Job = ScrapeJob | RosterJob


class JobOutcome(Protocol):
    @property
    def outcome(self) -> str: ...
    @property
    def written(self) -> bool: ...
    @property
    def rendered(self) -> bool: ...


class FailureRecorder(Protocol):
    def record(self, job: Job | None, reason: str, detail: str) -> None: ...
    def written(self, job: ScrapeJob, count: int = 1) -> None: ...
    def roster_read(self, job: RosterJob, outcome: RosterOutcome) -> None: ...


@dataclass
class _BatchDone:
    """What one consumer finished in its current batch: deleted and counted after it."""

    done: list[ReceivedMessage] = field(default_factory=list)
    written: Counter[str] = field(default_factory=Counter)  # run id -> artists written
    jobs: dict[str, ScrapeJob] = field(default_factory=dict)  # run id -> one of its jobs
    parsed: dict[str, Job] = field(default_factory=dict)  # message id -> its job, parsed once


class Worker:
    def __init__(
        self,
        queue: JobQueue,
        handle_job: Callable[[Job], JobOutcome],
        recorder: FailureRecorder,
        *,
        settings: WorkerSettings,
        logger: Logger,
        metrics: Metrics,
        clock: Callable[[], float] = time.monotonic,
        prepare: Callable[[list[Job]], None] | None = None,
    ) -> None:
        self.queue = queue
        self.handle_job = handle_job
        self.prepare = prepare
        self.recorder = recorder
        self.settings = settings
        self.logger = logger
        self.metrics = metrics
        self._clock = clock
        self.stopping = threading.Event()
        self.queue_lost = threading.Event()  # set when a consumer gave up on the queue
        self._held: dict[str, ReceivedMessage] = {}
        self._held_lock = threading.Lock()
        self.counts: dict[str, int] = {}
        self._counts_lock = threading.Lock()
        # Message ids being worked on here: a queue may hand one message to two consumers at
        # once (at-least-once delivery), and the second must leave it to the first.
        self._working: set[str] = set()
        self._metrics_lock = threading.Lock()
        self._batch = threading.local()  # a consumer's _BatchDone while it works on a batch

    # --- signals and leases ------------------------------------------------------------------

    def install_signal_handlers(self) -> None:
        signal.signal(signal.SIGTERM, self._on_signal)
        signal.signal(signal.SIGINT, self._on_signal)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self.stopping.is_set():
            return
        self.logger.info("stop requested: finishing the current job", extra={"signal": signum})
        self.stopping.set()
        watchdog = threading.Timer(self.settings.grace_s, self._give_up)
        watchdog.daemon = True
        watchdog.start()

    def _give_up(self) -> None:
        """The grace period is over: hand every held job back and leave at once."""
        self.release_held()
        self.logger.warning("grace period over: jobs handed back, exiting")
        os._exit(0)

    def _hold(self, messages: list[ReceivedMessage]) -> None:
        with self._held_lock:
            for message in messages:
                self._held[message.receipt_handle] = message

    def _drop(self, message: ReceivedMessage) -> None:
        with self._held_lock:
            self._held.pop(message.receipt_handle, None)

    def release_held(self) -> None:
        with self._held_lock:
            held = list(self._held.values())
            self._held.clear()
        for message in held:
            # it comes back by itself when its lease runs out
            with contextlib.suppress(QueueUnavailable):
                self.queue.change_visibility(message, 0)

    def _heartbeat(self) -> None:
        while not self.stopping.wait(self.settings.heartbeat_s):
            with self._held_lock:
                held = list(self._held.values())
            if not held:
                continue
            try:  # every lease this process holds, 10 per call
                failed = self.queue.change_visibility_batch(held, self.settings.visibility_s)
            except QueueUnavailable:
                failed = held
            for message in failed:
                self.logger.warning("lease not extended", extra={"id": message.message_id})

    # --- the loop ------------------------------------------------------------------------------

    def run(self) -> int:
        """Consume until stopped (or, in batch mode, until the queue stays drained)."""
        beat = threading.Thread(target=self._heartbeat, name="heartbeat", daemon=True)
        beat.start()
        consumers = [
            threading.Thread(target=self._consume, name=f"consumer-{n}", daemon=True)
            for n in range(max(1, self.settings.consumers))
        ]
        for consumer in consumers:
            consumer.start()
        try:
            # Joined with a timeout so the main thread stays free to take SIGTERM.
            while any(c.is_alive() for c in consumers):
                for consumer in consumers:
                    consumer.join(timeout=0.5)
        finally:
            self.stopping.set()
            for consumer in consumers:
                consumer.join(timeout=self.settings.grace_s)
            self.release_held()
            self._flush()
        return 1 if self.queue_lost.is_set() else 0

    def _consume(self) -> None:
        """One consumer: receive a batch (usually one studio's jobs, as they were queued
        together), do it in order, hand back what a stop left undone."""
        idle_since: float | None = None
        failing_since: float | None = None
        while not self.stopping.is_set():
            try:
                messages = self.queue.receive(
                    max_messages=self.settings.receive_batch,
                    wait_s=self.settings.batch_wait_s
                    if self.settings.batch
                    else self.settings.wait_s,
                    visibility_s=self.settings.visibility_s,
                )
            except QueueUnavailable as error:
                now = self._clock()
                failing_since = now if failing_since is None else failing_since
                if now - failing_since >= self.settings.unreachable_exit_s:
                    self.logger.error(
                        "queue unreachable, giving up",
                        extra={"error": str(error), "for_s": round(now - failing_since, 1)},
                    )
                    self.queue_lost.set()
                    self.stopping.set()
                    return
                self.logger.warning("receive failed", extra={"error": str(error)})
                self.stopping.wait(1.0)
                continue
            failing_since = None
            if not messages:
                if self.settings.batch and self._queue_drained():
                    idle_since = idle_since if idle_since is not None else self._clock()
                    if self._clock() - idle_since >= self.settings.idle_exit_s:
                        self.logger.info("queue drained: consumer exiting")
                        return
                else:
                    idle_since = None
                continue
            idle_since = None
            self._hold(messages)
            self._batch.done = _BatchDone()
            self._prepare(messages)
            try:
                for message in messages:
                    if self.stopping.is_set():
                        break
                    self.process(message)
            finally:
                self._finish_batch()
            self._release(messages)
            self._flush()

    def _prepare(self, messages: list[ReceivedMessage]) -> None:
        """Parse the batch's jobs once and let `prepare` see them together (see the module's
        doc); an unreadable one is left to `_process`, which sends it towards the DLQ."""
        batch: _BatchDone = self._batch.done
        for message in messages:
            with contextlib.suppress(ValueError, ValidationError):
                batch.parsed[message.message_id] = parse_scrape_job(message.json())
        if self.prepare is None or not batch.parsed:
            return
        try:
            self.prepare(list(batch.parsed.values()))
        except Exception as error:  # each job then reads for itself, as without `prepare`
            self.logger.warning("batch preparation failed", extra={"error": str(error)[:300]})

    def _finish_batch(self) -> None:
        """Count the batch's written artists on their runs, then delete its finished jobs."""
        batch: _BatchDone | None = getattr(self._batch, "done", None)
        self._batch.done = None
        if batch is None:
            return
        for run_id, written in batch.written.items():
            try:
                self.recorder.written(batch.jobs[run_id], written)
            except (TableUnavailable, QueueUnavailable):
                self.logger.warning("run counter not updated", extra={"runId": run_id})
        if not batch.done:
            return
        try:
            left = self.queue.delete_batch(batch.done)
        except QueueUnavailable:
            left = batch.done
        for message in left:
            # Not deleted: it returns, and the job is idempotent (already scraped).
            self.logger.warning("delete failed", extra={"id": message.message_id})
        for message in batch.done:
            self._drop(message)

    def _release(self, messages: list[ReceivedMessage]) -> None:
        """Hand back (visibility 0) those of `messages` this process still holds."""
        with self._held_lock:
            left = [m for m in messages if self._held.pop(m.receipt_handle, None) is not None]
        for message in left:
            # it comes back by itself when its lease runs out
            with contextlib.suppress(QueueUnavailable):
                self.queue.change_visibility(message, 0)

    def _flush(self) -> None:
        with self._metrics_lock:
            self.metrics.flush_metrics()

    def _metric(self, name: str, unit: MetricUnit, value: float) -> None:
        with self._metrics_lock:
            self.metrics.add_metric(name=name, unit=unit, value=value)

    def _queue_drained(self) -> bool:
        try:
            depth = self.queue.depth()
        except QueueUnavailable:
            return False
        return depth["visible"] + depth["inFlight"] + depth["delayed"] == 0

    def _count(self, name: str) -> None:
        with self._counts_lock:
            self.counts[name] = self.counts.get(name, 0) + 1

    # --- one message ---------------------------------------------------------------------------

    def process(self, message: ReceivedMessage) -> None:
        with self._held_lock:
            duplicate = message.message_id in self._working
            self._working.add(message.message_id)
        if duplicate:
            self._count("duplicate_delivery")
            self._drop(message)  # the consumer working on it deletes or returns it
            return
        try:
            self._process(message)
        finally:
            with self._held_lock:
                self._working.discard(message.message_id)

    def _process(self, message: ReceivedMessage) -> None:
        batch: _BatchDone | None = getattr(self._batch, "done", None)
        parsed = batch.parsed.pop(message.message_id, None) if batch is not None else None
        try:
            # checked once, where it arrives (with its batch, or here)
            job = parsed if parsed is not None else parse_scrape_job(message.json())
        except (ValueError, ValidationError) as error:
            # Poison: it can never succeed; it goes to the DLQ (kept for a person to inspect).
            self._count("invalid_message")
            self.logger.error(  # the id finds the job among the DLQ's messages
                "invalid scrape job",
                extra={"error": str(error)[:300], "messageId": message.message_id},
            )
            self._retry_later(message, None, "invalid_message", immediately=True)
            return
        self.logger.set_correlation_id(job.run_id)
        started = time.perf_counter()
        try:
            outcome = self.handle_job(job)
        except ScrapeFailed as failure:
            if failure.transient:
                self._retry_later(message, job, failure.reason)
            else:
                self._failed_for_good(message, job, failure.reason, str(failure))
            return
        except (
            TableUnavailable,
            QueueUnavailable,
            TimeoutError,
            BotoCoreError,
            ClientError,
        ) as error:
            self._retry_later(message, job, "dependency_unavailable", detail=str(error))
            return
        except Exception as error:  # a bug: keep the job (DLQ after 3 tries), say what broke
            self.logger.exception("scrape job crashed", extra={"jobId": job.job_id})
            self._retry_later(message, job, "crashed", detail=type(error).__name__)
            return
        if batch is not None and isinstance(job, ScrapeJob) and outcome.written:
            batch.written[job.run_id] += 1  # counted with the batch's deletes, in one update
            batch.jobs.setdefault(job.run_id, job)
        self._done(message)
        self._count(outcome.outcome)
        try:
            if isinstance(job, RosterJob):
                if isinstance(outcome, RosterOutcome):
                    self.recorder.roster_read(job, outcome)
            elif outcome.written and batch is None:
                self.recorder.written(job)
        except (TableUnavailable, QueueUnavailable):
            self.logger.warning("run counter not updated", extra={"jobId": job.job_id})
        self._metric(f"Scrape_{outcome.outcome}", MetricUnit.Count, 1)
        self._metric(
            "ScrapeDuration",
            MetricUnit.Milliseconds,
            (time.perf_counter() - started) * 1000,
        )
        self.logger.info(
            "job done",
            extra={
                "jobId": job.job_id,
                "studioId": job.studio_id,
                "kind": job.kind,
                "outcome": outcome.outcome,
                "rendered": outcome.rendered,
            },
        )

    def _done(self, message: ReceivedMessage) -> None:
        batch: _BatchDone | None = getattr(self._batch, "done", None)
        if batch is not None:
            batch.done.append(message)  # still held (heartbeat) until the batch's delete
            return
        try:
            self.queue.delete(message)
        except QueueUnavailable:
            # Not deleted: it returns, and the job is idempotent (already scraped).
            self.logger.warning("delete failed", extra={"id": message.message_id})
        self._drop(message)

    def _failed_for_good(
        self, message: ReceivedMessage, job: Job, reason: str, detail: str
    ) -> None:
        self._count(f"failed_{reason}")
        self._metric(f"ScrapeFailed_{reason}", MetricUnit.Count, 1)
        if reason in BLOCKED_REASONS:
            self._metric("BlockedRequests", MetricUnit.Count, 1)
        try:
            self.recorder.record(job, reason, detail)
        except (TableUnavailable, QueueUnavailable):
            # Not recorded: keep the job so it is tried (and recorded) again, never lost.
            self._retry_later(message, job, reason)
            return
        self.logger.info(
            "job failed for good",
            extra={"jobId": job.job_id, "studioId": job.studio_id, "reason": reason},
        )
        self._done(message)

    def _retry_later(
        self,
        message: ReceivedMessage,
        job: Job | None,
        reason: str,
        *,
        detail: str = "",
        immediately: bool = False,
    ) -> None:
        last = message.receive_count >= MAX_RECEIVES
        self._count(f"retry_{reason}")
        self._metric(f"ScrapeRetry_{reason}", MetricUnit.Count, 1)
        if last:
            # The next receive moves it to the DLQ: count it for the run now.
            # the DLQ itself still holds the job
            with contextlib.suppress(TableUnavailable, QueueUnavailable):
                self.recorder.record(job, f"dead_letter_{reason}", detail)
        backoff = (
            0
            if immediately or last
            else self.settings.retry_base_s * 2 ** (message.receive_count - 1)
            + random.randint(0, self.settings.retry_base_s)
        )
        self.logger.warning(
            "job will be retried" if not last else "job goes to the dead-letter queue",
            extra={
                "jobId": job.job_id if job else None,
                "reason": reason,
                "receiveCount": message.receive_count,
                "backoffS": backoff,
            },
        )
        # Handed back: from here a receive of it is a new delivery, not a duplicate of one
        # this process works on (with no backoff another consumer may receive it before this
        # call returns; taken for a duplicate, that receive was dropped unread, and the one
        # after it sent the job to the DLQ uncounted for its run).
        with self._held_lock:
            self._working.discard(message.message_id)
        # it comes back when its lease runs out
        with contextlib.suppress(QueueUnavailable):
            self.queue.change_visibility(message, backoff)
        self._drop(message)


class RunRecorder:
    """Counts written artists and failures on the run item; sends failure records (ids only,
    no personal data) to the pipeline-failures queue."""

    def __init__(self, runs: Any, failures_queue: JobQueue | None) -> None:
        self.runs = runs
        self.failures_queue = failures_queue

    def written(self, job: ScrapeJob, count: int = 1) -> None:
        self.runs.count_written(job.run_id, count=count)

    def roster_read(self, job: RosterJob, outcome: RosterOutcome) -> None:
        self.runs.count_roster(job.run_id, artists=outcome.accepted, rendered=outcome.rendered)

    def record(self, job: Job | None, reason: str, detail: str) -> None:
        if job is None:
            return  # an unreadable message has no run; the DLQ keeps it
        self.runs.count_failure(job.run_id, reason)
        if self.failures_queue is not None:
            record: dict[str, Any] = {
                "runId": job.run_id,
                "state": "ReadRoster" if isinstance(job, RosterJob) else "ScrapeArtist",
                "item": {"jobId": job.job_id, "studioId": job.studio_id},
                "error": reason,
                "cause": _without_urls(detail),
                "failedAt": format_timestamp(datetime.now(UTC)),
            }
            contracts.validate("pipeline-failure", record)
            self.failures_queue.send(record)


def _without_urls(detail: str) -> str:
    """A failure's cause without the page URL (it can name the artist)."""
    words = [w for w in detail.split() if "://" not in w]
    return json.dumps(" ".join(words))[1:-1][:1000]
