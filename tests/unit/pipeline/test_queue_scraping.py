from __future__ import annotations

from datetime import UTC, datetime

import pytest

from compute import contracts
from compute.domain.identity import job_id_for
from compute.services.queue_scraping import queue_scraping
from compute.services.summarize import summarize
from compute.services.validate_artists import validate_artists
from tests.unit.pipeline.fakes import FakeRuns, FakeSink

RUN = "run-1"
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def seeded(n: int) -> FakeRuns:
    runs = FakeRuns()
    candidates = [
        {
            "sourceUrl": "http://a.test/artists",
            "confidence": 0.95 if i % 2 else 0.6,
            "studioId": "stu_a",
            "name": f"Artist Number{chr(65 + i % 26)}{i}",
            **({"instagramHandle": f"artist.{i}"} if i % 3 else {}),
        }
        for i in range(n)
    ]
    validate_artists(RUN, "stu_a", candidates, table=runs.table, store=runs, now=lambda: NOW)
    return runs


def test_every_candidate_becomes_one_valid_job_with_a_stable_id() -> None:
    runs, sink = seeded(23), FakeSink()
    outcome = queue_scraping(RUN, source=runs, sink=sink)
    assert outcome.queued == 23 and outcome.batches == 3
    ids = [m.entry_id for m in sink.sent]
    assert len(set(ids)) == 23
    for message in sink.sent:
        assert message.entry_id == job_id_for(RUN, message.body["artist"]["identityKey"])


def test_highest_priority_goes_first_within_a_studio() -> None:
    runs, sink = seeded(12), FakeSink()
    queue_scraping(RUN, source=runs, sink=sink)
    priorities = [m.body["priority"] for m in sink.sent]
    assert priorities == sorted(priorities, reverse=True)


def test_a_studios_jobs_travel_together_most_urgent_studio_first() -> None:
    runs = FakeRuns()
    for studio, confidence in (("stu_a", 0.6), ("stu_b", 0.95), ("stu_c", 0.6)):
        validate_artists(
            RUN,
            studio,
            [
                {
                    "sourceUrl": "http://x.test/",
                    "confidence": confidence,
                    "studioId": studio,
                    "name": f"Person {studio[-1].upper()}{n}",
                    "instagramHandle": f"{studio}.{n}",
                }
                for n in range(4)
            ],
            table=runs.table,
            store=runs,
            now=lambda: NOW,
        )
    sink = FakeSink()
    queue_scraping(RUN, source=runs, sink=sink)
    order = [m.body["studioId"] for m in sink.sent]
    assert order == ["stu_b"] * 4 + ["stu_a"] * 4 + ["stu_c"] * 4


def test_a_retried_step_sends_nothing_twice_and_reports_the_same_total() -> None:
    runs = seeded(15)
    first_sink, second_sink = FakeSink(), FakeSink()
    first = queue_scraping(RUN, source=runs, sink=first_sink)
    second = queue_scraping(RUN, source=runs, sink=second_sink)
    assert first.queued == second.queued == 15
    assert second_sink.sent == [] and second.batches == 0


def test_a_failed_send_leaves_candidates_pending_for_the_retry() -> None:
    runs = seeded(5)

    class Broken(FakeSink):
        def send_batch(self, messages):  # type: ignore[no-untyped-def]
            raise RuntimeError("queue down")

    with pytest.raises(RuntimeError):
        queue_scraping(RUN, source=runs, sink=Broken())
    assert {c["status"] for c in runs.candidates(RUN)} == {"pending"}


def test_every_job_sent_is_a_profile_job_of_the_contracts_shape() -> None:
    runs, sink = seeded(6), FakeSink()
    queue_scraping(RUN, source=runs, sink=sink)
    for message in sink.sent:
        contracts.validate("scrape-job", message.body)
        assert message.body["kind"] == "profile"


def test_summary_counts_the_runs_items_and_dead_letters() -> None:
    runs = seeded(7)
    queue_scraping(RUN, source=runs, sink=FakeSink())
    runs.put_run(
        {
            "PK": f"RUN#{RUN}",
            "SK": "SUMMARY",
            "artistsWritten": 5,
            "rosterStudios": 2,
            "rosterArtists": 3,
            "studiosRendered": 2,
            "failures": {"not_found": 2, "zero": 0},
            "startedAt": "2026-11-28T11:00:00.000Z",
        }
    )

    class Dlq:
        def depth(self) -> dict[str, int]:
            return {"visible": 1, "inFlight": 0, "delayed": 0}

    counts = summarize(RUN, runs=runs, dead_letters=Dlq(), now=lambda: NOW)
    output = counts.to_output()
    contracts.validate("summarize-output", output)
    assert output == {
        "runId": RUN,
        "studios": 1,
        "candidatesAccepted": 7,
        "artistsWritten": 5,
        "queued": 7,
        "deadLettered": 1,
        "rosterStudios": 2,
        "rosterArtists": 3,
        "studiosRendered": 2,
        "failures": {"not_found": 2},
    }
    stored = runs.get_run(RUN)
    assert stored is not None
    contracts.validate("run-item", stored)
    assert stored["status"] == "succeeded" and stored["startedAt"] == "2026-11-28T11:00:00.000Z"


def test_a_step_failing_part_way_resumes_after_the_last_chunk_it_sent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("compute.services.queue_scraping.CHUNK", 4)
    runs = seeded(10)

    class FailsOnSecondChunk(FakeSink):
        def send_batch(self, messages):  # type: ignore[no-untyped-def]
            if self.sent:
                raise RuntimeError("queue down")
            return super().send_batch(messages)

    first = FailsOnSecondChunk()
    with pytest.raises(RuntimeError):
        queue_scraping(RUN, source=runs, sink=first)
    assert len(first.sent) == 4
    assert sorted(c["status"] for c in runs.candidates(RUN)) == ["pending"] * 6 + ["queued"] * 4
    retry = FakeSink()
    outcome = queue_scraping(RUN, source=runs, sink=retry)
    assert outcome.queued == 10 and len(retry.sent) == 6
    assert not {m.entry_id for m in first.sent} & {m.entry_id for m in retry.sent}


def test_a_step_running_out_of_time_stops_between_chunks_and_its_retry_resumes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each chunk takes 10 s of a 45 s budget: two chunks start with 45 s and 35 s left (at
    least the 30 s reserve and twice the slowest chunk), the third would start with 25 s:
    OutOfTime with the first two marked, and a retry with time enough sends the rest, nothing
    twice."""
    from compute.services.queue_scraping import OutOfTime

    monkeypatch.setattr("compute.services.queue_scraping.CHUNK", 4)
    runs = seeded(10)
    now = [0.0]

    class TenSecondsAChunk(FakeSink):
        def send_batch(self, messages):  # type: ignore[no-untyped-def]
            now[0] += 10.0
            return super().send_batch(messages)

    first = TenSecondsAChunk()
    with pytest.raises(OutOfTime) as stopped:
        queue_candidates_until(runs, first, budget_s=45.0, now=now)
    assert (stopped.value.sent, stopped.value.pending) == (8, 2)
    assert sorted(c["status"] for c in runs.candidates(RUN)) == ["pending"] * 2 + ["queued"] * 8
    retry = FakeSink()
    outcome = queue_scraping(RUN, source=runs, sink=retry, time_left=lambda: 600.0)
    assert outcome.queued == 10 and len(retry.sent) == 2
    assert not {m.entry_id for m in first.sent} & {m.entry_id for m in retry.sent}


def queue_candidates_until(
    runs: FakeRuns, sink: FakeSink, budget_s: float, now: list[float]
) -> None:
    from compute.domain.models import ScrapeCandidate
    from compute.services.queue_scraping import queue_candidates

    pending = [ScrapeCandidate.from_item(c) for c in runs.candidates(RUN)]
    queue_candidates(
        pending, source=runs, sink=sink, time_left=lambda: budget_s - now[0], clock=lambda: now[0]
    )
