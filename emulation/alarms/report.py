"""`compute-local alarms`: every alarm of the running cloud as moto holds it (the deployed
template's): what it watches, its condition, state and last reason, whether its actions are
enabled, and whether it can fire locally."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from emulation.alarms.reach import (
    LocalMetric,
    dimensions_of,
    observed_metrics,
    reach,
    service_metrics,
    show_dimensions,
)
from emulation.aws import client


def alarm_report(
    endpoint_url: str, sources: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """One entry per alarm: name, what it watches (`metric`: a metric or a math expression),
    its `condition`, state, last reason, `actions_enabled` and its alarm `actions`, can it fire
    locally and why (not).
    `sources` is the running cloud's `metric_sources()` (its APIs, stream mappings and Container
    Insights services, which moto does not hold)."""
    cloudwatch = client("cloudwatch", endpoint_url)
    functions = [
        f["FunctionName"]
        for page in client("lambda", endpoint_url).get_paginator("list_functions").paginate()
        for f in page["Functions"]
    ]
    queues = [
        url.rsplit("/", 1)[-1]
        for url in client("sqs", endpoint_url).list_queues().get("QueueUrls", [])
    ]
    state_machines = [
        m["stateMachineArn"]
        for page in client("stepfunctions", endpoint_url)
        .get_paginator("list_state_machines")
        .paginate()
        for m in page["stateMachines"]
    ]
    local = (
        service_metrics(
            functions,
            queues,
            state_machines,
            apis=(sources or {}).get("apis", []),
            stream_functions=(sources or {}).get("stream_functions", []),
            services=(sources or {}).get("services", []),
        )
        | observed_metrics(cloudwatch.get_paginator("list_metrics").paginate())
        | filter_metrics(client("logs", endpoint_url))
    )
    entries = []
    for page in cloudwatch.get_paginator("describe_alarms").paginate():
        for alarm in page["MetricAlarms"]:
            verdict = reach(alarm, local)
            entries.append(
                {
                    "alarm": alarm["AlarmName"],
                    "metric": watched(alarm),
                    "condition": condition(alarm),
                    "state": alarm["StateValue"],
                    "reason": alarm.get("StateReason", ""),
                    "actions_enabled": bool(alarm.get("ActionsEnabled", True)),
                    "actions": list(alarm.get("AlarmActions", [])),
                    "can_fire_locally": verdict.can_fire,
                    "why": verdict.reason,
                }
            )
    return sorted(entries, key=lambda e: (not e["can_fire_locally"], e["alarm"]))


def filter_metrics(logs: Any) -> set[LocalMetric]:
    """The metrics the deployed metric filters emit (dimensions named by the transformation)."""
    return {
        LocalMetric(
            t["metricNamespace"],
            t["metricName"],
            frozenset((k, "*") for k in (t.get("dimensions") or {})),
        )
        for page in logs.get_paginator("describe_metric_filters").paginate()
        for f in page["metricFilters"]
        for t in f["metricTransformations"]
    }


# CloudWatch's comparison operators as a reader writes them (anomaly bands keep their name).
_OPERATORS = {
    "GreaterThanOrEqualToThreshold": ">=",
    "GreaterThanThreshold": ">",
    "LessThanThreshold": "<",
    "LessThanOrEqualToThreshold": "<=",
}


def _metric_stat(namespace: str, name: str, dimensions: Any, stat: str, period: Any) -> str:
    shown = show_dimensions(dimensions_of(dimensions or []))
    return f"{stat} {namespace} {name} {shown} per {period}s"


def watched(alarm: Mapping[str, Any]) -> str:
    """What `alarm` watches, one line: `Sum AWS/Lambda Errors {FunctionName=f} per 60s`, or for
    metric math the returned expression and its inputs (`m1 + m2 (m1 = ..., m2 = ...)`)."""
    queries = alarm.get("Metrics") or []
    if not queries:
        stat = alarm.get("ExtendedStatistic") or alarm.get("Statistic") or "?"
        return _metric_stat(
            alarm.get("Namespace", "?"),
            alarm.get("MetricName", "?"),
            alarm.get("Dimensions"),
            stat,
            alarm.get("Period", "?"),
        )
    shown: dict[str, str] = {}
    for query in queries:
        if "MetricStat" in query:
            metric_stat = query["MetricStat"]
            metric = metric_stat["Metric"]
            shown[query["Id"]] = _metric_stat(
                metric.get("Namespace", "?"),
                metric.get("MetricName", "?"),
                metric.get("Dimensions"),
                metric_stat.get("Stat", "?"),
                metric_stat.get("Period", "?"),
            )
        else:
            shown[query["Id"]] = str(query.get("Expression", "?"))
    returned = [q["Id"] for q in queries if q.get("ReturnData", True)] or [queries[-1]["Id"]]
    inputs = [f"{query_id} = {text}" for query_id, text in shown.items() if query_id != returned[0]]
    return shown[returned[0]] + (f" ({'; '.join(inputs)})" if inputs else "")


def condition(alarm: Mapping[str, Any]) -> str:
    """When it alarms: `>= 1 for 2 of 3 periods` (and how missing data counts, when set)."""
    operator = alarm.get("ComparisonOperator", "?")
    threshold = alarm.get("Threshold")
    limit = (
        f"{threshold:g}"
        if isinstance(threshold, int | float)
        else str(alarm.get("ThresholdMetricId", "?"))
    )
    periods = alarm.get("EvaluationPeriods", "?")
    points = alarm.get("DatapointsToAlarm") or periods
    text = f"{_OPERATORS.get(operator, operator)} {limit} for {points} of {periods} periods"
    if alarm.get("TreatMissingData"):
        text += f", missing data {alarm['TreatMissingData']}"
    return text


def render(entries: list[dict[str, Any]]) -> str:
    """A table (state, actions, can it fire locally, name), and under each row what the alarm
    watches, when it alarms, why it cannot fire here (if so) and its last reason."""
    firable = sum(e["can_fire_locally"] for e in entries)
    lines = [f"{len(entries)} alarms; {firable} can fire locally, {len(entries) - firable} cannot"]
    header = ("STATE", "ACTIONS", "LOCALLY", "ALARM")
    rows = [
        (
            e["state"],
            "enabled" if e["actions_enabled"] else "disabled",
            "fires" if e["can_fire_locally"] else "CANNOT FIRE",
            e["alarm"],
        )
        for e in entries
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]

    def line(row: tuple[str, ...]) -> str:
        return "  ".join([*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)), row[-1]])

    lines.append(line(header))
    for e, row in zip(entries, rows, strict=True):
        lines.append(line(row))
        lines.append(f"    metric: {e['metric']}")
        lines.append(f"    alarms when: {e['condition']}")
        if not e["can_fire_locally"]:
            lines.append(f"    why: {e['why']}")
        if e["reason"]:
            lines.append(f"    last reason: {e['reason']}")
    return "\n".join(lines)
