"""The AWS event-filter pattern syntax, and filters OR'ed over a record."""

from __future__ import annotations

import json
from typing import Any

import pytest

from emulation.event_sources.semantics.filters import matches_any, pattern_matches


@pytest.mark.parametrize(
    ("pattern", "data", "expected"),
    [
        ({"a": ["x"]}, {"a": "x"}, True),
        ({"a": ["x"]}, {"a": "y"}, False),
        ({"a": [{"prefix": "ta"}]}, {"a": "tattoo"}, True),
        ({"a": [{"suffix": "oo"}]}, {"a": "tattoo"}, True),
        ({"a": [{"anything-but": ["x", "y"]}]}, {"a": "z"}, True),
        ({"a": [{"anything-but": "x"}]}, {"a": "x"}, False),
        ({"a": [{"anything-but": {"prefix": "t"}}]}, {"a": "tattoo"}, False),
        ({"a": [{"numeric": [">", 0, "<=", 5]}]}, {"a": 5}, True),
        ({"a": [{"numeric": [">", 0, "<=", 5]}]}, {"a": 6}, False),
        ({"a": [{"numeric": ["=", 3]}]}, {"a": "3"}, True),  # DynamoDB N values are strings
        ({"a": [{"exists": True}]}, {"a": None}, True),
        ({"a": [{"exists": False}]}, {}, True),
        ({"a": [{"exists": False}]}, {"a": 1}, False),
        ({"a": {"b": ["x"]}}, {"a": {"b": "x"}}, True),
        ({"a": {"b": ["x"]}}, {"a": "x"}, False),
        ({"a": ["x"]}, {"a": ["w", "x"]}, True),  # any element of an array
        ({"a": ["x"], "b": ["y"]}, {"a": "x"}, False),  # fields are AND'ed
        ({"a": [True]}, {"a": 1}, False),
        ({"a": [{"equals-ignore-case": "INK"}]}, {"a": "ink"}, True),
    ],
)
def test_filter_pattern_syntax(pattern: dict[str, Any], data: Any, expected: bool) -> None:
    assert pattern_matches(pattern, data) is expected


def test_filters_are_ored_and_sqs_json_bodies_are_parsed() -> None:
    record = {"eventSource": "aws:sqs", "body": json.dumps({"type": "scrape"})}
    plain = {"eventSource": "aws:sqs", "body": "scrape"}

    assert matches_any([{"body": {"type": ["x"]}}, {"body": {"type": ["scrape"]}}], record)
    assert not matches_any([{"body": {"type": ["scrape"]}}], plain)
    assert matches_any([{"body": ["scrape"]}], plain)
    assert matches_any([], plain)
