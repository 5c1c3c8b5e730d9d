"""The later site families (emulation.world.families): every page is consistent with the
world's ground truth. Each artist's handle is on the studio's pages, each handle there that is
not an artist is listed in `not_artists` with its reason, and the two never overlap."""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from urllib.parse import urlsplit

import pytest
from protego import Protego

from emulation.world import BROWSER_ONLY_FAMILIES, FAMILIES, City, World, families, markup, sites
from emulation.world.city import FAMILY_TRAPS, StudioSpec
from emulation.world.scoring import Score, score_studio

CITY = City.generate(seed=5, studio_count=700, browser_only=True)
TIMING = sites.SiteTiming()
NEW_FAMILIES = FAMILIES[10:] + BROWSER_ONLY_FAMILIES
BOT = "TattooDirectoryBot"
# An Instagram handle anywhere in a page: a URL's first path segment, or an @mention.
_URL = re.compile(r"instagram\.com/([A-Za-z0-9._]+)", re.I)
_MENTION = re.compile(r"(?<![\w@.])@([A-Za-z0-9._]{2,30})")


def _get(studio: StudioSpec, path: str, query: str = "") -> sites.Page:
    return sites.respond(CITY, studio, path, query, 2, TIMING)


def _site_text(studio: StudioSpec) -> str:
    """Everything a person could read on the studio's site in a browser: the home and roster
    pages (every page of a paginated roster, frames, profiles), feeds, and the DOM a script
    draws; pages robots.txt disallows included (they are on the site)."""
    paths = ["/", studio.roster_path]
    if studio.family == "robots_rules":
        paths.append(families.ROBOTS_ARCHIVE)
    if studio.family == "js_fetch":
        paths += [families.JS_FETCH_SCRIPT, families.JS_FETCH_FEED]
    texts = [_get(studio, path).body.decode() for path in paths]
    if studio.family == "js_fetch":
        texts.append(families.js_fetch_rendered(CITY, studio))
    if studio.family == "js_delayed":
        texts.append(families.js_delayed_rendered(CITY, studio))
    return "\n".join(texts)


def _ok(family: str) -> list[StudioSpec]:
    return [s for s in CITY.studios if s.host and s.condition == "ok" and s.family == family]


def test_every_family_is_drawn_and_browser_only_ones_only_when_asked() -> None:
    drawn = Counter(s.family for s in CITY.studios if s.host)
    assert set(drawn) == set(FAMILIES) | set(BROWSER_ONLY_FAMILIES)
    default = City.generate(seed=5, studio_count=700)
    assert not {s.family for s in default.studios} & set(BROWSER_ONLY_FAMILIES)
    for with_browser, without in zip(CITY.studios, default.studios, strict=True):
        if with_browser.family not in BROWSER_ONLY_FAMILIES:
            assert with_browser == without, "the option only moves studios to its families"


def test_the_newest_families_leave_the_earlier_studios_where_they_were() -> None:
    """The third roll moves a share of studios to the newest families; the rest keep the
    family and artists the first two rolls gave them (the seeds tests rely on)."""
    moved = [s for s in CITY.studios if s.family in NEW_FAMILIES]
    share = len(moved) / len(CITY.studios)
    expected = len(NEW_FAMILIES) / (len(FAMILIES) + len(BROWSER_ONLY_FAMILIES))
    assert abs(share - expected) < 0.08


@pytest.mark.parametrize("family", NEW_FAMILIES)
def test_every_artist_and_every_trap_handle_is_on_the_site(family: str) -> None:
    studios = _ok(family)
    assert len(studios) >= 8, "the fixture city must exercise each family"
    for studio in studios:
        text = _site_text(studio).lower()
        for artist in studio.artists:
            assert artist.handle in text, f"{studio.host}: artist {artist.handle} not shown"
        for trap in studio.not_artists:
            assert trap.handle in text, f"{studio.host}: trap {trap.handle} not shown"


@pytest.mark.parametrize("family", NEW_FAMILIES)
def test_every_handle_on_the_site_is_an_artist_or_a_listed_trap(family: str) -> None:
    for studio in _ok(family):
        text = _site_text(studio)
        if studio.family == "js_delayed":  # the script's source is code, not what one reads
            text = families.js_delayed_rendered(CITY, studio)
        shown = {h.lower().rstrip(".") for h in _URL.findall(text) + _MENTION.findall(text)}
        known = {a.handle for a in studio.artists} | {t.handle for t in studio.not_artists}
        not_handles = {"_u", "www.instagram.com"}  # a deep-link prefix and a bare host
        assert shown - known - not_handles == set(), studio.host


def test_no_trap_is_anyones_artist_and_each_family_carries_its_traps() -> None:
    artists = {a.handle for s in CITY.studios for a in s.artists}
    for studio in CITY.studios:
        traps = {t.handle for t in studio.not_artists}
        assert not traps & artists, studio.host
        reasons = Counter(t.reason for t in studio.not_artists)
        assert reasons["studio"] >= 1 and reasons["post_not_profile"] >= 1
        for wanted, count in Counter(FAMILY_TRAPS.get(studio.family, ())).items():
            if not wanted.endswith("?"):
                assert reasons[wanted] >= count, (studio.family, wanted)


def test_the_ground_truth_says_which_handles_are_not_artists() -> None:
    world = World(seed=5, studios=120)
    truth = world.ground_truth()["studios"]
    for record, studio in zip(truth, world.city.studios, strict=True):
        listed = {(t["instagramHandle"], t["reason"]) for t in record["notArtists"]}
        assert (studio.studio_handle, "studio") in listed
        assert record["language"] == studio.language
        assert record["needsBrowser"] is False
    assert any(r["reason"] == "former" for s in truth for r in s["notArtists"])


def test_non_english_sites_speak_their_language_and_name_people_in_its_script() -> None:
    studios = _ok("non_english")
    assert {s.language for s in studios} == {"de", "fr", "es", "ja"}
    for studio in studios:
        html = _get(studio, studio.roster_path).body.decode()
        assert f'<html lang="{studio.language}">' in html
        for artist in studio.artists:
            assert artist.name in html
            assert re.fullmatch(r"[a-z0-9._]{1,30}", artist.handle)
        if studio.language == "ja":
            assert all(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", a.name) for a in studio.residents)


def test_names_in_other_scripts_are_scored_by_their_own_letters() -> None:
    truth = [{"name": "佐藤 美咲", "instagramHandle": "horimisaki"}]
    assert score_studio(truth, [{"name": "佐藤美咲"}]) == Score(1, 0, 0)
    assert score_studio(truth, [{"name": "田中 蓮"}]) == Score(0, 1, 1)


def test_robots_rules_keep_a_polite_crawler_off_the_archive_only() -> None:
    for studio in _ok("robots_rules"):
        rules = Protego.parse(sites.robots_txt(studio, TIMING))
        base = f"http://{studio.host}"
        assert rules.can_fetch(f"{base}{studio.roster_path}", BOT)
        assert not rules.can_fetch(f"{base}{families.ROBOTS_ARCHIVE}", BOT)
        assert not rules.can_fetch(f"{base}{studio.roster_path}?print=1", BOT)
        assert not rules.can_fetch(f"{base}/artists.pdf", BOT)
        archive = _get(studio, families.ROBOTS_ARCHIVE).body.decode()
        roster = _get(studio, studio.roster_path).body.decode()
        for trap in studio.traps("robots_disallowed"):
            assert trap.handle in archive and trap.handle not in roster


def test_js_fetch_serves_an_empty_shell_a_script_and_a_same_origin_feed() -> None:
    for studio in _ok("js_fetch"):
        shell = _get(studio, studio.roster_path)
        assert not any(a.handle in shell.body.decode() for a in studio.artists)
        script = _get(studio, families.JS_FETCH_SCRIPT)
        assert script.content_type == "application/javascript"
        assert families.JS_FETCH_FEED in script.body.decode()
        feed = json.loads(_get(studio, families.JS_FETCH_FEED).body)
        active = [m for m in feed["team"]["members"] if m["active"]]
        assert [m["displayName"] for m in active] == [a.name for a in studio.artists]


def test_js_delayed_draws_the_roster_only_in_a_browser() -> None:
    for studio in _ok("js_delayed"):
        served = _get(studio, studio.roster_path).body.decode()
        assert 'aria-busy="true"' in served
        assert "application/json" not in served and "fetch(" not in served
        drawn = families.js_delayed_rendered(CITY, studio)
        for artist in studio.artists:
            assert f"instagram.com/{artist.handle}/" in drawn
            assert f"instagram.com/{artist.handle}/" not in served


def test_one_page_sites_keep_everything_on_the_home_page() -> None:
    for studio in _ok("one_page"):
        home = _get(studio, "/").body.decode()
        hrefs = re.findall(r'href="([^"]+)"', home)
        assert all(h.startswith(("#", "http", "mailto:", "/cdn-cgi/")) for h in hrefs)
        assert all(a.handle in home for a in studio.artists)


def test_a_team_page_is_linked_under_words_without_team_or_artist() -> None:
    for studio in _ok("team_page"):
        home = _get(studio, "/").body.decode()
        label = markup.team_page_label(studio)
        assert f'<a href="{studio.roster_path}">{html.escape(label)}</a>' in home
        assert not re.search(r"team|artist", label, re.I)


def test_instagram_forms_write_each_account_its_own_way() -> None:
    studios = _ok("instagram_forms")
    written: Counter[str] = Counter()
    for studio in studios:
        html = _get(studio, studio.roster_path).body.decode()
        for form in families.MORE_FORMS:
            probe = form.split("{h}")[0]
            written[form] += probe in html
        segments = {
            urlsplit(u).path.split("/")[1]
            for u in re.findall(r'href="([^"]+)"', html)
            if "instagram.com/" in u.lower()
        }
        assert {"reel", "stories", "explore"} <= segments
    assert all(written[form] for form in families.MORE_FORMS), written
