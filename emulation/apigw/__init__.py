"""The local HTTP API (API Gateway v2, payload 2.0): `semantics.py` is what AWS does with a
request (pure), `gateway.py` serves it over HTTP and calls the Lambda runtime."""

from __future__ import annotations

from emulation.apigw.gateway import ApiGateway
from emulation.apigw.semantics import (
    LOCAL_CREDENTIALS,
    HttpApi,
    Request,
    Response,
    RouteSpec,
    StageSpec,
    TokenBucket,
    build_event,
    compile_route,
    response_from_payload,
)

__all__ = [
    "LOCAL_CREDENTIALS",
    "ApiGateway",
    "HttpApi",
    "Request",
    "Response",
    "RouteSpec",
    "StageSpec",
    "TokenBucket",
    "build_event",
    "compile_route",
    "response_from_payload",
]
