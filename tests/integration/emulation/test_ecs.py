"""ECS on the local cloud: tasks as processes (environment, overrides, exit codes, stop),
services that keep their desired count, moto's ECS API, and Step Functions ecs:runTask(.sync)."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from emulation.aws import client
from emulation.cloud import LocalCloud
from emulation.ecs import EcsEmulator
from tests.integration.emulation.apps import edges_app
from tests.integration.emulation.apps.fixtures import edges_cloud

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def cloud() -> LocalCloud:
    return edges_cloud()


def family(cloud: LocalCloud) -> str:
    assert cloud.ecs is not None
    return next(iter(cloud.ecs.definitions))


def run_worker(cloud: LocalCloud, env: dict[str, str], command: list[str] | None = None) -> Any:
    """RunTask through moto's ECS API (patched to the emulator)."""
    override: dict[str, Any] = {
        "name": "worker",
        "environment": [{"name": k, "value": v} for k, v in env.items()],
    }
    if command is not None:
        override["command"] = command
    response = cloud.client("ecs").run_task(
        cluster="edges",
        taskDefinition=family(cloud),
        launchType="FARGATE",
        overrides={"containerOverrides": [override]},
        startedBy="pytest",
    )
    return response["tasks"][0]


def wait_stopped(cloud: LocalCloud, arn: str, timeout_s: float = 20) -> dict[str, Any]:
    ecs = cloud.client("ecs")
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        task = ecs.describe_tasks(cluster="edges", tasks=[arn])["tasks"][0]
        if task["lastStatus"] == "STOPPED":
            return dict(task)
        time.sleep(0.1)
    raise AssertionError(f"task {arn} did not stop")


def test_run_task_starts_a_process_with_definition_and_override_environment(
    cloud: LocalCloud, tmp_path: Path
) -> None:
    out = tmp_path / "worker.jsonl"
    task = run_worker(
        cloud, {"WORKER_OUT": str(out), "RUN_ID": "r-1", "SLEEP_S": "0.5"}, ["--only", "x"]
    )
    assert task["lastStatus"] == "RUNNING"
    assert task["startedBy"] == "pytest"
    running = cloud.client("ecs").list_tasks(cluster="edges", startedBy="pytest")["taskArns"]
    assert task["taskArn"] in running
    stopped = wait_stopped(cloud, task["taskArn"])
    assert stopped["stopCode"] == "EssentialContainerExited"
    assert stopped["stoppedReason"] == "Essential container in task exited"
    assert stopped["containers"][0]["exitCode"] == 0
    seen = json.loads(out.read_text().splitlines()[0])
    assert seen["argv"] == ["--only", "x"]  # the override's command replaces the definition's
    assert seen["env"]["RUN_ID"] == "r-1"  # from the override
    assert seen["env"]["MODE"] == "service"  # from the task definition
    assert seen["env"]["TABLE_NAME"] == cloud.outputs["TableName"]  # resolved Ref


def test_task_definition_command_is_passed_when_not_overridden(
    cloud: LocalCloud, tmp_path: Path
) -> None:
    out = tmp_path / "worker.jsonl"
    task = run_worker(cloud, {"WORKER_OUT": str(out), "SLEEP_S": "0"})
    wait_stopped(cloud, task["taskArn"])
    assert json.loads(out.read_text())["argv"] == ["--mode", "batch"]


def test_non_zero_exit_is_the_container_exit_code(cloud: LocalCloud) -> None:
    task = run_worker(cloud, {"EXIT_CODE": "3", "SLEEP_S": "0"})
    stopped = wait_stopped(cloud, task["taskArn"])
    assert stopped["containers"][0]["exitCode"] == 3
    assert stopped["stopCode"] == "EssentialContainerExited"


def test_stop_task_sends_sigterm(cloud: LocalCloud) -> None:
    task = run_worker(cloud, {"SLEEP_S": "60"})
    time.sleep(0.5)  # let the worker install its SIGTERM handler
    cloud.client("ecs").stop_task(cluster="edges", task=task["taskArn"], reason="test stop")
    stopped = wait_stopped(cloud, task["taskArn"], timeout_s=10)
    assert stopped["stopCode"] == "UserInitiated"
    assert stopped["stoppedReason"] == "test stop"
    assert stopped["containers"][0]["exitCode"] == 143  # the worker's graceful exit


def test_sigkill_after_the_stop_timeout_when_sigterm_is_ignored(tmp_path: Path) -> None:
    definition = [
        {
            "Name": "worker",
            "Environment": [
                {"Name": "SLEEP_S", "Value": "60"},
                {"Name": "IGNORE_SIGTERM", "Value": "1"},
            ],
        }
    ]
    ecs = EcsEmulator(
        endpoint_url="http://127.0.0.1:9",
        log_dir=tmp_path,
        container_commands={"worker": [sys.executable, str(edges_app.WORKER_SCRIPT)]},
        stop_timeout_s=1.0,
    )
    try:
        ecs.register_task_definition("stubborn", definition)
        (task,) = ecs.run_task("c", "stubborn")
        time.sleep(0.5)
        started = time.monotonic()
        ecs.stop_task(task.arn, wait=True)
        assert task.last_status == "STOPPED"
        assert task.exit_code == 128 + signal.SIGKILL
        assert 0.9 <= time.monotonic() - started < 5
    finally:
        ecs.shutdown(timeout_s=2)


def test_container_without_a_local_command_fails_to_start(tmp_path: Path) -> None:
    ecs = EcsEmulator(endpoint_url="http://127.0.0.1:9", log_dir=tmp_path, container_commands={})
    ecs.register_task_definition("other", [{"Name": "sidecar-only"}])
    (task,) = ecs.run_task("c", "other")
    assert task.last_status == "STOPPED"
    assert task.stop_code == "TaskFailedToStart"
    assert "sidecar-only" in (task.stopped_reason or "")


def test_service_keeps_its_desired_count_of_processes(cloud: LocalCloud) -> None:
    assert cloud.ecs is not None
    (name,) = list(cloud.ecs.services)
    tasks = cloud.ecs.service_tasks(name)
    assert len(tasks) == 2
    assert all(t.last_status == "RUNNING" for t in tasks)
    victim = tasks[0]
    assert victim.pid is not None
    os.killpg(victim.pid, signal.SIGKILL)  # a crash
    victim.done.wait(5)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        live = cloud.ecs.service_tasks(name)
        if len(live) == 2 and victim not in live:
            break
        time.sleep(0.2)
    live = cloud.ecs.service_tasks(name)
    assert len(live) == 2 and victim not in live
    assert victim.exit_code == 128 + signal.SIGKILL
    cloud.ecs.update_service(name, 1)
    assert len(cloud.ecs.service_tasks(name)) == 1
    cloud.ecs.update_service(name, 2)


def start(cloud: LocalCloud, exit_code: str, marker: str) -> dict[str, Any]:
    arn = cloud.start_execution("edges-machine", {"marker": marker, "exitCode": exit_code})
    return cloud.wait_execution(arn, timeout_s=60)


def test_run_task_sync_succeeds_on_exit_0(cloud: LocalCloud) -> None:
    execution = start(cloud, "0", "sync-ok")
    assert execution["status"] == "SUCCEEDED", execution
    output = json.loads(execution["output"])
    task = output["task"]
    assert task["LastStatus"] == "STOPPED"
    assert task["StopCode"] == "EssentialContainerExited"
    assert task["Containers"][0]["ExitCode"] == 0
    assert task["StartedBy"] == "AWS Step Functions"
    assert output["recorded"]["recorded"] == "sync-ok"  # the lambda:invoke state ran first
    assert cloud.ecs is not None
    described = cloud.ecs.describe(task["TaskArn"])
    assert described.environment["RUN_ID"] == "sync-ok"  # JsonPath override from the input
    assert described.environment["MODE"] == "batch"


def test_run_task_sync_fails_the_state_on_exit_1(cloud: LocalCloud) -> None:
    execution = start(cloud, "1", "sync-fail")
    assert execution["status"] == "FAILED"
    history = cloud.client("stepfunctions").get_execution_history(
        executionArn=execution["executionArn"]
    )["events"]
    failed = [e for e in history if e["type"] == "TaskFailed"]
    assert failed, [e["type"] for e in history]
    details = failed[0]["taskFailedEventDetails"]
    assert details["error"] == "States.TaskFailed"
    assert json.loads(details["cause"])["Containers"][0]["ExitCode"] == 1


def test_run_task_without_sync_returns_once_started(cloud: LocalCloud) -> None:
    assert cloud.ecs is not None
    definition = {
        "StartAt": "Run",
        "States": {
            "Run": {
                "Type": "Task",
                "Resource": "arn:aws:states:::ecs:runTask",
                "Parameters": {
                    "Cluster": "edges",
                    "TaskDefinition": family(cloud),
                    "Overrides": {
                        "ContainerOverrides": [
                            {"Name": "worker", "Environment": [{"Name": "SLEEP_S", "Value": "3"}]}
                        ]
                    },
                },
                "End": True,
            }
        },
    }
    sfn = cloud.client("stepfunctions")
    role = cloud.client("iam").list_roles()["Roles"][0]["Arn"]
    arn = sfn.create_state_machine(
        name=f"fire-and-forget-{os.getpid()}", definition=json.dumps(definition), roleArn=role
    )["stateMachineArn"]
    started = time.monotonic()
    execution = cloud.wait_execution(cloud.start_execution(arn, {}), timeout_s=30)
    assert execution["status"] == "SUCCEEDED", execution
    assert time.monotonic() - started < 2.5  # did not wait for the 3 s task
    task = json.loads(execution["output"])["Tasks"][0]
    assert task["LastStatus"] == "RUNNING"
    assert cloud.ecs.wait(task["TaskArn"], 10).exit_code == 0


def test_logs_of_a_task_are_written(cloud: LocalCloud) -> None:
    task = run_worker(cloud, {"SLEEP_S": "0", "RUN_ID": "logged"})
    wait_stopped(cloud, task["taskArn"])
    assert cloud.ecs is not None
    log = cloud.ecs.describe(task["taskArn"]).log_path.read_text()
    assert '"RUN_ID": "logged"' in log


def test_awslogs_task_output_reaches_cloudwatch_logs_as_fargate_names_it(
    cloud: LocalCloud,
) -> None:
    """The edges app's worker logs with the awslogs driver (stream prefix "worker")."""
    assert cloud.ecs is not None
    [container] = cloud.ecs.task_definition(family(cloud)).containers
    group = container["LogConfiguration"]["Options"]["awslogs-group"]
    task = run_worker(cloud, {"SLEEP_S": "0", "RUN_ID": "to-cloudwatch"})
    wait_stopped(cloud, task["taskArn"])
    assert cloud.ecs.flush_logs(10)

    task_id = task["taskArn"].rsplit("/", 1)[-1]
    events = cloud.client("logs").get_log_events(
        logGroupName=group, logStreamName=f"worker/worker/{task_id}", startFromHead=True
    )["events"]
    assert any('"RUN_ID": "to-cloudwatch"' in event["message"] for event in events)
    assert all(not event["message"].endswith("\n") for event in events)  # one event per line
    # The local file keeps the same lines.
    assert '"RUN_ID": "to-cloudwatch"' in cloud.ecs.describe(task["taskArn"]).log_path.read_text()


def test_awslogs_lines_arrive_in_order_with_stderr_and_without_a_prefix(
    moto_endpoint: str, tmp_path: Path
) -> None:
    script = (
        "import sys\n"
        "for i in range(50):\n"
        "    print(f'line {i}', flush=True)\n"
        "print('to stderr', file=sys.stderr, flush=True)\n"
    )
    ecs = EcsEmulator(
        endpoint_url=moto_endpoint,
        log_dir=tmp_path,
        container_commands={"printer": [sys.executable, "-c", script]},
    )
    options = {"awslogs-group": "/ecs/printer", "awslogs-region": "eu-west-2"}
    try:
        ecs.register_task_definition(
            "printer",
            [{"Name": "printer", "LogConfiguration": {"LogDriver": "awslogs", "Options": options}}],
        )
        (task,) = ecs.run_task("c", "printer")
        ecs.wait(task.arn, 10)
        assert ecs.flush_logs(10)
    finally:
        ecs.shutdown(timeout_s=2)

    task_id = task.arn.rsplit("/", 1)[-1]
    events = client("logs", moto_endpoint).get_log_events(
        logGroupName="/ecs/printer", logStreamName=task_id, startFromHead=True
    )["events"]
    assert [event["message"] for event in events] == [
        *(f"line {i}" for i in range(50)),
        "to stderr",
    ]


def test_awslogs_without_a_group_is_refused_at_registration(tmp_path: Path) -> None:
    ecs = EcsEmulator(endpoint_url="http://127.0.0.1:9", log_dir=tmp_path)
    config = {"LogDriver": "awslogs", "Options": {"awslogs-stream-prefix": "p"}}
    with pytest.raises(ValueError, match="awslogs-group"):
        ecs.register_task_definition("broken", [{"Name": "x", "LogConfiguration": config}])


def test_a_service_whose_tasks_cannot_start_backs_off(tmp_path: Path) -> None:
    ecs = EcsEmulator(
        endpoint_url="http://127.0.0.1:9",
        log_dir=tmp_path,
        container_commands={},
        reconcile_s=0.05,
    )
    try:
        ecs.register_task_definition("unmapped", [{"Name": "nothing-runs-this"}])
        ecs.create_service("c", "svc", "unmapped", 2)
        time.sleep(1.0)  # 20 reconcile rounds; with backoff only the first attempts start
        attempts = [t for t in ecs.tasks.values() if t.group == "service:svc"]
        assert 1 <= len(attempts) <= 2
        assert all(t.stop_code == "TaskFailedToStart" for t in attempts)
    finally:
        ecs.shutdown(timeout_s=1)
