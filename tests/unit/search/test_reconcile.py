"""The reconcile job's rule and its re-drives, with fakes of our own ports (the chaos scenario
`recreate_lower` runs it against the whole local cloud)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from compute.adapters.dynamodb import TableVersion
from compute.adapters.search.bulk import DeleteOp, IndexOp, OpOutcome, WriteOp
from compute.services.reconcile import compare, reconcile
from tests.unit.search.factories import artist


class Table:
    def __init__(self, items: dict[str, dict[str, Any]]) -> None:
        self.items = items
        self.floors: dict[str, int] = {}

    def artist_versions(self) -> dict[str, TableVersion]:
        return {
            a: TableVersion(int(i["version"]), i.get("opted_out") is not True)
            for a, i in self.items.items()
        }

    def get_artists(self, artist_ids: Sequence[str]) -> list[dict[str, Any]]:
        return [self.items[a] for a in artist_ids if a in self.items]

    def get_artist(self, artist_id: str, *, consistent: bool = False) -> dict[str, Any] | None:
        return self.items.get(artist_id)

    def bump_artist_version(self, artist_id: str, read_version: int, new_version: int) -> bool:
        if self.items[artist_id]["version"] != read_version:
            return False
        self.items[artist_id] = {**self.items[artist_id], "version": new_version}
        return True

    def raise_artist_version_floor(self, artist_id: str, version: int, now: str) -> None:
        self.floors[artist_id] = max(version, self.floors.get(artist_id, 0))


class Index:
    """External versioning as OpenSearch does it, tombstones included."""

    def __init__(self, live: dict[str, int], tombstones: dict[str, int] | None = None) -> None:
        self.live = dict(live)
        self.tombstones = dict(tombstones or {})

    def all_versions(self) -> dict[str, int]:
        return dict(self.live)

    def versions(self, ids: Sequence[str]) -> dict[str, int]:
        return {i: self.live[i] for i in ids if i in self.live}

    def refresh(self) -> None:
        self.refreshed = True

    def write(self, ops: Sequence[WriteOp], *, refresh: bool = False) -> list[OpOutcome]:
        outcomes = []
        for op in ops:
            held = self.live.get(op.artist_id, self.tombstones.get(op.artist_id, 0))
            if op.version <= held:
                outcomes.append(
                    OpOutcome(ok=True, result="superseded", status=409, current_version=held)
                )
            elif isinstance(op, IndexOp):
                self.live[op.artist_id] = op.version
                self.tombstones.pop(op.artist_id, None)
                outcomes.append(OpOutcome(ok=True, result="created", status=201))
            else:
                assert isinstance(op, DeleteOp)
                self.live.pop(op.artist_id, None)
                self.tombstones[op.artist_id] = op.version
                outcomes.append(OpOutcome(ok=True, result="deleted", status=200))
        return outcomes


def v(version: int, listed: bool = True) -> TableVersion:
    return TableVersion(version, listed)


def test_compare_names_every_kind_of_difference() -> None:
    table = {"a": v(2), "b": v(3), "c": v(1), "d": v(5, listed=False), "e": v(4)}
    index = {"b": 2, "c": 4, "d": 5, "e": 4, "z": 1}
    assert compare(table, index) == {
        "missing": ["a"],
        "stale": ["b"],
        "ahead": ["c"],
        "extra": ["d", "z"],
    }


def test_an_artist_recreated_below_its_tombstone_is_searchable_after_one_run() -> None:
    """Reproduction (issue 15): deleted at version 3 (tombstone 4), written again at 1."""
    recreated = artist(artist_id="art_re", version=1).to_item()
    table = Table({"art_re": recreated})
    index = Index(live={}, tombstones={"art_re": 4})
    report = reconcile(table, index, now="2026-12-06T02:00:00.000Z")
    assert report.missing == 1 and report.versions_raised == 1 and report.failed == 0
    assert index.live == {"art_re": 5} and table.items["art_re"]["version"] == 5
    again = reconcile(table, index, now="2026-12-06T02:00:00.000Z")
    assert again.differences == 0 and again.written == 0


def test_stale_ahead_and_extra_are_all_re_driven() -> None:
    table = Table(
        {
            "art_st": artist(artist_id="art_st", version=3).to_item(),
            "art_ah": artist(artist_id="art_ah", version=2).to_item(),
            "art_oo": artist(artist_id="art_oo", version=6, opted_out=True).to_item(),
        }
    )
    index = Index(live={"art_st": 2, "art_ah": 7, "art_oo": 5, "art_gone": 3})
    report = reconcile(table, index, now="2026-12-06T02:00:00.000Z")
    assert (report.stale, report.ahead, report.extra) == (1, 1, 2)
    assert index.live == {"art_st": 3, "art_ah": 8}
    assert table.items["art_ah"]["version"] == 8
    assert table.floors == {"art_gone": 4, "art_oo": 6}
    assert reconcile(table, index, now="2026-12-06T02:00:00.000Z").differences == 0


def test_a_dry_run_reports_and_changes_nothing() -> None:
    table = Table({"art_re": artist(artist_id="art_re", version=1).to_item()})
    index = Index(live={}, tombstones={"art_re": 4})
    report = reconcile(table, index, now="2026-12-06T02:00:00.000Z", dry_run=True)
    assert report.missing == 1 and report.to_dict()["ids"] == {"missing": ["art_re"]}
    assert index.live == {} and table.items["art_re"]["version"] == 1
