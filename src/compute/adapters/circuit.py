"""A circuit breaker whose state is one item of the main table per host (`circuit` type: PK
`CIRCUIT#{host}`, SK `STATE`), so every Lambda container and scraper task calling that host
shares it. Transitions are conditional updates: concurrent callers never double-open, and only
one caller wins the half-open probe after the cool-down.

closed --(failure_threshold consecutive failures)--> open --(cool_down_s)--> half_open
half_open --(probe succeeds)--> closed;  half_open --(probe fails)--> open
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from botocore.exceptions import ClientError

from compute.domain.keys import check_host, circuit_key
from compute.domain.models import format_timestamp

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

logger = logging.getLogger(__name__)
T = TypeVar("T")
# Breaker items outlive their usefulness after a day of silence; TTL removes them.
ITEM_TTL_S = 86_400


class MetricsSink(Protocol):
    """What the breaker needs of Powertools' Metrics."""

    def add_metric(self, name: str, unit: Any, value: float) -> None: ...


class CircuitOpen(Exception):
    """Calls to this host are suspended until `retry_at` (the shared breaker is open)."""

    def __init__(self, host: str, retry_at: str | None) -> None:
        super().__init__(f"circuit for {host} is open; calls resume after {retry_at or 'a probe'}")
        self.host = host
        self.retry_at = retry_at


def _conditional_failed(error: ClientError) -> bool:
    return error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException"


class CircuitBreaker:
    """The shared breaker for one host. Call `allow()` before a call, then `record_success()`
    or `record_failure()`; or wrap the call with `call(fn)`."""

    def __init__(
        self,
        client: DynamoDBClient,
        table_name: str,
        host: str,
        *,
        failure_threshold: int = 5,
        cool_down_s: float = 30.0,
        metrics: MetricsSink | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be at least 1")
        self._client = client
        self._table = table_name
        self.host = check_host(host.lower())
        self._key = {k: {"S": v} for k, v in circuit_key(self.host).items()}
        self.failure_threshold = failure_threshold
        self.cool_down_s = cool_down_s
        self._metrics = metrics
        self._clock = clock

    # -- time ------------------------------------------------------------------------------
    def _now(self) -> datetime:
        return datetime.fromtimestamp(self._clock(), UTC)

    def _stamp(self, moment: datetime) -> dict[str, str]:
        return {"S": format_timestamp(moment)}

    def _expires(self) -> dict[str, str]:
        return {"N": str(int(self._clock()) + ITEM_TTL_S)}

    def _metric(self, name: str) -> None:
        if self._metrics is not None:
            from aws_lambda_powertools.metrics import MetricUnit

            self._metrics.add_metric(name=name, unit=MetricUnit.Count, value=1)

    # -- state -----------------------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        """The stored state: {state, failureCount, retryAt?} (closed when there is no item)."""
        reply = self._client.get_item(TableName=self._table, Key=self._key, ConsistentRead=True)
        item = reply.get("Item")
        if not item:
            return {"state": "closed", "failureCount": 0}
        state: dict[str, Any] = {
            "state": item["state"]["S"],
            "failureCount": int(item.get("failureCount", {}).get("N", "0")),
        }
        if "retryAt" in item:
            state["retryAt"] = item["retryAt"]["S"]
        return state

    def allow(self) -> None:
        """Return if a call may go ahead; raise CircuitOpen if not. After the cool-down the
        first caller takes the half-open probe; the others keep waiting."""
        current = self.state()
        if current["state"] == "closed":
            return
        now = self._now()
        values: dict[str, Any] = {":half": {"S": "half_open"}, ":now": self._stamp(now)}
        if current["state"] == "open":
            retry_at = current.get("retryAt")
            if retry_at is not None and retry_at > format_timestamp(now):
                raise CircuitOpen(self.host, retry_at)
            condition = "#s = :open AND (attribute_not_exists(retryAt) OR retryAt <= :now)"
            values[":open"] = {"S": "open"}
        else:
            # A probe whose caller died must not hold the breaker half-open for ever.
            condition = "#s = :half AND updatedAt <= :stale"
            values[":stale"] = self._stamp(now - timedelta(seconds=self.cool_down_s))
        try:
            self._client.update_item(
                TableName=self._table,
                Key=self._key,
                UpdateExpression="SET #s = :half, updatedAt = :now",
                ConditionExpression=condition,
                ExpressionAttributeNames={"#s": "state"},
                ExpressionAttributeValues=values,
            )
        except ClientError as error:
            if _conditional_failed(error):
                raise CircuitOpen(self.host, current.get("retryAt")) from None
            raise
        logger.info("circuit half-open: probing", extra={"host": self.host})

    def record_success(self) -> None:
        """A call succeeded: close the breaker (a no-op write is skipped when already clean)."""
        now = self._now()
        try:
            self._client.update_item(
                TableName=self._table,
                Key=self._key,
                UpdateExpression=(
                    "SET #s = :closed, failureCount = :zero, updatedAt = :now, #t = :type, "
                    "host = :host, expiresAt = :exp REMOVE openedAt, retryAt"
                ),
                ConditionExpression=(
                    "attribute_exists(PK) AND (#s <> :closed OR failureCount > :zero)"
                ),
                ExpressionAttributeNames={"#s": "state", "#t": "type"},
                ExpressionAttributeValues={
                    ":closed": {"S": "closed"},
                    ":zero": {"N": "0"},
                    ":now": self._stamp(now),
                    ":type": {"S": "circuit"},
                    ":host": {"S": self.host},
                    ":exp": self._expires(),
                },
                ReturnValues="UPDATED_OLD",
            )
        except ClientError as error:
            if _conditional_failed(error):
                return  # already closed and clean (or never used)
            raise
        self._metric("CircuitClosed")
        logger.info("circuit closed", extra={"host": self.host})

    def record_failure(self) -> None:
        """A call failed: count it; open the breaker at the threshold, or at once when the
        failed call was the half-open probe."""
        now = self._now()
        reply = self._client.update_item(
            TableName=self._table,
            Key=self._key,
            UpdateExpression=(
                "SET updatedAt = :now, #t = :type, host = :host, expiresAt = :exp, "
                "#s = if_not_exists(#s, :closed) ADD failureCount :one"
            ),
            ExpressionAttributeNames={"#s": "state", "#t": "type"},
            ExpressionAttributeValues={
                ":now": self._stamp(now),
                ":type": {"S": "circuit"},
                ":host": {"S": self.host},
                ":exp": self._expires(),
                ":closed": {"S": "closed"},
                ":one": {"N": "1"},
            },
            ReturnValues="ALL_NEW",
        )
        item = reply["Attributes"]
        state = item["state"]["S"]
        failures = int(item["failureCount"]["N"])
        if state == "open" or (state == "closed" and failures < self.failure_threshold):
            return
        retry_at = now + timedelta(seconds=self.cool_down_s)
        try:
            self._client.update_item(
                TableName=self._table,
                Key=self._key,
                UpdateExpression="SET #s = :open, openedAt = :now, retryAt = :retry",
                ConditionExpression="#s <> :open",
                ExpressionAttributeNames={"#s": "state"},
                ExpressionAttributeValues={
                    ":open": {"S": "open"},
                    ":now": self._stamp(now),
                    ":retry": self._stamp(retry_at),
                },
            )
        except ClientError as error:
            if _conditional_failed(error):
                return  # another caller opened it first
            raise
        self._metric("CircuitOpened")
        logger.warning(
            "circuit opened", extra={"host": self.host, "failures": failures, "from": state}
        )

    def call(self, fn: Callable[[], T], is_failure: Callable[[BaseException], bool]) -> T:
        """Run `fn` through the breaker; exceptions for which `is_failure` holds count."""
        self.allow()
        try:
            result = fn()
        except BaseException as error:
            if is_failure(error):
                self.record_failure()
            raise
        self.record_success()
        return result
