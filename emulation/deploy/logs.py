"""CloudWatch Logs groups and their retention, and metric filters (evaluated locally)."""

from __future__ import annotations

import contextlib
from typing import Any

from emulation.alarms.log_filters import MetricFilter, UnsupportedPattern
from emulation.deploy.engine import (
    ACCEPTED,
    CREATED,
    Deployed,
    Result,
    Stack,
    creates,
)


@creates("AWS::Logs::LogGroup")
def _log_group(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    d = s.deployer
    name = p.get("LogGroupName") or d.physical_name(s.name, logical_id, 512)
    logs = d.boto("logs")
    # The Lambda runtime may have created the function's group first.
    with contextlib.suppress(logs.exceptions.ResourceAlreadyExistsException):
        logs.create_log_group(logGroupName=name)
    if "RetentionInDays" in p:
        logs.put_retention_policy(logGroupName=name, retentionInDays=int(p["RetentionInDays"]))
    arn = d.arn("logs", f"log-group:{name}:*")
    return Deployed("AWS::Logs::LogGroup", name, {"Arn": arn}), CREATED, "created in moto"


@creates("AWS::Logs::MetricFilter")
def _metric_filter(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    d = s.deployer
    name = p.get("FilterName") or d.physical_name(s.name, logical_id, 512)
    group = str(p["LogGroupName"])
    registry = d.targets.metric_filters
    try:
        metric_filter = MetricFilter.from_template(name, group, p)
    except (UnsupportedPattern, ValueError, KeyError) as error:
        return Deployed("AWS::Logs::MetricFilter", name), ACCEPTED, f"not evaluated: {error}"
    if registry is None:
        return Deployed("AWS::Logs::MetricFilter", name), ACCEPTED, "metric filters are off"
    registry.add(metric_filter)
    # Stored in moto too, so `compute-local alarms` knows the metric is emitted locally.
    d.boto("logs").put_metric_filter(
        logGroupName=group,
        filterName=name,
        filterPattern=str(p.get("FilterPattern", "")),
        metricTransformations=[
            {k[0].lower() + k[1:]: v for k, v in t.items()} for t in p["MetricTransformations"]
        ],
    )
    return (
        Deployed("AWS::Logs::MetricFilter", name),
        CREATED,
        f"evaluated on every event put into {group}: {metric_filter.namespace} "
        f"{metric_filter.metric}",
    )
