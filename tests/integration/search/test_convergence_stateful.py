"""Convergence, as a Hypothesis state machine: random puts, updates, deletes and opt-outs of
up to 50 artists in a moto table with a stream; the stream's records reach the real sync
handler in random batches, with duplicates, replays of delivered batches and reordering within
DynamoDB streams' guarantees (each item's records in order; other items' interleaved). However
they arrive, the index ends equal to the projection of the final table."""

from __future__ import annotations

import dataclasses
import itertools
from collections import defaultdict, deque
from typing import Any, ClassVar

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    precondition,
    rule,
    run_state_machine_as_test,
)

from compute.adapters.clients import search_client
from compute.adapters.search.index import ArtistSearchIndex
from compute.domain.attribute_values import from_attribute_values, to_attribute_values
from compute.domain.models import Artist
from compute.domain.styles import VOCABULARY
from tests.integration.search.conftest import StreamReader, create_main_table, unique
from tests.unit.search import events
from tests.unit.search.factories import artist

pytestmark = pytest.mark.integration

ARTIST_SLOTS = 50
_examples = itertools.count()


class StreamConvergence(RuleBasedStateMachine):
    # Set by the test before the machine runs (Hypothesis builds machines without fixtures).
    env: ClassVar[dict[str, Any]] = {}

    def __init__(self) -> None:
        super().__init__()
        ddb = self.env["ddb"]
        self.ddb = ddb
        self.table = unique("conv")
        self.stream = StreamReader(self.env["moto_endpoint"], create_main_table(ddb, self.table))
        self.sync = self.env["SyncFunction"](self.env["index"])
        self.prefix = f"art_c{next(_examples)}x"
        # Per slot: the artist now in the table (None if absent) and the last version written.
        self.current: dict[int, Artist | None] = {}
        self.last_version: dict[int, int] = {}
        self.pending: list[dict[str, Any]] = []
        self.delivered: list[list[dict[str, Any]]] = []

    # --- writes (what the scrapers, the removal route and operators do) ----------------------

    def _write(self, slot: int, next_artist: Artist) -> None:
        self.ddb.put_item(TableName=self.table, Item=to_attribute_values(next_artist.to_item()))
        self.current[slot] = next_artist
        self.last_version[slot] = next_artist.version

    @rule(
        slot=st.integers(0, ARTIST_SLOTS - 1),
        styles=st.sets(st.sampled_from(VOCABULARY), min_size=1, max_size=3),
        rating=st.one_of(st.none(), st.floats(0, 5).map(lambda r: round(r, 1))),
    )
    def put(self, slot: int, styles: set[str], rating: float | None) -> None:
        """Create or update an artist; versions keep growing, also across a delete."""
        before = self.current.get(slot)
        version = self.last_version.get(slot, 0) + 1
        changes = {"styles": tuple(sorted(styles)), "rating": rating, "version": version}
        if before is None:
            fresh = artist(artist_id=f"{self.prefix}{slot}", name=f"Convergent Artist {slot}")
            self._write(slot, dataclasses.replace(fresh, **changes))
        else:
            # Writers never clear an opt-out.
            self._write(slot, dataclasses.replace(before, **changes))

    @precondition(
        lambda self: any(a is not None and not a.opted_out for a in self.current.values())
    )
    @rule(data=st.data())
    def opt_out(self, data: st.DataObject) -> None:
        listed = sorted(s for s, a in self.current.items() if a is not None and not a.opted_out)
        slot = data.draw(st.sampled_from(listed))
        before = self.current[slot]
        assert before is not None
        self._write(slot, dataclasses.replace(before, opted_out=True, version=before.version + 1))

    @precondition(lambda self: any(a is not None for a in self.current.values()))
    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        present = sorted(s for s, a in self.current.items() if a is not None)
        slot = data.draw(st.sampled_from(present))
        key = {"PK": f"ARTIST#{self.prefix}{slot}", "SK": "METADATA"}
        self.ddb.delete_item(TableName=self.table, Key=to_attribute_values(key))
        self.current[slot] = None
        # The sync deletes at last + 1: a delete uses up a version, so an artist written again
        # later continues above it (versions of an artist never restart; see sync_batch).
        self.last_version[slot] += 1

    # --- delivery (what the event-source mapping may do) -----------------------------------

    def _run(self, batch: list[dict[str, Any]]) -> None:
        reply = self.sync(events.stream_event(batch), events.LambdaContext(function_name="sync"))
        assert reply == {"batchItemFailures": []}

    @rule(data=st.data())
    def deliver(self, data: st.DataObject) -> None:
        """Some of the pending records, interleaved across items, in random batches; a batch
        may start with records the previous one already carried (a retry)."""
        self.pending.extend(self.stream.read())
        if not self.pending:
            return
        queues: dict[str, deque[dict[str, Any]]] = defaultdict(deque)
        for record in self.pending:
            queues[record["dynamodb"]["Keys"]["PK"]["S"]].append(record)
        order: list[dict[str, Any]] = []
        while queues:
            key = data.draw(st.sampled_from(sorted(queues)))
            order.append(queues[key].popleft())
            if not queues[key]:
                del queues[key]
        count = data.draw(st.integers(1, len(order)))
        now, self.pending = order[:count], order[count:]
        previous: list[dict[str, Any]] = []
        while now:
            size = data.draw(st.integers(1, 10))
            batch, now = now[:size], now[size:]
            retried = data.draw(st.integers(0, len(previous)))
            if retried:
                batch = previous[-retried:] + batch
            self._run(batch)
            self.delivered.append(batch)
            previous = batch

    @precondition(lambda self: bool(self.delivered))
    @rule(data=st.data())
    def replay(self, data: st.DataObject) -> None:
        """An already-delivered batch arrives again, possibly long after newer ones."""
        self._run(data.draw(st.sampled_from(self.delivered)))

    # --- the property ----------------------------------------------------------------------

    def _projection(self) -> dict[str, tuple[int, dict[str, Any]]]:
        scanned = self.ddb.scan(TableName=self.table)["Items"]
        expected = {}
        for raw in scanned:
            item = from_attribute_values(raw)
            if item.get("type") == "artist" and not item.get("opted_out"):
                a = Artist.from_item(item)
                expected[a.artist_id] = (a.version, a.to_search_document())
        return expected

    def teardown(self) -> None:
        # Whatever is still pending arrives in order; then index and table must agree.
        self.pending.extend(self.stream.read())
        for start in range(0, len(self.pending), 10):
            self._run(self.pending[start : start + 10])
        index: ArtistSearchIndex = self.env["index"]
        index.refresh()
        found = {
            artist_id: (doc["_version"], {k: v for k, v in doc.items() if k != "_version"})
            for artist_id, doc in index.documents().items()
            if artist_id.startswith(self.prefix)
        }
        assert found == self._projection()
        self.ddb.delete_table(TableName=self.table)


def test_the_index_converges_to_the_table(
    handler_env: dict[str, Any], ddb: Any, moto_endpoint: str, alias: str, opensearch_url: str
) -> None:
    index = ArtistSearchIndex(search_client(opensearch_url, max_retries=0), alias=alias)
    index.ensure()
    StreamConvergence.env = {
        "ddb": ddb,
        "moto_endpoint": moto_endpoint,
        "index": index,
        "SyncFunction": handler_env["sync"].SyncFunction,
    }
    run_state_machine_as_test(
        StreamConvergence,
        settings=settings(
            max_examples=12,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
