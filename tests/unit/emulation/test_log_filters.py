"""Metric filters on log events, and the ECS task-failure rule's pattern that feeds the stack's
filter (pure: no cloud)."""

from __future__ import annotations

import json

import pytest

from emulation.alarms.log_filters import MetricFilter, MetricFilters, UnsupportedPattern
from emulation.ecs import task_state_change_event
from emulation.schedules import matches

FAILURES = {
    "FilterPattern": '{ $.detail.lastStatus = "STOPPED" }',
    "MetricTransformations": [
        {
            "MetricNamespace": "TattooDirectory",
            "MetricName": "ScraperTaskFailures",
            "MetricValue": "1",
            "DefaultValue": 0,
        }
    ],
}
# The shape of the stack's ScraperTaskFailedRule pattern ($or, anything-but inside an array).
RULE = {
    "source": ["aws.ecs"],
    "detail-type": ["ECS Task State Change"],
    "detail": {
        "clusterArn": ["arn:aws:ecs:eu-west-2:123456789012:cluster/c"],
        "lastStatus": ["STOPPED"],
        "$or": [
            {"stopCode": ["TaskFailedToStart"]},
            {"containers": {"exitCode": [{"anything-but": 0}]}},
        ],
    },
}


def task(exit_code: int | None, stop_code: str = "EssentialContainerExited") -> dict[str, object]:
    container: dict[str, object] = {"name": "scraper", "lastStatus": "STOPPED"}
    if exit_code is not None:
        container["exitCode"] = exit_code
    return {
        "taskArn": "arn:aws:ecs:eu-west-2:123456789012:task/c/1",
        "clusterArn": "arn:aws:ecs:eu-west-2:123456789012:cluster/c",
        "lastStatus": "STOPPED",
        "stopCode": stop_code,
        "containers": [container],
    }


def test_the_rule_takes_failed_tasks_and_leaves_clean_exits() -> None:
    assert matches(RULE, task_state_change_event(task(1)))
    assert matches(RULE, task_state_change_event(task(None, "TaskFailedToStart")))
    assert not matches(RULE, task_state_change_event(task(0)))


def test_the_filter_counts_each_stopped_task_event_and_defaults_others_to_zero() -> None:
    data: list[tuple[str, str, float]] = []
    filters = MetricFilters(lambda ns, name, dims, value: data.append((ns, name, value)))
    filters.add(MetricFilter.from_template("f", "task-events", FAILURES))
    event = json.dumps(task_state_change_event(task(137)))
    filters.events("task-events", [event, '{"detail": {"lastStatus": "RUNNING"}}', "plain text"])
    filters.events("another-group", [event])
    assert data == [
        ("TattooDirectory", "ScraperTaskFailures", 1.0),
        ("TattooDirectory", "ScraperTaskFailures", 0.0),
        ("TattooDirectory", "ScraperTaskFailures", 0.0),
    ]


@pytest.mark.parametrize(
    ("pattern", "message", "matched"),
    [
        ("", "anything", True),
        ("ERROR", "an ERROR here", True),
        ('ERROR "disk full"', "ERROR: disk full", True),
        ("ERROR -retry", "ERROR then retry", False),
        ("{ $.latency > 500 }", '{"latency": 730}', True),
        ('{ $.latency > 500 && $.route = "/v1*" }', '{"latency": 730, "route": "/v2"}', False),
        ('{ $.a = "x" || ($.b = 1 && $.c NOT EXISTS) }', '{"b": 1}', True),
    ],
)
def test_patterns(pattern: str, message: str, matched: bool) -> None:
    properties = {**FAILURES, "FilterPattern": pattern}
    properties["MetricTransformations"] = [
        {**FAILURES["MetricTransformations"][0], "DefaultValue": None}  # type: ignore[index]
    ]
    measured = MetricFilter.from_template("f", "g", properties).measure(message)
    assert (measured is not None) is matched


def test_a_pattern_the_evaluator_cannot_read_is_refused_at_deploy() -> None:
    with pytest.raises(UnsupportedPattern):
        MetricFilter.from_template("f", "g", {**FAILURES, "FilterPattern": "[ip, user, ...]"})
