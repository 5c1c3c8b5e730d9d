"""The tattoo style vocabulary and the rules that map free text and hashtags onto it."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

VOCABULARY: tuple[str, ...] = (
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

# Other spellings people use for a vocabulary style, written in the hyphenated form
# `canonical_style` reduces every term to before lookup.
SYNONYMS: dict[str, str] = {
    # traditional
    "trad": "traditional",
    "oldschool": "traditional",
    "old-school": "traditional",
    "american-traditional": "traditional",
    "american-trad": "traditional",
    "traditional-american": "traditional",
    "sailor-jerry": "traditional",
    "bold-will-hold": "traditional",
    # neo-traditional
    "neotrad": "neo-traditional",
    "neo-trad": "neo-traditional",
    "neotraditional": "neo-traditional",
    "new-traditional": "neo-traditional",
    # realism
    "realistic": "realism",
    "photorealism": "realism",
    "photo-realism": "realism",
    "photorealistic": "realism",
    "hyperrealism": "realism",
    "hyper-realism": "realism",
    "micro-realism": "realism",
    "microrealism": "realism",
    "portrait": "realism",
    "portraits": "realism",
    "black-and-grey-realism": "realism",
    "black-and-gray-realism": "realism",
    # blackwork
    "black-work": "blackwork",
    "blackout": "blackwork",
    "blackworkers": "blackwork",
    "dark-art": "blackwork",
    # watercolor
    "watercolour": "watercolor",
    "water-color": "watercolor",
    "water-colour": "watercolor",
    "aquarelle": "watercolor",
    # geometric
    "geo": "geometric",
    "geometry": "geometric",
    "geometrical": "geometric",
    "sacred-geometry": "geometric",
    # tribal
    "polynesian": "tribal",
    "maori": "tribal",
    "samoan": "tribal",
    # japanese
    "irezumi": "japanese",
    "japanese-traditional": "japanese",
    "traditional-japanese": "japanese",
    "tebori": "japanese",
    "horimono": "japanese",
    "wabori": "japanese",
    # minimalist
    "minimal": "minimalist",
    "minimalism": "minimalist",
    "minimalistic": "minimalist",
    # dotwork
    "dot-work": "dotwork",
    "stippling": "dotwork",
    "stipple": "dotwork",
    "stippled": "dotwork",
    "pointillism": "dotwork",
    # linework
    "fineline": "linework",
    "fine-line": "linework",
    "line-work": "linework",
    "single-needle": "linework",
    "singleneedle": "linework",
}

# Hashtags that say "this is a tattoo" and nothing about its style.
GENERIC_TAGS: frozenset[str] = frozenset(
    {
        "tattoo",
        "tattoos",
        "tattooed",
        "tattooing",
        "tattooist",
        "tattooartist",
        "tattooartists",
        "tattooart",
        "tattoolife",
        "tattoodesign",
        "tattooidea",
        "tattooideas",
        "tattoostudio",
        "tattooshop",
        "tattoolover",
        "tattoolovers",
        "tattooinspiration",
        "tattoouk",
        "uktattoo",
        "londontattoo",
        "ink",
        "inked",
        "inkedup",
        "inkedgirls",
        "inkedlife",
        "inkaddict",
        "art",
        "artist",
        "artwork",
        "instaart",
        "instatattoo",
        "flash",
        "flashtattoo",
        "customtattoo",
        "smalltattoo",
        "blackandgrey",
        "blackandgray",
        "color",
        "colour",
        "love",
        "instagood",
        "photooftheday",
    }
)

# Hashtag suffixes that wrap a style name (#blackworktattoo, #finelinetattoos).
_WRAPPING_SUFFIXES: tuple[str, ...] = ("tattoos", "tattooing", "tattoo", "ink")

_SEPARATORS = re.compile(r"[\s_\-]+")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_LONGEST_PHRASE = 4


def _compact(term: str) -> str:
    return _SEPARATORS.sub("", term)


def _build_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for style in VOCABULARY:
        lookup[_compact(style)] = style
    for synonym, style in SYNONYMS.items():
        lookup[_compact(synonym)] = style
    return lookup


# Separator-free forms, so "neo traditional", "neo_traditional" and "neotraditional" all match.
_LOOKUP: dict[str, str] = _build_lookup()


def _fold(term: str) -> str:
    return unicodedata.normalize("NFKC", term).casefold().strip().lstrip("#")


def canonical_style(term: str) -> str | None:
    """The vocabulary style a term names (`"Fine Line"` -> `"linework"`), or None.

    Case, `#`, spaces, hyphens and underscores do not matter; a style wrapped in a generic
    suffix (`#blackworktattoo`) still counts; generic tags name no style."""
    folded = _fold(term)
    compact = _compact(folded)
    if not compact or compact in GENERIC_TAGS:
        return None
    found = _LOOKUP.get(compact)
    if found is not None:
        return found
    for suffix in _WRAPPING_SUFFIXES:
        if compact.endswith(suffix) and len(compact) > len(suffix):
            found = _LOOKUP.get(compact[: -len(suffix)])
            if found is not None:
                return found
    return None


def _styles_in_text(text: str) -> list[str]:
    """Styles named in free text, longest phrase first, so "japanese traditional" counts once
    as japanese and "neo traditional" never also as traditional."""
    words = _WORD.findall(_fold(text))
    found: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(_LONGEST_PHRASE, len(words) - i), 0, -1):
            phrase = words[i : i + size]
            style = _LOOKUP.get("".join(phrase)) if size > 1 else canonical_style(phrase[0])
            if style is not None:
                found.append(style)
                i += size
                break
        else:
            i += 1
    return found


def infer_styles(text: str = "", hashtags: Iterable[str] = ()) -> list[str]:
    """Vocabulary styles evidenced by free text and hashtags, most evidence first, ties in
    vocabulary order. Every mention counts once; generic tags count for nothing."""
    evidence: Counter[str] = Counter(_styles_in_text(text) if text else ())
    for tag in hashtags:
        style = canonical_style(tag)
        if style is not None:
            evidence[style] += 1
    order = {style: index for index, style in enumerate(VOCABULARY)}
    return sorted(evidence, key=lambda style: (-evidence[style], order[style]))
