"""A lease lock held as one item of the main table, so two runs of a job never overlap.

The item (`lock` type: PK `LOCK#{name}`, SK `LOCK`) names its `owner` and expires at `expiresAt`
(epoch seconds, the table's TTL attribute). A run that dies keeps the lock only until then: a
later run may take an expired lock even before DynamoDB's TTL sweeper has removed the item.

A lock held to a fraction of a second (the scraper's host leases) also carries `freeAt`
(fractional epoch seconds): it is free from then on, and `expiresAt` stays the whole second
after it. This module is the one writer of lock items, whole-second or fractional.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, cast

from compute.domain.keys import lock_key

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_dynamodb.type_defs import AttributeValueTypeDef

# Free if absent, past its `freeAt`, or (whole-second locks, which have no `freeAt`) past the
# second of its `expiresAt`.
_FREE = (
    "attribute_not_exists(PK) OR freeAt <= :now"
    " OR (attribute_not_exists(freeAt) AND expiresAt < :second)"
)


def _iso(epoch_s: float) -> str:
    return datetime.fromtimestamp(epoch_s, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _millis_up(seconds: float) -> str:
    """Epoch seconds rounded up to the millisecond (never earlier than asked)."""
    return f"{math.ceil(seconds * 1000) / 1000:.3f}"


def _millis_down(seconds: float) -> str:
    return f"{math.floor(seconds * 1000) / 1000:.3f}"


class LockHeld(Exception):
    """Another owner holds the lock and its lease has not expired."""

    def __init__(self, name: str, expires_at: int | None, free_at: float | None = None) -> None:
        until = f" until epoch {expires_at}" if expires_at is not None else ""
        super().__init__(f"lock {name!r} is held by another run{until}")
        self.name = name
        self.expires_at = expires_at
        # When the lock may be taken again: its `freeAt`, else the second after `expiresAt`.
        self.free_at = free_at


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
        self._take(name, owner, now, expires_at, free_at=None)
        return Lease(name=name, owner=owner, expires_at=expires_at)

    def hold(self, name: str, owner: str, now: float, until: float) -> Lease:
        """Take the lock at `now` until `until` (fractional epoch seconds, the caller's clock),
        or raise LockHeld; the item's `freeAt` keeps the fraction."""
        expires_at = math.ceil(until) + 1
        self._take(name, owner, now, expires_at, free_at=until)
        return Lease(name=name, owner=owner, expires_at=expires_at)

    def free_at(self, name: str, owner: str, at: float) -> None:
        """Our hold ends at `at` (fractional epoch seconds, not earlier). Raises
        ConditionalCheckFailedException when `owner` no longer holds the lock."""
        self._dynamodb.update_item(
            TableName=self._table_name,
            Key={key: {"S": value} for key, value in lock_key(name).items()},
            UpdateExpression="SET freeAt = :free, expiresAt = :expires",
            ConditionExpression="#owner = :owner",
            ExpressionAttributeNames={"#owner": "owner"},
            ExpressionAttributeValues={
                ":free": {"N": _millis_up(at)},
                ":expires": {"N": str(math.ceil(at) + 1)},
                ":owner": {"S": owner},
            },
        )

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

    def _take(
        self, name: str, owner: str, now: float, expires_at: int, free_at: float | None
    ) -> None:
        key = lock_key(name)
        item: dict[str, AttributeValueTypeDef] = {
            "PK": {"S": key["PK"]},
            "SK": {"S": key["SK"]},
            "type": {"S": "lock"},
            "name": {"S": name},
            "owner": {"S": owner},
            "acquiredAt": {"S": _iso(now)},
            "expiresAt": {"N": str(expires_at)},
        }
        if free_at is not None:
            item["freeAt"] = {"N": _millis_up(free_at)}
        try:
            self._dynamodb.put_item(
                TableName=self._table_name,
                Item=item,
                ConditionExpression=_FREE,
                ExpressionAttributeValues={
                    ":now": {"N": _millis_down(now)},
                    ":second": {"N": str(int(now))},
                },
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            )
        except self._dynamodb.exceptions.ConditionalCheckFailedException as error:
            held = cast("dict[str, dict[str, str]]", error.response.get("Item", {}))
            expires = int(held["expiresAt"]["N"]) if "expiresAt" in held else None
            if "freeAt" in held:
                raise LockHeld(name, expires, float(held["freeAt"]["N"])) from None
            raise LockHeld(name, expires, expires + 1.0 if expires is not None else None) from None
