"""The rotation's read-only plan against a fake network: which tables move, the starting states
it refuses, and which addresses keep-N would release (newest kept, the stack's own oldest)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import pytest

from compute.adapters.network import ElasticAddress, NatGateway, RouteTable
from compute.services.egress_plan import (
    ALLOCATED_AT_TAG,
    RotationRefused,
    plan_rotation,
    surplus_addresses,
)
from compute.services.egress_settings import RotationConfig

VPC = "vpc-0123456789abcdef0"
MANAGED = {"ManagedBy": "tattoo-directory-egress"}
OLD = NatGateway(
    "nat-000000000000000a1", "available", "subnet-0a", VPC, "eipalloc-old", "1.2.3.4", MANAGED
)


@dataclass
class _Network:
    """Only the reads a plan makes."""

    tables: list[RouteTable]
    gateways: list[NatGateway] = field(default_factory=lambda: [OLD])
    addresses: list[ElasticAddress] = field(default_factory=list)

    def describe_route_tables(self, route_table_ids: Sequence[str]) -> list[RouteTable]:
        return [t for t in self.tables if t.route_table_id in route_table_ids]

    def find_route_tables(self, vpc_id: str, tags: Mapping[str, str]) -> list[RouteTable]:
        return [t for t in self.tables if t.vpc_id == vpc_id]

    def describe_nat_gateway(self, gateway_id: str) -> NatGateway | None:
        return next((g for g in self.gateways if g.gateway_id == gateway_id), None)

    def find_nat_gateways(self, vpc_id: str, tags: Mapping[str, str]) -> list[NatGateway]:
        return [g for g in self.gateways if g.vpc_id == vpc_id]

    def find_addresses(self, tags: Mapping[str, str]) -> list[ElasticAddress]:
        return self.addresses


def _config(**changes: object) -> RotationConfig:
    return replace(RotationConfig(vpc_id=VPC, public_subnet_id="subnet-0pub"), **changes)  # type: ignore[arg-type]


def _tables(*targets: str | None) -> list[RouteTable]:
    return [RouteTable(f"rtb-{i:017x}", VPC, target) for i, target in enumerate(targets)]


def test_the_private_tables_are_those_routed_through_a_nat_gateway() -> None:
    tables = _tables(OLD.gateway_id, "igw-0123", OLD.gateway_id)
    plan = plan_rotation(_Network(tables), _config())  # type: ignore[arg-type]
    assert plan.route_table_ids == (tables[0].route_table_id, tables[2].route_table_id)
    assert plan.old_gateway == OLD and plan.subnet_id == "subnet-0pub"


@pytest.mark.parametrize(
    ("network", "refusal"),
    [
        (_Network(_tables("igw-0123")), "no route table whose default route"),
        (_Network(_tables(OLD.gateway_id, "nat-000000000000000b2")), "to one NAT gateway"),
        (_Network(_tables(OLD.gateway_id), gateways=[]), "is missing, not available"),
        (
            _Network(_tables(OLD.gateway_id), gateways=[replace(OLD, state="pending")]),
            "is pending, not available",
        ),
        (_Network(_tables(OLD.gateway_id), gateways=[replace(OLD, tags={})]), "lacks the tag"),
        (
            _Network(_tables(OLD.gateway_id), gateways=[replace(OLD, vpc_id="vpc-other")]),
            "is in vpc-other",
        ),
        (
            _Network(_tables(OLD.gateway_id), gateways=[replace(OLD, public_ip=None)]),
            "has no public address",
        ),
    ],
)
def test_a_starting_state_it_must_not_touch_is_refused(network: _Network, refusal: str) -> None:
    with pytest.raises(RotationRefused, match=refusal):
        plan_rotation(network, _config())  # type: ignore[arg-type]


def _address(allocation_id: str, allocated_at: str | None = None) -> ElasticAddress:
    tags = {**MANAGED, **({ALLOCATED_AT_TAG: allocated_at} if allocated_at else {})}
    return ElasticAddress(allocation_id, "5.6.7.8", tags)


def test_keep_n_keeps_the_newest_idle_addresses_and_never_one_in_use() -> None:
    network = _Network(
        _tables(OLD.gateway_id),
        addresses=[
            _address("eipalloc-old"),  # the live gateway's
            _address("eipalloc-stack"),  # the stack's own: no allocation time, the oldest
            _address("eipalloc-1", "000000000100"),
            _address("eipalloc-2", "000000000200"),
            _address("eipalloc-new", "000000000300"),  # this run's, in use
        ],
    )
    config = _config(keep_addresses=1)
    surplus = surplus_addresses(network, config, in_use={"eipalloc-new"}, exclude_gateway=None)  # type: ignore[arg-type]
    assert surplus == ["eipalloc-1", "eipalloc-stack"]
    # Planning (the old gateway about to go): its address counts as idle, and is the oldest.
    planned = surplus_addresses(network, config, in_use=set(), exclude_gateway=OLD.gateway_id)  # type: ignore[arg-type]
    assert planned == ["eipalloc-2", "eipalloc-1", "eipalloc-stack", "eipalloc-old"]
