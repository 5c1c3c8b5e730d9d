"""A lease lock held as one item of the main table, so two runs of a job never overlap.

The item (`lock` type: PK `LOCK#{name}`, SK `LOCK`) names its `owner` and expires at `expiresAt`
(epoch seconds, the table's TTL attribute). A run that dies keeps the lock only until then: a
later run may take an expired lock even before DynamoDB's TTL sweeper has removed the item.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from compute.domain.keys import lock_key

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient


def _iso(epoch_s: int) -> str:
    return datetime.fromtimestamp(epoch_s, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class LockHeld(Exception):
    """Another owner holds the lock and its lease has not expired."""

    def __init__(self, name: str, expires_at: int | None) -> None:
        until = f" until epoch {expires_at}" if expires_at is not None else ""
        super().__init__(f"lock {name!r} is held by another run{until}")
        self.name = name
        self.expires_at = expires_at


@dataclass(frozen=True)
class Lease:
    name: str
    owner: str
    expires_at: int


class DynamoDbLock:
    """Conditional writes on the lock item: take it if absent or expired, give it back only if
    we still own it."""

    def __init__(
        self,
        dynamodb: DynamoDBClient,
        table_name: str,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._dynamodb = dynamodb
        self._table_name = table_name
        self._clock = clock

    def acquire(self, name: str, owner: str, ttl_s: float) -> Lease:
        """Take the lock for `ttl_s` seconds, or raise LockHeld."""
        if ttl_s <= 0:
            raise ValueError(f"a lock lease must last more than 0 s, got {ttl_s}")
        now = int(self._clock())
        expires_at = now + int(ttl_s) + 1
        key = lock_key(name)
        try:
            self._dynamodb.put_item(
                TableName=self._table_name,
                Item={
                    "PK": {"S": key["PK"]},
                    "SK": {"S": key["SK"]},
                    "type": {"S": "lock"},
                    "name": {"S": name},
                    "owner": {"S": owner},
                    "acquiredAt": {"S": _iso(now)},
                    "expiresAt": {"N": str(expires_at)},
                },
                ConditionExpression="attribute_not_exists(PK) OR expiresAt < :now",
                ExpressionAttributeValues={":now": {"N": str(now)}},
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            )
        except self._dynamodb.exceptions.ConditionalCheckFailedException as error:
            held = error.response.get("Item", {}).get("expiresAt", {}).get("N")  # type: ignore[attr-defined]
            raise LockHeld(name, int(held) if held else None) from None
        return Lease(name=name, owner=owner, expires_at=expires_at)

    def release(self, lease: Lease) -> bool:
        """Give the lock back; False when it had expired and someone else owns it now."""
        try:
            self._dynamodb.delete_item(
                TableName=self._table_name,
                Key={key: {"S": value} for key, value in lock_key(lease.name).items()},
                ConditionExpression="#owner = :owner",
                ExpressionAttributeNames={"#owner": "owner"},
                ExpressionAttributeValues={":owner": {"S": lease.owner}},
            )
        except self._dynamodb.exceptions.ConditionalCheckFailedException:
            return False
        return True
