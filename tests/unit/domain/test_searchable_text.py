"""Unicode-equal text matches (issue 15): what the index holds and what a query asks are both
in `searchable_text` form, so decomposed accents and invisible format characters change
nothing."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from compute.domain.normalise import searchable_text
from compute.domain.search import parse_search_params
from tests.unit.search.factories import artist

from .strategies import PROPERTY

FORMAT_CHARACTERS = st.sampled_from(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])
texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


def test_the_issue_15_spellings_are_one_text() -> None:
    """Reproduction: `Chloe%CC%81` and a zero-width space found nothing, `Chloé` found 28."""
    assert searchable_text("Chloe\u0301") == searchable_text("Chlo\u00e9") == "Chlo\u00e9"
    assert searchable_text("Chlo\u200be\u0301") == "Chlo\u00e9"
    assert parse_search_params({"query": "Chloe\u0301"}).query == "Chlo\u00e9"
    assert parse_search_params({"query": "\u200b"}).query is None  # blank once cleaned


@PROPERTY
@given(texts)
def test_canonically_equal_texts_are_equal_after(text: str) -> None:
    nfc, nfd = unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text)
    assert searchable_text(nfd) == searchable_text(nfc) == searchable_text(text)


@PROPERTY
@given(texts, st.lists(st.tuples(st.integers(0, 30), FORMAT_CHARACTERS), max_size=4))
def test_format_characters_anywhere_change_nothing(
    text: str, inserts: list[tuple[int, str]]
) -> None:
    spelled = text
    for position, character in inserts:
        spelled = spelled[:position] + character + spelled[position:]
    assert searchable_text(spelled) == searchable_text(text)


@PROPERTY
@given(texts)
def test_searchable_text_is_idempotent_and_free_of_format_characters(text: str) -> None:
    once = searchable_text(text)
    assert searchable_text(once) == once
    assert not any(unicodedata.category(ch) == "Cf" for ch in once)


@PROPERTY
@given(st.sampled_from(["Chloé Martin", "José Ñúñez", "Zoë Brontë"]), st.booleans())
def test_documents_and_queries_meet_in_the_same_form(name: str, decompose: bool) -> None:
    stored = unicodedata.normalize("NFD" if decompose else "NFC", name).replace(" ", " \u200b")
    document = artist(name=stored).to_search_document()
    query = parse_search_params({"query": unicodedata.normalize("NFD", name)}).query
    assert document["name"] == query == unicodedata.normalize("NFC", name)
