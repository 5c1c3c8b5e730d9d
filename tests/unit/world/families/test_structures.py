"""Rosters spread over a site's structure (emulation.world.families.structures): two language
versions, two shops, a team photo's image map, a blog's posts about who joined and who left."""

from __future__ import annotations

import dataclasses
import html
import re

from emulation.world import sites
from emulation.world.families import structures
from tests.unit.world.families.helpers import CITY, TIMING, get, ok


def _text(page: str) -> str:
    """What a page shows as text: tags and attributes taken away."""
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_a_bilingual_site_switches_language_and_lists_the_roster_in_both() -> None:
    studios = ok("bilingual")
    assert {s.language for s in studios} >= {"de", "fr", "es"}
    for studio in studios:
        home = get(studio, "/").body.decode()
        assert f'lang="{studio.language}"' in home
        assert 'href="/en/" hreflang="en"' in home and 'alt="English"' in home
        english = get(studio, structures.ENGLISH_HOME).body.decode()
        assert f'href="{structures.ENGLISH_ROSTER}"' in english
        for path, lang in (
            (studio.roster_path, studio.language),
            (structures.ENGLISH_ROSTER, "en"),
        ):
            roster = get(studio, path).body.decode()
            assert f'<html lang="{lang}"' in roster
            for artist in studio.artists:
                assert html.escape(artist.name) in roster and artist.handle in roster


def test_a_studio_with_two_shops_lists_each_shops_artists_on_its_own_page() -> None:
    studios = ok("multi_location")
    for studio in studios:
        home = get(studio, "/").body.decode()
        (first, first_path), (second, second_path) = studio.shops
        assert first != second and first_path in home and second_path in home
        assert not any(a.handle in home for a in studio.artists)
        pages = [get(studio, path).body.decode() for path in (first_path, second_path)]
        for artist in studio.artists:
            assert any(artist.handle in page for page in pages), studio.host
        if len(studio.residents) >= 3:  # one artist works at both
            assert all(studio.residents[0].handle in page for page in pages)
        second_account = studio.trap("studio", 1)
        assert second_account is not None and second_account.handle in pages[1]
    assert any(len(s.residents) >= 3 for s in studios)


def test_an_image_map_names_its_artists_only_in_its_areas() -> None:
    for studio in ok("image_map"):
        page = get(studio, studio.roster_path).body.decode()
        assert 'usemap="#crew"' in page and '<map name="crew">' in page
        areas = re.findall(r"<area [^>]*>", page)
        text = _text(page)
        for artist in studio.artists:
            name = html.escape(artist.name)
            assert any(f'title="{name}"' in a or f": {name}" in a for a in areas)
            assert any(artist.handle in a for a in areas)
            assert artist.name not in text and artist.handle not in text


def test_a_news_blog_announces_who_joined_and_who_left() -> None:
    studios = ok("news_blog")
    assert {s.index % 2 for s in studios} == {0, 1}, "the welcome newest, and the farewell"
    for studio in studios:
        joiner, leaver = studio.residents[-1], studio.trap("former")
        assert leaver is not None
        posts = structures.posts(studio)
        team = get(studio, studio.roster_path).body.decode()
        welcome = next(get(studio, p).body.decode() for p, _, t, _ in posts if "Welcome" in t)
        farewell = next(get(studio, p).body.decode() for p, _, t, _ in posts if "Farewell" in t)
        assert joiner.handle in welcome and leaver.handle in farewell
        assert leaver.handle not in team and leaver.name not in team  # the team page is updated
        newest = posts[0][2]
        if newest.startswith("Welcome"):  # ... but not yet for the newcomer: a note links the post
            assert joiner.handle not in team and posts[0][0] in team
        else:
            assert joiner.handle in team
        for artist in studio.artists[:-1] if newest.startswith("Welcome") else studio.artists:
            assert artist.handle in team
        home = get(studio, "/").body.decode()
        assert all(path in home for path, *_ in posts)


def test_robots_blocks_every_page_of_a_roster_spread_over_the_site() -> None:
    for family in ("bilingual", "news_blog"):
        studio = next(s for s in CITY.studios if s.family == family)
        blocked = dataclasses.replace(studio, condition="robots_blocks_roster")
        assert len(studio.roster_paths) == 2
        for path in studio.roster_paths:
            assert f"Disallow: {path}\n" in sites.robots_txt(blocked, TIMING)
    shops = next(s for s in CITY.studios if s.family == "multi_location")
    (prefix,) = shops.roster_paths  # one prefix holds both shops' pages
    assert all(path.startswith(prefix) for _, path in shops.shops)
