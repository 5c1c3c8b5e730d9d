"""Keep the artist index equal to the table: one DynamoDB stream batch -> one bulk request.

Each record is planned on its own (index, delete, ignore, or invalid), the writes go out as one
bulk request with external versions, and each record gets an outcome: the handler turns failed
outcomes into `batchItemFailures`. External versioning makes the whole thing idempotent: the
mapping may retry a batch from its first failed record, replay it, or deliver a record late,
and an older version never overwrites a newer one (OpenSearch answers 409, which is success).

Two kinds of record are never retried, because retrying cannot help, yet never dropped either:
with a `FailureRecorder` they go to the sync-failures queue with their reason and count as
handled, so they do not hold their shard through the mapping's retries and bisection:
- an *invalid* record (a foreign item shape);
- a *refused* write: a 409 while the index holds no document for the artist (a delete
  tombstone at a higher version) and the table still lists it. A delete uses up a version; an
  artist deleted and written again below it (a restore, a re-seed, a manual put) would stay out
  of search until the tombstone expires. The reconcile job re-drives it.
With a `VersionLedger`, every REMOVE also keeps the delete's version as the artist's floor in
the table (`artist_version` item), so that the project's writers continue above it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol, runtime_checkable

from compute import contracts
from compute.adapters.search.bulk import DeleteOp, IndexOp, OpOutcome, WriteOp
from compute.adapters.search.errors import is_transient
from compute.domain.attribute_values import from_attribute_values
from compute.domain.errors import ValidationError
from compute.domain.keys import ArtistKey, ItemKey, parse_key

# Item types that live in the table but never in the index: counted, never indexed. Every item
# type contracts/ defines except the artist, so a new item schema is ignored here by construction.
INDEXED_TYPE = "artist"
IGNORED_TYPES = contracts.item_types() - {INDEXED_TYPE}

PlanKind = Literal["index", "delete", "ignore", "invalid"]


class MetricsSink(Protocol):
    """The part of Powertools' Metrics the sync uses."""

    def add_metric(self, name: str, unit: Any, value: float) -> None: ...


class InvalidRecord(Exception):
    """A record that can never be indexed; retrying it cannot help."""


@dataclass(frozen=True)
class RecordPlan:
    """What one stream record asks of the index. `reason` is safe to log: field names and
    error kinds, never values."""

    kind: PlanKind
    item_type: str
    op: WriteOp | None = None
    reason: str = ""


@dataclass(frozen=True)
class RecordOutcome:
    plan: RecordPlan
    ok: bool
    transient: bool = False
    reason: str = ""
    recorded: bool = False  # handled by putting it on the sync-failures queue


# --- planning ------------------------------------------------------------------------------


def _image(stream_record: Mapping[str, Any], name: str) -> dict[str, Any] | None:
    raw = stream_record.get(name)
    if raw is None:
        return None
    return from_attribute_values(raw, name)


def _key(keys: Mapping[str, Any]) -> ItemKey:
    pk, sk = keys.get("PK"), keys.get("SK")
    if not isinstance(pk, str) or not isinstance(sk, str):
        raise InvalidRecord("Keys must hold string PK and SK")
    return parse_key(pk, sk)


def _version(image: Mapping[str, Any], image_name: str) -> int:
    version = image.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise InvalidRecord(f"{image_name}.version must be a whole number >= 1")
    return version


def search_document(item: Mapping[str, Any]) -> dict[str, Any]:
    """The search document of an artist item, as contracts/schemas/search-document defines it."""
    from compute.contracts import validator
    from compute.domain.models import Artist

    document = Artist.from_item(item).to_search_document()
    validator("search-document")(document)
    return document


def plan_record(
    record: Mapping[str, Any],
    to_document: Callable[[Mapping[str, Any]], dict[str, Any]] = search_document,
) -> RecordPlan:
    """Classify one DynamoDB stream record (AWS shape) into what the index must do."""
    stream_record = record.get("dynamodb") or {}
    event_name = record.get("eventName")
    item_type = "unknown"
    try:
        keys = from_attribute_values(stream_record.get("Keys") or {}, "Keys")
        new_image = _image(stream_record, "NewImage")
        old_image = _image(stream_record, "OldImage")
        key = _key(keys)
        item_type = key.type
        image = new_image or old_image or {}
        if image.get("type", item_type) != item_type:
            raise InvalidRecord(
                f"type {image.get('type')!r:.40} does not match the {item_type} key"
            )
        if item_type in IGNORED_TYPES:
            return RecordPlan("ignore", item_type)
        if not isinstance(key, ArtistKey):
            raise InvalidRecord(f"no sync rule for item type {item_type}")
        artist_id = key.artist_id
        if image.get("artistId", artist_id) != artist_id:
            raise InvalidRecord("artistId differs from the item's key")
        if event_name == "REMOVE":
            if old_image is None:
                raise InvalidRecord("REMOVE without OldImage (stream view must be NEW_AND_OLD)")
            # One above the last written version: newer than anything the item ever had. So a
            # delete uses up a version: an artist written again must continue above it.
            return RecordPlan(
                "delete", item_type, DeleteOp(artist_id, _version(old_image, "OldImage") + 1)
            )
        if event_name not in ("INSERT", "MODIFY"):
            raise InvalidRecord(f"unknown eventName {event_name!r:.20}")
        if new_image is None:
            raise InvalidRecord(f"{event_name} without NewImage (stream view must include it)")
        version = _version(new_image, "NewImage")
        if new_image.get("opted_out") is True:
            return RecordPlan("delete", item_type, DeleteOp(artist_id, version))
        return RecordPlan("index", item_type, IndexOp(artist_id, to_document(new_image), version))
    except InvalidRecord as error:
        return RecordPlan("invalid", item_type, reason=str(error))
    except ValidationError as error:
        return RecordPlan("invalid", item_type, reason="invalid fields: " + ", ".join(error.fields))
    except Exception as error:  # fastjsonschema's error names the failing rule, not a value
        rule = getattr(error, "rule", None)
        path = ".".join(str(p) for p in getattr(error, "path", [])[1:])
        if rule is None:
            raise
        return RecordPlan("invalid", item_type, reason=f"search document breaks {rule} at {path}")


# --- the batch -----------------------------------------------------------------------------


class SearchWriter(Protocol):
    def write(self, ops: Sequence[WriteOp], *, refresh: bool = False) -> list[OpOutcome]: ...


@runtime_checkable
class DocumentVersions(Protocol):
    """What the index holds now (a real-time read): the version of each live document."""

    def versions(self, ids: Sequence[str]) -> dict[str, int]: ...


class VersionLedger(Protocol):
    """The table's side of versions: which artists it lists, and each artist's floor."""

    def listed_version(self, artist_id: str) -> int | None: ...

    def raise_artist_version_floor(self, artist_id: str, version: int, now: str) -> None: ...


class FailureRecorder(Protocol):
    """The sync-failures queue: `record` raises when the records could not be stored."""

    def record(self, failures: Sequence[Mapping[str, Any]]) -> None: ...


def failure_record(
    record: Mapping[str, Any],
    plan: RecordPlan,
    kind: Literal["invalid", "refused"],
    reason: str,
    failed_at: str,
    *,
    index_version: int | None = None,
) -> dict[str, Any]:
    """The sync-failure contract's record of one stream record: ids, names and the reason,
    never a raw key or value (a foreign item's key may hold anything)."""
    stream_record = record.get("dynamodb") or {}
    failure: dict[str, Any] = {
        "source": "sync",
        "kind": kind,
        "reason": reason[:500] or "no reason given",
        "itemType": plan.item_type[:40],
        "eventName": str(record.get("eventName", ""))[:20],
        "sequenceNumber": str(stream_record.get("SequenceNumber", ""))[:64],
        "failedAt": failed_at,
    }
    for name, field in (("eventID", "eventID"), ("eventSourceARN", "eventSourceARN")):
        if isinstance(record.get(field), str):
            failure[name] = record[field]
    if isinstance(plan.op, (IndexOp, DeleteOp)):
        failure["artistId"] = plan.op.artist_id
        failure["version"] = plan.op.version
    if index_version is not None:
        failure["indexVersion"] = index_version
    return failure


def _lag_ms(record: Mapping[str, Any], now_s: float) -> float | None:
    created = (record.get("dynamodb") or {}).get("ApproximateCreationDateTime")
    if not isinstance(created, (int, float)):
        return None
    return max(0.0, (now_s - float(created)) * 1000.0)


def sync_batch(
    records: Sequence[Mapping[str, Any]],
    index: SearchWriter,
    metrics: MetricsSink | None = None,
    *,
    to_document: Callable[[Mapping[str, Any]], dict[str, Any]] = search_document,
    clock: Callable[[], float] = time.time,
    refresh: bool = False,
    ledger: VersionLedger | None = None,
    failures: FailureRecorder | None = None,
) -> list[RecordOutcome]:
    """Apply one batch of stream records to the index; one outcome per record, in order."""
    plans = [plan_record(record, to_document) for record in records]
    now = _timestamp(clock())
    floor_failed = _keep_delete_versions(records, plans, ledger, now)
    writing = [i for i, plan in enumerate(plans) if plan.op is not None and i not in floor_failed]
    op_outcomes: dict[int, OpOutcome] = dict(floor_failed)
    if writing:
        ops = [plans[i].op for i in writing]
        try:
            written = index.write([op for op in ops if op is not None], refresh=refresh)
        except Exception as error:
            # The whole request failed: every write of the batch is retried by the mapping.
            transient = is_transient(error)
            failed = OpOutcome(
                ok=False,
                result="failed",
                status=0,
                transient=transient,
                reason=f"bulk request failed: {type(error).__name__}",
            )
            written = [failed] * len(writing)
        if len(written) != len(writing):
            raise RuntimeError(f"bulk reply has {len(written)} items for {len(writing)} writes")
        op_outcomes = dict(zip(writing, written, strict=True))

    outcomes: list[RecordOutcome] = []
    for i, plan in enumerate(plans):
        if plan.kind == "ignore":
            outcomes.append(RecordOutcome(plan, ok=True))
        elif plan.kind == "invalid":
            outcomes.append(RecordOutcome(plan, ok=False, reason=plan.reason))
        else:
            op = op_outcomes[i]
            outcomes.append(RecordOutcome(plan, ok=op.ok, transient=op.transient, reason=op.reason))
    if failures is not None:
        refused = _refused_writes(plans, op_outcomes, index, ledger)
        outcomes = _record_unrecoverable(records, outcomes, refused, failures, now)

    if metrics is not None:
        _record_metrics(metrics, records, outcomes, clock())
    return outcomes


def _timestamp(epoch_s: float) -> str:
    from datetime import UTC, datetime

    from compute.domain.models import format_timestamp

    return format_timestamp(datetime.fromtimestamp(epoch_s, UTC))


def _keep_delete_versions(
    records: Sequence[Mapping[str, Any]],
    plans: Sequence[RecordPlan],
    ledger: VersionLedger | None,
    now: str,
) -> dict[int, OpOutcome]:
    """Keep each REMOVE's delete version as the artist's floor in the table; the failed ones
    (their records are retried, the delete with them)."""
    failed: dict[int, OpOutcome] = {}
    if ledger is None:
        return failed
    for i, (record, plan) in enumerate(zip(records, plans, strict=True)):
        if record.get("eventName") != "REMOVE" or not isinstance(plan.op, DeleteOp):
            continue
        try:
            ledger.raise_artist_version_floor(plan.op.artist_id, plan.op.version, now)
        except Exception as error:
            failed[i] = OpOutcome(
                ok=False,
                result="failed",
                status=0,
                transient=True,
                reason=f"keeping the delete's version failed: {type(error).__name__}",
            )
    return failed


def _refused_writes(
    plans: Sequence[RecordPlan],
    op_outcomes: Mapping[int, OpOutcome],
    index: SearchWriter,
    ledger: VersionLedger | None,
) -> dict[int, OpOutcome]:
    """The index writes a 409 refused although the table lists the artist and the index holds
    no document for it: a delete tombstone above the table's version, not newer data."""
    conflicts = {
        i: plans[i].op
        for i, outcome in op_outcomes.items()
        if outcome.result == "superseded" and isinstance(plans[i].op, IndexOp)
    }
    if not conflicts or ledger is None or not isinstance(index, DocumentVersions):
        return {}
    ids = sorted({op.artist_id for op in conflicts.values() if op is not None})
    live = index.versions(ids)
    refused: dict[int, OpOutcome] = {}
    listed: dict[str, int | None] = {}
    for i, op in conflicts.items():
        assert isinstance(op, IndexOp)
        if op.artist_id in live:
            continue  # a document at this version or newer: truly superseded
        if op.artist_id not in listed:
            listed[op.artist_id] = ledger.listed_version(op.artist_id)
        if listed[op.artist_id] is not None:
            refused[i] = op_outcomes[i]
    return refused


def _record_unrecoverable(
    records: Sequence[Mapping[str, Any]],
    outcomes: list[RecordOutcome],
    refused: Mapping[int, OpOutcome],
    failures: FailureRecorder,
    now: str,
) -> list[RecordOutcome]:
    """Put invalid records and refused writes on the failure queue and count them handled; if
    the queue does not take them, they fail (transient) so the mapping tries again."""
    entries: dict[int, dict[str, Any]] = {}
    for i, outcome in enumerate(outcomes):
        plan = outcome.plan
        if plan.kind == "invalid":
            entries[i] = failure_record(records[i], plan, "invalid", plan.reason, now)
        elif i in refused:
            index_version = refused[i].current_version
            entries[i] = failure_record(
                records[i],
                plan,
                "refused",
                f"the index holds a delete at version {index_version or 'unknown'}, at or "
                f"above this write's, while the table lists the artist; the reconcile job "
                "re-drives it",
                now,
                index_version=index_version,
            )
    if not entries:
        return outcomes
    try:
        failures.record(list(entries.values()))
    except Exception as error:
        reason = f"recording in the sync-failures queue failed: {type(error).__name__}"
        return [
            RecordOutcome(o.plan, ok=False, transient=True, reason=reason) if i in entries else o
            for i, o in enumerate(outcomes)
        ]
    return [
        RecordOutcome(o.plan, ok=True, reason=f"recorded as {entries[i]['kind']}", recorded=True)
        if i in entries
        else o
        for i, o in enumerate(outcomes)
    ]


def _record_metrics(
    metrics: MetricsSink,
    records: Sequence[Mapping[str, Any]],
    outcomes: Sequence[RecordOutcome],
    now_s: float,
) -> None:
    from aws_lambda_powertools.metrics import MetricUnit

    counts = {
        "RecordsIndexed": 0,
        "RecordsDeleted": 0,
        "RecordsIgnored": 0,
        "RecordsFailed": 0,
        "RecordsRecorded": 0,
    }
    for outcome in outcomes:
        if outcome.recorded:
            counts["RecordsRecorded"] += 1
        elif not outcome.ok:
            counts["RecordsFailed"] += 1
        elif outcome.plan.kind == "index":
            counts["RecordsIndexed"] += 1
        elif outcome.plan.kind == "delete":
            counts["RecordsDeleted"] += 1
        else:
            counts["RecordsIgnored"] += 1
    for name, value in counts.items():
        metrics.add_metric(name=name, unit=MetricUnit.Count, value=value)
    # One value per record (EMF keeps them all), so percentiles of the lag are available.
    for lag in (_lag_ms(r, now_s) for r in records):
        if lag is not None:
            metrics.add_metric(name="SyncLagMs", unit=MetricUnit.Milliseconds, value=lag)
