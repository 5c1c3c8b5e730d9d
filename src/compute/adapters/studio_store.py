"""Writing studio items from discovery: conditional, batched, and idempotent.

Existing items are read first (BatchGetItem, 100 keys a call). Unchanged studios are not
rewritten (no stream churn for the sync). New and changed studios are written with
TransactWriteItems (up to 100 a call), each put conditional: a new studio must not exist yet,
a changed one must still carry the `updatedAt` we read (optimistic concurrency: the studio
item has no `version`, so `updatedAt` plays its part). A lost race re-reads and retries.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from botocore.exceptions import ClientError

from compute.domain import keys
from compute.domain.attribute_values import from_attribute_values, to_attribute_values

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

TRANSACTION_LIMIT = 100
BATCH_GET_LIMIT = 100
# Attributes that say when or by which run an item was written, not what the studio is.
_BOOKKEEPING = frozenset({"createdAt", "updatedAt", "runId"})


class StudioWriteConflict(Exception):
    """Studio items kept changing under us; the step should be retried."""


@dataclass(slots=True)
class StudioWriteReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _facts(item: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k not in _BOOKKEEPING}


def _same_studio(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    return _facts(old) == _facts(new)


class DynamoStudioStore:
    def __init__(self, client: DynamoDBClient, table_name: str, *, attempts: int = 3) -> None:
        self.client = client
        self.table_name = table_name
        self.attempts = attempts

    def _existing(self, items: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(items), BATCH_GET_LIMIT):
            request: dict[str, Any] = {
                self.table_name: {
                    "Keys": [
                        to_attribute_values({"PK": i["PK"], "SK": i["SK"]})
                        for i in items[start : start + BATCH_GET_LIMIT]
                    ],
                    "ConsistentRead": True,
                }
            }
            for _ in range(8):
                reply = self.client.batch_get_item(RequestItems=request)
                for raw in reply.get("Responses", {}).get(self.table_name, []):
                    item = from_attribute_values(raw)
                    found[item["PK"]] = item
                request = dict(reply.get("UnprocessedKeys") or {})
                if not request:
                    break
            if request:
                raise StudioWriteConflict("BatchGetItem kept returning unprocessed keys")
        return found

    def write(self, items: Sequence[Mapping[str, Any]]) -> StudioWriteReport:
        """Create or update studio items (each with PK `STUDIO#...`, `createdAt`,
        `updatedAt`); an existing studio keeps its `createdAt`."""
        report = StudioWriteReport()
        for start in range(0, len(items), TRANSACTION_LIMIT):
            self._write_chunk(list(items[start : start + TRANSACTION_LIMIT]), report)
        return report

    def _write_chunk(self, chunk: list[Mapping[str, Any]], report: StudioWriteReport) -> None:
        for attempt in range(1, self.attempts + 1):
            existing = self._existing(chunk)
            actions: list[dict[str, Any]] = []
            created = updated = unchanged = 0
            for item in chunk:
                keys.parse_key(item["PK"], item["SK"])  # only studio keys get this far
                old = existing.get(item["PK"])
                if old is not None and _same_studio(old, item):
                    unchanged += 1
                    continue
                put: dict[str, Any] = {"TableName": self.table_name}
                if old is None:
                    put["Item"] = to_attribute_values(item)
                    put["ConditionExpression"] = "attribute_not_exists(PK)"
                    created += 1
                else:
                    put["Item"] = to_attribute_values({**item, "createdAt": old["createdAt"]})
                    put["ConditionExpression"] = "updatedAt = :seen"
                    put["ExpressionAttributeValues"] = {":seen": {"S": old["updatedAt"]}}
                    updated += 1
                actions.append({"Put": put})
            if actions:
                try:
                    self.client.transact_write_items(TransactItems=cast(Any, actions))
                except ClientError as error:
                    code = error.response.get("Error", {}).get("Code")
                    if code in ("TransactionCanceledException", "TransactionConflictException"):
                        if attempt < self.attempts:
                            continue  # another writer got there first: read again
                        raise StudioWriteConflict(
                            f"studio writes conflicted {self.attempts} times"
                        ) from error
                    raise
            report.created += created
            report.updated += updated
            report.unchanged += unchanged
            return
