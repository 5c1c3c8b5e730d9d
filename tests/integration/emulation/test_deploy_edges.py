"""The edges test app deployed by the local cloud: what each resource became locally."""

from __future__ import annotations

import json
import time

import pytest

from emulation.cloud import LocalCloud
from emulation.deploy import UNSUPPORTED
from tests.integration.emulation.apps.fixtures import CONTAINER_COMMANDS, edges_cloud

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def cloud() -> LocalCloud:
    return edges_cloud()


def test_every_resource_is_created_or_explained(cloud: LocalCloud) -> None:
    assert cloud.deployment is not None
    assert cloud.deployment.entries(UNSUPPORTED) == []
    report = cloud.deployment.format_report()
    assert "IAM is not enforced locally" in report
    # The container mapping is explicit and reported.
    assert cloud.deployment.container_commands == {"worker": CONTAINER_COMMANDS["worker"]}
    assert "worker: " + " ".join(CONTAINER_COMMANDS["worker"]) in report


def test_outputs_and_function_environment_are_resolved(cloud: LocalCloud) -> None:
    outputs = cloud.outputs
    assert outputs["ApiUrl"] == cloud.api_url
    assert outputs["Joined"] == f"{outputs['TableName']}|{outputs['QueueUrl'].rsplit('/', 1)[-1]}"
    spec = cloud.runtime.spec("edge")
    assert spec.environment["TABLE_NAME"] == outputs["TableName"]
    assert spec.environment["QUEUE_URL"] == outputs["QueueUrl"]
    assert spec.environment["SECRET_ARN"].startswith("arn:aws:secretsmanager:eu-west-2:")
    assert spec.timeout_s == 2 and spec.memory_mb == 256
    assert (spec.code_dir / "edge_handlers.py").is_file()  # the asset staged by the synth
    functions = cloud.client("lambda").list_functions()["Functions"]
    assert {"edge", "recorder"} <= {f["FunctionName"] for f in functions}


def test_lambda_invoke_api_runs_the_real_handler(cloud: LocalCloud) -> None:
    response = cloud.client("lambda").invoke(
        FunctionName="recorder", Payload=json.dumps({"marker": "via-invoke-api"})
    )
    assert json.loads(response["Payload"].read())["recorded"] == "via-invoke-api"


def test_event_source_mapping_is_polled_by_the_local_pollers(cloud: LocalCloud) -> None:
    before = cloud.runtime.stats("recorder")["invocations"]
    cloud.client("sqs").send_message(
        QueueUrl=cloud.outputs["QueueUrl"], MessageBody=json.dumps({"job": 1})
    )
    deadline = time.monotonic() + 30
    while cloud.runtime.stats("recorder")["invocations"] == before:
        assert time.monotonic() < deadline, "the SQS mapping never invoked the function"
        time.sleep(0.2)
