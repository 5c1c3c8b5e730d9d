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

This module is the run's course (lock, plan, swap to the commit point, then roll back or
retire, notify); the phases live beside it: egress_plan (read only), egress_steps (waits and
checks), egress_rollback (before the commit point), egress_retire (after it).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from aws_lambda_powertools import Logger

from compute.adapters.locks import LockHeld
from compute.services.egress_plan import ALLOCATED_AT_TAG, RotationPlan, plan_rotation
from compute.services.egress_ports import EgressProbePort, LockPort, NetworkPort, NotifierPort
from compute.services.egress_report import (
    DRY_RUN,
    FAILURE,
    SUCCESS,
    RotationFailed,
    RotationReport,
    fingerprint,
    redact,
)
from compute.services.egress_retire import retire
from compute.services.egress_rollback import rollback
from compute.services.egress_settings import ConfigurationError, RotationConfig
from compute.services.egress_steps import ROTATION_ID_TAG, NetworkSteps, Progress


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
        self.steps = NetworkSteps(config, network, logger, sleep, probe)

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

    def plan(self) -> RotationPlan:
        """Which gateway is current and which tables move; refuses a state it must not touch."""
        return plan_rotation(self._network, self.config)

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
        progress = Progress()
        try:
            self._swap(plan, progress, report)
        except Exception as error:
            report.error = f"{type(error).__name__}: {error}"
            if not progress.committed:
                rollback(self.steps, plan, progress, report)
            if not progress.committed:
                return
            # Past the commit point: finish the clean-up below and report what it could not do.
        retire(self.steps, plan, progress, report)

    def _swap(self, plan: RotationPlan, progress: Progress, report: RotationReport) -> None:
        old = plan.old_gateway
        tags = {**self.config.managed_tag, ROTATION_ID_TAG: report.correlation_id}
        allocated_at = f"{int(self._clock()):012d}"
        progress.new_address = self._network.allocate_address(
            {**tags, ALLOCATED_AT_TAG: allocated_at}
        )
        report.new_address = progress.new_address.public_ip
        self.steps.step("address allocated", address=progress.new_address.allocation_id)

        progress.new_gateway = self._network.create_nat_gateway(
            plan.subnet_id, progress.new_address.allocation_id, tags, report.correlation_id
        )
        report.new_gateway_id = progress.new_gateway.gateway_id
        self.steps.step("gateway created", gateway=progress.new_gateway.gateway_id)

        new_id = progress.new_gateway.gateway_id
        self.steps.wait_available(new_id)
        self.steps.step("gateway available", gateway=new_id)

        for route_table_id in plan.route_table_ids:
            self._network.replace_default_route(route_table_id, new_id)
        self.steps.verify_routes(plan.route_table_ids, new_id)
        self.steps.step("routes switched", route_tables=len(plan.route_table_ids))

        if self._probe is not None:
            self.steps.verify_egress(progress.new_address.public_ip)
            self.steps.step("egress address verified")

        self._sleep(self.config.grace_period_s)
        try:
            self._network.delete_nat_gateway(old.gateway_id)
        except Exception:
            # The reply may be lost after EC2 accepted the deletion: then there is no way back.
            after = self._network.describe_nat_gateway(old.gateway_id)
            progress.committed = after is None or after.state not in ("available", "pending")
            raise
        progress.committed = True
        self.steps.step("old gateway deleting", gateway=old.gateway_id)
