"""A roster feed flags an entry that is no longer at the studio with a key in the site's own
language (holdout-32's stichfest: `"ist-ehemalig": true`). The key's words are read as a label
is, so every language the former-artist label words know counts, not an English list."""

from __future__ import annotations

import pytest

from compute.extraction import read_roster_json
from compute.extraction.rejection import FORMER


@pytest.mark.parametrize("flag", ["ist-ehemalig", "isFormer", "est_ancien", "alumni"])
def test_an_entry_flagged_gone_in_any_language_is_not_an_artist(flag: str) -> None:
    data = [
        {"name": "Jakob Eder", "instagram": "https://instagram.com/jakob.eder.tattoo", flag: False},
        {"name": "Selin Aydin", "instagram": "https://instagram.com/selin.aydin.realism"},
        {
            "name": "Tobias Rainer",
            "instagram": "https://instagram.com/tobiasrainer.letters",
            flag: True,
        },
    ]
    found = read_roster_json(data, "https://studio.example/", "stu_1", ["Stichfest"])
    assert {c.instagram_handle for c in found.candidates} == {
        "jakob.eder.tattoo",
        "selin.aydin.realism",
    }
    assert {r.handle: r.reason for r in found.rejected}["tobiasrainer.letters"] == FORMER


@pytest.mark.parametrize("flag", ["isFeatured", "bookable", "exclusive", "ist-aktiv"])
def test_a_flag_that_says_nothing_of_leaving_keeps_the_entry(flag: str) -> None:
    data = [
        {"name": "Jakob Eder", "instagram": "https://instagram.com/jakob.eder.tattoo", flag: True},
        {"name": "Selin Aydin", "instagram": "https://instagram.com/selin.aydin.realism"},
    ]
    found = read_roster_json(data, "https://studio.example/", "stu_1", ["Stichfest"])
    assert {c.instagram_handle for c in found.candidates} == {
        "jakob.eder.tattoo",
        "selin.aydin.realism",
    }
