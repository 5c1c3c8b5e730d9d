"""Small Lambda handlers the core emulation tests run as real packaged code.

Behaviour is driven by the event and by environment variables, so one module serves every test:
`RECORDS_FILE` is where processed records are appended (one JSON line each), `POISON` marks
records that must fail, `MODE` picks how a batch reports failures.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

# Set once per container: proves warm reuse (same value) and cold starts (new value).
CONTAINER_STARTED = time.time()


def echo(event: Any, context: Any) -> Any:
    return {"event": event, "pid": os.getpid(), "container_started": CONTAINER_STARTED}


def interpreter(event: Any, context: Any) -> dict[str, Any]:
    """The Python this container runs on, and where its third-party packages come from."""
    import importlib.util

    origins = {name: getattr(importlib.util.find_spec(name), "origin", None) for name in event}
    return {
        "version": f"{sys.version_info.major}.{sys.version_info.minor}",
        "prefix": sys.prefix,
        "origins": origins,
    }


def context_info(event: Any, context: Any) -> dict[str, Any]:
    print(f"context probe {context.aws_request_id}")
    return {
        "aws_request_id": context.aws_request_id,
        "function_name": context.function_name,
        "function_version": context.function_version,
        "invoked_function_arn": context.invoked_function_arn,
        "memory_limit_in_mb": context.memory_limit_in_mb,
        "log_group_name": context.log_group_name,
        "log_stream_name": context.log_stream_name,
        "remaining_ms": context.get_remaining_time_in_millis(),
        "env_flag": os.environ.get("FLAG"),
        "compute_origin": _compute_origin(),
    }


def _compute_origin() -> str | None:
    try:
        import compute
    except ImportError:
        return None
    return str(compute.__file__)


def sleeper(event: Any, context: Any) -> dict[str, Any]:
    time.sleep(float(event.get("sleep_s", 0)))
    return {"pid": os.getpid()}


def fail_when_asked(event: Any, context: Any) -> dict[str, Any]:
    """Fails when the event says `fail` (one Map item each)."""
    if event.get("fail"):
        raise RuntimeError(f"item {event.get('id')} failed as asked")
    return {"id": event.get("id")}


def boom(event: Any, context: Any) -> None:
    print("about to fail")
    raise ValueError(f"boom: {event.get('why', 'no reason')}")


def _record_id(record: dict[str, Any]) -> tuple[str, str]:
    """(the id AWS expects in batchItemFailures, the record's business key)."""
    if record.get("eventSource") == "aws:sqs":
        return record["messageId"], record["body"]
    key = record["dynamodb"]["Keys"]["pk"]["S"]
    return record["dynamodb"]["SequenceNumber"], key


def records(event: Any, context: Any) -> dict[str, Any] | None:
    """Append each record's key to RECORDS_FILE; records whose key is in POISON fail.

    MODE=raise: a poison record fails the whole batch (raise); MODE=partial: report failures in
    batchItemFailures; MODE=invalid: report a failure with an empty itemIdentifier.
    """
    poison = set(filter(None, os.environ.get("POISON", "").split(",")))
    mode = os.environ.get("MODE", "raise")
    failed: list[str] = []
    processed: list[str] = []
    for record in event["Records"]:
        item_id, key = _record_id(record)
        if key in poison:
            if mode == "raise":
                _append({"batch": [_record_id(r)[1] for r in event["Records"]], "failed": key})
                raise RuntimeError(f"poison record {key}")
            failed.append(item_id)
            continue
        processed.append(key)
    _append({"batch": [_record_id(r)[1] for r in event["Records"]], "processed": processed})
    if mode == "partial":
        return {"batchItemFailures": [{"itemIdentifier": i} for i in failed]}
    if mode == "invalid" and failed:
        return {"batchItemFailures": [{"itemIdentifier": ""}]}
    return None


def rendezvous(event: Any, context: Any) -> None:
    """Record a batch's (key, version) pairs and whether another batch ran at the same time.

    Each invocation marks itself in flight in RENDEZVOUS_DIR and waits up to PEER_WAIT_S for a
    second invocation in flight: seeing one proves two batches ran concurrently.
    """
    directory = Path(os.environ["RENDEZVOUS_DIR"])
    me = directory / f"{context.aws_request_id}.running"
    me.touch()
    deadline = time.monotonic() + float(os.environ.get("PEER_WAIT_S", "1"))
    saw_peer = False
    while time.monotonic() < deadline and not saw_peer:
        saw_peer = len(list(directory.glob("*.running"))) >= 2
        time.sleep(0.02)
    time.sleep(0.1)  # stay in flight a little, so the peer sees this one too
    me.unlink()
    pairs = [
        [r["dynamodb"]["Keys"]["pk"]["S"], int(r["dynamodb"]["NewImage"]["v"]["N"])]
        for r in event["Records"]
    ]
    _append({"pairs": pairs, "saw_peer": saw_peer})


def _append(line: dict[str, Any]) -> None:
    with open(os.environ["RECORDS_FILE"], "a", encoding="utf-8") as handle:
        handle.write(json.dumps(line) + "\n")


def allocate(event: Any, context: Any) -> dict[str, Any]:
    """Touch `mb` megabytes and hold them for `hold_s` (what a memory-hungry function does)."""
    block = bytearray(int(event["mb"]) << 20)  # zero-filled in one C call, holding the GIL
    for offset in range(0, len(block), 4096):  # resident, whatever the allocator did
        block[offset] = 1
    time.sleep(float(event.get("hold_s", 0)))
    print(f"allocated {event['mb']} MB")
    return {"pid": os.getpid(), "mb": len(block) >> 20}


def exit_now(event: Any, context: Any) -> None:
    """The runtime process dies mid-invocation (as with a segfault or os._exit)."""
    os._exit(3)
