"""The scraper's host leases on moto's DynamoDB: fractional `freeAt`, held while a request runs,
freed only by their owner, and compatible with lease items written with whole seconds only."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from boto3.dynamodb.types import TypeDeserializer

from compute import contracts
from compute.adapters.politeness import DynamoDbHostLeases, HostBusy
from tests.main_table import create_main_table

pytestmark = pytest.mark.integration

TABLE = "host-leases"
NOW = 1_800_000_000.25


@pytest.fixture
def leases(moto_endpoint: str) -> DynamoDbHostLeases:
    client = boto3.client("dynamodb")
    if TABLE not in client.list_tables()["TableNames"]:
        create_main_table(client, TABLE)
    return DynamoDbHostLeases(client, TABLE)


def stored(leases: DynamoDbHostLeases, name: str) -> dict[str, Any]:
    item = leases.client.get_item(
        TableName=TABLE, Key={"PK": {"S": f"LOCK#{name}"}, "SK": {"S": "LOCK"}}
    )["Item"]
    plain = {k: TypeDeserializer().deserialize(v) for k, v in item.items()}
    return {
        k: (int(v) if k == "expiresAt" else float(v) if k == "freeAt" else v)
        for k, v in plain.items()
    }


def test_a_lease_is_held_then_free_at_the_fraction_its_owner_set(
    leases: DynamoDbHostLeases,
) -> None:
    leases.take("host:a.test", "task-1", NOW, 30.0)
    with pytest.raises(HostBusy) as busy:
        leases.take("host:a.test", "task-2", NOW + 1.0, 30.0)
    assert busy.value.free_at == pytest.approx(NOW + 30.0, abs=0.001)

    leases.free_at("host:a.test", "task-1", NOW + 1.7)
    item = stored(leases, "host:a.test")
    contracts.validate("lock-item", item)
    assert item["freeAt"] == pytest.approx(NOW + 1.7, abs=0.001)
    assert item["expiresAt"] >= NOW + 1.7  # the TTL never removes a lease before it is free

    with pytest.raises(HostBusy) as busy:
        leases.take("host:a.test", "task-2", NOW + 1.69, 30.0)
    assert busy.value.free_at == pytest.approx(NOW + 1.7, abs=0.001)
    leases.take("host:a.test", "task-2", NOW + 1.701, 30.0)
    assert stored(leases, "host:a.test")["owner"] == "task-2"


def test_only_the_owner_frees_a_lease(leases: DynamoDbHostLeases) -> None:
    leases.take("host:b.test", "task-1", NOW, 30.0)
    with pytest.raises(leases.client.exceptions.ConditionalCheckFailedException):
        leases.free_at("host:b.test", "task-2", NOW + 1.0)
    assert stored(leases, "host:b.test")["freeAt"] == pytest.approx(NOW + 30.0, abs=0.001)


def test_a_whole_second_lease_item_is_free_once_its_second_passed(
    leases: DynamoDbHostLeases,
) -> None:
    leases.client.put_item(
        TableName=TABLE,
        Item={
            "PK": {"S": "LOCK#host:c.test"},
            "SK": {"S": "LOCK"},
            "type": {"S": "lock"},
            "name": {"S": "host:c.test"},
            "owner": {"S": "old-task"},
            "acquiredAt": {"S": "2027-01-15T08:00:00Z"},
            "expiresAt": {"N": str(int(NOW) + 2)},
        },
    )
    with pytest.raises(HostBusy) as busy:
        leases.take("host:c.test", "task-1", NOW + 2.5, 30.0)
    assert busy.value.free_at == int(NOW) + 3
    leases.take("host:c.test", "task-1", NOW + 3.0, 30.0)
