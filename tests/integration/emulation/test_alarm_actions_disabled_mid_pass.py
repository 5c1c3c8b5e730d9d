"""A scaling action is decided from the alarm as the evaluator's pass read it, and a pass spreads
its alarms over seconds: an operator's DisableAlarmActions in between must still stop the action.
(CI: the scraper container module disabled the scaling alarms' actions and scaled the service to
0, and a task started 3 s later and held the module for 120 s.)"""

from __future__ import annotations

from typing import Any

import pytest

from emulation.alarms.evaluate import AlarmEvaluator, Verdict
from emulation.alarms.moto_store import metric_alarms
from emulation.aws import client, configure

pytestmark = pytest.mark.integration

POLICY = (
    "arn:aws:autoscaling:eu-west-2:123456789012:scalingPolicy:0:resource/ecs/service/c/s:"
    "policyName/backlog-upper"
)


def test_actions_disabled_after_the_pass_read_the_alarm_run_no_policy(moto_endpoint: str) -> None:
    configure(moto_endpoint)
    cloudwatch = client("cloudwatch", moto_endpoint)
    name = "scaling-read-again"
    cloudwatch.put_metric_alarm(
        AlarmName=name,
        Namespace="AWS/SQS",
        MetricName="ApproximateNumberOfMessagesVisible",
        Dimensions=[{"Name": "QueueName", "Value": "scrape"}],
        Statistic="Maximum",
        Period=60,
        EvaluationPeriods=1,
        Threshold=1,
        ComparisonOperator="GreaterThanOrEqualToThreshold",
        AlarmActions=[POLICY],
    )
    ran: list[tuple[str, str]] = []

    def scale(action: str, alarm: Any, verdict: Verdict) -> None:
        ran.append((action, alarm["AlarmName"]))

    evaluator = AlarmEvaluator(moto_endpoint, scale=scale, alarms=[name])
    try:
        [read] = metric_alarms([name])  # what a pass read, actions enabled
        verdict = Verdict("ALARM", "backlog")
        evaluator._scaling_actions(read, verdict)
        assert ran == [(POLICY, name)]
        cloudwatch.disable_alarm_actions(AlarmNames=[name])
        evaluator._scaling_actions(read, verdict)  # the same, stale read
        assert ran == [(POLICY, name)]
        cloudwatch.enable_alarm_actions(AlarmNames=[name])
        evaluator._scaling_actions(read, verdict)
        assert len(ran) == 2
    finally:
        evaluator.stop()
        cloudwatch.delete_alarms(AlarmNames=[name])
