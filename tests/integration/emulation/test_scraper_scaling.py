"""The scraper service scales on its queue backlog through the stack's own scalable target,
step policies and backlog alarms, as deployed from the synthesized template: a backlog of 120
jobs starts 3 tasks (the upper policy's first step), a drained queue stops them all (the lower
policy, once the scale-out's cooldown is over). Real moto SQS and CloudWatch, the alarm
evaluator with metric math on a time scale (a 1-minute period in 2 s), the local ECS service;
the scraper container is replaced by a process that only waits, so the backlog stays until the
test drains it."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.integration.conftest import DeployWholeTemplate

pytestmark = [pytest.mark.integration, pytest.mark.infra]

SCALE = 30.0  # a 1-minute period lasts 2 s, the 120 s cooldown 4 s
WAITER = [sys.executable, "-c", "import time; time.sleep(900)"]


@pytest.fixture(scope="module")
def cloud(deploy_whole_template: DeployWholeTemplate) -> Iterator[Any]:
    with deploy_whole_template(
        "scaling-cloud-",
        scheduler=False,
        alarm_time_scale=SCALE,
        container_commands={"scraper": WAITER},
        ecs_stop_timeout_s=5.0,
    ) as local:
        yield local


def wait_for(condition: Callable[[], bool], timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    raise AssertionError(f"not within {timeout_s} s: {what}")


def test_the_scraper_service_scales_out_on_a_backlog_and_in_when_it_drains(cloud: Any) -> None:
    service = cloud.outputs["ScraperServiceName"]
    queue = cloud.outputs["ScrapeQueueUrl"]
    sqs = cloud.client("sqs")

    def running() -> int:
        return len(cloud.ecs.service_tasks(service))

    assert running() == 0  # the template's DesiredCount
    for batch in range(12):
        sqs.send_message_batch(
            QueueUrl=queue,
            Entries=[
                {"Id": str(i), "MessageBody": f'{{"n": {batch * 10 + i}}}'} for i in range(10)
            ],
        )
    wait_for(lambda: running() == 3, 180, "3 scraper tasks for a backlog of 120")
    [out] = cloud.autoscaling.activities
    assert (out.from_capacity, out.to_capacity) == (0, 3)
    assert "Upper" in out.policy and "ScalingUpperAlarm" in out.alarm
    time.sleep(3)  # the alarm stays in ALARM: the same step changes nothing (ExactCapacity 3)
    assert running() == 3 and len(cloud.autoscaling.activities) == 1

    sqs.purge_queue(QueueUrl=queue)

    def scaled_in() -> list[Any]:
        return [a for a in cloud.autoscaling.activities if a.to_capacity < a.from_capacity]

    wait_for(lambda: bool(scaled_in()), 180, "a scale-in once the queue drained")
    first_in = scaled_in()[0]
    assert (first_in.from_capacity, first_in.to_capacity) == (3, 0)
    assert "Lower" in first_in.policy
    assert first_in.at - out.at >= 120 / SCALE  # the policies' Cooldown on the alarm clock
    wait_for(lambda: running() == 0, 60, "the service's tasks stopped")


def test_the_deploy_report_no_longer_calls_autoscaling_unemulated(cloud: Any) -> None:
    report = cloud.deployment.format_report()
    assert "autoscaling is not emulated" not in report
    created = {
        e.type for e in cloud.deployment.report if e.status == "created" and "AutoScaling" in e.type
    }
    assert created == {
        "AWS::ApplicationAutoScaling::ScalableTarget",
        "AWS::ApplicationAutoScaling::ScalingPolicy",
    }


def test_compute_local_alarms_counts_the_scaling_and_task_failure_alarms_as_able_to_fire(
    cloud: Any,
) -> None:
    from emulation.alarms.report import alarm_report

    deployed = {
        str(resource.physical_id)
        for resources in cloud.deployment.resources.values()
        for resource in resources.values()
        if resource.type == "AWS::CloudWatch::Alarm"
    }
    # The account may hold other clouds' alarms too (the edges app's, in this process's moto).
    report = alarm_report(cloud.endpoint_url, cloud.metric_sources())
    entries = {e["alarm"]: e for e in report if e["alarm"] in deployed}
    assert len(entries) == len(deployed) == 31
    for name in (
        "ScalingUpperAlarm",
        "ScalingLowerAlarm",
        "ScraperTaskFailuresAlarm",
        "ApiLatencyP95Alarm",  # AWS/ApiGateway Latency p95 by ApiId and Stage
        "SyncIteratorAgeAlarm",  # AWS/Lambda IteratorAge of the stream mapping's function
    ):
        [entry] = [e for alarm, e in entries.items() if name in alarm]
        assert entry["can_fire_locally"], entry["why"]
    cannot = {a: e["why"] for a, e in entries.items() if not e["can_fire_locally"]}
    # What is left says why: a custom metric no scraper has logged yet in this run.
    assert all("BlockedRequests" in why for why in cannot.values()), cannot


def test_disabled_alarm_actions_change_the_state_but_scale_nothing(cloud: Any) -> None:
    """DisableAlarmActions as in AWS: the alarm still goes to ALARM, its policy is not run;
    EnableAlarmActions and the next evaluation scales out. 10 jobs: the lower policy's step
    (0.5-49.5 -> 1 task), so the lower alarm is the one in ALARM."""
    service = cloud.outputs["ScraperServiceName"]
    queue = cloud.outputs["ScrapeQueueUrl"]
    sqs, cloudwatch = cloud.client("sqs"), cloud.client("cloudwatch")
    scaling = [
        a["AlarmName"]
        for a in cloudwatch.describe_alarms()["MetricAlarms"]
        if "ScrapeBacklogScaling" in a["AlarmName"]
    ]
    [lower] = [name for name in scaling if "LowerAlarm" in name]
    cloudwatch.disable_alarm_actions(AlarmNames=scaling)
    before = len(cloud.autoscaling.activities)
    try:
        wait_for(lambda: not cloud.ecs.service_tasks(service), 60, "no scraper task running")
        sqs.send_message_batch(
            QueueUrl=queue, Entries=[{"Id": str(i), "MessageBody": "{}"} for i in range(10)]
        )

        def sampled_backlog() -> float:
            from datetime import UTC, datetime, timedelta

            now = datetime.now(UTC)
            points = cloudwatch.get_metric_statistics(
                Namespace="AWS/SQS",
                MetricName="ApproximateNumberOfMessagesVisible",
                Dimensions=[{"Name": "QueueName", "Value": queue.rsplit("/", 1)[-1]}],
                StartTime=now - timedelta(minutes=5),
                EndTime=now + timedelta(minutes=1),
                Period=60,
                Statistics=["Maximum"],
            )["Datapoints"]
            return max((p["Maximum"] for p in points), default=0.0)

        wait_for(lambda: sampled_backlog() >= 10, 60, "the backlog of 10 sampled")
        [alarm] = cloudwatch.describe_alarms(AlarmNames=[lower])["MetricAlarms"]
        assert alarm["StateValue"] == "ALARM"  # 0 or 10 jobs: both at or under 49.5
        time.sleep(3 * 60 / SCALE)  # three more evaluations in ALARM
        assert len(cloud.autoscaling.activities) == before
        assert not cloud.ecs.service_tasks(service)

        cloudwatch.enable_alarm_actions(AlarmNames=scaling)
        wait_for(lambda: len(cloud.ecs.service_tasks(service)) == 1, 60, "1 task once enabled")
    finally:
        cloudwatch.enable_alarm_actions(AlarmNames=scaling)
        while got := sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10).get("Messages"):
            sqs.delete_message_batch(  # PurgeQueue: once a minute, and the first test used it
                QueueUrl=queue,
                Entries=[
                    {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(got)
                ],
            )
