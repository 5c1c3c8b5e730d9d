"""Step scaling as Application Auto Scaling applies it: step bounds, adjustment types,
cooldowns, clamping (pure: no cloud). tests/infra/test_scaling_policies.py applies the
same rules to the stack's own two backlog policies."""

from __future__ import annotations

from typing import Any

from emulation.autoscaling.semantics import Step, StepPolicy, TargetState, decide

THRESHOLD = 50.0
OUT = StepPolicy("out", "ExactCapacity", 120, (Step(0, 100, 2), Step(100, None, 5)))
IN = StepPolicy("in", "ExactCapacity", 120, (Step(-40, 0, 1), Step(None, -40, 0)))


def target(desired: int, **more: Any) -> TargetState:
    return TargetState(minimum=0, maximum=10, desired=desired, **more)


def test_scale_out_takes_the_step_that_holds_the_breach() -> None:
    assert decide(OUT, target(0), 60, THRESHOLD, 0, 120).desired == 2
    assert decide(OUT, target(0), 150, THRESHOLD, 0, 120).desired == 5
    assert decide(OUT, target(2), 60, THRESHOLD, 0, 120).desired is None


def test_step_bounds_are_inclusive_toward_the_threshold_side_they_start_from() -> None:
    assert Step(0, 100, 2).holds(0) and not Step(0, 100, 2).holds(100)
    assert Step(-40, 0, 1).holds(0, below=True) and not Step(-40, 0, 1).holds(-40)
    assert Step(None, -40, 0).holds(-40)
    assert decide(IN, target(5), THRESHOLD, THRESHOLD, 0, 120).desired == 1  # at the threshold
    assert decide(IN, target(5), 10, THRESHOLD, 0, 120).desired == 0


def test_scale_in_waits_for_the_cooldown_but_a_larger_scale_out_does_not() -> None:
    after_out = target(2, last_activity_at=100.0, last_was_scale_out=True, capacity_before_last=0)
    assert decide(IN, after_out, 0, THRESHOLD, 150, 120).desired is None
    assert decide(IN, after_out, 0, THRESHOLD, 221, 120).desired == 0
    assert decide(OUT, after_out, 60, THRESHOLD, 150, 120).desired is None
    assert decide(OUT, after_out, 200, THRESHOLD, 150, 120).desired == 5
    after_in = target(0, last_activity_at=100.0, last_was_scale_out=False, capacity_before_last=2)
    assert decide(OUT, after_in, 60, THRESHOLD, 101, 120).desired == 2


def test_change_in_capacity_counts_the_earlier_scale_out_during_the_cooldown() -> None:
    policy = StepPolicy("add", "ChangeInCapacity", 60, (Step(0, None, 2),))
    cooling = target(2, last_activity_at=0.0, last_was_scale_out=True, capacity_before_last=0)
    assert decide(policy, cooling, 80, THRESHOLD, 10, 60).desired is None
    assert decide(policy, cooling, 80, THRESHOLD, 61, 60).desired == 4


def test_percent_change_honours_the_minimum_magnitude_and_capacity_is_clamped() -> None:
    percent = StepPolicy("pct", "PercentChangeInCapacity", 0, (Step(0, None, 10),), 2)
    assert decide(percent, target(3), 80, THRESHOLD, 0, 0).desired == 5
    add = StepPolicy("add", "ChangeInCapacity", 0, (Step(0, None, 50),))
    assert decide(add, target(4), 80, THRESHOLD, 0, 0).desired == 10


def test_no_datapoint_changes_nothing() -> None:
    assert decide(OUT, target(0), None, THRESHOLD, 0, 120).desired is None
