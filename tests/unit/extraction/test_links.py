from __future__ import annotations

import pytest

from compute.extraction import (
    data_urls,
    menu_folder,
    menu_links,
    needs_javascript,
    next_page_url,
    roster_links,
)
from compute.extraction.names import looks_like_name
from compute.extraction.structured import extract_candidates_from_json
from emulation.world import FAMILIES, City, StudioSpec
from emulation.world.families import lists, scripted
from tests.unit.extraction.pages import page

CITY = City.generate(seed=5, studio_count=300)
# Rosters drawn by script from a same-origin feed or the page's own data: a plain fetch sees
# an empty shell.
SCRIPT_DRAWN = frozenset({"js_roster", "js_fetch", "js_payload"})


def _one(family: str, **conditions: object) -> StudioSpec:
    for studio in CITY.studios:
        ok = studio.host and studio.family == family and studio.condition == "ok"
        if ok and all(getattr(studio, k) == v for k, v in conditions.items()):
            return studio
    raise LookupError(family)


# A one-page site's or a link page's roster is its home page: there is no link to follow. A
# booking widget's is linked only as 'Book now', two shops' by their parts of town: the menu's
# first pages (below).
@pytest.mark.parametrize(
    "family",
    [
        f
        for f in FAMILIES
        if f not in ("one_page", "link_in_bio", "booking_widget", "multi_location")
    ],
)
def test_the_roster_is_the_first_link_from_the_home_page(family: str) -> None:
    studio = _one(family)
    home = f"http://{studio.host}/"
    assert (
        roster_links(page(CITY, studio, home), home)[0]
        == f"http://{studio.host}{studio.roster_path}"
    )


def test_a_booking_widget_is_the_first_page_of_the_menu() -> None:
    studio = _one("booking_widget")
    home = f"http://{studio.host}/"
    roster = f"http://{studio.host}{studio.roster_path}"
    assert menu_links(page(CITY, studio, home), home)[0] == roster
    assert roster not in roster_links(page(CITY, studio, home), home)


def test_two_shops_are_the_first_pages_of_the_menu_and_one_folder() -> None:
    studio = _one("multi_location")
    home = f"http://{studio.host}/"
    html = page(CITY, studio, home)
    shops = [f"http://{studio.host}{path}" for _, path in studio.shops]
    assert menu_links(html, home)[:2] == shops
    assert shops[1] in menu_folder(html, home, shops[0])


def test_a_login_page_is_not_a_roster() -> None:
    studio = _one("cards", disallow_staff=True)
    home = f"http://{studio.host}/"
    assert not any("/staff/" in u for u in roster_links(page(CITY, studio, home), home))


def test_pagination_is_followed_to_the_last_page() -> None:
    studio = next(
        s for s in CITY.studios if s.host and s.family == "paginated" and len(s.artists) > 6
    )
    url: str | None = f"http://{studio.host}{studio.roster_path}"
    seen = []
    while url:
        seen.append(url)
        url = next_page_url(page(CITY, studio, url), url)
    assert len(seen) == -(-len(studio.artists) // lists.PER_PAGE)


@pytest.mark.parametrize("family", FAMILIES)
def test_only_the_javascript_roster_needs_a_browser(family: str) -> None:
    studio = _one(family)
    url = f"http://{studio.host}{studio.roster_path}"
    assert needs_javascript(page(CITY, studio, url)) is (family in SCRIPT_DRAWN)


def test_the_rendered_javascript_roster_needs_no_browser() -> None:
    studio = _one("js_roster")
    assert not needs_javascript(scripted.js_roster_rendered(CITY, studio))


def test_roster_json_is_found_and_read_without_a_browser() -> None:
    studio = _one("js_roster")
    url = f"http://{studio.host}{studio.roster_path}"
    assert data_urls(page(CITY, studio, url), url) == [f"http://{studio.host}/api/roster.json"]
    found = extract_candidates_from_json(scripted.js_roster_data(CITY, studio), url, "stu_1")
    assert {c.instagram_handle for c in found} == {a.handle for a in studio.artists}
    assert all(c.styles for c in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jane Doe", True),
        ("Ines de la Cruz", True),
        ("Our Artists", False),
        ("Meet the Team", False),
        ("Book Now", False),
        ("Golden Rose Tattoo", False),
        ("jane doe", False),
        ("Jane", False),
        ("CONTACT US", False),
    ],
)
def test_what_counts_as_a_person_name(text: str, expected: bool) -> None:
    assert looks_like_name(text) is expected


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("Tatuerare", "/tatuerare"),  # sv
        ("Tatovørere", "/tatovorere/"),  # nb
        ("Tatéři", "/tym/"),  # cs
        ("The Collective", "/pages/collective"),
        ("Artyści", "/artysci"),  # pl
        ("Zespół", "/o-studiu"),  # pl "team"
        ("Poznaj nas", "/studio"),  # pl "get to know us"
        ("Conócenos", "/estudio"),  # es "get to know us"
        ("Artiesten", "/wie"),  # nl
    ],
)
def test_roster_links_in_more_languages(text: str, path: str) -> None:
    html = f"<nav><a href='/'>Home</a><a href='{path}'>{text}</a><a href='/kontakt/'>x</a></nav>"
    assert roster_links(html, "http://x.test/") == [f"http://x.test{path}"]
