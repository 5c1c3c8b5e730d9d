"""What each function and the scraper may open connections to: security-group egress and the
VPC endpoints that keep AWS traffic off the NAT gateway.

    every function and task   HTTPS (443) to AWS APIs
    api, sync                 + HTTPS to the search domain's security group
    discover-studios,         + HTTP (80) to the web, and the configured proxy ports
    find-artists, scraper       (HTTPS to the web is the same 443 rule)

Nothing may use another protocol or port. AWS's public endpoints have no fixed address range, so
the AWS rule names no destination; the endpoints below change where that traffic goes instead:
DynamoDB and S3 (the scraper's image layers) through gateway endpoints, which cost nothing, and
any service listed in `tattoo:vpcEndpoints` through an interface endpoint inside the VPC. DNS
goes to the VPC's resolver, which security groups do not filter.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from aws_cdk import aws_ec2 as ec2
from constructs import Construct

# Gateway endpoints: free, a route-table entry each; the S3 one also carries ECR's image layers.
GATEWAY_ENDPOINTS = {
    "dynamodb": ec2.GatewayVpcEndpointAwsService.DYNAMODB,
    "s3": ec2.GatewayVpcEndpointAwsService.S3,
}
# Interface endpoints bill per AZ-hour: each is a choice the bill must justify (docs/INFRA.md).
INTERFACE_ENDPOINTS = {
    "sqs": ec2.InterfaceVpcEndpointAwsService.SQS,
    "secretsmanager": ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
    "sns": ec2.InterfaceVpcEndpointAwsService.SNS,
    "ec2": ec2.InterfaceVpcEndpointAwsService.EC2,
    "states": ec2.InterfaceVpcEndpointAwsService.STEP_FUNCTIONS,
    "logs": ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
    "ecr.api": ec2.InterfaceVpcEndpointAwsService.ECR,
    "ecr.dkr": ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
}
HTTPS = 443
HTTP = 80


def validate_endpoint_names(names: Iterable[str]) -> list[str]:
    """The endpoint names of `tattoo:vpcEndpoints`, or a synth error naming the unknown ones."""
    names = list(names)
    unknown = sorted(set(names) - set(GATEWAY_ENDPOINTS) - set(INTERFACE_ENDPOINTS))
    if unknown:
        known = sorted({*GATEWAY_ENDPOINTS, *INTERFACE_ENDPOINTS})
        raise ValueError(
            f"context tattoo:vpcEndpoints: unknown {unknown}; expected some of {known}"
        )
    return names


def allow_egress(group: ec2.SecurityGroup, *, web: bool, proxy_ports: Sequence[int] = ()) -> None:
    """Give a group created with `allow_all_outbound=False` exactly what its owner needs."""
    group.add_egress_rule(
        ec2.Peer.any_ipv4(),
        ec2.Port.tcp(HTTPS),
        "HTTPS to AWS APIs and studio websites" if web else "HTTPS to AWS APIs",
    )
    if web:
        group.add_egress_rule(ec2.Peer.any_ipv4(), ec2.Port.tcp(HTTP), "HTTP to studio websites")
        for port in sorted(set(proxy_ports) - {HTTP, HTTPS}):
            group.add_egress_rule(ec2.Peer.any_ipv4(), ec2.Port.tcp(port), "the scraping proxies")


def allow_search(
    scope: Construct, construct_name: str, group_id: str, search_group_id: str
) -> None:
    """HTTPS from one function's group to the search domain's group: the egress side (the
    domain's ingress rule is added beside it, in the stack that owns the function)."""
    rule = ec2.CfnSecurityGroupEgress(
        scope,
        f"{construct_name}FunctionToSearchEgress",
        group_id=group_id,
        destination_security_group_id=search_group_id,
        ip_protocol="tcp",
        from_port=HTTPS,
        to_port=HTTPS,
        description="HTTPS to the search domain",
    )
    rule.override_logical_id(f"{construct_name}FunctionToSearchEgress")


class VpcEndpoints(Construct):
    """The endpoints `tattoo:vpcEndpoints` names, in the private subnets the compute runs in."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        vpc: ec2.IVpc,
        subnets: ec2.SubnetSelection,
        names: Sequence[str],
        clients: Sequence[ec2.ISecurityGroup],
    ) -> None:
        super().__init__(scope, construct_id)
        self.gateways: dict[str, ec2.GatewayVpcEndpoint] = {}
        self.interfaces: dict[str, ec2.InterfaceVpcEndpoint] = {}
        for name in validate_endpoint_names(names):
            logical = "".join(part.capitalize() for part in name.replace(".", " ").split())
            if name in GATEWAY_ENDPOINTS:
                self.gateways[name] = ec2.GatewayVpcEndpoint(
                    self,
                    f"{logical}GatewayEndpoint",
                    vpc=vpc,
                    service=GATEWAY_ENDPOINTS[name],
                    subnets=[subnets],
                )
                continue
            endpoint = ec2.InterfaceVpcEndpoint(
                self,
                f"{logical}InterfaceEndpoint",
                vpc=vpc,
                service=INTERFACE_ENDPOINTS[name],
                subnets=subnets,
                private_dns_enabled=True,
                open=False,  # only the compute module's own groups
            )
            for client in clients:
                endpoint.connections.allow_default_port_from(client, "HTTPS from compute")
            self.interfaces[name] = endpoint
