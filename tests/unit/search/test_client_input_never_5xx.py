"""Issue 15's reproductions at the API's edge, with fakes of our own ports: input a client
chose is a 400 that names it, never a 5xx, and a wrong event fails naming the one expected."""

from __future__ import annotations

import json
from types import ModuleType
from typing import Any

import pytest

from compute.adapters.dynamodb import TableRejected
from compute.domain.search import encode_cursor, parse_search_params
from compute.handlers.events import WrongEventType
from tests.unit.search import events
from tests.unit.search.openapi_check import check_reply
from tests.unit.search.test_api_shaping import FakeIndex, FakeTable, call

# The API module and its fake-backed app, as test_api_shaping makes them.
pytest_plugins = ["tests.unit.search.test_api_shaping"]

REMOVAL = "/v1/removal-requests"
VALID_REMOVAL = {"artistId": "art_0000000000000000", "reason": "other", "contactEmail": "a@b.co"}


def invalid_params(reply: dict[str, Any], method: str, path: str) -> dict[str, str]:
    problem = check_reply(method, path, reply)
    assert problem["status"] == 400, problem
    return {p["name"]: p["reason"] for p in problem["invalid-params"]}


def test_a_cursor_holding_an_integer_past_2_63_is_a_400(world: Any) -> None:
    app, _, index = world
    reply = call(
        app, "/v1/artists", query={"cursor": "WzQuMCw5MjIzMzcyMDM2ODU0Nzc1ODA4LCJhcnRfeCJd"}
    )
    assert set(invalid_params(reply, "GET", "/v1/artists")) == {"cursor"}
    forged = encode_cursor(parse_search_params({}).fingerprint, [4.0, 2**63, "art_x"])
    reply = call(app, "/v1/artists", query={"cursor": forged})
    assert set(invalid_params(reply, "GET", "/v1/artists")) == {"cursor"}
    assert index.searches == 0  # refused before OpenSearch could fail on it


def test_a_cursor_from_another_search_and_page_with_cursor_are_400s(world: Any) -> None:
    app, _, index = world
    style_cursor = encode_cursor(
        parse_search_params({"style": "realism"}).fingerprint, [4.0, 3, "art_x"]
    )
    reply = call(app, "/v1/artists", query={"style": "blackwork", "cursor": style_cursor})
    assert "another search" in invalid_params(reply, "GET", "/v1/artists")["cursor"]
    reply = call(
        app, "/v1/artists", query={"style": "realism", "cursor": style_cursor, "page": "1"}
    )
    assert set(invalid_params(reply, "GET", "/v1/artists")) == {"page"}
    assert index.searches == 0


def test_a_body_nested_1000_deep_is_a_400_not_a_recursion_error(world: Any) -> None:
    app, _, _ = world
    reply = call(app, REMOVAL, method="POST", body="[" * 1000)
    assert "levels deep" in invalid_params(reply, "POST", REMOVAL)["body"]
    reply = call(app, REMOVAL, method="POST", body="[" * 100_000 + "]" * 100_000)
    assert "bytes" in invalid_params(reply, "POST", REMOVAL)["body"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**VALID_REMOVAL, "message": "\ud800"}, "message"),
        ({**VALID_REMOVAL, "message": "ok \udfff then"}, "message"),
        ({**VALID_REMOVAL, "\ud800": "x"}, "body"),
    ],
)
def test_a_lone_surrogate_is_a_400_naming_its_field_never_a_503(
    world: Any, body: dict[str, Any], field: str
) -> None:
    app, _, _ = world  # no removal service: refused at the edge
    text = json.dumps(body)  # json escapes the surrogate as \\ud800, as a client sends it
    reply = call(app, REMOVAL, method="POST", body=text)
    assert "Unicode" in invalid_params(reply, "POST", REMOVAL)[field]
    reply["body"].encode("utf-8")  # the problem itself is valid UTF-8


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (["a list"], "must be an object, not an array"),
        ({**VALID_REMOVAL, "message": 5}, "must be a string, not a number"),
    ],
)
def test_400_reasons_name_json_types_not_python_ones(
    world: Any, body: Any, reason: str, api: ModuleType
) -> None:
    from compute.domain.validation import parse_removal_body

    with pytest.raises(Exception) as caught:
        parse_removal_body(body)
    assert reason in str(caught.value)
    for python_name in ("list", "int", "dict", "NoneType"):
        assert f"not {python_name}" not in str(caught.value)


def test_a_dynamodb_validation_error_is_a_500_with_its_reason(api: ModuleType) -> None:
    class RefusingTable(FakeTable):
        def get_artist(self, artist_id: str, *, consistent: bool = False) -> Any:
            raise TableRejected("ValidationException", "GetItem")

    deps = api.Dependencies(
        table=RefusingTable(), index=FakeIndex([]), styles_cache=None, removals=None
    )
    reply = call(api.build_app(deps), "/v1/artists/art_0000000000000000")
    assert reply["statusCode"] == 500
    problem = json.loads(reply["body"])
    assert "ValidationException" in problem["detail"]
    assert "Retry-After" not in reply["headers"] and "temporarily" not in problem["detail"]


def test_a_rest_v1_event_fails_naming_the_http_api_event(api: ModuleType) -> None:
    rest_event = {
        "resource": "/v1/artists",
        "path": "/v1/artists",
        "httpMethod": "GET",
        "headers": {},
        "requestContext": {"requestId": "r1", "stage": "prod"},
        "body": None,
    }
    with pytest.raises(WrongEventType) as caught:
        api.handler(rest_event, events.LambdaContext(function_name="api"))
    message = str(caught.value)
    assert "HTTP API event (payload format 2.0)" in message and "REST API" in message
