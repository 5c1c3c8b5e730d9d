"""What the egress-IP rotation function gets from the stack: its EGRESS_* settings and IAM.

compute.handlers.rotate_egress_ip reads these variables (RotationConfig.from_env):
- EGRESS_VPC_ID: the VPC whose NAT egress is rotated;
- EGRESS_PUBLIC_SUBNET_ID: where the new NAT gateway is created;
- EGRESS_PRIVATE_ROUTE_TABLE_IDS: comma-separated route tables whose default route is switched;
- EGRESS_LOCK_TABLE_NAME / EGRESS_LOCK_NAME: the lock item `LOCK#<name>` in the main table;
- EGRESS_GRACE_PERIOD_SECONDS: how long the old gateway drains before it is deleted;
- EGRESS_KEEP_LAST: how many retired Elastic IPs stay allocated (allow-lists may still name them);
- EGRESS_TAG_KEY / EGRESS_TAG_VALUE: the tag put on, and required of, managed gateways/addresses.
"""

from __future__ import annotations

from aws_cdk import Fn, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam

from infra.components.network import selected_subnets
from infra.settings import Settings

# The rotation may only release addresses / delete NAT gateways that carry this tag, and must put
# it on what it creates.
EGRESS_TAG_KEY = "ManagedBy"
EGRESS_TAG_VALUE = "tattoo-directory-egress"
# The lock item the rotation takes in the main table (PK `LOCK#<name>`); IAM is scoped to it.
EGRESS_LOCK_NAME = "egress-rotation"


def rotation_environment(
    vpc: ec2.IVpc, private_subnets: ec2.SubnetSelection, lock_table_name: str, settings: Settings
) -> dict[str, str]:
    subnets = selected_subnets(vpc, private_subnets)
    route_tables = [subnet.route_table.route_table_id for subnet in subnets]
    return {
        "EGRESS_VPC_ID": vpc.vpc_id,
        "EGRESS_PUBLIC_SUBNET_ID": vpc.public_subnets[0].subnet_id,
        "EGRESS_PRIVATE_ROUTE_TABLE_IDS": Fn.join(",", route_tables),
        "EGRESS_LOCK_TABLE_NAME": lock_table_name,
        "EGRESS_LOCK_NAME": EGRESS_LOCK_NAME,
        "EGRESS_GRACE_PERIOD_SECONDS": str(settings.egress_grace_period_seconds),
        "EGRESS_KEEP_LAST": str(settings.egress_keep_last),
        "EGRESS_TAG_KEY": EGRESS_TAG_KEY,
        "EGRESS_TAG_VALUE": EGRESS_TAG_VALUE,
    }


def rotation_statements(
    stack: Stack, vpc: ec2.IVpc, private_subnets: ec2.SubnetSelection, lock_table_arn: str
) -> list[iam.PolicyStatement]:
    """Blue/green NAT swap limited to tagged resources, the given route tables and one lock."""
    tagged = {"StringEquals": {f"aws:ResourceTag/{EGRESS_TAG_KEY}": EGRESS_TAG_VALUE}}
    tagged_on_create = {"StringEquals": {f"aws:RequestTag/{EGRESS_TAG_KEY}": EGRESS_TAG_VALUE}}
    ec2_arn = f"arn:{stack.partition}:ec2:{stack.region}:{stack.account}"
    addresses_and_gateways = [f"{ec2_arn}:elastic-ip/*", f"{ec2_arn}:natgateway/*"]
    return [
        # Describe* calls support no resource-level permissions.
        iam.PolicyStatement(
            actions=["ec2:DescribeNatGateways", "ec2:DescribeAddresses", "ec2:DescribeRouteTables"],
            resources=["*"],
        ),
        # New addresses and gateways must be created with the managed tag...
        iam.PolicyStatement(
            actions=["ec2:AllocateAddress", "ec2:CreateNatGateway"],
            resources=addresses_and_gateways,
            conditions=tagged_on_create,
        ),
        # ...in the public subnet, from a managed address.
        iam.PolicyStatement(
            actions=["ec2:CreateNatGateway"],
            resources=[f"{ec2_arn}:subnet/{vpc.public_subnets[0].subnet_id}"],
        ),
        iam.PolicyStatement(
            actions=["ec2:CreateNatGateway"],
            resources=[f"{ec2_arn}:elastic-ip/*"],
            conditions=tagged,
        ),
        iam.PolicyStatement(
            actions=["ec2:CreateTags"],
            resources=addresses_and_gateways,
            conditions={
                "StringEquals": {"ec2:CreateAction": ["AllocateAddress", "CreateNatGateway"]}
            },
        ),
        # Only managed (tagged) gateways and addresses may be retired.
        iam.PolicyStatement(
            actions=["ec2:DeleteNatGateway", "ec2:ReleaseAddress"],
            resources=addresses_and_gateways,
            conditions=tagged,
        ),
        # Only the private route tables' default routes are switched.
        iam.PolicyStatement(
            actions=["ec2:ReplaceRoute"],
            resources=[
                f"{ec2_arn}:route-table/{subnet.route_table.route_table_id}"
                for subnet in selected_subnets(vpc, private_subnets)
            ],
        ),
        # The rotation lock: one item of the main table.
        iam.PolicyStatement(
            actions=[
                "dynamodb:GetItem",
                "dynamodb:PutItem",
                "dynamodb:UpdateItem",
                "dynamodb:DeleteItem",
            ],
            resources=[lock_table_arn],
            conditions={
                "ForAllValues:StringEquals": {"dynamodb:LeadingKeys": [f"LOCK#{EGRESS_LOCK_NAME}"]}
            },
        ),
    ]
