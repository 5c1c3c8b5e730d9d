"""ListMetrics with the local cloud's patch (in-process moto): the same distinct metrics as
moto's own scan, filters kept, a dimensionless metric listed once."""

from __future__ import annotations

from typing import Any

import boto3
from moto import mock_aws

from emulation.moto_patches import install_fast_moto_list_metrics


def listed(cloudwatch: Any, **filters: Any) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
    metrics = [
        metric
        for page in cloudwatch.get_paginator("list_metrics").paginate(**filters)
        for metric in page["Metrics"]
    ]
    return sorted(
        (
            m["Namespace"],
            m["MetricName"],
            tuple(sorted((d["Name"], d["Value"]) for d in m.get("Dimensions", []))),
        )
        for m in metrics
    )


def test_list_metrics_lists_each_metric_once_with_moto_filters() -> None:
    install_fast_moto_list_metrics()
    mock = mock_aws()
    mock.start(reset=False)  # a reset would wipe the in-process clouds of other tests
    try:
        cloudwatch = boto3.client("cloudwatch", region_name="ap-southeast-2")
        for n in range(40):  # many datapoints of few metrics
            cloudwatch.put_metric_data(
                Namespace="AWS/Lambda" if n % 2 else "Tattoo",
                MetricData=[
                    {
                        "MetricName": "Errors",
                        "Dimensions": [{"Name": "FunctionName", "Value": f"f{n % 3}"}],
                        "Value": 1.0,
                    },
                    {"MetricName": "Plain", "Value": 2.0},
                ],
            )

        everything = listed(cloudwatch)
        assert len(everything) == 2 * 3 + 2  # (namespace, function) pairs + Plain per namespace
        assert len(set(everything)) == len(everything)
        assert listed(cloudwatch, Namespace="Tattoo", MetricName="Errors") == [
            ("Tattoo", "Errors", (("FunctionName", f"f{i}"),)) for i in range(3)
        ]
        assert listed(
            cloudwatch,
            Namespace="AWS/Lambda",
            Dimensions=[{"Name": "FunctionName", "Value": "f1"}],
        ) == [("AWS/Lambda", "Errors", (("FunctionName", "f1"),))]
    finally:
        mock.stop(remove_data=False)
