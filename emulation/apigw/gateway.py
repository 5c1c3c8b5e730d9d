"""API Gateway HTTP API, locally: one threaded HTTP server per API that calls Lambda.

The transport around `semantics.py`: each API on its own 127.0.0.1 port (keep-alive, a deep
listen queue, headers and body in one write), the SigV4 check of an `AWS_IAM` route (403),
stage throttling (429), and the integration call on a thread pool so that a slow function
answers 503 at its timeout or the 30 s integration limit; a function error answers 500.

CORS as HTTP APIs do it when the API has a CorsConfiguration: the gateway answers preflight
requests (OPTIONS with Origin and Access-Control-Request-Method) itself with 204, whatever the
routes, and on every other reply drops the integration's Access-Control-* headers and sends its
own for an allowed Origin (`emulation.cors`).

The `$default` stage serves at the root; a named stage serves under `/<stage>/`.
"""

from __future__ import annotations

import concurrent.futures
import http.server
import logging
import socket
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote, urlsplit

from emulation import cors, sigv4
from emulation.apigw.request_head import HeadParsing
from emulation.apigw.semantics import (
    IAM,
    INTEGRATION_LIMIT_MS,
    INTERNAL_ERROR,
    LOCAL_CREDENTIALS,
    NOT_FOUND,
    SERVICE_UNAVAILABLE,
    TOO_MANY_REQUESTS,
    HttpApi,
    Request,
    Response,
    RouteSpec,
    StageSpec,
    build_event,
    error_response,
    header,
    iam_authorizer,
    request_id,
    response_from_payload,
)
from emulation.credentials import ACCOUNT_ID, REGION

logger = logging.getLogger(__name__)

Invoke = Callable[[str, Any], Any]  # (function name or ARN, event) -> InvokeResult


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
        metrics: Any = None,
    ) -> None:
        self._invoke = invoke
        self.metrics = metrics  # a MetricPublisher: AWS/ApiGateway Count, 4xx, 5xx, latencies
        self._timeout_of = timeout_of
        self.faults = faults
        self.host = host
        self._ports = ports or {}
        self.apis: dict[str, HttpApi] = {}
        self._servers: dict[str, _Server] = {}
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
        self._servers[api_id] = server
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
        """Whether the runtime ends the function by the integration's limit (a function whose
        timeout equals it, as the API's 30 s does, answers 503 either way: its timeout error
        maps to the same reply), so the call can run on the request's own thread."""
        if self._timeout_of is None:
            return False
        try:
            return self._timeout_of(function) <= limit_s
        except Exception:  # an unknown function: the invoke reports it
            return True

    def stop(self) -> None:
        for server in self._servers.values():
            server.shutdown()
            server.server_close()
        self._executor.shutdown(wait=False, cancel_futures=True)

    # -- request handling (called from server threads) ----------------------------------------

    def handle(self, api: HttpApi, request: Request) -> Response:
        started = time.perf_counter()
        response = self._respond(api, request)
        if self.metrics is not None:  # one append; the publisher's thread does the rest
            self.metrics.api_request(
                api.api_id,
                api.split_stage(request.path)[0],
                response.status,
                (time.perf_counter() - started) * 1000.0,
                response.integration_ms,
            )
        return response

    def _respond(self, api: HttpApi, request: Request) -> Response:
        origin = header(request.headers, "origin")
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
            return error_response(NOT_FOUND)
        if (bucket is not None and not bucket.take()) or (
            self.faults is not None and self.faults.throttled("apigw")
        ):
            return error_response(TOO_MANY_REQUESTS)
        matched = api.match(request.method, path)
        if matched is None:
            return error_response(NOT_FOUND)
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
                return error_response((403, {"message": verdict.message}))
            principal = verdict.principal
        event = build_event(api, stage, route.spec.route_key, request, path_parameters)
        if principal is not None:
            event["requestContext"]["authorizer"] = iam_authorizer(principal)
        invoked = time.perf_counter()
        response = self._integrate(route.spec, event)
        response.integration_ms = (time.perf_counter() - invoked) * 1000.0
        return response

    def _integrate(self, route: RouteSpec, event: dict[str, Any]) -> Response:
        """Call the route's function within its timeout; its reply or the gateway's error."""
        limit_s = min(route.timeout_ms, INTEGRATION_LIMIT_MS) / 1000.0
        try:
            if self._function_stops_in_time(route.function, limit_s):
                # The runtime ends the function in time: no hand-off to another thread needed.
                result = self._invoke(route.function, event)
            else:
                future = self._executor.submit(self._invoke, route.function, event)
                result = future.result(timeout=limit_s)
        except concurrent.futures.TimeoutError:
            logger.warning("integration timeout after %.1f s on %s", limit_s, route.route_key)
            return error_response(SERVICE_UNAVAILABLE)
        except Exception as exc:  # Lambda throttled or not found: API Gateway answers 500
            logger.warning("integration failed on %s: %r", route.route_key, exc)
            return error_response(INTERNAL_ERROR)
        if result.function_error is not None:
            error_type = (
                (result.payload or {}).get("errorType")
                if isinstance(result.payload, dict)
                else None
            )
            if error_type == "Sandbox.Timedout":
                return error_response(SERVICE_UNAVAILABLE)
            return error_response(INTERNAL_ERROR)
        return response_from_payload(result.payload)


class _Server(http.server.ThreadingHTTPServer):
    """Threaded, keep-alive, with a deep listen queue (the default 5 stalls under load)."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 1024
    gateway: ApiGateway
    api: HttpApi


class _Handler(HeadParsing, http.server.BaseHTTPRequestHandler):
    """One connection's requests; the head is read by `request_head` (the stdlib's parsing,
    plain headers without the email parser)."""

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
            response = error_response(INTERNAL_ERROR)
        self.send_response(response.status)
        names = {name for name, _ in response.headers}
        for name, value in response.headers:
            self.send_header(name, value)
        if "content-type" not in names and response.body:
            self.send_header("content-type", "application/json")
        self.send_header("apigw-requestid", request_id())
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
