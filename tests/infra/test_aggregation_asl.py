"""The aggregation state machine definition, loaded from its file (the template inlines it),
and run once through moto's ASL interpreter."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.infra.conftest import ROOT

pytestmark = pytest.mark.infra

ASL = json.loads((ROOT / "infra" / "statemachine" / "aggregation.asl.json").read_text())
FAILURE_SCHEMA = json.loads(
    (ROOT / "contracts" / "schemas" / "pipeline-failure.schema.json").read_text()
)


def all_states(states: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, state in states.items():
        yield name, state
        processor = state.get("ItemProcessor") or state.get("Iterator")
        if processor:
            yield from all_states(processor["States"])
        for branch in state.get("Branches", []):
            yield from all_states(branch["States"])


def test_map_over_studios_is_distributed_with_concurrency_30_and_tolerance() -> None:
    studios = ASL["States"]["ForEachStudio"]
    assert studios["Type"] == "Map"
    assert studios["ItemsPath"] == "$.studios"
    assert studios["MaxConcurrency"] == 30
    assert 0 < studios["ToleratedFailurePercentage"] < 100
    assert studios["ItemProcessor"]["ProcessorConfig"]["Mode"] == "DISTRIBUTED"
    assert set(studios["ItemSelector"]) == {"runId.$", "studioId.$"}
    assert studios["ResultPath"] is None
    # The last per-studio state drops its output: 5,000 results never reach the Map's payload.
    assert studios["ItemProcessor"]["States"]["ValidateArtists"]["OutputPath"] is None


def test_every_task_retries_with_backoff_and_full_jitter_and_catches() -> None:
    tasks = [(name, state) for name, state in all_states(ASL["States"]) if state["Type"] == "Task"]
    assert len(tasks) >= 8
    for name, state in tasks:
        assert state["Retry"], name
        for retry in state["Retry"]:
            assert retry["JitterStrategy"] == "FULL", name
            assert retry["BackoffRate"] > 1, name
            assert retry["MaxAttempts"] >= 2, name
        assert state["Catch"] and state["Catch"][0]["ErrorEquals"] == ["States.ALL"], name


def test_ten_scraper_tasks_on_fargate_spot_wait_for_completion() -> None:
    plan = ASL["States"]["PlanScraperTasks"]
    assert plan["Parameters"]["tasks.$"] == "States.ArrayRange(1, 10, 1)"
    scrapers = ASL["States"]["RunScrapers"]
    assert scrapers["MaxConcurrency"] == 10
    task = scrapers["ItemProcessor"]["States"]["RunScraperTask"]
    assert task["Resource"] == "arn:aws:states:::ecs:runTask.sync"
    assert "LaunchType" not in task["Parameters"]
    assert task["Parameters"]["CapacityProviderStrategy"] == [
        {"CapacityProvider": "FARGATE_SPOT", "Weight": 1}
    ]
    (override,) = task["Parameters"]["Overrides"]["ContainerOverrides"]
    environment = {
        pair["Name"]: pair.get("Value", pair.get("Value.$")) for pair in override["Environment"]
    }
    assert environment == {"RUN_ID": "$.runId", "MODE": "batch"}


def test_flow_follows_the_design() -> None:
    states = ASL["States"]
    assert states["DiscoverStudios"]["Next"] == "ForEachStudio"
    assert states["ForEachStudio"]["Next"] == "QueueScraping"
    assert states["QueueScraping"]["Next"] == "PlanScraperTasks"
    assert states["RunScrapers"]["Next"] == "Summarize"
    assert states["Summarize"]["End"] is True


def test_failed_studio_is_recorded_and_skipped_but_failed_discovery_fails_the_run() -> None:
    studio_states = ASL["States"]["ForEachStudio"]["ItemProcessor"]["States"]
    record = studio_states["RecordStudioFailure"]
    assert record["Resource"] == "arn:aws:states:::sqs:sendMessage"
    assert record["Parameters"]["QueueUrl"] == "${PipelineFailuresQueueUrl}"
    assert studio_states[record["Next"]]["Type"] == "Succeed"
    states = ASL["States"]
    assert states["DiscoverStudios"]["Catch"][0]["Next"] == "DiscoverStudiosFailed"
    assert states["DiscoverStudiosFailed"]["Next"] == "RecordRunFailure"
    assert states[states["RecordRunFailure"]["Next"]]["Type"] == "Fail"


def test_failure_records_match_the_pipeline_failure_schema() -> None:
    allowed = set(FAILURE_SCHEMA["properties"])
    required = set(FAILURE_SCHEMA["required"])
    shapers = [
        (name, state)
        for name, state in all_states(ASL["States"])
        if state["Type"] == "Pass" and name.endswith("Failed")
    ]
    assert len(shapers) >= 7
    for name, state in shapers:
        keys = {key.removesuffix(".$") for key in state["Parameters"]}
        assert required <= keys <= allowed, name
        assert state["Parameters"]["error.$"] == "$.failure.Error", name


def _run_in_moto(execution_input: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    """Execute the definition with moto's Step Functions interpreter (Lambda echoes its input)."""
    import re
    import time

    import boto3
    from moto import mock_aws

    text = (ROOT / "infra" / "statemachine" / "aggregation.asl.json").read_text()
    with mock_aws(
        config={"stepfunctions": {"execute_state_machine": True}, "lambda": {"use_docker": False}}
    ):
        sqs = boto3.client("sqs", region_name="eu-west-2")
        queue_url = sqs.create_queue(QueueName="pipeline-failures")["QueueUrl"]
        values = {"PipelineFailuresQueueUrl": queue_url, "PrivateSubnetIds": "subnet-1,subnet-2"}
        definition = re.sub(
            r"\$\{(\w+)\}",
            lambda m: values.get(
                m.group(1), f"arn:aws:lambda:eu-west-2:123456789012:function:{m.group(1)}"
            ),
            text,
        )
        sfn = boto3.client("stepfunctions", region_name="eu-west-2")
        machine = sfn.create_state_machine(
            name="aggregation", definition=definition, roleArn="arn:aws:iam::123456789012:role/sfn"
        )["stateMachineArn"]
        execution = sfn.start_execution(
            stateMachineArn=machine, name="run-1", input=json.dumps(execution_input)
        )["executionArn"]
        status = "RUNNING"
        for _ in range(100):
            status = sfn.describe_execution(executionArn=execution)["status"]
            if status != "RUNNING":
                break
            time.sleep(0.05)
        messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get(
            "Messages", []
        )
        return status, [json.loads(message["Body"]) for message in messages]


def test_a_failed_run_step_is_recorded_in_the_failure_shape_then_fails_the_run() -> None:
    from compute import contracts

    # The echoing DiscoverStudios returns no `studios`, so the Map fails: a whole-run failure.
    status, records = _run_in_moto({"cities": ["London"], "queries": ["tattoo studio"]})
    assert status == "FAILED"
    (record,) = records
    contracts.validate("pipeline-failure", record)
    assert record["runId"] == "run-1"  # the execution name, since the input had none
    assert record["state"] == "ForEachStudio"


def test_five_thousand_studios_fit_in_the_state_payload_limit() -> None:
    """DiscoverStudios' output is the largest payload the machine carries (ids only)."""
    from compute.domain.identity import studio_id_for

    output = {
        "runId": "r" * 64,
        "studios": [{"studioId": studio_id_for(f"places/ChIJ{n:060d}")} for n in range(5_000)],
        "studioCount": 5_000,
        "skipped": {"closed": 10_000, "noWebsite": 10_000, "duplicate": 10_000},
    }
    size = len(json.dumps(output, separators=(",", ":")).encode())
    assert size < 256 * 1024 * 0.8, f"{size} bytes leaves too little headroom under 256 KB"
    # The Map keeps it out of its own result and its children return nothing.
    assert ASL["States"]["ForEachStudio"]["ResultPath"] is None


def test_find_artists_reserves_the_concurrency_of_the_map_over_studios(
    compute: dict[str, Any],
) -> None:
    find_artists = compute["Resources"]["FindArtistsFunction"]["Properties"]
    concurrency = ASL["States"]["ForEachStudio"]["MaxConcurrency"]
    assert find_artists["ReservedConcurrentExecutions"] == concurrency
