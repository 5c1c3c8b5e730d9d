"""CORS as API Gateway HTTP APIs apply an API's CorsConfiguration (AWS semantics only; the
gateway in emulation.apigw does the HTTP).

- A preflight (OPTIONS with Origin and Access-Control-Request-Method) is answered by the
  gateway itself, 204, whether or not a route matches; it carries the CORS headers only when
  the origin and the requested method are allowed, and then the configured allowed headers and
  max age (the browser checks its requested headers against them).
- Every other reply loses the integration's own Access-Control-* headers ("API Gateway ignores
  CORS headers returned from your backend integration"); for an allowed Origin it gets
  Access-Control-Allow-Origin, -Expose-Headers and -Allow-Credentials from the configuration.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Headers = list[tuple[str, str]]


def _get(headers: Sequence[tuple[str, str]], name: str) -> str | None:
    return next((value for key, value in headers if key.lower() == name), None)


def is_preflight(method: str, headers: Sequence[tuple[str, str]]) -> bool:
    return (
        method == "OPTIONS"
        and _get(headers, "origin") is not None
        and _get(headers, "access-control-request-method") is not None
    )


@dataclass(frozen=True)
class CorsConfiguration:
    """AWS::ApiGatewayV2::Api CorsConfiguration."""

    allow_origins: tuple[str, ...] = ()
    allow_methods: tuple[str, ...] = ()
    allow_headers: tuple[str, ...] = ()
    expose_headers: tuple[str, ...] = ()
    max_age: int | None = None
    allow_credentials: bool = False

    @classmethod
    def from_template(cls, properties: Mapping[str, Any] | None) -> CorsConfiguration | None:
        if not properties:
            return None
        age = properties.get("MaxAge")
        return cls(
            allow_origins=tuple(str(o) for o in properties.get("AllowOrigins") or ()),
            allow_methods=tuple(str(m).upper() for m in properties.get("AllowMethods") or ()),
            allow_headers=tuple(str(h) for h in properties.get("AllowHeaders") or ()),
            expose_headers=tuple(str(h) for h in properties.get("ExposeHeaders") or ()),
            max_age=None if age is None else int(age),
            allow_credentials=bool(properties.get("AllowCredentials", False)),
        )

    def origin_allowed(self, origin: str) -> bool:
        return "*" in self.allow_origins or origin.lower() in (
            o.lower() for o in self.allow_origins
        )

    def allow_origin_value(self, origin: str) -> str:
        return "*" if "*" in self.allow_origins and not self.allow_credentials else origin

    def preflight_headers(self, request_headers: Sequence[tuple[str, str]]) -> Headers:
        origin = _get(request_headers, "origin") or ""
        method = (_get(request_headers, "access-control-request-method") or "").upper()
        method_allowed = "*" in self.allow_methods or method in self.allow_methods
        if not self.origin_allowed(origin) or not method_allowed:
            return []
        headers: Headers = [("access-control-allow-origin", self.allow_origin_value(origin))]
        headers.append(("access-control-allow-methods", ",".join(self.allow_methods)))
        if self.allow_headers:
            headers.append(("access-control-allow-headers", ",".join(self.allow_headers)))
        if self.max_age is not None:
            headers.append(("access-control-max-age", str(self.max_age)))
        if self.allow_credentials:
            headers.append(("access-control-allow-credentials", "true"))
        return headers

    def reply_headers(self, origin: str | None, headers: Headers) -> Headers:
        """The reply's headers with the integration's CORS headers replaced by the API's."""
        kept = [(k, v) for k, v in headers if not k.lower().startswith("access-control-")]
        if origin is None or not self.origin_allowed(origin):
            return kept
        kept.append(("access-control-allow-origin", self.allow_origin_value(origin)))
        if self.expose_headers:
            kept.append(("access-control-expose-headers", ",".join(self.expose_headers)))
        if self.allow_credentials:
            kept.append(("access-control-allow-credentials", "true"))
        return kept
