"""The deploy tests against LocalStack (Testcontainers), and the services the project's messaging
runs on (SQS, SNS, EventBridge) working there, where Docker and the image
(LOCALSTACK_IMAGE; CI here builds it) are present. Without them every test skips within a second,
saying why. What LocalStack cannot serve here (emulation.localstack.NOT_SERVED) is left out of
the deployed template and named in a skip reason, not hidden.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from emulation.containers import image_status
from emulation.deploy import CREATED, SKIPPED, Deployer, Deployment, Targets
from emulation.localstack import (
    LOCALSTACK_ACCOUNT_ID,
    LOCALSTACK_IMAGE,
    NOT_SERVED,
    LocalStack,
    docker_status,
)
from tests.integration.emulation.test_deploy import Backend, entry, write_assembly

pytestmark = pytest.mark.integration

# Resource types of the shared template that need a service LocalStack cannot serve here.
NOT_SERVED_TYPES = {
    "AWS::DynamoDB::Table": "dynamodb",
    "AWS::Lambda::EventSourceMapping": "lambda",
    "AWS::StepFunctions::StateMachine": "stepfunctions",
}


@pytest.fixture(scope="module")
def backend() -> Iterator[Backend]:
    available, detail = image_status(LOCALSTACK_IMAGE)
    if not available:
        pytest.skip(f"LocalStack backend skipped: {detail}")
    localstack = LocalStack()
    try:
        endpoint = localstack.start()
    except Exception:
        print(localstack.logs()[-4000:])
        localstack.stop()
        raise
    try:
        yield Backend(endpoint, LOCALSTACK_ACCOUNT_ID)
    finally:
        localstack.stop()


def served_assembly(directory: Path) -> Path:
    """test_deploy's assembly without the resources (and outputs) LocalStack cannot serve."""
    assembly = write_assembly(directory)
    for template_path in assembly.glob("*.template.json"):
        template = json.loads(template_path.read_text())
        dropped = {
            logical_id
            for logical_id, resource in template.get("Resources", {}).items()
            if resource.get("Type") in NOT_SERVED_TYPES
        }
        for logical_id in dropped:
            del template["Resources"][logical_id]
        template["Outputs"] = {
            name: output
            for name, output in template.get("Outputs", {}).items()
            if not any(logical_id in json.dumps(output) for logical_id in dropped)
        }
        template_path.write_text(json.dumps(template))
    return assembly


@pytest.fixture(scope="module")
def deployment(backend: Backend, tmp_path_factory: pytest.TempPathFactory) -> Deployment:
    assembly = served_assembly(tmp_path_factory.mktemp("assembly"))
    deployer = Deployer(
        assembly,
        backend.client,
        Targets(),
        account=backend.account,
        secret_values={"base/api-key": "configured-value"},
    )
    return deployer.deploy()


def test_docker_detection_is_fast_and_explains_itself() -> None:
    started = time.monotonic()
    available, detail = docker_status()
    assert time.monotonic() - started < 3
    assert detail
    if not available:
        assert "Docker" in detail


def test_outputs_resolve_intrinsics_conditions_and_nested_stacks(
    deployment: Deployment, backend: Backend
) -> None:
    outputs = deployment.outputs
    assert outputs["JobsUrl"].endswith("/Base-dev-jobs")
    assert outputs["JobsArn"] == f"arn:aws:sqs:eu-west-2:{backend.account}:Base-dev-jobs"
    assert outputs["Picked"] == "b"
    assert outputs["Chosen"] == "dev-value"
    assert outputs["TopicFromNested"].startswith(f"arn:aws:sns:eu-west-2:{backend.account}:")
    assert entry(deployment, "Jobs").status == CREATED
    assert entry(deployment, "ProdOnly").status == SKIPPED


def test_queues_secrets_and_subscriptions_exist_with_their_settings(
    deployment: Deployment, backend: Backend
) -> None:
    sqs = backend.client("sqs")
    attributes = sqs.get_queue_attributes(
        QueueUrl=deployment.outputs["JobsUrl"], AttributeNames=["VisibilityTimeout"]
    )["Attributes"]
    assert attributes["VisibilityTimeout"] == "45"
    work_url = next(u for u in sqs.list_queues()["QueueUrls"] if "App-Work" in u)
    redrive = json.loads(
        sqs.get_queue_attributes(QueueUrl=work_url, AttributeNames=["RedrivePolicy"])["Attributes"][
            "RedrivePolicy"
        ]
    )
    assert redrive["deadLetterTargetArn"] == deployment.outputs["JobsArn"]
    assert int(redrive["maxReceiveCount"]) == 3
    secrets = backend.client("secretsmanager")
    assert secrets.get_secret_value(SecretId="base/api-key")["SecretString"] == "configured-value"
    [subscription] = backend.client("sns").list_subscriptions_by_topic(
        TopicArn=deployment.outputs["TopicFromNested"]
    )["Subscriptions"]
    assert subscription["Endpoint"] == deployment.outputs["JobsArn"]


def receive_one(backend: Backend, queue_url: str, timeout_s: float = 30.0) -> dict[str, Any]:
    sqs = backend.client("sqs")
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        reply = sqs.receive_message(QueueUrl=queue_url, WaitTimeSeconds=2, MaxNumberOfMessages=1)
        for message in reply.get("Messages", []):
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
            body: dict[str, Any] = json.loads(message["Body"])
            return body
    raise AssertionError(f"nothing arrived on {queue_url} within {timeout_s:.0f} s")


def test_sns_delivers_to_the_deployed_queue(deployment: Deployment, backend: Backend) -> None:
    backend.client("sns").publish(
        TopicArn=deployment.outputs["TopicFromNested"], Message=json.dumps({"via": "sns"})
    )
    # The subscription sets RawMessageDelivery: the queue gets the message itself.
    assert receive_one(backend, deployment.outputs["JobsUrl"]) == {"via": "sns"}


def test_eventbridge_routes_an_event_to_a_queue(deployment: Deployment, backend: Backend) -> None:
    events = backend.client("events")
    events.put_rule(Name="jobs-rule", EventPattern=json.dumps({"source": ["tattoo.test"]}))
    events.put_targets(
        Rule="jobs-rule", Targets=[{"Id": "jobs", "Arn": deployment.outputs["JobsArn"]}]
    )
    events.put_events(
        Entries=[{"Source": "tattoo.test", "DetailType": "ping", "Detail": json.dumps({"n": 1})}]
    )
    event = receive_one(backend, deployment.outputs["JobsUrl"])
    assert (event["source"], event["detail"]) == ("tattoo.test", {"n": 1})


@pytest.mark.parametrize("service", sorted(NOT_SERVED))
def test_what_localstack_cannot_serve_here_is_named(service: str, backend: Backend) -> None:
    pytest.skip(f"LocalStack cannot serve {service} here: {NOT_SERVED[service]}")
