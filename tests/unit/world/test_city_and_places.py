"""The world's semantics, without its servers: determinism, coverage, the Places API shape."""

from __future__ import annotations

from collections import Counter

from emulation.world import FAMILIES, City, sites
from emulation.world.city import CONDITIONS
from emulation.world.places import MAX_PAGE_SIZE, search_text

CITY = City.generate(seed=3, studio_count=400)


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


def _search(text: str, mask: str | None = "*", **body: object) -> tuple[int, dict]:
    reply = search_text(CITY, {"textQuery": text, **body}, mask)
    return reply.status, reply.body


def test_a_missing_field_mask_is_refused_like_google_does() -> None:
    status, body = _search("tattoo studio in Leeds", mask=None)
    assert status == 400
    assert body["error"]["status"] == "INVALID_ARGUMENT"
    assert "FieldMask" in body["error"]["message"]


def test_only_the_fields_in_the_mask_are_returned() -> None:
    status, body = _search("tattoo shop in Leeds", mask="places.id,places.websiteUri")
    assert status == 200
    assert all(set(p) <= {"id", "websiteUri"} for p in body["places"])
    assert "nextPageToken" not in body, "nextPageToken is a field of the mask too"


def test_paging_walks_every_match_once_in_pages_of_at_most_twenty() -> None:
    seen: list[str] = []
    token = None
    while True:
        status, body = _search("tattoo studio in Leeds", pageSize=50, pageToken=token)
        assert status == 200
        assert len(body["places"]) <= MAX_PAGE_SIZE
        seen += [p["id"] for p in body["places"]]
        token = body.get("nextPageToken")
        if not token:
            break
    expected = [s.place_id for s in CITY.studios if "studio" in s.query_words]
    assert seen == expected


def test_studios_are_found_by_several_queries_and_not_in_other_cities() -> None:
    def ids(text: str) -> set[str]:
        token, found = None, set()
        while True:
            _, body = _search(text, pageToken=token)
            found |= {p["id"] for p in body.get("places", [])}
            token = body.get("nextPageToken")
            if not token:
                return found

    shops, parlours = ids("tattoo shop in Leeds"), ids("tattoo parlour in Leeds")
    assert shops & parlours
    assert ids("tattoo studio in York") == set()


def test_a_token_from_another_query_is_refused() -> None:
    _, body = _search("tattoo studio in Leeds")
    status, _ = _search("tattoo shop in Leeds", pageToken=body["nextPageToken"])
    assert status == 400


def test_robots_txt_says_what_the_studio_wants() -> None:
    timing = sites.SiteTiming(crawl_delay_s=0.25)
    blocked = next(s for s in CITY.studios if s.condition == "robots_blocks_roster")
    delayed = next(s for s in CITY.studios if s.crawl_delay_s)
    assert f"Disallow: {blocked.roster_path}" in sites.robots_txt(blocked, timing)
    assert "Crawl-delay: 0.25" in sites.robots_txt(delayed, timing)


def test_every_failure_kind_is_served_as_it_says() -> None:
    timing = sites.SiteTiming(slow_s=1.0, hang_s=9.0, huge_bytes=1000)

    def home(condition: str) -> sites.Page:
        studio = next(s for s in CITY.studios if s.host and s.condition == condition)
        return sites.respond(CITY, studio, "/", "", 1, timing)

    assert home("not_found").status == 404
    assert home("server_error").status == 500
    assert home("flaky").status == 502
    assert home("redirect_loop").status == 302
    assert home("timeout").stall_s == 9.0
    assert home("slow").stall_s == 1.0
    assert home("huge").stream_bytes == 1000
