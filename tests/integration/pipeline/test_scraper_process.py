"""The scraper as the task runs it (`python -m compute.scraper`), and the privacy rules every
scrape obeys: an opted-out or denylisted artist is never written again."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from typing import Any

import pytest

from compute import contracts
from compute.adapters.clients import dynamodb_client
from compute.adapters.dynamodb import MainTable
from compute.domain.denylist import handle_identity_key_hash
from compute.domain.identity import artist_id_for
from compute.domain.models import Artist, DenylistEntry, format_timestamp
from compute.scraper.app import build
from compute.scraper.worker import WorkerSettings
from emulation.world import World
from tests.integration.pipeline.conftest import Aws
from tests.integration.pipeline.helpers import job, pick, put_studio

pytestmark = pytest.mark.integration


def depth(aws: Aws) -> tuple[int, int]:
    attributes = aws.sqs.get_queue_attributes(
        QueueUrl=aws.scrape_queue_url,
        AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    )["Attributes"]
    return (
        int(attributes["ApproximateNumberOfMessages"]),
        int(attributes["ApproximateNumberOfMessagesNotVisible"]),
    )


def test_sigterm_finishes_the_current_job_and_hands_the_rest_back(
    world: World, aws: Aws, moto_endpoint: str
) -> None:
    spec = pick(world, "timeout")  # its home page stalls 4 s: a job still running at SIGTERM
    put_studio(aws.table, spec)
    for artist in spec.artists[:3]:
        body = job("run-term", spec, f"http://{spec.host}/", name=artist.name, handle=artist.handle)
        aws.sqs.send_message(QueueUrl=aws.scrape_queue_url, MessageBody=json.dumps(body))
    env = {
        **os.environ,
        **aws.env(world, MODE="continuous", FETCH_TIMEOUT_S="10", SCRAPER_CONSUMERS="1"),
        "AWS_ENDPOINT_URL": moto_endpoint,
    }
    process = subprocess.Popen([sys.executable, "-m", "compute.scraper"], env=env)
    try:
        deadline = time.monotonic() + 30
        while depth(aws)[1] == 0:  # wait until the batch is received
            assert time.monotonic() < deadline, "the scraper never received its jobs"
            time.sleep(0.1)
        time.sleep(1.0)
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=30)  # Fargate's stop timeout
    finally:
        if process.poll() is None:
            process.kill()
    assert code == 0
    visible, in_flight = depth(aws)
    # The job in hand was finished (recorded: the home page names no artist); the two it had
    # not started are back on the queue at once, not after their lease.
    assert (visible, in_flight) == (2, 0)


def test_opted_out_and_denylisted_artists_are_never_written(world: World, aws: Aws) -> None:
    spec = pick(world, "ok", "static_list", min_artists=3)
    put_studio(aws.table, spec)
    opted, denied, fine = spec.artists[0], spec.artists[1], spec.artists[2]
    table = MainTable(dynamodb_client(), aws.table)
    stamp = format_timestamp(datetime.now(UTC))
    removed = Artist(
        artist_id=artist_id_for(f"ig:{opted.handle}"),
        name=opted.name,
        created_at=stamp,
        updated_at=stamp,
        instagram_handle=opted.handle,
        opted_out=True,
        version=3,
    ).to_item()
    table.put_items([removed])
    table.put_items(
        [
            DenylistEntry(
                handle_identity_key_hash(denied.handle), "requested-by-artist", stamp
            ).to_item()
        ]
    )
    url = f"http://{spec.host}{spec.roster_path}"
    for artist in (opted, denied, fine):
        body = job("run-privacy", spec, url, name=artist.name, handle=artist.handle)
        aws.sqs.send_message(QueueUrl=aws.scrape_queue_url, MessageBody=json.dumps(body))
    scraper = build(
        aws.env(world), settings=WorkerSettings(mode="batch", idle_exit_s=1, batch_wait_s=1)
    )
    try:
        scraper.worker.run()
    finally:
        scraper.close()
    assert scraper.worker.counts == {"opted_out": 1, "denylisted": 1, "created": 1}
    assert table.get_artist(artist_id_for(f"ig:{opted.handle}")) == removed  # untouched
    assert table.get_artist(artist_id_for(f"ig:{denied.handle}")) is None  # never created
    assert table.get_artist(artist_id_for(f"ig:{fine.handle}")) is not None


def test_a_studios_batch_is_deleted_and_counted_in_a_few_round_trips(
    world: World, aws: Aws
) -> None:
    """Each job's guard reads (denylist, artist, version floor) are one batch read each, and the
    batch's jobs are deleted and counted on the run once, after the batch: no per-key GetItem,
    no per-job DeleteMessage or counter update, yet every job is deleted and counted."""
    from compute.adapters.runs import RunStore

    spec = pick(world, "ok", "static_list", min_artists=4)
    put_studio(aws.table, spec)
    url = f"http://{spec.host}{spec.roster_path}"
    for artist in spec.artists[:4]:
        body = job("run-batched", spec, url, name=artist.name, handle=artist.handle)
        aws.sqs.send_message(QueueUrl=aws.scrape_queue_url, MessageBody=json.dumps(body))
    calls: list[tuple[str, str]] = []

    def seen(model: Any, params: dict[str, Any], **_: Any) -> None:
        key = str(params.get("Key", {}).get("PK", {}).get("S", ""))
        calls.append((model.name, key.split("#", 1)[0]))

    scraper = build(
        aws.env(world),
        settings=WorkerSettings(mode="batch", idle_exit_s=1, batch_wait_s=1, consumers=1),
    )
    recorder: Any = scraper.worker.recorder
    for client in (recorder.runs.client, scraper.worker.queue.client):  # the table's, the queue's
        client.meta.events.register("before-parameter-build", seen)
    try:
        scraper.worker.run()
    finally:
        scraper.close()
    assert scraper.worker.counts == {"created": 4}
    assert ("GetItem", "DENYLIST") not in calls
    assert ("GetItem", "ARTIST") not in calls
    assert not [c for c in calls if c[0] == "DeleteMessage"]
    assert [c for c in calls if c[0] == "DeleteMessageBatch"]
    assert calls.count(("UpdateItem", "RUN")) == 1  # 4 written, counted at once
    assert depth(aws) == (0, 0)
    run = RunStore(MainTable(dynamodb_client(), aws.table)).get_run("run-batched")
    assert run is not None and int(run["artistsWritten"]) == 4


def test_a_batch_of_jobs_carrying_their_profile_reads_its_guards_once(
    world: World, aws: Aws
) -> None:
    """Jobs that carry what find-artists read fetch nothing: their batch's guards (denylist,
    artist, version floor) are one BatchGetItem, which each writer's first attempt uses; each
    job still checks the denylist after its write. 4 jobs: 1 + 4 batch reads, not 3 x 4. A
    denylisted one among them is refused, and a redelivered one is already scraped."""
    spec = pick(world, "ok", "static_list", min_artists=4)
    put_studio(aws.table, spec)
    table = MainTable(dynamodb_client(), aws.table)
    stamp = format_timestamp(datetime.now(UTC))
    denied = spec.artists[3]
    table.put_items(
        [
            DenylistEntry(
                handle_identity_key_hash(denied.handle), "requested-by-artist", stamp
            ).to_item()
        ]
    )
    url = f"http://{spec.host}{spec.roster_path}"
    bodies = []
    for artist in spec.artists[:4]:
        legacy = job("run-carried", spec, url, name=artist.name, handle=artist.handle)
        body = {k: legacy[k] for k in ("jobId", "runId", "queuedAt", "priority")}
        body |= {"kind": "profile", "studioId": legacy["artist"]["studioId"], "pageUrl": url}
        body["artist"] = {k: legacy["artist"][k] for k in ("identityKey", "name", "confidence")}
        body["artist"]["instagramHandle"] = artist.handle
        body["profile"] = {"pageUrl": url, "ownPage": False, "name": artist.name}
        body["profile"]["instagramHandle"] = artist.handle
        contracts.validate("scrape-job", body)
        bodies.append(body)
        aws.sqs.send_message(QueueUrl=aws.scrape_queue_url, MessageBody=json.dumps(body))
    calls: list[str] = []

    def seen(model: Any, params: dict[str, Any], **_: Any) -> None:
        calls.append(model.name)

    def run() -> Any:
        scraper = build(
            aws.env(world),
            settings=WorkerSettings(mode="batch", idle_exit_s=1, batch_wait_s=1, consumers=1),
        )
        recorder: Any = scraper.worker.recorder
        recorder.runs.client.meta.events.register("before-parameter-build", seen)
        try:
            scraper.worker.run()
        finally:
            scraper.close()
        return scraper

    scraper = run()
    assert scraper.worker.counts == {"created": 3, "denylisted": 1}
    assert scraper.pages.fetched == 0  # nothing read from the site
    assert calls.count("BatchGetItem") == 1 + 3  # the batch's guards, each write's check after
    assert calls.count("PutItem") + calls.count("BatchWriteItem") >= 3
    assert table.get_artist(artist_id_for(f"ig:{denied.handle}")) is None
    for artist in spec.artists[:3]:
        assert table.get_artist(artist_id_for(f"ig:{artist.handle}")) is not None
    # Delivered again (a lost delete): already scraped, not written twice.
    aws.sqs.send_message(QueueUrl=aws.scrape_queue_url, MessageBody=json.dumps(bodies[0]))
    assert run().worker.counts == {"already_scraped": 1}


def test_leases_are_extended_and_jobs_deleted_ten_per_call(aws: Aws) -> None:
    """The queue adapter's batch calls on a real SQS API: 12 held messages, two calls each."""
    from compute.adapters.queue import JobQueue

    queue = JobQueue(aws.sqs, aws.scrape_queue_url)
    aws.sqs.send_message_batch(
        QueueUrl=aws.scrape_queue_url,
        Entries=[{"Id": str(n), "MessageBody": "{}"} for n in range(10)],
    )
    aws.sqs.send_message_batch(
        QueueUrl=aws.scrape_queue_url,
        Entries=[{"Id": str(n), "MessageBody": "{}"} for n in range(2)],
    )
    held = queue.receive(max_messages=10, wait_s=0, visibility_s=1)
    held += queue.receive(max_messages=10, wait_s=0, visibility_s=1)
    assert len(held) == 12
    assert queue.change_visibility_batch(held, 60) == []
    time.sleep(1.5)  # past the receive's 1 s lease: only the extension keeps them in flight
    assert depth(aws) == (0, 12)
    assert queue.delete_batch(held) == []
    assert depth(aws) == (0, 0)
