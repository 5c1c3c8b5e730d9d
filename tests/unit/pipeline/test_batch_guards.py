"""A batch of jobs that carry their profile has its guard reads made at once
(compute.services.scrape_artist.read_guards): one batch read for the batch instead of two per
job (the check before a fetch that does not happen, and the writer's read just after it)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from compute.adapters.artists import GuardedRead
from compute.domain.denylist import handle_identity_key_hash
from compute.domain.identity import artist_id_for
from compute.services.find_artists import find_artists_for_url
from compute.services.scrape_artist import read_guards, scrape_artist
from tests.unit.pipeline.fakes import FakeTable
from tests.unit.pipeline.test_page_profiles import (
    HOME,
    NOW,
    PAGES,
    Fetcher,
    Pages,
    Writer,
    jobs_for,
)


class CountingTable(FakeTable):
    def __init__(self) -> None:
        super().__init__()
        self.batch_reads: list[int] = []  # keys per get_items call

    def get_items(self, item_keys: Sequence[Mapping[str, str]], *, consistent: bool = False) -> Any:
        assert consistent  # the guards are strongly consistent reads
        self.batch_reads.append(len(item_keys))
        return super().get_items(item_keys, consistent=consistent)


def carried_jobs() -> list[Any]:
    reading = find_artists_for_url(HOME, Fetcher(PAGES), studio_id="stu_a", with_profile=True)
    jobs = jobs_for(reading.candidates)
    assert len(jobs) == 2 and all(job.profile is not None for job in jobs)
    return jobs


def test_a_batch_of_carried_jobs_is_guarded_by_one_read_the_writer_reuses() -> None:
    jobs = carried_jobs()
    table, writer = CountingTable(), Writer()
    table.denied.add(handle_identity_key_hash(jobs[1].instagram_handle))
    guards = read_guards(table, jobs)
    assert len(table.batch_reads) == 1
    assert guards[jobs[0].job_id] == GuardedRead(False, None, None)
    assert guards[jobs[1].job_id].denied
    outcomes = [
        scrape_artist(
            job,
            table=table,
            pages=Pages(PAGES),
            writer=writer,
            studios=lambda _: None,
            now=lambda: NOW,
            guard=guards[job.job_id],
        ).outcome
        for job in jobs
    ]
    assert outcomes == ["created", "denylisted"]
    assert len(table.batch_reads) == 1  # no job read again
    assert writer.reads == [guards[jobs[0].job_id]]  # the writer's first attempt uses it


def test_a_guarded_artist_scraped_since_its_job_was_queued_is_not_written_again() -> None:
    job = carried_jobs()[0]
    table = CountingTable()
    stored = {"artistId": artist_id_for(job.identity_key), "scrapedAt": "2026-11-28T13:00:00.000Z"}
    table.put({"PK": f"ARTIST#{stored['artistId']}", "SK": "METADATA", **stored})
    guard = read_guards(table, [job])[job.job_id]
    assert guard.current is not None
    outcome = scrape_artist(
        job, table=table, pages=Pages(PAGES), writer=Writer(), studios=lambda _: None, guard=guard
    )
    assert outcome.outcome == "already_scraped"


def test_a_job_that_reads_its_page_keeps_its_own_read_before_the_fetch() -> None:
    carried = carried_jobs()
    fetching = replace(carried[0], profile=None)
    table, writer = CountingTable(), Writer()
    # None for a job that fetches; one read for a second job of the same artist.
    assert read_guards(table, [fetching]) == {}
    assert table.batch_reads == []
    duplicate = replace(carried[1], job_id="job-again")
    assert set(read_guards(table, [carried[1], duplicate])) == {carried[1].job_id}
    stale = GuardedRead(True, None, None)  # would refuse it, were it used
    outcome = scrape_artist(
        fetching,
        table=table,
        pages=Pages(PAGES),
        writer=writer,
        studios=lambda _: None,
        now=lambda: NOW,
        guard=stale,
    )
    assert outcome.outcome == "created"
    assert table.batch_reads[-1] == 2  # its denylist hash and artist, read just before the fetch
    assert writer.reads == [None]  # and the writer reads for itself
