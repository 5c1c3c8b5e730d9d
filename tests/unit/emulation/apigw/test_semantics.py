"""The HTTP API's meaning, apart from its server (pure, no servers): route precedence, the
payload 2.0 event a request becomes, how a function's reply maps to HTTP, and stage throttling."""

from __future__ import annotations

import base64
import json

import pytest

from emulation import sigv4
from emulation.apigw.semantics import (
    SERVICE_UNAVAILABLE,
    HttpApi,
    Request,
    RouteSpec,
    TokenBucket,
    build_event,
    compile_route,
    error_response,
    iam_authorizer,
    response_from_payload,
)


def request(
    method: str = "GET",
    raw_path: str = "/v1/echo",
    raw_query: str = "",
    headers: list[tuple[str, str]] | None = None,
    body: bytes = b"",
) -> Request:
    return Request(
        method, raw_path, raw_path, raw_query, headers or [], body, "127.0.0.1", "HTTP/1.1", ""
    )


def test_route_precedence_exact_then_parameter_then_greedy_then_default() -> None:
    api = HttpApi("abc123", "t")
    for key in (
        "$default",
        "ANY /v1/{proxy+}",
        "GET /v1/artists/{id}",
        "GET /v1/artists/me",
        "ANY /v1/artists/{id}",
    ):
        api.add_route(RouteSpec(key, "f"))
    assert api.match("GET", "/v1/artists/me")[0].spec.route_key == "GET /v1/artists/me"
    assert api.match("GET", "/v1/artists/7")[0].spec.route_key == "GET /v1/artists/{id}"
    assert api.match("PUT", "/v1/artists/7")[0].spec.route_key == "ANY /v1/artists/{id}"
    assert api.match("GET", "/v1/x/y")[0].spec.route_key == "ANY /v1/{proxy+}"
    assert api.match("GET", "/other")[0].spec.route_key == "$default"


def test_token_bucket_refills_at_the_rate_up_to_the_burst() -> None:
    now = [0.0]
    bucket = TokenBucket(rate=10.0, burst=5, clock=lambda: now[0])
    assert [bucket.take() for _ in range(6)] == [True] * 5 + [False]
    now[0] += 0.25  # 2.5 tokens
    assert [bucket.take() for _ in range(3)] == [True, True, False]
    now[0] += 100.0  # capped at the burst
    assert sum(bucket.take() for _ in range(10)) == 5
    assert TokenBucket(rate=100.0, burst=0, clock=lambda: now[0]).take() is False


@pytest.mark.parametrize("content_type", ["application/json", "text/plain", ""])
def test_a_text_typed_body_that_is_not_utf8_arrives_base64_encoded(content_type: str) -> None:
    # AWS passes a body as text only when it is UTF-8, whatever Content-Type says.
    raw = b'{"a": "\x80"}'
    headers = [("Content-Type", content_type)] if content_type else []
    request = Request("POST", "/v1/echo", "/v1/echo", "", headers, raw, "127.0.0.1", "HTTP/1.1", "")
    event = build_event(HttpApi("abc123", "t"), "$default", "POST /v1/echo", request, {})
    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == raw


def test_repeated_headers_and_query_parameters_are_comma_joined_and_cookies_split() -> None:
    event = build_event(
        HttpApi("abc123", "t"),
        "$default",
        "GET /v1/echo",
        request(
            raw_query="style=a&style=b&q=x+y",
            headers=[("X-Tag", "1"), ("x-tag", "2"), ("Cookie", "a=1; b=2")],
        ),
        {"id": "7"},
    )
    assert event["headers"]["x-tag"] == "1,2"
    assert event["queryStringParameters"] == {"style": "a,b", "q": "x y"}
    assert event["rawQueryString"] == "style=a&style=b&q=x+y"
    assert event["cookies"] == ["a=1", "b=2"]
    assert event["pathParameters"] == {"id": "7"}
    assert event["requestContext"]["http"]["method"] == "GET"
    assert "body" not in event and event["isBase64Encoded"] is False


def test_a_route_key_needs_a_known_method_and_a_rooted_path() -> None:
    with pytest.raises(ValueError, match="unknown method"):
        compile_route(RouteSpec("FETCH /x", "f"))
    with pytest.raises(ValueError, match="must start with /"):
        compile_route(RouteSpec("GET x", "f"))


def test_path_parameters_are_decoded() -> None:
    api = HttpApi("abc123", "t")
    api.add_route(RouteSpec("GET /v1/artists/{artist.id}", "f"))
    found = api.match("GET", "/v1/artists/a%20b")
    assert found is not None and found[1] == {"artist.id": "a b"}


def test_a_reply_without_a_status_code_is_its_json_with_200() -> None:
    reply = response_from_payload({"hello": "world"})
    assert reply.status == 200
    assert json.loads(reply.body) == {"hello": "world"}


def test_a_reply_maps_headers_cookies_and_a_base64_body() -> None:
    reply = response_from_payload(
        {
            "statusCode": 201,
            "headers": {"Content-Type": "image/png"},
            "multiValueHeaders": {"X-Many": ["1", "2"]},
            "cookies": ["a=1"],
            "body": base64.b64encode(b"\x89PNG").decode(),
            "isBase64Encoded": True,
        }
    )
    assert reply.status == 201 and reply.body == b"\x89PNG"
    assert ("content-type", "image/png") in reply.headers
    assert [v for k, v in reply.headers if k == "x-many"] == ["1", "2"]
    assert ("set-cookie", "a=1") in reply.headers


@pytest.mark.parametrize(
    "payload",
    [
        {"statusCode": "200", "body": ""},
        {"statusCode": 200, "body": 5},
        {"statusCode": 200, "body": "not base64!", "isBase64Encoded": True},
    ],
)
def test_a_malformed_reply_is_a_500(payload: dict[str, object]) -> None:
    assert response_from_payload(payload).status == 500


def test_a_signed_request_carries_its_signer_in_the_iam_authorizer_context() -> None:
    principal = sigv4.Principal(
        access_key="AKIDLOCAL", account_id="123456789012", user_arn="arn:aws:iam::123:user/x"
    )
    iam = iam_authorizer(principal)["iam"]
    assert iam["accessKey"] == iam["callerId"] == iam["userId"] == "AKIDLOCAL"
    assert iam["accountId"] == "123456789012"
    assert iam["userArn"] == "arn:aws:iam::123:user/x"


def test_the_gateway_answers_its_own_errors_as_json_messages() -> None:
    response = error_response(SERVICE_UNAVAILABLE)
    assert response.status == 503
    assert ("content-type", "application/json") in response.headers
    assert json.loads(response.body) == {"message": "Service Unavailable"}
