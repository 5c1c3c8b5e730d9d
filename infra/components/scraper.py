"""The scraper on ECS: a Fargate (Spot) cluster, the task definition with its image built from
the repository at deploy time, the continuous service scaled by the scrape backlog, and what
the task may do (table items, consume scrape jobs, send failure records).

Created in the stack's scope, so logical ids stay `Cluster`, `ScraperTaskDefinition`, ...
"""

from __future__ import annotations

from pathlib import Path

from aws_cdk import Acknowledgment, Duration, IgnoreMode, RemovalPolicy, Stack, Validations
from aws_cdk import aws_applicationautoscaling as appscaling
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from aws_cdk import aws_sqs as sqs
from aws_cdk.aws_ecr_assets import Platform

from infra.components import reach
from infra.components.functions import log_retention, override_logical_id
from infra.components.monitoring import METRICS_NAMESPACE
from infra.components.table import grant_items
from infra.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SCRAPER_DOCKERFILE = "src/compute/scraper/Dockerfile"  # relative to the repository root
SCRAPER_CONTAINER_NAME = "scraper"


class Scraper:
    """The scraper's cluster, task definition, container, security group and service."""

    def __init__(
        self,
        scope: Stack,
        *,
        vpc: ec2.IVpc,
        subnets: ec2.SubnetSelection,
        table: dynamodb.ITable,
        scrape_queue: sqs.IQueue,
        pipeline_failures_queue: sqs.IQueue,
        settings: Settings,
        removal: RemovalPolicy,
        dockerfile: str = SCRAPER_DOCKERFILE,
    ) -> None:
        self.cluster = ecs.Cluster(
            scope,
            "Cluster",
            vpc=vpc,
            enable_fargate_capacity_providers=True,  # FARGATE and FARGATE_SPOT
            container_insights_v2=ecs.ContainerInsights.ENABLED,
        )
        override_logical_id(self.cluster, "Cluster")
        self.log_group = logs.LogGroup(
            scope,
            "ScraperLogGroup",
            retention=log_retention(settings.log_retention_days),
            removal_policy=removal,
        )
        override_logical_id(self.log_group, "ScraperLogGroup")
        self.task_definition = ecs.FargateTaskDefinition(
            scope,
            "ScraperTaskDefinition",
            cpu=1024,  # 1 vCPU: one Chromium page at a time renders without starving
            memory_limit_mib=2048,  # 2 GB: Chromium + Python stay below it with headroom
            # ephemeral storage: the 20 GiB default (CDK only accepts 21-200 explicitly)
            runtime_platform=ecs.RuntimePlatform(
                cpu_architecture=ecs.CpuArchitecture.ARM64,
                operating_system_family=ecs.OperatingSystemFamily.LINUX,
            ),
        )
        override_logical_id(self.task_definition, "ScraperTaskDefinition")
        image = ecs.ContainerImage.from_asset(
            str(ROOT),
            file=dockerfile,
            platform=Platform.LINUX_ARM64,
            # Only what the image needs; the build itself happens at deploy time (cdk-assets).
            exclude=[
                "*",
                "!pyproject.toml",
                "!README.md",
                "!requirements",
                "!src",
                "!contracts",
                "**/__pycache__",
            ],
            ignore_mode=IgnoreMode.DOCKER,
        )
        self.container = self.task_definition.add_container(
            SCRAPER_CONTAINER_NAME,
            container_name=SCRAPER_CONTAINER_NAME,
            image=image,
            memory_limit_mib=2048,
            essential=True,
            # Fargate Spot warns 2 minutes ahead: SIGTERM, finish the current job, exit.
            stop_timeout=Duration.seconds(120),
            logging=ecs.LogDrivers.aws_logs(
                stream_prefix="scraper",
                log_group=self.log_group,
                mode=ecs.AwsLogDriverMode.NON_BLOCKING,
            ),
            environment={
                "TABLE_NAME": table.table_name,
                "SCRAPE_QUEUE_URL": scrape_queue.queue_url,
                "PIPELINE_FAILURES_QUEUE_URL": pipeline_failures_queue.queue_url,
                "POWERTOOLS_SERVICE_NAME": "scraper",
                "POWERTOOLS_METRICS_NAMESPACE": METRICS_NAMESPACE,
                "LOG_LEVEL": settings.log_level,
                "MODE": "continuous",  # drains forever; the state machine sets batch
            },
        )
        task_role = self.task_definition.task_role
        grant_items(task_role, table.table_arn)
        scrape_queue.grant_consume_messages(task_role)
        # A roster job queues a profile job for each artist it reads on the rendered site.
        task_role.add_to_principal_policy(
            iam.PolicyStatement(actions=["sqs:SendMessage"], resources=[scrape_queue.queue_arn])
        )
        pipeline_failures_queue.grant_send_messages(task_role)
        # Metrics (BlockedRequests) leave as EMF in the JSON logs: no PutMetricData needed.
        self.security_group = ec2.SecurityGroup(
            scope,
            "ScraperSecurityGroup",
            vpc=vpc,
            description="Scraper tasks: no inbound; outbound HTTPS to AWS APIs, HTTP(S) to the web",
            allow_all_outbound=False,
        )
        reach.allow_egress(self.security_group, web=True, proxy_ports=settings.egress_proxy_ports)
        override_logical_id(self.security_group, "ScraperSecurityGroup")
        self.service = ecs.FargateService(
            scope,
            "ScraperService",
            cluster=self.cluster,
            task_definition=self.task_definition,
            desired_count=0,  # autoscaling starts tasks when jobs wait
            capacity_provider_strategies=[
                ecs.CapacityProviderStrategy(capacity_provider="FARGATE_SPOT", weight=1),
            ],
            vpc_subnets=subnets,
            security_groups=[self.security_group],
            assign_public_ip=False,
            min_healthy_percent=0,
            max_healthy_percent=200,
            circuit_breaker=ecs.DeploymentCircuitBreaker(rollback=True),
        )
        override_logical_id(self.service, "ScraperService")
        self._scale_on_backlog(scrape_queue)

    def _scale_on_backlog(self, scrape_queue: sqs.IQueue) -> None:
        backlog = cloudwatch.MathExpression(
            expression="visible + inflight",
            using_metrics={
                "visible": scrape_queue.metric_approximate_number_of_messages_visible(
                    period=Duration.minutes(1), statistic="Maximum"
                ),
                "inflight": scrape_queue.metric_approximate_number_of_messages_not_visible(
                    period=Duration.minutes(1), statistic="Maximum"
                ),
            },
            period=Duration.minutes(1),
            label="Scrape backlog (visible + in flight)",
        )
        scaling = self.service.auto_scale_task_count(min_capacity=0, max_capacity=10)
        # Exact task counts by backlog: none waiting -> 0 tasks; 1-49 -> 1; 500+ -> all 10.
        # The backlog is whole messages: a bound halfway between two keeps AWS's rules (below
        # the threshold a step's upper bound is inclusive) from giving one waiting job 0 tasks,
        # and the two alarms (<= and >= the same threshold) from both firing at exactly 50.
        scaling.scale_on_metric(
            "ScrapeBacklogScaling",
            metric=backlog,
            adjustment_type=appscaling.AdjustmentType.EXACT_CAPACITY,
            scaling_steps=[
                appscaling.ScalingInterval(upper=0.5, change=0),
                appscaling.ScalingInterval(lower=0.5, upper=49.5, change=1),
                appscaling.ScalingInterval(lower=49.5, upper=200, change=3),
                appscaling.ScalingInterval(lower=200, upper=500, change=6),
                appscaling.ScalingInterval(lower=500, change=10),
            ],
            cooldown=Duration.minutes(2),
            evaluation_periods=2,
        )

    def acknowledge_findings(self) -> None:
        """cdk-nag findings that are deliberate, each with the reason it is acceptable."""
        Validations.of(self.task_definition).acknowledge(
            Acknowledgment(
                id="AwsSolutions-ECS2",
                reason="the variables are resource names and modes, not secrets; the same "
                "names are the "
                "documented configuration of the scraper",
            )
        )
        Validations.of(self.task_definition.obtain_execution_role()).acknowledge(
            Acknowledgment(
                id="AwsSolutions-IAM5[Resource::*]",
                reason="ecr:GetAuthorizationToken (pulling the image) has no resource-level "
                "permissions",
            )
        )
