"""Removal requests and their rate limits in the main table.

A request moves pending -> confirmed -> completed | rejected, each step a conditional write on
the status it leaves, so two callers racing (a double click, two moderators) cannot both win:
the loser gets `RequestStateChanged`. Approval itself is `MainTable.record_removal` (one
transaction with the denylist and the opt-out). Limits are fixed-window counters (`rate_limit`
items), one conditional ADD per request, expired by TTL.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError, ClientError

from compute.adapters.dynamodb import Item, TableUnavailable
from compute.domain import keys
from compute.domain.attribute_values import from_attribute_values, to_attribute_values

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient


class RequestStateChanged(Exception):
    """The request was not in the status the write expected (someone else moved it first)."""


def _failed_condition(error: ClientError) -> bool:
    return error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException"


def _unavailable(error: Exception) -> TableUnavailable:
    return TableUnavailable(f"DynamoDB call failed: {type(error).__name__}")


class RemovalStore:
    def __init__(self, client: DynamoDBClient, table_name: str) -> None:
        self.client = client
        self.table_name = table_name

    def _update(self, **kwargs: Any) -> None:
        try:
            self.client.update_item(TableName=self.table_name, **kwargs)
        except ClientError as error:
            if _failed_condition(error):
                raise RequestStateChanged(str(kwargs.get("Key"))) from None
            raise _unavailable(error) from error
        except BotoCoreError as error:
            raise _unavailable(error) from error

    def create(self, item: Mapping[str, Any]) -> None:
        """Store a new request (its id is fresh: an existing item means a bug, not a retry)."""
        try:
            self.client.put_item(
                TableName=self.table_name,
                Item=to_attribute_values(item),
                ConditionExpression="attribute_not_exists(PK)",
            )
        except ClientError as error:
            if _failed_condition(error):
                raise RequestStateChanged(str(item.get("requestId"))) from None
            raise _unavailable(error) from error
        except BotoCoreError as error:
            raise _unavailable(error) from error

    def get(self, request_id: str) -> Item | None:
        """The request item, read consistently (it may have changed a moment ago)."""
        try:
            reply = self.client.get_item(
                TableName=self.table_name,
                Key=to_attribute_values(keys.removal_request_key(request_id)),
                ConsistentRead=True,
            )
        except (ClientError, BotoCoreError) as error:
            raise _unavailable(error) from error
        raw = reply.get("Item")
        return from_attribute_values(raw) if raw else None

    def confirm(self, request_id: str, *, now: str, now_epoch: int) -> None:
        """pending and unexpired -> confirmed; the TTL goes, so it waits for a moderator."""
        self._update(
            Key=to_attribute_values(keys.removal_request_key(request_id)),
            UpdateExpression="SET #status = :confirmed, confirmedAt = :now, updatedAt = :now "
            "REMOVE expiresAt",
            ConditionExpression="#status = :pending AND expiresAt > :epoch",
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues={
                ":confirmed": {"S": "confirmed"},
                ":pending": {"S": "pending"},
                ":now": {"S": now},
                ":epoch": {"N": str(now_epoch)},
            },
        )

    def reject(self, request_id: str, *, now: str, delete_at: int) -> None:
        """confirmed -> rejected; kept until `delete_at` (TTL), then the address goes too."""
        self._update(
            Key=to_attribute_values(keys.removal_request_key(request_id)),
            UpdateExpression="SET #status = :rejected, decidedAt = :now, updatedAt = :now, "
            "expiresAt = :delete_at",
            ConditionExpression="#status = :confirmed",
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues={
                ":rejected": {"S": "rejected"},
                ":confirmed": {"S": "confirmed"},
                ":now": {"S": now},
                ":delete_at": {"N": str(delete_at)},
            },
        )

    def count(self, name: str, *, window_start: int, window_end: int, limit: int) -> bool:
        """Count one request against limit `name` in its window; False (and nothing counted)
        when the window already holds `limit`."""
        try:
            self.client.update_item(
                TableName=self.table_name,
                Key=to_attribute_values(keys.rate_limit_key(name, window_start)),
                UpdateExpression="ADD requests :one SET #type = :type, expiresAt = :end",
                ConditionExpression="attribute_not_exists(requests) OR requests < :limit",
                ExpressionAttributeNames={"#type": "type"},
                ExpressionAttributeValues={
                    ":one": {"N": "1"},
                    ":type": {"S": "rate_limit"},
                    ":end": {"N": str(window_end)},
                    ":limit": {"N": str(limit)},
                },
            )
        except ClientError as error:
            if _failed_condition(error):
                return False
            raise _unavailable(error) from error
        except BotoCoreError as error:
            raise _unavailable(error) from error
        return True
