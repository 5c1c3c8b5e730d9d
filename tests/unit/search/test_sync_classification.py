"""The sync's record classification and batch outcomes, on AWS-shaped stream records."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from aws_lambda_powertools.utilities.data_classes import DynamoDBStreamEvent
from opensearchpy import ConnectionError as SearchConnectionError

from compute.adapters.search.bulk import DeleteOp, IndexOp, OpOutcome, WriteOp, classify_bulk_item
from compute.domain import keys
from compute.domain.models import DenylistEntry, Studio, StudioArtistLink
from compute.services.sync_batch import plan_record, sync_batch
from tests.unit.search import events
from tests.unit.search.factories import artist, bumped


def test_events_parse_with_powertools_event_classes() -> None:
    a = artist()
    event = DynamoDBStreamEvent(events.stream_event([events.insert(a.to_item())]))
    (record,) = list(event.records)
    assert record.event_name is not None and record.event_name.name == "INSERT"
    assert record.dynamodb is not None and record.dynamodb.keys["PK"] == f"ARTIST#{a.artist_id}"


def test_artist_insert_indexes_the_search_document_at_the_item_version() -> None:
    a = artist(version=7)
    plan = plan_record(events.insert(a.to_item()))
    assert plan.kind == "index"
    assert plan.op == IndexOp(a.artist_id, a.to_search_document(), 7)


def test_opt_out_deletes_at_the_new_version() -> None:
    a = artist(version=3)
    opted = bumped(a, opted_out=True)
    plan = plan_record(events.modify(a.to_item(), opted.to_item()))
    assert plan.kind == "delete"
    assert plan.op == DeleteOp(a.artist_id, 4)


def test_remove_deletes_one_above_the_last_version() -> None:
    a = artist(version=5)
    plan = plan_record(events.remove(a.to_item()))
    assert plan.op == DeleteOp(a.artist_id, 6)


IGNORED_ITEMS: list[dict[str, Any]] = [
    Studio("stu_1", "Ink", "place-1", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z").to_item(),
    StudioArtistLink("stu_1", "art_1", "2026-01-01T00:00:00Z").to_item(),
    DenylistEntry("a" * 64, "other", "2026-01-01T00:00:00Z").to_item(),
    {"PK": "REMOVAL#rem_1", "SK": "METADATA", "type": "removal_request"},
    {"PK": "CIRCUIT#example.com", "SK": "STATE", "type": "circuit"},
    {"PK": "ROBOTS#example.com", "SK": "HTTPS", "type": "robots"},
    {"PK": "LOCK#pipeline", "SK": "LOCK", "type": "lock"},
    {"PK": "RUN#run1", "SK": "CANDIDATE#ig:someone", "type": "scrape_candidate"},
    {"PK": "RUN#run1", "SK": "SUMMARY", "type": "run"},
    {"PK": "ARTIST#art_1", "SK": "VERSION", "type": "artist_version", "version": 3},
    {"PK": "LIMIT#removal-client:ab12", "SK": "WINDOW#1795856400", "type": "rate_limit"},
]


def test_every_item_type_but_the_artist_has_an_ignore_rule() -> None:
    # A new item type without one fails every record of it, and its retries hold the shard.
    assert {item["type"] for item in IGNORED_ITEMS} == set(keys.ITEM_TYPES) - {"artist"}


@pytest.mark.parametrize("item", IGNORED_ITEMS, ids=lambda i: str(i["type"]))
def test_other_item_types_are_ignored_explicitly(item: dict[str, Any]) -> None:
    for record in (events.insert(item), events.remove(item)):
        plan = plan_record(record)
        assert (plan.kind, plan.item_type, plan.op) == ("ignore", item["type"], None)


def test_a_schema_invalid_artist_is_invalid_and_its_reason_names_no_values() -> None:
    item = artist(name="Secret Person Name").to_item()
    item["styles"] = ["not-a-style"]
    plan = plan_record(events.insert(item))
    assert plan.kind == "invalid"
    assert "styles" in plan.reason
    assert "Secret" not in plan.reason and "not-a-style" not in plan.reason


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda i: i.pop("version"), "version"),
        (lambda i: i.update(type="studio"), "does not match"),
        (lambda i: i.update(artistId="art_other"), "artistId"),
    ],
)
def test_inconsistent_artist_records_are_invalid(mutate: Any, expected: str) -> None:
    item = artist().to_item()
    mutate(item)
    plan = plan_record(events.insert(item))
    assert plan.kind == "invalid" and expected in plan.reason


def test_unparseable_keys_are_invalid() -> None:
    record = events.stream_record("INSERT", keys={"PK": "WHAT", "SK": "EVER"}, new_image={})
    assert plan_record(record).kind == "invalid"


# --- batch outcomes ------------------------------------------------------------------------


class FakeIndex:
    """A port fake: answers each op with a scripted outcome, or raises for the whole bulk."""

    def __init__(self, answer: Any) -> None:
        self.answer = answer
        self.requests: list[list[WriteOp]] = []

    def write(self, ops: Sequence[WriteOp], *, refresh: bool = False) -> list[OpOutcome]:
        self.requests.append(list(ops))
        if isinstance(self.answer, Exception):
            raise self.answer
        return [self.answer(op) for op in ops]


class Metrics:
    def __init__(self) -> None:
        self.values: dict[str, list[float]] = {}

    def add_metric(self, name: str, unit: Any, value: float) -> None:
        self.values.setdefault(name, []).append(value)


def mixed_batch() -> list[dict[str, Any]]:
    a, b = artist(), artist()
    bad = artist().to_item()
    bad["styles"] = ["nope"]
    return [
        events.insert(a.to_item()),
        events.insert(IGNORED_ITEMS[0]),
        events.remove(b.to_item()),
        events.insert(bad),
    ]


def test_one_bulk_request_per_batch_with_per_record_outcomes() -> None:
    index = FakeIndex(lambda op: OpOutcome(ok=True, result="created", status=201))
    metrics = Metrics()
    outcomes = sync_batch(mixed_batch(), index, metrics, clock=lambda: 1_764_300_002.5)
    assert len(index.requests) == 1 and len(index.requests[0]) == 2
    assert [o.ok for o in outcomes] == [True, True, True, False]
    assert metrics.values == {
        "RecordsIndexed": [1],
        "RecordsDeleted": [1],
        "RecordsIgnored": [1],
        "RecordsFailed": [1],
        "RecordsRecorded": [0],
        "SyncLagMs": [2500.0] * 4,
    }


def test_an_unreachable_cluster_fails_only_the_records_that_write() -> None:
    index = FakeIndex(SearchConnectionError("N/A", "refused", Exception("refused")))
    outcomes = sync_batch(mixed_batch(), index)
    assert [(o.ok, o.transient) for o in outcomes] == [
        (False, True),
        (True, False),
        (False, True),
        (False, False),
    ]


@pytest.mark.parametrize(
    ("item", "ok", "transient"),
    [
        ({"index": {"status": 201, "result": "created"}}, True, False),
        (
            {"index": {"status": 409, "error": {"type": "version_conflict_engine_exception"}}},
            True,
            False,
        ),
        ({"delete": {"status": 404, "result": "not_found"}}, True, False),
        ({"index": {"status": 429, "error": {"type": "cluster_block_exception"}}}, False, True),
        (
            {"index": {"status": 503, "error": {"type": "unavailable_shards_exception"}}},
            False,
            True,
        ),
        (
            {"index": {"status": 400, "error": {"type": "strict_dynamic_mapping_exception"}}},
            False,
            False,
        ),
    ],
)
def test_bulk_item_classification(item: dict[str, Any], ok: bool, transient: bool) -> None:
    outcome = classify_bulk_item(item)
    assert (outcome.ok, outcome.transient) == (ok, transient)
