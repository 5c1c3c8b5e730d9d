"""Which alarms can fire locally: an alarm's metric must be one something local really emits.

Pure: alarms are `describe_alarms` MetricAlarms entries, the local metrics are what the local
cloud publishes (its service metrics for the deployed functions and queues, plus every metric
CloudWatch has seen, EMF ones included). CloudWatch matches namespace, name and the exact
dimension set, so a typo in any of them is an alarm that never fires, here and in AWS.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from emulation.alarms import metric_math
from emulation.alarms.metrics import (
    API_DIMENSION_SETS,
    API_METRICS,
    CONTAINER_INSIGHTS,
    SERVICE_METRICS,
    SERVICE_TASK_METRICS,
    STREAM_METRICS,
)
from emulation.alarms.statistics import is_supported

Dimensions = frozenset[tuple[str, str]]


@dataclass(frozen=True)
class LocalMetric:
    namespace: str
    name: str
    dimensions: Dimensions


@dataclass(frozen=True)
class Reach:
    alarm: str
    can_fire: bool
    reason: str


def dimensions_of(entries: Iterable[Mapping[str, str]]) -> Dimensions:
    return frozenset((d["Name"], d["Value"]) for d in entries)


def service_metrics(
    functions: Iterable[str],
    queues: Iterable[str],
    state_machines: Iterable[str] = (),
    *,
    apis: Iterable[Sequence[str]] = (),
    stream_functions: Iterable[str] = (),
    services: Iterable[Sequence[str]] = (),
) -> set[LocalMetric]:
    """What the local cloud publishes on AWS's behalf for these functions, queues, state
    machines (ARNs), HTTP API stages (api id, stage), stream mappings' functions and Container
    Insights services (cluster, service)."""
    functions = list(functions)
    resources = {
        "AWS/Lambda": functions,
        "AWS/SQS": list(queues),
        "AWS/States": list(state_machines),
    }
    out = {
        LocalMetric(namespace, name, frozenset({(dimension, resource)}))
        for namespace, (dimension, names) in SERVICE_METRICS.items()
        for resource in resources[namespace]
        for name in names
    }
    if functions:  # the account-wide concurrency, without a dimension
        out.add(LocalMetric("AWS/Lambda", "ConcurrentExecutions", frozenset()))
    for api_id, stage in apis:
        names = {"ApiId": api_id, "Stage": stage}
        out |= {
            LocalMetric("AWS/ApiGateway", metric, frozenset((d, names[d]) for d in dimension_set))
            for dimension_set in API_DIMENSION_SETS
            for metric in API_METRICS
        }
    out |= {
        LocalMetric("AWS/Lambda", metric, frozenset({("FunctionName", function)}))
        for function in stream_functions
        for metric in STREAM_METRICS
    }
    out |= {
        LocalMetric(
            CONTAINER_INSIGHTS, metric, frozenset({("ClusterName", cluster), ("ServiceName", name)})
        )
        for cluster, name in services
        for metric in SERVICE_TASK_METRICS
    }
    return out


def observed_metrics(list_metrics_pages: Iterable[Mapping[str, Any]]) -> set[LocalMetric]:
    """`list_metrics` pages -> metrics (EMF and anything else put into CloudWatch)."""
    return {
        LocalMetric(m["Namespace"], m["MetricName"], dimensions_of(m.get("Dimensions", [])))
        for page in list_metrics_pages
        for m in page.get("Metrics", [])
    }


def show_dimensions(dimensions: Dimensions) -> str:
    return "{" + ", ".join(f"{k}={v}" for k, v in sorted(dimensions)) + "}"


def _metric_gap(
    namespace: str, name: str, dimensions: Dimensions, local: set[LocalMetric]
) -> str | None:
    """None when emitted exactly; otherwise why not, naming the nearest thing that is."""
    if LocalMetric(namespace, name, dimensions) in local:
        return None
    same_name = [m for m in local if m.namespace == namespace and m.name == name]
    if same_name:
        seen = sorted({show_dimensions(m.dimensions) for m in same_name})
        shown = ", ".join(seen[:3]) + (" ..." if len(seen) > 3 else "")
        return (
            f"{namespace} {name} is emitted locally with dimensions {shown}, "
            f"never with {show_dimensions(dimensions)}"
        )
    in_namespace = sorted({m.name for m in local if m.namespace == namespace})
    if in_namespace:
        has = ", ".join(in_namespace)
        return f"nothing local emits {namespace} {name} (this namespace has: {has})"
    return f"nothing local emits namespace {namespace} ({name})"


def reach(alarm: Mapping[str, Any], local: set[LocalMetric]) -> Reach:
    name = alarm["AlarmName"]
    if alarm.get("Metrics"):
        problem = metric_math.problem(alarm["Metrics"])
        gaps = [
            gap
            for q in alarm["Metrics"]
            if "MetricStat" in q
            and (
                gap := _metric_gap(
                    q["MetricStat"]["Metric"]["Namespace"],
                    q["MetricStat"]["Metric"]["MetricName"],
                    dimensions_of(q["MetricStat"]["Metric"].get("Dimensions", [])),
                    local,
                )
            )
        ]
        if problem is None and not gaps:
            return Reach(name, True, "metric math over metrics emitted locally")
        why = [f"metric math not evaluated locally: {problem}"] if problem else []
        return Reach(name, False, "; ".join([*why, *gaps]))
    gap = _metric_gap(
        alarm["Namespace"], alarm["MetricName"], dimensions_of(alarm.get("Dimensions", [])), local
    )
    if gap is not None:
        return Reach(name, False, gap)
    wanted = alarm.get("ExtendedStatistic") or alarm.get("Statistic")
    if wanted and not is_supported(wanted):
        return Reach(name, False, f"statistic {wanted} is not evaluated locally")
    return Reach(name, True, "its metric is emitted locally")
