"""The API's HTTP shaping with fakes of our own ports (table, index): problem+json, ETag and
304, Cache-Control per route, 415 for bodies that are not JSON, 503 with Retry-After. Replies
are checked against contracts/openapi.yaml."""

from __future__ import annotations

import importlib
import json
import os
import time
from collections.abc import Iterable, Iterator, Mapping
from types import ModuleType
from typing import Any

import pytest

from compute.adapters.dynamodb import StudioListing
from compute.adapters.search.errors import SearchUnavailable
from compute.adapters.search.query import SearchHit, SearchPage, StyleCount
from compute.domain.breaker import Breaker
from compute.services.styles import StylesCache
from tests.unit.search import events
from tests.unit.search.factories import artist
from tests.unit.search.openapi_check import check_reply

UNIT_ENV = {
    "TABLE_NAME": "unit-main",
    "IDEMPOTENCY_TABLE_NAME": "unit-idempotency",
    "SEARCH_ENDPOINT": "http://127.0.0.1:9",  # never contacted: the tests pass fakes
    "SEARCH_INDEX_ALIAS": "unit-artists",
    "REMOVAL_LINK_SECRET_ARN": "arn:aws:secretsmanager:eu-west-2:123456789012:secret:unit",
    "REMOVAL_SENDER": "no-reply@unit.example",
}


@pytest.fixture(scope="module")
def api() -> Iterator[ModuleType]:
    saved = {k: os.environ.get(k) for k in UNIT_ENV}
    os.environ.update(UNIT_ENV)
    try:
        yield importlib.import_module("compute.handlers.api")
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


class FakeTable:
    def __init__(self, artists: Iterable[Any] = ()) -> None:
        self.items = {a.artist_id: a.to_item() for a in artists}
        self.up = True

    def get_artist(self, artist_id: str, *, consistent: bool = False) -> dict[str, Any] | None:
        return self.items.get(artist_id)

    def studio_listing(self, studio_id: str) -> StudioListing | None:
        return None

    def get_artists(self, artist_ids: Iterable[str]) -> list[dict[str, Any]]:
        return [self.items[a] for a in artist_ids if a in self.items]

    def ping(self) -> bool:
        return self.up


class FakeIndex:
    def __init__(self, documents: list[dict[str, Any]]) -> None:
        self.documents = documents
        self.breaker = Breaker(clock=time.monotonic)
        self.down = False
        self.searches = 0

    def search(self, body: Mapping[str, Any]) -> SearchPage:
        self.searches += 1
        if self.down:
            raise SearchUnavailable("down", 7)
        size = body["size"]
        start = body.get("from", 0)
        hits = [SearchHit(d, [d["artistId"]]) for d in self.documents[start : start + size]]
        return SearchPage(hits=hits, total=len(self.documents))

    def style_counts(self) -> list[StyleCount]:
        if self.down:
            raise SearchUnavailable("down", 7)
        return [StyleCount("blackwork", 2), StyleCount("realism", 1)]

    def ping(self) -> bool:
        return not self.down


@pytest.fixture
def world(api: ModuleType) -> tuple[Any, FakeTable, FakeIndex]:
    artists = [artist(), artist(styles=("realism", "blackwork")), artist(opted_out=True)]
    table = FakeTable(artists)
    index = FakeIndex([a.to_search_document() for a in artists[:2]])
    deps = api.Dependencies(
        table=table,
        index=index,
        styles_cache=StylesCache(ttl_s=60),
        removals=None,
    )
    return api.build_app(deps), table, index


def call(app: Any, path: str, **kw: Any) -> dict[str, Any]:
    event = events.http_event(path, **kw)
    reply: dict[str, Any] = app.resolve(event, events.LambdaContext())
    reply["_request_id"] = event["requestContext"]["requestId"]
    return reply


def headers(reply: Mapping[str, Any]) -> dict[str, str]:
    return {k.lower(): v for k, v in reply["headers"].items()}


def test_unknown_route_is_a_404_problem_with_the_request_id(world: Any) -> None:
    app, _, _ = world
    reply = call(app, "/v1/nowhere")
    body = check_reply("GET", "/v1/nowhere", reply)
    assert body["status"] == 404 and body["instance"] == reply["_request_id"]
    assert headers(reply)["content-type"] == "application/problem+json"


def test_invalid_parameters_list_every_offender(world: Any) -> None:
    app, _, index = world
    reply = call(app, "/v1/artists", query={"limit": "0", "sort": "sideways", "colour": "red"})
    body = check_reply("GET", "/v1/artists", reply)
    assert body["status"] == 400
    assert {p["name"] for p in body["invalid-params"]} == {"limit", "sort", "colour"}
    assert index.searches == 0
    assert headers(reply)["cache-control"] == "no-store"


def test_search_reply_has_cache_control_etag_and_304(world: Any) -> None:
    app, _, _ = world
    first = call(app, "/v1/artists", query={"style": "blackwork"})
    body = check_reply("GET", "/v1/artists", first)
    assert body["total"] == 2 and body["hasMore"] is False and body["nextCursor"] is None
    h = headers(first)
    assert h["cache-control"] == "public, max-age=60"
    etag = h["etag"]
    again = call(app, "/v1/artists", query={"style": "blackwork"}, headers={"If-None-Match": etag})
    assert again["statusCode"] == 304 and again["body"] == ""
    assert headers(again)["etag"] == etag
    check_reply("GET", "/v1/artists", again)
    other = call(app, "/v1/artists", query={"style": "blackwork"}, headers={"If-None-Match": '"x"'})
    assert other["statusCode"] == 200


def test_artist_route_404s_for_missing_and_opted_out(world: Any) -> None:
    app, table, _ = world
    listed, _, opted = list(table.items)
    ok = call(app, f"/v1/artists/{listed}")
    assert check_reply("GET", f"/v1/artists/{listed}", ok)["artistId"] == listed
    assert headers(ok)["cache-control"] == "public, max-age=300"
    for missing in (opted, "art_missing01"):
        reply = call(app, f"/v1/artists/{missing}")
        body = check_reply("GET", f"/v1/artists/{missing}", reply)
        assert body["detail"] == f"Artist with ID '{missing}' was not found."


def test_styles_are_cached_in_the_warm_container(world: Any) -> None:
    app, _, index = world
    first = call(app, "/v1/styles")
    body = check_reply("GET", "/v1/styles", first)
    assert body == {
        "items": [{"name": "blackwork", "count": 2}, {"name": "realism", "count": 1}],
        "total": 2,
    }
    index.down = True  # the cached answer still serves
    assert call(app, "/v1/styles")["statusCode"] == 200


def test_search_down_is_503_with_retry_after_never_an_empty_200(world: Any) -> None:
    app, _, index = world
    index.down = True
    reply = call(app, "/v1/artists")
    body = check_reply("GET", "/v1/artists", reply)
    assert body["status"] == 503
    assert headers(reply)["retry-after"] == "7"


def test_health_reports_each_dependency(world: Any) -> None:
    app, _, index = world
    healthy = call(app, "/health")
    assert check_reply("GET", "/health", healthy)["dependencies"] == {"table": "ok", "search": "ok"}
    assert headers(healthy)["cache-control"] == "no-store"
    index.down = True
    degraded = call(app, "/health")
    body = check_reply("GET", "/health", degraded)
    assert body["status"] == "degraded" and body["dependencies"]["search"] == "error"


def test_the_lambda_leaves_cors_to_the_gateway(world: Any) -> None:
    # API Gateway's CorsConfiguration overrides whatever a Lambda sends: one source only.
    app, _, _ = world
    reply = call(app, "/v1/styles", headers={"Origin": "https://directory.example"})
    assert not [name for name in headers(reply) if name.startswith("access-control-")]


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", None]
)
@pytest.mark.parametrize("path", ["/v1/removal-requests", "/v1/removal-requests/rem_1/decision"])
def test_a_body_that_is_not_declared_json_is_a_415(
    world: Any, content_type: str | None, path: str
) -> None:
    # A web page can send text/plain or a form from a visitor's browser with no preflight.
    app, _, _ = world  # no removal service: refused at the edge
    event = events.http_event(path, method="POST")
    event["body"] = json.dumps(
        {"artistId": "art_0000000000000000", "reason": "other", "contactEmail": "a@b.co.uk"}
    )
    if content_type is not None:
        event["headers"]["content-type"] = content_type
    reply = app.resolve(event, events.LambdaContext())
    problem = check_reply("POST", path, reply)
    assert problem["status"] == 415
    assert problem["type"].endswith("/unsupported-media-type")


def test_json_with_a_charset_is_json(world: Any) -> None:
    app, _, _ = world
    event = events.http_event(
        "/v1/removal-requests",
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8"},
        body={"artistId": ""},
    )
    reply = app.resolve(event, events.LambdaContext())
    assert check_reply("POST", "/v1/removal-requests", reply)["status"] == 400


@pytest.mark.parametrize("body", [{"decision": "maybe"}, {}, {"decision": "approve", "x": 1}, []])
def test_a_decision_body_breaking_its_contract_is_a_400(world: Any, body: Any) -> None:
    app, _, _ = world
    path = "/v1/removal-requests/rem_1/decision"
    reply = call(app, path, method="POST", body=body)
    assert check_reply("POST", path, reply)["status"] == 400


@pytest.mark.parametrize(
    "query", [[], [("token", "")], [("token", "a"), ("token", "b")], [("token", "x" * 129)]]
)
def test_a_confirmation_without_one_token_is_a_400_naming_it(world: Any, query: Any) -> None:
    app, _, _ = world
    path = "/v1/removal-requests/rem_1/confirmation"
    problem = check_reply("GET", path, call(app, path, query=query))
    assert problem["status"] == 400
    assert [p["name"] for p in problem["invalid-params"]] == ["token"]


def test_etag_helpers_follow_rfc_9110(api: ModuleType) -> None:
    tag = api.etag_of("{}")
    assert tag.startswith('"') and tag.endswith('"')
    assert api.etag_matches(tag, tag)
    assert api.etag_matches(f'"other", W/{tag}', tag)
    assert api.etag_matches("*", tag)
    assert not api.etag_matches(None, tag)
    assert not api.etag_matches('"other"', tag)


def test_repeated_query_parameters_are_seen_as_repeats(world: Any) -> None:
    app, _, _ = world
    reply = call(app, "/v1/artists", query=[("style", "realism"), ("style", "blackwork")])
    body = json.loads(reply["body"])
    assert reply["statusCode"] == 400 and body["invalid-params"][0]["name"] == "style"


def test_an_overlong_if_none_match_is_a_400_before_any_search(world: Any) -> None:
    app, _, index = world
    reply = call(app, "/v1/artists", headers={"If-None-Match": '"' + "0" * 255 + '"'})
    body = check_reply("GET", "/v1/artists", reply)
    assert body["status"] == 400 and body["invalid-params"][0]["name"] == "If-None-Match"
    assert index.searches == 0
    at_limit = call(app, "/v1/styles", headers={"If-None-Match": '"' + "0" * 254 + '"'})
    assert at_limit["statusCode"] == 200
    # Every route that takes If-None-Match documents the 400 of an overlong one.
    for path in ("/v1/styles", f"/v1/artists/{next(iter(world[1].items))}"):
        over = call(app, path, headers={"If-None-Match": "0" * 257})
        assert check_reply("GET", path, over)["invalid-params"][0]["name"] == "If-None-Match"


def test_an_empty_search_parameter_is_a_400_naming_it(world: Any) -> None:
    app, _, index = world
    reply = call(app, "/v1/artists", query={"query": "", "style": "blackwork"})
    body = check_reply("GET", "/v1/artists", reply)
    assert [p["name"] for p in body["invalid-params"]] == ["query"]
    assert index.searches == 0


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"artistId": "", "reason": "privacy", "contactEmail": "a@example.co.uk"}, "artistId"),
        (
            {
                "artistId": "art_0000000000000000",
                "reason": "other",
                "contactEmail": "a@example.co.uk",
                "message": None,
            },
            "message",
        ),
        ({"instagramHandle": "", "reason": "other", "contactEmail": "a@example.co.uk"}, None),
    ],
)
def test_a_removal_body_breaking_its_contract_is_a_400(
    world: Any, body: dict[str, Any], named: str | None
) -> None:
    app, _, _ = world  # no removal service: the edge must refuse before reaching it
    reply = call(app, "/v1/removal-requests", method="POST", body=body)
    problem = check_reply("POST", "/v1/removal-requests", reply)
    assert problem["status"] == 400 and problem["invalid-params"]
    if named is not None:
        assert named in {p["name"] for p in problem["invalid-params"]}


def test_a_removal_body_reports_the_domain_problems_with_the_contracts(world: Any) -> None:
    app, _, _ = world
    reply = call(app, "/v1/removal-requests", method="POST", body={"artistId": ""})
    names = {
        p["name"] for p in check_reply("POST", "/v1/removal-requests", reply)["invalid-params"]
    }
    assert {"reason", "contactEmail"} <= names


def test_a_removal_body_that_is_not_utf8_is_a_400(world: Any) -> None:
    app, _, _ = world
    event = events.http_event(
        "/v1/removal-requests", method="POST", headers={"Content-Type": "application/json"}
    )
    event["body"], event["isBase64Encoded"] = "gA==", True  # base64 of b"\x80"
    reply = app.resolve(event, events.LambdaContext())
    problem = check_reply("POST", "/v1/removal-requests", reply)
    assert problem["invalid-params"][0]["name"] == "body"
