"""EventBridge buses and rules: rules exist in moto, targets run locally (`emulation.schedules`)."""

from __future__ import annotations

import json
from typing import Any

from emulation.deploy.engine import (
    ACCEPTED,
    CREATED,
    Deployed,
    Result,
    Stack,
    creates,
)


@creates("AWS::Events::EventBus")
def _event_bus(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    arn = s.deployer.boto("events").create_event_bus(Name=p["Name"])["EventBusArn"]
    return (
        Deployed("AWS::Events::EventBus", p["Name"], {"Arn": arn, "Name": p["Name"]}),
        (CREATED),
        "created in moto",
    )


@creates("AWS::Events::Rule")
def _rule(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    d = s.deployer
    name = p.get("Name") or d.physical_name(s.name, logical_id, 64)
    bus = p.get("EventBusName", "default")
    arn = d.arn("events", f"rule/{name}" if bus == "default" else f"rule/{bus}/{name}")
    kwargs: dict[str, Any] = {"Name": name, "State": p.get("State", "ENABLED")}
    if "ScheduleExpression" in p:
        kwargs["ScheduleExpression"] = p["ScheduleExpression"]
    if "EventPattern" in p:
        kwargs["EventPattern"] = json.dumps(p["EventPattern"])
    if bus != "default":
        kwargs["EventBusName"] = bus
    # The rule exists in moto (describe works); its targets stay local: moto cannot deliver them.
    d.boto("events").put_rule(**kwargs)
    d.result.rules.append(name)
    deployed = Deployed("AWS::Events::Rule", name, {"Arn": arn})
    if d.targets.schedules is None:
        return deployed, ACCEPTED, "the scheduler is not running"
    from emulation.schedules import RuleSpec, TargetSpec

    d.targets.schedules.add_rule(
        RuleSpec(
            name=name,
            arn=arn,
            schedule_expression=p.get("ScheduleExpression"),
            event_pattern=p.get("EventPattern"),
            enabled=p.get("State", "ENABLED") == "ENABLED",
            targets=[TargetSpec.from_properties(t) for t in p.get("Targets", [])],
        )
    )
    kind = p.get("ScheduleExpression") or "event pattern (fire on demand)"
    return deployed, CREATED, f"{kind}; targets run locally"
