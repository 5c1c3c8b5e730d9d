"""The city (emulation.world.city): deterministic from its seed, every family, condition and kind
of record drawn, and each new roll moving studios without reshuffling the others."""

from __future__ import annotations

from collections import Counter

from emulation.world import BROWSER_ONLY_FAMILIES, FAMILIES, City
from emulation.world.city import CONDITIONS

CITY = City.generate(seed=3, studio_count=400)
WITH_BROWSER = City.generate(seed=5, studio_count=700, browser_only=True)
NEW_FAMILIES = FAMILIES[10:] + BROWSER_ONLY_FAMILIES


def test_the_same_seed_builds_the_same_city_and_another_seed_another() -> None:
    again = City.generate(seed=3, studio_count=400)
    assert again.studios == CITY.studios
    assert City.generate(seed=4, studio_count=400).studios != CITY.studios


def test_the_city_exercises_every_family_condition_and_kind_of_record() -> None:
    with_site = [s for s in CITY.studios if s.host]
    assert set(Counter(s.family for s in with_site)) == set(FAMILIES)
    assert {s.condition for s in with_site} == {name for name, _ in CONDITIONS}
    assert any(s.business_status == "CLOSED_PERMANENTLY" for s in CITY.studios)
    assert any(s.website_uri is None for s in CITY.studios)
    assert any(s.guests for s in CITY.studios)
    assert any(s.crawl_delay_s for s in with_site)
    assert any(s.disallow_staff for s in with_site)
    handles = [a.handle for s in CITY.studios for a in s.residents]
    assert len(handles) == len(set(handles)), "a handle is one person"


def test_guests_are_the_same_person_as_at_their_home_studio() -> None:
    residents = {a.handle: a for s in CITY.studios for a in s.residents}
    for studio in CITY.studios:
        for guest in studio.guests:
            assert residents[guest.handle] == guest


def test_every_family_is_drawn_and_browser_only_ones_only_when_asked() -> None:
    drawn = Counter(s.family for s in WITH_BROWSER.studios if s.host)
    assert set(drawn) == set(FAMILIES) | set(BROWSER_ONLY_FAMILIES)
    default = City.generate(seed=5, studio_count=700)
    assert not {s.family for s in default.studios} & set(BROWSER_ONLY_FAMILIES)
    for with_browser, without in zip(WITH_BROWSER.studios, default.studios, strict=True):
        if with_browser.family not in BROWSER_ONLY_FAMILIES:
            assert with_browser == without, "the option only moves studios to its families"


def test_the_newest_families_leave_the_earlier_studios_where_they_were() -> None:
    """The third roll moves a share of studios to the newest families; the rest keep the
    family and artists the first two rolls gave them (the seeds tests rely on)."""
    moved = [s for s in WITH_BROWSER.studios if s.family in NEW_FAMILIES]
    share = len(moved) / len(WITH_BROWSER.studios)
    expected = len(NEW_FAMILIES) / (len(FAMILIES) + len(BROWSER_ONLY_FAMILIES))
    assert abs(share - expected) < 0.08
