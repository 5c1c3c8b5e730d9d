"""ECS, locally: RunTask and services start each container as a local process (`semantics.py`
says which container, command and environment; this module runs and watches the processes).

By default each container name maps to a local command (the scraper's
`scraper` container runs `python -m compute.scraper` from the project's virtualenv); the task
definition's command (or an override's) is passed as arguments, and the environment is the task
definition's plus the overrides' plus AWS_ENDPOINT_URL and fake credentials. A task's exit decides
how it stops, as on Fargate: exit 0 -> "Essential container in task exited" with exitCode 0,
non-zero -> that exitCode; StopTask sends SIGTERM, then SIGKILL after the stop timeout (30 s).
A service keeps `desiredCount` processes running. A container name with an image
(`container_images`, ECS_CONTAINER_IMAGES) runs as a real container: `emulation.ecs_container`.

A task's output (stdout and stderr) goes to `<log_dir>/ecs/<family>/<task id>.log`; when the
container definition has an `awslogs` LogConfiguration it also goes, line by line, to that log
group in CloudWatch Logs on the endpoint, in the stream `<awslogs-stream-prefix>/<container>/<task
id>` as on Fargate (shipped from a background thread).

`install_into_moto()` routes moto's ECS RunTask/DescribeTasks/StopTask/ListTasks for these task
definitions here, and replaces moto's broken Step Functions `ecs:runTask(.sync)` integration so
that `.sync` waits for the process and fails the state with States.TaskFailed on a non-zero exit
(`moto_patches.py`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from emulation import ecs_container
from emulation.alarms.metrics import MetricPublisher, ServiceTasks
from emulation.credentials import REGION
from emulation.ecs import moto_patches, semantics
from emulation.ecs.semantics import (
    STOP_TIMEOUT_S,
    TaskDefinition,
    TaskDefinitionNotFound,
    TaskRecord,
    awslogs_destination,
)
from emulation.lifetime import ProcessRecord, spawn
from emulation.logs import LogShipper

logger = logging.getLogger(__name__)

# Container name -> the local command that stands in for its image's entry point.
DEFAULT_CONTAINER_COMMANDS: dict[str, list[str]] = {
    "scraper": [sys.executable, "-m", "compute.scraper"],
}
# What a Fargate container sees besides its task definition's environment.
_PASSED_THROUGH = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "VIRTUAL_ENV", "PYTHONPATH")


@dataclass(kw_only=True)
class Task(TaskRecord):
    """A task here: its record, the process standing in for its container, its log."""

    command: list[str]
    environment: dict[str, str]
    log_path: Path
    # (log group, log stream) in CloudWatch Logs when the container uses the awslogs driver.
    awslogs: tuple[str, str] | None = None
    process: subprocess.Popen[bytes] | None = None
    done: threading.Event = field(default_factory=threading.Event)
    output_reader: threading.Thread | None = None
    stop_timeout_s: float | None = None  # a container's StopTimeout; else the emulator's

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None


@dataclass
class Service:
    arn: str
    name: str
    cluster_arn: str
    definition: TaskDefinition
    desired_count: int
    tasks: list[Task] = field(default_factory=list)
    failed_starts: int = 0  # consecutive tasks that could not start
    retry_at: float = 0.0  # monotonic time of the next start attempt after failures


class EcsEmulator:
    """Clusters, task definitions, tasks as processes, and services that keep N of them."""

    def __init__(
        self,
        *,
        endpoint_url: str,
        log_dir: Path,
        container_commands: Mapping[str, list[str]] | None = None,
        extra_env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
        stop_timeout_s: float = STOP_TIMEOUT_S,
        reconcile_s: float = 1.0,
        record: ProcessRecord | None = None,
        metrics: MetricPublisher | None = None,
    ) -> None:
        self.endpoint_url = endpoint_url
        self.metrics = metrics  # the tasks' EMF lines become custom metrics, as in CloudWatch
        self.record = record  # where each task process is written down for `status`/`stop`
        self.log_dir = log_dir
        self.container_commands = {**DEFAULT_CONTAINER_COMMANDS, **(container_commands or {})}
        # Container name -> a local image: those run as containers (Docker), not as commands.
        self.container_images = ecs_container.images_from_env(
            os.environ.get(ecs_container.IMAGES_ENV)
        )
        self.extra_env = dict(extra_env or {})
        self.cwd = cwd
        self.stop_timeout_s = stop_timeout_s
        self.clusters: dict[str, str] = {}  # name -> ARN
        self.insights: set[str] = set()  # clusters with Container Insights (its task counts)
        self.definitions: dict[str, list[TaskDefinition]] = {}
        self.tasks: dict[str, Task] = {}
        self.services: dict[str, Service] = {}
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._reconcile_s = reconcile_s
        self._reconciler: threading.Thread | None = None
        self._shipper: LogShipper | None = None  # started by the first awslogs task
        # Called with each task once it stopped (the local cloud puts ECS's state-change event).
        self.on_stopped: Callable[[Task], object] | None = None

    # -- control plane -----------------------------------------------------------------------

    def create_cluster(self, name: str, *, container_insights: bool = False) -> str:
        arn = semantics.cluster_arn(name)
        with self._lock:
            self.clusters[name] = arn
            if container_insights:
                self.insights.add(name)
        return arn

    def cluster_arn(self, name_or_arn: str) -> str:
        name = name_or_arn.rsplit("/", 1)[-1]
        with self._lock:
            return self.clusters.get(name) or self.create_cluster(name)

    def register_task_definition(self, family: str, containers: list[dict[str, Any]]) -> str:
        for container in containers:  # refuse a broken log configuration now, not at RunTask
            awslogs_destination(container, "validation")
        with self._lock:
            revisions = self.definitions.setdefault(family, [])
            definition = TaskDefinition(family, len(revisions) + 1, containers)
            revisions.append(definition)
        return definition.arn

    def task_definition(self, ref: str) -> TaskDefinition:
        """By family, family:revision or ARN (the latest revision for a bare family)."""
        with self._lock:
            return semantics.pick_revision(self.definitions.get(semantics.family_of(ref), []), ref)

    def knows(self, ref: str) -> bool:
        try:
            self.task_definition(ref)
        except (TaskDefinitionNotFound, ValueError):
            return False
        return True

    def local_command(self, container_name: str) -> list[str]:
        """The local command a container runs as (reported by the deploy)."""
        return list(self.container_commands.get(container_name, []))

    # -- tasks -------------------------------------------------------------------------------

    def run_task(
        self,
        cluster: str = "default",
        task_definition: str = "",
        *,
        overrides: Mapping[str, Any] | None = None,
        count: int = 1,
        started_by: str | None = None,
        group: str | None = None,
    ) -> list[Task]:
        """Start `count` tasks; each is RUNNING (or STOPPED with a reason if it cannot start)."""
        definition = self.task_definition(task_definition)
        cluster_arn = self.cluster_arn(cluster)
        return [
            self._start(definition, cluster_arn, overrides or {}, started_by, group)
            for _ in range(max(1, count))
        ]

    def _start(
        self,
        definition: TaskDefinition,
        cluster_arn: str,
        overrides: Mapping[str, Any],
        started_by: str | None,
        group: str | None,
    ) -> Task:
        container = semantics.essential_container(definition)
        name = str(container.get("Name"))
        override = semantics.container_override(overrides, name)
        args = semantics.container_arguments(container, override)
        base = {
            "AWS_ENDPOINT_URL": self.endpoint_url,
            "AWS_REGION": REGION,
            "AWS_DEFAULT_REGION": REGION,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_SESSION_TOKEN": "testing",
            "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
            "PYTHONUNBUFFERED": "1",
            **{k: os.environ[k] for k in _PASSED_THROUGH if k in os.environ},
            **self.extra_env,
        }
        environment = semantics.container_environment(container, override, base)
        task_id = uuid.uuid4().hex
        arn = semantics.task_arn(cluster_arn, task_id)
        log_path = self.log_dir / "ecs" / definition.family / f"{task_id}.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        environment["ECS_TASK_ARN"] = arn
        local = self.local_command(name)
        image = self.container_images.get(name)
        if image is not None:
            local = ecs_container.task_command(image, container, environment, task_id)
        awslogs = awslogs_destination(container, task_id)
        task = Task(
            arn=arn,
            cluster_arn=cluster_arn,
            definition=definition,
            container_name=name,
            command=[*local, *args],
            environment=environment,
            started_by=started_by,
            group=group or f"family:{definition.family}",
            log_path=log_path,
            awslogs=awslogs,
            stop_timeout_s=ecs_container.stop_timeout_s(container) if image else None,
        )
        with self._lock:
            self.tasks[arn] = task
        if not local:
            self._stopped(
                task,
                None,
                "TaskFailedToStart",
                f"CannotStartContainerError: container {name!r} has no local command "
                f"(known: {sorted(self.container_commands)})",
            )
            return task
        with log_path.open("ab") as log:
            task.process = spawn(  # a configured local command; dies with this process
                task.command,
                what=f"ecs:{definition.family}",
                record=self.record,
                env=environment,
                cwd=self.cwd,
                # Straight to the file unless lines must also reach CloudWatch Logs.
                stdout=log if awslogs is None else subprocess.PIPE,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        if awslogs is not None:
            assert task.process.stdout is not None
            task.output_reader = threading.Thread(
                target=self._forward_output,
                args=(task.process.stdout, log_path, awslogs),
                name=f"ecs-logs-{task_id[:8]}",
                daemon=True,
            )
            task.output_reader.start()
        task.started_at = datetime.now(UTC)
        task.last_status = "RUNNING"
        logger.info("ECS task %s (%s) started as pid %s", task_id, name, task.pid)
        threading.Thread(target=self._watch, args=(task,), daemon=True).start()
        return task

    def _forward_output(self, stdout: IO[bytes], log_path: Path, awslogs: tuple[str, str]) -> None:
        """Each line to the local file at once and to CloudWatch Logs in the background."""
        shipper = self._log_shipper()
        group, stream = awslogs
        with stdout, log_path.open("ab") as log:
            for line in stdout:
                log.write(line)
                log.flush()
                text = line.decode("utf-8", errors="replace").rstrip("\r\n")
                shipper.ship(group, stream, [text])
                if self.metrics is not None:
                    self.metrics.log_lines([text])

    def _log_shipper(self) -> LogShipper:
        with self._lock:
            if self._shipper is None:
                self._shipper = LogShipper(self.endpoint_url)
            return self._shipper

    def flush_logs(self, timeout_s: float = 10.0) -> bool:
        """Wait until every task line so far reached CloudWatch Logs on the endpoint."""
        return self._shipper is None or self._shipper.flush(timeout_s)

    def _watch(self, task: Task) -> None:
        assert task.process is not None
        code = task.process.wait()
        if task.output_reader is not None:
            # The task's lines are all read before it counts as stopped (a child that kept the
            # pipe open is not waited for beyond a few seconds).
            task.output_reader.join(timeout=5)
        if task.stop_code is None:
            self._stopped(
                task, code, "EssentialContainerExited", "Essential container in task exited"
            )
        else:
            self._stopped(task, code, task.stop_code, task.stopped_reason or "")

    def _stopped(self, task: Task, code: int | None, stop_code: str, reason: str) -> None:
        with self._lock:
            task.exit_code = semantics.exit_code(code)
            task.stop_code = stop_code
            task.stopped_reason = reason
            task.last_status = "STOPPED"
            task.desired_status = "STOPPED"
            task.stopped_at = datetime.now(UTC)
        task.done.set()
        if self.on_stopped is not None:
            try:
                self.on_stopped(task)
            except Exception:
                logger.exception("task %s: the stopped-task hook failed", task.arn)

    def stop_task(
        self,
        arn: str,
        reason: str = "Task stopped by user",
        stop_code: str = "UserInitiated",
        wait: bool = False,
    ) -> Task:
        """SIGTERM the task's process group, SIGKILL after the stop timeout."""
        task = self.describe(arn)
        with self._lock:
            if task.last_status == "STOPPED" or task.stop_code is not None:
                return task
            task.stop_code, task.stopped_reason = stop_code, reason
            task.desired_status = "STOPPED"
            task.last_status = "DEACTIVATING"
            task.stopping_at = datetime.now(UTC)
        if task.process is not None:
            _signal(task.process, signal.SIGTERM)
            threading.Thread(target=self._kill_after, args=(task,), daemon=True).start()
        if wait:
            task.done.wait(self.stop_timeout_s + 5)
        return task

    def _kill_after(self, task: Task) -> None:
        # A container's own `docker stop` kills it at its StopTimeout; a few seconds on top.
        timeout = self.stop_timeout_s if task.stop_timeout_s is None else task.stop_timeout_s + 5
        if not task.done.wait(timeout) and task.process is not None:
            logger.warning("ECS task %s ignored SIGTERM for %.0f s: SIGKILL", task.arn, timeout)
            _signal(task.process, signal.SIGKILL)

    def describe(self, arn: str) -> Task:
        with self._lock:
            if arn in self.tasks:
                return self.tasks[arn]
            for task in self.tasks.values():  # a bare task id
                if task.arn.endswith("/" + arn):
                    return task
        raise KeyError(f"no task {arn!r}")

    def wait(self, arn: str, timeout_s: float) -> Task:
        task = self.describe(arn)
        if not task.done.wait(timeout_s):
            raise TimeoutError(f"task {arn} still {task.last_status} after {timeout_s} s")
        return task

    def list_tasks(self, cluster: str | None = None, *, status: str | None = None) -> list[Task]:
        with self._lock:
            tasks = list(self.tasks.values())
        if cluster is not None:
            cluster_arn = self.cluster_arn(cluster)
            tasks = [t for t in tasks if t.cluster_arn == cluster_arn]
        if status is not None:
            tasks = [t for t in tasks if t.desired_status == status]
        return tasks

    # -- services ----------------------------------------------------------------------------

    def create_service(self, cluster: str, name: str, task_definition: str, desired: int) -> str:
        cluster_arn = self.cluster_arn(cluster)
        arn = semantics.service_arn(cluster_arn, name)
        service = Service(arn, name, cluster_arn, self.task_definition(task_definition), desired)
        with self._lock:
            self.services[name] = service
        self.reconcile()
        self._ensure_reconciler()
        return arn

    def update_service(self, name: str, desired: int) -> None:
        with self._lock:
            self.services[name].desired_count = desired
        self.reconcile()

    def reconcile(self) -> None:
        """Start or stop processes so each service runs its desired count (replacing exits)."""
        with self._lock:
            services = list(self.services.values())
        for service in services:
            running = [t for t in service.tasks if t.desired_status == "RUNNING"]
            service.tasks = [t for t in service.tasks if t.last_status != "STOPPED"]
            if time.monotonic() < service.retry_at:
                continue  # tasks keep failing to start: back off, as ECS does
            for _ in range(service.desired_count - len(running)):
                task = self._start(
                    service.definition,
                    service.cluster_arn,
                    {},
                    f"ecs-svc/{service.name}",
                    f"service:{service.name}",
                )
                service.tasks.append(task)
                if task.stop_code == "TaskFailedToStart":
                    service.failed_starts += 1
                    delay = semantics.start_backoff_s(service.failed_starts)
                    service.retry_at = time.monotonic() + delay
                    logger.warning(
                        "service %s: task failed to start (%s); next try in %.0f s",
                        service.name,
                        task.stopped_reason,
                        delay,
                    )
                    break
                service.failed_starts = 0
            for task in running[service.desired_count :]:
                self.stop_task(task.arn, "Service scale-in", stop_code="ServiceSchedulerInitiated")

    def _ensure_reconciler(self) -> None:
        if self._reconciler is None:
            self._reconciler = threading.Thread(target=self._reconcile_loop, daemon=True)
            self._reconciler.start()

    def _reconcile_loop(self) -> None:
        while not self._stop.wait(self._reconcile_s):
            try:
                self.reconcile()
            except Exception:
                logger.exception("ECS service reconcile failed")

    def service_task_counts(self) -> list[ServiceTasks]:
        """Each service's running, pending and desired tasks, in the clusters with Container
        Insights (what ECS/ContainerInsights reports for them)."""
        with self._lock:
            services = list(self.services.values())
            insights = set(self.insights)
        out = []
        for service in services:
            cluster = service.cluster_arn.rsplit("/", 1)[-1]
            if cluster not in insights:
                continue
            statuses = [t.last_status for t in list(service.tasks)]
            out.append(
                ServiceTasks(
                    cluster,
                    service.name,
                    running=statuses.count("RUNNING"),
                    pending=sum(s in ("PROVISIONING", "PENDING", "ACTIVATING") for s in statuses),
                    desired=service.desired_count,
                )
            )
        return out

    def service_tasks(self, name: str) -> list[Task]:
        """The service's tasks that are meant to run (not stopped, not being stopped)."""
        with self._lock:
            return [t for t in self.services[name].tasks if t.desired_status == "RUNNING"]

    # -- lifecycle ---------------------------------------------------------------------------

    def shutdown(self, timeout_s: float | None = None) -> None:
        """Stop services and every task (SIGTERM, then SIGKILL after the timeout)."""
        self._stop.set()
        if self._reconciler is not None:
            self._reconciler.join(timeout=5)
        with self._lock:
            for service in self.services.values():
                service.desired_count = 0
            tasks = [t for t in self.tasks.values() if t.last_status != "STOPPED"]
        limit = self.stop_timeout_s if timeout_s is None else timeout_s
        for task in tasks:
            self.stop_task(task.arn, "Local cloud shut down", stop_code="ServiceSchedulerInitiated")
        deadline = time.monotonic() + limit
        for task in tasks:
            if not task.done.wait(max(0.0, deadline - time.monotonic())) and task.process:
                _signal(task.process, signal.SIGKILL)
                task.done.wait(5)
        if self._shipper is not None:
            self._shipper.flush(5.0)
            self._shipper.close()
        moto_patches.uninstall(self)  # another cloud of this process keeps its own routes

    def install_into_moto(self) -> None:
        """Route moto's ECS task APIs and Step Functions' ecs:runTask(.sync) to this emulator."""
        moto_patches.install_ecs(self)
        moto_patches.install_sfn_ecs(self)


def _signal(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, sig)
