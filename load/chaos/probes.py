"""What the stack holds, read through its edges without disturbing it: the table's artists
against the index's documents, queue contents (peeked, never consumed), the functions' and
tasks' logs, the run's scrape-job endings; and the operator's tools (replay, reconcile)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from load.chaos.stack import INDEX_ALIAS, Stack


def table_artists(stack: Stack) -> dict[str, int]:
    """Listed artists (not opted out) by id -> version, from a consistent scan of the table."""
    ddb = stack.client("dynamodb")
    found: dict[str, int] = {}
    request: dict[str, Any] = {
        "TableName": stack.table,
        "FilterExpression": "#t = :t",
        "ExpressionAttributeNames": {"#t": "type"},
        "ExpressionAttributeValues": {":t": {"S": "artist"}},
        "ConsistentRead": True,
    }
    while True:
        reply = ddb.scan(**request)
        for item in reply.get("Items", []):
            if item.get("opted_out", {}).get("BOOL") is True:
                continue
            found[item["artistId"]["S"]] = int(item["version"]["N"])
        if not reply.get("LastEvaluatedKey"):
            return found
        request["ExclusiveStartKey"] = reply["LastEvaluatedKey"]


def index_documents(stack: Stack) -> dict[str, int]:
    """Every document in the index by id -> external version."""
    from opensearchpy import NotFoundError, helpers

    client = stack.search()
    try:
        client.indices.refresh(index=INDEX_ALIAS)
    except NotFoundError:
        return {}  # a fresh cloud: the sync creates the index with its first batch
    return {
        str(hit["_id"]): int(hit["_version"])
        for hit in helpers.scan(client, index=INDEX_ALIAS, version=True, _source=False)
    }


def checksum(versions: Mapping[str, int]) -> str:
    digest = hashlib.sha256()
    for artist_id in sorted(versions):
        digest.update(f"{artist_id}:{versions[artist_id]}\n".encode())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Convergence:
    table: int
    index: int
    lost: int  # in the table, missing from the index or at an older version
    duplicated: int  # in the index although not (or no longer) in the table, or newer
    table_checksum: str
    index_checksum: str

    @property
    def exact(self) -> bool:
        return (
            self.lost == 0 and self.duplicated == 0 and self.table_checksum == self.index_checksum
        )

    def describe(self) -> str:
        return (
            f"table {self.table} artists, index {self.index} documents, checksum "
            f"{self.table_checksum} vs {self.index_checksum}, lost {self.lost}, "
            f"duplicated {self.duplicated}"
        )


def compare(stack: Stack) -> Convergence:
    table, index = table_artists(stack), index_documents(stack)
    lost = sum(1 for a, v in table.items() if index.get(a, 0) < v)
    duplicated = sum(1 for a, v in index.items() if a not in table or v > table[a])
    return Convergence(len(table), len(index), lost, duplicated, checksum(table), checksum(index))


def wait_converged(stack: Stack, timeout_s: float) -> Convergence:
    """Drain the event sources, then compare until exact or `timeout_s` passed."""
    deadline = time.monotonic() + timeout_s
    state = compare(stack)
    settled = 0
    while not state.exact and time.monotonic() < deadline:
        idle = stack.cloud.event_sources.drain(min(10.0, max(0.5, deadline - time.monotonic())))
        previous, state = state, compare(stack)
        settled = settled + 1 if idle and state == previous else 0
        if settled >= 3:
            return state  # settled: what is still missing waits for the replay
        if not state.exact:
            time.sleep(1.0)
    return state


def sync_failure_records(stack: Stack) -> int:
    attributes = stack.client("sqs").get_queue_attributes(
        QueueUrl=stack.out("SyncFailuresQueueUrl"),
        AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    )["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"]) + int(
        attributes["ApproximateNumberOfMessagesNotVisible"]
    )


def replay(stack: Stack) -> dict[str, Any]:
    """The documented replay command's work (load.replay), against this stack."""
    from load.replay import replay_from_outputs

    return replay_from_outputs(stack.client, stack.cloud.outputs).to_dict()


def sync_failure_kinds(stack: Stack) -> dict[str, int]:
    """The sync's own records on the sync-failures queue by kind (`refused`, `invalid`), read
    without consuming them (AWS's on-failure records are counted as `aws`)."""
    kinds: dict[str, int] = {}
    for body in peek_messages(stack.client("sqs"), stack.out("SyncFailuresQueueUrl")):
        kind = str(body.get("kind")) if body.get("source") == "sync" else "aws"
        kinds[kind] = kinds.get(kind, 0) + 1
    return kinds


def wait_recorded(stack: Stack, kind: str, count: int, timeout_s: float) -> dict[str, int]:
    """The sync's records by kind, once `count` of `kind` are on the queue or `timeout_s`
    passed (a loaded machine's sync lags the writes by minutes)."""
    deadline = time.monotonic() + timeout_s
    kinds = sync_failure_kinds(stack)
    while kinds.get(kind, 0) < count and time.monotonic() < deadline:
        stack.cloud.event_sources.drain(min(10.0, max(0.5, deadline - time.monotonic())))
        kinds = sync_failure_kinds(stack)
    return kinds


def run_reconcile(stack: Stack) -> dict[str, Any]:
    """The deployed reconcile function, invoked as its schedule (or `compute-local reconcile`)
    does; its report."""
    invoked = stack.cloud.invoke(stack.out("ReconcileFunctionName"), {"trigger": "chaos"})
    if invoked.function_error:
        raise RuntimeError(f"reconcile failed: {invoked.payload}")
    return dict(invoked.payload)


def wait_places_circuit_not_open(stack: Stack, limit_s: float = 90.0) -> None:
    """Wait out an open Places circuit left by an earlier scenario, so one scenario's fault
    does not fail the next one's run (the breaker's state lives in the table)."""
    from urllib.parse import urlsplit

    from compute.domain.keys import circuit_key
    from compute.domain.models import format_timestamp

    spec = stack.cloud.runtime.spec(stack.out("DiscoverStudiosFunctionName"))
    host = urlsplit(spec.environment.get("PLACES_API_URL", "")).netloc.lower()
    if not host:
        return
    key = {k: {"S": v} for k, v in circuit_key(host).items()}
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        item = (
            stack.client("dynamodb")
            .get_item(TableName=stack.table, Key=key, ConsistentRead=True)
            .get("Item")
        )
        if not item or item["state"]["S"] != "open":
            return
        retry_at = item.get("retryAt", {}).get("S", "")
        if retry_at <= format_timestamp(datetime.now(UTC)):
            return
        time.sleep(0.5)


def function_log(stack: Stack, output_name: str) -> str:
    name = stack.out(output_name)
    path = stack.cloud.log_dir / f"{name}.log"
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


def metric_total(log: str, metric: str, since: int = 0) -> float:
    """The sum of one EMF metric in a function's log (JSON lines), after byte offset `since`."""
    total = 0.0
    for line in log[since:].splitlines():
        if '"_aws"' not in line or metric not in line:
            continue
        with contextlib.suppress(ValueError):
            document = json.loads(line)
            value = document.get(metric)
            values = value if isinstance(value, list) else [value]
            total += sum(float(v) for v in values if isinstance(v, int | float))
    return total


def places_circuit_state(stack: Stack) -> str:
    """The Places breaker's stored state ("closed" when it has no item)."""
    from urllib.parse import urlsplit

    from compute.domain.keys import circuit_key

    spec = stack.cloud.runtime.spec(stack.out("DiscoverStudiosFunctionName"))
    host = urlsplit(spec.environment.get("PLACES_API_URL", "")).netloc.lower()
    key = {k: {"S": v} for k, v in circuit_key(host).items()}
    item = (
        stack.client("dynamodb")
        .get_item(TableName=stack.table, Key=key, ConsistentRead=True)
        .get("Item")
    )
    return str(item["state"]["S"]) if item else "closed"


def job_endings(stack: Stack, run_id: str) -> dict[str, Any]:
    """Every queued scrape job of a run, and how it ended: an artist item, a failure record
    (pipeline-failures queue) or a dead letter; `lost` are jobs with no ending."""
    from compute.domain.identity import artist_id_for, job_id_for
    from emulation.pipeline_run import queue_depth

    ddb, sqs = stack.client("dynamodb"), stack.client("sqs")
    jobs: dict[str, str] = {}  # job id -> artist id
    request: dict[str, Any] = {
        "TableName": stack.table,
        "KeyConditionExpression": "PK = :pk AND begins_with(SK, :sk)",
        "ExpressionAttributeValues": {":pk": {"S": f"RUN#{run_id}"}, ":sk": {"S": "CANDIDATE#"}},
    }
    while True:
        reply = ddb.query(**request)
        for item in reply.get("Items", []):
            if item.get("status", {}).get("S") != "queued":
                continue
            identity = item["identityKey"]["S"]
            jobs[job_id_for(run_id, identity)] = artist_id_for(identity)
        if not reply.get("LastEvaluatedKey"):
            break
        request["ExclusiveStartKey"] = reply["LastEvaluatedKey"]
    failed = {
        str((record.get("item") or {}).get("jobId"))
        for record in peek_messages(sqs, stack.out("PipelineFailuresQueueUrl"))
        if record.get("runId") == run_id
    }
    dead = {
        str(record.get("jobId"))
        for record in peek_messages(sqs, stack.out("ScrapeDlqUrl"))
        if record.get("runId") == run_id
    }
    written: set[str] = set()
    artist_counts: dict[str, int] = {}
    for job_id, artist_id in jobs.items():
        got = ddb.get_item(
            TableName=stack.table,
            Key={"PK": {"S": f"ARTIST#{artist_id}"}, "SK": {"S": "METADATA"}},
            ConsistentRead=True,
        ).get("Item")
        if got is not None:
            written.add(job_id)
            artist_counts[artist_id] = artist_counts.get(artist_id, 0) + 1
    ended = written | failed | dead
    lost = sorted(set(jobs) - ended)
    return {
        "jobs": len(jobs),
        "artists": len(written),
        "failureRecords": len(failed & set(jobs)),
        "deadLetters": len(dead & set(jobs)),
        "lost": len(lost),
        "duplicated": sum(n - 1 for n in artist_counts.values()),
        "leftOnQueue": queue_depth(sqs, stack.out("ScrapeQueueUrl")),
    }


def peek_messages(sqs: Any, queue_url: str) -> list[dict[str, Any]]:
    """The bodies on a queue, read without consuming them (made visible again at once)."""
    bodies: list[dict[str, Any]] = []
    handles: list[str] = []
    for _ in range(100):
        reply = sqs.receive_message(
            QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=0, VisibilityTimeout=20
        )
        messages = reply.get("Messages", [])
        if not messages:
            break
        for message in messages:
            handles.append(message["ReceiptHandle"])
            with contextlib.suppress(ValueError):
                body = json.loads(message["Body"])
                if isinstance(body, dict):
                    bodies.append(body)
    for handle in handles:
        with contextlib.suppress(Exception):
            sqs.change_message_visibility(
                QueueUrl=queue_url, ReceiptHandle=handle, VisibilityTimeout=0
            )
    return bodies


def running_scraper_tasks(stack: Stack) -> list[str]:
    ecs = stack.client("ecs")
    cluster = stack.out("ClusterArn")
    return list(ecs.list_tasks(cluster=cluster, desiredStatus="RUNNING").get("taskArns", []))


def wait_for_scraper_tasks_to_stop(stack: Stack, timeout_s: float = 90.0) -> list[str]:
    """Wait, bounded, until no scraper task is alive: neither running nor told to stop and still
    finishing. A stopping task's consumers may be inside a long poll; what it then receives it
    hands back unread, and each such receive counts towards the DLQ's maxReceiveCount. Returns
    the tasks still alive at the deadline (empty when all stopped)."""
    ecs = stack.client("ecs")
    cluster = stack.out("ClusterArn")
    deadline = time.monotonic() + timeout_s
    while True:
        arns = [
            arn
            for status in ("RUNNING", "STOPPED")
            for arn in ecs.list_tasks(cluster=cluster, desiredStatus=status).get("taskArns", [])
        ]
        alive = [
            str(task["taskArn"])
            for start in range(0, len(arns), 100)
            for task in ecs.describe_tasks(cluster=cluster, tasks=arns[start : start + 100])[
                "tasks"
            ]
            if task.get("lastStatus") != "STOPPED"
        ]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.5)


def wait_for_executions_to_finish(stack: Stack, timeout_s: float = 180.0) -> list[str]:
    """Wait, bounded, until no aggregation run is running: a run whose scraper tasks are done
    still validates, summarises and records its failures after them. Returns the executions
    still running at the deadline (empty when all finished)."""
    sfn = stack.client("stepfunctions")
    machine = stack.out("StateMachineArn")
    deadline = time.monotonic() + timeout_s
    while True:
        running = [
            str(execution["executionArn"])
            for page in sfn.get_paginator("list_executions").paginate(
                stateMachineArn=machine, statusFilter="RUNNING"
            )
            for execution in page["executions"]
        ]
        if not running or time.monotonic() > deadline:
            return running
        time.sleep(0.5)


def scraper_log_text(stack: Stack) -> str:
    """Every scraper task's log so far (the local cloud writes one file per task)."""
    return "".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in sorted((stack.cloud.log_dir / "ecs").rglob("*.log"))
    )


def take_run_records(stack: Stack, queue_output: str, run_id: str) -> int:
    """Delete one run's records from a failure queue or DLQ once a scenario has counted them,
    as an operator who handled them would, so the queue's alarm can clear; how many."""
    sqs, url = stack.client("sqs"), stack.out(queue_output)
    taken = 0
    others: list[str] = []
    for _ in range(100):
        messages = sqs.receive_message(
            QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0, VisibilityTimeout=20
        ).get("Messages", [])
        if not messages:
            break
        for message in messages:
            if run_id in message["Body"]:
                sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
                taken += 1
            else:
                others.append(message["ReceiptHandle"])
    for handle in others:
        with contextlib.suppress(Exception):
            sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=handle, VisibilityTimeout=0)
    return taken


def wait_for_alarm(stack: Stack, logical_id: str, timeout_s: float = 30.0) -> bool:
    """Wait (bounded) until the stack's alarm `logical_id` is in ALARM: an operator replays
    failure records once the alarm told them, so the records stay until then."""
    names = [
        str(deployed.physical_id)
        for resources in stack.cloud.deployment.resources.values()
        for lid, deployed in resources.items()
        if lid == logical_id
    ]
    cloudwatch = stack.client("cloudwatch")
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        alarms = cloudwatch.describe_alarms(AlarmNames=names)["MetricAlarms"]
        if any(a["StateValue"] == "ALARM" for a in alarms):
            return True
        time.sleep(0.5)
    return False
