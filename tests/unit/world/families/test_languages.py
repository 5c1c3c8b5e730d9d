"""Sites in other languages (emulation.world.families.languages)."""

from __future__ import annotations

import re

from tests.unit.world.families.helpers import get, ok


def test_non_english_sites_speak_their_language_and_name_people_in_its_script() -> None:
    studios = ok("non_english")
    assert {s.language for s in studios} == {"de", "fr", "es", "ja"}
    for studio in studios:
        html = get(studio, studio.roster_path).body.decode()
        assert f'<html lang="{studio.language}">' in html
        for artist in studio.artists:
            assert artist.name in html
            assert re.fullmatch(r"[a-z0-9._]{1,30}", artist.handle)
        if studio.language == "ja":
            assert all(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", a.name) for a in studio.residents)
