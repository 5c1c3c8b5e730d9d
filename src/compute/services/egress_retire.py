"""After the commit point (the old gateway's deletion accepted) there is no way back: every
route onto the new gateway, the old one waited out, addresses beyond keep-N released; what
could not be done is reported as left, for the next run to release."""

from __future__ import annotations

from tenacity import Retrying, stop_after_attempt, wait_fixed

from compute.services.egress_plan import RotationPlan, surplus_addresses
from compute.services.egress_report import FAILURE, SUCCESS, RotationReport
from compute.services.egress_steps import NetworkSteps, Progress

CLEANUP_ATTEMPTS = 3


def _cleanup_retrying(steps: NetworkSteps) -> Retrying:
    return Retrying(
        stop=stop_after_attempt(CLEANUP_ATTEMPTS),
        wait=wait_fixed(steps.config.poll_interval_s),
        sleep=steps.sleep,
        reraise=True,
    )


def _routes_forward(steps: NetworkSteps, plan: RotationPlan, new_id: str) -> None:
    """Every table on the new gateway (a no-op unless the commit came by a failed step)."""
    for table in steps.network.describe_route_tables(plan.route_table_ids):
        if table.default_target != new_id:
            steps.network.replace_default_route(table.route_table_id, new_id)
            steps.verify_routes(plan.route_table_ids, new_id)


def retire(
    steps: NetworkSteps, plan: RotationPlan, progress: Progress, report: RotationReport
) -> None:
    """Wait for the old gateway to go, then release addresses beyond keep-N."""
    old = plan.old_gateway
    failures: list[str] = []
    if progress.new_gateway is not None:
        try:
            _cleanup_retrying(steps)(_routes_forward, steps, plan, progress.new_gateway.gateway_id)
        except Exception as error:
            failures.append(f"routes not all on the new gateway: {type(error).__name__}: {error}")
            report.left.extend(plan.route_table_ids)
    try:
        steps.wait_deleted(old.gateway_id)
    except Exception as error:
        failures.append(f"old gateway {old.gateway_id} not deleted yet: {error}")
        report.left.append(old.gateway_id)
    in_use = {progress.new_address.allocation_id} if progress.new_address else set()
    retrying = _cleanup_retrying(steps)
    surplus: list[str] = []
    try:
        surplus = retrying(
            surplus_addresses, steps.network, steps.config, in_use=in_use, exclude_gateway=None
        )
    except Exception as error:
        failures.append(f"could not list addresses to release: {type(error).__name__}: {error}")
        report.left.append(f"addresses beyond keep-{steps.config.keep_addresses}")
    for allocation_id in surplus:
        try:
            retrying(steps.network.release_address, allocation_id)
        except Exception as error:
            failures.append(f"release {allocation_id}: {type(error).__name__}: {error}")
            report.left.append(allocation_id)
        else:
            report.released.append(allocation_id)
    steps.step("addresses released", count=len(report.released))
    if failures:
        earlier = f"{report.error}; " if report.error else ""
        report.error = f"{earlier}swap done, clean-up incomplete: {'; '.join(failures)}"
        report.outcome = FAILURE
    else:
        report.outcome = SUCCESS
