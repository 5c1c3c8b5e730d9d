"""Places Text Search as the city answers it (emulation.world.places): field masks, paging,
query words, tokens."""

from __future__ import annotations

from emulation.world import City
from emulation.world.places import MAX_PAGE_SIZE, search_text

CITY = City.generate(seed=3, studio_count=400)


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
