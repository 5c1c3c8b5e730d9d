"""Local clouds of one test process share moto's backends. A whole-template cloud
(deploy_whole_template) takes its stack away with it: the edges app's process-wide cloud keeps
its queue, table and polling mapping, and the next module deploys the same template again onto
free names. (Before, each whole-template deploy reset the whole process's moto: the edges
cloud's pollers then printed QueueDoesNotExist and its tests failed when they ran after one.)

The edges state machine's ecs:runTask.sync still reaches the edges cloud's ECS beside and after
a whole-template cloud (emulation/ecs/moto_patches.py routes each task definition to the cloud
that knows it). Named to run after the other edges modules: moto's Lambda Invoke hook still
routes to one cloud of the process at a time (emulation/lambda_runtime/moto_hook.py), so after a
whole-template cloud stops, the edges app's Invoke API answers as moto does."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import pytest

from tests.integration.conftest import DeployWholeTemplate
from tests.integration.emulation.apps.fixtures import edges_cloud

pytestmark = pytest.mark.integration


def _tables(cloud: Any) -> set[str]:
    return set(cloud.client("dynamodb").list_tables()["TableNames"])


def _recorder_invoked_by_the_queue(cloud: Any, marker: str) -> None:
    """A message on the edges queue reaches its function through the cloud's poller."""
    before = cloud.runtime.stats("recorder")["invocations"]
    cloud.client("sqs").send_message(
        QueueUrl=cloud.outputs["QueueUrl"], MessageBody=json.dumps({"job": marker})
    )
    deadline = time.monotonic() + 30
    while cloud.runtime.stats("recorder")["invocations"] == before:
        assert time.monotonic() < deadline, "the edges SQS mapping never invoked the function"
        time.sleep(0.1)


def _edges_machine_runs_its_worker(cloud: Any, marker: str) -> None:
    """The edges state machine's RunWorker state (ecs:runTask.sync) runs on the edges ECS."""
    arn = cloud.deployment.state_machines["edges-machine"]
    started = cloud.client("stepfunctions").start_execution(
        stateMachineArn=arn,
        name=f"{marker}-{uuid.uuid4().hex[:8]}",
        input=json.dumps({"marker": marker, "exitCode": "0"}),
    )
    execution = cloud.wait_execution(started["executionArn"], timeout_s=60)
    assert execution["status"] == "SUCCEEDED", execution


def test_a_whole_template_cloud_leaves_other_clouds_and_its_names_free(
    deploy_whole_template: DeployWholeTemplate,
) -> None:
    edges = edges_cloud()
    edges_tables = _tables(edges)
    assert edges.outputs["TableName"] in edges_tables

    options: dict[str, Any] = {"scheduler": False, "evaluate_alarms": False}
    with deploy_whole_template("share-first-", **options) as first:
        stack_tables = _tables(first) - edges_tables
        assert stack_tables, "the whole template deployed no table"

    # The stack went with its cloud; the edges cloud kept everything it had.
    assert _tables(edges) == edges_tables
    attributes = edges.client("sqs").get_queue_attributes(
        QueueUrl=edges.outputs["QueueUrl"], AttributeNames=["QueueArn"]
    )
    assert attributes["Attributes"]["QueueArn"].endswith(edges.outputs["QueueUrl"].rsplit("/")[-1])
    _recorder_invoked_by_the_queue(edges, "after-first")
    _edges_machine_runs_its_worker(edges, "after-first")

    # The same template deploys again (its names are free) and is gone again afterwards.
    with deploy_whole_template("share-second-", **options) as second:
        assert _tables(second) - edges_tables == stack_tables
        _recorder_invoked_by_the_queue(edges, "beside-second")
        _edges_machine_runs_its_worker(edges, "beside-second")
    assert _tables(edges) == edges_tables
