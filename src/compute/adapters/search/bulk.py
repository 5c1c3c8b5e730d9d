"""Bulk writes of the sync: one index or delete per artist at an external version, in one
request body, and each item of the reply read as its outcome."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from compute.adapters.search.errors import TRANSIENT_STATUSES


@dataclass(frozen=True)
class IndexOp:
    """Write a document at an external version."""

    artist_id: str
    document: Mapping[str, Any]
    version: int


@dataclass(frozen=True)
class DeleteOp:
    """Delete a document at an external version (higher than any version it ever had)."""

    artist_id: str
    version: int


WriteOp = IndexOp | DeleteOp


@dataclass(frozen=True)
class OpOutcome:
    """How one bulk item ended: `ok` (written, deleted, or already superseded), else why not and
    whether a retry may help."""

    ok: bool
    result: str
    status: int
    transient: bool = False
    reason: str = ""
    # On a version conflict: the version the index holds (a document's or a delete's).
    current_version: int | None = None


_CURRENT_VERSION = re.compile(r"current version \[(\d+)\]")


def bulk_body(index: str, ops: Sequence[WriteOp]) -> list[Mapping[str, Any]]:
    body: list[Mapping[str, Any]] = []
    for op in ops:
        meta = {
            "_index": index,
            "_id": op.artist_id,
            "version": op.version,
            "version_type": "external",
        }
        if isinstance(op, IndexOp):
            body.append({"index": meta})
            body.append(op.document)
        else:
            body.append({"delete": meta})
    return body


def classify_bulk_item(item: Mapping[str, Any]) -> OpOutcome:
    """One item of a bulk reply -> its outcome. A 409 version conflict means newer data is
    already there (success); a delete of a missing document is done (success)."""
    (action, detail), *_ = item.items()
    status = int(detail.get("status", 500))
    result = str(detail.get("result", ""))
    if 200 <= status < 300:
        return OpOutcome(ok=True, result=result or action, status=status)
    error = detail.get("error") or {}
    error_type = str(error.get("type", "")) if isinstance(error, Mapping) else str(error)
    if status == 409 and error_type == "version_conflict_engine_exception":
        reason = error.get("reason", "") if isinstance(error, Mapping) else error
        found = _CURRENT_VERSION.search(str(reason))
        current = int(found.group(1)) if found else None
        return OpOutcome(ok=True, result="superseded", status=status, current_version=current)
    if status == 404 and action == "delete":
        return OpOutcome(ok=True, result="not_found", status=status)
    return OpOutcome(
        ok=False,
        result="failed",
        status=status,
        transient=status in TRANSIENT_STATUSES,
        reason=error_type or f"status {status}",
    )
