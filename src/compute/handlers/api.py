"""The HTTP API Lambda (API Gateway HTTP API, payload 2.0): routes exactly as
contracts/openapi.yaml, RFC 9457 problems, cache headers with ETag/304. CORS is API Gateway's
job (its CorsConfiguration, derived from the contract, overrides anything a Lambda sends).

Adapters are built once per container, at import, by compute.bootstrap from the environment
(docs/DESIGN.md "Conventions"). opensearch-py is imported on the first
search, not here, to keep the cold start small. Logs carry parameter names and counts, never
values (queries, names and handles are personal data).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from compute import bootstrap
from compute.bootstrap import (
    ArtistNotFound,
    ArtistSearchIndex,
    MailUnavailable,
    MainTable,
    SearchUnavailable,
    TableRejected,
    TableUnavailable,
)
from compute.domain import json_text
from compute.domain.confirmation import LinkExpired, LinkInvalid
from compute.domain.errors import Problem, ValidationError
from compute.domain.removal import RemovalBody, parse_removal_body
from compute.domain.request_body import parse_json_body
from compute.handlers.events import require_http_api_event
from compute.handlers.http_resolver import APIGatewayHttpResolver, NotFoundError, Response
from compute.handlers.tracing import tracer_for
from compute.services import NotFound
from compute.services.get_artist import get_artist
from compute.services.health import check_health
from compute.services.request_removal import (
    RemovalConflict,
    RemovalLimited,
    RemovalService,
)
from compute.services.search_artists import search_artists
from compute.services.studios import get_studio
from compute.services.styles import StylesCache, list_styles

PROBLEM_BASE = "https://tattoo-directory.example/problems/"
PROBLEM_JSON = "application/problem+json"
JSON = "application/json"

# openapi.yaml: CacheControlSearch (hits change with every sync) and CacheControlPublic.
CACHE_SEARCH = "public, max-age=60"
CACHE_ARTIST = "public, max-age=300"
CACHE_STUDIO = "public, max-age=300"
CACHE_STYLES = "public, max-age=300"
# openapi.yaml: the If-None-Match header parameter's maxLength.
MAX_IF_NONE_MATCH = 256
# The contract of POST /v1/removal-requests (contracts/schemas), checked before the domain rules.
REMOVAL_REQUEST_SCHEMA = "removal-request"
REMOVAL_DECISION_SCHEMA = "removal-decision"
# openapi.yaml: the confirmation link's token parameter.
MAX_TOKEN = 128
NO_STORE = "no-store"
# How long a client waits before retrying a 503 of the table (search has its breaker's figure).
TABLE_RETRY_AFTER_S = 2
# How long a client waits after SES did not take the confirmation e-mail.
MAIL_RETRY_AFTER_S = 30

IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_.:-]{8,128}$")

settings = bootstrap.Settings.from_env()
# Log lines are serialised as Powertools does (non-JSON values as str), with orjson's speed.
logger = Logger(
    service=settings.service_name or "api",
    json_serializer=lambda log: json_text.compact(log, default=str),
)
tracer = tracer_for(settings.service_name or "api")


class UnsupportedMediaType(Exception):
    """A body that is not application/json: no form post or text/plain from a web page."""


@dataclass
class Dependencies:
    """What the routes need, built once per container."""

    table: MainTable
    index: ArtistSearchIndex
    styles_cache: StylesCache
    removals: RemovalService


# --- HTTP shaping --------------------------------------------------------------------------


def etag_of(body: str) -> str:
    """A strong validator: the quoted SHA-256 of the body (truncated; collisions are moot)."""
    return '"' + hashlib.sha256(body.encode("utf-8")).hexdigest()[:32] + '"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 If-None-Match: `*` or any listed tag equal under weak comparison."""
    if not if_none_match:
        return False
    candidates = [tag.strip() for tag in if_none_match.split(",")]
    bare = etag.removeprefix("W/")
    return any(tag == "*" or tag.removeprefix("W/") == bare for tag in candidates)


def cacheable(
    body: Mapping[str, Any], cache_control: str, if_none_match: str | None
) -> Response[str]:
    """200 with Cache-Control and ETag, or 304 with no body when the client's tag matches."""
    text = json_text.compact(body)
    etag = etag_of(text)
    headers = {"Cache-Control": cache_control, "ETag": etag}
    if etag_matches(if_none_match, etag):
        return Response(status_code=304, content_type=None, body="", headers=headers)
    return Response(status_code=200, content_type=JSON, body=text, headers=headers)


def problem(
    status: int,
    title: str,
    detail: str,
    instance: str,
    *,
    kind: str,
    invalid_params: list[Problem] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response[str]:
    """An RFC 9457 problem+json reply; never cached."""
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + kind,
        "title": title,
        "status": int(status),
        "detail": detail,
        "instance": instance,
    }
    if invalid_params:
        body["invalid-params"] = [{"name": p.field, "reason": p.message} for p in invalid_params]
    return Response(
        status_code=int(status),
        content_type=PROBLEM_JSON,
        body=json_text.compact(body),
        headers={"Cache-Control": NO_STORE, **(headers or {})},
    )


def contract_problem(schema: str, body: Any) -> Problem | None:
    """The first way `body` breaks its contract (contracts/schemas), None if it keeps it."""
    # Imported here: fastjsonschema costs ~0.1 s of cold start that searches never need.
    from compute.contracts import ContractError, validate

    try:
        validate(schema, body)
    except ContractError as error:
        name = error.path.removeprefix("/").replace("/", ".")
        return Problem(
            name or "body", error.message.removeprefix(f"data{'.' + name if name else ''} ")
        )
    return None


def removal_body(text: str, *, idempotency_key: str | None) -> tuple[RemovalBody, Any]:
    """The body of POST /v1/removal-requests parsed once, here, into the domain's RemovalBody
    (with the JSON as sent, which a repeated Idempotency-Key must match); ValidationError
    otherwise. The contract stops at its first finding, so the domain's rules (which report all
    of theirs) name the rest; the contract alone catches forms they let through, such as an
    empty artistId or a null message."""
    body = parse_json_body(text)  # size, depth and Unicode limits before the contract
    finding = contract_problem(REMOVAL_REQUEST_SCHEMA, body)
    try:
        checked = parse_removal_body(body, idempotency_key=idempotency_key)
    except ValidationError as found:
        if finding is not None and finding.field != "body" and finding.field not in found.fields:
            raise ValidationError([*found.problems, finding]) from None
        raise
    if finding is not None:
        raise ValidationError(finding) from None
    return checked, body


def decision_body(text: str) -> Any:
    """The parsed body of a moderator's decision if it meets contracts/schemas."""
    body = parse_json_body(text)  # size, depth and Unicode limits before the contract
    finding = contract_problem(REMOVAL_DECISION_SCHEMA, body)
    if finding is not None:
        raise ValidationError(finding)
    return body


def media_type(headers: Mapping[str, str]) -> str:
    return headers.get("content-type", "").split(";", 1)[0].strip().lower()


def link_base(event: Mapping[str, Any]) -> str:
    """The API's public base URL as the caller reached it (the confirmation link's prefix):
    API Gateway's domain, the stage unless `$default`, the scheme it was called with."""
    context = event.get("requestContext") or {}
    headers = event.get("headers") or {}
    scheme = "http" if headers.get("x-forwarded-proto") == "http" else "https"
    stage = context.get("stage")
    prefix = "" if stage in (None, "$default") else f"/{stage}"
    return f"{scheme}://{context.get('domainName', 'localhost')}{prefix}"


def query_parameters(event: Mapping[str, Any]) -> dict[str, list[str]]:
    """Every query parameter with all its values: payload 2.0 joins repeats with commas in
    `queryStringParameters`, so the raw query string is the faithful source."""
    raw = event.get("rawQueryString")
    if isinstance(raw, str):
        return parse_qs(raw, keep_blank_values=True)
    joined = event.get("queryStringParameters") or {}
    return {name: [value] for name, value in joined.items()}


# --- the application -----------------------------------------------------------------------


def build_app(deps: Dependencies) -> APIGatewayHttpResolver:
    """The router with every route of contracts/openapi.yaml wired to `deps`."""
    app = APIGatewayHttpResolver()

    def request_id() -> str:
        event = app.current_event
        context_id = (
            event.request_context.request_id if event.raw_event.get("requestContext") else None
        )
        return str(context_id or getattr(app.lambda_context, "aws_request_id", "") or "unknown")

    def if_none_match() -> str | None:
        """The If-None-Match header, at most MAX_IF_NONE_MATCH characters (openapi.yaml)."""
        tag = app.current_event.headers.get("if-none-match")
        if tag is not None and len(tag) > MAX_IF_NONE_MATCH:
            raise ValidationError.single(
                "If-None-Match", f"must be at most {MAX_IF_NONE_MATCH} characters"
            )
        return tag

    @app.get("/health")
    def health() -> Response[str]:
        healthy, body = check_health(deps.table, deps.index)
        headers = {"Cache-Control": NO_STORE}
        if not healthy:
            headers["Retry-After"] = str(TABLE_RETRY_AFTER_S)
        logger.info("health", extra={"dependencies": body["dependencies"]})
        return Response(
            status_code=200 if healthy else 503,
            content_type=JSON,
            body=json.dumps(body, separators=(",", ":")),
            headers=headers,
        )

    @app.get("/v1/artists")
    def search() -> Response[str]:
        tag = if_none_match()  # checked before the search runs
        params = query_parameters(app.current_event.raw_event)
        page = search_artists(params, deps.index)
        logger.info(
            "search",
            extra={
                "parameters": sorted(params),
                "hits": page["total"],
                "returned": len(page["items"]),
            },
        )
        return cacheable(page, CACHE_SEARCH, tag)

    @app.get("/v1/artists/<artistId>")
    def artist(artistId: str) -> Response[str]:
        tag = if_none_match()
        return cacheable(get_artist(artistId, deps.table), CACHE_ARTIST, tag)

    @app.get("/v1/studios/<studioId>")
    def studio(studioId: str) -> Response[str]:
        tag = if_none_match()
        body = get_studio(studioId, deps.table)
        logger.info("studio", extra={"artists": len(body["artists"])})
        return cacheable(body, CACHE_STUDIO, tag)

    @app.get("/v1/styles")
    def styles() -> Response[str]:
        tag = if_none_match()
        return cacheable(list_styles(deps.index, deps.styles_cache), CACHE_STYLES, tag)

    def json_text() -> str:
        """The body of a POST, which must be application/json (415 otherwise: a web page can
        send text/plain or a form from a visitor's browser without a CORS preflight)."""
        if media_type(app.current_event.headers) != JSON:
            raise UnsupportedMediaType()
        try:
            return app.current_event.decoded_body or ""
        except ValueError:  # binascii.Error or UnicodeDecodeError: not UTF-8 text at all
            raise ValidationError.single("body", "must be a JSON object in UTF-8") from None

    def no_store(status: int, body: Mapping[str, Any]) -> Response[str]:
        return Response(
            status_code=status,
            content_type=JSON,
            body=json.dumps(body, separators=(",", ":")),
            headers={"Cache-Control": NO_STORE},
        )

    @app.post("/v1/removal-requests")
    def removal_request() -> Response[str]:
        key = app.current_event.headers.get("idempotency-key")
        if key is not None and not IDEMPOTENCY_KEY.match(key):
            raise ValidationError.single(
                "Idempotency-Key", "must be 8-128 characters of A-Z, a-z, 0-9, '_', '.', ':', '-'"
            )
        body, as_sent = removal_body(json_text(), idempotency_key=key)
        event = app.current_event.raw_event
        accepted = deps.removals.accept(
            body,
            as_sent=as_sent,
            client=str(((event.get("requestContext") or {}).get("http") or {}).get("sourceIp")),
            link_base=link_base(event),
        )
        logger.info("removal request pending", extra={"idempotent": key is not None})
        return no_store(202, accepted)

    @app.get("/v1/removal-requests/<requestId>/confirmation")
    def confirm_removal(requestId: str) -> Response[str]:
        tokens = query_parameters(app.current_event.raw_event).get("token") or []
        if len(tokens) != 1 or not 1 <= len(tokens[0]) <= MAX_TOKEN:
            raise ValidationError.single("token", "give the token of the e-mailed link once")
        confirmed = deps.removals.confirm(requestId, tokens[0])
        # The request id (not personal data) is how a moderator finds what awaits a decision.
        logger.info("removal request confirmed", extra={"removal_request": requestId})
        return no_store(200, confirmed)

    @app.post("/v1/removal-requests/<requestId>/decision")
    def decide_removal(requestId: str) -> Response[str]:
        body = decision_body(json_text())
        decided = deps.removals.decide(requestId, body["decision"])
        # The moderator's IAM identity (API Gateway's authorizer context) goes to the log.
        iam = (app.current_event.raw_event.get("requestContext") or {}).get("authorizer") or {}
        moderator = (iam.get("iam") or {}).get("userArn")
        logger.info(
            "removal request decided",
            extra={"removal_request": requestId, "status": decided["status"], "by": moderator},
        )
        return no_store(200, decided)

    @app.not_found
    def unknown_route(_: NotFoundError) -> Response[str]:
        event = app.current_event
        logger.info("no such route", extra={"method": event.http_method})
        return problem(
            HTTPStatus.NOT_FOUND,
            "Not found",
            f"No route for {event.http_method} {event.path}.",
            request_id(),
            kind="not-found",
        )

    @app.exception_handler(ValidationError)  # type: ignore[untyped-decorator]
    def invalid(error: ValidationError) -> Response[str]:
        logger.info("invalid request", extra={"invalid": error.fields})
        return problem(
            HTTPStatus.BAD_REQUEST,
            "Invalid request parameters",
            "One or more parameters are invalid: " + ", ".join(error.fields) + ".",
            request_id(),
            kind="invalid-parameters",
            invalid_params=error.problems,
        )

    @app.exception_handler([NotFound, ArtistNotFound])  # type: ignore[untyped-decorator]
    def not_found(error: Exception) -> Response[str]:
        detail = str(error) if isinstance(error, NotFound) else "Artist was not found."
        return problem(HTTPStatus.NOT_FOUND, "Not found", detail, request_id(), kind="not-found")

    @app.exception_handler(RemovalConflict)  # type: ignore[untyped-decorator]
    def conflict(error: RemovalConflict) -> Response[str]:
        return problem(HTTPStatus.CONFLICT, "Conflict", str(error), request_id(), kind="conflict")

    @app.exception_handler(UnsupportedMediaType)  # type: ignore[untyped-decorator]
    def unsupported_media_type(_: UnsupportedMediaType) -> Response[str]:
        return problem(
            HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
            "Unsupported media type",
            "Send the body as application/json.",
            request_id(),
            kind="unsupported-media-type",
        )

    @app.exception_handler(RemovalLimited)  # type: ignore[untyped-decorator]
    def limited(error: RemovalLimited) -> Response[str]:
        logger.info("removal request limited")
        return problem(
            HTTPStatus.TOO_MANY_REQUESTS,
            "Too many requests",
            str(error),
            request_id(),
            kind="too-many-requests",
            headers={"Retry-After": str(max(1, error.retry_after_s))},
        )

    @app.exception_handler(LinkInvalid)  # type: ignore[untyped-decorator]
    def link_invalid(_: LinkInvalid) -> Response[str]:
        logger.info("confirmation link refused")
        return problem(
            HTTPStatus.FORBIDDEN,
            "Forbidden",
            "This confirmation link is not valid for this removal request.",
            request_id(),
            kind="forbidden",
        )

    @app.exception_handler(LinkExpired)  # type: ignore[untyped-decorator]
    def link_expired(_: LinkExpired) -> Response[str]:
        return problem(
            HTTPStatus.GONE,
            "Gone",
            "This removal request expired before it was confirmed; please ask again.",
            request_id(),
            kind="expired",
        )

    @app.exception_handler(MailUnavailable)  # type: ignore[untyped-decorator]
    def mail_unavailable(error: MailUnavailable) -> Response[str]:
        logger.warning("confirmation e-mail not sent", extra={"error": str(error)})
        return problem(
            HTTPStatus.SERVICE_UNAVAILABLE,
            "Service unavailable",
            "The confirmation e-mail could not be sent; please try again later.",
            request_id(),
            kind="unavailable",
            headers={"Retry-After": str(MAIL_RETRY_AFTER_S)},
        )

    @app.exception_handler(SearchUnavailable)  # type: ignore[untyped-decorator]
    def search_unavailable(error: SearchUnavailable) -> Response[str]:
        logger.warning("search unavailable", extra={"breaker": deps.index.breaker.state})
        return problem(
            HTTPStatus.SERVICE_UNAVAILABLE,
            "Service unavailable",
            "Search is temporarily unavailable.",
            request_id(),
            kind="unavailable",
            headers={"Retry-After": str(error.retry_after_s)},
        )

    @app.exception_handler(TableUnavailable)  # type: ignore[untyped-decorator]
    def table_unavailable(error: TableUnavailable) -> Response[str]:
        logger.warning("table unavailable", extra={"error": str(error)})
        return problem(
            HTTPStatus.SERVICE_UNAVAILABLE,
            "Service unavailable",
            "The directory is temporarily unavailable.",
            request_id(),
            kind="unavailable",
            headers={"Retry-After": str(TABLE_RETRY_AFTER_S)},
        )

    @app.exception_handler(TableRejected)  # type: ignore[untyped-decorator]
    def table_rejected(error: TableRejected) -> Response[str]:
        # The table refused what we sent: our bug, not an outage; a retry would fail the same.
        logger.error("table refused the request", extra={"error": str(error)})
        return problem(
            HTTPStatus.INTERNAL_SERVER_ERROR,
            "Internal error",
            f"The directory's table refused the request ({error.code}); it was logged with "
            "this instance id. Retrying will not help.",
            request_id(),
            kind="internal",
        )

    @app.exception_handler(Exception)  # type: ignore[untyped-decorator]
    def unexpected(error: Exception) -> Response[str]:
        logger.exception("unhandled error", extra={"error": type(error).__name__})
        return problem(
            HTTPStatus.INTERNAL_SERVER_ERROR,
            "Internal error",
            "The request could not be completed; it was logged with this instance id.",
            request_id(),
            kind="internal",
        )

    return app


# --- composition root ----------------------------------------------------------------------


def dependencies_from_env(settings: bootstrap.Settings) -> Dependencies:
    """Real adapters from the environment the CDK template (or the local cloud) sets."""
    table = bootstrap.api_main_table(settings)
    return Dependencies(
        table=table,
        index=bootstrap.api_search_index(settings),
        styles_cache=StylesCache(ttl_s=settings.styles_cache_ttl_s),
        removals=bootstrap.removal_service(settings, table),
    )


deps = dependencies_from_env(settings)
app = build_app(deps)


@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler(capture_response=False)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    # The gateway's request id: every log line of the request carries it, as the problem
    # replies do (`instance`), so a client's report leads to the logs.
    require_http_api_event(event, "api")  # a REST (v1) or other event fails by name
    logger.set_correlation_id((event.get("requestContext") or {}).get("requestId"))
    deps.removals.register_lambda_context(context)
    return app.resolve(event, context)
