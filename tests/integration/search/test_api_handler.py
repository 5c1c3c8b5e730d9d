"""The API handler end to end: a moto table filled by the seed, the index filled by the real
sync handler from the table's stream, and `handler(event, context)` called with payload 2.0
events. Every reply is checked against contracts/openapi.yaml."""

from __future__ import annotations

import json
import time
from collections import Counter
from typing import Any

import pytest

from compute import bootstrap
from compute.adapters.clients import search_client
from compute.adapters.denylist import is_denied
from compute.adapters.dynamodb import MainTable
from compute.adapters.search.index import ArtistSearchIndex
from compute.domain.attribute_values import from_attribute_values
from compute.domain.breaker import Breaker
from compute.domain.denylist import handle_identity_key_hash
from compute.services.styles import StylesCache
from emulation.seed import seed_artists, synthetic_world
from tests.conftest import free_port
from tests.unit.search import events
from tests.unit.search.openapi_check import check_reply

pytestmark = pytest.mark.integration

ARTISTS = 40
SEED = 11


def sync_stream(env: dict[str, Any]) -> None:
    """Deliver every new stream record to the sync handler in batches of 10, like the mapping."""
    records = env["stream"].read()
    for start in range(0, len(records), 10):
        reply = env["sync"].handler(
            events.stream_event(records[start : start + 10]),
            events.LambdaContext(function_name="sync"),
        )
        assert reply == {"batchItemFailures": []}
    env["sync"].sync.index.refresh()


@pytest.fixture(scope="module")
def world(handler_env: dict[str, Any], moto_endpoint: str) -> dict[str, Any]:
    ids = seed_artists(handler_env["TABLE_NAME"], ARTISTS, seed=SEED, endpoint_url=moto_endpoint)
    sync_stream(handler_env)
    artists, studios, links = synthetic_world(ARTISTS, seed=SEED)
    assert ids == [a.artist_id for a in artists]
    return {**handler_env, "artists": artists, "studios": studios, "links": links}


def call(world: dict[str, Any], method: str, path: str, **kw: Any) -> tuple[dict[str, Any], Any]:
    event = events.http_event(path, method=method, **kw)
    reply = world["api"].handler(event, events.LambdaContext(function_name="api"))
    body = check_reply(method, path, reply)
    if isinstance(body, dict) and "instance" in body:
        assert body["instance"] == event["requestContext"]["requestId"]
    return reply, body


def test_search_lists_every_seeded_artist_with_the_true_total(world: dict[str, Any]) -> None:
    reply, body = call(world, "GET", "/v1/artists", query={"limit": "50"})
    assert reply["statusCode"] == 200
    assert body["total"] == ARTISTS and len(body["items"]) == ARTISTS
    assert body["hasMore"] is False and body["nextCursor"] is None
    ratings = [i.get("rating", -1) for i in body["items"]]
    assert ratings == sorted(ratings, reverse=True)


def test_search_pages_and_conditional_requests(world: dict[str, Any]) -> None:
    reply, body = call(world, "GET", "/v1/artists", query={"limit": "15", "page": "2"})
    assert body["page"] == 2 and body["hasMore"] is True and len(body["items"]) == 15
    etag = reply["headers"]["ETag"]
    again, _ = call(
        world,
        "GET",
        "/v1/artists",
        query={"limit": "15", "page": "2"},
        headers={"If-None-Match": etag},
    )
    assert again["statusCode"] == 304


def test_artist_by_id_and_unknown_ids(world: dict[str, Any]) -> None:
    first = world["artists"][0]
    reply, body = call(world, "GET", f"/v1/artists/{first.artist_id}")
    assert body == first.to_api()
    assert reply["headers"]["Cache-Control"] == "public, max-age=300"
    _, missing = call(world, "GET", "/v1/artists/art_missing01")
    assert missing["detail"] == "Artist with ID 'art_missing01' was not found."


def test_studio_with_its_artists(world: dict[str, Any]) -> None:
    members = Counter(link.studio_id for link in world["links"])
    studio_id, count = members.most_common(1)[0]
    _, body = call(world, "GET", f"/v1/studios/{studio_id}")
    assert body["studioId"] == studio_id and len(body["artists"]) == count
    _, missing = call(world, "GET", "/v1/studios/stu_missing01")
    assert missing["status"] == 404


def test_styles_count_listed_artists_most_used_first(world: dict[str, Any]) -> None:
    expected = Counter(s for a in world["artists"] for s in a.styles)
    _, body = call(world, "GET", "/v1/styles")
    assert {i["name"]: i["count"] for i in body["items"]} == dict(expected)
    counts = [i["count"] for i in body["items"]]
    assert counts == sorted(counts, reverse=True) and body["total"] == len(expected)


def test_health_reports_both_dependencies(world: dict[str, Any]) -> None:
    reply, body = call(world, "GET", "/health")
    assert reply["statusCode"] == 200 and body["dependencies"] == {"table": "ok", "search": "ok"}


def sent_links() -> list[str]:
    """Confirmation links in the mail moto's SES accepted (the embedded server's backend)."""
    from moto.ses.models import ses_backends

    backend = ses_backends["123456789012"]["eu-west-2"]
    return [
        word
        for message in backend.sent_messages
        for word in message.body.split()
        if "/confirmation?token=" in word
    ]


def test_removal_is_pending_until_confirmed_and_approved_then_purges_the_artist(
    world: dict[str, Any], ddb: Any
) -> None:
    target = world["artists"][-1]
    request = {
        "instagramHandle": f"@{target.instagram_handle.upper()}",
        "reason": "other",
        "contactEmail": "someone@example.co.uk",
    }
    headers = {"Idempotency-Key": "removal-test-0001", "Content-Type": "application/json"}
    first, accepted = call(world, "POST", "/v1/removal-requests", body=request, headers=headers)
    assert first["statusCode"] == 202 and accepted["status"] == "pending"
    _, repeated = call(world, "POST", "/v1/removal-requests", body=request, headers=headers)
    assert repeated == accepted
    other = {**request, "message": "changed my mind about the wording"}
    conflict, _ = call(world, "POST", "/v1/removal-requests", body=other, headers=headers)
    assert conflict["statusCode"] == 409
    table = MainTable(ddb, world["TABLE_NAME"])
    assert not is_denied(table, handle=target.instagram_handle, artist_id=target.artist_id)
    removal = table.get_item({"PK": f"REMOVAL#{accepted['requestId']}", "SK": "METADATA"})
    assert removal is not None and removal["status"] == "pending"
    assert target.instagram_handle not in json.dumps(removal)

    (link,) = [link for link in sent_links() if accepted["requestId"] in link]
    path, _, query = link.removeprefix("https://localhost").partition("?")
    token = query.removeprefix("token=")
    confirmed, body = call(world, "GET", path, query={"token": token})
    assert confirmed["statusCode"] == 200 and body["status"] == "confirmed"
    decision = f"/v1/removal-requests/{accepted['requestId']}/decision"
    decided, body = call(world, "POST", decision, body={"decision": "approve"})
    assert decided["statusCode"] == 200 and body["status"] == "completed"

    item = ddb.get_item(
        TableName=world["TABLE_NAME"],
        Key={"PK": {"S": f"ARTIST#{target.artist_id}"}, "SK": {"S": "METADATA"}},
    )["Item"]
    stored = from_attribute_values(item)
    assert stored["opted_out"] is True and stored["version"] == target.version + 1
    assert table.is_denied(handle_identity_key_hash(target.instagram_handle))
    assert is_denied(table, handle=target.instagram_handle)
    assert is_denied(table, artist_id=target.artist_id)

    sync_stream(world)
    _, body = call(world, "GET", "/v1/artists", query={"query": target.name})
    assert target.artist_id not in {i["artistId"] for i in body["items"]}
    reply, _ = call(world, "GET", f"/v1/artists/{target.artist_id}")
    assert reply["statusCode"] == 404
    studio_id = target.studio_info.studio_id if target.studio_info else ""
    _, studio = call(world, "GET", f"/v1/studios/{studio_id}")
    assert target.artist_id not in {a["artistId"] for a in studio["artists"]}


def test_invalid_removal_requests_name_every_problem(world: dict[str, Any]) -> None:
    reply, body = call(
        world, "POST", "/v1/removal-requests", body={"reason": "boredom"}, headers={}
    )
    assert reply["statusCode"] == 400
    assert {"artistId", "reason", "contactEmail"} <= {p["name"] for p in body["invalid-params"]}
    reply, body = call(world, "POST", "/v1/removal-requests", body="{not json", headers={})
    assert reply["statusCode"] == 400


def test_search_down_is_a_503_with_retry_after_and_the_breaker_opens(
    world: dict[str, Any], ddb: Any
) -> None:
    api = world["api"]
    closed = f"http://127.0.0.1:{free_port()}"
    deps = api.Dependencies(
        table=MainTable(ddb, world["TABLE_NAME"]),
        index=ArtistSearchIndex(
            alias=world["SEARCH_INDEX_ALIAS"],
            breaker=Breaker(clock=time.monotonic, failure_threshold=2, cooldown_s=30),
            connect=lambda: search_client(closed, max_retries=0),
        ),
        styles_cache=StylesCache(ttl_s=0),
        removals=bootstrap.removal_service(
            bootstrap.Settings.from_env(), MainTable(ddb, world["TABLE_NAME"])
        ),
    )
    app = api.build_app(deps)
    for _ in range(3):
        event = events.http_event("/v1/artists", query={"style": "realism"})
        reply = app.resolve(event, events.LambdaContext())
        check_reply("GET", "/v1/artists", reply)
        assert reply["statusCode"] == 503 and int(reply["headers"]["Retry-After"]) >= 1
    assert deps.index.breaker.state == "open"
    health = app.resolve(events.http_event("/health"), events.LambdaContext())
    check_reply("GET", "/health", health)
    assert json.loads(health["body"])["dependencies"] == {"table": "ok", "search": "error"}
