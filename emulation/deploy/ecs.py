"""ECS clusters, task definitions and services, run as local processes (`emulation.ecs`)."""

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


@creates("AWS::ECS::Cluster")
def _cluster(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    d = s.deployer
    name = p.get("ClusterName") or d.physical_name(s.name, logical_id, 255)
    arn = d.arn("ecs", f"cluster/{name}")
    settings = {str(x.get("Name")): str(x.get("Value")) for x in p.get("ClusterSettings") or []}
    if d.targets.ecs is not None:  # "enabled" or "enhanced": Container Insights' task counts
        insights = settings.get("containerInsights", "disabled") != "disabled"
        arn = d.targets.ecs.create_cluster(name, container_insights=insights)
    return Deployed("AWS::ECS::Cluster", name, {"Arn": arn}), CREATED, "local task processes"


@creates("AWS::ECS::TaskDefinition")
def _task_definition(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    d = s.deployer
    family = p.get("Family") or d.physical_name(s.name, logical_id, 255)
    arn = d.arn("ecs", f"task-definition/{family}:1")
    if d.targets.ecs is None:
        return (
            Deployed("AWS::ECS::TaskDefinition", arn, {"TaskDefinitionArn": arn}),
            ACCEPTED,
            ("ECS is not running"),
        )
    arn = d.targets.ecs.register_task_definition(family, p.get("ContainerDefinitions", []))
    for container in p.get("ContainerDefinitions", []):
        cname = str(container.get("Name"))
        d.result.container_commands[cname] = d.targets.ecs.local_command(cname)
    attrs = {"TaskDefinitionArn": arn}
    return (
        Deployed("AWS::ECS::TaskDefinition", arn, attrs),
        CREATED,
        ("containers run as local processes (see the container mapping)"),
    )


@creates("AWS::ECS::Service")
def _service(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    d = s.deployer
    name = p.get("ServiceName") or d.physical_name(s.name, logical_id, 255)
    cluster = str(p.get("Cluster", "default"))
    arn = d.arn("ecs", f"service/{cluster.rsplit('/', 1)[-1]}/{name}")
    if d.targets.ecs is None:
        return (
            Deployed("AWS::ECS::Service", arn, {"Name": name, "ServiceArn": arn}),
            ACCEPTED,
            ("ECS is not running"),
        )
    arn = d.targets.ecs.create_service(
        cluster, name, str(p["TaskDefinition"]), int(p.get("DesiredCount", 1))
    )
    return (
        Deployed("AWS::ECS::Service", arn, {"Name": name, "ServiceArn": arn}),
        CREATED,
        (f"desired count {p.get('DesiredCount', 1)} kept as local processes"),
    )
