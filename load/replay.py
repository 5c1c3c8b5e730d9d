"""Re-drive sync records that exhausted their retries (the documented replay command).

    python -m load.replay                    # against a running `compute-local up`
    python -m load.replay --dry-run          # say what would be replayed, change nothing

When the sync function keeps failing on a batch (the search cluster down longer than the
mapping's retries, a bug), the event-source mapping gives up and sends an AWS failure record to
the sync-failures queue: `{"requestContext": ..., "DDBStreamBatchInfo": {"shardId",
"startSequenceNumber", "endSequenceNumber", "streamArn", "batchSize", ...}}`. The record names
a shard range, not the data. This command, for each record:

1. re-reads that shard range from the table's stream (GetShardIterator AT_SEQUENCE_NUMBER);
2. replaces each key's last image with the item as the table holds it *now* (so a replay never
   writes older data than the table has; an item gone from the table is replayed as its
   REMOVE record);
3. invokes the sync function (Lambda Invoke, the same handler, external versions: replaying a
   record twice or late is harmless) and retries what it reports in `batchItemFailures`;
4. deletes the failure record only when every key in it was applied.

The sync's own records (`"source": "sync"`, contracts/schemas/sync-failure) name one artist: a
`refused` write is deleted once the table's artist has moved past it (the reconcile job raised
its version), else kept for the reconcile job; an `invalid` record is kept for a person.

Records whose shard range the stream no longer holds (24 h retention) are re-driven from the
keys they name when the stream can still be read, else reported and kept on the queue: the
operator then reindexes (`compute.adapters.search.lifecycle.reindex`). Exit code 0 when the
queue was emptied, 1 when something is left.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SYNC_BATCH = 10
APPLY_ATTEMPTS = 5


@dataclass
class ReplayReport:
    """What one replay did: failure records read, keys re-driven, records still failing."""

    failure_records: int = 0
    keys: int = 0
    invocations: int = 0
    applied: int = 0
    still_failing: int = 0
    unreadable: int = 0
    deleted: int = 0
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "failureRecords": self.failure_records,
            "keys": self.keys,
            "invocations": self.invocations,
            "applied": self.applied,
            "stillFailing": self.still_failing,
            "unreadable": self.unreadable,
            "deleted": self.deleted,
            "notes": self.notes,
        }


def _key_of(record: Mapping[str, Any]) -> str:
    keys = record["dynamodb"]["Keys"]
    return json.dumps(keys, sort_keys=True)


def read_shard_range(
    streams: Any, stream_arn: str, shard_id: str, start: str, end: str
) -> list[dict[str, Any]]:
    """Stream records from `start` to `end` (sequence numbers, inclusive) of one shard."""
    iterator = streams.get_shard_iterator(
        StreamArn=stream_arn,
        ShardId=shard_id,
        ShardIteratorType="AT_SEQUENCE_NUMBER",
        SequenceNumber=start,
    )["ShardIterator"]
    found: list[dict[str, Any]] = []
    end_number = int(end)
    for _ in range(10_000):  # a bound: a shard range is at most one batch's records
        reply = streams.get_records(ShardIterator=iterator, Limit=1000)
        records = reply.get("Records", [])
        for record in records:
            if int(record["dynamodb"]["SequenceNumber"]) > end_number:
                return found
            found.append(record)
        iterator = reply.get("NextShardIterator")
        if not iterator or not records:
            return found
    return found


def current_records(
    dynamodb: Any, table: str, stream_arn: str, records: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """One Lambda-shaped stream record per key: the item as the table holds it now (MODIFY),
    or the key's last REMOVE record when the table no longer holds it."""
    last: dict[str, Mapping[str, Any]] = {}
    for record in records:
        last[_key_of(record)] = record
    replay: list[dict[str, Any]] = []
    for record in last.values():
        keys = record["dynamodb"]["Keys"]
        item = dynamodb.get_item(TableName=table, Key=keys, ConsistentRead=True).get("Item")
        dynamodb_part: dict[str, Any] = {
            "Keys": keys,
            "SequenceNumber": str(record["dynamodb"]["SequenceNumber"]),
            "SizeBytes": int(record["dynamodb"].get("SizeBytes", 0)),
            "StreamViewType": "NEW_AND_OLD_IMAGES",
        }
        if item is not None:
            event_name = "MODIFY"
            dynamodb_part["NewImage"] = item
            if "OldImage" in record["dynamodb"]:
                dynamodb_part["OldImage"] = record["dynamodb"]["OldImage"]
        else:
            event_name = "REMOVE"
            old = record["dynamodb"].get("OldImage") or record["dynamodb"].get("NewImage")
            if old is None:
                continue  # nothing the index could hold
            dynamodb_part["OldImage"] = old
        replay.append(
            {
                "eventID": str(record.get("eventID", "")),
                "eventName": event_name,
                "eventVersion": "1.1",
                "eventSource": "aws:dynamodb",
                "awsRegion": str(record.get("awsRegion", "eu-west-2")),
                "dynamodb": dynamodb_part,
                "eventSourceARN": stream_arn,
            }
        )
    return replay


def apply_records(
    lambda_client: Any, function: str, records: list[dict[str, Any]], report: ReplayReport
) -> list[dict[str, Any]]:
    """Invoke the sync function in batches; retry what it reports; the records left failing."""
    failing: list[dict[str, Any]] = []
    for start in range(0, len(records), SYNC_BATCH):
        batch = records[start : start + SYNC_BATCH]
        for attempt in range(APPLY_ATTEMPTS):
            report.invocations += 1
            reply = lambda_client.invoke(
                FunctionName=function, Payload=json.dumps({"Records": batch}).encode()
            )
            payload = json.loads(reply["Payload"].read() or b"null")
            if reply.get("FunctionError"):
                failed_ids = {str(r["dynamodb"]["SequenceNumber"]) for r in batch}
            else:
                failed_ids = {
                    str(f["itemIdentifier"]) for f in (payload or {}).get("batchItemFailures", [])
                }
            report.applied += len(batch) - len(
                [r for r in batch if r["dynamodb"]["SequenceNumber"] in failed_ids]
            )
            batch = [r for r in batch if r["dynamodb"]["SequenceNumber"] in failed_ids]
            if not batch:
                break
            time.sleep(min(2.0, 0.2 * 2**attempt))
        failing.extend(batch)
    return failing


def _failure_messages(sqs: Any, queue_url: str) -> Iterator[dict[str, Any]]:
    """Every message on the failure queue, each held invisible while this replay works."""
    while True:
        reply = sqs.receive_message(
            QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=0, VisibilityTimeout=300
        )
        messages = reply.get("Messages", [])
        if not messages:
            return
        yield from messages


def replay_sync_failures(
    *,
    sqs: Any,
    streams: Any,
    dynamodb: Any,
    lambda_client: Any,
    failures_queue_url: str,
    table: str,
    sync_function: str,
    dry_run: bool = False,
) -> ReplayReport:
    """Re-drive every failure record on the sync-failures queue (see the module doc)."""
    report = ReplayReport()
    for message in _failure_messages(sqs, failures_queue_url):
        report.failure_records += 1
        with contextlib.suppress(ValueError):
            body = json.loads(message["Body"])
            if isinstance(body, dict) and body.get("source") == "sync":
                _sync_record(sqs, dynamodb, table, failures_queue_url, message, body, report)
                continue
        try:
            info = json.loads(message["Body"])["DDBStreamBatchInfo"]
            records = read_shard_range(
                streams,
                info["streamArn"],
                info["shardId"],
                info["startSequenceNumber"],
                info["endSequenceNumber"],
            )
        except (KeyError, ValueError, TypeError) as error:
            report.unreadable += 1
            report.notes.append(
                f"message {message['MessageId']}: not a stream failure record "
                f"({type(error).__name__}: {error}); kept on the queue"
            )
            continue
        if not records:
            report.unreadable += 1
            report.notes.append(
                f"message {message['MessageId']}: shard range {info['startSequenceNumber']}.."
                f"{info['endSequenceNumber']} is no longer in the stream; kept on the queue "
                "(reindex to recover)"
            )
            continue
        replay = current_records(dynamodb, table, info["streamArn"], records)
        report.keys += len(replay)
        if dry_run:
            continue
        failing = apply_records(lambda_client, sync_function, replay, report)
        if failing:
            report.still_failing += len(failing)
            report.notes.append(
                f"message {message['MessageId']}: {len(failing)} keys still failing; kept"
            )
            continue
        sqs.delete_message(QueueUrl=failures_queue_url, ReceiptHandle=message["ReceiptHandle"])
        report.deleted += 1
    return report


def _sync_record(
    sqs: Any,
    dynamodb: Any,
    table: str,
    queue_url: str,
    message: Mapping[str, Any],
    record: Mapping[str, Any],
    report: ReplayReport,
) -> None:
    """A record the sync put on the queue itself (contracts/schemas/sync-failure): a `refused`
    write is deleted once the table's artist has moved past the refused version (the reconcile
    job raised it, or a newer write came), else kept for the reconcile job; an `invalid` record
    needs a person and is kept (visible again when this replay's hold expires)."""
    artist_id = record.get("artistId")
    if record.get("kind") == "refused" and isinstance(artist_id, str):
        item = dynamodb.get_item(
            TableName=table,
            Key={"PK": {"S": f"ARTIST#{artist_id}"}, "SK": {"S": "METADATA"}},
            ConsistentRead=True,
        ).get("Item")
        current = int(item["version"]["N"]) if item else None
        if current is None or current > int(record.get("version", 0)):
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
            report.deleted += 1
            return
        report.notes.append(
            f"message {message['MessageId']}: refused write of {artist_id} not yet re-driven; "
            "kept (run the reconcile job: compute-local reconcile)"
        )
    else:
        report.notes.append(
            f"message {message['MessageId']}: {record.get('kind')} record "
            f"({str(record.get('reason', ''))[:120]}); kept for a person to look at"
        )
    report.still_failing += 1


def replay_from_outputs(
    client: Any, outputs: Mapping[str, str], *, dry_run: bool = False
) -> ReplayReport:
    """The replay against a deployed stack, named by its outputs (SyncFailuresQueueUrl,
    TableName, SyncFunctionName); `client(service)` builds a boto3 client."""
    return replay_sync_failures(
        sqs=client("sqs"),
        streams=client("dynamodbstreams"),
        dynamodb=client("dynamodb"),
        lambda_client=client("lambda"),
        failures_queue_url=outputs["SyncFailuresQueueUrl"],
        table=outputs["TableName"],
        sync_function=outputs["SyncFunctionName"],
        dry_run=dry_run,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m load.replay", description=__doc__.split("\n\n")[0] if __doc__ else None
    )
    parser.add_argument("--state-dir", default=str(ROOT / ".local-cloud"))
    parser.add_argument("--dry-run", action="store_true", help="report, change nothing")
    parser.add_argument(
        "--endpoint-url", help="AWS endpoint (default: the running local cloud's, else AWS)"
    )
    parser.add_argument("--queue-url", help="sync-failures queue (default: the stack output)")
    parser.add_argument("--table", help="main table (default: the stack output)")
    parser.add_argument("--function", help="sync function (default: the stack output)")
    args = parser.parse_args(argv)

    import boto3

    outputs: dict[str, str] = {}
    endpoint = args.endpoint_url
    from emulation.cloud import read_state

    state = read_state(Path(args.state_dir))
    if state is not None:
        outputs.update(state.get("outputs", {}))
        endpoint = endpoint or state.get("endpoint_url")
    for key, value in (
        ("SyncFailuresQueueUrl", args.queue_url),
        ("TableName", args.table),
        ("SyncFunctionName", args.function),
    ):
        if value:
            outputs[key] = value
    missing = [
        k for k in ("SyncFailuresQueueUrl", "TableName", "SyncFunctionName") if k not in outputs
    ]
    if missing:
        print(
            f"replay: no running local cloud and no --queue-url/--table/--function for {missing}",
            file=sys.stderr,
        )
        return 2

    def client(service: str) -> Any:
        return boto3.client(service, endpoint_url=endpoint)  # type: ignore[call-overload]

    report = replay_from_outputs(client, outputs, dry_run=args.dry_run)
    print(json.dumps(report.to_dict(), indent=2))
    left = report.still_failing + report.unreadable
    return 0 if left == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
