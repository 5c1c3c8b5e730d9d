"""Profile extraction on every site family the world renders, scored against its truth."""

from __future__ import annotations

import pytest

from compute.extraction.profile import extract_profile
from emulation.world import sites
from emulation.world.city import City, StudioSpec
from emulation.world.families import lists, prose, scripted, structured

CITY = City.generate(3, 90)


def page(studio: StudioSpec, position: int) -> tuple[str, str]:
    artist = studio.artists[position]
    base = f"http://{studio.host}"
    if studio.family == "static_list":
        return lists.static_list_roster(CITY, studio), base + studio.roster_path
    if studio.family == "cards":
        return lists.cards_roster(CITY, studio), base + studio.roster_path
    if studio.family == "jsonld":
        return structured.jsonld_roster(CITY, studio), base + studio.roster_path
    if studio.family == "js_roster":
        return scripted.js_roster_rendered(CITY, studio), base + studio.roster_path
    if studio.family == "table":
        return lists.table_roster(CITY, studio), base + studio.roster_path
    if studio.family == "iframe":
        return lists.iframe_roster(CITY, studio), f"{base}{studio.roster_path}roster-frame.html"
    if studio.family == "prose":
        return prose.prose_roster(CITY, studio), base + studio.roster_path
    if studio.family == "lazy_grid":
        return prose.lazy_grid_roster(CITY, studio), base + studio.roster_path
    if studio.family == "paginated":
        number = position // lists.PER_PAGE + 1
        html = lists.paginated_roster(CITY, studio, number)
        assert html is not None
        return html, f"{base}{studio.roster_path}?page={number}"
    return lists.detail_page(CITY, studio, artist), f"{base}{studio.roster_path}{artist.slug}/"


@pytest.mark.parametrize("family", sorted({s.family for s in CITY.studios}))
def test_every_artist_of_a_family_is_found_with_their_styles(family: str) -> None:
    studios = [s for s in CITY.studios if s.family == family and s.host][:4]
    assert studios
    for studio in studios:
        for position, artist in enumerate(studio.artists):
            html, url = page(studio, position)
            profile = extract_profile(html, url, name=artist.name, instagram_handle=artist.handle)
            assert profile is not None, (family, artist.name)
            assert profile.instagram_handle == artist.handle
            assert profile.name == artist.name
            assert set(profile.styles) == set(artist.styles), (family, artist.name)


def test_a_profile_page_gives_bio_portfolio_and_the_hidden_email() -> None:
    studio = next(s for s in CITY.studios if s.family == "detail_pages" and s.host)
    for position, artist in enumerate(studio.artists):
        html, url = page(studio, position)
        profile = extract_profile(html, url, name=artist.name, instagram_handle=artist.handle)
        assert profile is not None and profile.own_page
        assert profile.bio and artist.name.split()[0] in profile.bio
        assert len(profile.portfolio_images) == 3
        assert all(u.startswith(f"http://{studio.host}/img/") for u in profile.portfolio_images)
        user = artist.slug.split("-")[0]
        assert profile.email == f"{user}@{studio.host}"


def test_a_list_page_never_lends_one_artist_anothers_details() -> None:
    studio = next(s for s in CITY.studios if s.family == "cards" and len(s.artists) > 2)
    html, url = page(studio, 1)
    artist = studio.artists[1]
    profile = extract_profile(html, url, name=artist.name, instagram_handle=artist.handle)
    assert profile is not None and not profile.own_page and profile.email is None
    assert profile.avatar == f"http://{studio.host}/img/{artist.slug}.jpg"


def test_someone_the_page_does_not_name_is_not_found() -> None:
    studio = next(s for s in CITY.studios if s.family == "static_list")
    html, url = page(studio, 0)
    assert extract_profile(html, url, name="Nobody Atall", instagram_handle="no.such.one") is None
    assert extract_profile(html, url) is None


def test_broken_markup_still_yields_the_profile() -> None:
    studio = next(s for s in CITY.studios if s.family == "static_list")
    html, url = page(studio, 0)
    artist = studio.artists[0]
    mangled = sites.mangle(html) + "\ufffd<"
    profile = extract_profile(mangled, url, name=artist.name, instagram_handle=artist.handle)
    assert profile is not None and profile.instagram_handle == artist.handle
