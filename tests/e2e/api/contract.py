"""A reply of the local API gateway (a real HTTP response) checked against contracts/openapi.yaml:
the status is documented for the route, every header the spec documents for that status is sent
and matches its schema, the media type is the documented one (application/json vs
application/problem+json), and the body validates against the resolved component schema
(jsonschema, draft 2020-12, with format checks). Problems get the RFC 9457 rules on top."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

import jsonschema
import requests
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from compute.contracts import openapi

DOCUMENT_URI = "urn:tattoo-directory:openapi"
PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://tattoo-directory.example/problems/"
# The Problem schema's description: the problem type each status carries.
PROBLEM_KINDS = {
    400: "invalid-parameters",
    403: "forbidden",
    404: "not-found",
    409: "conflict",
    410: "expired",
    415: "unsupported-media-type",
    429: "too-many-requests",
    500: "internal",
    503: "unavailable",
}


@cache
def document() -> dict[str, Any]:
    return openapi()


@cache
def _registry() -> Registry[Any]:
    registry: Registry[Any] = Registry().with_resource(
        DOCUMENT_URI, DRAFT202012.create_resource(document())
    )
    return registry


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    """Follow local `$ref`s (`#/components/...`) to the node they name."""
    while "$ref" in node:
        target: Any = document()
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def schema_errors(instance: Any, pointer: str) -> list[str]:
    """Every violation of the schema at `pointer` (e.g. `#/components/schemas/Artist`)."""
    validator = jsonschema.Draft202012Validator(
        {"$ref": f"{DOCUMENT_URI}{pointer}"},
        registry=_registry(),
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in errors]


def route_of(path: str) -> str | None:
    """The spec's path template that `path` (no query, no stage prefix) falls under."""
    for template in document()["paths"]:
        if re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", template), path):
            return str(template)
    return None


def media_type(response: requests.Response) -> str:
    return response.headers.get("content-type", "").split(";", 1)[0].strip().lower()


def _check_header(name: str, spec: dict[str, Any], response: requests.Response, where: str) -> None:
    value: Any = response.headers.get(name)
    assert value is not None, f"{where}: the documented {name} header is missing"
    schema = resolve(spec)["schema"]
    if schema.get("type") == "integer":
        assert re.fullmatch(r"[0-9]+", value), f"{where}: {name} must be an integer, got {value!r}"
        value = int(value)
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(value))
    assert not errors, f"{where}: {name}={value!r}: {errors[0].message}"
    # The two Cache-Control headers name their directive in their description.
    if spec.get("$ref", "").endswith("/CacheControlNoStore"):
        assert "no-store" in value, f"{where}: Cache-Control must be no-store, got {value!r}"
    if spec.get("$ref", "").endswith("/CacheControlPublic"):
        assert re.fullmatch(r"public, max-age=[0-9]+", value), (
            f"{where}: Cache-Control must be 'public, max-age=N', got {value!r}"
        )


def check_problem(body: Any, status: int, where: str) -> None:
    """RFC 9457 as the spec narrows it: the type of this status, the status echoed, an instance,
    and on a 400 every offending parameter named."""
    assert body["status"] == status, f"{where}: problem status {body['status']} != HTTP {status}"
    if status in PROBLEM_KINDS:
        assert body["type"] == PROBLEM_BASE + PROBLEM_KINDS[status], f"{where}: type {body['type']}"
    assert body["title"] and body["detail"] and body["instance"], f"{where}: empty member"
    if status == 400:
        assert body.get("invalid-params"), f"{where}: a 400 must list its invalid-params"


def check_reply(method: str, path: str, response: requests.Response) -> Any:
    """Assert that `response` to `method path` is what openapi.yaml documents; the parsed body
    (None when the reply has none)."""
    status = response.status_code
    where = f"{method} {path} -> {status}"
    template = route_of(path)
    assert template is not None, f"{where}: no route of the spec matches"
    operation = document()["paths"][template].get(method.lower())
    assert operation is not None, f"{where}: the spec has no {method} on {template}"
    responses = operation["responses"]
    assert str(status) in responses, (
        f"{where}: status not documented (documented: {sorted(responses)}); "
        f"body {response.text[:300]!r}"
    )
    documented = resolve(responses[str(status)])
    for name, spec in (documented.get("headers") or {}).items():
        if resolve(spec).get("required") is False and name not in response.headers:
            continue  # documented as optional (e.g. Retry-After on only one of two 429s)
        _check_header(name, spec, response, where)
    if "content" not in documented:
        assert response.content == b"", f"{where}: must have no body, got {response.text[:200]!r}"
        return None
    contents = documented["content"]
    expected_type = media_type(response)
    assert expected_type in contents, (
        f"{where}: content-type {response.headers.get('content-type')!r}, "
        f"documented {sorted(contents)}; body {response.text[:300]!r}"
    )
    media = contents[expected_type]
    body = json.loads(response.content)
    errors = schema_errors(body, media["schema"]["$ref"])
    assert not errors, f"{where}: body breaks {media['schema']['$ref']}: " + "; ".join(errors[:5])
    if expected_type == PROBLEM_JSON:
        check_problem(body, status, where)
    return body
