"""Application Auto Scaling step policies as AWS applies them (pure).

An alarm whose action names a step scaling policy invokes it on every evaluation while in
ALARM. The policy picks the step whose interval holds the breach (metric value minus the
alarm's threshold: above the threshold a step's lower bound is inclusive and its upper bound
exclusive, below it the other way round), turns the step's adjustment into a capacity
(`ExactCapacity`, `ChangeInCapacity`, `PercentChangeInCapacity` with
`MinAdjustmentMagnitude`), clamps it to the target's min and max, and honours the cooldown:

    scale-out  during the cooldown of an earlier scale-out, only a larger capacity than the
               one already set (the capacity the earlier activity added counts as present);
               right after a scale-in, at once (the scale-in's cooldown ends);
    scale-in   never during the cooldown of the last activity, in or out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Step:
    lower: float | None  # MetricIntervalLowerBound (None: minus infinity)
    upper: float | None  # MetricIntervalUpperBound (None: infinity)
    adjustment: int

    def holds(self, breach: float, below: bool | None = None) -> bool:
        if not (breach < 0 if below is None else below):  # above the threshold: [lower, upper)
            return (self.lower is None or breach >= self.lower) and (
                self.upper is None or breach < self.upper
            )
        return (self.lower is None or breach > self.lower) and (  # below: (lower, upper]
            self.upper is None or breach <= self.upper
        )


@dataclass(frozen=True)
class StepPolicy:
    name: str
    adjustment_type: str
    cooldown_s: float
    steps: tuple[Step, ...]
    min_adjustment_magnitude: int = 0

    @classmethod
    def from_configuration(cls, name: str, config: Mapping[str, Any]) -> StepPolicy:
        """From a `StepScalingPolicyConfiguration` (template or API shape)."""
        steps = tuple(
            Step(
                _number(s.get("MetricIntervalLowerBound")),
                _number(s.get("MetricIntervalUpperBound")),
                int(s["ScalingAdjustment"]),
            )
            for s in config.get("StepAdjustments", [])
        )
        if not steps:
            raise ValueError(f"step scaling policy {name} has no StepAdjustments")
        return cls(
            name=name,
            adjustment_type=str(config.get("AdjustmentType", "ChangeInCapacity")),
            cooldown_s=float(config.get("Cooldown", 0)),
            steps=steps,
            min_adjustment_magnitude=int(config.get("MinAdjustmentMagnitude", 0)),
        )


@dataclass(frozen=True)
class TargetState:
    """A scalable target as the policies see it."""

    minimum: int
    maximum: int
    desired: int
    last_activity_at: float | None = None  # seconds (local clock)
    last_was_scale_out: bool = False
    capacity_before_last: int | None = None  # the capacity the last activity started from


@dataclass(frozen=True)
class Decision:
    desired: int | None  # None: no change
    reason: str


def step_for(steps: Sequence[Step], breach: float) -> Step | None:
    """The step holding the breach; exactly at the threshold, a policy whose steps all lie at
    or below it (a scale-in policy) reads the breach as below."""
    below = breach < 0 or (breach == 0 and all(s.upper is not None and s.upper <= 0 for s in steps))
    return next((step for step in steps if step.holds(breach, below)), None)


def capacity_after(policy: StepPolicy, base: int, adjustment: int) -> int:
    if policy.adjustment_type == "ExactCapacity":
        return adjustment
    if policy.adjustment_type == "PercentChangeInCapacity":
        change = base * adjustment / 100.0
        # AWS rounds towards zero, but a change between -1 and 1 is at least one task.
        rounded = math.floor(change) if change > 0 else math.ceil(change)
        if rounded == 0 and change != 0:
            rounded = 1 if change > 0 else -1
        if abs(rounded) < policy.min_adjustment_magnitude:
            rounded = policy.min_adjustment_magnitude * (1 if change > 0 else -1)
        return base + rounded
    if policy.adjustment_type == "ChangeInCapacity":
        return base + adjustment
    raise ValueError(f"unknown AdjustmentType {policy.adjustment_type!r} in {policy.name}")


def decide(
    policy: StepPolicy,
    target: TargetState,
    value: float | None,
    threshold: float,
    now: float,
    cooldown_s: float,
) -> Decision:
    """What the policy does to `target` when its alarm reports `value` (cooldown already on
    the local clock, so a time scale applies to it as to the alarm's periods)."""
    if value is None:
        return Decision(None, "the alarm has no datapoint to size the step from")
    breach = value - threshold
    step = step_for(policy.steps, breach)
    if step is None:
        return Decision(None, f"no step of {policy.name} holds {value:g} - {threshold:g}")
    cooling = target.last_activity_at is not None and now < target.last_activity_at + cooldown_s
    base = target.desired
    if cooling and target.last_was_scale_out and target.capacity_before_last is not None:
        base = target.capacity_before_last  # the earlier scale-out's capacity counts as present
    wanted = max(target.minimum, min(target.maximum, capacity_after(policy, base, step.adjustment)))
    if wanted == target.desired:
        return Decision(None, f"{policy.name}: capacity stays {wanted}")
    if wanted < target.desired and cooling:
        return Decision(None, f"{policy.name}: scale-in to {wanted} waits for the cooldown")
    direction = "out" if wanted > target.desired else "in"
    return Decision(
        wanted,
        f"{policy.name}: scale {direction} from {target.desired} to {wanted} (metric {value:g}, "
        f"threshold {threshold:g}, step adjustment {step.adjustment} "
        f"{policy.adjustment_type})",
    )


def _number(value: Any) -> float | None:
    return None if value is None else float(value)
