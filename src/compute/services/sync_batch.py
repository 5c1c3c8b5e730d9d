"""Keep the artist index equal to the table: one DynamoDB stream batch -> one bulk request.

Each record is planned on its own (index, delete, ignore, or invalid), the writes go out as one
bulk request with external versions, and each record gets an outcome: the handler turns failed
outcomes into `batchItemFailures`. External versioning makes the whole thing idempotent: the
mapping may retry a batch from its first failed record, replay it, or deliver a record late,
and an older version never overwrites a newer one (OpenSearch answers 409, which is success).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from compute.adapters.search import DeleteOp, IndexOp, OpOutcome, WriteOp, is_transient
from compute.domain.attribute_values import from_attribute_values
from compute.domain.errors import ValidationError
from compute.domain.keys import ArtistKey, ItemKey, parse_key

# Item types that live in the table but never in the index: counted, never indexed.
IGNORED_TYPES = frozenset(
    {
        "studio",
        "studio_artist",
        "denylist",
        "removal_request",
        "circuit",
        "lock",
        "scrape_candidate",
        "run",
    }
)

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
) -> list[RecordOutcome]:
    """Apply one batch of stream records to the index; one outcome per record, in order."""
    plans = [plan_record(record, to_document) for record in records]
    writing = [i for i, plan in enumerate(plans) if plan.op is not None]
    op_outcomes: dict[int, OpOutcome] = {}
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

    if metrics is not None:
        _record_metrics(metrics, records, outcomes, clock())
    return outcomes


def _record_metrics(
    metrics: MetricsSink,
    records: Sequence[Mapping[str, Any]],
    outcomes: Sequence[RecordOutcome],
    now_s: float,
) -> None:
    from aws_lambda_powertools.metrics import MetricUnit

    counts = {"RecordsIndexed": 0, "RecordsDeleted": 0, "RecordsIgnored": 0, "RecordsFailed": 0}
    for outcome in outcomes:
        if not outcome.ok:
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
