"""The data a page writes for its scripts as JavaScript rather than JSON: Nuxt 2's
`window.__NUXT__=(function(a,b,...){return {...}}("x","y",...))`, an object literal with bare
keys whose repeated values are passed as arguments, and a hand-written `var GUESTS = [{ name:
"x", ig: "y" }]`. Read without running it. Pure."""

from __future__ import annotations

import json
import re
from typing import Any

_PAYLOAD = re.compile(
    r"^\s*(?:window\.)?[\w$.]+\s*=\s*\(\s*function\s*\(([\w$,\s]*)\)\s*\{\s*return\s+(.*)\}"
    r"\s*\((.*)\)\s*\)\s*;?\s*$",
    re.S,
)
_TOKEN = re.compile(
    r"\s+|\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|void\s+0\b|-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|"
    r"[A-Za-z_$][\w$]*|[{}\[\],:]",
    re.I,
)
_LITERALS = {"true": "true", "false": "false", "null": "null", "undefined": "null"}


def _single_quoted(token: str) -> str:
    return json.dumps(token[1:-1].replace("\\'", "'").replace('\\"', '"'))


def _to_json(source: str, values: dict[str, str]) -> str | None:
    """A JavaScript object/array literal as JSON text: bare keys quoted, parameters replaced
    by the arguments' JSON, `void 0` as null; None for anything else (calls, operators)."""
    out: list[str] = []
    last = ""
    at = 0
    while at < len(source):
        match = _TOKEN.match(source, at)
        if match is None:
            return None
        token = match.group(0)
        at = match.end()
        if token.isspace():
            continue
        rest = source[at:].lstrip()
        if token[0] in "\"'" and last in ("{", ",") and rest.startswith(":"):
            out.append(json.dumps(json.loads(token) if token[0] == '"' else token[1:-1]))
        elif token[0] == "'":
            out.append(_single_quoted(token))
        elif token.startswith("void"):
            out.append("null")
        elif token[0].isalpha() or token[0] in "_$":
            if last in ("{", ",") and rest.startswith(":"):
                out.append(json.dumps(token))
            elif token in values:
                out.append(values[token])
            elif token in _LITERALS:
                out.append(_LITERALS[token])
            else:
                return None
        else:
            out.append(token)
        last = token
    return "".join(out)


def framework_payload(script: str) -> Any:
    """The object a `x = (function(params){return {...}}(args))` script assigns, or None."""
    match = _PAYLOAD.match(script)
    if match is None:
        return None
    params = [p.strip() for p in match.group(1).split(",") if p.strip()]
    arguments = _to_json(f"[{match.group(3)}]", {})
    if arguments is None:
        return None
    try:
        values = json.loads(arguments)
    except ValueError:
        return None
    if not isinstance(values, list):
        return None
    bound = {p: json.dumps(values[i] if i < len(values) else None) for i, p in enumerate(params)}
    body = _to_json(match.group(2), bound)
    if body is None:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return None


_ASSIGNMENT = re.compile(r"(?:\b(?:var|let|const)\s+[\w$]+|\bwindow\.[\w$]+)\s*=\s*(?=[\[{])")
_COMMENT = re.compile(r"^\s*//[^\n]*$|/\*.*?\*/", re.M | re.S)
_CLOSING = {"[": "]", "{": "}"}


def _literal_at(source: str, start: int) -> str | None:
    """The bracketed literal starting at `start` (strings respected), or None."""
    depth: list[str] = []
    quote = ""
    at = start
    while at < len(source):
        char = source[at]
        if quote:
            if char == "\\":
                at += 1
            elif char == quote:
                quote = ""
        elif char in "\"'`":
            quote = char
        elif char in _CLOSING:
            depth.append(_CLOSING[char])
        elif char in "]}":
            if not depth or depth.pop() != char:
                return None
            if not depth:
                return source[start : at + 1]
        at += 1
    return None


def assigned_literals(script: str) -> list[Any]:
    """The object and array literals a script assigns to variables, as JSON values; those
    that are not plain data (calls, operators, template strings) are left out."""
    source = _COMMENT.sub("", script)
    found: list[Any] = []
    for match in _ASSIGNMENT.finditer(source):
        literal = _literal_at(source, match.end())
        text = _to_json(literal, {}) if literal else None
        if text is None:
            continue
        try:
            found.append(json.loads(text))
        except ValueError:
            continue
    return found


def component_state(attribute: str) -> Any:
    """The object literal a component's state attribute holds (`x-data="{ team: [...] }"`),
    as JSON data; None when it is not plain data (a function call, a getter, methods)."""
    source = _COMMENT.sub("", attribute).strip()
    if not source.startswith("{"):
        return None
    literal = _literal_at(source, 0)
    text = _to_json(literal, {}) if literal else None
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


# Astro's serialization of an island's props: each value tagged with its type, `[0, value]`
# (an object's values tagged in turn), `[1, [tagged, ...]]` an array, `[4, ...]` a Map,
# `[5, ...]` a Set; other tags (dates, URLs, typed arrays) carry their value as written.
_ASTRO_TAGS = range(12)


def _tagged(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], int)
        and not isinstance(value[0], bool)
        and value[0] in _ASTRO_TAGS
    )


def _untag(value: Any) -> Any:
    if not _tagged(value):
        return value
    tag, inner = value
    if tag == 0 and isinstance(inner, dict):
        return {key: _untag(item) for key, item in inner.items()}
    if tag in (1, 5) and isinstance(inner, list):
        return [_untag(item) for item in inner]
    if tag == 4 and isinstance(inner, list):  # a Map: [[key, value], ...], each tagged
        pairs = [_untag(item) for item in inner]
        return {str(p[0]): p[1] for p in pairs if isinstance(p, list) and len(p) == 2}
    return inner


def island_props(attribute: str) -> Any:
    """A component's JSON attribute as plain data (an Astro island's `props` with its type
    tags taken off: `{"name": [0, "Elif"], "artists": [1, [[0, {...}]]]}`; other JSON as it
    is); None when it is not JSON."""
    try:
        value = json.loads(attribute)
    except (ValueError, RecursionError):
        return None
    if isinstance(value, dict) and value and all(_tagged(v) for v in value.values()):
        return {key: _untag(item) for key, item in value.items()}
    return value
