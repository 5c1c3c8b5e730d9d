"""The rotation's plan, read only: which route tables move, which gateway is current (refusing
a starting state the rotation must not touch), and the addresses keep-N would release."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from compute.adapters.network import LIVE_GATEWAY_STATES, NatGateway, RouteTable
from compute.services.egress_ports import NetworkPort
from compute.services.egress_settings import RotationConfig

# Epoch seconds, zero-padded so the tag sorts like the number (keep-N keeps the newest).
ALLOCATED_AT_TAG = "tattoo:allocated-at"


class RotationRefused(Exception):
    """The starting state is not one this run may change (nothing was changed)."""


@dataclass(frozen=True)
class RotationPlan:
    route_table_ids: tuple[str, ...]
    old_gateway: NatGateway
    subnet_id: str
    # Allocation ids keep-N would release once the old gateway is gone.
    would_release: tuple[str, ...]

    def describe(self) -> dict[str, Any]:
        return {
            "routeTableIds": list(self.route_table_ids),
            "oldGatewayId": self.old_gateway.gateway_id,
            "oldAddress": self.old_gateway.public_ip,
            "subnetId": self.subnet_id,
            "wouldRelease": list(self.would_release),
        }


def private_route_tables(network: NetworkPort, config: RotationConfig) -> list[RouteTable]:
    """The configured tables, else every table of the VPC whose default route is a NAT's."""
    if config.route_table_ids:
        return network.describe_route_tables(config.route_table_ids)
    private = [
        table
        for table in network.find_route_tables(config.vpc_id, {})
        if table.default_target and table.default_target.startswith("nat-")
    ]
    if not private:
        raise RotationRefused(
            f"VPC {config.vpc_id} has no route table whose default route goes through "
            "a NAT gateway; set EGRESS_PRIVATE_ROUTE_TABLE_IDS"
        )
    return private


def plan_rotation(network: NetworkPort, config: RotationConfig) -> RotationPlan:
    """Which gateway is current and which tables move; refuses a state it must not touch."""
    tables = private_route_tables(network, config)
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
    old = network.describe_nat_gateway(gateway_id)
    if old is None or old.state != "available":
        state = old.state if old else "missing"
        raise RotationRefused(f"the current NAT gateway {gateway_id} is {state}, not available")
    if old.tags.get(config.tag_key) != config.tag_value:
        raise RotationRefused(
            f"the current NAT gateway {gateway_id} lacks the tag "
            f"{config.tag_key}={config.tag_value}; the rotation only replaces "
            "gateways handed to it"
        )
    if old.vpc_id and old.vpc_id != config.vpc_id:
        raise RotationRefused(
            f"the current NAT gateway {gateway_id} is in {old.vpc_id}, not {config.vpc_id}"
        )
    if not old.allocation_id or not old.public_ip:
        raise RotationRefused(f"the current NAT gateway {gateway_id} has no public address")
    would_release = surplus_addresses(network, config, in_use=set(), exclude_gateway=old.gateway_id)
    return RotationPlan(
        route_table_ids=tuple(t.route_table_id for t in tables),
        old_gateway=old,
        subnet_id=config.public_subnet_id,
        would_release=tuple(would_release),
    )


def surplus_addresses(
    network: NetworkPort,
    config: RotationConfig,
    *,
    in_use: set[str],
    exclude_gateway: str | None,
) -> list[str]:
    """Managed addresses held by no live gateway, beyond the newest keep-N (those the stack
    created carry no allocation time and count as the oldest)."""
    live = {
        gateway.allocation_id
        for gateway in network.find_nat_gateways(config.vpc_id, config.managed_tag)
        if gateway.state in LIVE_GATEWAY_STATES
        and gateway.allocation_id
        and gateway.gateway_id != exclude_gateway
    }
    held = live | in_use
    managed = network.find_addresses(config.managed_tag)
    idle = {a.allocation_id: a.tags.get(ALLOCATED_AT_TAG, "") for a in managed}
    ordered = sorted(
        (allocation for allocation in idle if allocation not in held),
        key=lambda allocation: (idle[allocation], allocation),
        reverse=True,
    )
    return ordered[config.keep_addresses :]
