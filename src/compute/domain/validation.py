"""Checking outside input and stored items, all problems at once: each aggregate's parsers,
re-exported here for their many callers, and `parse_item`, which picks the parser of any
main-table item by its key. The reader they share is fields.py."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from compute.domain import keys
from compute.domain.artist import parse_artist_item, parse_search_document, validate_artist
from compute.domain.fields import require_mapping
from compute.domain.pipeline import (
    parse_run_item,
    parse_scrape_candidate_item,
    parse_scrape_job,
    validate_candidate,
)
from compute.domain.removal import (
    new_request_id,
    parse_denylist_item,
    parse_removal_body,
    parse_removal_request_item,
    validate_removal_request,
)
from compute.domain.studio import parse_studio_artist_item, parse_studio_item, validate_studio

__all__ = [
    "new_request_id",
    "parse_artist_item",
    "parse_denylist_item",
    "parse_item",
    "parse_removal_body",
    "parse_removal_request_item",
    "parse_run_item",
    "parse_scrape_candidate_item",
    "parse_scrape_job",
    "parse_search_document",
    "parse_studio_artist_item",
    "parse_studio_item",
    "validate_artist",
    "validate_candidate",
    "validate_removal_request",
    "validate_studio",
]


def parse_item(item: Mapping[str, Any]) -> object:
    """Any main-table item as its model, chosen by its PK and SK (circuit and lock items,
    which belong to their adapters, come back as their typed key)."""
    item = require_mapping(item, "item")
    key = keys.parse_key(item.get("PK"), item.get("SK"))  # type: ignore[arg-type]
    parsers: dict[str, Callable[[Mapping[str, Any]], object]] = {
        "artist": parse_artist_item,
        "studio": parse_studio_item,
        "studio_artist": parse_studio_artist_item,
        "denylist": parse_denylist_item,
        "removal_request": parse_removal_request_item,
        "scrape_candidate": parse_scrape_candidate_item,
        "run": parse_run_item,
    }
    parser = parsers.get(key.type)
    return parser(item) if parser is not None else key
