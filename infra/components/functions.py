"""One Lambda function the way this module deploys every one of them.

Python 3.12 on arm64 (Graviton), in the VPC's private subnets with its own security group (only
the egress `reach.py` allows), its own log group with retention, X-Ray active tracing, a role that
starts with only its own log group and the VPC network-interface actions (everything else is
granted per function), the shared layer, and the code signing config when one is configured.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from aws_cdk import Acknowledgment, Duration, RemovalPolicy, Validations
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from infra.components.reach import allow_egress

ROOT = Path(__file__).resolve().parents[2]
FUNCTION_ASSET = ROOT / "build" / "function"
LAYER_ASSET = ROOT / "build" / "layer"
RUNTIME = lambda_.Runtime.PYTHON_3_12
ARCHITECTURE = lambda_.Architecture.ARM_64


@dataclass(frozen=True)
class FunctionSpec:
    """What differs between the functions: names, size and time budget."""

    construct_name: str  # PascalCase, used for construct ids, logical ids and outputs
    short_name: str  # the function's short name (POWERTOOLS_SERVICE_NAME)
    memory_mb: int
    timeout: Duration
    description: str

    @property
    def handler(self) -> str:
        return f"compute.handlers.{self.short_name.replace('-', '_')}.handler"


RETENTION_BY_DAYS = {
    1: logs.RetentionDays.ONE_DAY,
    3: logs.RetentionDays.THREE_DAYS,
    7: logs.RetentionDays.ONE_WEEK,
    14: logs.RetentionDays.TWO_WEEKS,
    30: logs.RetentionDays.ONE_MONTH,
    60: logs.RetentionDays.TWO_MONTHS,
    90: logs.RetentionDays.THREE_MONTHS,
    180: logs.RetentionDays.SIX_MONTHS,
    365: logs.RetentionDays.ONE_YEAR,
}


def log_retention(days: int) -> logs.RetentionDays:
    """The RetentionDays member for a day count (only these values are offered in context)."""
    try:
        return RETENTION_BY_DAYS[days]
    except KeyError:
        raise ValueError(
            f"context tattoo:logRetentionDays={days}: expected one of {sorted(RETENTION_BY_DAYS)}"
        ) from None


@dataclass(frozen=True)
class FunctionPlatform:
    """What every function shares: network, code, layer, environment, signing, logging."""

    vpc: ec2.IVpc
    subnets: ec2.SubnetSelection
    code: lambda_.Code
    layer: lambda_.ILayerVersion
    environment: dict[str, str]
    code_signing_config: lambda_.ICodeSigningConfig | None
    log_retention_days: int
    removal_policy: RemovalPolicy
    proxy_ports: tuple[int, ...] = ()


class ComputeFunction:
    """A function with its security group, log group and role, created directly in `scope` so
    the logical ids read `<Name>Function`, `<Name>FunctionRole`, ... (no nesting hash)."""

    def __init__(
        self,
        scope: Construct,
        spec: FunctionSpec,
        platform: FunctionPlatform,
        *,
        reserved_concurrency: int | None = None,
        extra_environment: dict[str, str] | None = None,
        reaches_web: bool = False,
    ) -> None:
        name = spec.construct_name
        self.spec = spec
        self.security_group = ec2.SecurityGroup(
            scope,
            f"{name}FunctionSecurityGroup",
            vpc=platform.vpc,
            description=f"{spec.short_name} function: no inbound; outbound HTTPS to AWS APIs"
            + (", HTTP(S) to the web" if reaches_web else ""),
            allow_all_outbound=False,
        )
        allow_egress(self.security_group, web=reaches_web, proxy_ports=platform.proxy_ports)
        self.log_group = logs.LogGroup(
            scope,
            f"{name}FunctionLogGroup",
            retention=log_retention(platform.log_retention_days),
            removal_policy=platform.removal_policy,
        )
        self.role = iam.Role(
            scope,
            f"{name}FunctionRole",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"Least privilege for the {spec.short_name} function",
            inline_policies={
                "Runtime": iam.PolicyDocument(
                    statements=[
                        iam.PolicyStatement(
                            actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                            resources=[self.log_group.log_group_arn],
                        ),
                        # Lambda manages the function's ENIs in the VPC with the function's role.
                        iam.PolicyStatement(
                            actions=[
                                "ec2:CreateNetworkInterface",
                                "ec2:DescribeNetworkInterfaces",
                                "ec2:DescribeSubnets",
                                "ec2:DeleteNetworkInterface",
                                "ec2:AssignPrivateIpAddresses",
                                "ec2:UnassignPrivateIpAddresses",
                            ],
                            resources=["*"],
                        ),
                    ]
                )
            },
        )
        self.function = lambda_.Function(
            scope,
            f"{name}Function",
            description=spec.description,
            runtime=RUNTIME,
            architecture=ARCHITECTURE,
            handler=spec.handler,
            code=platform.code,
            layers=[platform.layer],
            memory_size=spec.memory_mb,
            timeout=spec.timeout,
            environment={
                **platform.environment,
                "POWERTOOLS_SERVICE_NAME": spec.short_name,
                **(extra_environment or {}),
            },
            vpc=platform.vpc,
            vpc_subnets=platform.subnets,
            security_groups=[self.security_group],
            log_group=self.log_group,
            tracing=lambda_.Tracing.ACTIVE,
            role=self.role,
            reserved_concurrent_executions=reserved_concurrency,
            code_signing_config=platform.code_signing_config,
        )
        _override_id(self.function, f"{name}Function")
        _override_id(self.role, f"{name}FunctionRole")
        _override_id(self.log_group, f"{name}FunctionLogGroup")
        _override_id(self.security_group, f"{name}FunctionSecurityGroup")
        Validations.of(self.function).acknowledge(
            Acknowledgment(
                id="AwsSolutions-L1",
                reason="Python 3.12 is the project's pinned Lambda runtime: the layer is built "
                "for cp312 "
                "and the code is tested on it; moving runtime is a deliberate, tested change",
            )
        )
        Validations.of(self.role).acknowledge(
            Acknowledgment(
                id="AwsSolutions-IAM5[Resource::*]",
                reason="X-Ray PutTraceSegments/PutTelemetryRecords and the VPC ENI actions "
                "(CreateNetworkInterface, Describe*) support no resource-level permissions",
            )
        )
        # The ARN pattern of this function's own versions and aliases, for invoke grants.
        self.qualified_arn_pattern = f"{self.function.function_arn}:*"


def _override_id(construct: Construct, logical_id: str) -> None:
    """Readable, stable logical ids: the local cloud and people read the template by them."""
    child = construct.node.default_child
    if child is not None:
        child.override_logical_id(logical_id)  # type: ignore[attr-defined]


override_logical_id = _override_id
