"""The rotate-egress-ip function as deployed from the synthesized CDK app into the local cloud,
started by its own EventBridge rules (the weekly schedule and the blocked-requests alarm rule)
and run by the local Lambda runtime, against the VPC the template describes."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.integration.conftest import DeployWholeTemplate

pytestmark = [pytest.mark.integration, pytest.mark.infra]

FUNCTION = "rotate-egress-ip"
WEEKLY_RULE = "WeeklyEgressRotationSchedule"
ALARM_RULE = "BlockedRequestsRotationRule"


@pytest.fixture(scope="module")
def cloud(deploy_whole_template: DeployWholeTemplate) -> Iterator[Any]:
    """The stack as synthesized, deployed locally (its search domain on the shared node)."""
    with deploy_whole_template("egress-cloud-", scheduler=False) as local:
        yield local


def rotation_spec(cloud: Any) -> Any:
    for name in cloud.runtime.functions():
        spec = cloud.runtime.spec(name)
        if spec.environment.get("POWERTOOLS_SERVICE_NAME") == FUNCTION:
            return spec
    raise LookupError(f"no deployed function is {FUNCTION!r}")


def rule_named(cloud: Any, logical_id: str) -> str:
    """The deployed (physical) name of the stack's rule with this logical id."""
    [name] = [r for r in cloud.schedules.rules() if f"-{logical_id}-" in r]
    return str(name)


def default_targets(ec2: Any, route_table_ids: list[str]) -> dict[str, str | None]:
    targets: dict[str, str | None] = {}
    for table in ec2.describe_route_tables(RouteTableIds=route_table_ids)["RouteTables"]:
        default = [r for r in table["Routes"] if r.get("DestinationCidrBlock") == "0.0.0.0/0"]
        targets[table["RouteTableId"]] = default[0].get("NatGatewayId") if default else None
    return targets


def test_schedule_and_alarm_rules_rotate_through_the_lambda_runtime(cloud: Any) -> None:
    spec = rotation_spec(cloud)
    env = spec.environment
    ec2 = cloud.client("ec2")
    tables = env["EGRESS_PRIVATE_ROUTE_TABLE_IDS"].split(",")
    assert len(tables) == 2
    start = default_targets(ec2, tables)
    [old_gateway] = set(start.values())
    assert old_gateway and old_gateway.startswith("nat-")

    gateway = ec2.describe_nat_gateways(NatGatewayIds=[old_gateway])["NatGateways"][0]
    allocation = gateway["NatGatewayAddresses"][0]["AllocationId"]
    tag = [{"Key": env["EGRESS_TAG_KEY"], "Value": env["EGRESS_TAG_VALUE"]}]
    if {t["Key"]: t["Value"] for t in gateway.get("Tags", [])}.get(env["EGRESS_TAG_KEY"]) is None:
        # The template tags the stack's NAT gateway and EIP; the local deployer does not yet
        # apply resource Tags, so put them where CloudFormation would have.
        ec2.create_tags(Resources=[old_gateway, allocation], Tags=tag)

    # No five-minute grace period in a test; everything else as the template says.
    cloud.runtime.register(
        dataclasses.replace(
            spec,
            environment={
                **env,
                "EGRESS_GRACE_PERIOD_SECONDS": "0",
                "EGRESS_POLL_INTERVAL_SECONDS": "0.1",
            },
        )
    )
    sns, sqs = cloud.client("sns"), cloud.client("sqs")
    queue_url = sqs.create_queue(QueueName="egress-alerts-watch")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])[
        "Attributes"
    ]["QueueArn"]
    sns.subscribe(
        TopicArn=env["ALERTS_TOPIC_ARN"],
        Protocol="sqs",
        Endpoint=queue_arn,
        Attributes={"RawMessageDelivery": "true"},
    )

    [weekly] = cloud.fire_rule(rule_named(cloud, WEEKLY_RULE))
    assert weekly.error is None, weekly.error
    assert weekly.input == {"trigger": "schedule"}
    invoked = weekly.result
    assert invoked.function_error is None, invoked.logs[-2000:]
    summary = invoked.payload
    assert summary["outcome"] == "success" and summary["trigger"] == "schedule"
    first_new = summary["newGatewayId"]
    assert default_targets(ec2, tables) == dict.fromkeys(tables, first_new)
    old_state = ec2.describe_nat_gateways(NatGatewayIds=[old_gateway])["NatGateways"][0]["State"]
    assert old_state == "deleted"
    # The function's log has no address or id in clear.
    for secret in (old_gateway, first_new, summary["oldAddress"], summary["newAddress"]):
        assert secret not in invoked.logs

    # What CloudWatch sends when the blocked-requests alarm goes off.
    [blocked] = [
        a
        for a in cloud.client("cloudwatch").describe_alarms()["MetricAlarms"]
        if "ScraperBlockedRequestsAlarm" in a["AlarmName"]
    ]
    alarm_event = {
        "version": "0",
        "id": "4d2f7f4c-0000-4000-8000-00000000a1a1",
        "detail-type": "CloudWatch Alarm State Change",
        "source": "aws.cloudwatch",
        "account": "123456789012",
        "time": "2026-11-28T18:00:00Z",
        "region": "eu-west-2",
        "resources": [blocked["AlarmArn"]],
        "detail": {
            "alarmName": blocked["AlarmName"],
            "state": {"value": "ALARM", "reason": "Threshold Crossed"},
            "previousState": {"value": "OK"},
        },
    }
    [alarm] = cloud.fire_rule(rule_named(cloud, ALARM_RULE), alarm_event)
    assert alarm.error is None, alarm.error
    assert alarm.input == {"trigger": "blocked-requests-alarm", "alarmName": blocked["AlarmName"]}
    assert alarm.result.function_error is None, alarm.result.logs[-2000:]
    second = alarm.result.payload
    assert second["outcome"] == "success" and second["trigger"] == "alarm"
    assert second["oldGatewayId"] == first_new
    assert default_targets(ec2, tables) == dict.fromkeys(tables, second["newGatewayId"])

    bodies = [
        json.loads(m["Body"])
        for m in sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10)["Messages"]
    ]
    assert sorted(b["outcome"] for b in bodies) == ["success", "success"]
    from compute import contracts

    for body in bodies:
        contracts.validate("egress-rotation-notification", body)
