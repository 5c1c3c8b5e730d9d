from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compute.domain.styles import GENERIC_TAGS, SYNONYMS, VOCABULARY, canonical_style, infer_styles

from .strategies import PROPERTY


def test_vocabulary_is_the_reference_list() -> None:
    assert VOCABULARY == (
        "traditional",
        "neo-traditional",
        "realism",
        "blackwork",
        "watercolor",
        "geometric",
        "tribal",
        "japanese",
        "minimalist",
        "dotwork",
        "linework",
    )


def test_every_synonym_names_a_vocabulary_style() -> None:
    assert set(SYNONYMS.values()) <= set(VOCABULARY)
    assert not set(SYNONYMS) & set(VOCABULARY)


@pytest.mark.parametrize(
    ("term", "style"),
    [
        ("trad", "traditional"),
        ("OldSchool", "traditional"),
        ("old-school", "traditional"),
        ("old school", "traditional"),
        ("american-traditional", "traditional"),
        ("#AmericanTraditional", "traditional"),
        ("neotrad", "neo-traditional"),
        ("Neo Traditional", "neo-traditional"),
        ("neo_traditional", "neo-traditional"),
        ("realistic", "realism"),
        ("photorealism", "realism"),
        ("portrait", "realism"),
        ("irezumi", "japanese"),
        ("japanese-traditional", "japanese"),
        ("fineline", "linework"),
        ("Fine Line", "linework"),
        ("fine-line", "linework"),
        ("dot-work", "dotwork"),
        ("stippling", "dotwork"),
        ("geo", "geometric"),
        ("sacred-geometry", "geometric"),
        ("watercolour", "watercolor"),
        ("#blackworktattoo", "blackwork"),
        ("finelinetattoos", "linework"),
        ("  Minimal ", "minimalist"),
        ("polynesian", "tribal"),
    ],
)
def test_canonical_style_maps_synonyms(term: str, style: str) -> None:
    assert canonical_style(term) == style


@pytest.mark.parametrize(
    "term", ["", "#", "tattoo", "#TattooArtist", "ink", "art", "flowers", "tattootattoo"]
)
def test_canonical_style_names_no_style_for_generic_or_unknown(term: str) -> None:
    assert canonical_style(term) is None


def test_generic_tags_are_never_styles() -> None:
    assert all(canonical_style(tag) is None for tag in GENERIC_TAGS)


def test_infer_from_hashtags_drops_generic_and_orders_by_evidence() -> None:
    hashtags = [
        "#tattoo",
        "#inked",
        "#Blackwork",
        "#blackworktattoo",
        "#dotwork",
        "#Irezumi",
        "#art",
    ]
    assert infer_styles(hashtags=hashtags) == ["blackwork", "japanese", "dotwork"]


def test_infer_ties_follow_vocabulary_order() -> None:
    assert infer_styles(hashtags=["linework", "traditional", "realism"]) == [
        "traditional",
        "realism",
        "linework",
    ]


def test_infer_reads_multi_word_phrases_in_free_text() -> None:
    text = "Fine line and neo traditional work; old school flash Fridays."
    assert infer_styles(text) == ["traditional", "neo-traditional", "linework"]


def test_longest_phrase_wins_so_one_mention_counts_once() -> None:
    assert infer_styles("Japanese traditional sleeves") == ["japanese"]
    assert infer_styles("neo traditional") == ["neo-traditional"]


def test_text_and_hashtags_add_up() -> None:
    styles = infer_styles("I love realism. Realistic portraits!", ["#fineline", "#realism"])
    assert styles == ["realism", "linework"]


def test_nothing_in_nothing_out() -> None:
    assert infer_styles() == []
    assert infer_styles("Walk-ins welcome, tattoo studio in Leeds", ["#tattoo", "#leeds"]) == []


@PROPERTY
@given(st.text(max_size=200), st.lists(st.text(max_size=30), max_size=10))
def test_inference_only_returns_distinct_vocabulary_members(text: str, hashtags: list[str]) -> None:
    styles = infer_styles(text, hashtags)
    assert set(styles) <= set(VOCABULARY)
    assert len(styles) == len(set(styles))


@PROPERTY
@given(st.text(max_size=40))
def test_canonical_style_is_a_vocabulary_member_or_none_and_stable(term: str) -> None:
    style = canonical_style(term)
    assert style is None or (style in VOCABULARY and canonical_style(style) == style)


def test_new_school_is_not_mistaken_for_neo_traditional() -> None:
    # New school (cartoon-like) is its own style outside the vocabulary.
    assert canonical_style("new school") is None
    assert infer_styles("New school and old school") == ["traditional"]
