"""Rotate the public address the scrapers leave the VPC through: a blue/green NAT-gateway swap.

A NAT gateway's primary address cannot be replaced in place, so a run builds a second gateway
with a new Elastic IP, moves every private route table's default route onto it, checks the
routes (and, if configured, the address an echo service sees), waits a grace period for open
connections, then deletes the old gateway and releases addresses beyond the configured keep-N.

Invariants:
- the VPC always has egress: a route is only moved onto a gateway that is available, and a
  gateway is only deleted once no configured route table points at it;
- until the old gateway's deletion has been accepted (the commit point) any failure restores the
  starting state: routes on the old gateway, the new gateway deleted, the new address released.
  Undo steps find what this run created by its `tattoo:rotation-id` tag, so a call that failed
  after taking effect leaks nothing; every undo step is attempted even if another fails, and the
  whole undo is retried before the run reports "rollback-failed" with what is left;
- after the commit point there is no starting state to return to (the old gateway is going), so
  a failure to finish the clean-up is reported with what is left; the next run releases it;
- only resources carrying the managed tag (EGRESS_TAG_KEY=EGRESS_TAG_VALUE) are deleted or
  released, and everything the run creates carries it.

Addresses and resource ids go to the operators' notification in clear, and to logs only as
fingerprints.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol

from aws_lambda_powertools import Logger
from tenacity import (
    RetryError,
    Retrying,
    retry_if_exception_type,
    retry_if_result,
    stop_after_attempt,
    wait_fixed,
)

from compute.adapters.locks import Lease, LockHeld
from compute.adapters.network import (
    LIVE_GATEWAY_STATES,
    ElasticAddress,
    NatGateway,
    RouteTable,
)
from compute.services.egress_report import (
    DRY_RUN,
    FAILURE,
    ROLLBACK,
    ROLLBACK_FAILED,
    SUCCESS,
    RotationFailed,
    RotationPlan,
    RotationReport,
    fingerprint,
    redact,
)
from compute.services.egress_settings import ConfigurationError, RotationConfig

# Every resource a run creates carries its id, so an undo finds what a failed call created.
ROTATION_ID_TAG = "tattoo:rotation-id"
# Epoch seconds, zero-padded so the tag sorts like the number (keep-N keeps the newest).
ALLOCATED_AT_TAG = "tattoo:allocated-at"

ROLLBACK_ATTEMPTS = 3
CLEANUP_ATTEMPTS = 3
EGRESS_CHECK_ATTEMPTS = 5

# --- ports ---------------------------------------------------------------------------------


class NetworkPort(Protocol):
    def describe_route_tables(self, route_table_ids: Sequence[str]) -> list[RouteTable]: ...
    def find_route_tables(self, vpc_id: str, tags: Mapping[str, str]) -> list[RouteTable]: ...
    def describe_nat_gateway(self, gateway_id: str) -> NatGateway | None: ...
    def find_nat_gateways(self, vpc_id: str, tags: Mapping[str, str]) -> list[NatGateway]: ...
    def find_addresses(self, tags: Mapping[str, str]) -> list[ElasticAddress]: ...
    def allocate_address(self, tags: Mapping[str, str]) -> ElasticAddress: ...
    def create_nat_gateway(
        self, subnet_id: str, allocation_id: str, tags: Mapping[str, str], client_token: str
    ) -> NatGateway: ...
    def replace_default_route(self, route_table_id: str, gateway_id: str) -> None: ...
    def delete_nat_gateway(self, gateway_id: str) -> None: ...
    def release_address(self, allocation_id: str) -> None: ...


class LockPort(Protocol):
    def acquire(self, name: str, owner: str, ttl_s: float) -> Lease: ...
    def release(self, lease: Lease) -> bool: ...


class NotifierPort(Protocol):
    def publish(
        self,
        subject: str,
        message: Mapping[str, Any],
        attributes: Mapping[str, str] | None = None,
    ) -> str: ...


class EgressProbePort(Protocol):
    def public_address(self) -> str: ...


# --- results -------------------------------------------------------------------------------


class RotationRefused(Exception):
    """The starting state is not one this run may change (nothing was changed)."""


class StepFailed(Exception):
    """A step of the swap did not reach the state it must reach."""


@dataclass
class _Progress:
    """What this run has created or changed so far: the undo works from this and from tags."""

    new_address: ElasticAddress | None = None
    new_gateway: NatGateway | None = None
    committed: bool = False


# --- the use case --------------------------------------------------------------------------


class EgressRotation:
    """One run of the rotation with its collaborators; `run()` is the use case."""

    def __init__(
        self,
        config: RotationConfig,
        *,
        network: NetworkPort,
        lock: LockPort,
        notifier: NotifierPort,
        logger: Logger,
        probe: EgressProbePort | None = None,
        validate_message: Callable[[Mapping[str, Any]], None] | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if config.check_url and probe is None:
            raise ConfigurationError("EGRESS_CHECK_URL is set but no egress probe was given")
        self.config = config
        self._network = network
        self._lock = lock
        self._notifier = notifier
        self._logger = logger
        self._probe = probe
        self._validate_message = validate_message
        self._clock = clock
        self._sleep = sleep

    # --- entry point -----------------------------------------------------------------------

    def run(
        self,
        *,
        correlation_id: str,
        trigger: str,
        dry_run: bool = False,
        lock_ttl_s: float | None = None,
    ) -> RotationReport:
        """Rotate (or, dry, plan) and notify; raise RotationFailed after notifying a failure."""
        started = self._clock()
        report = RotationReport(outcome=FAILURE, correlation_id=correlation_id, trigger=trigger)
        self._logger.append_keys(correlation_id=correlation_id)
        self._logger.info("egress rotation started", extra={"trigger": trigger, "dry_run": dry_run})
        try:
            if dry_run:
                self._dry_run(report)
            else:
                self._locked_rotation(report, lock_ttl_s or self.config.default_lock_ttl_s())
        except Exception as error:  # every failure is notified, then re-raised as RotationFailed
            report.error = report.error or f"{type(error).__name__}: {error}"
        report.duration_s = max(0.0, self._clock() - started)
        self._finish(report)
        return report

    def _finish(self, report: RotationReport) -> None:
        extra = {
            "outcome": report.outcome,
            "duration_s": round(report.duration_s, 3),
            "old_gateway": fingerprint(report.old_gateway_id) if report.old_gateway_id else None,
            "new_gateway": fingerprint(report.new_gateway_id) if report.new_gateway_id else None,
            "left": [fingerprint(item) for item in report.left],
        }
        if report.error:
            extra["error"] = redact(report.error)
        level = self._logger.info if report.outcome in (SUCCESS, DRY_RUN) else self._logger.error
        level("egress rotation finished", extra=extra)
        notify_error: Exception | None = None
        try:
            message = report.notification()
            if self._validate_message is not None:
                self._validate_message(message)
            self._notifier.publish(
                subject=f"Egress IP rotation: {report.outcome}",
                message=message,
                attributes={"outcome": report.outcome, "kind": "egress-rotation"},
            )
        except Exception as error:
            notify_error = error
            self._logger.error(
                "egress rotation notification failed",
                extra={"error": redact(f"{type(error).__name__}: {error}")},
            )
        if report.outcome not in (SUCCESS, DRY_RUN):
            raise RotationFailed(report)
        if notify_error is not None:
            # The swap is done, but nobody was told: fail the invocation so the alarm sees it.
            report.error = f"notification failed: {type(notify_error).__name__}: {notify_error}"
            raise RotationFailed(report) from notify_error

    # --- planning (read only) --------------------------------------------------------------

    def _route_tables(self) -> list[RouteTable]:
        if self.config.route_table_ids:
            return self._network.describe_route_tables(self.config.route_table_ids)
        private = [
            table
            for table in self._network.find_route_tables(self.config.vpc_id, {})
            if table.default_target and table.default_target.startswith("nat-")
        ]
        if not private:
            raise RotationRefused(
                f"VPC {self.config.vpc_id} has no route table whose default route goes through "
                "a NAT gateway; set EGRESS_PRIVATE_ROUTE_TABLE_IDS"
            )
        return private

    def plan(self) -> RotationPlan:
        """Which gateway is current and which tables move; refuses a state it must not touch."""
        tables = self._route_tables()
        targets = {table.default_target for table in tables}
        if (
            len(targets) != 1
            or not next(iter(targets))
            or not str(next(iter(targets))).startswith("nat-")
        ):
            listing = ", ".join(f"{t.route_table_id} -> {t.default_target}" for t in tables)
            raise RotationRefused(
                "the private route tables must all send 0.0.0.0/0 to one NAT gateway; "
                f"found {listing}. Fix the routes by hand, then run again"
            )
        gateway_id = str(next(iter(targets)))
        old = self._network.describe_nat_gateway(gateway_id)
        if old is None or old.state != "available":
            state = old.state if old else "missing"
            raise RotationRefused(f"the current NAT gateway {gateway_id} is {state}, not available")
        if old.tags.get(self.config.tag_key) != self.config.tag_value:
            raise RotationRefused(
                f"the current NAT gateway {gateway_id} lacks the tag "
                f"{self.config.tag_key}={self.config.tag_value}; the rotation only replaces "
                "gateways handed to it"
            )
        if old.vpc_id and old.vpc_id != self.config.vpc_id:
            raise RotationRefused(
                f"the current NAT gateway {gateway_id} is in {old.vpc_id}, not {self.config.vpc_id}"
            )
        if not old.allocation_id or not old.public_ip:
            raise RotationRefused(f"the current NAT gateway {gateway_id} has no public address")
        would_release = self._surplus_addresses(in_use=set(), exclude_gateway=old.gateway_id)
        return RotationPlan(
            route_table_ids=tuple(t.route_table_id for t in tables),
            old_gateway=old,
            subnet_id=self.config.public_subnet_id,
            would_release=tuple(would_release),
        )

    def _surplus_addresses(self, *, in_use: set[str], exclude_gateway: str | None) -> list[str]:
        """Managed addresses held by no live gateway, beyond the newest keep-N (those the stack
        created carry no allocation time and count as the oldest)."""
        live = {
            gateway.allocation_id
            for gateway in self._network.find_nat_gateways(
                self.config.vpc_id, self.config.managed_tag
            )
            if gateway.state in LIVE_GATEWAY_STATES
            and gateway.allocation_id
            and gateway.gateway_id != exclude_gateway
        }
        held = live | in_use
        managed = self._network.find_addresses(self.config.managed_tag)
        idle = {a.allocation_id: a.tags.get(ALLOCATED_AT_TAG, "") for a in managed}
        ordered = sorted(
            (allocation for allocation in idle if allocation not in held),
            key=lambda allocation: (idle[allocation], allocation),
            reverse=True,
        )
        return ordered[self.config.keep_addresses :]

    # --- dry run ---------------------------------------------------------------------------

    def _dry_run(self, report: RotationReport) -> None:
        plan = self.plan()
        report.old_gateway_id = plan.old_gateway.gateway_id
        report.old_address = plan.old_gateway.public_ip
        report.route_table_ids = plan.route_table_ids
        report.plan = {
            **plan.describe(),
            "steps": [
                "allocate a tagged Elastic IP",
                f"create a NAT gateway in {plan.subnet_id}",
                f"wait up to {self.config.wait_timeout_s:g} s for it to be available",
                f"switch {len(plan.route_table_ids)} route tables to it and verify",
                *(["check the egress address"] if self.config.check_url else []),
                f"wait {self.config.grace_period_s:g} s, then delete {plan.old_gateway.gateway_id}",
                f"release {len(plan.would_release)} addresses, keep {self.config.keep_addresses}",
            ],
        }
        report.outcome = DRY_RUN
        self._logger.info(
            "egress rotation planned",
            extra={
                "route_tables": [fingerprint(t) for t in plan.route_table_ids],
                "old_gateway": fingerprint(plan.old_gateway.gateway_id),
                "would_release": len(plan.would_release),
            },
        )

    # --- the swap --------------------------------------------------------------------------

    def _locked_rotation(self, report: RotationReport, lock_ttl_s: float) -> None:
        try:
            lease = self._lock.acquire(self.config.lock_name, report.correlation_id, lock_ttl_s)
        except LockHeld as held:
            report.error = f"refused: {held}"
            raise
        try:
            self._rotation(report)
        finally:
            try:
                if not self._lock.release(lease):
                    self._logger.warning("egress rotation lock had expired and was taken over")
            except Exception as error:
                # The lease expires on its own; a later run is refused until then.
                self._logger.warning(
                    "egress rotation lock not released",
                    extra={"error": redact(f"{type(error).__name__}: {error}")},
                )

    def _rotation(self, report: RotationReport) -> None:
        try:
            plan = self.plan()
        except Exception as error:
            report.error = f"refused before any change: {type(error).__name__}: {error}"
            raise
        old = plan.old_gateway
        report.old_gateway_id, report.old_address = old.gateway_id, old.public_ip
        report.route_table_ids = plan.route_table_ids
        progress = _Progress()
        try:
            self._swap(plan, progress, report)
        except Exception as error:
            report.error = f"{type(error).__name__}: {error}"
            if not progress.committed:
                self._rollback(plan, progress, report)
            if not progress.committed:
                return
            # Past the commit point: finish the clean-up below and report what it could not do.
        self._retire(plan, progress, report)

    def _swap(self, plan: RotationPlan, progress: _Progress, report: RotationReport) -> None:
        old = plan.old_gateway
        tags = {**self.config.managed_tag, ROTATION_ID_TAG: report.correlation_id}
        allocated_at = f"{int(self._clock()):012d}"
        progress.new_address = self._network.allocate_address(
            {**tags, ALLOCATED_AT_TAG: allocated_at}
        )
        report.new_address = progress.new_address.public_ip
        self._step("address allocated", address=progress.new_address.allocation_id)

        progress.new_gateway = self._network.create_nat_gateway(
            plan.subnet_id, progress.new_address.allocation_id, tags, report.correlation_id
        )
        report.new_gateway_id = progress.new_gateway.gateway_id
        self._step("gateway created", gateway=progress.new_gateway.gateway_id)

        new_id = progress.new_gateway.gateway_id
        self._wait_available(new_id)
        self._step("gateway available", gateway=new_id)

        for route_table_id in plan.route_table_ids:
            self._network.replace_default_route(route_table_id, new_id)
        self._verify_routes(plan.route_table_ids, new_id)
        self._step("routes switched", route_tables=len(plan.route_table_ids))

        if self._probe is not None:
            self._verify_egress(progress.new_address.public_ip)
            self._step("egress address verified")

        self._sleep(self.config.grace_period_s)
        try:
            self._network.delete_nat_gateway(old.gateway_id)
        except Exception:
            # The reply may be lost after EC2 accepted the deletion: then there is no way back.
            after = self._network.describe_nat_gateway(old.gateway_id)
            progress.committed = after is None or after.state not in ("available", "pending")
            raise
        progress.committed = True
        self._step("old gateway deleting", gateway=old.gateway_id)

    def _step(self, message: str, **ids: str | int) -> None:
        extra = {k: fingerprint(v) if isinstance(v, str) else v for k, v in ids.items()}
        self._logger.info(f"egress rotation: {message}", extra=extra)

    def _polls(self) -> int:
        return max(1, math.ceil(self.config.wait_timeout_s / self.config.poll_interval_s)) + 1

    def _wait_for_state(
        self, gateway_id: str, done: Callable[[NatGateway | None], bool]
    ) -> NatGateway | None:
        """Poll the gateway until `done`, at most wait_timeout_s of sleeping (bounded); a failed
        read is polled again like a state that is not there yet."""
        retrying = Retrying(
            stop=stop_after_attempt(self._polls()),
            wait=wait_fixed(self.config.poll_interval_s),
            sleep=self._sleep,
            retry=retry_if_exception_type(Exception)
            | retry_if_result(lambda gateway: not done(gateway)),
            reraise=True,
        )
        try:
            return retrying(self._network.describe_nat_gateway, gateway_id)
        except RetryError as exhausted:
            last = exhausted.last_attempt.result()
            state = last.state if last else "missing"
            raise StepFailed(
                f"NAT gateway {gateway_id} still {state} after {self.config.wait_timeout_s:g} s "
                "(EGRESS_WAIT_TIMEOUT_SECONDS)"
            ) from None

    def _wait_available(self, gateway_id: str) -> None:
        def settled(gateway: NatGateway | None) -> bool:
            return gateway is None or gateway.state != "pending"

        gateway = self._wait_for_state(gateway_id, settled)
        if gateway is None or gateway.state != "available":
            state = gateway.state if gateway else "missing"
            reason = f": {gateway.failure_message}" if gateway and gateway.failure_message else ""
            raise StepFailed(f"NAT gateway {gateway_id} became {state}, not available{reason}")

    def _wait_deleted(self, gateway_id: str) -> None:
        # A failed gateway holds no address and AWS removes it on its own.
        self._wait_for_state(gateway_id, lambda g: g is None or g.state in ("deleted", "failed"))

    def _verify_routes(self, route_table_ids: Sequence[str], gateway_id: str) -> None:
        tables = self._network.describe_route_tables(route_table_ids)
        wrong = [t for t in tables if t.default_target != gateway_id]
        if wrong:
            listing = ", ".join(f"{t.route_table_id} -> {t.default_target}" for t in wrong)
            raise StepFailed(f"default routes not on {gateway_id} after the switch: {listing}")

    def _verify_egress(self, expected: str) -> None:
        assert self._probe is not None
        retrying = Retrying(
            stop=stop_after_attempt(EGRESS_CHECK_ATTEMPTS),
            wait=wait_fixed(self.config.poll_interval_s),
            sleep=self._sleep,
            retry=retry_if_exception_type(Exception)
            | retry_if_result(lambda seen: seen != expected),
        )
        try:
            seen = retrying(self._probe.public_address)
        except RetryError as exhausted:
            outcome = exhausted.last_attempt
            seen_text = repr(outcome.exception()) if outcome.failed else str(outcome.result())
            raise StepFailed(
                f"the egress check ({self.config.check_url}) saw {seen_text}, expected {expected}"
            ) from None
        if seen != expected:  # pragma: no cover - the retry predicate above guarantees equality
            raise StepFailed(f"the egress check saw {seen}, expected {expected}")

    # --- rollback (before the commit point) ------------------------------------------------

    def _rollback(self, plan: RotationPlan, progress: _Progress, report: RotationReport) -> None:
        left: list[str] = []
        for attempt in range(1, ROLLBACK_ATTEMPTS + 1):
            try:
                old_now = self._network.describe_nat_gateway(plan.old_gateway.gateway_id)
            except Exception as error:
                left = [plan.old_gateway.gateway_id]
                self._logger.warning(
                    "egress rollback cannot read the old gateway",
                    extra={"error": redact(f"{type(error).__name__}: {error}")},
                )
            else:
                if old_now is None or old_now.state != "available":
                    # Routes back onto a gateway that is going would leave the VPC without
                    # egress: go forward instead (_retire moves every route onto the new one).
                    progress.committed = True
                    return
                left = self._undo(plan, progress, report)
            if not left:
                break
            self._logger.warning(
                "egress rollback incomplete, retrying",
                extra={"attempt": attempt, "left": [fingerprint(item) for item in left]},
            )
            if attempt < ROLLBACK_ATTEMPTS:
                self._sleep(self.config.poll_interval_s)
        report.left = left
        report.outcome = ROLLBACK_FAILED if left else ROLLBACK

    def _undo(self, plan: RotationPlan, progress: _Progress, report: RotationReport) -> list[str]:
        """One attempt at the starting state; returns what is still left (empty when done)."""
        old_id = plan.old_gateway.gateway_id
        left: list[str] = []
        undo_errors: list[str] = []

        def attempt(label: str, action: Callable[[], None]) -> bool:
            try:
                action()
            except Exception as error:
                undo_errors.append(f"{label}: {type(error).__name__}: {error}")
                return False
            return True

        # 1. Routes back onto the old gateway; a table whose state is unknown counts as not back.
        routes_back = False

        def restore_routes() -> None:
            nonlocal routes_back
            for table in self._network.describe_route_tables(plan.route_table_ids):
                if table.default_target != old_id:
                    attempt(
                        f"restore {table.route_table_id}",
                        partial(self._network.replace_default_route, table.route_table_id, old_id),
                    )
            self._verify_routes(plan.route_table_ids, old_id)
            routes_back = True

        attempt("restore routes", restore_routes)
        if not routes_back:
            left.extend(plan.route_table_ids)

        # 2. The new gateway(s): only once no route points at them, or the VPC loses egress.
        created: dict[str, NatGateway | None] = {}
        if progress.new_gateway is not None:
            created[progress.new_gateway.gateway_id] = progress.new_gateway

        def find_created_gateways() -> None:
            tagged = self._network.find_nat_gateways(
                self.config.vpc_id, {ROTATION_ID_TAG: report.correlation_id}
            )
            # Never the gateway the run started from, whatever a tag filter returned.
            created.update({g.gateway_id: g for g in tagged if g.gateway_id != old_id})

        if not attempt("find created gateways", find_created_gateways):
            left.append(f"gateways tagged {ROTATION_ID_TAG}={report.correlation_id}")
        gateways_gone = not left
        for gateway_id in sorted(created):
            if not routes_back:
                left.append(gateway_id)
                gateways_gone = False
                continue

            def delete_gateway(gateway_id: str = gateway_id) -> None:
                current = self._network.describe_nat_gateway(gateway_id)
                if current is not None and current.state in ("pending", "available", "failed"):
                    self._network.delete_nat_gateway(gateway_id)
                self._wait_deleted(gateway_id)

            if not attempt(f"delete {gateway_id}", delete_gateway):
                left.append(gateway_id)
                gateways_gone = False

        # 3. The new address(es): AWS only releases an address once its gateway is gone.
        allocations: set[str] = set()
        if progress.new_address is not None:
            allocations.add(progress.new_address.allocation_id)

        def find_created_addresses() -> None:
            tagged = self._network.find_addresses({ROTATION_ID_TAG: report.correlation_id})
            allocations.update(a.allocation_id for a in tagged)

        found_addresses = attempt("find created addresses", find_created_addresses)
        for allocation_id in sorted(allocations):
            if not gateways_gone:
                left.append(allocation_id)
                continue
            if not attempt(
                f"release {allocation_id}", partial(self._network.release_address, allocation_id)
            ):
                left.append(allocation_id)
        if not found_addresses:
            left.append(f"addresses tagged {ROTATION_ID_TAG}={report.correlation_id}")
        if undo_errors:
            self._logger.warning(
                "egress rollback step failed", extra={"errors": [redact(e) for e in undo_errors]}
            )
        if not left:
            progress.new_gateway, progress.new_address = None, None
        return left

    # --- after the commit point ------------------------------------------------------------

    def _cleanup_retrying(self) -> Retrying:
        return Retrying(
            stop=stop_after_attempt(CLEANUP_ATTEMPTS),
            wait=wait_fixed(self.config.poll_interval_s),
            sleep=self._sleep,
            reraise=True,
        )

    def _routes_forward(self, plan: RotationPlan, new_id: str) -> None:
        """Every table on the new gateway (a no-op unless the commit came by a failed step)."""
        for table in self._network.describe_route_tables(plan.route_table_ids):
            if table.default_target != new_id:
                self._network.replace_default_route(table.route_table_id, new_id)
                self._verify_routes(plan.route_table_ids, new_id)

    def _retire(self, plan: RotationPlan, progress: _Progress, report: RotationReport) -> None:
        """Wait for the old gateway to go, then release addresses beyond keep-N."""
        old = plan.old_gateway
        failures: list[str] = []
        if progress.new_gateway is not None:
            try:
                self._cleanup_retrying()(
                    self._routes_forward, plan, progress.new_gateway.gateway_id
                )
            except Exception as error:
                failures.append(
                    f"routes not all on the new gateway: {type(error).__name__}: {error}"
                )
                report.left.extend(plan.route_table_ids)
        try:
            self._wait_deleted(old.gateway_id)
        except Exception as error:
            failures.append(f"old gateway {old.gateway_id} not deleted yet: {error}")
            report.left.append(old.gateway_id)
        in_use = {progress.new_address.allocation_id} if progress.new_address else set()
        retrying = self._cleanup_retrying()
        surplus: list[str] = []
        try:
            surplus = retrying(self._surplus_addresses, in_use=in_use, exclude_gateway=None)
        except Exception as error:
            failures.append(f"could not list addresses to release: {type(error).__name__}: {error}")
            report.left.append(f"addresses beyond keep-{self.config.keep_addresses}")
        for allocation_id in surplus:
            try:
                retrying(self._network.release_address, allocation_id)
            except Exception as error:
                failures.append(f"release {allocation_id}: {type(error).__name__}: {error}")
                report.left.append(allocation_id)
            else:
                report.released.append(allocation_id)
        self._step("addresses released", count=len(report.released))
        if failures:
            earlier = f"{report.error}; " if report.error else ""
            report.error = f"{earlier}swap done, clean-up incomplete: {'; '.join(failures)}"
            report.outcome = FAILURE
        else:
            report.outcome = SUCCESS
