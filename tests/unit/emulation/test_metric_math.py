"""Metric math as alarms evaluate it, period by period (pure)."""

from __future__ import annotations

import pytest

from emulation.alarms.metric_math import UnsupportedExpression, evaluate, problem


def test_the_backlog_expression_adds_visible_and_in_flight() -> None:
    series = {"visible": [10.0, 40.0, None], "inflight": [5.0, 20.0, 3.0]}
    assert evaluate("visible + inflight", series) == [15.0, 60.0, None]


def test_fill_supplies_a_missing_period_and_aggregates_use_what_is_present() -> None:
    series = {"a": [1.0, None], "b": [None, None]}
    assert evaluate("FILL(a, 0) + FILL(b, 0)", series) == [1.0, 0.0]
    assert evaluate("SUM([a, b])", series) == [1.0, None]
    assert evaluate("MAX([a, 2 * a])", series) == [2.0, None]


def test_precedence_parentheses_unary_minus_and_division_by_zero() -> None:
    series = {"e": [2.0, 1.0], "i": [4.0, 0.0]}
    assert evaluate("100 * e / i", series) == [50.0, None]
    assert evaluate("-(e - i) * 2", series) == [4.0, -2.0]


def test_what_is_not_evaluated_locally_is_named() -> None:
    with pytest.raises(UnsupportedExpression, match="ANOMALY_DETECTION_BAND"):
        evaluate("ANOMALY_DETECTION_BAND(m1, 2)", {"m1": [1.0]})
    queries = [
        {"Id": "e", "Expression": "a + b", "ReturnData": True},
        {"Id": "a", "MetricStat": {"Stat": "Sum"}, "ReturnData": False},
        {"Id": "b", "MetricStat": {"Stat": "tm99"}, "ReturnData": False},
    ]
    assert problem(queries) == "statistic tm99 of b is not evaluated locally"
    assert (
        problem([queries[0], {**queries[1]}, {**queries[2], "MetricStat": {"Stat": "Maximum"}}])
        is None
    )
