"""The stack's own scraper scaling, read from the synthesized template: the backlog alarms'
policies give 3, 6 and 10 tasks as the backlog grows and 1 or 0 as it drains, with the local
step-scaling rules (emulation.autoscaling.semantics). The backlog is a whole number of
messages: at each boundary (one job waiting, exactly the scale-out threshold) exactly one alarm
is in ALARM and its policy's step gives the capacity the stack means."""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from emulation.autoscaling.semantics import StepPolicy, TargetState, decide

COMPARISONS: dict[str, Callable[[float, float], bool]] = {
    "GreaterThanOrEqualToThreshold": operator.ge,
    "GreaterThanThreshold": operator.gt,
    "LessThanThreshold": operator.lt,
    "LessThanOrEqualToThreshold": operator.le,
}


def scaling(compute: dict[str, Any]) -> tuple[dict[str, StepPolicy], dict[str, float], TargetState]:
    resources = compute["Resources"]
    policies = {
        logical_id: StepPolicy.from_configuration(
            logical_id, r["Properties"]["StepScalingPolicyConfiguration"]
        )
        for logical_id, r in resources.items()
        if r["Type"] == "AWS::ApplicationAutoScaling::ScalingPolicy"
    }
    thresholds = {
        action["Ref"]: float(r["Properties"]["Threshold"])
        for r in resources.values()
        if r["Type"] == "AWS::CloudWatch::Alarm"
        for action in r["Properties"].get("AlarmActions", [])
        if isinstance(action, dict) and action.get("Ref") in policies
    }
    [target] = [
        r["Properties"]
        for r in resources.values()
        if r["Type"] == "AWS::ApplicationAutoScaling::ScalableTarget"
    ]
    assert target["ScalableDimension"] == "ecs:service:DesiredCount"
    state = TargetState(int(target["MinCapacity"]), int(target["MaxCapacity"]), 0)
    return policies, thresholds, state


def test_the_backlog_policies_size_the_scraper_service(compute: dict[str, Any]) -> None:
    policies, thresholds, idle = scaling(compute)
    assert set(thresholds) == set(policies)  # every policy is some alarm's action
    [out] = [p for p in policies if "Upper" in p]
    [back] = [p for p in policies if "Lower" in p]

    def desired(policy: str, backlog: float, state: TargetState) -> int | None:
        return decide(
            policies[policy], state, backlog, thresholds[policy], 0.0, policies[policy].cooldown_s
        ).desired

    assert [desired(out, b, idle) for b in (50, 199, 200, 499, 500, 5000)] == [3, 3, 6, 6, 10, 10]
    busy = TargetState(idle.minimum, idle.maximum, 10)
    assert [desired(back, b, busy) for b in (49, 2, 1, 0)] == [1, 1, 1, 0]
    assert policies[out].cooldown_s == policies[back].cooldown_s == 120


def in_alarm(compute: dict[str, Any], backlog: int) -> list[str]:
    """The scaling policies whose alarm is in ALARM at this backlog (by its comparison)."""
    return sorted(
        action["Ref"]
        for r in compute["Resources"].values()
        if r["Type"] == "AWS::CloudWatch::Alarm"
        for action in r["Properties"].get("AlarmActions", [])
        if isinstance(action, dict)
        and "Policy" in str(action.get("Ref"))
        and COMPARISONS[r["Properties"]["ComparisonOperator"]](
            backlog, float(r["Properties"]["Threshold"])
        )
    )


def test_one_waiting_job_gets_a_task_and_the_scale_out_threshold_only_scales_out(
    compute: dict[str, Any],
) -> None:
    policies, thresholds, idle = scaling(compute)
    [out] = [p for p in policies if "Upper" in p]
    [back] = [p for p in policies if "Lower" in p]

    def capacity(backlog: int, state: TargetState) -> list[int | None]:
        """What each policy in ALARM at this backlog sets the service to."""
        return [
            decide(policies[p], state, backlog, thresholds[p], 0.0, 0.0).desired
            for p in in_alarm(compute, backlog)
        ]

    # The smallest backlog that scales out, as the upper alarm's threshold says.
    scale_out_at = min(b for b in range(0, 1000) if out in in_alarm(compute, b))
    busy = TargetState(idle.minimum, idle.maximum, 10)
    assert in_alarm(compute, 1) == [back]
    assert capacity(1, idle) == [1]  # a single job is scraped, not left waiting for company
    assert capacity(0, busy) == [0]
    assert in_alarm(compute, scale_out_at) == [out]  # no scale-in fighting the scale-out
    assert capacity(scale_out_at, idle) == [3]
    assert in_alarm(compute, scale_out_at - 1) == [back]
    assert capacity(scale_out_at - 1, busy) == [1]
