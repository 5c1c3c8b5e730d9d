"""Issue 15's reproductions, as an outsider made them, against the deployed local stack: the
real gateway, Lambda runtime, stream, sync and OpenSearch. (The delete-and-re-create loss is the
chaos scenario `recreate_lower`, which tests/e2e/test_chaos_ci.py runs.)"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from compute.domain.attribute_values import to_attribute_values
from tests.e2e.api.conftest import SeededApi
from tests.e2e.api.contract import check_reply
from tests.unit.search.factories import artist

pytestmark = pytest.mark.e2e

REMOVAL = "/v1/removal-requests"
JSON_HEADERS = {"Content-Type": "application/json"}


def invalid_params(reply: Any, method: str, path: str) -> dict[str, str]:
    problem = check_reply(method, path, reply)
    assert reply.status_code == 400, (reply.status_code, reply.text[:300])
    return {p["name"]: p["reason"] for p in problem["invalid-params"]}


def test_the_2_63_cursor_is_a_400(seeded_api: SeededApi) -> None:
    reply = seeded_api.get(
        "/v1/artists", params={"cursor": "WzQuMCw5MjIzMzcyMDM2ODU0Nzc1ODA4LCJhcnRfeCJd"}
    )
    assert set(invalid_params(reply, "GET", "/v1/artists")) == {"cursor"}


def test_a_cursor_from_another_search_and_page_with_cursor_are_400s(seeded_api: SeededApi) -> None:
    first = seeded_api.get("/v1/artists", params={"style": "realism", "limit": 2}).json()
    cursor = first["nextCursor"]
    assert cursor, "the seeded world has more than 2 realism artists"
    assert seeded_api.get("/v1/artists", params={"style": "realism", "cursor": cursor}).ok
    for other in ({"style": "blackwork"}, {"sort": "rating"}, {"query": "ink"}):
        reply = seeded_api.get("/v1/artists", params={**other, "cursor": cursor})
        assert "another search" in invalid_params(reply, "GET", "/v1/artists")["cursor"]
    reply = seeded_api.get("/v1/artists", params={"style": "realism", "cursor": cursor, "page": 1})
    assert set(invalid_params(reply, "GET", "/v1/artists")) == {"page"}


def test_a_body_of_1000_brackets_is_a_400(seeded_api: SeededApi) -> None:
    reply = seeded_api.post(REMOVAL, data="[" * 1000, headers=JSON_HEADERS)
    assert set(invalid_params(reply, "POST", REMOVAL)) == {"body"}


def test_a_lone_surrogate_is_a_400_not_a_503(seeded_api: SeededApi) -> None:
    body = {
        "artistId": "art_0000000000000000",
        "reason": "other",
        "contactEmail": "someone@example.co.uk",
        "message": "\ud800",
    }
    reply = seeded_api.post(REMOVAL, data=json.dumps(body), headers=JSON_HEADERS)
    assert "Retry-After" not in reply.headers
    assert set(invalid_params(reply, "POST", REMOVAL)) == {"message"}


def test_decomposed_and_zero_width_queries_find_what_the_composed_one_finds(
    seeded_api: SeededApi,
) -> None:
    cloud = seeded_api.cloud
    names = ["Chloé Marchetti", "Chloé Ravensworth", "Chlo\u200bé Abernethy"]  # one as scraped
    stored = [artist(artist_id=f"art_chloe{i:08d}", name=n) for i, n in enumerate(names)]
    ddb = cloud.client("dynamodb")
    for a in stored:
        ddb.put_item(TableName=cloud.outputs["TableName"], Item=to_attribute_values(a.to_item()))
    ids = {a.artist_id for a in stored}

    def found(query: str) -> set[str]:
        reply = seeded_api.get("/v1/artists", params={"query": query, "limit": 50})
        assert reply.status_code == 200, reply.text[:300]
        return {item["artistId"] for item in reply.json()["items"]} & ids

    deadline = time.monotonic() + 60
    while found("Chloé") != ids and time.monotonic() < deadline:
        time.sleep(0.5)
    assert found("Chloé") == ids
    assert found("Chloe\u0301") == ids  # the Chloe%CC%81
    assert found("Chlo\u200bé") == ids


def _invoke(seeded_api: SeededApi, output: str, event: Any) -> Any:
    return seeded_api.cloud.invoke(seeded_api.cloud.outputs[output], event)


def test_wrong_events_fail_naming_the_event_each_function_takes(seeded_api: SeededApi) -> None:
    rest_v1 = {
        "resource": "/v1/artists",
        "path": "/v1/artists",
        "httpMethod": "GET",
        "headers": {},
        "requestContext": {"requestId": "r-1", "stage": "prod"},
        "body": None,
    }
    api = _invoke(seeded_api, "ApiFunctionName", rest_v1)
    assert api.function_error
    assert api.payload["errorType"] == "WrongEventType"
    assert "HTTP API event (payload format 2.0)" in api.payload["errorMessage"]
    sqs = {"Records": [{"messageId": "m-1", "body": "{}", "eventSource": "aws:sqs"}]}
    sync = _invoke(seeded_api, "SyncFunctionName", sqs)
    assert sync.payload["errorType"] == "WrongEventType"
    assert "DynamoDB stream event" in sync.payload["errorMessage"]


def test_a_foreign_item_goes_straight_to_the_failure_queue_with_its_reason(
    seeded_api: SeededApi,
) -> None:
    cloud = seeded_api.cloud
    sqs = cloud.client("sqs")
    queue = cloud.outputs["SyncFailuresQueueUrl"]
    cloud.client("dynamodb").put_item(
        TableName=cloud.outputs["TableName"],
        Item={"PK": {"S": "ORDER#e2e-1"}, "SK": {"S": "LINE#1"}, "type": {"S": "order"}},
    )
    deadline = time.monotonic() + 30  # the mapping's retries would take far longer
    record: dict[str, Any] | None = None
    while record is None and time.monotonic() < deadline:
        for message in sqs.receive_message(
            QueueUrl=queue, MaxNumberOfMessages=10, WaitTimeSeconds=1
        ).get("Messages", []):
            body = json.loads(message["Body"])
            if body.get("source") == "sync" and body.get("kind") == "invalid":
                record = body
                # Consumed, so the chaos scenarios after this tier find the queue empty.
                sqs.delete_message(QueueUrl=queue, ReceiptHandle=message["ReceiptHandle"])
            else:
                sqs.change_message_visibility(
                    QueueUrl=queue, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0
                )
    assert record is not None, "no invalid-record entry reached the sync-failures queue"
    assert record["reason"] and record["itemType"] == "unknown"
    assert "e2e-1" not in json.dumps(record)  # no raw key is kept
