"""What an HTTP API means, apart from its server (pure): AWS's rules, no sockets or threads.

Route selection (exact beats parameterised beats greedy `{proxy+}`, a method beats ANY,
`$default` last), payload format 2.0 events (lower-case headers, repeated headers and query
parameters comma-joined, cookies moved to `cookies`, binary bodies base64), the payload 2.0
response mapping (a non-dict return becomes a JSON body with 200), the gateway's own error
replies, stage throttling (a token bucket from DefaultRouteSettings) and the IAM authorizer
context of a SigV4-signed request. `gateway.py` serves them over HTTP.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import re
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from botocore.credentials import Credentials

from emulation import cors, sigv4
from emulation.credentials import ACCOUNT_ID, FAKE_CREDENTIALS

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
class Route:
    spec: RouteSpec
    method: str  # "ANY" or a method; "" for $default
    pattern: re.Pattern[str] | None
    # Sort key: exact paths first, then by fewer parameters, greedy last; method before ANY.
    rank: tuple[int, int, int, int]


def compile_route(spec: RouteSpec) -> Route:
    """Turn a route key into a matcher with AWS's precedence rank."""
    if spec.route_key == "$default":
        return Route(spec, "", None, (3, 0, 0, 0))
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
    return Route(spec, method, re.compile(regex), (kind, params, -len(parts), int(method == "ANY")))


def _group(name: str) -> str:
    """Path parameter names may hold characters a regex group name cannot."""
    return "p_" + name.encode().hex()


def _param(group: str) -> str:
    return bytes.fromhex(group.removeprefix("p_")).decode()


@dataclass
class HttpApi:
    """One HTTP API: its routes in precedence order, its stages and their throttles."""

    api_id: str
    name: str
    routes: list[Route] = field(default_factory=list)
    stages: dict[str, StageSpec] = field(default_factory=dict)
    buckets: dict[str, TokenBucket] = field(default_factory=dict)
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

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
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


# The one principal the local gateway knows: the local cloud's own credentials.
LOCAL_CREDENTIALS = Credentials(
    FAKE_CREDENTIALS["aws_access_key_id"],
    FAKE_CREDENTIALS["aws_secret_access_key"],
    FAKE_CREDENTIALS["aws_session_token"],
)


def header(headers: list[tuple[str, str]], name: str) -> str | None:
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
    integration_ms: float | None = None  # how long the function took, when one was called


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
            "requestId": request_id(),
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


def request_id() -> str:
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
        return error_response(INTERNAL_ERROR)
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
            return error_response(INTERNAL_ERROR)
    else:
        body = text.encode("utf-8")
    return Response(status, headers, body)


def error_response(error: tuple[int, dict[str, str]]) -> Response:
    status, document = error
    return Response(status, [("content-type", "application/json")], json.dumps(document).encode())


def iam_authorizer(principal: sigv4.Principal) -> dict[str, Any]:
    """`requestContext.authorizer` of an event whose AWS_IAM route was signed by `principal`."""
    return {
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
