"""Rosters drawn by script (emulation.world.families.scripted)."""

from __future__ import annotations

import json

from emulation.world.families.scripted import JS_FETCH_FEED, JS_FETCH_SCRIPT, js_delayed_rendered
from tests.unit.world.families.helpers import CITY, get, ok


def test_js_fetch_serves_an_empty_shell_a_script_and_a_same_origin_feed() -> None:
    for studio in ok("js_fetch"):
        shell = get(studio, studio.roster_path)
        assert not any(a.handle in shell.body.decode() for a in studio.artists)
        script = get(studio, JS_FETCH_SCRIPT)
        assert script.content_type == "application/javascript"
        assert JS_FETCH_FEED in script.body.decode()
        feed = json.loads(get(studio, JS_FETCH_FEED).body)
        active = [m for m in feed["team"]["members"] if m["active"]]
        assert [m["displayName"] for m in active] == [a.name for a in studio.artists]


def test_js_delayed_draws_the_roster_only_in_a_browser() -> None:
    for studio in ok("js_delayed"):
        served = get(studio, studio.roster_path).body.decode()
        assert 'aria-busy="true"' in served
        assert "application/json" not in served and "fetch(" not in served
        drawn = js_delayed_rendered(CITY, studio)
        for artist in studio.artists:
            assert f"instagram.com/{artist.handle}/" in drawn
            assert f"instagram.com/{artist.handle}/" not in served
