"""EventBridge Scheduler schedules, run by the local scheduler (`emulation.schedules`)."""

from __future__ import annotations

from typing import Any

from emulation.deploy.engine import (
    ACCEPTED,
    CREATED,
    Deployed,
    Result,
    Stack,
    creates,
)


@creates("AWS::Scheduler::Schedule")
def _schedule(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    d = s.deployer
    name = p.get("Name") or d.physical_name(s.name, logical_id, 64)
    group = p.get("GroupName", "default")
    arn = d.arn("scheduler", f"schedule/{group}/{name}")
    deployed = Deployed("AWS::Scheduler::Schedule", name, {"Arn": arn})
    if d.targets.schedules is None:
        return deployed, ACCEPTED, "the scheduler is not running"
    from emulation.schedules import RuleSpec, TargetSpec

    target = p["Target"]
    d.targets.schedules.add_rule(
        RuleSpec(
            name=name,
            arn=arn,
            schedule_expression=p["ScheduleExpression"],
            event_pattern=None,
            enabled=p.get("State", "ENABLED") == "ENABLED",
            targets=[TargetSpec(id="Target", arn=target["Arn"], input=target.get("Input"))],
            timezone=p.get("ScheduleExpressionTimezone", "UTC"),
        )
    )
    d.result.rules.append(name)
    return deployed, CREATED, f"{p['ScheduleExpression']}; target runs locally"
