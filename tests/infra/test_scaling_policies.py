"""The stack's own scraper scaling, read from the synthesized template: the backlog alarms'
policies give 3, 6 and 10 tasks as the backlog grows and 1 or 0 as it drains, with the local
step-scaling rules (emulation.autoscaling.semantics)."""

from __future__ import annotations

from typing import Any

from emulation.autoscaling.semantics import StepPolicy, TargetState, decide


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
    assert [desired(back, b, busy) for b in (50, 2, 1, 0)] == [1, 1, 0, 0]
    assert policies[out].cooldown_s == policies[back].cooldown_s == 120
