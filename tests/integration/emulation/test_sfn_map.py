"""A Distributed Map honours ToleratedFailurePercentage / ToleratedFailureCount (moto alone lets
every Map run succeed): real handlers fail real items through Step Functions' lambda:invoke."""

from __future__ import annotations

import io
import json
import time
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from emulation.aws import ACCOUNT_ID, client, configure
from emulation.lambda_runtime import FunctionSpec, LambdaRuntime

pytestmark = pytest.mark.integration

HANDLERS = Path(__file__).with_name("handlers")
REGION = "eu-west-2"
FUNCTION = "map-item"


@pytest.fixture(scope="module")
def function_arn(moto_endpoint: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    configure(moto_endpoint)
    runtime = LambdaRuntime(tmp_path_factory.mktemp("sfn-map-logs"), moto_endpoint)
    runtime.install_into_moto()
    role = client("iam").create_role(
        RoleName=f"map-item-{uuid.uuid4().hex[:8]}",
        AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": []}),
    )["Role"]["Arn"]
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("core_handlers.py", (HANDLERS / "core_handlers.py").read_text())
    arn = client("lambda").create_function(
        FunctionName=FUNCTION,
        Runtime="python3.12",
        Role=role,
        Handler="core_handlers.fail_when_asked",
        Code={"ZipFile": archive.getvalue()},
    )["FunctionArn"]
    runtime.register(
        FunctionSpec(
            name=FUNCTION,
            arn=arn,
            handler="core_handlers.fail_when_asked",
            code_dir=HANDLERS,
            reserved_concurrency=4,
        )
    )
    yield str(arn)
    runtime.shutdown()


def run_map(
    function_arn: str, failing: int, items: int, caught: bool = False, **tolerance: float
) -> dict[str, Any]:
    """Run a Distributed Map over `items` items of which the first `failing` fail; `caught`
    gives the Map a Catch of States.ALL into a Pass state, as the aggregation machine has."""
    catch: dict[str, Any] = {}
    if caught:
        catch = {
            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.failure", "Next": "Caught"}]
        }
    definition: dict[str, Any] = {
        "StartAt": "ForEach",
        "States": {
            "ForEach": {
                "Type": "Map",
                "ItemsPath": "$.items",
                "MaxConcurrency": 4,
                **tolerance,
                **catch,
                "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "Item",
                    "States": {
                        "Item": {
                            "Type": "Task",
                            "Resource": "arn:aws:states:::lambda:invoke",
                            "Parameters": {"FunctionName": function_arn, "Payload.$": "$"},
                            "OutputPath": "$.Payload",
                            "End": True,
                        }
                    },
                },
                "End": True,
            },
        },
    }
    if caught:
        definition["States"]["Caught"] = {"Type": "Pass", "End": True}
    sfn = client("stepfunctions")
    machine = sfn.create_state_machine(
        name=f"map-{uuid.uuid4().hex[:8]}",
        definition=json.dumps(definition),
        roleArn=f"arn:aws:iam::{ACCOUNT_ID}:role/sfn",
    )["stateMachineArn"]
    payload = {"items": [{"id": i, "fail": i < failing} for i in range(items)]}
    execution = sfn.start_execution(stateMachineArn=machine, input=json.dumps(payload))
    deadline = time.monotonic() + 60
    while True:
        described = sfn.describe_execution(executionArn=execution["executionArn"])
        if described["status"] != "RUNNING" or time.monotonic() > deadline:
            return dict(described)
        time.sleep(0.1)


def test_failures_within_the_tolerated_percentage_succeed(function_arn: str) -> None:
    described = run_map(function_arn, failing=2, items=8, ToleratedFailurePercentage=25.0)

    assert described["status"] == "SUCCEEDED", described
    outputs = json.loads(described["output"])
    assert [o for o in outputs if o is not None] == [{"id": i} for i in range(2, 8)]


def test_failures_over_the_tolerated_percentage_fail_the_map(function_arn: str) -> None:
    described = run_map(function_arn, failing=3, items=8, ToleratedFailurePercentage=25.0)

    assert described["status"] == "FAILED", described
    assert described["error"] == "States.ExceedToleratedFailureThreshold"


def test_failures_over_the_tolerated_count_fail_the_map(function_arn: str) -> None:
    tolerated = run_map(function_arn, failing=1, items=4, ToleratedFailureCount=1)
    failed = run_map(function_arn, failing=2, items=4, ToleratedFailureCount=1)

    assert tolerated["status"] == "SUCCEEDED", tolerated
    assert failed["status"] == "FAILED" and failed["error"] == (
        "States.ExceedToleratedFailureThreshold"
    )


def test_without_a_threshold_one_failure_fails_the_map(function_arn: str) -> None:
    described = run_map(function_arn, failing=1, items=4)

    assert described["status"] == "FAILED", described
    assert described["error"] == "States.ExceedToleratedFailureThreshold"


def test_the_threshold_error_is_caught_by_a_catch_of_states_all(function_arn: str) -> None:
    described = run_map(
        function_arn, failing=3, items=8, caught=True, ToleratedFailurePercentage=25.0
    )

    assert described["status"] == "SUCCEEDED", described
    assert json.loads(described["output"])["failure"]["Error"] == (
        "States.ExceedToleratedFailureThreshold"
    )
