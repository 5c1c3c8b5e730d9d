"""CloudWatch alarms, evaluated locally by `emulation.alarms`."""

from __future__ import annotations

from typing import Any

from emulation.deploy.engine import (
    CREATED,
    Deployed,
    Result,
    Stack,
    creates,
)


@creates("AWS::CloudWatch::Alarm")
def _alarm(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    d = s.deployer
    name = p.get("AlarmName") or d.physical_name(s.name, logical_id, 255)
    keys = (
        "MetricName",
        "Namespace",
        "Statistic",
        "ExtendedStatistic",
        "Dimensions",
        "Period",
        "EvaluationPeriods",
        "DatapointsToAlarm",
        "Threshold",
        "ComparisonOperator",
        "TreatMissingData",
        "Metrics",
        "AlarmDescription",
        "AlarmActions",
        "OKActions",
        "InsufficientDataActions",
        "EvaluateLowSampleCountPercentile",
        "Unit",
    )
    kwargs = {k: p[k] for k in keys if k in p}
    for key in ("Period", "EvaluationPeriods", "DatapointsToAlarm"):
        if key in kwargs:
            kwargs[key] = int(kwargs[key])
    if "Threshold" in kwargs:
        kwargs["Threshold"] = float(kwargs["Threshold"])
    d.boto("cloudwatch").put_metric_alarm(AlarmName=name, **kwargs)
    arn = d.arn("cloudwatch", f"alarm:{name}")
    return (
        Deployed("AWS::CloudWatch::Alarm", name, {"Arn": arn}),
        CREATED,
        (
            "created in moto; evaluated on the local metrics (static thresholds and metric "
            "math; `compute-local alarms` says which can fire)"
        ),
    )
