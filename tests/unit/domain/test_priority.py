from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compute.domain.priority import MAX_PRIORITY, is_major_city, scrape_priority
from compute.domain.styles import VOCABULARY

from .strategies import PROPERTY


@dataclass
class _Candidate:
    instagram_handle: str | None
    styles: tuple[str, ...]
    confidence: float


@pytest.mark.parametrize(
    ("candidate", "major_city", "expected"),
    [
        (_Candidate(None, (), 0.5), False, 5),
        (_Candidate("jane", (), 0.5), False, 7),
        (_Candidate(None, ("realism",), 0.5), False, 6),
        (_Candidate(None, ("watercolor",), 0.5), False, 5),
        (_Candidate(None, (), 0.5), True, 6),
        (_Candidate(None, (), 0.9), False, 5),  # strictly above 0.9
        (_Candidate(None, (), 0.91), False, 6),
        (_Candidate("jane", ("traditional", "realism"), 0.95), True, 10),
    ],
)
def test_reference_rule(candidate: _Candidate, major_city: bool, expected: int) -> None:
    assert scrape_priority(candidate, major_city=major_city) == expected


def test_major_cities() -> None:
    assert is_major_city("  LONDON ")
    assert is_major_city("Newcastle upon Tyne")
    assert not is_major_city("Skegness")


@PROPERTY
@given(
    st.none() | st.just("x"),
    st.lists(st.sampled_from(VOCABULARY), max_size=4).map(tuple),
    st.floats(0, 1),
    st.booleans(),
)
def test_priority_stays_within_5_to_10(
    handle: str | None, styles: tuple[str, ...], confidence: float, major: bool
) -> None:
    assert (
        5
        <= scrape_priority(_Candidate(handle, styles, confidence), major_city=major)
        <= MAX_PRIORITY
    )
