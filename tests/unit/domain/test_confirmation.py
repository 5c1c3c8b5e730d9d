"""Confirmation tokens: genuine ones verify until they expire; any change makes them invalid."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compute.domain import confirmation

KEY = b"k" * 32
NOW = 1_795_000_000


def test_a_genuine_token_verifies_until_its_expiry() -> None:
    token = confirmation.sign(KEY, "rem_1", NOW + 60)
    assert confirmation.verify(KEY, "rem_1", token, now=NOW) == NOW + 60
    with pytest.raises(confirmation.LinkExpired):
        confirmation.verify(KEY, "rem_1", token, now=NOW + 60)


def test_another_key_or_request_makes_it_invalid() -> None:
    token = confirmation.sign(KEY, "rem_1", NOW + 60)
    with pytest.raises(confirmation.LinkInvalid):
        confirmation.verify(b"other", "rem_1", token, now=NOW)
    with pytest.raises(confirmation.LinkInvalid):
        confirmation.verify(KEY, "rem_2", token, now=NOW)


@given(st.integers(0, 200), st.characters(whitelist_categories=("Lu", "Ll", "Nd")))
def test_changing_any_one_character_makes_it_invalid(position: int, replacement: str) -> None:
    token = confirmation.sign(KEY, "rem_1", NOW + 60)
    position %= len(token)
    if token[position] == replacement:
        return
    changed = token[:position] + replacement + token[position + 1 :]
    with pytest.raises(confirmation.LinkInvalid):
        confirmation.verify(KEY, "rem_1", changed, now=NOW)


def test_a_forged_later_expiry_is_invalid_not_expired() -> None:
    token = confirmation.sign(KEY, "rem_1", NOW - 10)
    _, _, signature = token.split(".")
    with pytest.raises(confirmation.LinkInvalid):
        confirmation.verify(KEY, "rem_1", f"v1.{NOW + 3600}.{signature}", now=NOW)
