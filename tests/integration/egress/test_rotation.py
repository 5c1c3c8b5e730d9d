"""The egress rotation against moto's EC2, DynamoDB and SNS: success, a failure at each step,
overlapping runs, the dry run, and logs free of addresses and ids."""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import Any

import pytest

from compute.adapters.network import Ec2Network
from compute.services.egress_report import RotationFailed
from compute.services.egress_steps import ROTATION_ID_TAG, StepFailed
from tests.integration.egress.conftest import FaultyNetwork, MotoEgressProbe, Vpc, World

pytestmark = pytest.mark.integration


def test_success_swaps_gateway_routes_and_address(world: World) -> None:
    vpc = world.vpc()
    start = vpc.snapshot()
    assert start.routes == dict.fromkeys(vpc.route_table_ids, vpc.gateway_id)

    report = world.rotation(vpc, probe=MotoEgressProbe(vpc)).run(
        correlation_id="rot-success", trigger="schedule"
    )

    assert report.outcome == "success"
    assert report.old_gateway_id == vpc.gateway_id and report.old_address == vpc.public_ip
    assert report.new_gateway_id and report.new_gateway_id != vpc.gateway_id
    after = vpc.snapshot()
    assert after.routes == dict.fromkeys(vpc.route_table_ids, report.new_gateway_id)
    assert after.gateways == {report.new_gateway_id}
    # keep-N = 0: the old address is released, only the new one remains.
    assert len(after.addresses) == 1 and vpc.allocation_id not in after.addresses
    assert vpc.public_ip_of(report.new_gateway_id) == report.new_address != vpc.public_ip
    # The public route table is not the rotation's business.
    assert vpc.default_target(vpc.public_route_table_id).startswith("igw-")
    # Everything created carries the managed tag and this run's id.
    new = vpc.ec2.describe_nat_gateways(NatGatewayIds=[report.new_gateway_id])["NatGateways"][0]
    tags = {t["Key"]: t["Value"] for t in new["Tags"]}
    assert tags == {"ManagedBy": vpc.tag_value, ROTATION_ID_TAG: "rot-success"}
    # The grace period was waited through the injected sleeper, not the wall clock.
    assert 30.0 in world.sleeps
    [message] = world.alerts.messages()
    assert message["outcome"] == "success"
    assert message["oldGatewayId"] == vpc.gateway_id
    assert message["newGatewayId"] == report.new_gateway_id
    assert message["oldAddress"] == vpc.public_ip and message["newAddress"] == report.new_address
    assert message["correlationId"] == "rot-success" and message["durationS"] >= 0


def test_keep_last_retains_retired_addresses(world: World) -> None:
    vpc = world.vpc()
    first = world.rotation(vpc, keep_addresses=1).run(correlation_id="rot-k1", trigger="manual")
    second = world.rotation(vpc, keep_addresses=1).run(correlation_id="rot-k2", trigger="manual")
    assert (first.outcome, second.outcome) == ("success", "success")
    addresses = vpc.snapshot().addresses
    # In use by the second gateway + the newest retired one (the first run's); the stack's
    # original address, the oldest, is released.
    assert len(addresses) == 2
    assert vpc.allocation_id not in addresses
    assert second.released == [vpc.allocation_id]


# Steps before the commit point (the old gateway's deletion). Each is (method, nth call).
PRE_COMMIT_STEPS = [
    ("describe_route_tables", 1),  # plan: read the routes
    ("describe_nat_gateway", 1),  # plan: the current gateway
    ("find_nat_gateways", 1),  # plan: addresses keep-N would release
    ("allocate_address", 1),
    ("create_nat_gateway", 1),
    ("replace_default_route", 1),
    ("replace_default_route", 2),
    ("describe_route_tables", 2),  # verify the routes
    ("public_address", 1),  # verify the egress address (probe)
    ("delete_nat_gateway", 1),  # delete the old gateway
]
# Calls whose reply can be lost after EC2 made the change.
MUTATING = {"allocate_address", "create_nat_gateway", "replace_default_route", "delete_nat_gateway"}


class FaultyProbe(MotoEgressProbe):
    def __init__(self, vpc: Vpc, fail: bool) -> None:
        super().__init__(vpc)
        self.fail = fail

    def public_address(self) -> str:
        if self.fail:
            raise ConnectionError("injected: echo service unreachable")
        return super().public_address()


FAULTS = [
    pytest.param(step, after, id=f"{step[0]}#{step[1]}-{'after' if after else 'before'}-call")
    for step in PRE_COMMIT_STEPS
    for after in (False, True)
    if not after or step[0] in MUTATING  # a read has no effect whose reply could be lost
]


@pytest.mark.parametrize(("step", "after"), FAULTS)
def test_failure_at_each_step_restores_the_starting_state(
    world: World, step: tuple[str, int], after: bool
) -> None:
    vpc = world.vpc()
    start = vpc.snapshot()
    probe_fails = step[0] == "public_address"
    # The step fails once; the undo then runs against a working API (a persistent failure of
    # the undo itself is the next tests' business). A probe that disagrees disagrees for good.
    network = FaultyNetwork(
        Ec2Network(vpc.ec2), fail_method=None if probe_fails else step, after=after
    )
    rotation = world.rotation(vpc, network=network, probe=FaultyProbe(vpc, fail=probe_fails))
    correlation_id = f"rot-{step[0]}-{step[1]}-{after}"

    if step == ("delete_nat_gateway", 1) and after:
        # EC2 accepted the deletion and the reply was lost: past the commit point, the run
        # goes forward instead of routing onto a gateway that is going away.
        report = rotation.run(correlation_id=correlation_id, trigger="schedule")
        assert report.outcome == "success"
        after_state = vpc.snapshot()
        assert after_state.routes == dict.fromkeys(vpc.route_table_ids, report.new_gateway_id)
        assert after_state.gateways == {report.new_gateway_id}
        assert vpc.allocation_id not in after_state.addresses
        return

    with pytest.raises(RotationFailed) as raised:
        rotation.run(correlation_id=correlation_id, trigger="schedule")

    report = raised.value.report
    expected_outcome = "failure" if step in PRE_COMMIT_STEPS[:3] else "rollback"
    assert report.outcome == expected_outcome, report.error
    assert vpc.snapshot() == start, f"not the starting state after a failure in {step}"
    assert network.injected or probe_fails, "the fault was never reached"
    # Nothing this run created is left, whatever its state.
    leftovers = vpc.ec2.describe_addresses(
        Filters=[{"Name": f"tag:{ROTATION_ID_TAG}", "Values": [correlation_id]}]
    )["Addresses"]
    assert leftovers == []
    [message] = world.alerts.messages()
    assert message["outcome"] == expected_outcome
    assert "injected" in message["error"] or "egress check" in message["error"]
    if expected_outcome == "rollback":
        assert message["oldGatewayId"] == vpc.gateway_id
        assert message.get("newGatewayId") == report.new_gateway_id


def test_one_shot_route_failure_rolls_back_cleanly(world: World) -> None:
    """A route switch that fails once (the reply lost after it took effect) is undone."""
    vpc = world.vpc()
    start = vpc.snapshot()
    network = FaultyNetwork(
        Ec2Network(vpc.ec2), fail_method=("replace_default_route", 2), after=True
    )
    with pytest.raises(RotationFailed) as raised:
        world.rotation(vpc, network=network).run(correlation_id="rot-route", trigger="alarm")
    assert raised.value.report.outcome == "rollback"
    assert vpc.snapshot() == start


def test_rollback_failure_is_retried_then_reported_with_what_is_left(world: World) -> None:
    vpc = world.vpc()
    start = vpc.snapshot()
    # The wait fails (so the run rolls back), and the undo's release of the new address keeps
    # failing: the run must say which address is left, and everything else must be undone.
    network = FaultyNetwork(Ec2Network(vpc.ec2), fail_method=("release_address", 1), always=True)
    rotation = world.rotation(vpc, network=network, probe=FaultyProbe(vpc, fail=True))
    with pytest.raises(RotationFailed) as raised:
        rotation.run(correlation_id="rot-undo", trigger="schedule")
    report = raised.value.report
    assert report.outcome == "rollback-failed"
    after = vpc.snapshot()
    assert after.routes == start.routes and after.gateways == start.gateways
    leftover = after.addresses - start.addresses
    assert len(leftover) == 1 and report.left == sorted(leftover)
    assert network.trace.count("release_address") == 3  # one per rollback attempt
    [message] = world.alerts.messages()
    assert message["outcome"] == "rollback-failed" and message["left"] == report.left


@pytest.mark.parametrize("step", [("describe_nat_gateway", 3), ("release_address", 1)])
def test_failure_after_the_commit_point_keeps_egress_and_reports_what_is_left(
    world: World, step: tuple[str, int]
) -> None:
    """Once the old gateway is going there is no starting state to return to: routes stay on
    the new gateway, the run fails loudly naming what is left, and the next run cleans it up."""
    vpc = world.vpc()
    network = FaultyNetwork(Ec2Network(vpc.ec2), fail_method=step, always=True)
    with pytest.raises(RotationFailed) as raised:
        world.rotation(vpc, network=network).run(correlation_id="rot-commit", trigger="schedule")
    report = raised.value.report
    assert report.outcome == "failure" and report.left
    after = vpc.snapshot()
    assert after.routes == dict.fromkeys(vpc.route_table_ids, report.new_gateway_id)
    assert after.gateways == {report.new_gateway_id}
    [message] = world.alerts.messages()
    assert message["outcome"] == "failure" and message["newGatewayId"] == report.new_gateway_id

    follow_up = world.rotation(vpc).run(correlation_id="rot-commit-2", trigger="schedule")
    assert follow_up.outcome == "success"
    final = vpc.snapshot()
    assert final.gateways == {follow_up.new_gateway_id}
    assert len(final.addresses) == 1  # keep-N = 0: only the address in use


@pytest.mark.parametrize("reported", ["pending", "failed"])
def test_gateway_that_never_becomes_available_is_rolled_back_within_the_bound(
    world: World, reported: str
) -> None:
    """moto makes a gateway available at once; here EC2 reports the new one stuck pending (the
    wait must give up at its bound) or failed (no point waiting)."""
    vpc = world.vpc()
    start = vpc.snapshot()
    real = Ec2Network(vpc.ec2)

    class Stuck(FaultyNetwork):
        def __getattr__(self, name: str) -> Any:
            if name != "describe_nat_gateway":
                return super().__getattr__(name)

            def describe(gateway_id: str) -> Any:
                gateway = real.describe_nat_gateway(gateway_id)
                if (
                    gateway
                    and gateway.gateway_id != vpc.gateway_id
                    and gateway.state == "available"
                ):
                    return replace(gateway, state=reported)
                return gateway

            return describe

    rotation = world.rotation(vpc, network=Stuck(real), wait_timeout_s=10.0, poll_interval_s=2.0)
    with pytest.raises(RotationFailed) as raised:
        rotation.run(correlation_id=f"rot-{reported}", trigger="schedule")
    report = raised.value.report
    assert report.outcome == "rollback"
    if reported == "pending":
        assert "still pending after 10 s" in (report.error or "")
        # 10 s of timeout at 2 s a poll: exactly 5 waits before giving up.
        assert world.sleeps.count(2.0) == 5
    else:
        assert "became failed, not available" in (report.error or "")
        assert world.sleeps.count(2.0) == 0
    assert vpc.snapshot() == start


def test_route_tables_that_disagree_are_refused_without_change(world: World) -> None:
    vpc = world.vpc()
    other = vpc.ec2.allocate_address(Domain="vpc")["AllocationId"]
    stray = vpc.ec2.create_nat_gateway(SubnetId=vpc.public_subnet_id, AllocationId=other)
    stray_id = stray["NatGateway"]["NatGatewayId"]
    vpc.ec2.replace_route(
        RouteTableId=vpc.route_table_ids[1], DestinationCidrBlock="0.0.0.0/0", NatGatewayId=stray_id
    )
    start = vpc.snapshot()
    with pytest.raises(RotationFailed, match=r"must all send 0\.0\.0\.0/0 to one NAT gateway"):
        world.rotation(vpc).run(correlation_id="rot-disagree", trigger="schedule")
    assert vpc.snapshot() == start
    [message] = world.alerts.messages()
    assert message["outcome"] == "failure" and "oldGatewayId" not in message
    assert stray_id in message["error"]


def test_unmanaged_gateway_is_refused(world: World) -> None:
    vpc = world.vpc()
    vpc.ec2.delete_tags(Resources=[vpc.gateway_id], Tags=[{"Key": "ManagedBy"}])
    start = vpc.snapshot()
    with pytest.raises(RotationFailed, match="lacks the tag ManagedBy"):
        world.rotation(vpc).run(correlation_id="rot-unmanaged", trigger="schedule")
    assert vpc.snapshot() == start


def test_overlapping_runs_one_is_refused_by_the_lock(world: World) -> None:
    vpc = world.vpc()
    in_grace = threading.Event()
    proceed = threading.Event()

    def held_sleep(seconds: float) -> None:
        if seconds == 30.0:  # the grace period: hold the lock while the second run tries
            in_grace.set()
            assert proceed.wait(10)

    first_result: dict[str, Any] = {}

    def first_run() -> None:
        first_result["report"] = world.rotation(vpc, sleep=held_sleep).run(
            correlation_id="rot-first", trigger="schedule"
        )

    thread = threading.Thread(target=first_run)
    thread.start()
    try:
        assert in_grace.wait(10), "the first run never reached its grace period"
        mid = vpc.snapshot()
        with pytest.raises(RotationFailed) as refused:
            world.rotation(vpc).run(correlation_id="rot-second", trigger="alarm")
        assert refused.value.report.outcome == "failure"
        assert "held by another run" in (refused.value.report.error or "")
        # The refused run changed nothing.
        assert vpc.snapshot() == mid
    finally:
        proceed.set()
        thread.join(10)
    assert first_result["report"].outcome == "success"
    outcomes = sorted((m["correlationId"], m["outcome"]) for m in world.alerts.messages())
    assert outcomes == [("rot-first", "success"), ("rot-second", "failure")]
    # The lock was given back: a third run goes ahead.
    third = world.rotation(vpc).run(correlation_id="rot-third", trigger="schedule")
    assert third.outcome == "success"


def test_dry_run_reports_the_plan_and_changes_nothing(world: World) -> None:
    vpc = world.vpc()
    start = vpc.snapshot()
    network = FaultyNetwork(Ec2Network(vpc.ec2))
    report = world.rotation(vpc, network=network).run(
        correlation_id="rot-dry", trigger="manual", dry_run=True
    )
    assert report.outcome == "dry-run"
    assert vpc.snapshot() == start
    assert not set(network.trace) & {
        "allocate_address",
        "create_nat_gateway",
        "replace_default_route",
        "delete_nat_gateway",
        "release_address",
    }
    assert report.plan is not None
    assert report.plan["routeTableIds"] == list(vpc.route_table_ids)
    assert report.plan["oldGatewayId"] == vpc.gateway_id
    assert report.plan["wouldRelease"] == [vpc.allocation_id]
    [message] = world.alerts.messages()
    assert message["outcome"] == "dry-run" and message["oldGatewayId"] == vpc.gateway_id


def test_logs_carry_no_address_or_id_in_clear(world: World) -> None:
    vpc = world.vpc()
    ok = world.rotation(vpc, probe=MotoEgressProbe(vpc)).run(
        correlation_id="rot-logs-1", trigger="schedule"
    )
    network = FaultyNetwork(Ec2Network(vpc.ec2), fail_method=("describe_route_tables", 2))
    with pytest.raises(RotationFailed) as raised:
        world.rotation(vpc, network=network).run(correlation_id="rot-logs-2", trigger="schedule")
    failed = raised.value.report
    log = world.log.getvalue()
    assert "egress rotation finished" in log and "rollback" in log
    secrets = {
        vpc.vpc_id,
        vpc.public_subnet_id,
        *vpc.route_table_ids,
        vpc.gateway_id,
        vpc.allocation_id,
        vpc.public_ip,
        ok.new_gateway_id,
        ok.new_address,
        failed.new_gateway_id,
        failed.new_address,
    }
    secrets.discard(None)
    leaked = sorted(s for s in secrets if s and s in log)
    assert not leaked, f"in clear in the logs: {leaked}"
    # The exception the Lambda runtime prints is redacted too.
    assert not [s for s in secrets if s and s in str(raised.value)]


def test_verify_routes_failure_is_a_step_failure(world: World) -> None:
    """StepFailed names the tables whose default route is not where it should be."""
    vpc = world.vpc()
    rotation = world.rotation(vpc)
    with pytest.raises(StepFailed, match="default routes not on nat-"):
        rotation.steps.verify_routes(vpc.route_table_ids, "nat-0123456789abcdef0")


def test_a_swap_nobody_was_told_about_fails_the_invocation(world: World) -> None:
    """SNS refusing the success message must not pass silently: the run fails (the swap stays)."""
    vpc = world.vpc()
    world.alerts.topic_arn = "arn:aws:sns:eu-west-2:123456789012:no-such-topic"
    with pytest.raises(RotationFailed, match="notification failed") as raised:
        world.rotation(vpc).run(correlation_id="rot-unheard", trigger="schedule")
    report = raised.value.report
    assert report.outcome == "success"
    assert vpc.snapshot().routes == dict.fromkeys(vpc.route_table_ids, report.new_gateway_id)
    assert "egress rotation notification failed" in world.log.getvalue()


def test_private_route_tables_are_discovered_when_not_configured(world: World) -> None:
    """Without EGRESS_PRIVATE_ROUTE_TABLE_IDS: the VPC's tables whose default route goes
    through a NAT gateway (the public table, routed to the internet gateway, is left alone)."""
    vpc = world.vpc()
    rotation = world.rotation(vpc, route_table_ids=())
    assert rotation.plan().route_table_ids == tuple(sorted(vpc.route_table_ids))
    report = rotation.run(correlation_id="rot-discover", trigger="schedule")
    assert report.outcome == "success"
    assert vpc.snapshot().routes == dict.fromkeys(vpc.route_table_ids, report.new_gateway_id)
    assert vpc.default_target(vpc.public_route_table_id).startswith("igw-")
