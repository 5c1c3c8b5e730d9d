"""Every alarm of the stack goes to ALARM on its real cause and back to OK once the cause is
gone, in one local cloud deployed from the synthesized template (alarms evaluated on a time
scale: a 5-minute period lasts 5 s, a 1-minute one 1 s).

Which alarms a cause raises is read from the deployed alarms themselves (namespace, metric,
dimensions, threshold), never from a second list: a function that rejects its input -> the
Errors alarm naming that function; reserved concurrency 0 (PutFunctionConcurrency, the
operator's kill switch) -> its Throttles alarm; a message on a queue -> the alarm on that
queue's depth; an aggregation execution that fails -> the executions-failed alarm; a scraper
task whose EMF lines count blocked requests up to the alarm's threshold -> the blocked-requests
alarm, whose rule starts the egress rotation; a scraper task that exits non-zero -> the
task-failures alarm (stopped-task event -> rule -> log group -> metric filter). The last test
checks the issue's done-when: every alarm is shown here, in another named test, or said by
`compute-local alarms` to be unable to fire locally, with the reason.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.integration.conftest import DeployWholeTemplate

pytestmark = [pytest.mark.integration, pytest.mark.infra]

SCALE = 60.0  # a 5-minute period lasts 5 s
ROUND_S = 12.0  # how long a cause is watched before a momentary one is repeated (2 periods+)
# The scraper container, replaced by a process that emits what the alarm under test counts
# through the task's own EMF path (namespace and service dimension from the task definition).
EMITTING_SCRAPER = [
    sys.executable,
    "-c",
    "import os\n"
    "from aws_lambda_powertools import Metrics\n"
    "metrics = Metrics()\n"
    "for _ in range(int(os.environ.get('EMIT_COUNT', '0'))):\n"
    "    metrics.add_metric(name=os.environ['EMIT_METRIC'], unit='Count', value=1)\n"
    "metrics.flush_metrics()\n"
    "raise SystemExit(int(os.environ.get('EXIT_CODE', '0')))\n",
]
# Alarms shown firing and clearing by another test (logical-id part -> that test, as
# "file::function"): the scaling alarms act on the scraper service's policies, not on people (the
# scale-out and scale-in are their firing and clearing); the API latency and iterator-age alarms
# need the gateway's and the stream mapping's metrics. A test named here counts once it exists.
SHOWN_ELSEWHERE = {
    "ScalingUpperAlarm": "tests/integration/emulation/test_scraper_scaling.py::"
    "test_the_scraper_service_scales_out_on_a_backlog_and_in_when_it_drains",
    "ScalingLowerAlarm": "tests/integration/emulation/test_scraper_scaling.py::"
    "test_the_scraper_service_scales_out_on_a_backlog_and_in_when_it_drains",
    "ApiLatencyP95Alarm": "tests/integration/emulation/test_alarms.py::"
    "test_the_api_p95_latency_alarm_fires_on_slow_requests_and_clears",
    "SyncIteratorAgeAlarm": "tests/integration/emulation/test_alarms.py::"
    "test_a_stream_mapping_that_falls_behind_fires_the_iterator_age_alarm",
}
ROOT = Path(__file__).resolve().parents[3]


def exists(test: str) -> bool:
    path, function = test.split("::")
    file = ROOT / path
    return file.is_file() and f"def {function}(" in file.read_text(encoding="utf-8")


# No function takes it: not an HTTP API, stream or step event, and even the functions that take
# any schedule event (reconcile, the rotation) refuse a dryRun that is not true or false.
REJECTED_EVENT = {"dryRun": "not a boolean"}


@pytest.fixture(scope="module")
def cloud(deploy_whole_template: DeployWholeTemplate) -> Iterator[Any]:
    with deploy_whole_template(
        "alarms-cloud-",
        scheduler=False,
        alarm_time_scale=SCALE,
        container_commands={"scraper": EMITTING_SCRAPER},
        ecs_stop_timeout_s=5.0,
    ) as local:
        yield local


@dataclass(frozen=True)
class Alarm:
    logical_id: str
    name: str
    definition: dict[str, Any]

    def dimension(self, name: str) -> str:
        [value] = [d["Value"] for d in self.definition.get("Dimensions", []) if d["Name"] == name]
        return str(value)

    def watches(self, namespace: str, metric: str) -> bool:
        if self.definition.get("Namespace") == namespace:
            return bool(self.definition.get("MetricName") == metric)
        return any(  # a metric-math alarm: one of its queries
            q.get("MetricStat", {}).get("Metric", {}).get("Namespace") == namespace
            and q["MetricStat"]["Metric"].get("MetricName") == metric
            for q in self.definition.get("Metrics", [])
        )


def deployed_alarms(cloud: Any) -> list[Alarm]:
    """The template's alarms as deployed: logical id, name, and what describe_alarms says."""
    logical = {
        str(deployed.physical_id): logical_id
        for resources in cloud.deployment.resources.values()
        for logical_id, deployed in resources.items()
        if deployed.type == "AWS::CloudWatch::Alarm"
    }
    described = [
        a
        for page in cloud.client("cloudwatch").get_paginator("describe_alarms").paginate()
        for a in page["MetricAlarms"]
        if a["AlarmName"] in logical
    ]
    assert len(described) == len(logical)
    return [Alarm(logical[a["AlarmName"]], a["AlarmName"], a) for a in described]


def states(cloud: Any, alarms: list[Alarm]) -> dict[str, tuple[str, str]]:
    """Alarm name -> (state, reason)."""
    described = cloud.client("cloudwatch").describe_alarms(AlarmNames=[a.name for a in alarms])
    return {a["AlarmName"]: (a["StateValue"], a["StateReason"]) for a in described["MetricAlarms"]}


def wait_until(cloud: Any, alarms: list[Alarm], state: str, timeout_s: float) -> None:
    """Until every one of `alarms` is in `state` at once."""
    deadline = time.monotonic() + timeout_s
    while True:
        now = states(cloud, alarms)
        if all(value == state for value, _ in now.values()):
            return
        if time.monotonic() > deadline:
            off = {a.logical_id: now[a.name][0] for a in alarms if now[a.name][0] != state}
            raise AssertionError(f"not {state} within {timeout_s} s: {off}")
        time.sleep(0.5)


def fire(cloud: Any, cause: Cause, timeout_s: float) -> None:
    """Cause, and watch each alarm go to ALARM with CloudWatch's reason (repeating a momentary
    cause for the alarms not seen yet: each is in ALARM for a period or so)."""
    pending = {a.name: a for a in cause.alarms}
    deadline = time.monotonic() + timeout_s
    rounds = 0
    while pending:
        if rounds == 0 or cause.repeat:
            cause.start(list(pending.values()))
        rounds += 1
        round_ends = time.monotonic() + ROUND_S
        while pending and time.monotonic() < round_ends:
            for name, (state, reason) in states(cloud, list(pending.values())).items():
                if state == "ALARM":
                    assert reason.startswith("Threshold Crossed"), reason
                    del pending[name]
            time.sleep(0.25)
        if pending and time.monotonic() > deadline:
            never = sorted(a.logical_id for a in pending.values())
            raise AssertionError(f"never in ALARM within {timeout_s} s: {never}")


# --- causes: each picks its alarms from the deployed ones, causes them, and removes the cause --


@dataclass
class Cause:
    alarms: list[Alarm]
    start: Callable[[list[Alarm]], None]  # given the alarms not yet seen in ALARM
    stop: Callable[[], None]
    fired: Callable[[], None] = lambda: None  # what else the stack did once they fired
    # A momentary cause (an error, a throttle) raises its alarm for one period only: it is
    # repeated, for the alarms not seen yet, until each was seen (cold starts make a round slow).
    repeat: bool = False


def function_errors(cloud: Any, alarms: list[Alarm]) -> Cause:
    """Each function invoked with an event it does not take: it raises, as in AWS."""
    mine = [a for a in alarms if a.watches("AWS/Lambda", "Errors")]

    def start(pending: list[Alarm]) -> None:
        for alarm in pending:
            result = cloud.runtime.invoke(alarm.dimension("FunctionName"), REJECTED_EVENT)
            assert result.function_error == "Unhandled", (alarm.logical_id, result.payload)

    return Cause(mine, start, lambda: None, repeat=True)


def function_throttles(cloud: Any, alarms: list[Alarm]) -> Cause:
    """Reserved concurrency 0 on each function (the Lambda API), then one call each."""
    from emulation.lambda_runtime import Throttled

    mine = [a for a in alarms if a.watches("AWS/Lambda", "Throttles")]
    lam = cloud.client("lambda")
    reserved = {
        a.dimension("FunctionName"): cloud.runtime.spec(
            a.dimension("FunctionName")
        ).reserved_concurrency
        for a in mine
    }

    def start(pending: list[Alarm]) -> None:
        for function in (a.dimension("FunctionName") for a in pending):
            lam.put_function_concurrency(FunctionName=function, ReservedConcurrentExecutions=0)
            with pytest.raises(Throttled):
                cloud.runtime.invoke(function, REJECTED_EVENT)

    def stop() -> None:  # back to what the template reserves
        for function, value in reserved.items():
            if value is None:
                lam.delete_function_concurrency(FunctionName=function)
            else:
                lam.put_function_concurrency(
                    FunctionName=function, ReservedConcurrentExecutions=value
                )

    return Cause(mine, start, stop, repeat=True)


def take_all(sqs: Any, url: str) -> None:
    """Receive and delete what a queue holds, as an operator would (PurgeQueue is once a
    minute per queue)."""
    while True:
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
        if not messages:
            return
        sqs.delete_message_batch(
            QueueUrl=url,
            Entries=[
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)
            ],
        )


def queue_messages(cloud: Any, alarms: list[Alarm]) -> Cause:
    """A message on every queue whose depth is alarmed (failure queues and DLQs); taken after."""
    mine = [a for a in alarms if a.watches("AWS/SQS", "ApproximateNumberOfMessagesVisible")]
    mine = [a for a in mine if not a.definition.get("Metrics")]  # not the scaling alarms
    sqs = cloud.client("sqs")
    urls = [sqs.get_queue_url(QueueName=a.dimension("QueueName"))["QueueUrl"] for a in mine]

    def start(pending: list[Alarm]) -> None:
        for url in urls:
            sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"alarmTest": True}))

    def stop() -> None:
        for url in urls:
            take_all(sqs, url)

    return Cause(mine, start, stop)


def failed_executions(cloud: Any, alarms: list[Alarm]) -> Cause:
    """An aggregation run with input its first step rejects fails (RunFailed)."""
    mine = [a for a in alarms if a.watches("AWS/States", "ExecutionsFailed")]
    machine = cloud.outputs["StateMachineArn"]

    def start(pending: list[Alarm]) -> None:
        execution = cloud.client("stepfunctions").start_execution(
            stateMachineArn=machine,
            name=f"alarm-test-{time.time_ns()}",
            input=json.dumps({"cities": "not a list of cities"}),
        )["executionArn"]
        assert cloud.wait_execution(execution, timeout_s=120)["status"] == "FAILED"

    def stop() -> None:  # the failed run's record is an operator's to take away
        take_all(cloud.client("sqs"), cloud.outputs["PipelineFailuresQueueUrl"])

    return Cause(mine, start, stop)


def run_scraper_task(cloud: Any, **environment: str) -> Any:
    """The stack's scraper task definition on its cluster, with the emitting stand-in."""
    [task] = cloud.ecs.run_task(
        cloud.outputs["ClusterArn"],
        cloud.outputs["ScraperTaskDefinitionArn"],
        overrides={
            "containerOverrides": [
                {
                    "name": "scraper",
                    "environment": [{"name": k, "value": v} for k, v in environment.items()],
                }
            ]
        },
    )
    return cloud.ecs.wait(task.arn, 60)


def custom_alarms(cloud: Any, alarms: list[Alarm]) -> tuple[list[Alarm], list[Alarm]]:
    """(alarms on the functions' and tasks' own metrics, alarms on metric-filter metrics)."""
    logs = cloud.client("logs")
    filtered = {
        t["metricName"]
        for page in logs.get_paginator("describe_metric_filters").paginate()
        for f in page["metricFilters"]
        for t in f["metricTransformations"]
    }
    custom = [a for a in alarms if not (a.definition.get("Namespace") or "AWS/").startswith("AWS/")]
    return (
        [a for a in custom if a.definition["MetricName"] not in filtered],
        [a for a in custom if a.definition["MetricName"] in filtered],
    )


def blocked_requests(cloud: Any, alarms: list[Alarm]) -> Cause:
    """A scraper task whose EMF lines count as many blocked requests as the alarm's threshold;
    the alarm's rule then starts the egress rotation."""
    [alarm], _ = custom_alarms(cloud, alarms)
    rotation = next(
        name
        for name in cloud.runtime.functions()
        if cloud.runtime.spec(name).handler.startswith("compute.handlers.rotate_egress_ip")
    )
    rotations_before = cloud.runtime.stats(rotation)["invocations"]

    def start(pending: list[Alarm]) -> None:
        task = run_scraper_task(
            cloud,
            EMIT_METRIC=alarm.definition["MetricName"],
            EMIT_COUNT=str(int(alarm.definition["Threshold"])),
        )
        assert task.exit_code == 0

    def fired() -> None:
        deadline = time.monotonic() + 30
        while cloud.runtime.stats(rotation)["invocations"] == rotations_before:
            assert time.monotonic() < deadline, "the alarm's rule did not start a rotation"
            time.sleep(0.5)

    return Cause([alarm], start, lambda: None, fired)


def failed_tasks(cloud: Any, alarms: list[Alarm]) -> Cause:
    """A scraper task that exits non-zero: ECS's stopped-task event, the stack's rule, its log
    group and metric filter make the metric the alarm watches."""
    _, mine = custom_alarms(cloud, alarms)

    def start(pending: list[Alarm]) -> None:
        assert run_scraper_task(cloud, EXIT_CODE="3").exit_code == 3

    return Cause(mine, start, lambda: None)


CAUSES = {
    "function errors": function_errors,
    "function throttles": function_throttles,
    "queue messages": queue_messages,
    "failed executions": failed_executions,
    "blocked requests": blocked_requests,
    "failed tasks": failed_tasks,
}


@pytest.mark.parametrize("kind", list(CAUSES))
def test_each_alarm_fires_on_its_cause_and_clears_when_it_is_gone(cloud: Any, kind: str) -> None:
    cause = CAUSES[kind](cloud, deployed_alarms(cloud))
    assert cause.alarms, f"no deployed alarm watches what {kind} cause"
    wait_until(cloud, cause.alarms, "OK", timeout_s=60)
    try:
        fire(cloud, cause, timeout_s=120)
        cause.fired()
    finally:
        cause.stop()
    wait_until(cloud, cause.alarms, "OK", timeout_s=90)


def test_every_alarm_is_shown_firing_or_named_as_unable_to_fire_locally(cloud: Any) -> None:
    from emulation.alarms.report import alarm_report

    alarms = deployed_alarms(cloud)
    shown = {a.logical_id for kind in CAUSES.values() for a in kind(cloud, alarms).alarms}
    elsewhere = {
        a.logical_id
        for a in alarms
        for part, test in SHOWN_ELSEWHERE.items()
        if part in a.logical_id and exists(test)
    }
    report = {e["alarm"]: e for e in alarm_report(cloud.endpoint_url)}
    cannot = {
        a.logical_id: report[a.name]["why"]
        for a in alarms
        if not report[a.name]["can_fire_locally"]
    }
    left = {a.logical_id for a in alarms} - shown - elsewhere - set(cannot)
    assert all(cannot.values()), cannot  # each says why
    assert not left, f"alarms neither shown firing nor named as unable to fire locally: {left}"


def test_compute_local_alarms_lists_every_alarm_of_the_template(
    cloud: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from emulation.assembly import ensure_assembly
    from emulation.cli import main

    assembly, _ = ensure_assembly()
    templates = {
        stack: json.loads((assembly / f"{stack}.template.json").read_text(encoding="utf-8"))
        for stack in cloud.deployment.resources
    }
    written = {  # each alarm as the template writes it, by logical id
        logical_id: templates[stack]["Resources"][logical_id]["Properties"]
        for stack, resources in cloud.deployment.resources.items()
        for logical_id, deployed in resources.items()
        if deployed.type == "AWS::CloudWatch::Alarm"
    }
    alarms = deployed_alarms(cloud)
    assert main(["--state-dir", str(cloud.state_dir), "alarms", "--json"]) == 0
    listed = {e["alarm"]: e for e in json.loads(capsys.readouterr().out)["alarms"]}
    assert set(listed) == {a.name for a in alarms} and len(listed) == len(written)
    for a in alarms:
        entry, template = listed[a.name], written[a.logical_id]
        assert entry["actions_enabled"] is template.get("ActionsEnabled", True), a.logical_id
        assert len(entry["actions"]) == len(template.get("AlarmActions", []))
        if "Metrics" in template:
            [returned] = [q for q in template["Metrics"] if q.get("ReturnData", True)]
            assert entry["metric"].startswith(returned["Expression"]), entry
            for query in template["Metrics"]:
                if "MetricStat" in query:
                    assert f" {query['MetricStat']['Metric']['MetricName']} " in entry["metric"]
        else:
            stat = template.get("ExtendedStatistic") or template["Statistic"]
            watched = f"{stat} {template['Namespace']} {template['MetricName']} "
            assert entry["metric"].startswith(watched), entry
        assert f" {float(template['Threshold']):g} for " in entry["condition"], entry
        assert entry["condition"].endswith(f" of {template['EvaluationPeriods']} periods") or (
            f" of {template['EvaluationPeriods']} periods, " in entry["condition"]
        )
        assert entry["state"] in {"OK", "ALARM", "INSUFFICIENT_DATA"}

    assert main(["--state-dir", str(cloud.state_dir), "alarms"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].startswith(f"{len(alarms)} alarms; ")
    assert table[1].split()[:4] == ["STATE", "ACTIONS", "LOCALLY", "ALARM"]
    column = table[1].index("ALARM")
    rows = [line for line in table[2:] if not line.startswith("    ")]
    assert sorted(row[column:].split()[0] for row in rows) == sorted(a.name for a in alarms)
