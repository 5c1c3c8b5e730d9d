"""An evaluation pass spreads its alarms over the time it is given instead of calling moto
back to back: moto answers in the process that also runs the API gateway, and a pass of every
alarm at once stalled the gateway's requests (the load benchmarks once had to turn alarms off)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from emulation.alarms.evaluate import AlarmEvaluator, Verdict
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
