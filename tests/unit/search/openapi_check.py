"""Validate an API reply against contracts/openapi.yaml: the documented status of the route,
its content type, and the body against the response's component schema (jsonschema)."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from compute.contracts import openapi

DOCUMENT_URI = "urn:tattoo-directory:openapi"


@cache
def _document() -> dict[str, Any]:
    return openapi()


@cache
def _registry() -> Registry:
    resource = Resource(contents=_document(), specification=DRAFT202012)
    return Registry().with_resource(DOCUMENT_URI, resource)


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        ref = node["$ref"].removeprefix("#/")
        target: Any = _document()
        for part in ref.split("/"):
            target = target[part]
        node = target
    return node


def _template(path: str) -> str | None:
    for template in _document()["paths"]:
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if re.match(pattern, path):
            return str(template)
    return None


def check_reply(method: str, path: str, reply: dict[str, Any]) -> Any:
    """Assert that `reply` (a Lambda proxy result) is what openapi.yaml documents; the body."""
    status = str(int(reply["statusCode"]))
    headers = {k.lower(): v for k, v in (reply.get("headers") or {}).items()}
    template = _template(path)
    if template is None:  # no such route: the API answers the shared NotFound problem
        responses = {"404": _document()["components"]["responses"]["NotFound"]}
    else:
        responses = _document()["paths"][template][method.lower()]["responses"]
    assert status in responses, f"{method} {path} answered {status}, not documented"
    response = _resolve(responses[status])
    for name, spec in (response.get("headers") or {}).items():
        # Every documented header is sent, unless the spec marks it optional.
        if _resolve(spec).get("required") is False and name.lower() not in headers:
            continue
        assert name.lower() in headers, f"{method} {path} {status} lacks the {name} header"
        value: Any = headers[name.lower()]
        header_schema = _resolve(spec)["schema"]
        if header_schema.get("type") == "integer":
            assert str(value).isdigit(), f"{name} must be an integer, got {value!r}"
            value = int(value)
        jsonschema.validate(value, header_schema)
    if "content" not in response:
        assert not reply.get("body"), f"{status} must have no body"
        return None
    content_type = headers.get("content-type", "").split(";", 1)[0].strip()
    assert content_type in response["content"], f"{method} {path} {status}: {content_type}"
    media = response["content"][content_type]
    body = json.loads(reply["body"])
    pointer = media["schema"]["$ref"]
    validator = jsonschema.Draft202012Validator(
        {"$ref": f"{DOCUMENT_URI}{pointer}"},
        registry=_registry(),
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )
    errors = sorted(validator.iter_errors(body), key=lambda e: list(e.path))
    assert not errors, f"{method} {path} {status}: " + "; ".join(
        f"{list(e.path)}: {e.message}" for e in errors[:5]
    )
    return body
