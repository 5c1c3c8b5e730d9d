"""Local clouds of one test process share moto's backends. A whole-template cloud
(deploy_whole_template) takes its stack away with it: the edges app's process-wide cloud keeps
its queue, table and polling mapping, and the next module deploys the same template again onto
free names. (Before, each whole-template deploy reset the whole process's moto: the edges
cloud's pollers then printed QueueDoesNotExist and its tests failed when they ran after one.)

Beside and after a whole-template cloud, the edges cloud still runs its own parts: moto's hooks
route each Lambda function (Invoke, Step Functions' lambda:invoke) and each ECS task definition
to the cloud that registered it (emulation/lambda_runtime/moto_hook.py, emulation/ecs/
moto_patches.py), and each cloud's alarm evaluator acts only on the alarms its own deployment
created. So the edges modules may run before or after this one, in any order."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import pytest

from emulation.alarms.moto_store import metric_alarms
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


def _invoke_api_runs_the_real_handler(cloud: Any, marker: str) -> None:
    """moto's Lambda Invoke of an edges function runs the edges cloud's handler (plain moto
    answers with a canned payload)."""
    response = cloud.client("lambda").invoke(
        FunctionName="recorder", Payload=json.dumps({"marker": marker})
    )
    assert json.loads(response["Payload"].read()).get("recorded") == marker


def _edges_machine_runs_its_worker(cloud: Any, marker: str) -> None:
    """The edges state machine's Record state (lambda:invoke) runs the edges handler and its
    RunWorker state (ecs:runTask.sync) runs on the edges ECS."""
    arn = cloud.deployment.state_machines["edges-machine"]
    started = cloud.client("stepfunctions").start_execution(
        stateMachineArn=arn,
        name=f"{marker}-{uuid.uuid4().hex[:8]}",
        input=json.dumps({"marker": marker, "exitCode": "0"}),
    )
    execution = cloud.wait_execution(started["executionArn"], timeout_s=60)
    assert execution["status"] == "SUCCEEDED", execution
    assert json.loads(execution["output"])["recorded"].get("recorded") == marker, execution


def _alarm_names() -> set[str]:
    return {alarm["AlarmName"] for alarm in metric_alarms()}


def _evaluates_only_its_own_alarms(cloud: Any, edges: Any, own: set[str]) -> None:
    """The whole-template cloud's evaluator passes over its deployment's alarms and leaves the
    edges cloud's alone, even one whose state its metric contradicts."""
    [edges_alarm] = metric_alarms(["edges-errors"])
    verdict = cloud.alarms.evaluate(edges_alarm, time.time())
    wrong = "OK" if verdict.state == "INSUFFICIENT_DATA" else "INSUFFICIENT_DATA"
    cloudwatch = edges.client("cloudwatch")
    cloudwatch.set_alarm_state(AlarmName="edges-errors", StateValue=wrong, StateReason="a test")
    try:
        changes = dict(cloud.alarms.evaluate_all())
    finally:  # what the edges evaluator last saw, so it has nothing to correct
        cloudwatch.set_alarm_state(
            AlarmName="edges-errors",
            StateValue=edges_alarm["StateValue"],
            StateReason=edges_alarm.get("StateReason") or "restored by a test",
        )
    assert "edges-errors" not in changes, changes["edges-errors"]
    evaluable = [alarm for alarm in metric_alarms(own) if cloud.alarms.evaluable(alarm)]
    assert evaluable, "the whole template deployed no alarm the evaluator can evaluate"
    assert sum(cloud.alarms.last_pass.values()) == len(evaluable)


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
    _invoke_api_runs_the_real_handler(edges, "after-first")
    _edges_machine_runs_its_worker(edges, "after-first")

    # The same template deploys again (its names are free) and is gone again afterwards; this
    # time its alarms are evaluated too.
    alarms_before = _alarm_names()
    with deploy_whole_template("share-second-", scheduler=False) as second:
        assert _tables(second) - edges_tables == stack_tables
        _evaluates_only_its_own_alarms(second, edges, _alarm_names() - alarms_before)
        _recorder_invoked_by_the_queue(edges, "beside-second")
        _invoke_api_runs_the_real_handler(edges, "beside-second")
        _edges_machine_runs_its_worker(edges, "beside-second")
    assert _tables(edges) == edges_tables
    _invoke_api_runs_the_real_handler(edges, "after-second")
