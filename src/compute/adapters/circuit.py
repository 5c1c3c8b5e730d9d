"""A circuit breaker whose state is one item of the main table per host (`circuit` type: PK
`CIRCUIT#{host}`, SK `STATE`), so every Lambda container and scraper task calling that host
shares it. Every transition is one conditional update, so concurrent callers agree: one caller
opens the breaker (one CircuitOpened), one caller wins the half-open probe, and only that
probe's outcome closes (CircuitClosed) or re-opens it. The rule and its state words are
compute.domain.breaker's (whose `Breaker` keeps them in one process's memory); this one keeps
them in the table.

closed --(failure_threshold consecutive failures)--> open --(cool-down)--> half_open
half_open --(probe succeeds)--> closed;  half_open --(probe fails)--> open (a new cool-down)
half_open --(probe neither: e.g. 429)--> open until the host's Retry-After, without a count

A cool-down lasts `cool_down_s`, or longer when the failure said when to come back
(Retry-After). A probe whose caller died is taken over after `probe_timeout_s`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from botocore.exceptions import ClientError

from compute.domain.breaker import CLOSED, HALF_OPEN, OPEN
from compute.domain.keys import check_host, circuit_key
from compute.domain.values import format_timestamp, parse_timestamp

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
    """Calls to this host are suspended: until `retry_at` (`wait_s` seconds from now), or, when
    both are None, until another caller's half-open probe reports."""

    def __init__(self, host: str, retry_at: str | None, wait_s: float | None = None) -> None:
        super().__init__(
            f"circuit for {host} is open; calls resume after {retry_at or 'a probe in flight'}"
        )
        self.host = host
        self.retry_at = retry_at
        self.wait_s = wait_s


@dataclass(frozen=True, slots=True)
class Permit:
    """What `allow()` granted: an ordinary call (closed breaker) or the one half-open probe.
    `lease` is the probe's own `updatedAt`: its outcome is written only while it still holds it."""

    probe: bool
    failures_seen: int = 0
    lease: str | None = None


STORED_PRECISION_S = 0.001  # format_timestamp keeps milliseconds


def _conditional_failed(error: ClientError) -> bool:
    return error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException"


class CircuitBreaker:
    """The shared breaker for one host. `call(fn, is_failure)` runs `fn` through it; or call
    `allow()` first, then report the outcome with the permit it returned: `record_success`,
    `record_failure` (the host is unhealthy) or `release` (neither: the host answered but the
    call cannot tell, e.g. a 429)."""

    def __init__(
        self,
        client: DynamoDBClient,
        table_name: str,
        host: str,
        *,
        failure_threshold: int = 5,
        cool_down_s: float = 30.0,
        probe_timeout_s: float | None = None,
        metrics: MetricsSink | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if failure_threshold < 1:
            raise ValueError(f"failure_threshold must be at least 1, got {failure_threshold}")
        if cool_down_s <= 0:
            raise ValueError(f"cool_down_s must be positive, got {cool_down_s}")
        self._client = client
        self._table = table_name
        self.host = check_host(host.lower())
        self._key = {k: {"S": v} for k, v in circuit_key(self.host).items()}
        self.failure_threshold = failure_threshold
        self.cool_down_s = cool_down_s
        # A probe is one HTTP call: after a cool-down without an outcome, its caller is gone.
        self.probe_timeout_s = cool_down_s if probe_timeout_s is None else probe_timeout_s
        self._metrics = metrics
        self._clock = clock

    # -- time ------------------------------------------------------------------------------
    def _now(self) -> datetime:
        return datetime.fromtimestamp(self._clock(), UTC)

    @staticmethod
    def _stamp(moment: datetime) -> dict[str, str]:
        return {"S": format_timestamp(moment)}

    def _expires(self) -> dict[str, str]:
        return {"N": str(int(self._clock()) + ITEM_TTL_S)}

    def _wait_until(self, retry_at: str, now: datetime) -> float:
        moment = parse_timestamp(retry_at)
        return 0.0 if moment is None else max(0.0, (moment - now).total_seconds())

    def _metric(self, name: str) -> None:
        if self._metrics is not None:
            from aws_lambda_powertools.metrics import MetricUnit

            self._metrics.add_metric(name=name, unit=MetricUnit.Count, value=1)

    def _update(self, **request: Any) -> dict[str, Any] | None:
        """One conditional update; None when its condition did not hold (another caller
        moved the breaker first)."""
        try:
            reply = self._client.update_item(TableName=self._table, Key=self._key, **request)
        except ClientError as error:
            if _conditional_failed(error):
                return None
            raise
        return dict(reply.get("Attributes") or {})

    # -- state -----------------------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        """The stored state: {state, failureCount, retryAt?, updatedAt?} (closed when there is
        no item)."""
        reply = self._client.get_item(TableName=self._table, Key=self._key, ConsistentRead=True)
        item = reply.get("Item")
        if not item:
            return {"state": CLOSED, "failureCount": 0}
        state: dict[str, Any] = {
            "state": item["state"]["S"],
            "failureCount": int(item.get("failureCount", {}).get("N", "0")),
        }
        for name in ("retryAt", "updatedAt"):
            if name in item:
                state[name] = item[name]["S"]
        return state

    def _open_error(self, now: datetime) -> CircuitOpen:
        """CircuitOpen as the stored state says now (after a lost race)."""
        current = self.state()
        retry_at = current.get("retryAt") if current["state"] == OPEN else None
        wait = None if retry_at is None else self._wait_until(retry_at, now)
        return CircuitOpen(self.host, retry_at, wait)

    def allow(self) -> Permit:
        """A permit if a call may go ahead; CircuitOpen if not. After the cool-down the first
        caller takes the half-open probe; the others wait for its outcome."""
        current = self.state()
        if current["state"] == CLOSED:
            return Permit(probe=False, failures_seen=current["failureCount"])
        now = self._now()
        values: dict[str, Any] = {":half": {"S": HALF_OPEN}, ":now": self._stamp(now)}
        if current["state"] == OPEN:
            retry_at = current.get("retryAt")
            wait = None if retry_at is None else self._wait_until(retry_at, now)
            # retryAt holds milliseconds and clocks are floats: what is left below one
            # millisecond is rounding, not cool-down (else a caller that slept exactly the
            # wait it was given would be sent to sleep a microsecond more).
            if retry_at is not None and wait is not None and wait >= STORED_PRECISION_S:
                raise CircuitOpen(self.host, retry_at, wait)
            # Conditional on the very cool-down we read: of concurrent callers, one wins.
            if retry_at is None:
                condition = "#s = :open AND attribute_not_exists(retryAt)"
            else:
                condition = "#s = :open AND retryAt = :seen"
                values[":seen"] = {"S": retry_at}
            values[":open"] = {"S": OPEN}
        else:
            lease = current.get("updatedAt", "")
            stale = format_timestamp(now - timedelta(seconds=self.probe_timeout_s))
            if lease > stale:
                raise CircuitOpen(self.host, None, None)  # a probe is in flight
            # A probe whose caller died must not hold the breaker half-open for ever.
            condition = "#s = :half AND updatedAt = :seen"
            values[":seen"] = {"S": lease}
        granted = self._update(
            UpdateExpression="SET #s = :half, updatedAt = :now",
            ConditionExpression=condition,
            ExpressionAttributeNames={"#s": "state"},
            ExpressionAttributeValues=values,
        )
        if granted is None:
            raise CircuitOpen(self.host, None, None)  # another caller won the probe
        logger.info("circuit half-open: probing", extra={"host": self.host})
        return Permit(probe=True, failures_seen=current["failureCount"], lease=values[":now"]["S"])

    def record_success(self, permit: Permit) -> None:
        """The call succeeded. The probe's success closes the breaker (CircuitClosed); an
        ordinary call's success ends a run of failures."""
        now = self._now()
        common = {":now": self._stamp(now), ":exp": self._expires(), ":zero": {"N": "0"}}
        if permit.probe:
            closed = self._update(
                UpdateExpression=(
                    "SET #s = :closed, failureCount = :zero, updatedAt = :now, expiresAt = :exp "
                    "REMOVE openedAt, retryAt"
                ),
                ConditionExpression="#s = :half",
                ExpressionAttributeNames={"#s": "state"},
                ExpressionAttributeValues={
                    **common,
                    ":closed": {"S": CLOSED},
                    ":half": {"S": HALF_OPEN},
                },
            )
            if closed is not None:
                self._metric("CircuitClosed")
                logger.info("circuit closed", extra={"host": self.host})
            return
        if permit.failures_seen == 0:
            return  # nothing to reset: skip the write on the common path
        self._update(
            UpdateExpression="SET failureCount = :zero, updatedAt = :now, expiresAt = :exp",
            ConditionExpression="#s = :closed AND failureCount > :zero",
            ExpressionAttributeNames={"#s": "state"},
            ExpressionAttributeValues={**common, ":closed": {"S": CLOSED}},
        )

    def record_failure(self, permit: Permit, retry_after_s: float | None = None) -> str | None:
        """The call failed in a way that says the host is unhealthy. Counts it; opens the
        breaker at the threshold, or re-opens it when the call was the probe. Returns the
        `retryAt` of the open breaker (None while it stays closed)."""
        now = self._now()
        cool_down = max(self.cool_down_s, retry_after_s or 0.0)
        retry_at = format_timestamp(now + timedelta(seconds=cool_down))
        opening: dict[str, Any] = {
            ":open": {"S": OPEN},
            ":now": self._stamp(now),
            ":retry": {"S": retry_at},
            ":exp": self._expires(),
        }
        if permit.probe:
            reopened = self._update(
                UpdateExpression=(
                    "SET #s = :open, openedAt = :now, retryAt = :retry, updatedAt = :now, "
                    "expiresAt = :exp ADD failureCount :one"
                ),
                ConditionExpression="#s = :half AND updatedAt = :lease",
                ExpressionAttributeNames={"#s": "state"},
                ExpressionAttributeValues={
                    **opening,
                    ":half": {"S": HALF_OPEN},
                    ":lease": {"S": permit.lease or ""},
                    ":one": {"N": "1"},
                },
                ReturnValues="ALL_NEW",
            )
            if reopened is None:
                return self._open_error(now).retry_at  # the probe's lease was taken over
            return self._opened(retry_at, int(reopened["failureCount"]["N"]), HALF_OPEN)
        counted = self._update(
            UpdateExpression=(
                "SET updatedAt = :now, #t = :type, host = :host, expiresAt = :exp, "
                "#s = if_not_exists(#s, :closed) ADD failureCount :one"
            ),
            # A late failure of a call let through before the breaker opened counts for nothing.
            ConditionExpression="attribute_not_exists(#s) OR #s = :closed",
            ExpressionAttributeNames={"#s": "state", "#t": "type"},
            ExpressionAttributeValues={
                ":now": self._stamp(now),
                ":type": {"S": "circuit"},
                ":host": {"S": self.host},
                ":exp": self._expires(),
                ":closed": {"S": CLOSED},
                ":one": {"N": "1"},
            },
            ReturnValues="ALL_NEW",
        )
        if counted is None:
            return self._open_error(now).retry_at
        failures = int(counted["failureCount"]["N"])
        if failures < self.failure_threshold:
            return None
        opened = self._update(
            UpdateExpression=(
                "SET #s = :open, openedAt = :now, retryAt = :retry, updatedAt = :now, "
                "expiresAt = :exp"
            ),
            ConditionExpression="#s = :closed AND failureCount >= :threshold",
            ExpressionAttributeNames={"#s": "state"},
            ExpressionAttributeValues={
                **opening,
                ":closed": {"S": CLOSED},
                ":threshold": {"N": str(self.failure_threshold)},
            },
        )
        if opened is None:
            return self._open_error(
                now
            ).retry_at  # another caller opened it (or a success reset it)
        return self._opened(retry_at, failures, CLOSED)

    def _opened(self, retry_at: str, failures: int, previous: str) -> str:
        self._metric("CircuitOpened")
        logger.warning(
            "circuit opened",
            extra={"host": self.host, "failures": failures, "from": previous, "retryAt": retry_at},
        )
        return retry_at

    def release(self, permit: Permit, retry_after_s: float | None = None) -> None:
        """The call ended without saying whether the host is healthy (a 429, our own error).
        An ordinary call changes nothing; the probe hands the breaker back to open, ready for
        the next probe after `retry_after_s` (the host's Retry-After) or at once."""
        if not permit.probe:
            return
        now = self._now()
        self._update(
            UpdateExpression="SET #s = :open, retryAt = :retry, updatedAt = :now",
            ConditionExpression="#s = :half AND updatedAt = :lease",
            ExpressionAttributeNames={"#s": "state"},
            ExpressionAttributeValues={
                ":open": {"S": OPEN},
                ":half": {"S": HALF_OPEN},
                ":now": self._stamp(now),
                ":lease": {"S": permit.lease or ""},
                ":retry": self._stamp(now + timedelta(seconds=retry_after_s or 0.0)),
            },
        )

    def call(
        self,
        fn: Callable[[], T],
        is_failure: Callable[[Exception], bool],
        retry_after: Callable[[Exception], float | None] = lambda error: None,
    ) -> T:
        """Run `fn` through the breaker. Exceptions for which `is_failure` holds count against
        the host; others release the permit. `retry_after` reads how long the host asked us
        to stay away. When a failure leaves the breaker open, CircuitOpen is raised from it."""
        permit = self.allow()
        try:
            result = fn()
        except Exception as error:
            wait = retry_after(error)
            if not is_failure(error):
                self.release(permit, wait)
                raise
            retry_at = self.record_failure(permit, wait)
            if retry_at is None:
                raise
            raise CircuitOpen(
                self.host, retry_at, self._wait_until(retry_at, self._now())
            ) from error
        except BaseException:
            self.release(permit)  # interrupted: hand the probe back rather than hold it
            raise
        self.record_success(permit)
        return result
