"""The artist index's definition: its versioned name behind the alias, analysis settings and
the strict mapping of the search document, and the fingerprint that tells a running system its
index was built from another definition."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from compute.domain.styles import SYNONYMS, VOCABULARY

# v2 (issue 16): the coordinates are `coordinates`, no longer `location` (the API's display
# text); `reindex` to it upgrades each v1 document (compute.domain.artist.upgrade_search_document).
INDEX_VERSION = 2
DEFAULT_ALIAS = "artists"
# DynamoDB streams keep records for 24 h: keep delete tombstones longer, so a replayed or late
# record older than a delete can never bring the document back.
GC_DELETES = "25h"
MAX_RESULT_WINDOW = 10_000
PREFIX_MIN_GRAM = 2
PREFIX_MAX_GRAM = 15


def index_name(alias: str, version: int = INDEX_VERSION) -> str:
    """The concrete index behind `alias` at `version` (`artists` -> `artists-v1`)."""
    return f"{alias}-v{version}"


def style_token(style: str) -> str:
    """A style as one token (`neo-traditional` -> `neo_traditional`): the standard tokenizer
    would split the hyphen, and "traditional" must not match neo-traditional artists."""
    return style.replace("-", "_")


def style_synonym_rules() -> list[str]:
    """Synonym rules (Solr format) from the one vocabulary of spellings in compute.domain.styles:
    every spelling of a style rewrites to the style's single token (`trad, old school =>
    traditional`). Hyphens become spaces so a rule reads the words the standard tokenizer
    makes of a query; the longest spelling wins ("neo traditional" is not "traditional")."""
    by_style: dict[str, set[str]] = {style: set() for style in VOCABULARY}
    for synonym, style in SYNONYMS.items():
        by_style[style].add(synonym.replace("-", " "))
    for style in VOCABULARY:
        if "-" in style:
            by_style[style].add(style.replace("-", " "))
    return [
        f"{', '.join(sorted(spellings))} => {style_token(style)}"
        for style, spellings in by_style.items()
        if spellings
    ]


def index_settings() -> dict[str, Any]:
    """Analysis and index settings: ASCII-folded names, an edge-n-gram sub-field for prefix
    search (n-grams at index time only), style synonyms at search time."""
    return {
        "index": {
            "number_of_shards": 1,
            "number_of_replicas": 0,
            "max_result_window": MAX_RESULT_WINDOW,
            "gc_deletes": GC_DELETES,
            "max_ngram_diff": PREFIX_MAX_GRAM - PREFIX_MIN_GRAM,
        },
        "analysis": {
            "filter": {
                "folding": {"type": "asciifolding", "preserve_original": False},
                "prefix_grams": {
                    "type": "edge_ngram",
                    "min_gram": PREFIX_MIN_GRAM,
                    "max_gram": PREFIX_MAX_GRAM,
                },
                "style_synonyms": {
                    "type": "synonym_graph",
                    "synonyms": style_synonym_rules(),
                },
            },
            "char_filter": {
                "style_joiner": {"type": "mapping", "mappings": ["- => _"]},
            },
            "normalizer": {
                "folded_keyword": {
                    "type": "custom",
                    "filter": ["lowercase", "asciifolding"],
                }
            },
            "analyzer": {
                "folded_text": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "folding"],
                },
                "folded_prefix": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "folding", "prefix_grams"],
                },
                "style_index": {
                    "type": "custom",
                    "char_filter": ["style_joiner"],
                    "tokenizer": "keyword",
                    "filter": ["lowercase"],
                },
                "style_search": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "folding", "style_synonyms"],
                },
            },
        },
    }


def _text_with_prefix() -> dict[str, Any]:
    return {
        "type": "text",
        "analyzer": "folded_text",
        "fields": {
            "prefix": {
                "type": "text",
                "analyzer": "folded_prefix",
                "search_analyzer": "folded_text",
            },
            "exact": {"type": "keyword", "normalizer": "folded_keyword", "ignore_above": 256},
        },
    }


# Stored for the reply, never searched: kept out of the inverted index.
_STORED_ONLY: dict[str, Any] = {"type": "object", "enabled": False}


def index_mappings() -> dict[str, Any]:
    """The explicit mapping of the search document (contracts/schemas/search-document); strict,
    so a document with a field the mapping does not know is refused instead of guessed."""
    return {
        "dynamic": "strict",
        "properties": {
            "artistId": {"type": "keyword"},
            "name": _text_with_prefix(),
            "instagramHandle": {
                "type": "keyword",
                "normalizer": "folded_keyword",
                "fields": {
                    "prefix": {
                        "type": "text",
                        "analyzer": "folded_prefix",
                        "search_analyzer": "folded_text",
                    }
                },
            },
            "nameKey": {"type": "keyword"},
            "studioId": {"type": "keyword"},
            "studioName": {"type": "text", "analyzer": "folded_text"},
            "coordinates": {"type": "geo_point"},
            "locationDisplay": {"type": "text", "analyzer": "folded_text"},
            "geohash": {"type": "keyword"},
            "styles": {
                "type": "keyword",
                "fields": {
                    "text": {
                        "type": "text",
                        "analyzer": "style_index",
                        "search_analyzer": "style_search",
                    }
                },
            },
            "specialties": {"type": "text", "analyzer": "folded_text"},
            "rating": {"type": "float"},
            "reviewCount": {"type": "integer"},
            "createdAt": {"type": "date"},
            "updatedAt": {"type": "date"},
            "version": {"type": "long"},
            "avatar": {"type": "keyword", "index": False, "doc_values": False},
            "portfolioImages": _STORED_ONLY,
            "contactInfo": _STORED_ONLY,
            "studioInfo": _STORED_ONLY,
            "pricing": _STORED_ONLY,
            "availability": _STORED_ONLY,
            "experience": _STORED_ONLY,
        },
    }


def definition_fingerprint() -> str:
    """A short hash of the settings and mapping, stored in the index's `_meta`, so a running
    system can tell that its index was built from another definition (and needs a reindex)."""
    text = json.dumps([index_settings(), index_mappings()], sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def index_definition() -> dict[str, Any]:
    mappings = {**index_mappings(), "_meta": {"definition": definition_fingerprint()}}
    return {"settings": index_settings(), "mappings": mappings}
