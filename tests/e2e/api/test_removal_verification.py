"""Removal with verification, end to end through the local API gateway: nobody hides an artist
they are not. A request only becomes a removal after the e-mailed link (SES -> the cloud's
outbox) is followed and a moderator approves it with a SigV4-signed request (AWS_IAM route).
Every reply is checked against contracts/openapi.yaml."""

from __future__ import annotations

import concurrent.futures
import json
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from compute.domain import confirmation
from compute.domain.attribute_values import from_attribute_values, to_attribute_values
from compute.domain.keys import artist_key, removal_request_key
from tests.e2e.api.conftest import SeededApi, listed_ids
from tests.e2e.api.contract import check_reply
from tests.e2e.removal import (
    HTTP_TIMEOUT_S,
    ask,
    client_session,
    confirmation_link,
    decide,
    fresh_address,
)

pytestmark = pytest.mark.e2e

CONTACT = "requester@example.co.uk"
REMOVED_TIMEOUT_S = 30.0
# The flood: every artist once, from this many client addresses (5 new requests each, the
# per-client limit), then a settle time longer than any stream -> sync -> index path.
FLOOD_CLIENTS = 64
SETTLE_S = 3.0


def checked(method: str, url: str, reply: requests.Response) -> Any:
    return check_reply(method, urlsplit(url).path, reply)


def confirm(link: str) -> tuple[requests.Response, Any]:
    reply = requests.get(link, timeout=HTTP_TIMEOUT_S)
    return reply, checked("GET", link, reply)


def decision(api: SeededApi, request_id: str, choice: str, **kw: Any) -> tuple[int, Any]:
    reply = decide(api.url, request_id, choice, **kw)
    return reply.status_code, check_reply(
        "POST", f"/v1/removal-requests/{request_id}/decision", reply
    )


def stored(api: SeededApi, request_id: str) -> dict[str, Any]:
    raw = api.cloud.client("dynamodb").get_item(
        TableName=api.cloud.outputs["TableName"],
        Key=to_attribute_values(removal_request_key(request_id)),
        ConsistentRead=True,
    )["Item"]
    return from_attribute_values(raw)


def signing_key(api: SeededApi) -> bytes:
    """The deployed link-signing secret (what only the API should know)."""
    secrets = api.cloud.client("secretsmanager")
    (found,) = [
        s["ARN"] for s in secrets.list_secrets()["SecretList"] if "RemovalLinkSecret" in s["Name"]
    ]
    return str(secrets.get_secret_value(SecretId=found)["SecretString"]).encode()


def wait_for(predicate: Any, what: str, timeout_s: float = REMOVED_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        assert time.monotonic() < deadline, f"{what} not true after {timeout_s:.0f} s"
        time.sleep(0.25)


def listed(api: SeededApi, artist_id: str) -> bool:
    return api.get(f"/v1/artists/{artist_id}").status_code == 200


# --- the verified path --------------------------------------------------------------------------


def test_a_request_is_removed_only_after_its_link_and_a_moderators_approval(
    seeded_api: SeededApi,
) -> None:
    target = seeded_api.artists[-2]
    asked = ask(
        seeded_api.url, {"artistId": target.artist_id, "reason": "privacy", "contactEmail": CONTACT}
    )
    body = checked("POST", asked.url, asked)
    assert asked.status_code == 202 and body["status"] == "pending"
    request_id = body["requestId"]

    mail = next(m for m in seeded_api.cloud.outbox() if request_id in m.body)
    assert mail.to == [CONTACT] and mail.source.endswith("@tattoo-directory.example")
    link = confirmation_link(seeded_api.cloud, request_id)
    assert link.startswith(seeded_api.url + "/v1/removal-requests/")

    # Pending: the directory is unchanged, and a moderator cannot decide yet.
    assert listed(seeded_api, target.artist_id)
    status, problem = decision(seeded_api, request_id, "approve")
    assert status == 409 and "pending" in problem["detail"]

    reply, confirmed = confirm(link)
    assert reply.status_code == 200 and confirmed == {
        "requestId": request_id,
        "status": "confirmed",
    }
    again, problem = confirm(link)
    assert again.status_code == 409  # one-time
    assert listed(seeded_api, target.artist_id)

    # The moderator: unsigned is refused by the gateway before the API runs.
    unsigned = decide(seeded_api.url, request_id, "approve", signed=False)
    assert unsigned.status_code == 403 and unsigned.json() == {"message": "Forbidden"}
    assert stored(seeded_api, request_id)["status"] == "confirmed"
    status, decided = decision(seeded_api, request_id, "approve")
    assert status == 200 and decided == {"requestId": request_id, "status": "completed"}
    status, _ = decision(seeded_api, request_id, "reject")
    assert status == 409  # decided once

    # "Opted-out artists never appear in any reply": not by id, nor in the search.
    wait_for(lambda: not listed(seeded_api, target.artist_id), "the approved artist is gone")
    path = f"/v1/artists/{target.artist_id}"
    assert check_reply("GET", path, seeded_api.get(path))["status"] == 404

    def unsearchable() -> bool:
        hits = seeded_api.get("/v1/artists", params={"query": target.name}).json()["items"]
        return target.artist_id not in {hit["artistId"] for hit in hits}

    wait_for(unsearchable, "the approved artist is gone from the search")
    item = stored(seeded_api, request_id)
    assert item["status"] == "completed" and "expiresAt" not in item


def test_a_rejected_request_changes_nothing(seeded_api: SeededApi) -> None:
    target = seeded_api.artists[-3]
    asked = ask(
        seeded_api.url, {"artistId": target.artist_id, "reason": "other", "contactEmail": CONTACT}
    )
    request_id = asked.json()["requestId"]
    confirm(confirmation_link(seeded_api.cloud, request_id))
    status, decided = decision(seeded_api, request_id, "reject")
    assert status == 200 and decided["status"] == "rejected"
    time.sleep(SETTLE_S)
    assert listed(seeded_api, target.artist_id)


def test_a_tampered_or_foreign_link_is_refused(seeded_api: SeededApi) -> None:
    session = client_session()
    ids = []
    for artist in seeded_api.artists[10:12]:
        body = {"artistId": artist.artist_id, "reason": "other", "contactEmail": CONTACT}
        ids.append(ask(seeded_api.url, body, session=session).json()["requestId"])
    links = [confirmation_link(seeded_api.cloud, request_id) for request_id in ids]
    tokens = [parse_qs(urlsplit(link).query)["token"][0] for link in links]
    base = f"{seeded_api.url}/v1/removal-requests"
    expires, signature = tokens[0].split(".")[1:]
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    for request_id, token in [
        (ids[0], tokens[1]),  # the other request's token
        (ids[0], f"v1.{expires}.{flipped}"),  # one character of the signature
        (ids[0], f"v1.{int(expires) + 86_400}.{signature}"),  # a longer life
        (ids[0], "forged"),
    ]:
        reply, problem = confirm(f"{base}/{request_id}/confirmation?token={token}")
        assert reply.status_code == 403, (token, reply.text)
        assert problem["type"].endswith("/forbidden")
    assert {stored(seeded_api, i)["status"] for i in ids} == {"pending"}


def test_an_expired_link_is_refused_even_before_ttl_deletes_the_request(
    seeded_api: SeededApi,
) -> None:
    # moto never runs TTL: the API must check the time itself. Two requests past their time,
    # written as the API writes them; one with a link that expired, one whose link would not.
    key = signing_key(seeded_api)
    now = int(time.time())
    ddb = seeded_api.cloud.client("dynamodb")
    for request_id, link_expiry in (
        ("rem_e2e_expired_link", now - 60),
        ("rem_e2e_expired_item", now + 3600),
    ):
        ddb.put_item(
            TableName=seeded_api.cloud.outputs["TableName"],
            Item=to_attribute_values(
                {
                    **removal_request_key(request_id),
                    "type": "removal_request",
                    "requestId": request_id,
                    "status": "pending",
                    "reason": "other",
                    "artistId": seeded_api.artists[20].artist_id,
                    "contactEmail": CONTACT,
                    "createdAt": "2026-11-28T00:00:00.000Z",
                    "updatedAt": "2026-11-28T00:00:00.000Z",
                    "expiresAt": now - 60,
                }
            ),
        )
        token = confirmation.sign(key, request_id, link_expiry)
        reply, problem = confirm(
            f"{seeded_api.url}/v1/removal-requests/{request_id}/confirmation?token={token}"
        )
        assert reply.status_code == 410, (request_id, reply.text)
        assert problem["type"].endswith("/expired")
        assert stored(seeded_api, request_id)["status"] == "pending"


def test_unknown_requests_and_bad_inputs(seeded_api: SeededApi) -> None:
    key = signing_key(seeded_api)
    token = confirmation.sign(key, "rem_e2e_never_asked", int(time.time()) + 60)
    base = f"{seeded_api.url}/v1/removal-requests"
    reply, _ = confirm(f"{base}/rem_e2e_never_asked/confirmation?token={token}")
    assert reply.status_code == 404
    reply, problem = confirm(f"{base}/rem_e2e_never_asked/confirmation")
    assert reply.status_code == 400 and [p["name"] for p in problem["invalid-params"]] == ["token"]
    assert decision(seeded_api, "rem_e2e_never_asked", "approve")[0] == 404
    assert decision(seeded_api, "rem_e2e_never_asked", "maybe")[0] == 400
    # Signed, but not JSON: the API refuses it with 415.
    from emulation import sigv4
    from emulation.apigw import LOCAL_CREDENTIALS
    from emulation.aws import REGION

    url = f"{base}/rem_e2e_never_asked/decision"
    headers = sigv4.sign(
        "POST", url, b"decision=approve", {"Content-Type": "application/x-www-form-urlencoded"},
        credentials=LOCAL_CREDENTIALS, region=REGION,
    )  # fmt: skip
    reply = requests.post(url, data=b"decision=approve", headers=headers, timeout=HTTP_TIMEOUT_S)
    assert reply.status_code == 415 and check_reply("POST", urlsplit(url).path, reply)


def test_new_requests_are_limited_per_client_with_retry_after(seeded_api: SeededApi) -> None:
    session = client_session()
    replies = [
        ask(
            seeded_api.url,
            {"artistId": artist.artist_id, "reason": "other", "contactEmail": CONTACT},
            session=session,
        )
        for artist in seeded_api.artists[30:36]
    ]
    assert [r.status_code for r in replies] == [202] * 5 + [429]
    problem = checked("POST", replies[-1].url, replies[-1])
    assert problem["type"].endswith("/too-many-requests")
    assert 0 < int(replies[-1].headers["Retry-After"]) <= 3600


def test_new_requests_are_limited_per_artist(seeded_api: SeededApi) -> None:
    target = seeded_api.artists[40]
    body = {"artistId": target.artist_id, "reason": "other", "contactEmail": CONTACT}
    statuses = [ask(seeded_api.url, body).status_code for _ in range(4)]  # 4 clients
    assert statuses == [202, 202, 202, 429]


# --- the flood ------------------------------------------------------------------------------------


def artist_items(api: SeededApi, ids: list[str]) -> dict[str, dict[str, Any]]:
    ddb = api.cloud.client("dynamodb")
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), 100):
        keys = [to_attribute_values(artist_key(i)) for i in ids[start : start + 100]]
        reply = ddb.batch_get_item(
            RequestItems={api.cloud.outputs["TableName"]: {"Keys": keys, "ConsistentRead": True}}
        )
        for raw in reply["Responses"][api.cloud.outputs["TableName"]]:
            item = from_attribute_values(raw)
            found[str(item["artistId"])] = item
    return found


def test_a_flood_of_unverified_requests_for_every_artist_delists_no_one(
    seeded_api: SeededApi,
) -> None:
    before = listed_ids(seeded_api.http, seeded_api.url)
    ids = [a.artist_id for a in seeded_api.artists]
    versions = {i: item["version"] for i, item in artist_items(seeded_api, ids).items()}
    sessions = [client_session(fresh_address()) for _ in range(FLOOD_CLIENTS)]

    def flood(index: int) -> tuple[int, str | None]:
        artist = seeded_api.artists[index]
        named = (
            {"instagramHandle": "@" + artist.instagram_handle}
            if artist.instagram_handle and index % 2
            else {"artistId": artist.artist_id}
        )
        body = {**named, "reason": "impersonation", "contactEmail": f"flood{index}@example.co.uk"}
        session = sessions[index % FLOOD_CLIENTS]
        reply = ask(seeded_api.url, body, session=session)
        request_id = reply.json().get("requestId") if reply.status_code == 202 else None
        if request_id:
            # What an attacker without the mailbox can do next: guess a link, decide unsigned.
            forged = (
                f"{seeded_api.url}/v1/removal-requests/{request_id}/confirmation"
                f"?token=v1.9999999999.{'A' * 43}"
            )
            assert session.get(forged, timeout=HTTP_TIMEOUT_S).status_code == 403
            unsigned = session.post(
                f"{seeded_api.url}/v1/removal-requests/{request_id}/decision",
                json={"decision": "approve"},
                timeout=HTTP_TIMEOUT_S,
            )
            assert unsigned.status_code == 403
        return reply.status_code, request_id

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(flood, range(len(seeded_api.artists))))
    statuses = [status for status, _ in results]
    stored_ids = [request_id for _, request_id in results if request_id]
    assert set(statuses) <= {202, 429}, statuses
    # Most reached the table (a few artists were already at their limit from earlier tests).
    assert len(stored_ids) >= 0.9 * len(ids), f"only {len(stored_ids)} of {len(ids)} stored"

    time.sleep(SETTLE_S)
    assert listed_ids(seeded_api.http, seeded_api.url) == before
    after = artist_items(seeded_api, ids)
    changed = [i for i in ids if after[i]["version"] != versions[i] or after[i].get("opted_out")]
    removed_before = set(ids) - before  # approved by the tests above, not by the flood
    assert set(changed) <= removed_before, changed
    statuses_stored = {stored(seeded_api, request_id)["status"] for request_id in stored_ids[:50]}
    assert statuses_stored == {"pending"}
    for session in sessions:
        session.close()


def test_the_flood_left_no_denylist_entry(seeded_api: SeededApi) -> None:
    ddb = seeded_api.cloud.client("dynamodb")
    pages = ddb.get_paginator("scan").paginate(
        TableName=seeded_api.cloud.outputs["TableName"],
        FilterExpression="#type = :denylist",
        ExpressionAttributeNames={"#type": "type"},
        ExpressionAttributeValues={":denylist": {"S": "denylist"}},
    )
    entries = [from_attribute_values(item) for page in pages for item in page["Items"]]
    seeded = {a.artist_id for a in seeded_api.artists}
    denied = {str(entry.get("artistId")) for entry in entries} & seeded
    # Only the artist of the approved request (and the contract tests' removals, if any).
    approved = {seeded_api.artists[-2].artist_id}
    assert denied <= approved, denied


def test_a_person_confirms_from_the_outbox_and_decides_with_the_cli(
    seeded_api: SeededApi, capsys: pytest.CaptureFixture[str]
) -> None:
    from emulation.cli import main

    target = seeded_api.artists[50]
    body = {"artistId": target.artist_id, "reason": "other", "contactEmail": CONTACT}
    request_id = ask(seeded_api.url, body).json()["requestId"]
    state = ["--state-dir", str(seeded_api.cloud.state_dir)]
    assert main([*state, "outbox", "--last", "1"]) == 0
    (mail,) = json.loads(capsys.readouterr().out)
    assert mail["to"] == [CONTACT] and request_id in mail["body"]
    link = next(word for word in mail["body"].split() if "/confirmation?token=" in word)
    assert requests.get(link, timeout=HTTP_TIMEOUT_S).status_code == 200
    assert main([*state, "decide", request_id, "reject"]) == 0
    assert json.loads(capsys.readouterr().out) == {"requestId": request_id, "status": "rejected"}
