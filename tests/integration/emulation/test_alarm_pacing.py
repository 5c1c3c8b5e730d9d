"""The alarm evaluator's cost in the process it shares with the API gateway: a pass spreads its
alarms over the time it is given instead of calling moto back to back, and the local cloud's
evaluator reads statistics from the in-process moto backend (the same datapoints the API gives)
instead of over HTTP. A pass of every alarm at once over HTTP stalled the gateway's requests."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import pytest

from emulation.alarms.evaluate import AlarmEvaluator, InProcessStatistics, Verdict
from emulation.aws import client, configure

pytestmark = pytest.mark.integration

ALARMS = 5


def _alarms(endpoint: str) -> None:
    cloudwatch = client("cloudwatch", endpoint)
    for i in range(ALARMS):
        cloudwatch.put_metric_alarm(
            AlarmName=f"pacing-{i}",
            Namespace="AWS/Lambda",
            MetricName="Errors",
            Dimensions=[{"Name": "FunctionName", "Value": f"pacing-fn-{i}"}],
            Statistic="Sum",
            Period=60,
            EvaluationPeriods=1,
            Threshold=1.0,
            ComparisonOperator="GreaterThanOrEqualToThreshold",
            TreatMissingData="notBreaching",
        )


class Timed(AlarmEvaluator):
    """Records when each of this test's alarms was evaluated."""

    def __init__(self, endpoint: str) -> None:
        super().__init__(endpoint)
        self.at: list[float] = []

    def evaluate(self, cloudwatch: Any, alarm: Any, now: float) -> Verdict:
        if alarm["AlarmName"].startswith("pacing-"):
            self.at.append(time.monotonic())
        return super().evaluate(cloudwatch, alarm, now)


def test_a_pass_spreads_its_alarms_over_the_time_given(moto_endpoint: str) -> None:
    configure(moto_endpoint)
    _alarms(moto_endpoint)
    evaluator = Timed(moto_endpoint)
    evaluator.evaluate_all(spread_s=1.0)
    gaps = [b - a for a, b in zip(evaluator.at, evaluator.at[1:], strict=False)]
    assert len(evaluator.at) == ALARMS
    evaluated = len(client("cloudwatch", moto_endpoint).describe_alarms()["MetricAlarms"])
    # Each gap is a share of the second (other tests' alarms in this moto count too).
    assert min(gaps) >= 0.8 / evaluated, gaps


def test_without_a_spread_a_pass_runs_back_to_back(moto_endpoint: str) -> None:
    configure(moto_endpoint)
    _alarms(moto_endpoint)
    evaluator = Timed(moto_endpoint)
    began = time.monotonic()
    evaluator.evaluate_all()
    assert len(evaluator.at) == ALARMS
    assert evaluator.at[-1] - began < 5.0  # no waiting (only the calls themselves)


def test_in_process_statistics_are_the_apis(moto_endpoint: str) -> None:
    """The local cloud's evaluator reads statistics from the moto backend in its own process:
    the same datapoints as GetMetricStatistics over HTTP gives, for every statistic."""
    configure(moto_endpoint)
    cloudwatch = client("cloudwatch", moto_endpoint)
    now = int(time.time()) // 60 * 60
    dims = [{"Name": "FunctionName", "Value": "in-process-fn"}]
    cloudwatch.put_metric_data(
        Namespace="AWS/Lambda",
        MetricData=[
            {
                "MetricName": "Duration",
                "Dimensions": dims,
                "Timestamp": datetime.fromtimestamp(now - 120 + second, UTC),
                "StatisticValues": {
                    "SampleCount": 2,
                    "Sum": 3.0 * second,
                    "Minimum": 1.0,
                    "Maximum": 2.0 * second + 1,
                },
                "Unit": "Milliseconds",
            }
            for second in range(0, 120, 7)
        ],
    )
    direct = InProcessStatistics(cloudwatch)
    for statistic in ("Sum", "Average", "Minimum", "Maximum", "SampleCount"):
        for start in (now - 180, now - 120, now - 60):
            query = {
                "Namespace": "AWS/Lambda",
                "MetricName": "Duration",
                "Dimensions": dims,
                "StartTime": datetime.fromtimestamp(start, UTC),
                "EndTime": datetime.fromtimestamp(start + 60, UTC),
                "Period": 60,
                "Statistics": [statistic],
            }
            over_http = cloudwatch.get_metric_statistics(**query)["Datapoints"]
            in_process = direct.get_metric_statistics(**query)["Datapoints"]
            assert [(p["Timestamp"], p[statistic]) for p in in_process] == [
                (p["Timestamp"], p[statistic]) for p in over_http
            ], (statistic, start)
    assert direct.describe_alarms()["MetricAlarms"] is not None  # the rest is the client's
