"""One pipeline run's items in the main table: its scrape candidates (`RUN#{runId}` /
`CANDIDATE#{identityKey}`) and its summary (`RUN#{runId}` / `SUMMARY`), with the counters the
scraper adds to while it works."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError, ClientError

from compute.adapters.dynamodb import MainTable, TableUnavailable
from compute.domain import keys
from compute.domain.attribute_values import from_attribute_values, to_attribute_values
from compute.domain.models import format_timestamp

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

Item = dict[str, Any]


def _wrap(operation: str, error: Exception) -> TableUnavailable:
    if isinstance(error, ClientError):
        code = error.response.get("Error", {}).get("Code", "")
        return TableUnavailable(f"{operation} failed: {code}")
    return TableUnavailable(f"{operation} failed: {type(error).__name__}")


class RunStore:
    """Reads and writes the items of pipeline runs."""

    def __init__(self, table: MainTable) -> None:
        self.table = table
        self.client: DynamoDBClient = table.client
        self.table_name = table.table_name

    # --- candidates --------------------------------------------------------------------------

    def claim(self, item: Mapping[str, Any]) -> bool:
        """Write a scrape_candidate item unless another studio already owns its identity in this
        run; a retry by the same studio rewrites its own item (idempotent) until it is queued
        (a roster job that finds an artist find-artists already queued must not queue it
        again)."""
        try:
            self.client.put_item(
                TableName=self.table_name,
                Item=to_attribute_values(item),
                ConditionExpression=(
                    "attribute_not_exists(PK) OR (studioId = :studio AND #status = :pending)"
                ),
                ExpressionAttributeNames={"#status": "status"},
                ExpressionAttributeValues={
                    ":studio": {"S": str(item["studioId"])},
                    ":pending": {"S": "pending"},
                },
            )
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                return False
            raise _wrap("PutItem", error) from error
        except BotoCoreError as error:
            raise _wrap("PutItem", error) from error
        return True

    def candidates(self, run_id: str) -> Iterator[Item]:
        """Every scrape_candidate item of the run (strongly consistent, paged)."""
        pk, prefix = keys.run_candidates_prefix(run_id)
        start: dict[str, Any] | None = None
        while True:
            request: dict[str, Any] = {
                "TableName": self.table_name,
                "KeyConditionExpression": "PK = :pk AND begins_with(SK, :prefix)",
                "ExpressionAttributeValues": {":pk": {"S": pk}, ":prefix": {"S": prefix}},
                "ConsistentRead": True,
            }
            if start:
                request["ExclusiveStartKey"] = start
            try:
                reply = self.client.query(**request)
            except (ClientError, BotoCoreError) as error:
                raise _wrap("Query", error) from error
            for raw in reply.get("Items", []):
                yield from_attribute_values(raw)
            start = reply.get("LastEvaluatedKey")
            if not start:
                return

    def save_candidates(self, items: Sequence[Mapping[str, Any]]) -> None:
        self.table.put_items(items)

    # --- the run item ------------------------------------------------------------------------

    def get_run(self, run_id: str) -> Item | None:
        found = self.table.get_item(keys.run_key(run_id), consistent=True)
        return dict(found) if found else None

    def put_run(self, item: Mapping[str, Any]) -> None:
        self.table.put_items([item])

    def _touch(self, run_id: str, now: str) -> tuple[str, dict[str, Any], dict[str, str]]:
        """SET clauses that make the run item valid even when the scraper creates it."""
        return (
            "SET #type = :run, runId = :rid, startedAt = if_not_exists(startedAt, :now), "
            "updatedAt = :now, failures = if_not_exists(failures, :empty)",
            {
                ":run": {"S": "run"},
                ":rid": {"S": run_id},
                ":now": {"S": now},
                ":empty": {"M": {}},
            },
            {"#type": "type"},
        )

    def count_written(self, run_id: str, *, count: int = 1, now: datetime | None = None) -> None:
        """`count` more artists written by this run's scrapers."""
        stamp = format_timestamp(now or datetime.now(UTC))
        clause, values, names = self._touch(run_id, stamp)
        values[":one"] = {"N": str(count)}
        self._update(run_id, f"{clause} ADD artistsWritten :one", values, names)

    def count_roster(
        self, run_id: str, *, artists: int, rendered: bool, now: datetime | None = None
    ) -> None:
        """One more studio of this run read by a roster job, `artists` new candidates from it;
        `rendered`: Chromium drew at least one of its pages."""
        stamp = format_timestamp(now or datetime.now(UTC))
        clause, values, names = self._touch(run_id, stamp)
        values[":one"] = {"N": "1"}
        values[":artists"] = {"N": str(artists)}
        values[":rendered"] = {"N": "1" if rendered else "0"}
        self._update(
            run_id,
            f"{clause} ADD rosterStudios :one, rosterArtists :artists, studiosRendered :rendered",
            values,
            names,
        )

    def count_failure(self, run_id: str, reason: str, *, now: datetime | None = None) -> None:
        """One more scrape job of this run failed for `reason` (snake case)."""
        stamp = format_timestamp(now or datetime.now(UTC))
        clause, values, names = self._touch(run_id, stamp)
        # The failures map must exist before a nested ADD can address it: two calls.
        self._update(run_id, clause, values, names)
        self._update(
            run_id,
            "ADD failures.#reason :one",
            {":one": {"N": "1"}},
            {"#reason": reason},
        )

    def _update(
        self, run_id: str, expression: str, values: dict[str, Any], names: dict[str, str]
    ) -> None:
        try:
            self.client.update_item(
                TableName=self.table_name,
                Key=to_attribute_values(keys.run_key(run_id)),
                UpdateExpression=expression,
                ExpressionAttributeValues=values,
                ExpressionAttributeNames=names,
            )
        except (ClientError, BotoCoreError) as error:
            raise _wrap("UpdateItem", error) from error
