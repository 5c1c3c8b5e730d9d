"""Every way a studio site fails, as a scrape job meets it: each job ends written, recorded as
failed (run counter + pipeline-failures record), or in the dead-letter queue after 3
receives. The test accounts for every job it queued: none is dropped silently."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest

from compute.adapters.clients import dynamodb_client
from compute.adapters.dynamodb import MainTable
from compute.adapters.runs import RunStore
from compute.scraper.app import build
from compute.scraper.worker import WorkerSettings
from emulation.world import World
from tests.integration.pipeline.conftest import Aws
from tests.integration.pipeline.helpers import job, pick, put_studio

pytestmark = pytest.mark.integration
RUN = "run-failures"


def drain(aws: Aws, url: str) -> list[dict[str, Any]]:
    bodies = []
    while True:
        reply = aws.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0)
        messages = reply.get("Messages", [])
        if not messages:
            return bodies
        for message in messages:
            try:
                bodies.append(json.loads(message["Body"]))
            except ValueError:
                bodies.append({"unreadable": message["Body"]})
            aws.sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])


def test_each_failure_kind_ends_written_recorded_or_dead_lettered(world: World, aws: Aws) -> None:
    roster = {
        # condition -> (page the job points at, what must become of the job)
        "ok": ("roster", "written"),
        "slow": ("roster", "written"),
        "flaky": ("roster", "written"),  # 502 once, then fine: the fetcher retries
        "malformed": ("roster", "written"),
        "not_found": ("roster", "recorded:not_found"),
        "robots_blocks_roster": ("roster", "recorded:robots_disallowed"),
        "redirect_loop": ("home", "recorded:redirect_loop"),
        "huge": ("home", "recorded:too_large"),
        "server_error": ("roster", "dead_letter"),  # robots.txt 500: unreachable, transient
        "timeout": ("home", "dead_letter"),  # hangs longer than the fetch timeout
    }
    jobs: list[dict[str, Any]] = []
    expected: dict[str, str] = {}
    for condition, (page, fate) in roster.items():
        spec = pick(world, condition, static=True)
        put_studio(aws.table, spec)
        url = f"http://{spec.host}" + (spec.roster_path if page == "roster" else "/")
        artist = spec.artists[0]
        body = job(RUN, spec, url, name=artist.name, handle=artist.handle)
        jobs.append(body)
        expected[body["jobId"]] = fate
    # A page that does not name the artist: recorded, not guessed.
    ok = pick(world, "ok", "cards")
    put_studio(aws.table, ok)
    ghost = job(
        RUN, ok, f"http://{ok.host}{ok.roster_path}", name="Nobody Atall", handle="no.such.one"
    )
    jobs.append(ghost)
    expected[ghost["jobId"]] = "recorded:artist_not_on_page"
    for body in jobs:
        aws.sqs.send_message(QueueUrl=aws.scrape_queue_url, MessageBody=json.dumps(body))
    aws.sqs.send_message(QueueUrl=aws.scrape_queue_url, MessageBody="{not a job")

    scraper = build(
        aws.env(world, FETCH_TIMEOUT_S="1"),
        settings=WorkerSettings(
            mode="batch", idle_exit_s=1, batch_wait_s=1, retry_base_s=0, consumers=3
        ),
    )
    try:
        assert scraper.worker.run() == 0
    finally:
        scraper.close()

    written: set[str] = set()
    table = MainTable(dynamodb_client(), aws.table)
    from compute.domain.identity import artist_id_for

    failures = drain(aws, aws.failures_queue_url)
    recorded = {f["item"]["jobId"]: f["error"] for f in failures}
    dead = drain(aws, aws.dlq_url)
    dead_ids = {str(d.get("jobId", "unreadable")) for d in dead}
    outcome: dict[str, str] = {}
    for body in jobs:
        job_id = body["jobId"]
        if table.get_artist(artist_id_for(body["artist"]["identityKey"])) is not None:
            written.add(job_id)
            outcome[job_id] = "written"
        elif job_id in dead_ids:
            outcome[job_id] = "dead_letter"
        elif job_id in recorded:
            outcome[job_id] = f"recorded:{recorded[job_id]}"
        else:
            outcome[job_id] = "LOST"
    assert outcome == expected
    # The unreadable message went to the DLQ too, kept for a person to look at.
    assert len(dead) == 3
    # Dead letters were counted for the run before they left, and so were recorded failures.
    run = RunStore(table).get_run(RUN)
    assert run is not None
    counted = Counter(dict(run["failures"]))
    assert counted["not_found"] >= 1 and counted["robots_disallowed"] >= 1
    assert sum(v for k, v in counted.items() if k.startswith("dead_letter_")) == 2
    assert run["artistsWritten"] == 4
    report = world.politeness_report(min_delay_s=1.0)
    assert report.robots_violations == 0 and report.politeness_violations == 0, report.examples
