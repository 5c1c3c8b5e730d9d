"""Every family's pages are consistent with the world's ground truth: each artist's handle is on
the studio's pages, each handle there that is not an artist is listed in `not_artists` with its
reason, and the registry (emulation.world.families) draws every family the city draws."""

from __future__ import annotations

import re

import pytest

from emulation.world import BROWSER_ONLY_FAMILIES, FAMILIES, families
from emulation.world.families.scripted import js_delayed_rendered
from tests.unit.world.families.helpers import CITY, ok, site_text

NEW_FAMILIES = FAMILIES[10:] + BROWSER_ONLY_FAMILIES
# An Instagram handle anywhere in a page: a URL's first path segment, or an @mention.
_URL = re.compile(r"instagram\.com/([A-Za-z0-9._]+)", re.I)
_MENTION = re.compile(r"(?<![\w@.])@([A-Za-z0-9._]{2,30})")


def test_the_registry_draws_every_family_and_only_those() -> None:
    registered = set(families.PAGES) | set(families.HOMES)
    assert registered == set(FAMILIES) | set(BROWSER_ONLY_FAMILIES)


@pytest.mark.parametrize("family", NEW_FAMILIES)
def test_every_artist_and_every_trap_handle_is_on_the_site(family: str) -> None:
    studios = ok(family)
    assert len(studios) >= 8, "the fixture city must exercise each family"
    for studio in studios:
        text = site_text(studio).lower()
        for artist in studio.artists:
            assert artist.handle in text, f"{studio.host}: artist {artist.handle} not shown"
        for trap in studio.not_artists:
            assert trap.handle in text, f"{studio.host}: trap {trap.handle} not shown"


@pytest.mark.parametrize("family", NEW_FAMILIES)
def test_every_handle_on_the_site_is_an_artist_or_a_listed_trap(family: str) -> None:
    for studio in ok(family):
        text = site_text(studio)
        if studio.family == "js_delayed":  # the script's source is code, not what one reads
            text = js_delayed_rendered(CITY, studio)
        shown = {h.lower().rstrip(".") for h in _URL.findall(text) + _MENTION.findall(text)}
        known = {a.handle for a in studio.artists} | {t.handle for t in studio.not_artists}
        not_handles = {"_u", "www.instagram.com"}  # a deep-link prefix and a bare host
        assert shown - known - not_handles == set(), studio.host
