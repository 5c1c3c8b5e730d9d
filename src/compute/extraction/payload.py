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


def island_props(attribute: str) -> Any:
    """An Astro island's `props` attribute as plain data: Astro writes each value as a
    `[type, value]` pair (0 a value or an object of pairs, 1 an array of pairs); None when it
    is not JSON."""
    try:
        return _unpaired(json.loads(attribute))
    except (ValueError, RecursionError):
        return None


def _unpaired(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _unpaired(inner) for key, inner in value.items()}
    if isinstance(value, list) and len(value) == 2 and value[0] in (0, 1):
        kind, inner = value
        if kind == 1 and isinstance(inner, list):
            return [_unpaired(item) for item in inner]
        return _unpaired(inner) if isinstance(inner, (dict, list)) else inner
    if isinstance(value, list):
        return [_unpaired(item) for item in value]
    return value
