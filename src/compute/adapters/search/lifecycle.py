"""The index's lifecycle behind its alias (`artists` -> `artists-v2`): created by the system
itself (`ensure_index`, at the sync's cold start and the API's first search), checked against
this code's definition (`definition_drift`), taught this definition's new fields while an older
index still serves (`accept_new_fields`), and moved to a new version with `reindex`, which
upgrades each document to this code's shape and switches the alias atomically."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from compute.adapters.search.bulk import classify_bulk_item
from compute.adapters.search.definition import (
    INDEX_VERSION,
    definition_fingerprint,
    index_definition,
    index_mappings,
    index_name,
)
from compute.adapters.search.errors import error_type
from compute.domain.artist import upgrade_search_document

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


def accept_new_fields(client: OpenSearch, index: str) -> list[str]:
    """Add to `index`'s mapping the fields of this code's definition that it lacks (a mapping
    may grow in place, never change), so that an older index, while it still serves, accepts
    the documents this code writes (`coordinates` in a v1 index). Returns the added names."""
    mapping = client.indices.get_mapping(index=index)[index]["mappings"]
    known = mapping.get("properties", {})
    missing = {
        name: field for name, field in index_mappings()["properties"].items() if name not in known
    }
    if missing:
        client.indices.put_mapping(index=index, body={"properties": missing})
    return sorted(missing)


@dataclass(frozen=True)
class ReindexResult:
    source: str
    target: str
    copied: int
    deleted: int = 0
    upgraded: int = 0  # documents whose shape changed on the way (an older definition's)


def reindex(
    client: OpenSearch,
    alias: str,
    new_version: int = INDEX_VERSION,
    *,
    chunk_size: int = 500,
    catch_up_passes: int = 2,
) -> ReindexResult:
    """Build `{alias}-v{new_version}` from the index behind `alias`, each document upgraded to
    this code's shape (`upgrade_search_document`), and move the alias to it in one `_aliases`
    call once the new index holds what the old one does, so searches never see a missing or
    half-filled index.

    Writes may go on meanwhile, to the old index until the switch: it first learns this
    definition's new fields (`accept_new_fields`), so the new sync's documents are accepted
    there. Catch-up passes then copy, upgraded, what changed in the old index since the pass
    before (an old sync's document in the old shape as well) and delete from the new index
    what was deleted from the old one, at the version the sync uses for a delete (last + 1):
    up to `catch_up_passes` before the switch, then one after it for writes that raced it.

    Client-side scan + bulk (the local node has no reindex module), keeping
    each document's external version: a version conflict means the sync already wrote
    something newer to the new index, and is skipped."""
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
    accept_new_fields(client, source)

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

    # What the new index got from the old one: id -> version.
    moved: dict[str, int] = {}
    totals = {"copied": 0, "deleted": 0, "upgraded": 0}

    def catch_up() -> int:
        """Copy what is new or changed in the old index since the last pass, delete what left
        it; returns how many documents it wrote (0: the new index holds what the old one
        does)."""
        client.indices.refresh(index=source)
        seen: set[str] = set()

        def copies() -> Iterable[dict[str, Any]]:
            for hit in helpers.scan(client, index=source, version=True, size=chunk_size):
                seen.add(hit["_id"])
                version = int(hit["_version"])
                if moved.get(hit["_id"]) == version:
                    continue
                moved[hit["_id"]] = version
                document = upgrade_search_document(hit["_source"])
                totals["upgraded"] += int(document != hit["_source"])
                yield {
                    "_op_type": "index",
                    "_index": target,
                    "_id": hit["_id"],
                    "_source": document,
                    "version": version,
                    "version_type": "external_gte",
                }

        copied = apply(copies())
        gone = sorted(set(moved) - seen)
        deleted = apply(
            {
                "_op_type": "delete",
                "_index": target,
                "_id": artist_id,
                "version": moved.pop(artist_id) + 1,
                "version_type": "external",
            }
            for artist_id in gone
        )
        totals["copied"] += copied
        totals["deleted"] += len(gone)
        return copied + deleted

    catch_up()  # the first pass copies everything
    for _ in range(catch_up_passes):
        if catch_up() == 0:
            break
    client.indices.refresh(index=target)
    client.indices.update_aliases(
        body={
            "actions": [
                {"remove": {"index": source, "alias": alias}},
                {"add": {"index": target, "alias": alias, "is_write_index": True}},
            ]
        }
    )
    catch_up()  # writes that reached the old index while the alias moved
    client.indices.refresh(index=target)
    return ReindexResult(source=source, target=target, **totals)
