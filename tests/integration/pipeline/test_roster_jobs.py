"""A studio whose roster only a browser can see goes through the pipeline as a roster job, on
real parts: find-artists (no browser, as in Lambda) hands it to the scrape queue, a scraper
renders it in Chromium and queues its artists' profile jobs, the artists reach the table, and
the run's summary counts the studio as rendered. Politeness and robots.txt hold throughout."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from compute.scraper.app import build
from compute.scraper.worker import WorkerSettings
from emulation.world import World
from tests.integration.pipeline.conftest import TIMING, Aws
from tests.integration.pipeline.helpers import Context, handler_module, pick, put_studio
from tests.integration.pipeline.test_pipeline_steps import scan

pytestmark = pytest.mark.integration

RUN = "run-roster"


@pytest.fixture(scope="module")
def browser_world() -> Iterator[World]:
    world = World(seed=11, studios=120, latency=(0.0, 0.01), timing=TIMING, browser_only=True)
    world.start()
    yield world
    world.stop()


def _messages(aws: Aws) -> list[dict[str, Any]]:
    import json

    reply = aws.sqs.receive_message(
        QueueUrl=aws.scrape_queue_url, MaxNumberOfMessages=10, VisibilityTimeout=0
    )
    return [json.loads(m["Body"]) for m in reply.get("Messages", [])]


def test_a_roster_only_a_browser_sees_reaches_the_table_through_a_roster_job(
    browser_world: World, aws: Aws
) -> None:
    world = browser_world
    spec = pick(world, "ok", "js_delayed", min_artists=2)
    studio_id = put_studio(aws.table, spec)
    env = aws.env(world, CRAWL_POLITENESS_DELAY_S="1")

    with handler_module("find_artists", env) as find_artists:
        found = find_artists.handler({"runId": RUN, "studioId": studio_id}, Context())
    # The Lambda reads no artist on the shell, and does not fail the studio for it: it hands
    # the studio to the scrapers.
    assert found["candidates"] == []
    [roster] = _messages(aws)
    assert roster["kind"] == "roster" and roster["studioId"] == studio_id

    with handler_module("validate_artists", env) as validate:
        validate.handler(found, Context())
    with handler_module("queue_scraping", env) as queue_scraping:
        assert queue_scraping.handler({"runId": RUN}, Context())["queued"] == 0

    scraper = build(
        aws.env(world, SCRAPER_BROWSER="chromium", RUN_ID=RUN),
        settings=WorkerSettings(mode="batch", idle_exit_s=2, batch_wait_s=1),
    )
    try:
        assert scraper.worker.run() == 0
    finally:
        scraper.close()
    assert scraper.worker.counts.get("roster_read") == 1

    with handler_module("summarize", env) as summarize:
        summary = summarize.handler({"runId": RUN}, Context())
    truth = {a.handle for a in spec.artists}
    artists = scan(aws, "artist")
    assert {a["instagramHandle"] for a in artists} == truth
    assert summary["rosterStudios"] == 1 and summary["studiosRendered"] == 1
    assert summary["rosterArtists"] == len(truth) == summary["artistsWritten"]
    assert summary["deadLettered"] == 0 and summary["failures"] == {}
    report = world.politeness_report(min_delay_s=1.0)
    assert report.robots_violations == 0
    assert report.politeness_violations == 0, report.examples
