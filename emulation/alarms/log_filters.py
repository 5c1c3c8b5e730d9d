"""Metric filters evaluated on log events, as CloudWatch Logs does (matching is pure).

Patterns understood: the empty pattern (every event), space-separated terms that must all
appear (`ERROR "disk full"`; a `-term` must not), and JSON patterns over the event's JSON
(`{ $.detail.lastStatus = "STOPPED" }`, `=`/`!=` with strings (a trailing `*` is a prefix) or
numbers, `<`, `<=`, `>`, `>=`, `IS NULL`/`NOT EXISTS`, joined by `&&` or `||`, parentheses).
A matching event adds the transformation's MetricValue (a number or `$.field`); a filter with a
DefaultValue adds that for an event that does not match. Anything else raises
`UnsupportedPattern` at deploy, so the report says which filter is not evaluated.
"""

from __future__ import annotations

import json
import re
import shlex
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

_COMPARISON = re.compile(
    r"^\s*(\$[\w.\[\]]+)\s*(=|!=|<=|>=|<|>)\s*(\"(?:[^\"\\]|\\.)*\"|[-\w.*]+)\s*$"
)
_ABSENT = re.compile(r"^\s*(\$[\w.\[\]]+)\s+(IS NULL|NOT EXISTS)\s*$", re.IGNORECASE)


class UnsupportedPattern(ValueError):
    """A filter pattern the local evaluator does not understand."""


Matcher = Callable[[str, Any], bool]  # (raw message, parsed JSON or None)


def compile_pattern(pattern: str) -> Matcher:
    text = pattern.strip()
    if not text:
        return lambda _message, _document: True
    if text.startswith("{") and text.endswith("}"):
        test = _json_expression(text[1:-1].strip(), pattern)
        return lambda _message, document: document is not None and test(document)
    if text.startswith("[") or text.startswith("%"):
        raise UnsupportedPattern(f"space-delimited and regex patterns are not evaluated: {pattern}")
    try:
        terms = shlex.split(text)
    except ValueError as error:
        raise UnsupportedPattern(f"cannot read pattern {pattern!r}: {error}") from error
    wanted = [t for t in terms if not t.startswith("-")]
    unwanted = [t[1:] for t in terms if t.startswith("-")]
    return lambda message, _document: (
        all(t in message for t in wanted) and not any(t in message for t in unwanted)
    )


def _json_expression(text: str, pattern: str) -> Callable[[Any], bool]:
    depth, cut, operator = 0, -1, ""
    for i, char in enumerate(text):
        depth += char == "("
        depth -= char == ")"
        if (
            depth == 0
            and text[i : i + 2] in ("&&", "||")
            and (not operator or text[i : i + 2] == "||")
        ):
            cut, operator = i, text[i : i + 2]
    if cut >= 0:
        left = _json_expression(text[:cut].strip(), pattern)
        right = _json_expression(text[cut + 2 :].strip(), pattern)
        if operator == "&&":
            return lambda d: left(d) and right(d)
        return lambda d: left(d) or right(d)
    if text.startswith("(") and text.endswith(")"):
        return _json_expression(text[1:-1].strip(), pattern)
    if absent := _ABSENT.match(text):
        path = absent.group(1)
        return lambda d: _select(d, path) is None
    comparison = _COMPARISON.match(text)
    if comparison is None:
        raise UnsupportedPattern(f"cannot read {text!r} in {pattern!r}")
    path, op, raw = comparison.groups()
    if raw.startswith('"'):
        value: Any = json.loads(raw)
    else:
        try:
            value = float(raw)
        except ValueError:
            value = raw
    return lambda d: _compare(_select(d, path), op, value)


def _select(document: Any, path: str) -> Any:
    current = document
    for part in re.findall(r"[^.\[\]]+", path[1:]):
        if isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        elif isinstance(current, Mapping) and part in current:
            current = current[part]
        else:
            return None
    return current


def _compare(found: Any, op: str, value: Any) -> bool:
    if found is None:
        return False
    if isinstance(value, str):
        if op not in ("=", "!="):
            return False
        text = str(found)
        same = text.startswith(value[:-1]) if value.endswith("*") else text == value
        return same if op == "=" else not same
    if isinstance(found, bool) or not isinstance(found, int | float):
        return op == "!="
    outcome: dict[str, bool] = {
        "=": found == value,
        "!=": found != value,
        "<": found < value,
        "<=": found <= value,
        ">": found > value,
        ">=": found >= value,
    }
    return outcome[op]


@dataclass(frozen=True)
class MetricFilter:
    name: str
    log_group: str
    matcher: Matcher
    namespace: str
    metric: str
    value: str  # a number, or $.field of the event
    default: float | None
    dimensions: Mapping[str, str]  # dimension -> $.field

    @classmethod
    def from_template(
        cls, name: str, log_group: str, properties: Mapping[str, Any]
    ) -> MetricFilter:
        [transformation] = properties["MetricTransformations"]
        default = transformation.get("DefaultValue")
        return cls(
            name=name,
            log_group=log_group,
            matcher=compile_pattern(str(properties.get("FilterPattern", ""))),
            namespace=str(transformation["MetricNamespace"]),
            metric=str(transformation["MetricName"]),
            value=str(transformation["MetricValue"]),
            default=None if default is None else float(default),
            dimensions=dict(transformation.get("Dimensions") or {}),
        )

    def measure(self, message: str) -> tuple[float, dict[str, str]] | None:
        """The datum one log event gives (value, dimensions), or None."""
        try:
            document = json.loads(message) if message.lstrip().startswith("{") else None
        except ValueError:
            document = None
        if not self.matcher(message, document):
            return None if self.default is None else (self.default, {})
        if self.value.startswith("$."):
            found = _select(document, self.value)
            if not isinstance(found, int | float) or isinstance(found, bool):
                return None
            value = float(found)
        else:
            value = float(self.value)
        dimensions = {k: str(_select(document, v)) for k, v in self.dimensions.items()}
        return value, dimensions


class MetricFilters:
    """The deployed filters by log group; `events(group, messages)` turns events into data."""

    def __init__(self, put: Callable[[str, str, Mapping[str, str], float], None]) -> None:
        self.put = put  # (namespace, metric, dimensions, value)
        self._by_group: dict[str, list[MetricFilter]] = {}
        self._lock = threading.Lock()

    def add(self, metric_filter: MetricFilter) -> None:
        with self._lock:
            self._by_group.setdefault(metric_filter.log_group, []).append(metric_filter)

    def events(self, log_group: str, messages: Iterable[str]) -> None:
        filters = self._by_group.get(log_group)
        if not filters:
            return
        for message in messages:
            for metric_filter in filters:
                datum = metric_filter.measure(message)
                if datum is not None:
                    value, dimensions = datum
                    self.put(metric_filter.namespace, metric_filter.metric, dimensions, value)
