"""SQS may deliver one scrape job twice at once (a standard queue; moto's threaded server did it
here to two consumers of one scraper). Both deliveries read the artist before either wrote it;
against moto, the second write finds the first one's item, scraped after its job was queued,
and leaves it alone: the artist is written, versioned and counted once. A job queued later
still updates it."""

from __future__ import annotations

import dataclasses

import pytest

from compute.adapters.artists import ArtistWriter, GuardedRead
from compute.adapters.dynamodb import MainTable
from compute.domain.identity import identity_key
from emulation.seed import synthetic_world
from tests.integration.pipeline.conftest import Aws

pytestmark = pytest.mark.integration

QUEUED = "2026-12-07T04:08:00.000Z"
FIRST = "2026-12-07T04:08:07.000Z"
SECOND = "2026-12-07T04:08:14.000Z"
LATER_JOB = "2026-12-07T05:00:00.000Z"
NOT_YET_WRITTEN = GuardedRead(denied=False, current=None, floor=None)


def test_two_deliveries_of_one_job_write_the_artist_once(aws: Aws) -> None:
    table = MainTable(aws.dynamodb, aws.table)
    writer = ArtistWriter(table)
    (artist, *_), _, _ = synthetic_world(1, seed=18)
    assert artist.instagram_handle is not None
    key = identity_key(instagram_handle=artist.instagram_handle)

    def write(scraped_at: str, *, queued_at: str, read: GuardedRead | None) -> str:
        scraped = dataclasses.replace(artist, scraped_at=scraped_at)
        result = writer.write(
            scraped, identity_key=key, studio_id="stu_a", now=scraped_at, read=read,
            fresh_since=queued_at,
        )  # fmt: skip
        return result.outcome

    assert write(FIRST, queued_at=QUEUED, read=NOT_YET_WRITTEN) == "created"
    # The second delivery's read came before the first write: its Put is refused, it reads
    # again, and the item it finds was scraped after the job was queued.
    assert write(SECOND, queued_at=QUEUED, read=NOT_YET_WRITTEN) == "already_scraped"
    stored = table.get_artist(artist.artist_id, consistent=True)
    assert stored is not None
    assert (stored["version"], stored["scrapedAt"]) == (1, FIRST)

    assert write(LATER_JOB, queued_at=LATER_JOB, read=None) == "updated"
    stored = table.get_artist(artist.artist_id, consistent=True)
    assert stored is not None and stored["version"] == 2
