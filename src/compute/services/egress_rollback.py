"""Before the commit point, a failed rotation goes back to where it started: routes onto the
old gateway, then what this run created (found by its rotation-id tag too) deleted and
released, each undo step attempted even if another fails, the whole undo retried."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from compute.adapters.network import NatGateway
from compute.services.egress_plan import RotationPlan
from compute.services.egress_report import (
    ROLLBACK,
    ROLLBACK_FAILED,
    RotationReport,
    fingerprint,
    redact,
)
from compute.services.egress_steps import ROTATION_ID_TAG, NetworkSteps, Progress

ROLLBACK_ATTEMPTS = 3


def rollback(
    steps: NetworkSteps, plan: RotationPlan, progress: Progress, report: RotationReport
) -> None:
    """Undo until nothing is left or the attempts run out; or, when the old gateway is going
    already, mark the run committed so it finishes forward instead."""
    left: list[str] = []
    for attempt in range(1, ROLLBACK_ATTEMPTS + 1):
        try:
            old_now = steps.network.describe_nat_gateway(plan.old_gateway.gateway_id)
        except Exception as error:
            left = [plan.old_gateway.gateway_id]
            steps.logger.warning(
                "egress rollback cannot read the old gateway",
                extra={"error": redact(f"{type(error).__name__}: {error}")},
            )
        else:
            if old_now is None or old_now.state != "available":
                # Routes back onto a gateway that is going would leave the VPC without
                # egress: go forward instead (retire moves every route onto the new one).
                progress.committed = True
                return
            left = _undo(steps, plan, progress, report)
        if not left:
            break
        steps.logger.warning(
            "egress rollback incomplete, retrying",
            extra={"attempt": attempt, "left": [fingerprint(item) for item in left]},
        )
        if attempt < ROLLBACK_ATTEMPTS:
            steps.sleep(steps.config.poll_interval_s)
    report.left = left
    report.outcome = ROLLBACK_FAILED if left else ROLLBACK


def _undo(
    steps: NetworkSteps, plan: RotationPlan, progress: Progress, report: RotationReport
) -> list[str]:
    """One attempt at the starting state; returns what is still left (empty when done)."""
    network = steps.network
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
        for table in network.describe_route_tables(plan.route_table_ids):
            if table.default_target != old_id:
                attempt(
                    f"restore {table.route_table_id}",
                    partial(network.replace_default_route, table.route_table_id, old_id),
                )
        steps.verify_routes(plan.route_table_ids, old_id)
        routes_back = True

    attempt("restore routes", restore_routes)
    if not routes_back:
        left.extend(plan.route_table_ids)

    # 2. The new gateway(s): only once no route points at them, or the VPC loses egress.
    created: dict[str, NatGateway | None] = {}
    if progress.new_gateway is not None:
        created[progress.new_gateway.gateway_id] = progress.new_gateway

    def find_created_gateways() -> None:
        tagged = network.find_nat_gateways(
            steps.config.vpc_id, {ROTATION_ID_TAG: report.correlation_id}
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
            current = network.describe_nat_gateway(gateway_id)
            if current is not None and current.state in ("pending", "available", "failed"):
                network.delete_nat_gateway(gateway_id)
            steps.wait_deleted(gateway_id)

        if not attempt(f"delete {gateway_id}", delete_gateway):
            left.append(gateway_id)
            gateways_gone = False

    # 3. The new address(es): AWS only releases an address once its gateway is gone.
    allocations: set[str] = set()
    if progress.new_address is not None:
        allocations.add(progress.new_address.allocation_id)

    def find_created_addresses() -> None:
        tagged = network.find_addresses({ROTATION_ID_TAG: report.correlation_id})
        allocations.update(a.allocation_id for a in tagged)

    found_addresses = attempt("find created addresses", find_created_addresses)
    for allocation_id in sorted(allocations):
        if not gateways_gone:
            left.append(allocation_id)
            continue
        if not attempt(f"release {allocation_id}", partial(network.release_address, allocation_id)):
            left.append(allocation_id)
    if not found_addresses:
        left.append(f"addresses tagged {ROTATION_ID_TAG}={report.correlation_id}")
    if undo_errors:
        steps.logger.warning(
            "egress rollback step failed", extra={"errors": [redact(e) for e in undo_errors]}
        )
    if not left:
        progress.new_gateway, progress.new_address = None, None
    return left
