"""What ECS does with task definitions, tasks and services, apart from processes (pure).

Which revision a reference means, which container a task runs with what command and environment
(RunTask overrides win), where an awslogs container's lines go, the ARNs, the task as
DescribeTasks returns it (and as Step Functions returns it, in PascalCase), the exit code a
signal death reports, and a service's back-off after tasks that failed to start. `tasks.py` runs
the processes; `moto_patches.py` routes moto's ECS and Step Functions' ecs:runTask here.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from emulation.credentials import ACCOUNT_ID, REGION

STOP_TIMEOUT_S = 30.0  # Fargate's default stopTimeout


class TaskDefinitionNotFound(LookupError):
    """No registered task definition has that family, revision or ARN."""


@dataclass
class TaskDefinition:
    """One revision of a family: its container definitions as the template gives them."""

    family: str
    revision: int
    containers: list[dict[str, Any]]

    @property
    def arn(self) -> str:
        return f"arn:aws:ecs:{REGION}:{ACCOUNT_ID}:task-definition/{self.family}:{self.revision}"


@dataclass
class TaskRecord:
    """A task as ECS knows it (a single essential container, as the project's tasks are)."""

    arn: str
    cluster_arn: str
    definition: TaskDefinition
    container_name: str
    started_by: str | None
    group: str
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    started_at: datetime | None = None
    stopping_at: datetime | None = None
    stopped_at: datetime | None = None
    last_status: str = "PROVISIONING"
    desired_status: str = "RUNNING"
    exit_code: int | None = None
    stop_code: str | None = None
    stopped_reason: str | None = None

    def describe(self) -> dict[str, Any]:
        """The task as DescribeTasks returns it (camelCase, boto-shaped)."""
        container: dict[str, Any] = {
            "containerArn": f"{self.arn.replace(':task/', ':container/')}/{self.container_name}",
            "taskArn": self.arn,
            "name": self.container_name,
            "lastStatus": self.last_status,
        }
        if self.exit_code is not None:
            container["exitCode"] = self.exit_code
        if self.stopped_reason and self.stop_code == "TaskFailedToStart":
            container["reason"] = self.stopped_reason
        described: dict[str, Any] = {
            "taskArn": self.arn,
            "clusterArn": self.cluster_arn,
            "taskDefinitionArn": self.definition.arn,
            "containers": [container],
            "lastStatus": self.last_status,
            "desiredStatus": self.desired_status,
            "launchType": "FARGATE",
            "group": self.group,
            "createdAt": self.created_at,
            "overrides": {"containerOverrides": [{"name": self.container_name}]},
        }
        for key, value in (
            ("startedBy", self.started_by),
            ("startedAt", self.started_at),
            ("stoppingAt", self.stopping_at),
            ("stoppedAt", self.stopped_at),
            ("stopCode", self.stop_code),
            ("stoppedReason", self.stopped_reason),
        ):
            if value is not None:
                described[key] = value
        return described


def pick_revision(revisions: list[TaskDefinition], ref: str) -> TaskDefinition:
    """The definition `ref` means (family, family:revision or ARN; a bare family: the latest)."""
    revision = ref.rsplit("/", 1)[-1].partition(":")[2]
    if not revisions:
        raise TaskDefinitionNotFound(f"task definition {ref!r} is not registered")
    if revision:
        for definition in revisions:
            if definition.revision == int(revision):
                return definition
        raise TaskDefinitionNotFound(f"task definition {ref!r}: no such revision")
    return revisions[-1]


def family_of(ref: str) -> str:
    """The family a task definition reference names."""
    return ref.rsplit("/", 1)[-1].partition(":")[0]


def essential_container(definition: TaskDefinition) -> dict[str, Any]:
    """The container a task runs: the first essential one."""
    essential = [c for c in definition.containers if c.get("Essential", True)]
    return (essential or definition.containers)[0]


def container_override(overrides: Mapping[str, Any], name: str) -> Any:
    """RunTask's override for the container `name` ({} when there is none)."""
    found = (
        o for o in parameter(overrides, "containerOverrides") or [] if parameter(o, "name") == name
    )
    return next(found, {})


def container_arguments(container: Mapping[str, Any], override: Any) -> list[str]:
    """The command passed to the container's entry point: the override's, else the definition's."""
    return [str(a) for a in parameter(override, "command") or container.get("Command") or []]


def container_environment(
    container: Mapping[str, Any], override: Any, base: Mapping[str, str]
) -> dict[str, str]:
    """`base`, then the definition's variables, then the override's (later wins)."""
    environment = dict(base)
    for variable in container.get("Environment") or []:
        environment[str(variable["Name"])] = str(variable["Value"])
    for variable in parameter(override, "environment") or []:
        environment[str(parameter(variable, "name"))] = str(parameter(variable, "value"))
    return environment


def task_arn(cluster_arn: str, task_id: str) -> str:
    return f"arn:aws:ecs:{REGION}:{ACCOUNT_ID}:task/{cluster_arn.rsplit('/', 1)[-1]}/{task_id}"


def service_arn(cluster_arn: str, name: str) -> str:
    return f"arn:aws:ecs:{REGION}:{ACCOUNT_ID}:service/{cluster_arn.rsplit('/', 1)[-1]}/{name}"


def cluster_arn(name: str) -> str:
    return f"arn:aws:ecs:{REGION}:{ACCOUNT_ID}:cluster/{name}"


def exit_code(returncode: int | None) -> int | None:
    """A process's return code as a container runtime reports it (a signal death: 128 + signal)."""
    return 128 - returncode if returncode is not None and returncode < 0 else returncode


def start_backoff_s(failed_starts: int) -> float:
    """How long a service waits before starting a task again after `failed_starts` in a row."""
    return min(2.0**failed_starts, 300.0)


def awslogs_destination(container: Mapping[str, Any], task_id: str) -> tuple[str, str] | None:
    """(log group, log stream) of a container using the awslogs driver, named as Fargate names
    the stream: `prefix/container-name/task-id` (the task id alone without a prefix)."""
    config = container.get("LogConfiguration") or {}
    if config.get("LogDriver") != "awslogs":
        return None
    options = config.get("Options") or {}
    group = options.get("awslogs-group")
    if not group:
        raise ValueError(
            f"container {container.get('Name')!r}: the awslogs driver needs awslogs-group, "
            f"got options {sorted(options)}"
        )
    prefix = options.get("awslogs-stream-prefix")
    stream = f"{prefix}/{container.get('Name')}/{task_id}" if prefix else task_id
    return str(group), stream


def parameter(mapping: Any, key: str) -> Any:
    """A key in boto's camelCase or in Step Functions' PascalCase."""
    if not isinstance(mapping, Mapping):
        return None
    if key in mapping:
        return mapping[key]
    return mapping.get(key[:1].upper() + key[1:])


def pascal_case(value: Any) -> Any:
    """Step Functions returns ECS responses with PascalCase keys (TaskArn, Containers...)."""
    if isinstance(value, Mapping):
        return {k[:1].upper() + k[1:]: pascal_case(v) for k, v in value.items()}
    if isinstance(value, list):
        return [pascal_case(v) for v in value]
    if isinstance(value, datetime):
        return int(value.timestamp() * 1000)
    return value


def describe_json(task: TaskRecord) -> str:
    """A task as JSON (for the CLI)."""
    return json.dumps(task.describe(), default=str, indent=2)


def task_state_change_event(described: Mapping[str, Any]) -> dict[str, Any]:
    """The "ECS Task State Change" event ECS puts on the default bus (detail: the task as
    DescribeTasks gives it, times as ISO 8601)."""
    detail = json.loads(json.dumps(described, default=_iso))
    now = datetime.now(UTC)
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "ECS Task State Change",
        "source": "aws.ecs",
        "account": ACCOUNT_ID,
        "time": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": REGION,
        "resources": [described["taskArn"]],
        "detail": detail,
    }


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, datetime) else str(value)
