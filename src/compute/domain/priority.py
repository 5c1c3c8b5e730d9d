"""How urgently a candidate is scraped (the reference's rule), higher first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

BASE_PRIORITY = 5
MAX_PRIORITY = 10
HIGH_CONFIDENCE = 0.9

# Styles most searched for: profiles in them are worth fetching first.
POPULAR_STYLES: frozenset[str] = frozenset(
    {"traditional", "neo-traditional", "realism", "blackwork", "japanese", "linework"}
)

MAJOR_UK_CITIES: frozenset[str] = frozenset(
    {
        "london",
        "manchester",
        "birmingham",
        "leeds",
        "glasgow",
        "edinburgh",
        "liverpool",
        "bristol",
        "sheffield",
        "newcastle",
        "newcastle upon tyne",
        "cardiff",
        "belfast",
        "nottingham",
        "leicester",
        "brighton",
    }
)


class Prioritised(Protocol):
    @property
    def instagram_handle(self) -> str | None: ...
    @property
    def styles(self) -> Sequence[str]: ...
    @property
    def confidence(self) -> float: ...


def is_major_city(city: str) -> bool:
    return " ".join(city.split()).casefold() in MAJOR_UK_CITIES


def scrape_priority(candidate: Prioritised, *, major_city: bool) -> int:
    """Base 5, +2 with an Instagram handle, +1 for a popular style, +1 in a major city, +1 when
    confidence exceeds 0.9; at most 10."""
    score = BASE_PRIORITY
    if candidate.instagram_handle:
        score += 2
    if any(style in POPULAR_STYLES for style in candidate.styles):
        score += 1
    if major_city:
        score += 1
    if candidate.confidence > HIGH_CONFIDENCE:
        score += 1
    return min(score, MAX_PRIORITY)
