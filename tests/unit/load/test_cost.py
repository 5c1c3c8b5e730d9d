"""The monthly bill's arithmetic: what grows with users, what does not, and sampling."""

from __future__ import annotations

import json

import pytest

from load.cost import (
    HOURS_PER_MONTH,
    PRICES_FILE,
    Deployed,
    TrafficModel,
    estimate,
    render,
    xray_traces,
)

PRICES = json.loads(PRICES_FILE.read_text())["prices"]
DEPLOYED = Deployed(
    memory_mb={"api": 512, "sync": 256, "find-artists": 1024, "validate-artists": 1024},
    api_provisioned_concurrency=2,
    scraper_vcpu=1.0,
    scraper_memory_gb=2.0,
    scraper_spot=True,
    nat_gateways=1,
    interface_endpoints=0,
    availability_zones=2,
    kms_keys=1,
    secrets=1,
    search_instance_type="t3.small.search",
    search_instances=1,
    search_volume_gb=10,
)


def by_resource(deployed: Deployed, traffic: TrafficModel) -> dict[str, float]:
    return {item.resource: item.usd for item in estimate(deployed, traffic, PRICES).items}


def test_api_lines_grow_with_users_and_the_aggregation_does_not() -> None:
    one = by_resource(DEPLOYED, TrafficModel())
    ten = by_resource(DEPLOYED, TrafficModel().scaled(10))
    assert ten["API Gateway HTTP API"] == pytest.approx(10 * one["API Gateway HTTP API"], rel=0.01)
    for fixed in ("Fargate scraper (Spot)", "Step Functions (standard, Distributed Map children)"):
        assert ten[fixed] == one[fixed]
    assert ten["NAT gateway (hours + GB processed)"] == one["NAT gateway (hours + GB processed)"]


def test_spot_and_interface_endpoints_change_the_bill() -> None:
    from dataclasses import replace

    spot = by_resource(DEPLOYED, TrafficModel())
    on_demand = by_resource(replace(DEPLOYED, scraper_spot=False), TrafficModel())
    assert on_demand["Fargate scraper"] == pytest.approx(
        spot["Fargate scraper (Spot)"] / (1 - PRICES["fargate_spot_discount"]), rel=0.01
    )
    assert "VPC interface endpoints" not in spot
    with_endpoints = by_resource(replace(DEPLOYED, interface_endpoints=4), TrafficModel())
    expected = 4 * 2 * HOURS_PER_MONTH * PRICES["interface_endpoint_az_hour"]
    assert with_endpoints["VPC interface endpoints"] == pytest.approx(expected, abs=0.01)


def test_xray_records_the_reservoir_then_a_share_of_the_rest() -> None:
    seconds = HOURS_PER_MONTH * 3600
    assert xray_traces(0.5 * seconds, 1.0, 0.05) == pytest.approx(0.5 * seconds)
    assert xray_traces(21 * seconds, 1.0, 0.05) == pytest.approx((1 + 0.05 * 20) * seconds)


def test_an_unpriced_search_instance_is_a_clear_error() -> None:
    from dataclasses import replace

    with pytest.raises(ValueError, match=r"no price for r7g\.large\.search"):
        estimate(replace(DEPLOYED, search_instance_type="r7g.large.search"), TrafficModel(), PRICES)


def test_render_states_the_budget_share() -> None:
    text = render([estimate(DEPLOYED, TrafficModel(), PRICES)], 0.79)
    assert "of the GBP 400 budget" in text and "NAT gateway" in text
