"""Every route and status code contracts/openapi.yaml documents, reached over real HTTP through
the local API gateway, each reply checked against the spec (status, documented headers, media
type, body schema) and against the seeded data it must reflect. 503 comes from the cloud's
`search_down` fault and 429 from its `throttle` switch on the gateway, the same reply the
stage's token bucket gives."""

from __future__ import annotations

import contextlib
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from tests.e2e.api.conftest import SeededApi
from tests.e2e.api.contract import check_reply, document
from tests.e2e.removal import client_session

pytestmark = pytest.mark.e2e

RECOVERY_TIMEOUT_S = 60.0
MISSING_ARTIST = "art_0000000000000000"
MISSING_STUDIO = "stu_0000000000000000"
# The removal tests' own client address: 127.0.0.1's per-client window is the fuzzer's.
REQUESTER = client_session()


def call(api: SeededApi, method: str, path: str, **kwargs: Any) -> tuple[requests.Response, Any]:
    reply = api.http.request(method, api.url + path, timeout=35, **kwargs)
    return reply, check_reply(method, path, reply)


def wait_for(predicate: Any, what: str, timeout_s: float = RECOVERY_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} not true after {timeout_s:.0f} s")
        time.sleep(0.25)


@contextlib.contextmanager
def search_down(api: SeededApi) -> Iterator[None]:
    """OpenSearch unreachable (the fault proxy resets every connection) until the block ends;
    then wait until search answers again (the API's breaker cools down first)."""
    api.cloud.faults.set("search_down")
    try:
        yield
    finally:
        api.cloud.faults.clear("search_down")
        wait_for(
            lambda: (
                api.get("/v1/artists", params={"limit": 1}).status_code == 200
                and api.get("/health").status_code == 200
            ),
            "search recovered after search_down",
        )


def etag_round_trip(api: SeededApi, path: str, **kwargs: Any) -> None:
    """200 with a strong ETag, then the same request with If-None-Match is a bodiless 304."""
    first, _ = call(api, "GET", path, **kwargs)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert not etag.startswith("W/"), f"{path}: the spec promises a strong ETag, got {etag}"
    again, body = call(api, "GET", path, headers={"If-None-Match": etag}, **kwargs)
    assert again.status_code == 304 and body is None
    assert again.headers["ETag"] == etag
    other, _ = call(api, "GET", path, headers={"If-None-Match": '"not-this-one"'}, **kwargs)
    assert other.status_code == 200


def invalid_names(body: dict[str, Any]) -> set[str]:
    return {p["name"] for p in body["invalid-params"]}


# --- /health ---------------------------------------------------------------------------------


def test_health_is_200_with_both_dependencies_ok(seeded_api: SeededApi) -> None:
    reply, body = call(seeded_api, "GET", "/health")
    assert reply.status_code == 200
    assert body["status"] == "healthy"
    assert body["dependencies"] == {"table": "ok", "search": "ok"}


def test_search_down_gives_503_on_health_search_and_styles(seeded_api: SeededApi) -> None:
    _, styles_before = call(seeded_api, "GET", "/v1/styles")
    with search_down(seeded_api):
        reply, body = call(seeded_api, "GET", "/health")
        assert reply.status_code == 503
        assert body["status"] == "degraded"
        assert body["dependencies"] == {"table": "ok", "search": "error"}

        reply, problem = call(seeded_api, "GET", "/v1/artists", params={"style": "blackwork"})
        assert reply.status_code == 503
        assert problem["detail"] == "Search is temporarily unavailable."

        # The warm container may answer styles from its short cache; otherwise a 503.
        reply, styles = call(seeded_api, "GET", "/v1/styles")
        assert reply.status_code == 503 or styles == styles_before

        # Artists and studios are read from the table: search being down does not matter.
        artist = seeded_api.artists[0]
        reply, _ = call(seeded_api, "GET", f"/v1/artists/{artist.artist_id}")
        assert reply.status_code == 200


# --- GET /v1/artists -------------------------------------------------------------------------


def test_search_without_criteria_pages_every_artist_by_rating(seeded_api: SeededApi) -> None:
    reply, body = call(seeded_api, "GET", "/v1/artists", params={"limit": 50})
    assert reply.status_code == 200
    assert body["total"] >= len(seeded_api.artists)
    assert len(body["items"]) == 50 and body["hasMore"] is True and body["nextCursor"]
    ratings = [item.get("rating", -1.0) for item in body["items"]]
    assert ratings == sorted(ratings, reverse=True)


def test_search_filters_by_style_and_location(seeded_api: SeededApi) -> None:
    in_leeds = [a for a in seeded_api.artists if a.location_display == "Leeds, UK"]
    in_leeds = [a for a in in_leeds if "blackwork" in a.styles]
    reply, body = call(
        seeded_api,
        "GET",
        "/v1/artists",
        params={"style": "blackwork", "location": "Leeds", "limit": 50},
    )
    assert reply.status_code == 200
    ours = {a.artist_id for a in in_leeds}
    assert ours <= {item["artistId"] for item in body["items"]}
    assert all("blackwork" in item["styles"] for item in body["items"])


def test_search_near_a_point_adds_distance_and_sorts_by_it(seeded_api: SeededApi) -> None:
    reply, body = call(
        seeded_api,
        "GET",
        "/v1/artists",
        params={"near": "53.4808,-2.2426", "radius_km": "10", "limit": 50},
    )
    assert reply.status_code == 200
    manchester = {a.artist_id for a in seeded_api.artists if a.location_display == "Manchester, UK"}
    assert manchester and manchester <= {item["artistId"] for item in body["items"]}
    distances = [item["distanceKm"] for item in body["items"]]
    assert distances == sorted(distances) and all(d <= 10 for d in distances)


def test_search_by_text_finds_an_artist_by_name(seeded_api: SeededApi) -> None:
    artist = seeded_api.artists[7]
    reply, body = call(seeded_api, "GET", "/v1/artists", params={"query": artist.name})
    assert reply.status_code == 200
    assert artist.artist_id in [item["artistId"] for item in body["items"][:5]]


def test_search_cursor_paging_visits_each_hit_once(seeded_api: SeededApi) -> None:
    seen: list[str] = []
    params: dict[str, Any] = {"style": "realism", "limit": 7}
    while True:
        reply, body = call(seeded_api, "GET", "/v1/artists", params=params)
        assert reply.status_code == 200 and body["page"] == 1
        seen.extend(item["artistId"] for item in body["items"])
        if body["nextCursor"] is None:
            assert body["hasMore"] is False
            break
        params = {"style": "realism", "limit": 7, "cursor": body["nextCursor"]}
    assert len(seen) == len(set(seen)) == body["total"]
    ours = {a.artist_id for a in seeded_api.artists if "realism" in a.styles}
    assert ours <= set(seen)


def test_search_304_on_a_matching_etag(seeded_api: SeededApi) -> None:
    etag_round_trip(seeded_api, "/v1/artists", params={"style": "dotwork", "page": 2, "limit": 5})


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"limit": "0"}, {"limit"}),
        ({"limit": "51", "page": "0"}, {"limit", "page"}),
        ({"style": "cubism"}, {"style"}),
        ({"near": "91,0"}, {"near"}),
        ({"near": "51.5,-0.12", "radius_km": "0"}, {"radius_km"}),
        ({"query": "x" * 201}, {"query"}),
        ({"sort": "distance"}, {"sort"}),  # distance needs near
        ({"cursor": "not-a-cursor"}, {"cursor"}),
        # cursor excludes page; a bare list of sort values is an old, unbound cursor
        ({"cursor": "WzQuOCwiYXJ0XzEiXQ", "page": "2"}, {"cursor", "page"}),
        ({"colour": "red"}, {"colour"}),
    ],
    ids=lambda value: ",".join(sorted(value)) if isinstance(value, set) else None,
)
def test_search_400_names_each_invalid_parameter(
    seeded_api: SeededApi, params: dict[str, str], named: set[str]
) -> None:
    reply, body = call(seeded_api, "GET", "/v1/artists", params=params)
    assert reply.status_code == 400
    assert invalid_names(body) == named


def test_search_radius_without_near_is_ignored(seeded_api: SeededApi) -> None:
    reply, body = call(seeded_api, "GET", "/v1/artists", params={"radius_km": "10"})
    assert reply.status_code == 200
    assert body["items"] and not any("distanceKm" in item for item in body["items"])


def test_search_empty_query_is_refused(seeded_api: SeededApi) -> None:
    reply, body = call(seeded_api, "GET", "/v1/artists", params={"query": ""})
    assert reply.status_code == 400 and invalid_names(body) == {"query"}


@pytest.mark.parametrize(
    "path",
    ["/v1/artists", "/v1/styles", f"/v1/artists/{MISSING_ARTIST}", f"/v1/studios/{MISSING_STUDIO}"],
)
def test_an_overlong_if_none_match_is_refused(seeded_api: SeededApi, path: str) -> None:
    reply, body = call(seeded_api, "GET", path, headers={"If-None-Match": "0" * 257})
    assert reply.status_code == 400 and invalid_names(body) == {"If-None-Match"}


def test_search_page_over_200_is_refused(seeded_api: SeededApi) -> None:
    reply, body = call(seeded_api, "GET", "/v1/artists", params={"page": "201"})
    assert reply.status_code == 400 and invalid_names(body) == {"page"}


def test_search_radius_in_exponent_notation_is_a_number(seeded_api: SeededApi) -> None:
    reply, body = call(
        seeded_api, "GET", "/v1/artists", params={"near": "51.5,-0.12", "radius_km": "5e-1"}
    )
    assert reply.status_code == 200
    assert all(item["distanceKm"] <= 0.5 for item in body["items"])


ROUTES = (
    ("GET", "/health"),
    ("GET", "/v1/artists"),
    ("GET", f"/v1/artists/{MISSING_ARTIST}"),
    ("GET", f"/v1/studios/{MISSING_STUDIO}"),
    ("GET", "/v1/styles"),
    ("POST", "/v1/removal-requests"),
    ("GET", "/v1/removal-requests/rem_0/confirmation?token=v1.0.x"),
    ("POST", "/v1/removal-requests/rem_0/decision"),
)


def throttled_reply(api: SeededApi, method: str, path: str) -> requests.Response:
    """The gateway's throttle (the `throttle` fault on "apigw", the same reply as the stage's
    token bucket) is on for one request."""
    api.cloud.faults.throttle("apigw")
    try:
        return api.http.request(method, api.url + path, timeout=35)
    finally:
        api.cloud.faults.clear("throttle")


def test_every_route_answers_429_when_the_gateway_throttles(seeded_api: SeededApi) -> None:
    for method, path in ROUTES:
        assert throttled_reply(seeded_api, method, path).status_code == 429, (method, path)


def test_the_429_of_throttling_is_the_gateways_documented_reply(seeded_api: SeededApi) -> None:
    # openapi.yaml TooManyRequests: API Gateway's own JSON body, no Retry-After.
    body = check_reply("GET", "/v1/styles", throttled_reply(seeded_api, "GET", "/v1/styles"))
    assert body == {"message": "Too Many Requests"}


# --- GET /v1/artists/{artistId} ----------------------------------------------------------------


def test_artist_by_id_is_the_seeded_artist(seeded_api: SeededApi) -> None:
    artist = seeded_api.artists[3]
    reply, body = call(seeded_api, "GET", f"/v1/artists/{artist.artist_id}")
    assert reply.status_code == 200
    assert body == artist.to_api()
    etag_round_trip(seeded_api, f"/v1/artists/{artist.artist_id}")


def test_artist_400_and_404(seeded_api: SeededApi) -> None:
    reply, body = call(seeded_api, "GET", "/v1/artists/not%20an%20id")
    assert reply.status_code == 400 and invalid_names(body) == {"artistId"}
    reply, body = call(seeded_api, "GET", f"/v1/artists/{MISSING_ARTIST}")
    assert reply.status_code == 404
    assert body["detail"] == f"Artist with ID '{MISSING_ARTIST}' was not found."


# --- GET /v1/studios/{studioId} ----------------------------------------------------------------


def test_studio_lists_its_seeded_artists(seeded_api: SeededApi) -> None:
    members = Counter(link.studio_id for link in seeded_api.links)
    studio_id, count = members.most_common(1)[0]
    reply, body = call(seeded_api, "GET", f"/v1/studios/{studio_id}")
    assert reply.status_code == 200
    assert body["studioId"] == studio_id and len(body["artists"]) == count
    etag_round_trip(seeded_api, f"/v1/studios/{studio_id}")


def test_studio_400_and_404(seeded_api: SeededApi) -> None:
    reply, body = call(seeded_api, "GET", "/v1/studios/stu%21bad")
    assert reply.status_code == 400 and invalid_names(body) == {"studioId"}
    reply, body = call(seeded_api, "GET", f"/v1/studios/{MISSING_STUDIO}")
    assert reply.status_code == 404


# --- GET /v1/styles ------------------------------------------------------------------------------


def test_styles_count_at_least_the_seeded_artists_most_used_first(seeded_api: SeededApi) -> None:
    reply, body = call(seeded_api, "GET", "/v1/styles")
    assert reply.status_code == 200
    counts = {item["name"]: item["count"] for item in body["items"]}
    seeded = Counter(style for a in seeded_api.artists for style in a.styles)
    assert all(counts.get(style, 0) >= n for style, n in seeded.items()), (counts, seeded)
    assert list(counts.values()) == sorted(counts.values(), reverse=True)
    assert body["total"] == len(body["items"])
    etag_round_trip(seeded_api, "/v1/styles")


# --- POST /v1/removal-requests -------------------------------------------------------------------


def removal(api: SeededApi, body: Any, key: str | None = None) -> tuple[requests.Response, Any]:
    """A POST from this test's own client address (the per-client limit is per address)."""
    headers = {"Idempotency-Key": key} if key else {}
    reply = REQUESTER.post(api.url + "/v1/removal-requests", json=body, headers=headers, timeout=35)
    return reply, check_reply("POST", "/v1/removal-requests", reply)


def test_removal_400_names_the_body_fields_and_the_key(seeded_api: SeededApi) -> None:
    reply, body = removal(seeded_api, {"artistId": MISSING_ARTIST})
    assert reply.status_code == 400
    assert {"reason", "contactEmail"} <= {n.lstrip("/") for n in invalid_names(body)}
    reply, body = call(
        seeded_api,
        "POST",
        "/v1/removal-requests",
        data=b"{not json",
        headers={"Content-Type": "application/json"},
    )
    assert reply.status_code == 400
    request = {"artistId": MISSING_ARTIST, "reason": "other", "contactEmail": "a@example.co.uk"}
    reply, body = removal(seeded_api, request, key="bad key!")
    assert reply.status_code == 400 and invalid_names(body) == {"Idempotency-Key"}


def test_removal_with_a_null_member_is_refused(seeded_api: SeededApi) -> None:
    request = {
        "artistId": MISSING_ARTIST,
        "reason": "other",
        "contactEmail": "a@example.co.uk",
        "message": None,
    }
    reply, body = removal(seeded_api, request)
    assert reply.status_code == 400 and invalid_names(body)


def test_a_body_that_is_not_utf8_is_a_400_not_a_500(seeded_api: SeededApi) -> None:
    reply, body = call(
        seeded_api,
        "POST",
        "/v1/removal-requests",
        data=b"\x80",
        headers={"Content-Type": "application/json"},
    )
    assert reply.status_code == 400 and invalid_names(body) == {"body"}


def test_removal_naming_no_artist_is_refused(seeded_api: SeededApi) -> None:
    request = {"artistId": "", "reason": "privacy", "contactEmail": "a@example.co.uk"}
    reply, body = removal(seeded_api, request)
    assert reply.status_code == 400 and invalid_names(body)


def test_removal_is_idempotent_409_on_another_body_and_changes_nothing_yet(
    seeded_api: SeededApi,
) -> None:
    target = seeded_api.artists[-1]
    assert target.instagram_handle
    request = {
        "instagramHandle": "@" + target.instagram_handle.upper(),
        "reason": "opt-out",
        "contactEmail": "someone@example.co.uk",
    }
    key = f"e2e-api-{uuid.uuid4().hex}"
    first, accepted = removal(seeded_api, request, key)
    assert first.status_code == 202 and accepted["status"] == "pending"
    again, repeated = removal(seeded_api, request, key)
    assert again.status_code == 202 and repeated == accepted
    conflict, _ = removal(seeded_api, {**request, "message": "changed wording"}, key)
    assert conflict.status_code == 409
    # Pending: nothing changes until the link is followed and a moderator approves
    # (tests/e2e/api/test_removal_verification.py takes it from here).
    time.sleep(1.0)  # a removal would reach the index in well under a second
    assert seeded_api.get(f"/v1/artists/{target.artist_id}").status_code == 200
    hits = seeded_api.get("/v1/artists", params={"query": target.name}).json()["items"]
    assert target.artist_id in {hit["artistId"] for hit in hits}


def test_a_removal_body_that_is_not_json_is_a_415(seeded_api: SeededApi) -> None:
    # A web page can POST text/plain from a visitor's browser with no CORS preflight.
    body = '{"artistId": "art_0000000000000000", "reason": "other", "contactEmail": "a@b.co.uk"}'
    for content_type in ("text/plain", "application/x-www-form-urlencoded", None):
        headers = {"Content-Type": content_type} if content_type else {}
        reply = REQUESTER.post(
            seeded_api.url + "/v1/removal-requests", data=body, headers=headers, timeout=35
        )
        problem = check_reply("POST", "/v1/removal-requests", reply)
        assert reply.status_code == 415, (content_type, reply.text)
        assert problem["type"].endswith("/unsupported-media-type")


def test_every_documented_operation_and_status_was_exercised() -> None:
    """The matrix above covers the spec; this fails when the spec grows a route or status."""
    covered = {
        ("get", "/health"): {"200", "503", "429"},
        ("get", "/v1/artists"): {"200", "304", "400", "429", "503"},
        ("get", "/v1/artists/{artistId}"): {"200", "304", "400", "404", "429"},
        ("get", "/v1/studios/{studioId}"): {"200", "304", "400", "404", "429"},
        ("get", "/v1/styles"): {"200", "304", "400", "429", "503"},
        ("post", "/v1/removal-requests"): {"202", "400", "409", "415", "429"},
        # tests/e2e/api/test_removal_verification.py
        ("get", "/v1/removal-requests/{requestId}/confirmation"): {
            "200", "400", "403", "404", "409", "410", "429",
        },
        ("post", "/v1/removal-requests/{requestId}/decision"): {
            "200", "400", "403", "404", "409", "415", "429",
        },
    }  # fmt: skip
    # A 503 of the table: the local cloud has no fault that takes DynamoDB away.
    unreachable = {
        ("get", "/v1/artists/{artistId}"): {"503"},
        ("get", "/v1/studios/{studioId}"): {"503"},
        ("post", "/v1/removal-requests"): {"503"},
        ("get", "/v1/removal-requests/{requestId}/confirmation"): {"503"},
        ("post", "/v1/removal-requests/{requestId}/decision"): {"503"},
    }
    for path, item in document()["paths"].items():
        for method, operation in item.items():
            statuses = set(operation["responses"])
            done = covered.get((method, path), set()) | unreachable.get((method, path), set())
            assert statuses <= done, f"{method.upper()} {path}: no test for {statuses - done}"
