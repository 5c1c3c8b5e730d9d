"""Index v1 as it was deployed before issue 16: this code's definition with the coordinates
named `location` (the API's name for the display text) and its own fingerprint."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from compute.adapters.search.definition import index_definition

if TYPE_CHECKING:
    from opensearchpy import OpenSearch


def v1_document(document: dict[str, Any]) -> dict[str, Any]:
    """A search document as a v1 sync wrote it."""
    return {("location" if k == "coordinates" else k): v for k, v in document.items()}


def create_v1_index(client: OpenSearch, alias: str) -> str:
    """`{alias}-v1` with the v1 mapping, serving (and taking the writes of) `alias`."""
    definition = index_definition()
    mappings = definition["mappings"]
    mappings["properties"] = v1_document(mappings["properties"])
    mappings["_meta"] = {"definition": "v1-location"}
    name = f"{alias}-v1"
    body = {**definition, "aliases": {alias: {"is_write_index": True}}}
    client.indices.create(index=name, body=body)
    return name
