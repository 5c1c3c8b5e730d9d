"""`compute-local alarms`: every alarm of the running cloud, its state and whether it can fire."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from emulation.alarms.reach import LocalMetric, observed_metrics, reach, service_metrics
from emulation.aws import client


def alarm_report(
    endpoint_url: str, sources: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """One entry per alarm: name, state, last reason, can it fire locally and why (not).
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
                    "state": alarm["StateValue"],
                    "reason": alarm.get("StateReason", ""),
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


def render(entries: list[dict[str, Any]]) -> str:
    firable = sum(e["can_fire_locally"] for e in entries)
    lines = [f"{len(entries)} alarms; {firable} can fire locally, {len(entries) - firable} cannot"]
    for e in entries:
        mark = "fires" if e["can_fire_locally"] else "CANNOT FIRE LOCALLY"
        lines.append(f"{e['state']:<17} {mark:<19} {e['alarm']}")
        if not e["can_fire_locally"]:
            lines.append(f"    why: {e['why']}")
        if e["reason"]:
            lines.append(f"    last reason: {e['reason']}")
    return "\n".join(lines)
