"""Minimal stand-ins for what other modules own, so the compute module deploys on its own (`dev`).

Production composes `ComputeStack` with the real network, data and search modules instead; this
stack only exists so that a developer account (or the local cloud) has something to point at.
"""

from __future__ import annotations

from aws_cdk import Acknowledgment, CfnOutput, Fn, RemovalPolicy, Stack, Tags, Validations
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from aws_cdk import aws_opensearchservice as opensearch
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from infra.components.egress import EGRESS_TAG_KEY, EGRESS_TAG_VALUE
from infra.components.table import MAIN_TABLE_INDEXES
from infra.settings import Settings
from infra.stacks.compute_stack import ComputeInputs


class DevFoundationStack(Stack):
    """VPC with a NAT gateway, the main table (stream, GSIs, PITR), OpenSearch 2.19 in the VPC,
    secrets."""

    def __init__(
        self, scope: Construct, construct_id: str, *, settings: Settings, **kwargs: object
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)  # type: ignore[arg-type]
        removal = RemovalPolicy.DESTROY if settings.destroy_on_removal else RemovalPolicy.RETAIN

        # Two AZs; one NAT gateway is enough for dev and is what the egress rotation swaps.
        self.vpc = ec2.Vpc(
            self,
            "Vpc",
            max_azs=2,
            nat_gateways=1,
            # The restriction is a Lambda-backed custom resource the local cloud cannot run.
            restrict_default_security_group=False,
            subnet_configuration=[
                ec2.SubnetConfiguration(
                    name="public", subnet_type=ec2.SubnetType.PUBLIC, cidr_mask=24
                ),
                ec2.SubnetConfiguration(
                    name="private", subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS, cidr_mask=22
                ),
            ],
        )
        flow_log_group = logs.LogGroup(
            self,
            "VpcFlowLogGroup",
            retention=logs.RetentionDays.ONE_MONTH,
            removal_policy=removal,
        )
        self.vpc.add_flow_log(
            "FlowLog", destination=ec2.FlowLogDestination.to_cloud_watch_logs(flow_log_group)
        )
        # The egress rotation may only release/delete resources carrying this tag (see
        # ComputeStack).
        for subnet in self.vpc.public_subnets:
            for child_id in ("NATGateway", "EIP"):
                child = subnet.node.try_find_child(child_id)
                if child is not None:
                    Tags.of(child).add(EGRESS_TAG_KEY, EGRESS_TAG_VALUE)
        self.private_subnets = ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS)

        self.search_security_group = ec2.SecurityGroup(
            self,
            "SearchSecurityGroup",
            vpc=self.vpc,
            description="OpenSearch domain: HTTPS only from the compute functions (rules added "
            "there)",
            allow_all_outbound=False,
        )

        self.table = dynamodb.Table(
            self,
            "MainTable",
            partition_key=dynamodb.Attribute(name="PK", type=dynamodb.AttributeType.STRING),
            sort_key=dynamodb.Attribute(name="SK", type=dynamodb.AttributeType.STRING),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            stream=dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            time_to_live_attribute="expiresAt",
            removal_policy=removal,
        )
        for gsi in MAIN_TABLE_INDEXES:
            self.table.add_global_secondary_index(
                index_name=gsi,
                partition_key=dynamodb.Attribute(
                    name=f"{gsi}PK", type=dynamodb.AttributeType.STRING
                ),
                sort_key=dynamodb.Attribute(name=f"{gsi}SK", type=dynamodb.AttributeType.STRING),
            )
        self.table.node.default_child.override_logical_id("MainTable")  # type: ignore[union-attr]

        search_app_logs = logs.LogGroup(
            self,
            "SearchAppLogGroup",
            retention=logs.RetentionDays.ONE_MONTH,
            removal_policy=removal,
        )
        search_slow_search_logs = logs.LogGroup(
            self,
            "SearchSlowSearchLogGroup",
            retention=logs.RetentionDays.ONE_MONTH,
            removal_policy=removal,
        )
        search_slow_index_logs = logs.LogGroup(
            self,
            "SearchSlowIndexLogGroup",
            retention=logs.RetentionDays.ONE_MONTH,
            removal_policy=removal,
        )
        # A plain AWS::Logs::ResourcePolicy instead of CDK's Lambda-backed custom resource.
        search_log_groups = (search_app_logs, search_slow_search_logs, search_slow_index_logs)
        search_logs_policy = iam.PolicyDocument(
            statements=[
                iam.PolicyStatement(
                    principals=[iam.ServicePrincipal("es.amazonaws.com")],
                    actions=["logs:PutLogEvents", "logs:CreateLogStream"],
                    resources=[group.log_group_arn for group in search_log_groups],
                    conditions={"StringEquals": {"aws:SourceAccount": self.account}},
                )
            ]
        )
        logs.CfnResourcePolicy(
            self,
            "SearchLogsResourcePolicy",
            policy_name=f"{self.stack_name}-opensearch-logs",
            policy_document=self.to_json_string(search_logs_policy.to_json()),
        )
        self.search_domain = opensearch.Domain(
            self,
            "SearchDomain",
            version=opensearch.EngineVersion.open_search("2.19"),
            vpc=self.vpc,
            vpc_subnets=[ec2.SubnetSelection(subnets=[self.vpc.private_subnets[0]])],
            security_groups=[self.search_security_group],
            capacity=opensearch.CapacityConfig(
                data_nodes=1,
                data_node_instance_type="t3.small.search",
                multi_az_with_standby_enabled=False,
            ),
            ebs=opensearch.EbsOptions(volume_size=10, volume_type=ec2.EbsDeviceVolumeType.GP3),
            zone_awareness=opensearch.ZoneAwarenessConfig(enabled=False),
            encryption_at_rest=opensearch.EncryptionAtRestOptions(enabled=True),
            node_to_node_encryption=True,
            enforce_https=True,
            tls_security_policy=opensearch.TLSSecurityPolicy.TLS_1_2,
            logging=opensearch.LoggingOptions(
                app_log_enabled=True,
                app_log_group=search_app_logs,
                slow_search_log_enabled=True,
                slow_search_log_group=search_slow_search_logs,
                slow_index_log_enabled=True,
                slow_index_log_group=search_slow_index_logs,
            ),
            suppress_logs_resource_policy=True,
            removal_policy=removal,
        )
        # Only signed requests from this account's principals (the functions get es:ESHttp* grants).
        # Set on the L1: the L2's access_policies adds a Lambda-backed custom resource.
        access_policy = iam.PolicyDocument(
            statements=[
                iam.PolicyStatement(
                    principals=[iam.AccountRootPrincipal()],
                    actions=["es:ESHttp*"],
                    resources=[f"arn:{self.partition}:es:{self.region}:{self.account}:domain/*"],
                )
            ]
        )
        cfn_domain: opensearch.CfnDomain = self.search_domain.node.default_child  # type: ignore[assignment]
        cfn_domain.access_policies = access_policy.to_json()
        cfn_domain.override_logical_id("SearchDomain")
        Validations.of(self.search_domain).acknowledge(
            Acknowledgment(
                id="AwsSolutions-OS3",
                reason="the domain lives in private subnets behind a security group; access is "
                "by VPC and signed IAM requests, not IP allowlists",
            ),
            Acknowledgment(
                id="AwsSolutions-OS4",
                reason="dev stand-in: a single t3.small data node; dedicated masters triple "
                "the cost for no benefit at this size",
            ),
            Acknowledgment(
                id="AwsSolutions-OS7",
                reason="dev stand-in: one node in one AZ; the production search module owns "
                "zone awareness",
            ),
        )

        # Readable export names: the compute stack imports these by name (and cdk-nag findings
        # name the import instead of a generated hash).
        self.search_domain_arn_export = f"{self.stack_name}-SearchDomainArn"
        self.search_domain_endpoint_export = f"{self.stack_name}-SearchDomainEndpoint"
        CfnOutput(
            self,
            "SearchDomainArn",
            value=self.search_domain.domain_arn,
            export_name=self.search_domain_arn_export,
        )
        CfnOutput(
            self,
            "SearchDomainEndpoint",
            value=self.search_domain.domain_endpoint,
            export_name=self.search_domain_endpoint_export,
        )

        self.places_api_key_secret = secretsmanager.Secret(
            self,
            "PlacesApiKeySecret",
            description="Google Places API key (set the real value after the first deploy)",
            removal_policy=removal,
        )
        Validations.of(self.places_api_key_secret).acknowledge(
            Acknowledgment(
                id="AwsSolutions-SMG4",
                reason="a third-party API key: Google issues it, so Secrets Manager cannot "
                "rotate it; rotate by hand in the Google console",
            ),
        )

    def compute_inputs(self) -> ComputeInputs:
        """What the compute stack needs from this one."""
        return ComputeInputs(
            vpc=self.vpc,
            private_subnets=self.private_subnets,
            search_security_group=self.search_security_group,
            table=self.table,
            search_domain_arn=Fn.import_value(self.search_domain_arn_export),
            search_domain_endpoint=Fn.import_value(self.search_domain_endpoint_export),
            places_api_key_secret=self.places_api_key_secret,
            alerts_topic=None,
        )
