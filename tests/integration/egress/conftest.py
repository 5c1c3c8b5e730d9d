"""A VPC in moto's EC2 as the stack builds it: a public subnet routed to an internet gateway,
two private subnets each with its own route table whose 0.0.0.0/0 goes to the (managed) NAT
gateway; plus the lock table (the main table, as the stack has it) and an alerts topic drained
through an SQS queue.

moto validates no route, so every assertion about routes reads them back explicitly.
"""

from __future__ import annotations

import io
import json
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import boto3
import pytest
from aws_lambda_powertools import Logger

from compute import contracts
from compute.adapters.locks import DynamoDbLock
from compute.adapters.network import LIVE_GATEWAY_STATES, Ec2Network
from compute.adapters.notify import SnsNotifier
from compute.services.egress_settings import RotationConfig
from compute.services.rotate_egress_ip import EgressRotation
from tests.main_table import create_main_table

LOCK_TABLE = "egress-rotation-tests"


@dataclass
class Snapshot:
    """What a rotation may change: routes, live managed gateways, managed addresses."""

    routes: dict[str, str | None]
    gateways: set[str]
    addresses: set[str]


@dataclass
class Vpc:
    vpc_id: str
    public_subnet_id: str
    route_table_ids: tuple[str, str]
    public_route_table_id: str
    gateway_id: str
    allocation_id: str
    public_ip: str
    tag_value: str
    ec2: Any

    def config(self, **overrides: Any) -> RotationConfig:
        values: dict[str, Any] = {
            "vpc_id": self.vpc_id,
            "public_subnet_id": self.public_subnet_id,
            "route_table_ids": self.route_table_ids,
            "grace_period_s": 30.0,
            "keep_addresses": 0,
            "wait_timeout_s": 10.0,
            "poll_interval_s": 1.0,
            "tag_key": "ManagedBy",
            "tag_value": self.tag_value,
        }
        values.update(overrides)
        return RotationConfig(**values)

    def default_target(self, route_table_id: str) -> str | None:
        tables = self.ec2.describe_route_tables(RouteTableIds=[route_table_id])["RouteTables"]
        for route in tables[0]["Routes"]:
            if route.get("DestinationCidrBlock") == "0.0.0.0/0":
                return route.get("NatGatewayId") or route.get("GatewayId")
        return None

    def snapshot(self) -> Snapshot:
        managed = [{"Name": "tag:ManagedBy", "Values": [self.tag_value]}]
        gateways = self.ec2.describe_nat_gateways(
            Filter=[*managed, {"Name": "vpc-id", "Values": [self.vpc_id]}]
        )["NatGateways"]
        addresses = self.ec2.describe_addresses(Filters=managed)["Addresses"]
        # moto ignores tag filters on NAT gateways: check the tag here.
        gateways = [
            g for g in gateways if {"Key": "ManagedBy", "Value": self.tag_value} in g["Tags"]
        ]
        return Snapshot(
            routes={rt: self.default_target(rt) for rt in self.route_table_ids},
            gateways={g["NatGatewayId"] for g in gateways if g["State"] in LIVE_GATEWAY_STATES},
            addresses={a["AllocationId"] for a in addresses},
        )

    def public_ip_of(self, gateway_id: str) -> str:
        gateway = self.ec2.describe_nat_gateways(NatGatewayIds=[gateway_id])["NatGateways"][0]
        return str(gateway["NatGatewayAddresses"][0]["PublicIp"])


def build_vpc(ec2: Any) -> Vpc:
    """The stack's network, with a tag value of its own so each VPC's address pool is apart."""
    tag_value = f"egress-test-{uuid.uuid4().hex[:8]}"
    managed = [{"Key": "ManagedBy", "Value": tag_value}]
    vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    public = ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.0.0.0/24")["Subnet"]["SubnetId"]
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc_id)
    public_rt = ec2.create_route_table(VpcId=vpc_id)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=public_rt, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    ec2.associate_route_table(RouteTableId=public_rt, SubnetId=public)
    address = ec2.allocate_address(
        Domain="vpc", TagSpecifications=[{"ResourceType": "elastic-ip", "Tags": managed}]
    )
    gateway = ec2.create_nat_gateway(
        SubnetId=public,
        AllocationId=address["AllocationId"],
        TagSpecifications=[{"ResourceType": "natgateway", "Tags": managed}],
    )["NatGateway"]["NatGatewayId"]
    private_tables = []
    for index, cidr in enumerate(("10.0.4.0/22", "10.0.8.0/22")):
        subnet = ec2.create_subnet(VpcId=vpc_id, CidrBlock=cidr)["Subnet"]["SubnetId"]
        table = ec2.create_route_table(
            VpcId=vpc_id,
            TagSpecifications=[
                {
                    "ResourceType": "route-table",
                    "Tags": [{"Key": "Name", "Value": f"private-{index}"}],
                }
            ],
        )["RouteTable"]["RouteTableId"]
        ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=gateway)
        ec2.associate_route_table(RouteTableId=table, SubnetId=subnet)
        private_tables.append(table)
    return Vpc(
        vpc_id=vpc_id,
        public_subnet_id=public,
        route_table_ids=(private_tables[0], private_tables[1]),
        public_route_table_id=public_rt,
        gateway_id=gateway,
        allocation_id=address["AllocationId"],
        public_ip=address["PublicIp"],
        tag_value=tag_value,
        ec2=ec2,
    )


class Alerts:
    """The alerts topic, read back through a subscribed SQS queue (raw delivery)."""

    def __init__(self, sns: Any, sqs: Any) -> None:
        name = f"alerts-{uuid.uuid4().hex[:8]}"
        self.topic_arn = sns.create_topic(Name=name)["TopicArn"]
        self.queue_url = sqs.create_queue(QueueName=name)["QueueUrl"]
        queue_arn = sqs.get_queue_attributes(QueueUrl=self.queue_url, AttributeNames=["QueueArn"])[
            "Attributes"
        ]["QueueArn"]
        sns.subscribe(
            TopicArn=self.topic_arn,
            Protocol="sqs",
            Endpoint=queue_arn,
            Attributes={"RawMessageDelivery": "true"},
        )
        self._sqs = sqs

    def messages(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        while True:
            batch = self._sqs.receive_message(
                QueueUrl=self.queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=0
            ).get("Messages", [])
            if not batch:
                return found
            for message in batch:
                body = json.loads(message["Body"])
                contracts.validate("egress-rotation-notification", body)
                found.append(body)
                self._sqs.delete_message(
                    QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"]
                )


class MotoEgressProbe:
    """Which address traffic from the first private subnet leaves through, read from EC2."""

    def __init__(self, vpc: Vpc) -> None:
        self._vpc = vpc

    def public_address(self) -> str:
        target = self._vpc.default_target(self._vpc.route_table_ids[0])
        assert target, "no default route"
        return self._vpc.public_ip_of(target)


class InjectedFault(RuntimeError):
    """A failure the test put there."""


class FaultyNetwork:
    """The real EC2 adapter, failing on chosen calls: `fail_calls` are 1-based indices over
    every port call; `fail_method` fails the nth call of one method (and, when `always`, every
    later one). `after=True` makes the real call first, so the change happens and the reply is
    lost."""

    def __init__(
        self,
        real: Ec2Network,
        *,
        fail_calls: frozenset[int] = frozenset(),
        fail_method: tuple[str, int] | None = None,
        always: bool = False,
        after: bool = False,
    ) -> None:
        self._real = real
        self._fail_calls = fail_calls
        self._fail_method = fail_method
        self._always = always
        self._after = after
        self.trace: list[str] = []
        self._per_method: dict[str, int] = {}
        self.injected: list[tuple[int, str]] = []
        self._lock = threading.Lock()

    def _should_fail(self, name: str) -> bool:
        with self._lock:
            self.trace.append(name)
            index = len(self.trace)
            nth = self._per_method[name] = self._per_method.get(name, 0) + 1
        if index in self._fail_calls:
            return True
        if self._fail_method and self._fail_method[0] == name:
            wanted = self._fail_method[1]
            return nth == wanted or (self._always and nth > wanted)
        return False

    def __getattr__(self, name: str) -> Callable[..., Any]:
        method = getattr(self._real, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            fail = self._should_fail(name)
            if fail and not self._after:
                self.injected.append((len(self.trace), name))
                raise InjectedFault(f"injected failure in {name} (call {len(self.trace)})")
            result = method(*args, **kwargs)
            if fail:
                self.injected.append((len(self.trace), name))
                raise InjectedFault(f"injected failure after {name} (call {len(self.trace)})")
            return result

        return call


@dataclass
class World:
    """Clients and shared resources for one test."""

    ec2: Any
    dynamodb: Any
    alerts: Alerts
    sleeps: list[float] = field(default_factory=list)
    log: io.StringIO = field(default_factory=io.StringIO)

    def vpc(self) -> Vpc:
        return build_vpc(self.ec2)

    def logger(self) -> Logger:
        # A service name of its own: Powertools reuses a configured logger of the same name.
        name = f"rotate-egress-ip-test-{uuid.uuid4().hex[:8]}"
        return Logger(service=name, stream=self.log, level="DEBUG")

    def rotation(
        self,
        vpc: Vpc,
        *,
        network: Any = None,
        probe: Any = None,
        sleep: Callable[[float], None] | None = None,
        **config: Any,
    ) -> EgressRotation:
        return EgressRotation(
            vpc.config(**config),
            network=network or Ec2Network(self.ec2),
            lock=DynamoDbLock(self.dynamodb, LOCK_TABLE),
            notifier=SnsNotifier(boto3.client("sns"), self.alerts.topic_arn),
            logger=self.logger(),
            probe=probe,
            validate_message=lambda m: contracts.validate("egress-rotation-notification", m),
            sleep=sleep or self.sleeps.append,
        )


@pytest.fixture(scope="module")
def lock_table(moto_endpoint: str) -> str:
    dynamodb = boto3.client("dynamodb")
    existing = dynamodb.list_tables()["TableNames"]
    if LOCK_TABLE not in existing:
        create_main_table(dynamodb, LOCK_TABLE)  # the stack keeps the egress lock there
    return LOCK_TABLE


@pytest.fixture
def world(moto_endpoint: str, lock_table: str) -> Iterator[World]:
    yield World(
        ec2=boto3.client("ec2"),
        dynamodb=boto3.client("dynamodb"),
        alerts=Alerts(boto3.client("sns"), boto3.client("sqs")),
    )
