"""Property: wherever a run fails (any EC2 call, before or after it takes effect, and optionally
once more while the run undoes or cleans up), no managed Elastic IP or NAT gateway is leaked and
the routes are either exactly the starting ones or all on the one new gateway."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compute.adapters.network import Ec2Network
from compute.services.egress_report import RotationFailed
from compute.services.egress_steps import ROTATION_ID_TAG
from tests.integration.egress.conftest import FaultyNetwork, World

pytestmark = pytest.mark.integration

# A successful run makes 16 EC2 calls (see test_success_path_calls); draw past the end too, so
# "no failure at all" is one of the cases.
SUCCESS_PATH_CALLS = 16


def test_success_path_calls(world: World) -> None:
    """Pins the call count the property draws from, so a new step cannot go unexercised."""
    vpc = world.vpc()
    network = FaultyNetwork(Ec2Network(vpc.ec2))
    assert world.rotation(vpc, network=network).run(correlation_id="rot-count", trigger="t")
    assert len(network.trace) == SUCCESS_PATH_CALLS, network.trace


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    first=st.integers(1, SUCCESS_PATH_CALLS + 2),
    after=st.booleans(),
    second=st.none() | st.integers(1, 20),
    keep=st.integers(0, 2),
)
def test_no_failure_point_leaks(
    world: World, first: int, after: bool, second: int | None, keep: int
) -> None:
    vpc = world.vpc()
    start = vpc.snapshot()
    fail_calls = frozenset({first} if second is None else {first, first + second})
    network = FaultyNetwork(Ec2Network(vpc.ec2), fail_calls=fail_calls, after=after)
    rotation = world.rotation(vpc, network=network, keep_addresses=keep)
    correlation_id = f"rot-prop-{first}-{second}-{after}-{keep}"

    try:
        report = rotation.run(correlation_id=correlation_id, trigger="property")
    except RotationFailed as failed:
        report = failed.report
    end = vpc.snapshot()

    # One failure, and at most one more inside the undo's first attempt, is always recovered.
    assert report.outcome in ("success", "rollback", "failure"), (
        correlation_id,
        report.outcome,
        report.left,
        report.error,
        network.trace,
        network.injected,
    )
    if end.routes == start.routes:
        # Not rotated: exactly the starting state, nothing of this run left.
        assert report.outcome in ("rollback", "failure"), report.outcome
        assert end == start
        assert report.left == []
    else:
        # Rotated (possibly through a lost reply at the commit point): one new gateway carries
        # every route, the old one is gone, and addresses beyond keep-N were released.
        assert report.outcome == "success", (report.outcome, report.error)
        new = report.new_gateway_id
        assert end.routes == dict.fromkeys(vpc.route_table_ids, new)
        assert end.gateways == {new}
        in_use = vpc.ec2.describe_nat_gateways(NatGatewayIds=[new])["NatGateways"][0]
        in_use_allocation = in_use["NatGatewayAddresses"][0]["AllocationId"]
        assert in_use_allocation in end.addresses
        assert len(end.addresses) <= 1 + keep
        assert len(end.addresses) == min(1 + keep, 2)  # the stack's address + the new one
    # Whatever happened, no address of this run exists unless it is the one in use.
    tagged = vpc.ec2.describe_addresses(
        Filters=[{"Name": f"tag:{ROTATION_ID_TAG}", "Values": [correlation_id]}]
    )["Addresses"]
    assert len(tagged) <= 1
    if tagged:
        assert end.routes != start.routes
    messages = world.alerts.messages()
    assert [m["outcome"] for m in messages] == [report.outcome]
