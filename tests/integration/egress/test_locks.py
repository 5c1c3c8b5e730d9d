"""The lease lock on moto's DynamoDB: one owner at a time, expiry, release only by the owner."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from boto3.dynamodb.types import TypeDeserializer

from compute import contracts
from compute.adapters.locks import DynamoDbLock, Lease, LockHeld

pytestmark = pytest.mark.integration


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def stored(table: str, name: str) -> dict[str, Any] | None:
    item = (
        boto3.client("dynamodb")
        .get_item(TableName=table, Key={"PK": {"S": f"LOCK#{name}"}, "SK": {"S": "LOCK"}})
        .get("Item")
    )
    if item is None:
        return None
    plain = {key: TypeDeserializer().deserialize(value) for key, value in item.items()}
    return {k: int(v) if k == "expiresAt" else v for k, v in plain.items()}


def test_one_owner_at_a_time_until_the_lease_expires(lock_table: str) -> None:
    clock = Clock(1_800_000_000)
    lock = DynamoDbLock(boto3.client("dynamodb"), lock_table, clock=clock)
    lease = lock.acquire("lock-test-a", "run-1", ttl_s=60)
    assert lease == Lease("lock-test-a", "run-1", 1_800_000_061)

    item = stored(lock_table, "lock-test-a")
    contracts.validate("lock-item", item)
    assert item is not None and item["owner"] == "run-1" and item["expiresAt"] == 1_800_000_061

    with pytest.raises(LockHeld, match="held by another run until epoch 1800000061") as held:
        lock.acquire("lock-test-a", "run-2", ttl_s=60)
    assert held.value.expires_at == 1_800_000_061
    # Another name is another lock.
    lock.release(lock.acquire("lock-test-b", "run-2", ttl_s=60))

    # Past the lease (DynamoDB's TTL sweeper may not have run yet): a new owner may take it.
    clock.now += 62
    taken = lock.acquire("lock-test-a", "run-2", ttl_s=60)
    # The first owner's late release must not free the new owner's lock.
    assert lock.release(lease) is False
    assert stored(lock_table, "lock-test-a")["owner"] == "run-2"  # type: ignore[index]
    assert lock.release(taken) is True
    assert stored(lock_table, "lock-test-a") is None


def test_a_lease_must_last(lock_table: str) -> None:
    lock = DynamoDbLock(boto3.client("dynamodb"), lock_table)
    with pytest.raises(ValueError, match="more than 0 s"):
        lock.acquire("lock-test-c", "run-1", ttl_s=0)
