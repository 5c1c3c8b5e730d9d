"""The local gateway's AWS_IAM routes (SigV4 recomputed with botocore's signer) and its CORS
(the template's CorsConfiguration, answered and applied by the gateway, not the function)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from unittest import mock

import pytest
import requests
from botocore.credentials import Credentials

from emulation import sigv4
from emulation.apigw import LOCAL_CREDENTIALS
from emulation.aws import REGION
from emulation.cloud import LocalCloud
from tests.integration.emulation.apps.edges_app import CORS_ORIGIN
from tests.integration.emulation.apps.fixtures import edges_cloud

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def url() -> str:
    cloud: LocalCloud = edges_cloud()
    return cloud.api_url


def signed_post(
    url: str,
    body: bytes,
    *,
    credentials: Credentials = LOCAL_CREDENTIALS,
    region: str = REGION,
    headers: dict[str, str] | None = None,
) -> dict[str, str]:
    return sigv4.sign(
        "POST",
        url,
        body,
        {"Content-Type": "application/json", **(headers or {})},
        credentials=credentials,
        region=region,
    )


def post(url: str, body: bytes, headers: dict[str, str]) -> requests.Response:
    return requests.post(url, data=body, headers=headers, timeout=30)


BODY = json.dumps({"decision": "approve"}).encode()


def test_an_iam_route_refuses_an_unsigned_request_before_the_function(url: str) -> None:
    reply = post(f"{url}/v1/moderate/7", BODY, {"Content-Type": "application/json"})
    assert reply.status_code == 403
    assert reply.json() == {"message": "Forbidden"}
    assert "x-route" not in reply.headers  # the function never ran


def test_a_request_signed_with_the_local_credentials_is_allowed_with_its_principal(
    url: str,
) -> None:
    target = f"{url}/v1/moderate/7?why=test"
    reply = post(target, BODY, signed_post(target, BODY))
    assert reply.status_code == 200, reply.text
    event: dict[str, Any] = reply.json()["event"]
    iam = event["requestContext"]["authorizer"]["iam"]
    assert iam["accessKey"] == LOCAL_CREDENTIALS.access_key
    assert iam["userArn"].startswith("arn:aws:iam::")
    assert json.loads(event["body"]) == {"decision": "approve"}


@pytest.mark.parametrize(
    "wrong",
    [
        Credentials("testing", "not-the-secret", "testing"),  # the right key, another secret
        Credentials("AKIAOTHER", "testing", "testing"),  # a key the gateway does not know
    ],
    ids=["wrong-secret", "unknown-key"],
)
def test_a_request_signed_with_other_credentials_is_403(url: str, wrong: Credentials) -> None:
    target = f"{url}/v1/moderate/7"
    reply = post(target, BODY, signed_post(target, BODY, credentials=wrong))
    assert reply.status_code == 403 and reply.json()["message"] != ""


def test_a_signature_for_another_body_path_or_region_is_403(url: str) -> None:
    target = f"{url}/v1/moderate/7"
    headers = signed_post(target, BODY)
    other = json.dumps({"decision": "reject"}).encode()
    assert post(target, other, headers).status_code == 403  # body changed after signing
    assert post(f"{url}/v1/moderate/8", BODY, headers).status_code == 403  # another item
    elsewhere = signed_post(target, BODY, region="us-east-1")
    assert post(target, BODY, elsewhere).status_code == 403
    tampered = dict(headers)
    signature = tampered["Authorization"][-64:]
    flipped = ("0" if signature[0] != "0" else "1") + signature[1:]
    tampered["Authorization"] = tampered["Authorization"][:-64] + flipped
    assert post(target, BODY, tampered).status_code == 403


def test_a_signature_older_than_five_minutes_is_403(url: str) -> None:
    target = f"{url}/v1/moderate/7"
    past = datetime.now(UTC) - timedelta(minutes=10)
    with mock.patch("botocore.auth.get_current_datetime", return_value=past):
        headers = signed_post(target, BODY)
    assert headers["X-Amz-Date"].startswith(past.strftime("%Y%m%dT%H%M"))
    reply = post(target, BODY, headers)
    assert reply.status_code == 403 and "expired" in reply.json()["message"]


def test_open_routes_need_no_signature(url: str) -> None:
    assert requests.get(f"{url}/v1/artists/1", timeout=30).status_code == 200


# --- CORS -------------------------------------------------------------------------------------


def preflight(url: str, path: str, origin: str, method: str, headers: str) -> requests.Response:
    return requests.options(
        url + path,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": headers,
        },
        timeout=30,
    )


def test_the_gateway_answers_a_preflight_itself_from_the_template(url: str) -> None:
    # No OPTIONS route exists: API Gateway answers preflights for every path.
    reply = preflight(url, "/v1/echo", CORS_ORIGIN, "POST", "content-type,idempotency-key")
    assert reply.status_code == 204 and reply.content == b""
    h = reply.headers
    assert h["access-control-allow-origin"] == CORS_ORIGIN
    assert set(h["access-control-allow-methods"].split(",")) == {"GET", "POST"}
    allowed = {name.lower() for name in h["access-control-allow-headers"].split(",")}
    assert {"content-type", "idempotency-key", "if-none-match"} <= allowed
    assert h["access-control-max-age"] == "600"


@pytest.mark.parametrize(
    ("origin", "method"),
    [("https://evil.example", "POST"), (CORS_ORIGIN, "DELETE")],
    ids=["other-origin", "other-method"],
)
def test_a_preflight_outside_the_configuration_gets_no_cors_headers(
    url: str, origin: str, method: str
) -> None:
    reply = preflight(url, "/v1/echo", origin, method, "content-type")
    assert reply.status_code == 204
    assert not [k for k in reply.headers if k.lower().startswith("access-control-")]


def test_replies_carry_the_apis_cors_headers_instead_of_the_lambdas(url: str) -> None:
    reply = requests.get(f"{url}/v1/artists/1", headers={"Origin": CORS_ORIGIN}, timeout=30)
    assert reply.status_code == 200
    assert reply.headers["access-control-allow-origin"] == CORS_ORIGIN  # not the Lambda's
    assert set(reply.headers["access-control-expose-headers"].split(",")) == {"ETag", "Retry-After"}
    foreign = requests.get(
        f"{url}/v1/artists/1", headers={"Origin": "https://evil.example"}, timeout=30
    )
    assert not [k for k in foreign.headers if k.lower().startswith("access-control-")]
    plain = requests.get(f"{url}/v1/artists/1", timeout=30)  # no Origin: no CORS at all
    assert "access-control-allow-origin" not in plain.headers


def test_an_options_request_that_is_not_a_preflight_is_routed(url: str) -> None:
    assert requests.options(f"{url}/v1/echo", timeout=30).status_code == 404


def test_the_event_says_which_scheme_and_client_the_gateway_saw(url: str) -> None:
    reply = requests.post(
        f"{url}/v1/echo",
        data=b"{}",
        headers={"Content-Type": "application/json", "X-Forwarded-Proto": "gopher"},
        timeout=30,
    )
    headers = reply.json()["event"]["headers"]
    assert headers["x-forwarded-proto"] == "http"  # the gateway's, never the caller's
    assert headers["x-forwarded-for"].endswith("127.0.0.1")
