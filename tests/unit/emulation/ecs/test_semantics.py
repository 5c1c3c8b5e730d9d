"""What ECS does with task definitions and tasks, apart from processes (pure): which revision a
reference means, the container a task runs with its command and environment, the exit code of a
signal death, the back-off of a service whose tasks fail to start, DescribeTasks' shape."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from emulation.ecs.semantics import (
    TaskDefinition,
    TaskDefinitionNotFound,
    TaskRecord,
    container_arguments,
    container_environment,
    container_override,
    essential_container,
    exit_code,
    family_of,
    pascal_case,
    pick_revision,
    start_backoff_s,
    task_arn,
)

SCRAPER = {
    "Name": "scraper",
    "Essential": True,
    "Command": ["--once"],
    "Environment": [{"Name": "QUEUE_URL", "Value": "q"}, {"Name": "MODE", "Value": "defined"}],
}
SIDECAR = {"Name": "xray", "Essential": False}


def revisions() -> list[TaskDefinition]:
    return [TaskDefinition("scrape", 1, [SCRAPER]), TaskDefinition("scrape", 2, [SIDECAR, SCRAPER])]


def test_a_bare_family_means_its_latest_revision_and_a_revision_means_itself() -> None:
    assert pick_revision(revisions(), "scrape").revision == 2
    assert pick_revision(revisions(), "scrape:1").revision == 1
    arn = "arn:aws:ecs:eu-west-2:123456789012:task-definition/scrape:1"
    assert family_of(arn) == "scrape"
    assert pick_revision(revisions(), arn).revision == 1


def test_an_unknown_family_or_revision_is_refused_by_name() -> None:
    with pytest.raises(TaskDefinitionNotFound, match="'other' is not registered"):
        pick_revision([], "other")
    with pytest.raises(TaskDefinitionNotFound, match="'scrape:9': no such revision"):
        pick_revision(revisions(), "scrape:9")


def test_a_task_runs_its_first_essential_container() -> None:
    assert essential_container(revisions()[1])["Name"] == "scraper"


def test_run_task_overrides_win_over_the_definition_in_camel_or_pascal_case() -> None:
    overrides = {
        "ContainerOverrides": [
            {"Name": "xray", "Command": ["ignored"]},
            {
                "Name": "scraper",
                "Command": ["--drain", 3],
                "Environment": [{"Name": "MODE", "Value": "override"}],
            },
        ]
    }
    override = container_override(overrides, "scraper")
    assert container_arguments(SCRAPER, override) == ["--drain", "3"]
    environment = container_environment(SCRAPER, override, {"AWS_REGION": "eu-west-2"})
    assert environment == {"AWS_REGION": "eu-west-2", "QUEUE_URL": "q", "MODE": "override"}


def test_without_an_override_the_definition_decides() -> None:
    override = container_override({"containerOverrides": []}, "scraper")
    assert override == {}
    assert container_arguments(SCRAPER, override) == ["--once"]
    assert container_environment(SCRAPER, override, {})["MODE"] == "defined"


def test_a_signal_death_reports_128_plus_the_signal() -> None:
    assert exit_code(-9) == 137
    assert exit_code(-15) == 143
    assert exit_code(3) == 3
    assert exit_code(None) is None


def test_a_service_backs_off_exponentially_up_to_five_minutes() -> None:
    assert [start_backoff_s(n) for n in (1, 2, 3)] == [2.0, 4.0, 8.0]
    assert start_backoff_s(20) == 300.0


def test_a_stopped_task_is_described_as_describe_tasks_and_step_functions_do() -> None:
    definition = revisions()[0]
    created = datetime(2026, 1, 1, tzinfo=UTC)
    task = TaskRecord(
        arn=task_arn("arn:aws:ecs:eu-west-2:123456789012:cluster/main", "abc"),
        cluster_arn="arn:aws:ecs:eu-west-2:123456789012:cluster/main",
        definition=definition,
        container_name="scraper",
        started_by=None,
        group="family:scrape",
        created_at=created,
        last_status="STOPPED",
        exit_code=1,
        stop_code="EssentialContainerExited",
    )
    described = task.describe()
    assert described["taskArn"].endswith(":task/main/abc")
    assert described["containers"][0]["exitCode"] == 1
    assert described["taskDefinitionArn"].endswith(":task-definition/scrape:1")
    assert "startedBy" not in described
    in_step_functions = pascal_case(described)
    assert in_step_functions["Containers"][0]["ExitCode"] == 1
    assert in_step_functions["CreatedAt"] == int(created.timestamp() * 1000)
