"""The scraper loop's bookkeeping: every job ends deleted (done or recorded), retried with a
backoff, or on its way to the DLQ; none is dropped silently."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools import Logger, Metrics

from compute.adapters.dynamodb import TableUnavailable
from compute.adapters.queue import QueueUnavailable, ReceivedMessage
from compute.domain.identity import job_id_for
from compute.scraper.worker import MAX_RECEIVES, RunRecorder, Worker, WorkerSettings
from compute.services.scrape_artist import ScrapeFailed, ScrapeOutcome
from tests.unit.pipeline.fakes import FakeQueue, FakeRecorder

RUN = "run-1"


def message(receive_count: int = 1, body: Any = None) -> ReceivedMessage:
    identity = "ig:ada.ink"
    job = body or {
        "jobId": job_id_for(RUN, identity),
        "runId": RUN,
        "queuedAt": "2026-11-28T12:00:00.000Z",
        "priority": 7,
        "artist": {
            "identityKey": identity,
            "instagramHandle": "ada.ink",
            "profileUrl": "http://a.test/artists",
            "studioId": "stu_a",
            "confidence": 0.9,
        },
    }
    return ReceivedMessage(
        "m1", "r1", json.dumps(job) if not isinstance(job, str) else job, receive_count
    )


def worker(handle: Any, queue: FakeQueue, recorder: FakeRecorder) -> Worker:
    return Worker(
        queue,  # type: ignore[arg-type]
        handle,
        recorder,
        settings=WorkerSettings(retry_base_s=5),
        logger=Logger(service="scraper-test"),
        metrics=Metrics(service="scraper-test", namespace="Test"),
    )


def test_a_done_job_is_deleted_and_counted() -> None:
    queue, recorder = FakeQueue(), FakeRecorder()
    w = worker(lambda job: ScrapeOutcome(job.job_id, "created", "art_1"), queue, recorder)
    w.process(message())
    assert queue.deleted == ["m1"] and recorder.written_jobs and recorder.records == []


def test_a_skipped_job_is_deleted_without_counting_a_write() -> None:
    queue, recorder = FakeQueue(), FakeRecorder()
    w = worker(lambda job: ScrapeOutcome(job.job_id, "denylisted", "art_1"), queue, recorder)
    w.process(message())
    assert queue.deleted == ["m1"] and recorder.written_jobs == []


def test_a_permanent_failure_is_recorded_then_deleted() -> None:
    queue, recorder = FakeQueue(), FakeRecorder()

    def fail(job: Any) -> ScrapeOutcome:
        raise ScrapeFailed("not_found", transient=False)

    worker(fail, queue, recorder).process(message())
    assert queue.deleted == ["m1"]
    assert [r[1] for r in recorder.records] == ["not_found"]


def test_a_permanent_failure_that_cannot_be_recorded_is_kept() -> None:
    queue = FakeQueue()

    class Down(FakeRecorder):
        def record(self, job: Any, reason: str, detail: str) -> None:
            raise TableUnavailable("down")

    def fail(job: Any) -> ScrapeOutcome:
        raise ScrapeFailed("not_found", transient=False)

    worker(fail, queue, Down()).process(message())
    assert queue.deleted == [] and queue.visibility and queue.visibility[0][1] > 0


def test_a_transient_failure_returns_after_a_growing_backoff() -> None:
    def fail(job: Any) -> ScrapeOutcome:
        raise ScrapeFailed("server_error", transient=True)

    backoffs = []
    for count in (1, 2):
        queue, recorder = FakeQueue(), FakeRecorder()
        worker(fail, queue, recorder).process(message(receive_count=count))
        assert queue.deleted == [] and recorder.records == []
        backoffs.append(queue.visibility[0][1])
    assert 5 <= backoffs[0] <= 10 and 10 <= backoffs[1] <= 15


def test_the_last_receive_is_recorded_and_handed_to_the_dlq() -> None:
    queue, recorder = FakeQueue(), FakeRecorder()

    def fail(job: Any) -> ScrapeOutcome:
        raise TimeoutError("gate")

    worker(fail, queue, recorder).process(message(receive_count=MAX_RECEIVES))
    assert queue.deleted == [] and queue.visibility == [("m1", 0)]
    assert [r[1] for r in recorder.records] == ["dead_letter_dependency_unavailable"]


def test_a_crash_keeps_the_job() -> None:
    queue, recorder = FakeQueue(), FakeRecorder()

    def crash(job: Any) -> ScrapeOutcome:
        raise KeyError("bug")

    worker(crash, queue, recorder).process(message())
    assert queue.deleted == [] and len(queue.visibility) == 1


def test_an_invalid_message_goes_straight_back_towards_the_dlq() -> None:
    queue, recorder = FakeQueue(), FakeRecorder()
    called = []
    w = worker(lambda job: called.append(job), queue, recorder)
    w.process(message(body="{not json"))
    w.process(message(body={"jobId": "x"}))
    assert called == [] and queue.deleted == []
    assert queue.visibility == [("m1", 0), ("m1", 0)]


def test_failure_records_carry_ids_but_no_urls() -> None:
    sent: list[dict[str, Any]] = []

    class Runs:
        def count_failure(self, run_id: str, reason: str) -> None:
            sent.append({"counted": reason})

    class Failures:
        def send(self, body: dict[str, Any]) -> None:
            sent.append(body)

    from compute.domain.models import ScrapeJob
    from compute.domain.validation import parse_scrape_job

    job = parse_scrape_job(json.loads(message().body))
    assert isinstance(job, ScrapeJob)
    RunRecorder(Runs(), Failures()).record(  # type: ignore[arg-type]
        job, "not_found", "not_found: http://a.test/artists/ada-smith/ (404)"
    )
    assert sent[0] == {"counted": "not_found"}
    assert sent[1]["item"] == {"jobId": job.job_id, "studioId": "stu_a"}
    assert "http" not in sent[1]["cause"] and "ada" not in json.dumps(sent[1])


def test_settings_read_the_task_environment() -> None:
    settings = WorkerSettings.from_env({"MODE": "continuous", "IDLE_EXIT_S": "3"})
    assert not settings.batch and settings.idle_exit_s == 3.0
    assert WorkerSettings.from_env({}).batch


def test_a_message_delivered_to_two_consumers_at_once_is_worked_on_once() -> None:
    import threading

    queue, recorder = FakeQueue(), FakeRecorder()
    entered, release = threading.Event(), threading.Event()
    calls: list[str] = []

    def slow(job: Any) -> ScrapeOutcome:
        calls.append(job.job_id)
        entered.set()
        release.wait(5)
        return ScrapeOutcome(job.job_id, "created", "art_1")

    w = worker(slow, queue, recorder)
    first = threading.Thread(target=w.process, args=(message(),))
    first.start()
    assert entered.wait(5)
    w.process(message())  # the same message id, handed to a second consumer meanwhile
    release.set()
    first.join(5)
    assert calls == [calls[0]] and queue.deleted == ["m1"]
    assert w.counts["duplicate_delivery"] == 1
    w.process(message(receive_count=2))  # delivered again later: worked on normally
    assert len(calls) == 2


def test_a_job_handed_back_is_a_new_delivery_for_the_consumer_that_receives_it_next() -> None:
    """CI: a retry with no backoff was received by a second consumer before the first one's
    `process` returned, taken for a duplicate and dropped unread; the receive after it sent
    the job to the DLQ without the run counting the dead letter."""
    recorder = FakeRecorder()
    attempts: list[int] = []

    def fail(job: Any) -> ScrapeOutcome:
        raise ScrapeFailed("robots_unreachable", transient=True)

    class Redelivering(FakeQueue):
        def change_visibility(self, message: ReceivedMessage, timeout_s: int) -> None:
            super().change_visibility(message, timeout_s)
            attempts.append(message.receive_count)
            if message.receive_count < MAX_RECEIVES:  # another consumer receives it at once
                w.process(ReceivedMessage("m1", "r2", message.body, message.receive_count + 1))

    w = Worker(
        Redelivering(),  # type: ignore[arg-type]
        fail,
        recorder,
        settings=WorkerSettings(retry_base_s=0),
        logger=Logger(service="scraper-test"),
        metrics=Metrics(service="scraper-test", namespace="Test"),
    )
    w.process(message(receive_count=1))
    assert attempts == list(range(1, MAX_RECEIVES + 1))
    assert [r[1] for r in recorder.records] == ["dead_letter_robots_unreachable"]
    assert w.counts.get("duplicate_delivery", 0) == 0


def test_a_render_that_left_an_empty_shell_is_retried_not_concluded() -> None:
    import pytest

    from compute.adapters.web import FetchError, Page
    from compute.scraper.pages import PageReader

    shell = (
        '<html><body><div id="roster" data-src="/api/roster.json"></div>'
        '<script src="/assets/roster.js" defer></script></body></html>'
    )

    class Fetcher:
        def fetch(self, url: str) -> Page:
            return Page(url, 200, shell, "text/html")

    class Browser:
        def __init__(self) -> None:
            self.calls = 0

        def render(self, url: str, *, html: str | None = None) -> str:
            self.calls += 1
            if self.calls == 1:
                return shell
            return shell.replace("></div>", "><article class='artist'><h2>Ada</h2></article></div>")

    browser = Browser()
    reader = PageReader(Fetcher(), browser)
    with pytest.raises(FetchError) as raised:
        reader.read("http://a.test/roster")
    assert raised.value.transient and raised.value.reason == "render_incomplete"
    page = reader.read("http://a.test/roster")  # not cached: rendered again
    assert page.rendered and "Ada" in page.html


class UnreachableQueue(FakeQueue):
    """A queue whose every receive fails, as when the endpoint is gone."""

    receives: int = 0

    def receive(self, **_: Any) -> list[ReceivedMessage]:
        self.receives += 1
        raise QueueUnavailable("connection refused")


def no_job_expected(job: Any) -> ScrapeOutcome:
    raise AssertionError(f"no job can arrive from an unreachable queue, got {job}")


def test_a_queue_unreachable_for_too_long_ends_the_task_with_exit_1() -> None:
    ticks = iter(range(0, 10_000, 20))  # each look at the clock is 20 s later
    queue = UnreachableQueue()
    w = Worker(
        queue,  # type: ignore[arg-type]
        no_job_expected,
        FakeRecorder(),
        settings=WorkerSettings(consumers=1, unreachable_exit_s=30),
        logger=Logger(service="scraper-test"),
        metrics=Metrics(service="scraper-test", namespace="Test"),
        clock=lambda: float(next(ticks)),
    )
    assert w.run() == 1
    assert w.queue_lost.is_set()
    assert queue.receives == 3  # at 0 s, 20 s, then 40 s: past 30 s, no fourth try


def test_the_unreachable_limit_reads_the_task_environment() -> None:
    assert WorkerSettings.from_env({"QUEUE_UNREACHABLE_EXIT_S": "45"}).unreachable_exit_s == 45


class LeaseQueue(FakeQueue):
    """Records which SQS calls the worker makes on held messages."""

    def __init__(self) -> None:
        super().__init__()
        self.single_changes = 0
        self.batch_calls: list[int] = []

    def change_visibility(self, message: ReceivedMessage, timeout_s: int) -> None:
        self.single_changes += 1

    def change_visibility_batch(
        self, messages: list[ReceivedMessage], timeout_s: int
    ) -> list[ReceivedMessage]:
        self.batch_calls.append(len(messages))
        return []


def test_the_heartbeat_extends_every_held_lease_in_batches() -> None:
    import threading

    queue = LeaseQueue()
    w = Worker(
        queue,  # type: ignore[arg-type]
        lambda job: None,
        FakeRecorder(),
        settings=WorkerSettings(heartbeat_s=0.01),
        logger=Logger(service="scraper-test"),
        metrics=Metrics(service="scraper-test", namespace="Test"),
    )
    w._hold([ReceivedMessage(f"m{n}", f"r{n}", "{}", 1) for n in range(12)])
    beat = threading.Thread(target=w._heartbeat)
    beat.start()
    for _ in range(200):  # at most 2 s
        if queue.batch_calls or queue.single_changes:
            break
        beat.join(timeout=0.01)
    w.stopping.set()
    beat.join()
    assert queue.single_changes == 0
    assert queue.batch_calls and queue.batch_calls[0] == 12  # the adapter sends them 10 per call


class OneBatchQueue(FakeQueue):
    """Hands out one batch, then nothing: a batch-mode consumer works it and exits."""

    def __init__(self, messages: list[ReceivedMessage]) -> None:
        super().__init__()
        self.batches = [messages]

    def receive(self, **_: Any) -> list[ReceivedMessage]:
        return self.batches.pop() if self.batches else []


def test_a_batch_is_parsed_once_and_prepared_together_before_its_jobs_run() -> None:
    bodies = [json.loads(message().body) for _ in range(2)]
    bodies[1]["jobId"], bodies[1]["artist"]["identityKey"] = "job-2", "ig:grace.tattoos"
    batch = [ReceivedMessage(f"m{n}", f"r{n}", json.dumps(b), 1) for n, b in enumerate(bodies)]
    batch.append(ReceivedMessage("bad", "rb", "{not json", 1))
    queue, prepared, handled = OneBatchQueue(batch), [], []

    def handle(job: Any) -> ScrapeOutcome:
        handled.append(job)
        return ScrapeOutcome(job.job_id, "created", "art_1")

    w = Worker(
        queue,  # type: ignore[arg-type]
        handle,
        FakeRecorder(),
        settings=WorkerSettings(consumers=1, idle_exit_s=0, batch_wait_s=0),
        logger=Logger(service="scraper-test"),
        metrics=Metrics(service="scraper-test", namespace="Test"),
        prepare=prepared.append,
    )
    assert w.run() == 0
    assert len(prepared) == 1 and [j.job_id for j in prepared[0]] == [bodies[0]["jobId"], "job-2"]
    assert handled == prepared[0]  # the very jobs prepared: each message parsed once
    assert sorted(queue.deleted) == ["m0", "m1"]
    assert w.counts["invalid_message"] == 1  # the unreadable one still heads for the DLQ


def test_a_failed_preparation_leaves_each_job_to_run_as_without_it() -> None:
    queue = OneBatchQueue([message()])

    def prepare(jobs: Any) -> None:
        raise TableUnavailable("BatchGetItem failed")

    w = Worker(
        queue,  # type: ignore[arg-type]
        lambda job: ScrapeOutcome(job.job_id, "created", "art_1"),
        FakeRecorder(),
        settings=WorkerSettings(consumers=1, idle_exit_s=0, batch_wait_s=0),
        logger=Logger(service="scraper-test"),
        metrics=Metrics(service="scraper-test", namespace="Test"),
        prepare=prepare,
    )
    assert w.run() == 0
    assert queue.deleted == ["m1"] and w.counts == {"created": 1}
