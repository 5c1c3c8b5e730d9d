"""Event filtering as Lambda does it: the AWS event-filter pattern syntax, filters OR'ed, an SQS
JSON body matched as JSON."""

from __future__ import annotations

import contextlib
import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

from emulation.event_sources.semantics.mapping import MappingError


def filter_input(record: Mapping[str, Any]) -> dict[str, Any]:
    """What a pattern is matched against: the record, with an SQS JSON body parsed."""
    data = dict(record)
    if record.get("eventSource") == "aws:sqs":
        # A plain-text body only matches plain values.
        with contextlib.suppress(TypeError, ValueError):
            data["body"] = json.loads(record["body"])
    return data


def matches_any(patterns: Sequence[Mapping[str, Any]], record: Mapping[str, Any]) -> bool:
    """True when there are no filters or any filter matches (filters are OR'ed, as in AWS)."""
    if not patterns:
        return True
    data = filter_input(record)
    return any(pattern_matches(pattern, data) for pattern in patterns)


def pattern_matches(pattern: Mapping[str, Any], data: Any) -> bool:
    """AWS event-filter pattern: every field must match (AND); a field lists alternatives (OR)."""
    for key, expected in pattern.items():
        present = isinstance(data, Mapping) and key in data
        value = data.get(key) if isinstance(data, Mapping) else None
        if isinstance(expected, Mapping):
            if not present or not pattern_matches(expected, value):
                return False
            continue
        if not isinstance(expected, list):
            raise MappingError(
                f"filter field {key!r}: expected a list of matchers, got {expected!r}"
            )
        if not any(_matcher_matches(m, present, value) for m in expected):
            return False
    return True


def _matcher_matches(matcher: Any, present: bool, value: Any) -> bool:
    if isinstance(matcher, Mapping):
        if "exists" in matcher:
            return bool(matcher["exists"]) == present
        if not present:
            return False
        return any(_rule_matches(matcher, item) for item in _values(value))
    if not present:
        return False
    return any(_equal(matcher, item) for item in _values(value))


def _values(value: Any) -> list[Any]:
    """A list in the event matches when any of its elements does."""
    return list(value) if isinstance(value, list) else [value]


def _equal(expected: Any, value: Any) -> bool:
    if isinstance(expected, bool) or isinstance(value, bool):
        return expected is value
    if isinstance(expected, int | float) and isinstance(value, int | float):
        return math.isclose(expected, value)
    return bool(expected == value)


def _rule_matches(rule: Mapping[str, Any], value: Any) -> bool:
    if "prefix" in rule:
        prefix = rule["prefix"]
        if isinstance(prefix, Mapping):  # {"prefix": {"equals-ignore-case": "x"}}
            wanted = str(prefix.get("equals-ignore-case", "")).lower()
            return isinstance(value, str) and value.lower().startswith(wanted)
        return isinstance(value, str) and value.startswith(prefix)
    if "suffix" in rule:
        return isinstance(value, str) and value.endswith(rule["suffix"])
    if "equals-ignore-case" in rule:
        return isinstance(value, str) and value.lower() == str(rule["equals-ignore-case"]).lower()
    if "anything-but" in rule:
        excluded = rule["anything-but"]
        if isinstance(excluded, Mapping):
            return not _rule_matches(excluded, value)
        excluded_values = excluded if isinstance(excluded, list) else [excluded]
        return not any(_equal(item, value) for item in excluded_values)
    if "numeric" in rule:
        return _numeric_matches(rule["numeric"], value)
    raise MappingError(f"unsupported filter rule {dict(rule)!r}")


def _numeric_matches(conditions: Sequence[Any], value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return False
    try:
        number = float(value)
    except ValueError:
        return False
    compare = {
        "=": number.__eq__,
        "<": number.__lt__,
        "<=": number.__le__,
        ">": number.__gt__,
        ">=": number.__ge__,
    }
    pairs = zip(conditions[::2], conditions[1::2], strict=True)
    return all(compare[operator](float(bound)) for operator, bound in pairs)
