"""Reconcile the artist index with the table: compare both whole, re-drive every difference,
and report what was found. The table is the truth; the stream and the sync keep the index equal
to it, and this job catches what they could not:

    table lists it, index lacks it     missing  -> write the document at the table's version
    index holds an older version       stale    -> the same
    index holds a newer version        ahead    -> raise the table's version above it
    index holds it, table does not     extra    -> delete it above the index's version

A write the index refuses with a version conflict while holding no document is a delete
tombstone above the table's version (an artist deleted and then written again lower: a
restore, a re-seed, a manual put; the sync records those in its failure queue as `refused`).
Then the table's version is raised above the tombstone (a conditional update: a writer that got
there first wins, and the next run looks again) and the document is written at that version; the
stream brings the same version to the sync, which finds it already applied.

Idempotent and safe beside live traffic: every index write carries an external version taken from
the table, and every "extra" is read again (consistently) before it is deleted.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from compute.adapters.dynamodb import TableVersion
from compute.adapters.search.bulk import DeleteOp, IndexOp, OpOutcome, WriteOp
from compute.domain.errors import ValidationError
from compute.services.sync_batch import search_document

MAX_DETAILS = 50  # ids listed per kind in a report; counts are always complete
BULK_CHUNK = 500  # index writes per bulk request


class ReconcileTable(Protocol):
    def artist_versions(self) -> dict[str, TableVersion]: ...

    def get_artists(self, artist_ids: Sequence[str]) -> list[dict[str, Any]]: ...

    def get_artist(self, artist_id: str, *, consistent: bool = False) -> dict[str, Any] | None: ...

    def bump_artist_version(self, artist_id: str, read_version: int, new_version: int) -> bool: ...

    def raise_artist_version_floor(self, artist_id: str, version: int, now: str) -> None: ...


class ReconcileIndex(Protocol):
    def all_versions(self) -> dict[str, int]: ...

    def versions(self, ids: Sequence[str]) -> dict[str, int]: ...

    def write(self, ops: Sequence[WriteOp], *, refresh: bool = False) -> list[OpOutcome]: ...

    def refresh(self) -> None: ...


@dataclass
class ReconcileReport:
    """What one run found and did; `ids` lists up to MAX_DETAILS artist ids per kind."""

    table_listed: int = 0
    index_documents: int = 0
    missing: int = 0
    stale: int = 0
    ahead: int = 0
    extra: int = 0
    written: int = 0
    versions_raised: int = 0
    deleted: int = 0
    unchanged_after_recheck: int = 0
    failed: int = 0
    dry_run: bool = False
    seconds: float = 0.0
    ids: dict[str, list[str]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    @property
    def differences(self) -> int:
        return self.missing + self.stale + self.ahead + self.extra

    def note(self, kind: str, artist_id: str) -> None:
        listed = self.ids.setdefault(kind, [])
        if len(listed) < MAX_DETAILS:
            listed.append(artist_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "tableListed": self.table_listed,
            "indexDocuments": self.index_documents,
            "differences": self.differences,
            "missing": self.missing,
            "stale": self.stale,
            "ahead": self.ahead,
            "extra": self.extra,
            "written": self.written,
            "versionsRaised": self.versions_raised,
            "deleted": self.deleted,
            "unchangedAfterRecheck": self.unchanged_after_recheck,
            "failed": self.failed,
            "dryRun": self.dry_run,
            "seconds": round(self.seconds, 3),
            "ids": self.ids,
            "failures": self.failures[:MAX_DETAILS],
        }


def compare(table: Mapping[str, TableVersion], index: Mapping[str, int]) -> dict[str, list[str]]:
    """The differences between the table's artists and the index's documents, by kind, each
    list sorted (pure: the whole comparison rule)."""
    kinds: dict[str, list[str]] = {"missing": [], "stale": [], "ahead": [], "extra": []}
    for artist_id, held in table.items():
        indexed = index.get(artist_id)
        if not held.listed:
            if indexed is not None:
                kinds["extra"].append(artist_id)
        elif indexed is None:
            kinds["missing"].append(artist_id)
        elif indexed < held.version:
            kinds["stale"].append(artist_id)
        elif indexed > held.version:
            kinds["ahead"].append(artist_id)
    kinds["extra"].extend(artist_id for artist_id in index if artist_id not in table)
    return {kind: sorted(ids) for kind, ids in kinds.items()}


def reconcile(
    table: ReconcileTable,
    index: ReconcileIndex,
    *,
    now: str,
    dry_run: bool = False,
    to_document: Callable[[Mapping[str, Any]], dict[str, Any]] = search_document,
    clock: Callable[[], float] = time.monotonic,
) -> ReconcileReport:
    """Compare the table and the index and re-drive every difference (see the module doc)."""
    started = clock()
    report = ReconcileReport(dry_run=dry_run)
    held = table.artist_versions()
    indexed = index.all_versions()
    report.table_listed = sum(1 for v in held.values() if v.listed)
    report.index_documents = len(indexed)
    kinds = compare(held, indexed)
    for kind, ids in kinds.items():
        setattr(report, kind, len(ids))
        for artist_id in ids:
            report.note(kind, artist_id)
    if not dry_run and report.differences:
        behind_tombstones = _write_listed(
            table, index, kinds["missing"] + kinds["stale"], report, to_document
        )
        ahead = [
            (op, indexed[op.artist_id] + 1)
            for op in _document_ops(table, kinds["ahead"], report, to_document)
        ]
        _raise_and_write(table, index, behind_tombstones + ahead, report)
        _delete_extra(table, index, kinds["extra"], indexed, report, now)
        index.refresh()  # once: what was written is searchable when the run reports
    report.seconds = clock() - started
    return report


def _chunks(ops: Sequence[WriteOp]) -> Iterator[Sequence[WriteOp]]:
    for start in range(0, len(ops), BULK_CHUNK):
        yield ops[start : start + BULK_CHUNK]


def _write(index: ReconcileIndex, ops: Sequence[WriteOp]) -> list[OpOutcome]:
    """Bulk writes of BULK_CHUNK ops, without a refresh each (the run refreshes once)."""
    return [outcome for chunk in _chunks(ops) for outcome in index.write(chunk)]


def _document_ops(
    table: ReconcileTable,
    ids: Sequence[str],
    report: ReconcileReport,
    to_document: Callable[[Mapping[str, Any]], dict[str, Any]],
) -> list[IndexOp]:
    """The index writes of the listed artists among `ids`, at the table's versions."""
    ops: list[IndexOp] = []
    for item in table.get_artists(ids):
        if item.get("opted_out") is True:
            continue
        try:
            ops.append(IndexOp(str(item["artistId"]), to_document(item), int(item["version"])))
        except (ValidationError, ValueError, KeyError) as error:
            report.failed += 1
            report.failures.append(f"{item.get('artistId')}: not indexable ({error})")
    return ops


def _write_listed(
    table: ReconcileTable,
    index: ReconcileIndex,
    ids: Sequence[str],
    report: ReconcileReport,
    to_document: Callable[[Mapping[str, Any]], dict[str, Any]],
) -> list[tuple[IndexOp, int]]:
    """Write each listed artist's document at the table's version; the ones a tombstone
    refused, with the version to raise them to (above the tombstone)."""
    ops = _document_ops(table, ids, report, to_document)
    conflicts: dict[str, tuple[IndexOp, OpOutcome]] = {}
    for op, outcome in zip(ops, _write(index, ops), strict=True):
        if outcome.result == "superseded":
            conflicts[op.artist_id] = (op, outcome)
        elif outcome.ok:
            report.written += 1
        else:
            report.failed += 1
            report.failures.append(f"{op.artist_id}: index write failed ({outcome.reason})")
    live = index.versions(sorted(conflicts)) if conflicts else {}
    refused: list[tuple[IndexOp, int]] = []
    for artist_id, (op, outcome) in conflicts.items():
        if artist_id in live:
            report.unchanged_after_recheck += 1  # the sync got there meanwhile
        else:
            refused.append((op, max(outcome.current_version or op.version, op.version) + 1))
    return refused


def _raise_and_write(
    table: ReconcileTable,
    index: ReconcileIndex,
    targets: Sequence[tuple[IndexOp, int]],
    report: ReconcileReport,
) -> None:
    """Raise each artist's version in the table to its target (conditionally: a writer that
    got there first wins, and the next run looks again), then write the documents at it; the
    stream brings the same version to the sync, which finds it applied."""
    raised: list[WriteOp] = []
    for op, version in targets:
        if not table.bump_artist_version(op.artist_id, op.version, version):
            report.unchanged_after_recheck += 1
            continue
        report.versions_raised += 1
        raised.append(IndexOp(op.artist_id, {**op.document, "version": version}, version))
    outcomes = list(zip(raised, _write(index, raised), strict=True))
    superseded = [w.artist_id for w, outcome in outcomes if outcome.result == "superseded"]
    live = index.versions(superseded) if superseded else {}
    for written, outcome in outcomes:
        if outcome.result == "superseded" and written.artist_id not in live:
            report.failed += 1  # a tombstone above even this version: the next run goes higher
            report.failures.append(
                f"{written.artist_id}: still refused at version {written.version}"
            )
        elif outcome.ok:
            report.written += 1  # or the sync, from the raised item's stream record, was first
        else:
            report.failed += 1
            report.failures.append(f"{written.artist_id}: index write failed ({outcome.reason})")


def _delete_extra(
    table: ReconcileTable,
    index: ReconcileIndex,
    ids: Sequence[str],
    indexed: Mapping[str, int],
    report: ReconcileReport,
    now: str,
) -> None:
    """Delete documents the table does not list, each read again first: an artist written
    after the table was scanned is not extra."""
    ops: list[WriteOp] = []
    for artist_id in ids:
        item = table.get_artist(artist_id, consistent=True)
        if item is not None and item.get("opted_out") is not True:
            report.unchanged_after_recheck += 1
            continue
        version = indexed[artist_id] + 1
        if item is not None:
            version = max(version, int(item.get("version", 0)))
        table.raise_artist_version_floor(artist_id, version, now)
        ops.append(DeleteOp(artist_id, version))
    for op, outcome in zip(ops, _write(index, ops), strict=True):
        if outcome.ok:
            report.deleted += 1
        else:
            report.failed += 1
            report.failures.append(f"{op.artist_id}: index delete failed ({outcome.reason})")
