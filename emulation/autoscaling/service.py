"""Application Auto Scaling for the local cloud: the template's scalable targets and step
policies, applied to the local ECS services when an alarm action names a policy.

moto's Application Auto Scaling checks the ECS service in moto's own ECS, which never holds
the local services, so targets and policies live here. The deploy registers them; the alarm
evaluator calls `apply(policy_arn, alarm, verdict)`; `semantics.decide` says what to do; the
ECS service's desired count changes and the local ECS starts or stops scraper tasks.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from emulation.autoscaling.semantics import Decision, StepPolicy, TargetState, decide
from emulation.aws import ACCOUNT_ID, REGION

log = logging.getLogger(__name__)

SetCapacity = Callable[[str, str, int], None]  # (namespace, resource id, desired)
GetCapacity = Callable[[str, str], int | None]


@dataclass
class ScalableTarget:
    namespace: str
    resource_id: str
    dimension: str
    state: TargetState

    @property
    def key(self) -> str:
        """What CloudFormation's Ref of a scalable target gives."""
        return f"{self.resource_id}|{self.dimension}|{self.namespace}"


@dataclass
class Activity:
    """One scaling activity (DescribeScalingActivities' essentials)."""

    at: float
    resource_id: str
    policy: str
    alarm: str
    from_capacity: int
    to_capacity: int
    cause: str


@dataclass
class ApplicationAutoScaling:
    set_capacity: SetCapacity
    get_capacity: GetCapacity
    time_scale: Callable[[], float] = lambda: 1.0
    clock: Callable[[], float] = time.monotonic
    targets: dict[str, ScalableTarget] = field(default_factory=dict)
    policies: dict[str, tuple[str, StepPolicy]] = field(
        default_factory=dict
    )  # ARN -> (target, policy)
    activities: list[Activity] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def register_target(
        self, namespace: str, resource_id: str, dimension: str, minimum: int, maximum: int
    ) -> str:
        current = self.get_capacity(namespace, resource_id)
        target = ScalableTarget(
            namespace, resource_id, dimension, TargetState(minimum, maximum, current or 0)
        )
        with self._lock:
            self.targets[target.key] = target
        return target.key

    def put_policy(self, target_key: str, name: str, configuration: Mapping[str, Any]) -> str:
        """A StepScaling policy on a registered target; its ARN (what alarm actions name)."""
        if target_key not in self.targets:
            raise KeyError(f"policy {name}: no scalable target {target_key!r} is registered")
        target = self.targets[target_key]
        policy = StepPolicy.from_configuration(name, configuration)
        arn = (
            f"arn:aws:autoscaling:{REGION}:{ACCOUNT_ID}:scalingPolicy:{uuid.uuid4()}:"
            f"resource/{target.namespace}/{target.resource_id}:policyName/{name}"
        )
        with self._lock:
            self.policies[arn] = (target_key, policy)
        return arn

    def apply(self, policy_arn: str, alarm: Mapping[str, Any], verdict: Any) -> Decision:
        """The alarm `alarm` (in ALARM, newest value `verdict.value`) invokes the policy."""
        if policy_arn not in self.policies:
            return Decision(None, f"no local scaling policy {policy_arn}")
        target_key, policy = self.policies[policy_arn]
        with self._lock:
            target = self.targets[target_key]
            current = self.get_capacity(target.namespace, target.resource_id)
            state = target.state if current is None else replace(target.state, desired=current)
            now = self.clock()
            decision = decide(
                policy,
                state,
                verdict.value,
                float(alarm["Threshold"]),
                now,
                policy.cooldown_s / self.time_scale(),
            )
            if decision.desired is None:
                return decision
            self.set_capacity(target.namespace, target.resource_id, decision.desired)
            target.state = replace(
                state,
                desired=decision.desired,
                last_activity_at=now,
                last_was_scale_out=decision.desired > state.desired,
                capacity_before_last=state.desired,
            )
            self.activities.append(
                Activity(
                    time.time(),
                    target.resource_id,
                    policy.name,
                    str(alarm.get("AlarmName")),
                    state.desired,
                    decision.desired,
                    decision.reason,
                )
            )
        log.info("autoscaling %s: %s", target.resource_id, decision.reason)
        return decision
