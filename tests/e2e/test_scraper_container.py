"""The scraper's own image (src/compute/scraper/Dockerfile), run by the local cloud's ECS as real
containers: the daily aggregation's scraper tasks drain their jobs from the local queue into the
local table, reading the synthetic world, and a task stops cleanly on StopTask's SIGTERM.

What the image is built from here: `containers/build scraper` (docs/DESIGN.md "Containers").
Without Docker or the image (SCRAPER_IMAGE, `tattoo/scraper:local` by default) the tests skip in
well under a second, saying why; CI here builds the image first and must not skip them.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from typing import Any

import pytest

from emulation import containers
from emulation.cloud import LocalCloud
from load.chaos import Stack

pytestmark = pytest.mark.e2e

SCRAPER_IMAGE = os.environ.get("SCRAPER_IMAGE", "tattoo/scraper:local")
RUN_TIMEOUT_S = 420.0


# Session scope: pytest sets up wider fixtures first, so this skip comes before the package's
# local cloud would start.
@pytest.fixture(scope="session")
def scraper_image() -> str:
    available, detail = containers.image_status(SCRAPER_IMAGE)
    if not available:
        pytest.skip(f"scraper container tests skipped: {detail}")
    return SCRAPER_IMAGE


@pytest.fixture(scope="module")
def stack(scraper_image: str, local_cloud: LocalCloud, world: Any) -> Iterator[Stack]:
    """The session's cloud with its `scraper` container run from the image, for this module,
    and only this module's tasks draining the scrape queue: the earlier e2e modules' backlogs
    may have scaled the scraper service out, and its tasks (started before this module, so not
    counted here) would take the jobs the tests watch. The scaling alarms' actions are switched
    off (DisableAlarmActions, as an operator would) and the service scaled to 0 first."""
    ecs = local_cloud.ecs
    assert ecs is not None
    cloudwatch = local_cloud.client("cloudwatch")
    scaling = [
        alarm["AlarmName"]
        for alarm in cloudwatch.describe_alarms()["MetricAlarms"]
        if any(a.startswith("arn:aws:autoscaling:") for a in alarm.get("AlarmActions", []))
    ]
    assert scaling, "the template's scraper scaling alarms"
    cloudwatch.disable_alarm_actions(AlarmNames=scaling)

    def drained() -> bool:
        # A scaling action the evaluator decided before the actions were disabled may still
        # land after (CI: a task started 3 s after the scale to 0 and held the module for
        # 120 s), so the service is set to 0 again until nothing runs.
        for name, service in list(ecs.services.items()):
            if service.desired_count:
                ecs.update_service(name, 0)
        return not [t for t in ecs.tasks.values() if t.last_status != "STOPPED"]

    wait_for(drained, 120, "the tasks started before this module to stop")
    before = dict(ecs.container_images)
    ecs.container_images["scraper"] = scraper_image
    try:
        yield Stack(cloud=local_cloud, world=world)
    finally:
        ecs.container_images.clear()
        ecs.container_images.update(before)
        cloudwatch.enable_alarm_actions(AlarmNames=scaling)


def scraper_tasks(stack: Stack, since: float) -> list[Any]:
    ecs = stack.cloud.ecs
    return [
        t
        for t in ecs.tasks.values()
        if t.container_name == "scraper" and t.created_at.timestamp() >= since
    ]


def container_name(task: Any) -> str:
    return str(task.command[task.command.index("--name") + 1])


def inspect(name: str) -> dict[str, Any]:
    import docker

    attrs: dict[str, Any] = docker.from_env().containers.get(name).attrs
    return attrs


def wait_for(predicate: Any, timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s:.0f} s waiting for {what}")
        time.sleep(0.5)


def log_lines(task: Any) -> list[dict[str, Any]]:
    lines = []
    for raw in task.log_path.read_text(errors="replace").splitlines():
        try:
            lines.append(json.loads(raw))
        except ValueError:
            continue
    return lines


def test_the_aggregation_runs_its_scraper_tasks_as_containers_that_drain_their_jobs(
    scraper_image: str, stack: Stack
) -> None:
    since = time.time()
    [fired] = stack.cloud.fire_rule(stack.rule_name("DailyAggregationSchedule"))
    assert fired.error is None, fired.error

    described = stack.cloud.wait_execution(str(fired.result), timeout_s=RUN_TIMEOUT_S)

    assert described["status"] == "SUCCEEDED", (described.get("error"), described.get("cause"))
    summary = json.loads(described["output"])
    assert summary["artistsWritten"] > 0, summary
    tasks = scraper_tasks(stack, since)
    assert tasks, "the run started no scraper task"
    for task in tasks:
        assert task.command[1:3] == ["-m", "emulation.ecs_container"], task.command
        assert scraper_image in task.command
        assert (task.last_status, task.exit_code) == ("STOPPED", 0), task.describe()
        assert task.stop_code == "EssentialContainerExited"
    outcomes = [
        line for t in tasks for line in log_lines(t) if line.get("message") == "scraper stopped"
    ]
    assert len(outcomes) == len(tasks)  # every container said what it did before it exited
    assert sum(sum(line["counts"].values()) for line in outcomes) > 0, outcomes
    attributes = stack.client("sqs").get_queue_attributes(
        QueueUrl=stack.out("ScrapeQueueUrl"), AttributeNames=["All"]
    )["Attributes"]
    left = int(attributes["ApproximateNumberOfMessages"])
    left += int(attributes["ApproximateNumberOfMessagesNotVisible"])
    assert left == 0, attributes


def test_a_scraper_container_honours_its_task_definition_and_stops_cleanly_on_sigterm(
    stack: Stack,
) -> None:
    ecs_api = stack.client("ecs")
    # The container definition as the deploy registered it (PascalCase, as in the template).
    [definition] = stack.cloud.ecs.task_definition(stack.out("ScraperTaskDefinitionArn")).containers
    marker = f"sigterm-{int(time.time() * 1000)}"
    run = ecs_api.run_task(
        cluster=stack.out("ClusterArn"),
        taskDefinition=stack.out("ScraperTaskDefinitionArn"),
        launchType="FARGATE",
        overrides={
            "containerOverrides": [
                {"name": "scraper", "environment": [{"name": "RUN_ID", "value": marker}]}
            ]
        },
    )
    arn = run["tasks"][0]["taskArn"]
    task = stack.cloud.ecs.describe(arn)
    name = container_name(task)
    wait_for(
        lambda: any(line.get("message") == "scraper started" for line in log_lines(task)),
        120,
        "the container's 'scraper started' line",
    )

    config = inspect(name)["Config"]
    environment = dict(item.split("=", 1) for item in config["Env"])
    for variable in definition["Environment"]:  # the task definition's environment
        assert environment[variable["Name"]] == str(variable["Value"]), variable["Name"]
    assert environment["RUN_ID"] == marker  # and the override's
    assert "VIRTUAL_ENV" not in environment  # the host's own settings stay outside
    assert config["Entrypoint"] == ["python", "-m", "compute.scraper"]
    assert (config["Cmd"] or None) == (definition.get("Command") or None)
    assert config["StopTimeout"] == int(definition.get("StopTimeout", 30))
    assert config["User"] == (definition.get("User") or "scraper")  # the image's USER
    assert inspect(name)["State"]["Running"]
    started = time.monotonic()

    ecs_api.stop_task(cluster=stack.out("ClusterArn"), task=arn, reason="e2e SIGTERM")
    wait_for(lambda: task.last_status == "STOPPED", 60, "the task to stop")

    assert time.monotonic() - started < config["StopTimeout"]  # not killed at the timeout
    assert (task.exit_code, task.stop_code) == (0, "UserInitiated"), task.describe()
    stopped = [line for line in log_lines(task) if line.get("message") == "scraper stopped"]
    assert stopped, task.log_path.read_text()[-2000:]  # Python saw SIGTERM and shut down
    from docker.errors import NotFound

    with pytest.raises(NotFound):
        inspect(name)  # removed once it ended
