"""EC2 networking, created in moto so the egress rotation finds real ids (nothing is enforced)."""

from __future__ import annotations

from typing import Any

from emulation.deploy.engine import (
    CREATED,
    Deployed,
    Result,
    Stack,
    creates,
)


@creates("AWS::EC2::VPC")
def _vpc(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    ec2 = s.deployer.boto("ec2")
    vpc_id = ec2.create_vpc(CidrBlock=p.get("CidrBlock", "10.0.0.0/16"))["Vpc"]["VpcId"]
    for key in ("EnableDnsHostnames", "EnableDnsSupport"):
        if key in p:
            ec2.modify_vpc_attribute(VpcId=vpc_id, **{key: {"Value": bool(p[key])}})
    default_sg = ec2.describe_security_groups(
        Filters=[
            {"Name": "vpc-id", "Values": [vpc_id]},
            {"Name": "group-name", "Values": ["default"]},
        ]
    )["SecurityGroups"]
    attrs = {
        "VpcId": vpc_id,
        "CidrBlock": p.get("CidrBlock", "10.0.0.0/16"),
        "DefaultSecurityGroup": default_sg[0]["GroupId"] if default_sg else "",
    }
    return Deployed("AWS::EC2::VPC", vpc_id, attrs), CREATED, "created in moto (not enforced)"


@creates("AWS::EC2::Subnet")
def _subnet(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    ec2 = s.deployer.boto("ec2")
    kwargs = {"VpcId": p["VpcId"], "CidrBlock": p["CidrBlock"]}
    zone = str(p.get("AvailabilityZone") or "")
    if zone:
        # Environment-agnostic synths use placeholder zones ("dummy1a"): map to this region's.
        region = s.deployer.region
        kwargs["AvailabilityZone"] = zone if zone.startswith(region) else f"{region}{zone[-1]}"
    subnet = ec2.create_subnet(**kwargs)["Subnet"]
    attrs = {"SubnetId": subnet["SubnetId"], "AvailabilityZone": subnet["AvailabilityZone"]}
    return Deployed("AWS::EC2::Subnet", subnet["SubnetId"], attrs), CREATED, "created in moto"


@creates("AWS::EC2::RouteTable")
def _route_table(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    table_id = s.deployer.boto("ec2").create_route_table(VpcId=p["VpcId"])["RouteTable"][
        "RouteTableId"
    ]
    return (
        Deployed("AWS::EC2::RouteTable", table_id, {"RouteTableId": table_id}),
        CREATED,
        ("created in moto"),
    )


@creates("AWS::EC2::InternetGateway")
def _internet_gateway(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    gateway = s.deployer.boto("ec2").create_internet_gateway()["InternetGateway"]
    gateway_id = gateway["InternetGatewayId"]
    return (
        Deployed("AWS::EC2::InternetGateway", gateway_id, {"InternetGatewayId": gateway_id}),
        (CREATED),
        "created in moto",
    )


@creates("AWS::EC2::EIP")
def _eip(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    address = s.deployer.boto("ec2").allocate_address(Domain="vpc")
    attrs = {"AllocationId": address["AllocationId"], "PublicIp": address["PublicIp"]}
    return Deployed("AWS::EC2::EIP", address["PublicIp"], attrs), CREATED, "created in moto"


@creates("AWS::EC2::NatGateway")
def _nat_gateway(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    kwargs = {"SubnetId": p["SubnetId"]}
    if p.get("AllocationId"):
        kwargs["AllocationId"] = p["AllocationId"]
    nat = s.deployer.boto("ec2").create_nat_gateway(**kwargs)["NatGateway"]
    return (
        Deployed(
            "AWS::EC2::NatGateway", nat["NatGatewayId"], {"NatGatewayId": nat["NatGatewayId"]}
        ),
        (CREATED),
        "created in moto (no traffic flows through it)",
    )


@creates("AWS::EC2::Route")
def _route_entry(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    kwargs = {
        k: p[k]
        for k in (
            "RouteTableId",
            "DestinationCidrBlock",
            "GatewayId",
            "NatGatewayId",
            "DestinationIpv6CidrBlock",
        )
        if k in p
    }
    s.deployer.boto("ec2").create_route(**kwargs)
    route_id = f"{p['RouteTableId']}|{p.get('DestinationCidrBlock', '')}"
    return Deployed("AWS::EC2::Route", route_id), CREATED, "created in moto"


@creates("AWS::EC2::SecurityGroup")
def _security_group(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    d = s.deployer
    kwargs = {
        "GroupName": p.get("GroupName") or d.physical_name(s.name, logical_id, 255),
        "Description": p.get("GroupDescription", logical_id),
    }
    if p.get("VpcId"):
        kwargs["VpcId"] = p["VpcId"]
    group_id = d.boto("ec2").create_security_group(**kwargs)["GroupId"]
    attrs = {"GroupId": group_id, "VpcId": p.get("VpcId", "")}
    return (
        Deployed("AWS::EC2::SecurityGroup", group_id, attrs),
        CREATED,
        ("created in moto (not enforced)"),
    )
