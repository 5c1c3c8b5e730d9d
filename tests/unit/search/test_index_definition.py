"""The index definition: strict explicit mapping, analyzers, and synonyms from the domain."""

from __future__ import annotations

import pytest

from compute.adapters.search import definition
from compute.contracts import schema
from compute.domain.styles import SYNONYMS, VOCABULARY


def test_mapping_is_strict_and_covers_every_search_document_field() -> None:
    mappings = definition.index_mappings()
    assert mappings["dynamic"] == "strict"
    document_fields = set(schema("search-document")["properties"])
    assert set(mappings["properties"]) == document_fields


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("artistId", "keyword"),
        ("studioId", "keyword"),
        ("styles", "keyword"),
        ("coordinates", "geo_point"),
        ("createdAt", "date"),
        ("updatedAt", "date"),
        ("version", "long"),
        ("name", "text"),
        ("studioName", "text"),
    ],
)
def test_field_types(field: str, expected: str) -> None:
    assert definition.index_mappings()["properties"][field]["type"] == expected


def test_name_is_folded_with_an_index_time_edge_ngram_prefix_field() -> None:
    settings = definition.index_settings()["analysis"]
    name = definition.index_mappings()["properties"]["name"]
    assert "asciifolding" in {settings["filter"][f]["type"] for f in ("folding",)}
    assert name["analyzer"] == "folded_text"
    prefix = name["fields"]["prefix"]
    assert prefix["analyzer"] == "folded_prefix"
    assert "prefix_grams" in settings["analyzer"]["folded_prefix"]["filter"]
    assert settings["filter"]["prefix_grams"]["type"] == "edge_ngram"
    # Searching with the n-gram analyzer would match any shared prefix: search with plain words.
    assert prefix["search_analyzer"] == "folded_text"
    assert "prefix_grams" not in settings["analyzer"]["folded_text"]["filter"]


def test_style_synonyms_come_from_the_domain_vocabulary() -> None:
    rules = definition.style_synonym_rules()
    assert len(rules) == len({style for style in SYNONYMS.values()})
    flattened = " ".join(rules)
    for synonym in SYNONYMS:
        assert synonym.replace("-", " ") in flattened
    for rule in rules:
        _, target = rule.split(" => ")
        assert target.replace("_", "-") in VOCABULARY
    analysis = definition.index_settings()["analysis"]
    assert analysis["filter"]["style_synonyms"]["synonyms"] == rules
    styles_text = definition.index_mappings()["properties"]["styles"]["fields"]["text"]
    assert styles_text["search_analyzer"] == "style_search"
    assert styles_text["analyzer"] == "style_index"  # one token per style: no partial matches


def test_trad_rewrites_to_traditional() -> None:
    rule = next(r for r in definition.style_synonym_rules() if r.endswith("=> traditional"))
    assert "trad" in [s.strip() for s in rule.split(" => ")[0].split(",")]


def test_index_names_are_versioned_behind_the_alias() -> None:
    assert definition.index_name("artists") == f"artists-v{definition.INDEX_VERSION}"
    assert definition.index_name("artists", 2) == "artists-v2"


def test_the_coordinates_have_one_name_apart_from_the_display_place() -> None:
    # v2 (issue 16): the API's `location` is text; the index's geo_point is `coordinates`.
    properties = definition.index_mappings()["properties"]
    assert "location" not in properties
    assert properties["coordinates"] == {"type": "geo_point"}
    assert properties["locationDisplay"]["type"] == "text"
    assert definition.INDEX_VERSION >= 2


def test_delete_tombstones_outlive_the_stream_retention() -> None:
    # DynamoDB streams keep records 24 h; a replay must never resurrect a deleted document.
    value = definition.index_settings()["index"]["gc_deletes"]
    assert value.endswith("h") and int(value[:-1]) > 24


def test_the_definition_carries_its_fingerprint() -> None:
    body = definition.index_definition()
    assert body["mappings"]["_meta"] == {"definition": definition.definition_fingerprint()}
    assert len(definition.definition_fingerprint()) == 16
