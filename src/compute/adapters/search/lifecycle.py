"""The index's lifecycle behind its alias (`artists` -> `artists-v1`): created by the system
itself (`ensure_index`, at the sync's cold start and the API's first search), checked against
this code's definition (`definition_drift`), and moved to a new version with `reindex`, which
switches the alias atomically."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from compute.adapters.search.bulk import classify_bulk_item
from compute.adapters.search.definition import (
    INDEX_VERSION,
    definition_fingerprint,
    index_definition,
    index_name,
)
from compute.adapters.search.errors import error_type

if TYPE_CHECKING:
    from opensearchpy import OpenSearch


def alias_targets(client: OpenSearch, alias: str) -> list[str]:
    """The concrete indices `alias` points at (empty when the alias does not exist)."""
    from opensearchpy import NotFoundError

    try:
        found = client.indices.get_alias(name=alias)
    except NotFoundError:
        return []
    return sorted(found)


def ensure_index(client: OpenSearch, alias: str, version: int = INDEX_VERSION) -> str:
    """Make sure `alias` points at an index; create `{alias}-v{version}` with the alias if not.

    Idempotent and safe to race: every sync container runs it at cold start."""
    from opensearchpy import RequestError

    targets = alias_targets(client, alias)
    if targets:
        return targets[-1]
    name = index_name(alias, version)
    body = {**index_definition(), "aliases": {alias: {"is_write_index": True}}}
    try:
        client.indices.create(index=name, body=body)
    except RequestError as error:
        # Another container won the race; the alias check below says whether it finished.
        if error_type(error) != "resource_already_exists_exception":
            raise
    if not alias_targets(client, alias):
        client.indices.put_alias(index=name, name=alias)
    return name


def definition_drift(client: OpenSearch, alias: str) -> bool:
    """True when the index behind `alias` was built from a different definition than this
    code's (a changed mapping or analyzer): the cue to run `reindex` to a new version."""
    targets = alias_targets(client, alias)
    if not targets:
        return False
    mapping = client.indices.get_mapping(index=targets[-1])[targets[-1]]["mappings"]
    return bool(mapping.get("_meta", {}).get("definition") != definition_fingerprint())


@dataclass(frozen=True)
class ReindexResult:
    source: str
    target: str
    copied: int
    deleted: int = 0


def reindex(
    client: OpenSearch, alias: str, new_version: int, *, chunk_size: int = 500
) -> ReindexResult:
    """Build `{alias}-v{new_version}` from the index behind `alias` and move the alias to it in
    one `_aliases` call, so searches never see a missing index; writes may go on meanwhile.

    Client-side scan + bulk (the local node has no reindex module), keeping each document's
    external version. After the switch a catch-up pass copies what was written to the old
    index during the first pass, and documents deleted from the old index meanwhile are
    deleted from the new one at the version the sync uses for a delete (last + 1). Version
    conflicts are expected (the sync may already have written something newer) and skipped."""
    from opensearchpy import helpers

    sources = alias_targets(client, alias)
    if len(sources) != 1:
        raise RuntimeError(f"alias {alias!r} must point at exactly one index, found {sources}")
    source = sources[0]
    target = index_name(alias, new_version)
    if target == source:
        raise ValueError(f"{target} already serves {alias!r}")
    if not client.indices.exists(index=target):
        client.indices.create(index=target, body=index_definition())

    def apply(actions: Iterable[dict[str, Any]]) -> int:
        applied = 0
        for ok, item in helpers.streaming_bulk(
            client, actions, chunk_size=chunk_size, raise_on_error=False, max_retries=3
        ):
            outcome = classify_bulk_item(item)
            if not outcome.ok:
                raise RuntimeError(f"reindex into {target} failed: {outcome.reason}")
            applied += int(ok)
        return applied

    def copy(copied: dict[str, int]) -> int:
        def actions() -> Iterable[dict[str, Any]]:
            for hit in helpers.scan(client, index=source, version=True, size=chunk_size):
                copied[hit["_id"]] = int(hit["_version"])
                yield {
                    "_op_type": "index",
                    "_index": target,
                    "_id": hit["_id"],
                    "_source": hit["_source"],
                    "version": hit["_version"],
                    "version_type": "external_gte",
                }

        return apply(actions())

    first_pass: dict[str, int] = {}
    copied = copy(first_pass)
    client.indices.refresh(index=target)
    client.indices.update_aliases(
        body={
            "actions": [
                {"remove": {"index": source, "alias": alias}},
                {"add": {"index": target, "alias": alias, "is_write_index": True}},
            ]
        }
    )
    client.indices.refresh(index=source)
    still_there: dict[str, int] = {}
    copied += copy(still_there)
    gone = sorted(set(first_pass) - set(still_there))
    apply(
        {
            "_op_type": "delete",
            "_index": target,
            "_id": artist_id,
            "version": first_pass[artist_id] + 1,
            "version_type": "external",
        }
        for artist_id in gone
    )
    client.indices.refresh(index=target)
    return ReindexResult(source=source, target=target, copied=copied, deleted=len(gone))
