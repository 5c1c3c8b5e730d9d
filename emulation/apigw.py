"""API Gateway HTTP API, locally: a threaded HTTP server that calls Lambda with payload 2.0.

Routes and stages come from the template (AWS::ApiGatewayV2::Route / Stage). Semantics kept:
route selection (exact beats parameterised beats greedy `{proxy+}`, a method beats ANY,
`$default` last), payload format 2.0 events (lower-case headers, repeated headers and query
parameters comma-joined, cookies moved to `cookies`, binary bodies base64), the payload 2.0
response mapping (a non-dict return becomes a JSON body with 200), and the gateway's own errors:
404 no route, 403 an `AWS_IAM` route without a valid SigV4 signature (`emulation.sigv4`), 429
stage throttling (token bucket from DefaultRouteSettings), 500 function error, 503 integration
timeout (the Lambda's timeout or the 30 s integration limit).

CORS as HTTP APIs do it when the API has a CorsConfiguration: the gateway answers preflight
requests (OPTIONS with Origin and Access-Control-Request-Method) itself with 204, whatever the
routes, and on every other reply drops the integration's Access-Control-* headers and sends its
own for an allowed Origin (`emulation.cors`).

The `$default` stage serves at the root; a named stage serves under `/<stage>/`.
"""

from __future__ import annotations

import base64
import binascii
import concurrent.futures
import http.server
import json
import logging
import re
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from botocore.credentials import Credentials

from emulation import cors, sigv4
from emulation.aws import ACCOUNT_ID, FAKE_CREDENTIALS, REGION

logger = logging.getLogger(__name__)

INTEGRATION_LIMIT_MS = 30_000
# AWS account-level defaults, applied when a stage sets no throttling.
ACCOUNT_RATE_LIMIT = 10_000.0
ACCOUNT_BURST_LIMIT = 5_000
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
# Content types API Gateway passes as text; every other body is base64-encoded.
_TEXT_TYPES = re.compile(
    r"^(text/.*|application/(json|xml|javascript|x-www-form-urlencoded|.*\+json|.*\+xml))$"
)

NOT_FOUND = (404, {"message": "Not Found"})
TOO_MANY_REQUESTS = (429, {"message": "Too Many Requests"})
INTERNAL_ERROR = (500, {"message": "Internal Server Error"})
SERVICE_UNAVAILABLE = (503, {"message": "Service Unavailable"})
IAM = "AWS_IAM"

Invoke = Callable[[str, Any], Any]  # (function name or ARN, event) -> InvokeResult


@dataclass(frozen=True)
class RouteSpec:
    """One route: `GET /v1/artists/{artistId}`, `ANY /files/{proxy+}` or `$default`."""

    route_key: str
    function: str
    payload_format: str = "2.0"
    timeout_ms: int = INTEGRATION_LIMIT_MS
    authorization: str = "NONE"  # or AWS_IAM (JWT and custom authorizers are not emulated)


@dataclass(frozen=True)
class StageSpec:
    """A stage's default route throttling (None: the account defaults)."""

    name: str
    rate_limit: float | None = None
    burst_limit: int | None = None


class TokenBucket:
    """API Gateway's throttle: `burst` tokens, refilled at `rate` per second."""

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic):
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._tokens = float(burst)
        self._last = clock()
        self._lock = threading.Lock()

    def take(self) -> bool:
        with self._lock:
            now = self._clock()
            self._tokens = min(float(self.burst), self._tokens + (now - self._last) * self.rate)
            self._last = now
            if self._tokens >= 1.0:
                self._tokens -= 1.0
                return True
            return False


@dataclass
class _Route:
    spec: RouteSpec
    method: str  # "ANY" or a method; "" for $default
    pattern: re.Pattern[str] | None
    # Sort key: exact paths first, then by fewer parameters, greedy last; method before ANY.
    rank: tuple[int, int, int, int]


def compile_route(spec: RouteSpec) -> _Route:
    """Turn a route key into a matcher with AWS's precedence rank."""
    if spec.route_key == "$default":
        return _Route(spec, "", None, (3, 0, 0, 0))
    method, _, path = spec.route_key.partition(" ")
    if method != "ANY" and method not in METHODS:
        raise ValueError(f"route key {spec.route_key!r}: unknown method {method!r}")
    if not path.startswith("/"):
        raise ValueError(f"route key {spec.route_key!r}: the path must start with /")
    parts = []
    params = 0
    greedy = 0
    for segment in path.strip("/").split("/") if path != "/" else []:
        match = re.fullmatch(r"\{([A-Za-z0-9_.-]+)(\+?)\}", segment)
        if match and match.group(2):
            parts.append(f"(?P<{_group(match.group(1))}>.+)")
            greedy = 1
        elif match:
            parts.append(f"(?P<{_group(match.group(1))}>[^/]+)")
            params += 1
        else:
            parts.append(re.escape(segment))
    regex = "^/" + "/".join(parts) + "$"
    kind = 2 if greedy else (1 if params else 0)
    return _Route(
        spec, method, re.compile(regex), (kind, params, -len(parts), int(method == "ANY"))
    )


def _group(name: str) -> str:
    """Path parameter names may hold characters a regex group name cannot."""
    return "p_" + name.encode().hex()


def _param(group: str) -> str:
    return bytes.fromhex(group.removeprefix("p_")).decode()


@dataclass
class HttpApi:
    """One HTTP API: routes, stages and the server that serves it."""

    api_id: str
    name: str
    routes: list[_Route] = field(default_factory=list)
    stages: dict[str, StageSpec] = field(default_factory=dict)
    buckets: dict[str, TokenBucket] = field(default_factory=dict)
    server: _Server | None = None
    url: str = ""
    cors: cors.CorsConfiguration | None = None

    def add_route(self, spec: RouteSpec) -> None:
        self.routes.append(compile_route(spec))
        self.routes.sort(key=lambda r: r.rank)

    def add_stage(self, spec: StageSpec) -> None:
        self.stages[spec.name] = spec
        rate = ACCOUNT_RATE_LIMIT if spec.rate_limit is None else spec.rate_limit
        burst = ACCOUNT_BURST_LIMIT if spec.burst_limit is None else spec.burst_limit
        self.buckets[spec.name] = TokenBucket(rate, burst)

    def match(self, method: str, path: str) -> tuple[_Route, dict[str, str]] | None:
        for route in self.routes:
            if route.pattern is None:
                return route, {}
            if route.method not in ("ANY", method):
                continue
            found = route.pattern.match(path)
            if found:
                return route, {_param(k): unquote(v) for k, v in found.groupdict().items()}
        return None

    def split_stage(self, path: str) -> tuple[str, str]:
        """(stage, path inside the stage): a named stage is the first path segment."""
        head, _, rest = path.lstrip("/").partition("/")
        if head and head != "$default" and head in self.stages:
            return head, "/" + rest
        return "$default", path


class ApiGateway:
    """Every HTTP API of the deployment, each on its own 127.0.0.1 port."""

    def __init__(
        self,
        invoke: Invoke,
        *,
        timeout_of: Callable[[str], float] | None = None,
        faults: Any = None,
        host: str = "127.0.0.1",
        ports: dict[str, int] | None = None,
    ) -> None:
        self._invoke = invoke
        self._timeout_of = timeout_of
        self.faults = faults
        self.host = host
        self._ports = ports or {}
        self.apis: dict[str, HttpApi] = {}
        # Integrations run here so a slow function cannot hold a request past its timeout.
        self._executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=256, thread_name_prefix="apigw-integration"
        )

    def add_api(self, api_id: str, name: str) -> str:
        """Start serving an API; returns its base URL (what ApiEndpoint resolves to)."""
        api = HttpApi(api_id, name)
        port = self._ports.get(name, self._ports.get("*", 0)) if not self.apis else 0
        server = _Server((self.host, port), _Handler)
        server.gateway = self
        server.api = api
        api.server = server
        api.url = f"http://{self.host}:{server.server_address[1]}"
        threading.Thread(target=server.serve_forever, name=f"apigw-{name}", daemon=True).start()
        self.apis[api_id] = api
        return api.url

    def add_route(self, api_id: str, spec: RouteSpec) -> None:
        if spec.payload_format != "2.0":
            raise ValueError(
                f"route {spec.route_key}: payload format {spec.payload_format} is not emulated"
            )
        self.apis[api_id].add_route(spec)

    def add_stage(self, api_id: str, spec: StageSpec) -> None:
        self.apis[api_id].add_stage(spec)

    def set_cors(self, api_id: str, configuration: cors.CorsConfiguration | None) -> None:
        self.apis[api_id].cors = configuration

    def _function_stops_in_time(self, function: str, limit_s: float) -> bool:
        if self._timeout_of is None:
            return False
        try:
            return self._timeout_of(function) < limit_s
        except Exception:  # an unknown function: the invoke reports it
            return True

    def stop(self) -> None:
        for api in self.apis.values():
            if api.server is not None:
                api.server.shutdown()
                api.server.server_close()
        self._executor.shutdown(wait=False, cancel_futures=True)

    # -- request handling (called from server threads) ----------------------------------------

    def handle(self, api: HttpApi, request: Request) -> Response:
        origin = _header(request.headers, "origin")
        if api.cors is not None and cors.is_preflight(request.method, request.headers):
            return Response(204, api.cors.preflight_headers(request.headers), b"")
        response = self._handle(api, request)
        if api.cors is not None:
            response.headers = api.cors.reply_headers(origin, response.headers)
        return response

    def _handle(self, api: HttpApi, request: Request) -> Response:
        stage, path = api.split_stage(request.path)
        bucket = api.buckets.get(stage)
        if stage != "$default" and stage not in api.stages:
            return _error(NOT_FOUND)
        if (bucket is not None and not bucket.take()) or (
            self.faults is not None and self.faults.throttled("apigw")
        ):
            return _error(TOO_MANY_REQUESTS)
        matched = api.match(request.method, path)
        if matched is None:
            return _error(NOT_FOUND)
        route, path_parameters = matched
        principal: sigv4.Principal | None = None
        if route.spec.authorization == IAM:
            verdict = sigv4.verify(
                method=request.method,
                host=request.host,
                raw_path=request.raw_path,
                raw_query=request.raw_query,
                headers=request.headers,
                body=request.body,
                credentials=LOCAL_CREDENTIALS,
                region=REGION,
                account_id=ACCOUNT_ID,
            )
            if verdict.principal is None:
                return _error((403, {"message": verdict.message}))
            principal = verdict.principal
        event = build_event(api, stage, route.spec.route_key, request, path_parameters)
        if principal is not None:
            event["requestContext"]["authorizer"] = {
                "iam": {
                    "accessKey": principal.access_key,
                    "accountId": principal.account_id,
                    "callerId": principal.access_key,
                    "cognitoIdentity": None,
                    "principalOrgId": None,
                    "userArn": principal.user_arn,
                    "userId": principal.access_key,
                }
            }
        limit_s = min(route.spec.timeout_ms, INTEGRATION_LIMIT_MS) / 1000.0
        try:
            if self._function_stops_in_time(route.spec.function, limit_s):
                # The runtime ends the function first: no hand-off to another thread needed.
                result = self._invoke(route.spec.function, event)
            else:
                future = self._executor.submit(self._invoke, route.spec.function, event)
                result = future.result(timeout=limit_s)
        except concurrent.futures.TimeoutError:
            logger.warning("integration timeout after %.1f s on %s", limit_s, route.spec.route_key)
            return _error(SERVICE_UNAVAILABLE)
        except Exception as exc:  # Lambda throttled or not found: API Gateway answers 500
            logger.warning("integration failed on %s: %r", route.spec.route_key, exc)
            return _error(INTERNAL_ERROR)
        if result.function_error is not None:
            error_type = (
                (result.payload or {}).get("errorType")
                if isinstance(result.payload, dict)
                else None
            )
            if error_type == "Sandbox.Timedout":
                return _error(SERVICE_UNAVAILABLE)
            return _error(INTERNAL_ERROR)
        return response_from_payload(result.payload)


# The one principal the local gateway knows: the local cloud's own credentials.
LOCAL_CREDENTIALS = Credentials(
    FAKE_CREDENTIALS["aws_access_key_id"],
    FAKE_CREDENTIALS["aws_secret_access_key"],
    FAKE_CREDENTIALS["aws_session_token"],
)


def _header(headers: list[tuple[str, str]], name: str) -> str | None:
    return next((value for key, value in headers if key.lower() == name), None)


@dataclass
class Request:
    method: str
    path: str  # decoded path, no query string
    raw_path: str
    raw_query: str
    headers: list[tuple[str, str]]
    body: bytes
    source_ip: str
    protocol: str
    host: str


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


def build_event(
    api: HttpApi,
    stage: str,
    route_key: str,
    request: Request,
    path_parameters: dict[str, str],
) -> dict[str, Any]:
    """The payload format 2.0 event AWS builds for this request."""
    headers: dict[str, str] = {}
    cookies: list[str] = []
    # API Gateway adds these; a function reads the scheme the caller used from them.
    # API Gateway appends the caller to X-Forwarded-For and sets the port and scheme itself.
    own = {"x-forwarded-port", "x-forwarded-proto"}
    forwarded = [
        ("x-forwarded-for", request.source_ip),
        ("x-forwarded-port", request.host.rpartition(":")[2] or "80"),
        ("x-forwarded-proto", "http"),
    ]
    sent = [(name, value) for name, value in request.headers if name.lower() not in own]
    for name, value in [*sent, *forwarded]:
        key = name.lower()
        if key == "cookie":
            cookies.extend(c.strip() for c in value.split(";") if c.strip())
            continue
        headers[key] = f"{headers[key]},{value}" if key in headers else value
    query: dict[str, str] = {}
    for pair in request.raw_query.split("&") if request.raw_query else []:
        name, _, value = pair.partition("=")
        name, value = unquote(name.replace("+", " ")), unquote(value.replace("+", " "))
        query[name] = f"{query[name]},{value}" if name in query else value
    now = time.time()
    host = request.host or api.url.removeprefix("http://")
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": route_key,
        "rawPath": request.raw_path,
        "rawQueryString": request.raw_query,
        "headers": headers,
        "requestContext": {
            "accountId": ACCOUNT_ID,
            "apiId": api.api_id,
            "domainName": host,
            "domainPrefix": host.split(".", 1)[0],
            "http": {
                "method": request.method,
                "path": request.raw_path,
                "protocol": request.protocol,
                "sourceIp": request.source_ip,
                "userAgent": headers.get("user-agent", ""),
            },
            "requestId": _request_id(),
            "routeKey": route_key,
            "stage": stage,
            "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)),
            "timeEpoch": int(now * 1000),
        },
        "isBase64Encoded": False,
    }
    if cookies:
        event["cookies"] = cookies
    if query:
        event["queryStringParameters"] = query
    if path_parameters:
        event["pathParameters"] = path_parameters
    if request.body:
        content_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if _is_text(content_type, request.body):
            event["body"] = request.body.decode("utf-8")
        else:
            event["body"] = base64.b64encode(request.body).decode("ascii")
            event["isBase64Encoded"] = True
    return event


def _is_text(content_type: str, body: bytes) -> bool:
    """Whether AWS passes the body as text: a text media type (or none) and valid UTF-8; any
    other body reaches the function base64-encoded, whatever Content-Type claims."""
    if content_type and not _TEXT_TYPES.match(content_type):
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _request_id() -> str:
    # AWS request ids look like "JKJaXmPLvHcESHA="; a uuid-based id of the same shape.
    return base64.b64encode(uuid.uuid4().bytes[:11]).decode().rstrip("=") + "="


def response_from_payload(payload: Any) -> Response:
    """Map a function's payload 2.0 response to HTTP (AWS's rules, including the inferred form)."""
    if not isinstance(payload, dict) or "statusCode" not in payload:
        body = json.dumps(payload).encode()
        return Response(200, [("content-type", "application/json")], body)
    status = payload.get("statusCode")
    raw_body = payload.get("body", "")
    if not isinstance(status, int) or not isinstance(raw_body, str | None):
        logger.warning("malformed Lambda response: statusCode %r, body %s", status, type(raw_body))
        return _error(INTERNAL_ERROR)
    headers: list[tuple[str, str]] = []
    for name, value in (payload.get("headers") or {}).items():
        headers.append((str(name).lower(), str(value)))
    for name, values in (payload.get("multiValueHeaders") or {}).items():
        headers.extend((str(name).lower(), str(v)) for v in values)
    for cookie in payload.get("cookies") or []:
        headers.append(("set-cookie", str(cookie)))
    text = raw_body or ""
    if payload.get("isBase64Encoded"):
        try:
            body = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            logger.warning("Lambda response has isBase64Encoded but the body is not base64")
            return _error(INTERNAL_ERROR)
    else:
        body = text.encode("utf-8")
    return Response(status, headers, body)


def _error(error: tuple[int, dict[str, str]]) -> Response:
    status, document = error
    return Response(status, [("content-type", "application/json")], json.dumps(document).encode())


class _Server(http.server.ThreadingHTTPServer):
    """Threaded, keep-alive, with a deep listen queue (the default 5 stalls under load)."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 1024
    gateway: ApiGateway
    api: HttpApi


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Access logs would drown the console under load; requests are in the function logs."""

    def _serve(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        split = urlsplit(self.path)
        request = Request(
            method=self.command,
            path=unquote(split.path) or "/",
            raw_path=split.path or "/",
            raw_query=split.query,
            headers=list(self.headers.items()),
            body=body,
            source_ip=self.client_address[0],
            protocol=self.request_version,
            host=self.headers.get("host", ""),
        )
        try:
            response = self.server.gateway.handle(self.server.api, request)
        except Exception:
            logger.exception("local API gateway failed on %s %s", self.command, split.path)
            response = _error(INTERNAL_ERROR)
        self.send_response(response.status)
        names = {name for name, _ in response.headers}
        for name, value in response.headers:
            self.send_header(name, value)
        if "content-type" not in names and response.body:
            self.send_header("content-type", "application/json")
        self.send_header("apigw-requestid", _request_id())
        self.send_header("content-length", str(len(response.body)))
        if self.command != "HEAD":
            # Headers and body in one write: two small writes meet delayed ACK (~40 ms).
            self._headers_buffer.append(b"\r\n" + response.body)  # type: ignore[attr-defined]
            self.flush_headers()
        else:
            self.end_headers()

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _serve
