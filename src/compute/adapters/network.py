"""EC2 networking for the egress-IP rotation: Elastic IPs, NAT gateways, route tables, and the
HTTP probe that tells which public address the VPC leaves through.

Each method is one EC2 call (or one paginated read) so the rotation service can name, order and
undo its steps, and tests can wrap this adapter to fail at any one of them. Nothing here retries
beyond botocore's own retries: the service decides what a failure means.
"""

from __future__ import annotations

import ipaddress
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mypy_boto3_ec2 import EC2Client

DEFAULT_ROUTE = "0.0.0.0/0"
# States in which a NAT gateway still holds its address (AWS refuses to release it then).
LIVE_GATEWAY_STATES = frozenset({"pending", "available", "deleting"})


@dataclass(frozen=True)
class ElasticAddress:
    allocation_id: str
    public_ip: str
    tags: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class NatGateway:
    gateway_id: str
    state: str
    subnet_id: str
    vpc_id: str
    # The primary address: the one the VPC's traffic leaves through.
    allocation_id: str | None
    public_ip: str | None
    tags: Mapping[str, str] = field(default_factory=dict)
    failure_message: str | None = None


@dataclass(frozen=True)
class RouteTable:
    route_table_id: str
    vpc_id: str
    # Whatever the 0.0.0.0/0 route points at: a NAT gateway id, another gateway id, or None.
    default_target: str | None
    tags: Mapping[str, str] = field(default_factory=dict)


def _tags(raw: Sequence[Any] | None) -> dict[str, str]:
    return {str(tag["Key"]): str(tag.get("Value", "")) for tag in raw or ()}


def _tag_specification(resource_type: str, tags: Mapping[str, str]) -> list[Any]:
    return [
        {
            "ResourceType": resource_type,
            "Tags": [{"Key": key, "Value": value} for key, value in sorted(tags.items())],
        }
    ]


def _tag_filters(tags: Mapping[str, str]) -> list[Any]:
    return [{"Name": f"tag:{key}", "Values": [value]} for key, value in sorted(tags.items())]


def _tagged(resource_tags: Mapping[str, str], wanted: Mapping[str, str]) -> bool:
    """Checked here too: a filter the server ignores (moto's NAT gateways) must not widen what
    the rotation deletes."""
    return all(resource_tags.get(key) == value for key, value in wanted.items())


def _error_code(error: Exception) -> str:
    response = getattr(error, "response", None) or {}
    return str(response.get("Error", {}).get("Code", ""))


def _gateway(raw: Mapping[str, Any]) -> NatGateway:
    addresses = raw.get("NatGatewayAddresses") or []
    # AWS lists the primary address first; secondary addresses carry IsPrimary False.
    primary = next((a for a in addresses if a.get("IsPrimary", True)), None)
    return NatGateway(
        gateway_id=str(raw["NatGatewayId"]),
        state=str(raw.get("State", "")),
        subnet_id=str(raw.get("SubnetId", "")),
        vpc_id=str(raw.get("VpcId", "")),
        allocation_id=str(primary["AllocationId"])
        if primary and "AllocationId" in primary
        else None,
        public_ip=str(primary["PublicIp"]) if primary and "PublicIp" in primary else None,
        tags=_tags(raw.get("Tags")),
        failure_message=raw.get("FailureMessage"),
    )


def _route_table(raw: Mapping[str, Any]) -> RouteTable:
    target: str | None = None
    for route in raw.get("Routes") or []:
        if route.get("DestinationCidrBlock") == DEFAULT_ROUTE:
            target = (
                route.get("NatGatewayId")
                or route.get("GatewayId")
                or route.get("TransitGatewayId")
                or route.get("NetworkInterfaceId")
                or route.get("InstanceId")
            )
    return RouteTable(
        route_table_id=str(raw["RouteTableId"]),
        vpc_id=str(raw.get("VpcId", "")),
        default_target=str(target) if target else None,
        tags=_tags(raw.get("Tags")),
    )


class Ec2Network:
    """The EC2 calls the rotation makes, in the rotation's own words."""

    def __init__(self, ec2: EC2Client) -> None:
        self._ec2 = ec2

    # --- reads -------------------------------------------------------------------------------

    def describe_route_tables(self, route_table_ids: Sequence[str]) -> list[RouteTable]:
        """The given route tables, in the order asked for."""
        found = self._ec2.describe_route_tables(RouteTableIds=list(route_table_ids))
        by_id = {t.route_table_id: t for t in map(_route_table, found.get("RouteTables", []))}
        missing = [rt for rt in route_table_ids if rt not in by_id]
        if missing:
            raise LookupError(f"route tables not found: {len(missing)} of {len(route_table_ids)}")
        return [by_id[rt] for rt in route_table_ids]

    def find_route_tables(self, vpc_id: str, tags: Mapping[str, str]) -> list[RouteTable]:
        """Route tables of the VPC carrying every one of `tags`."""
        filters = [{"Name": "vpc-id", "Values": [vpc_id]}, *_tag_filters(tags)]
        tables: list[RouteTable] = []
        for page in self._ec2.get_paginator("describe_route_tables").paginate(Filters=filters):
            tables.extend(_route_table(raw) for raw in page.get("RouteTables", []))
        tables = [t for t in tables if _tagged(t.tags, tags) and t.vpc_id == vpc_id]
        return sorted(tables, key=lambda t: t.route_table_id)

    def describe_nat_gateway(self, gateway_id: str) -> NatGateway | None:
        """The gateway, or None when EC2 no longer knows it."""
        try:
            found = self._ec2.describe_nat_gateways(NatGatewayIds=[gateway_id])
        except self._ec2.exceptions.ClientError as error:
            if _error_code(error) == "NatGatewayNotFound":
                return None
            raise
        gateways = found.get("NatGateways", [])
        return _gateway(gateways[0]) if gateways else None

    def find_nat_gateways(self, vpc_id: str, tags: Mapping[str, str]) -> list[NatGateway]:
        """NAT gateways of the VPC carrying every one of `tags`, in any state."""
        filters = [{"Name": "vpc-id", "Values": [vpc_id]}, *_tag_filters(tags)]
        gateways: list[NatGateway] = []
        paginator = self._ec2.get_paginator("describe_nat_gateways")
        # The EC2 API names this parameter `Filter` (singular); the type stubs say `Filters`.
        for page in paginator.paginate(Filter=filters):  # type: ignore[call-arg]
            gateways.extend(_gateway(raw) for raw in page.get("NatGateways", []))
        return [g for g in gateways if _tagged(g.tags, tags) and g.vpc_id == vpc_id]

    def find_addresses(self, tags: Mapping[str, str]) -> list[ElasticAddress]:
        """Elastic IPs carrying every one of `tags`."""
        found = self._ec2.describe_addresses(Filters=_tag_filters(tags))
        return [
            ElasticAddress(
                allocation_id=str(raw["AllocationId"]),
                public_ip=str(raw.get("PublicIp", "")),
                tags=_tags(raw.get("Tags")),
            )
            for raw in found.get("Addresses", [])
            if "AllocationId" in raw and _tagged(_tags(raw.get("Tags")), tags)
        ]

    # --- changes -----------------------------------------------------------------------------

    def allocate_address(self, tags: Mapping[str, str]) -> ElasticAddress:
        """A new VPC Elastic IP, tagged in the same call: a lost reply still leaves it findable."""
        raw = self._ec2.allocate_address(
            Domain="vpc", TagSpecifications=_tag_specification("elastic-ip", tags)
        )
        return ElasticAddress(
            allocation_id=str(raw["AllocationId"]), public_ip=str(raw["PublicIp"]), tags=tags
        )

    def create_nat_gateway(
        self, subnet_id: str, allocation_id: str, tags: Mapping[str, str], client_token: str
    ) -> NatGateway:
        """A public NAT gateway; `client_token` makes a retried call return the same gateway."""
        raw = self._ec2.create_nat_gateway(
            SubnetId=subnet_id,
            AllocationId=allocation_id,
            ConnectivityType="public",
            ClientToken=client_token,
            TagSpecifications=_tag_specification("natgateway", tags),
        )
        return _gateway(raw["NatGateway"])

    def replace_default_route(self, route_table_id: str, gateway_id: str) -> None:
        """Point the table's 0.0.0.0/0 route at the NAT gateway."""
        self._ec2.replace_route(
            RouteTableId=route_table_id, DestinationCidrBlock=DEFAULT_ROUTE, NatGatewayId=gateway_id
        )

    def delete_nat_gateway(self, gateway_id: str) -> None:
        """Idempotent: a gateway EC2 no longer knows counts as deleted (a retried call)."""
        try:
            self._ec2.delete_nat_gateway(NatGatewayId=gateway_id)
        except self._ec2.exceptions.ClientError as error:
            if _error_code(error) != "NatGatewayNotFound":
                raise

    def release_address(self, allocation_id: str) -> None:
        """Idempotent: an allocation EC2 no longer knows counts as released (a retried call)."""
        try:
            self._ec2.release_address(AllocationId=allocation_id)
        except self._ec2.exceptions.ClientError as error:
            if _error_code(error) != "InvalidAllocationID.NotFound":
                raise


class HttpEgressProbe:
    """Asks an echo service (e.g. https://checkip.amazonaws.com) which address a request left
    through. The Lambda runs in the private subnets, so that is the NAT gateway's address."""

    def __init__(self, url: str, timeout_s: float = 5.0) -> None:
        if not url.startswith(("https://", "http://")):
            raise ValueError(f"EGRESS_CHECK_URL must be an http(s) URL, got {url!r}")
        self._url = url
        self._timeout_s = timeout_s

    def public_address(self) -> str:
        request = urllib.request.Request(self._url, headers={"User-Agent": "egress-rotation"})  # noqa: S310
        # The scheme was checked in __init__ (http or https only), so no file: or custom URL.
        with urllib.request.urlopen(request, timeout=self._timeout_s) as reply:  # noqa: S310  # nosec B310
            body = reply.read(256).decode("ascii", errors="replace").strip()
        # Reject an error page or a proxy banner instead of comparing it as if it were an address.
        return str(ipaddress.ip_address(body))
