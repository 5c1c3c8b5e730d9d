"""The local HTTP API: payload 2.0 events, response mapping, gateway errors, throttling, load."""

from __future__ import annotations

import base64
import http.client
import json
import statistics
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest

from emulation.apigw import Request, build_event
from emulation.cloud import LocalCloud
from tests.integration.emulation.apps.fixtures import edges_cloud

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[3]
SCHEMA = ROOT / "contracts" / "schemas" / "apigw-http-event-v2.schema.json"


@pytest.fixture(scope="module")
def cloud() -> LocalCloud:
    return edges_cloud()


@pytest.fixture(scope="module")
def event_validator() -> jsonschema.Draft202012Validator:
    if not SCHEMA.exists():
        pytest.skip(f"{SCHEMA} is not written yet")
    return jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text()))


class Client:
    """One keep-alive HTTP/1.1 connection to the gateway."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=40)

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, list[str]], bytes]:
        self.conn.request(method, path, body=body, headers=headers or {})
        response = self.conn.getresponse()
        data = response.read()
        merged: dict[str, list[str]] = {}
        for name, value in response.getheaders():
            merged.setdefault(name.lower(), []).append(value)
        return response.status, merged, data

    def close(self) -> None:
        self.conn.close()


@pytest.fixture
def client(cloud: LocalCloud) -> Iterator[Client]:
    c = Client(cloud.api_url)
    yield c
    c.close()


def echoed(body: bytes) -> dict[str, Any]:
    return dict(json.loads(body)["event"])


def test_path_parameters_query_cookies_and_headers_follow_payload_2(
    client: Client, event_validator: jsonschema.Draft202012Validator
) -> None:
    status, headers, body = client.request(
        "GET",
        "/v1/artists/a%20b-42?style=blackwork&style=fine-line&page=2&empty=",
        headers={"Cookie": "session=abc; theme=dark", "X-Trace": "one", "User-Agent": "pytest"},
    )
    assert status == 200
    event = echoed(body)
    event_validator.validate(event)
    assert event["routeKey"] == "GET /v1/artists/{artistId}"
    assert event["rawPath"] == "/v1/artists/a%20b-42"
    assert event["pathParameters"] == {"artistId": "a b-42"}
    assert event["rawQueryString"] == "style=blackwork&style=fine-line&page=2&empty="
    assert event["queryStringParameters"] == {
        "style": "blackwork,fine-line",
        "page": "2",
        "empty": "",
    }
    assert event["cookies"] == ["session=abc", "theme=dark"]
    assert "cookie" not in event["headers"]
    assert event["headers"]["x-trace"] == "one"
    assert all(name == name.lower() for name in event["headers"])
    context = event["requestContext"]
    assert context["http"]["method"] == "GET"
    assert context["http"]["userAgent"] == "pytest"
    assert context["stage"] == "$default"
    assert abs(context["timeEpoch"] / 1000 - time.time()) < 60
    assert event["isBase64Encoded"] is False and "body" not in event
    # The function's response: headers, cookies as Set-Cookie, the gateway's request id.
    assert headers["x-route"] == ["GET /v1/artists/{artistId}"]
    assert headers["set-cookie"] == ["session=abc; Path=/", "theme=dark"]
    assert "apigw-requestid" in headers


def test_repeated_headers_are_comma_joined(client: Client) -> None:
    client.conn.putrequest("GET", "/v1/artists/1")
    client.conn.putheader("X-Multi", "a")
    client.conn.putheader("X-Multi", "b")
    client.conn.endheaders()
    response = client.conn.getresponse()
    assert echoed(response.read())["headers"]["x-multi"] == "a,b"


def test_text_bodies_pass_as_text_and_binary_bodies_as_base64(
    client: Client, event_validator: jsonschema.Draft202012Validator
) -> None:
    status, _, body = client.request(
        "POST", "/v1/echo", body=b'{"a": 1}', headers={"Content-Type": "application/json"}
    )
    event = echoed(body)
    event_validator.validate(event)
    assert (status, event["body"], event["isBase64Encoded"]) == (200, '{"a": 1}', False)

    raw = bytes(range(256))
    status, _, body = client.request(
        "POST", "/v1/echo", body=raw, headers={"Content-Type": "application/octet-stream"}
    )
    event = echoed(body)
    event_validator.validate(event)
    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == raw


def test_greedy_proxy_route_matches_any_method_and_depth(client: Client) -> None:
    status, _, body = client.request("DELETE", "/files/a/b/c.txt")
    event = echoed(body)
    assert status == 200
    assert event["routeKey"] == "ANY /files/{proxy+}"
    assert event["pathParameters"] == {"proxy": "a/b/c.txt"}
    assert event["requestContext"]["http"]["method"] == "DELETE"


def test_no_route_is_404_with_the_gateway_message(client: Client) -> None:
    for method, path in (("GET", "/nowhere"), ("POST", "/v1/artists/1"), ("GET", "/v1/echo")):
        status, _, body = client.request(method, path)
        assert (status, json.loads(body)) == (404, {"message": "Not Found"})


def test_function_error_is_500_internal_server_error(client: Client) -> None:
    status, _, body = client.request("GET", "/v1/boom")
    assert (status, json.loads(body)) == (500, {"message": "Internal Server Error"})


def test_bare_return_value_is_json_with_200(client: Client) -> None:
    status, headers, body = client.request("GET", "/v1/bare")
    assert status == 200
    assert headers["content-type"] == ["application/json"]
    assert json.loads(body) == ["a", "bare", "list"]


def test_base64_response_body_is_decoded(client: Client) -> None:
    status, headers, body = client.request("GET", "/v1/binary")
    assert status == 200
    assert headers["content-type"] == ["image/png"]
    assert body == b"\x89PNG\r\n\x1a\n\x00\x01"


def test_lambda_timeout_is_503(client: Client) -> None:
    started = time.monotonic()
    status, _, body = client.request("GET", "/v1/slow?s=5")  # the function's timeout is 2 s
    assert (status, json.loads(body)) == (503, {"message": "Service Unavailable"})
    assert time.monotonic() - started < 4.5


def test_integration_timeout_is_503_before_the_function_finishes(client: Client) -> None:
    started = time.monotonic()
    status, _, body = client.request("GET", "/v1/slow-gw?s=1.6")  # integration timeout 1 s
    elapsed = time.monotonic() - started
    assert (status, json.loads(body)) == (503, {"message": "Service Unavailable"})
    assert 0.9 <= elapsed < 1.5


def test_stage_throttling_answers_429_then_recovers(cloud: LocalCloud) -> None:
    # The "throttled" stage: rate 2/s, burst 3 (DefaultRouteSettings in the template).
    client = Client(cloud.api_url)
    try:
        statuses = [client.request("GET", "/throttled/v1/bare")[0] for _ in range(8)]
        assert statuses[:3] == [200, 200, 200]
        assert 429 in statuses[3:]
        status, _, body = client.request("GET", "/throttled/v1/bare")
        if status == 429:
            assert json.loads(body) == {"message": "Too Many Requests"}
        time.sleep(1.1)  # two tokens come back per second
        assert client.request("GET", "/throttled/v1/bare")[0] == 200
        # The stage name is in the event; the route key is the stage-less route.
        event = echoed(client.request("GET", "/throttled/v1/artists/7")[2])
        assert event["requestContext"]["stage"] == "throttled"
        assert event["routeKey"] == "GET /v1/artists/{artistId}"
    finally:
        client.close()


def _measure(cloud: LocalCloud, rate: float, seconds: float, clients: int = 8) -> dict[str, Any]:
    """Paced load: `clients` keep-alive connections sending `rate` requests/s in total."""
    latencies: list[float] = []
    errors: list[int] = []
    lock = threading.Lock()
    interval = clients / rate
    started = time.perf_counter()

    def worker(offset: float) -> None:
        c = Client(cloud.api_url)
        mine: list[float] = []
        bad: list[int] = []
        due = started + offset
        while due < started + seconds:
            pause = due - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            begin = time.perf_counter()
            status = c.request("GET", "/v1/bare")[0]
            mine.append(time.perf_counter() - begin)
            if status != 200:
                bad.append(status)
            due += interval
        c.close()
        with lock:
            latencies.extend(mine)
            errors.extend(bad)

    threads = [
        threading.Thread(target=worker, args=(i * interval / clients,)) for i in range(clients)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "target_rps": rate,
        "requests": len(latencies),
        "errors": len(errors),
        "rps": len(latencies) / elapsed,
        "p50_ms": latencies[len(latencies) // 2] * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99)] * 1000,
        "max_ms": latencies[-1] * 1000,
    }


def test_gateway_paced_at_300_per_second_never_stalls_and_adds_little(cloud: LocalCloud) -> None:
    """Load through the gateway with keep-alive clients, then the gateway's added latency: the
    median of gateway round trips minus the median of direct runtime invocations."""
    _measure(cloud, 300, 1.0)  # warm the function's containers
    load = _measure(cloud, 300, 6.0)
    api = next(iter(cloud.api.apis.values()))  # type: ignore[union-attr]
    route = api.match("GET", "/v1/bare")
    assert route is not None
    request = Request(
        "GET", "/v1/bare", "/v1/bare", "", [("user-agent", "x")], b"", "127.0.0.1", "HTTP/1.1", ""
    )
    event = build_event(api, "$default", "GET /v1/bare", request, {})
    direct: list[float] = []
    via_gateway: list[float] = []
    client = Client(cloud.api_url)
    for _ in range(300):  # interleaved, so both see the same machine load
        start = time.perf_counter()
        cloud.invoke("edge", event)
        direct.append(time.perf_counter() - start)
        start = time.perf_counter()
        client.request("GET", "/v1/bare")
        via_gateway.append(time.perf_counter() - start)
    client.close()
    figures = {
        "direct_median_ms": statistics.median(direct) * 1000,
        "gateway_median_ms": statistics.median(via_gateway) * 1000,
        "overhead_median_ms": (statistics.median(via_gateway) - statistics.median(direct)) * 1000,
        "samples": len(direct),
        "load": load,
    }
    (ROOT / "results").mkdir(exist_ok=True)
    (ROOT / "results" / "apigw-overhead.json").write_text(json.dumps(figures, indent=2))
    print(json.dumps(figures, indent=2))
    assert load["errors"] == 0
    # Paced at 300/s by client threads in this process: quiet and uninstrumented it reaches
    # ~295/s (p99 well under 250 ms); under `nox -s tests`' coverage tracer, beside the local
    # cloud's alarm and queue samplers, 177/s was seen. The bounds catch a gateway that
    # serialises requests or stalls (1 s listen-queue retries); the figures go to
    # results/apigw-overhead.json.
    assert load["rps"] >= 150, load
    assert load["p99_ms"] < 1000, load
    assert figures["overhead_median_ms"] <= 3.0, figures


def _listen_queue_drops() -> tuple[int, int]:
    """The kernel's count of connections a full listen queue refused (ListenOverflows,
    ListenDrops in /proc/net/netstat): each such SYN is retried by its client after 1 s."""
    lines = Path("/proc/net/netstat").read_text(encoding="ascii").splitlines()
    for names, values in zip(lines[::2], lines[1::2], strict=False):
        if names.startswith("TcpExt:"):
            row = dict(zip(names.split()[1:], map(int, values.split()[1:]), strict=True))
            return row["ListenOverflows"], row["ListenDrops"]
    raise AssertionError("no TcpExt counters in /proc/net/netstat")


def test_a_burst_of_new_connections_never_waits_in_the_listen_queue(cloud: LocalCloud) -> None:
    """200 clients connect at once: with the stdlib's default backlog (5) some SYNs are dropped
    and retried after 1 s; the gateway's deep queue accepts them all at once. Judged by the
    kernel's own count of refused connections, not by the clients' clocks (200 threads on two
    cores wait for the GIL for over a second on a busy machine, SYN retry or not)."""
    parts = urlsplit(cloud.api_url)
    barrier = threading.Barrier(200)
    statuses: list[int] = []
    lock = threading.Lock()

    def one() -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        barrier.wait()
        conn.connect()
        conn.request("GET", "/v1/bare")
        status = conn.getresponse().status
        conn.close()
        with lock:
            statuses.append(status)

    before = _listen_queue_drops()
    threads = [threading.Thread(target=one) for _ in range(200)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses.count(200) == 200, statuses
    assert _listen_queue_drops() == before
