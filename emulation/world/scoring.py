"""Scoring found artists against the world's ground truth (precision and recall)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Score:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.true_positives + other.true_positives,
            self.false_positives + other.false_positives,
            self.false_negatives + other.false_negatives,
        )

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


def _name_key(name: str) -> str:
    """Letters only, case and accents folded; letters of every script are kept, so a name in
    kanji has a key of its own (folding to ASCII would leave it empty)."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return "".join(c for c in bare if c.isalpha())


def score_studio(
    truth_artists: Iterable[Mapping[str, Any]], candidates: Iterable[Mapping[str, Any]]
) -> Score:
    """A candidate counts as found when its Instagram handle, or failing that its name, is one
    of the studio's true artists; each true artist is found at most once."""
    truth = list(truth_artists)
    by_handle = {str(a["instagramHandle"]).lower(): i for i, a in enumerate(truth)}
    by_name = {_name_key(str(a["name"])): i for i, a in enumerate(truth)}
    matched: set[int] = set()
    false_positives = 0
    for candidate in candidates:
        handle = str(candidate.get("instagramHandle") or "").lower()
        index = (
            by_handle.get(handle)
            if handle
            else by_name.get(_name_key(str(candidate.get("name") or "")))
        )
        if index is None or index in matched:
            false_positives += 1
        else:
            matched.add(index)
    return Score(len(matched), false_positives, len(truth) - len(matched))
