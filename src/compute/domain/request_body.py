"""A request body parsed at the edge: JSON within size and depth limits, every string valid
Unicode, and errors that name what is wrong in the client's terms (JSON types, not Python's).

`json.loads` recurses once per nesting level, so a body of a thousand `[` raises
RecursionError (not a ValueError); and JSON's `\\ud800` escape yields a lone surrogate that no
encoder downstream accepts. Both are the client's mistakes and must be a 400, so the body is
measured and scanned before it is decoded, and its strings are checked after.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from compute.domain.errors import Problem, ValidationError

# Far above any body the API takes (a removal request is under 3 KB), far below Lambda's 6 MB.
MAX_BODY_BYTES = 16_384
# An API body is an object of scalars, maybe one level more: 32 levels is generous.
MAX_BODY_DEPTH = 32

_SURROGATE = re.compile("[\ud800-\udfff]")
# Only the characters that open or close a level, or start or end a string, matter to the scan.
_STRUCTURE = re.compile(r'["\[\]{}]')


def json_type(value: object) -> str:
    """The JSON name of a parsed value, with its article (`an array`, `a number`)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (list, tuple)):
        return "an array"
    return "an object"


def nesting_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in JSON `text`, brackets inside strings
    ignored; linear and without recursion, so it is safe on any input."""
    depth = deepest = 0
    in_string = False
    for match in _STRUCTURE.finditer(text):
        char = match.group()
        if char == '"':
            if not _escaped_before(text, match.start()):
                in_string = not in_string
        elif in_string:
            continue
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _escaped_before(text: str, position: int) -> bool:
    """Whether the character at `position` is escaped (an odd run of backslashes before it)."""
    run = 0
    while position - run - 1 >= 0 and text[position - run - 1] == "\\":
        run += 1
    return run % 2 == 1


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every string of a parsed body (member names too) with the field that holds it."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for position, element in enumerate(value):
            yield from _strings(element, f"{path}[{position}]")
    elif isinstance(value, dict):
        for name, member in value.items():
            if _SURROGATE.search(name):
                # A problem must not echo the bad text: name the object that holds it.
                yield path or "body", name
                continue
            field = f"{path}.{name}" if path else name
            yield field, name
            yield from _strings(member, field)


def check_unicode(value: Any, path: str = "") -> None:
    """ValidationError naming every field whose text holds a lone surrogate: a UTF-16 half
    that is no character, which JSON's `\\u` escapes can spell but UTF-8 cannot store."""
    problems = [
        Problem(field or "body", "must be valid Unicode text (it holds a lone surrogate)")
        for field, text in _strings(value, path)
        if _SURROGATE.search(text)
    ]
    if problems:
        raise ValidationError(dict.fromkeys(problems))


def parse_json_body(
    text: str, *, max_bytes: int = MAX_BODY_BYTES, max_depth: int = MAX_BODY_DEPTH
) -> Any:
    """The value of a JSON body, or ValidationError (field `body`, or the field whose text is
    not valid Unicode) when it is too large, nested too deep, not JSON, or not Unicode."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise ValidationError.single("body", f"must be at most {max_bytes} bytes, got {size}")
    if nesting_depth(text) > max_depth:
        raise ValidationError.single(
            "body", f"must not nest arrays or objects more than {max_depth} levels deep"
        )
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        raise ValidationError.single("body", "must be a JSON object") from None
    check_unicode(value)
    return value
