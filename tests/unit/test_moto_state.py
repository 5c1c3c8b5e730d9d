"""tests/moto_state.py against moto in memory: what was added after the mark goes (a queue, a
table, a subnet inside an existing zone, an Elastic IP, a rule on the default bus, a log stream
in an older group, a secret), what was there before stays, and the names are free again."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from tests import moto_state

TABLE = {
    "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
    "BillingMode": "PAY_PER_REQUEST",
}


@pytest.fixture
def aws() -> Iterator[Any]:
    with mock_aws():
        yield lambda service: boto3.client(service, region_name="eu-west-2")


def test_what_was_added_after_the_mark_goes_and_the_rest_stays(aws: Any) -> None:
    sqs, dynamodb, ec2, events, logs = (
        aws(s) for s in ("sqs", "dynamodb", "ec2", "events", "logs")
    )
    kept_queue = sqs.create_queue(QueueName="kept")["QueueUrl"]
    dynamodb.create_table(TableName="kept", **TABLE)
    logs.create_log_group(logGroupName="/kept")
    sqs.send_message(QueueUrl=kept_queue, MessageBody="before")
    vpcs_before = {v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"]}
    subnets_before = {s["SubnetId"] for s in ec2.describe_subnets()["Subnets"]}

    with moto_state.kept_apart():
        sqs.create_queue(QueueName="stack")
        dynamodb.create_table(TableName="stack", **TABLE)
        vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
        ec2.create_subnet(VpcId=vpc, CidrBlock="10.9.1.0/24", AvailabilityZone="eu-west-2a")
        ec2.allocate_address(Domain="vpc")
        events.put_rule(Name="stack", ScheduleExpression="rate(1 minute)")
        logs.create_log_stream(logGroupName="/kept", logStreamName="stack")
        aws("secretsmanager").create_secret(Name="stack", SecretString="x")

    assert sqs.list_queues()["QueueUrls"] == [kept_queue]
    assert dynamodb.list_tables()["TableNames"] == ["kept"]
    assert {v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"]} == vpcs_before
    assert {s["SubnetId"] for s in ec2.describe_subnets()["Subnets"]} == subnets_before
    assert ec2.describe_addresses()["Addresses"] == []
    assert [r["Name"] for r in events.list_rules()["Rules"]] == []
    assert logs.describe_log_streams(logGroupName="/kept")["logStreams"] == []
    assert aws("secretsmanager").list_secrets()["SecretList"] == []
    # What existed keeps its contents, and the stack's names can be taken again.
    [message] = sqs.receive_message(QueueUrl=kept_queue)["Messages"]
    assert message["Body"] == "before"
    dynamodb.create_table(TableName="stack", **TABLE)
    sqs.create_queue(QueueName="stack")


def test_a_service_first_used_after_the_mark_is_emptied(aws: Any) -> None:
    aws("sqs").create_queue(QueueName="kept")
    with moto_state.kept_apart():
        aws("sns").create_topic(Name="stack")
    assert aws("sns").list_topics()["Topics"] == []
    assert len(aws("sqs").list_queues()["QueueUrls"]) == 1
