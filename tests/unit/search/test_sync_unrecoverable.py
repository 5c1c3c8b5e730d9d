"""Records the sync can never apply go to the sync-failures queue with their reason and count
as handled (they do not hold their shard); a write the index refuses while the table lists the
artist is one of them, not a success (issue 15). Fakes of our own ports only."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pytest

from compute import contracts
from compute.adapters.search.bulk import DeleteOp, IndexOp, OpOutcome, WriteOp, classify_bulk_item
from compute.handlers.events import WrongEventType
from compute.services.sync_batch import sync_batch
from tests.unit.search import events
from tests.unit.search.factories import artist

CONFLICT_REASON = (
    "[art_x]: version conflict, current version [9] is higher or equal to the one provided [2]"
)


class Index:
    """Answers every write with `answer(op)`; `live` is what a real-time get finds."""

    def __init__(self, answer: Any, live: dict[str, int] | None = None) -> None:
        self.answer = answer
        self.live = live or {}

    def write(self, ops: Sequence[WriteOp], *, refresh: bool = False) -> list[OpOutcome]:
        return [self.answer(op) for op in ops]

    def versions(self, ids: Sequence[str]) -> dict[str, int]:
        return {i: self.live[i] for i in ids if i in self.live}


class Ledger:
    def __init__(self, listed: dict[str, int] | None = None, fail: bool = False) -> None:
        self.listed = listed or {}
        self.floors: dict[str, int] = {}
        self.fail = fail

    def listed_version(self, artist_id: str) -> int | None:
        return self.listed.get(artist_id)

    def raise_artist_version_floor(self, artist_id: str, version: int, now: str) -> None:
        if self.fail:
            raise ConnectionError("table down")
        self.floors[artist_id] = max(version, self.floors.get(artist_id, 0))


class Queue:
    def __init__(self, fail: bool = False) -> None:
        self.records: list[dict[str, Any]] = []
        self.fail = fail

    def record(self, failures: Sequence[dict[str, Any]]) -> None:
        if self.fail:
            raise ConnectionError("queue down")
        for failure in failures:
            contracts.validate("sync-failure", failure)
        self.records.extend(failures)


def conflict(op: WriteOp) -> OpOutcome:
    return classify_bulk_item(
        {
            "index": {
                "status": 409,
                "error": {"type": "version_conflict_engine_exception", "reason": CONFLICT_REASON},
            }
        }
    )


def created(op: WriteOp) -> OpOutcome:
    return OpOutcome(ok=True, result="created", status=201)


def foreign_record() -> dict[str, Any]:
    return events.insert({"PK": "ORDER#alice@example.com", "SK": "LINE#1", "type": "order"})


def test_a_foreign_item_goes_to_the_queue_and_does_not_hold_the_shard() -> None:
    queue = Queue()
    (outcome,) = sync_batch([foreign_record()], Index(created), ledger=Ledger(), failures=queue)
    assert outcome.ok and outcome.recorded
    (record,) = queue.records
    assert record["kind"] == "invalid" and record["reason"]
    assert "alice" not in json.dumps(record)  # no raw key or value is kept


def test_without_the_queue_a_foreign_item_still_fails_for_the_mapping() -> None:
    (outcome,) = sync_batch([foreign_record()], Index(created))
    assert not outcome.ok and not outcome.recorded


def test_a_queue_that_does_not_answer_fails_the_record_for_a_retry() -> None:
    (outcome,) = sync_batch(
        [foreign_record()], Index(created), ledger=Ledger(), failures=Queue(fail=True)
    )
    assert not outcome.ok and outcome.transient


def test_a_write_refused_by_a_tombstone_while_the_table_lists_it_is_recorded() -> None:
    """Reproduction (issue 15): deleted, written again at a lower version, the 409 counted as
    success and the artist stayed out of search with nothing recorded."""
    a = artist(version=2)
    queue = Queue()
    (outcome,) = sync_batch(
        [events.insert(a.to_item())],
        Index(conflict),
        ledger=Ledger(listed={a.artist_id: 2}),
        failures=queue,
    )
    assert outcome.ok and outcome.recorded
    (record,) = queue.records
    assert record["kind"] == "refused"
    assert (record["artistId"], record["version"], record["indexVersion"]) == (a.artist_id, 2, 9)


@pytest.mark.parametrize(
    ("live", "listed"),
    [({"art_x": 5}, {"art_x": 2}), ({}, {})],
    ids=["a newer document is there", "the table no longer lists it"],
)
def test_a_conflict_that_is_truly_superseded_is_a_plain_success(
    live: dict[str, int], listed: dict[str, int]
) -> None:
    a = artist(artist_id="art_x", version=2)
    queue = Queue()
    (outcome,) = sync_batch(
        [events.insert(a.to_item())],
        Index(conflict, live=live),
        ledger=Ledger(listed=listed),
        failures=queue,
    )
    assert outcome.ok and not outcome.recorded and queue.records == []


def test_a_remove_keeps_its_delete_version_as_the_artists_floor() -> None:
    a = artist(version=5)
    ledger = Ledger()
    (outcome,) = sync_batch(
        [events.remove(a.to_item())], Index(created), ledger=ledger, failures=Queue()
    )
    assert outcome.ok and ledger.floors == {a.artist_id: 6}


def test_a_floor_that_cannot_be_kept_fails_the_delete_for_a_retry() -> None:
    a = artist(version=5)
    writes: list[WriteOp] = []
    index = Index(lambda op: writes.append(op) or created(op))
    (outcome,) = sync_batch(
        [events.remove(a.to_item())], index, ledger=Ledger(fail=True), failures=Queue()
    )
    assert not outcome.ok and outcome.transient and writes == []


def test_the_conflict_reason_gives_the_version_the_index_holds() -> None:
    assert conflict(DeleteOp("art_x", 1)).current_version == 9
    assert created(IndexOp("art_x", {}, 1)).current_version is None


def test_an_sqs_event_to_the_sync_fails_naming_the_stream_event(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SEARCH_ENDPOINT", "http://127.0.0.1:9")  # never reached
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-2")
    from compute.handlers.sync import SyncFunction

    sqs_event = {
        "Records": [
            {"messageId": "m1", "body": "{}", "eventSource": "aws:sqs", "receiptHandle": "r"}
        ]
    }
    function = SyncFunction(Index(created))  # type: ignore[arg-type]
    with pytest.raises(WrongEventType) as caught:
        function(sqs_event, events.LambdaContext(function_name="sync"))
    assert "DynamoDB stream event" in str(caught.value) and "SQS event" in str(caught.value)
