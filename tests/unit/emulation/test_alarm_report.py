"""`compute-local alarms`' text: what each alarm watches and when it alarms, one line each, and
the table. Pure: the alarms are `describe_alarms` entries as moto returns them."""

from __future__ import annotations

from typing import Any

from emulation.alarms.report import condition, render, watched

ERRORS: dict[str, Any] = {
    "AlarmName": "compute-sync-errors",
    "Namespace": "AWS/Lambda",
    "MetricName": "Errors",
    "Dimensions": [{"Name": "FunctionName", "Value": "compute-sync"}],
    "Statistic": "Sum",
    "Period": 60,
    "ComparisonOperator": "GreaterThanOrEqualToThreshold",
    "Threshold": 1.0,
    "EvaluationPeriods": 1,
    "TreatMissingData": "notBreaching",
}
BACKLOG: dict[str, Any] = {
    "AlarmName": "scrape-backlog-upper",
    "ComparisonOperator": "GreaterThanOrEqualToThreshold",
    "Threshold": 0.5,
    "EvaluationPeriods": 3,
    "DatapointsToAlarm": 2,
    "Metrics": [
        {"Id": "expr_1", "Expression": "visible + inflight", "ReturnData": True},
        {
            "Id": "visible",
            "ReturnData": False,
            "MetricStat": {
                "Metric": {
                    "Namespace": "AWS/SQS",
                    "MetricName": "ApproximateNumberOfMessagesVisible",
                    "Dimensions": [{"Name": "QueueName", "Value": "scrape"}],
                },
                "Period": 60,
                "Stat": "Maximum",
            },
        },
    ],
}


def test_a_metric_alarm_names_its_statistic_metric_dimensions_and_period() -> None:
    assert watched(ERRORS) == "Sum AWS/Lambda Errors {FunctionName=compute-sync} per 60s"
    p95 = {**ERRORS, "Statistic": None, "ExtendedStatistic": "p95", "MetricName": "Latency"}
    assert watched(p95).startswith("p95 AWS/Lambda Latency ")


def test_metric_math_shows_the_returned_expression_and_its_inputs() -> None:
    assert watched(BACKLOG) == (
        "visible + inflight (visible = Maximum AWS/SQS ApproximateNumberOfMessagesVisible "
        "{QueueName=scrape} per 60s)"
    )


def test_the_condition_reads_as_a_comparison_over_periods() -> None:
    assert condition(ERRORS) == ">= 1 for 1 of 1 periods, missing data notBreaching"
    assert condition(BACKLOG) == ">= 0.5 for 2 of 3 periods"
    band = {"ComparisonOperator": "LessThanLowerThreshold", "ThresholdMetricId": "ad1"}
    assert (
        condition({**band, "EvaluationPeriods": 2})
        == "LessThanLowerThreshold ad1 for 2 of 2 periods"
    )


def entry(alarm: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    base = {
        "alarm": alarm["AlarmName"],
        "metric": watched(alarm),
        "condition": condition(alarm),
        "state": "OK",
        "reason": "",
        "actions_enabled": True,
        "actions": [],
        "can_fire_locally": True,
        "why": "its metric is emitted locally",
    }
    return {**base, **overrides}


def test_the_table_has_one_row_per_alarm_with_reasons_under_it() -> None:
    text = render(
        [
            entry(ERRORS, state="ALARM", reason="Threshold Crossed: 1 datapoint [2.0]"),
            entry(
                BACKLOG,
                actions_enabled=False,
                can_fire_locally=False,
                why="metric math not evaluated locally: FILL",
            ),
        ]
    )
    lines = text.splitlines()
    assert lines[0] == "2 alarms; 1 can fire locally, 1 cannot"
    header, first, *under_first = lines[1:6]
    second, *under_second = lines[6:]
    assert header.split() == ["STATE", "ACTIONS", "LOCALLY", "ALARM"]
    # Columns line up: each row's alarm name starts where the header's ALARM does.
    column = header.index("ALARM")
    assert first[column:] == "compute-sync-errors"
    assert second[column:] == "scrape-backlog-upper"
    assert first.split()[:3] == ["ALARM", "enabled", "fires"]
    assert second.split()[:4] == ["OK", "disabled", "CANNOT", "FIRE"]
    assert under_first == [
        f"    metric: {watched(ERRORS)}",
        f"    alarms when: {condition(ERRORS)}",
        "    last reason: Threshold Crossed: 1 datapoint [2.0]",
    ]
    assert under_second == [
        f"    metric: {watched(BACKLOG)}",
        f"    alarms when: {condition(BACKLOG)}",
        "    why: metric math not evaluated locally: FILL",
    ]
