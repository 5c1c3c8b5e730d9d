"""The local ECS: `semantics.py` (which container, command and environment a task gets, how it
is described; pure), `tasks.py` (tasks as processes, services that keep N of them),
`moto_patches.py` (moto's ECS and Step Functions' ecs:runTask routed here)."""

from __future__ import annotations

from emulation.ecs.semantics import (
    STOP_TIMEOUT_S,
    TaskDefinition,
    TaskDefinitionNotFound,
    TaskRecord,
    awslogs_destination,
    describe_json,
    pascal_case,
    task_state_change_event,
)
from emulation.ecs.tasks import EcsEmulator, Service, Task

__all__ = [
    "STOP_TIMEOUT_S",
    "EcsEmulator",
    "Service",
    "Task",
    "TaskDefinition",
    "TaskDefinitionNotFound",
    "TaskRecord",
    "awslogs_destination",
    "describe_json",
    "pascal_case",
    "task_state_change_event",
]
