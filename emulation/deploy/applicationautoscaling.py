"""Application Auto Scaling: the template's scalable targets and step scaling policies, given
to the local registry (`emulation.autoscaling`) that alarm actions invoke."""

from __future__ import annotations

from typing import Any

from emulation.deploy.engine import ACCEPTED, CREATED, Deployed, Result, Stack, creates


@creates("AWS::ApplicationAutoScaling::ScalableTarget")
def _scalable_target(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    registry = s.deployer.targets.autoscaling
    key = f"{p['ResourceId']}|{p['ScalableDimension']}|{p['ServiceNamespace']}"
    if registry is None:
        return (
            Deployed("AWS::ApplicationAutoScaling::ScalableTarget", key),
            ACCEPTED,
            "autoscaling is not running",
        )
    key = registry.register_target(
        str(p["ServiceNamespace"]),
        str(p["ResourceId"]),
        str(p["ScalableDimension"]),
        int(p["MinCapacity"]),
        int(p["MaxCapacity"]),
    )
    return (
        Deployed("AWS::ApplicationAutoScaling::ScalableTarget", key),
        CREATED,
        f"{p['ScalableDimension']} of {p['ResourceId']} between {p['MinCapacity']} and "
        f"{p['MaxCapacity']}, set by the local ECS service",
    )


@creates("AWS::ApplicationAutoScaling::ScalingPolicy")
def _scaling_policy(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    registry = s.deployer.targets.autoscaling
    name = str(p.get("PolicyName") or logical_id)
    if registry is None or p.get("PolicyType") != "StepScaling":
        why = (
            "autoscaling is not running"
            if registry is None
            else f"{p.get('PolicyType')} policies are not applied locally (step scaling is)"
        )
        return Deployed("AWS::ApplicationAutoScaling::ScalingPolicy", name), ACCEPTED, why
    target = p.get("ScalingTargetId") or (
        f"{p['ResourceId']}|{p['ScalableDimension']}|{p['ServiceNamespace']}"
    )
    arn = registry.put_policy(str(target), name, p["StepScalingPolicyConfiguration"])
    return (
        Deployed("AWS::ApplicationAutoScaling::ScalingPolicy", arn, {"Arn": arn}),
        CREATED,
        "step scaling applied when an alarm action names it (cooldown on the alarm time scale)",
    )
