"""moto patched to route ECS tasks and Step Functions' ecs:runTask(.sync) to the local ECS.

RunTask, DescribeTasks, StopTask and ListTasks for task definitions the local ECS knows are
answered by it (others: moto). moto 5.2.5's Step Functions ECS integration maps requests and
responses wrongly; it is replaced by one that runs the task locally and, for `.sync`, waits for
the process and fails the state with States.TaskFailed on a non-zero exit.

moto's backends belong to the process, so every local cloud of a process is routed to: a task
definition or task goes to the cloud whose ECS knows it (the newest first), and a stopped cloud
is routed to no more, so a cloud that outlives another keeps its own tasks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol, cast

from emulation.ecs.semantics import TaskRecord, parameter, pascal_case


class TaskRunner(Protocol):
    """What the patches need of the local ECS (`tasks.EcsEmulator`)."""

    def knows(self, ref: str) -> bool: ...

    def run_task(
        self,
        cluster: str = ...,
        task_definition: str = ...,
        *,
        overrides: Mapping[str, Any] | None = ...,
        count: int = ...,
        started_by: str | None = ...,
        group: str | None = ...,
    ) -> Sequence[TaskRecord]: ...

    def describe(self, arn: str) -> TaskRecord: ...

    def stop_task(self, arn: str, reason: str = ...) -> TaskRecord: ...

    def list_tasks(
        self, cluster: str | None = ..., *, status: str | None = ...
    ) -> Sequence[TaskRecord]: ...


# Every running cloud's ECS, the newest first.
_emulators: list[TaskRunner] = []


def _register(emulator: TaskRunner) -> None:
    if emulator not in _emulators:
        _emulators.insert(0, emulator)


def uninstall(emulator: TaskRunner) -> None:
    """Route nothing more to `emulator` (its cloud stopped); the others keep their routes."""
    if emulator in _emulators:
        _emulators.remove(emulator)


def _knowing(ref: str) -> TaskRunner | None:
    """The ECS that knows task definition `ref`."""
    return next((ecs for ecs in list(_emulators) if ecs.knows(ref)), None)


def _holding(arn: str) -> TaskRunner | None:
    """The ECS that runs (or ran) task `arn`."""
    for ecs in list(_emulators):
        try:
            ecs.describe(arn)
        except KeyError:
            continue
        return ecs
    return None


def _newest() -> TaskRunner:
    if not _emulators:
        raise RuntimeError("no local ECS is running in this process")
    return _emulators[0]


def install_ecs(emulator: TaskRunner) -> None:
    """Patch moto's ECS responses for task definitions the emulator knows (others: moto)."""
    from moto.core.responses import ActionResult
    from moto.ecs.responses import EC2ContainerServiceResponse as Responses

    _register(emulator)
    if getattr(Responses, "_local_cloud_patched", False):
        return
    original = {
        name: getattr(Responses, name)
        for name in ("run_task", "describe_tasks", "stop_task", "list_tasks")
    }

    def run_task(self: Any) -> Any:
        ref = self._get_param("taskDefinition")
        ecs = _knowing(str(ref))
        if ecs is None:
            return original["run_task"](self)
        tasks = ecs.run_task(
            self._get_param("cluster", "default"),
            str(ref),
            overrides=self._get_param("overrides"),
            count=self._get_int_param("count", 1),
            started_by=self._get_param("startedBy"),
            group=self._get_param("group"),
        )
        return ActionResult({"tasks": [t.describe() for t in tasks], "failures": []})

    def describe_tasks(self: Any) -> Any:
        found, failures = [], []
        for ref in self._get_param("tasks", []):
            ecs = _holding(str(ref))
            if ecs is None:
                failures.append({"arn": ref, "reason": "MISSING"})
            else:
                found.append(ecs.describe(str(ref)).describe())
        if failures and not found:
            return original["describe_tasks"](self)
        return ActionResult({"tasks": found, "failures": failures})

    def stop_task(self: Any) -> Any:
        ref = str(self._get_param("task"))
        ecs = _holding(ref)
        if ecs is None:
            return original["stop_task"](self)
        try:
            task = ecs.stop_task(ref, self._get_param("reason") or "Task stopped by user")
        except KeyError:
            return original["stop_task"](self)
        return ActionResult({"task": task.describe()})

    def list_tasks(self: Any) -> Any:
        status = self._get_param("desiredStatus") or "RUNNING"
        cluster = self._get_param("cluster", "default")
        tasks = [t for ecs in list(_emulators) for t in ecs.list_tasks(cluster, status=status)]
        family = self._get_param("family")
        started_by = self._get_param("startedBy")
        arns = [
            t.arn
            for t in tasks
            if (family is None or t.definition.family == family)
            and (started_by is None or t.started_by == started_by)
        ]
        return ActionResult({"taskArns": arns})

    for name, method in (
        ("run_task", run_task),
        ("describe_tasks", describe_tasks),
        ("stop_task", stop_task),
        ("list_tasks", list_tasks),
    ):
        setattr(Responses, name, method)
    setattr(Responses, "_local_cloud_patched", True)  # noqa: B010


def install_sfn_ecs(emulator: TaskRunner) -> None:
    """Replace moto 5.2.5's ecs:runTask(.sync) integration, whose request/response mapping is
    broken, with one that runs the task here and (for .sync) waits for its process."""
    from moto.stepfunctions.parser.api import HistoryEventType, TaskFailedEventDetails
    from moto.stepfunctions.parser.asl.component.common.error_name.failure_event import (
        FailureEvent,
        FailureEventException,
    )
    from moto.stepfunctions.parser.asl.component.common.error_name.states_error_name import (
        StatesErrorName,
    )
    from moto.stepfunctions.parser.asl.component.common.error_name.states_error_name_type import (
        StatesErrorNameType,
    )
    from moto.stepfunctions.parser.asl.component.state.exec.state_task.service import (
        state_task_service_ecs as module,
    )
    from moto.stepfunctions.parser.asl.eval.event.event_detail import EventDetails
    from moto.stepfunctions.parser.asl.utils.encoding import to_json_str

    _register(emulator)
    cls = module.StateTaskServiceEcs
    if getattr(cls, "_local_cloud_patched", False):
        return

    def _eval_service_task(
        self: Any,
        env: Any,
        resource_runtime_part: Any,
        normalised_parameters: dict[str, Any],
        state_credentials: Any,
    ) -> None:
        action = self._get_boto_service_action()
        if action != "run_task":
            raise RuntimeError(f"ecs:{self.resource.api_action} is not emulated locally")
        params = normalised_parameters
        definition = str(parameter(params, "taskDefinition"))
        # A definition no cloud knows: the newest cloud's ECS says so, as it always did.
        ecs = _knowing(definition) or _newest()
        tasks = ecs.run_task(
            str(parameter(params, "cluster") or "default"),
            definition,
            overrides=parameter(params, "overrides") or {},
            count=int(parameter(params, "count") or 1),
            started_by=parameter(params, "startedBy"),
            group=parameter(params, "group"),
        )
        env.stack.append(pascal_case({"tasks": [t.describe() for t in tasks], "failures": []}))

    def _build_sync_resolver(
        self: Any,
        env: Any,
        resource_runtime_part: Any,
        normalised_parameters: dict[str, Any],
        state_credentials: Any,
    ) -> Any:
        submission: dict[str, Any] = env.stack.pop()
        task_arn = submission["Tasks"][0]["TaskArn"]
        ecs = _holding(task_arn) or _newest()

        def _sync_resolver() -> dict[str, Any] | None:
            task = ecs.describe(task_arn)
            if task.last_status != "STOPPED":
                return None
            described = pascal_case(task.describe())
            if task.exit_code == 0:
                return dict(described)
            raise FailureEventException(
                FailureEvent(
                    env=env,
                    error_name=StatesErrorName(typ=StatesErrorNameType.StatesTaskFailed),
                    event_type=HistoryEventType.TaskFailed,
                    event_details=cast(Any, EventDetails)(
                        taskFailedEventDetails=TaskFailedEventDetails(
                            resource=self._get_sfn_resource(),
                            resourceType=self._get_sfn_resource_type(),
                            error=StatesErrorNameType.StatesTaskFailed.to_name(),
                            cause=to_json_str(described),
                        )
                    ),
                )
            )

        return _sync_resolver

    setattr(cls, "_eval_service_task", _eval_service_task)  # noqa: B010
    setattr(cls, "_build_sync_resolver", _build_sync_resolver)  # noqa: B010
    setattr(cls, "_local_cloud_patched", True)  # noqa: B010
