"""The aggregation state machine: infra/statemachine/aggregation.asl.json with the ARNs of its
steps, queues and scraper substituted, its log group, and what its role may do (invoke the
steps, start and stop its own Distributed Map children, run the scraper task .sync).

Created in the stack's scope, so logical ids stay `AggregationStateMachine`, ...
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from aws_cdk import Acknowledgment, Duration, Fn, RemovalPolicy, Stack, Validations
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_sqs as sqs
from aws_cdk import aws_stepfunctions as sfn

from infra.components.functions import log_retention, override_logical_id
from infra.components.network import selected_subnets
from infra.components.scraper import SCRAPER_CONTAINER_NAME, Scraper

ROOT = Path(__file__).resolve().parents[2]
ASL_FILE = ROOT / "infra" / "statemachine" / "aggregation.asl.json"
# The functions the state machine runs as its steps, by short name.
PIPELINE_FUNCTIONS = (
    "discover-studios",
    "find-artists",
    "validate-artists",
    "queue-scraping",
    "summarize",
)


def studio_map_concurrency() -> int:
    """How many studios the ForEachStudio Map crawls at once: find-artists reserves as many
    (each waits on one host's politeness delay, so parallelism across hosts is the throughput)."""
    asl = json.loads(ASL_FILE.read_text(encoding="utf-8"))
    return int(asl["States"]["ForEachStudio"]["MaxConcurrency"])


class AggregationStateMachine:
    """The state machine, its log group and its role's permissions."""

    def __init__(
        self,
        scope: Stack,
        *,
        steps: Mapping[str, lambda_.IFunction],
        pipeline_failures_queue: sqs.IQueue,
        scraper: Scraper,
        vpc: ec2.IVpc,
        subnets: ec2.SubnetSelection,
        log_retention_days: int,
        removal: RemovalPolicy,
    ) -> None:
        self._scope = scope
        private = selected_subnets(vpc, subnets)
        subnet_ids = Fn.join(",", [subnet.subnet_id for subnet in private])
        self.log_group = logs.LogGroup(
            scope,
            "AggregationStateMachineLogGroup",
            log_group_name=f"/aws/vendedlogs/states/{scope.stack_name}-aggregation",
            retention=log_retention(log_retention_days),
            removal_policy=removal,
        )
        override_logical_id(self.log_group, "AggregationStateMachineLogGroup")
        # A fixed name lets the role allow the Distributed Map to start child executions of this
        # very state machine without a dependency cycle.
        self.name = f"{scope.stack_name}-aggregation"
        substitutions = {
            "DiscoverStudiosFunctionArn": steps["discover-studios"].function_arn,
            "FindArtistsFunctionArn": steps["find-artists"].function_arn,
            "ValidateArtistsFunctionArn": steps["validate-artists"].function_arn,
            "QueueScrapingFunctionArn": steps["queue-scraping"].function_arn,
            "SummarizeFunctionArn": steps["summarize"].function_arn,
            "PipelineFailuresQueueUrl": pipeline_failures_queue.queue_url,
            "ClusterArn": scraper.cluster.cluster_arn,
            "ScraperTaskDefinitionArn": scraper.task_definition.task_definition_arn,
            "ScraperContainerName": SCRAPER_CONTAINER_NAME,
            "ScraperSecurityGroupId": scraper.security_group.security_group_id,
            "PrivateSubnetIds": subnet_ids,
        }
        self.state_machine = sfn.StateMachine(
            scope,
            "AggregationStateMachine",
            state_machine_name=self.name,
            definition_body=sfn.DefinitionBody.from_string(ASL_FILE.read_text()),
            definition_substitutions=substitutions,
            state_machine_type=sfn.StateMachineType.STANDARD,
            logs=sfn.LogOptions(
                destination=self.log_group,
                level=sfn.LogLevel.ALL,
                include_execution_data=True,
            ),
            tracing_enabled=True,
            timeout=Duration.hours(12),
        )
        override_logical_id(self.state_machine, "AggregationStateMachine")
        self._grant(steps, pipeline_failures_queue, scraper)

    def _grant(
        self,
        steps: Mapping[str, lambda_.IFunction],
        pipeline_failures_queue: sqs.IQueue,
        scraper: Scraper,
    ) -> None:
        scope, name = self._scope, self.name
        role = self.state_machine.role
        # Unqualified ARNs only: the definition invokes $LATEST of each step (no version wildcard).
        role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["lambda:InvokeFunction"],
                resources=[steps[step].function_arn for step in PIPELINE_FUNCTIONS],
            )
        )
        pipeline_failures_queue.grant_send_messages(role)
        arn = f"arn:{scope.partition}:states:{scope.region}:{scope.account}"
        role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["states:StartExecution"],
                resources=[f"{arn}:stateMachine:{name}"],
            )
        )
        role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["states:DescribeExecution", "states:StopExecution"],
                resources=[f"{arn}:execution:{name}/*"],
            )
        )
        role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["states:DescribeMapRun", "states:UpdateMapRun", "states:ListMapRuns"],
                resources=[f"{arn}:mapRun:{name}/*", f"{arn}:stateMachine:{name}"],
            )
        )
        cluster_arn = scraper.cluster.cluster_arn
        role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["ecs:RunTask"],
                resources=[scraper.task_definition.task_definition_arn],
                conditions={"ArnEquals": {"ecs:cluster": cluster_arn}},
            )
        )
        role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["ecs:StopTask", "ecs:DescribeTasks"],
                resources=[f"arn:{scope.partition}:ecs:{scope.region}:{scope.account}:task/*"],
                conditions={"ArnEquals": {"ecs:cluster": cluster_arn}},
            )
        )
        role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["iam:PassRole"],
                resources=[
                    scraper.task_definition.task_role.role_arn,
                    scraper.task_definition.obtain_execution_role().role_arn,
                ],
            )
        )
        # ecs:runTask.sync learns that a task stopped through this managed rule.
        role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["events:PutTargets", "events:PutRule", "events:DescribeRule"],
                resources=[
                    f"arn:{scope.partition}:events:{scope.region}:{scope.account}:rule/StepFunctionsGetEventsForECSTaskRule"
                ],
            )
        )

    def acknowledge_findings(self) -> None:
        """cdk-nag findings that are deliberate, each with the reason it is acceptable."""
        scope, name = self._scope, self.name
        sm_arn = f"arn:aws:states:{scope.region}:{scope.account}"
        ecs_arn = f"arn:aws:ecs:{scope.region}:{scope.account}"
        Validations.of(self.state_machine.role).acknowledge(
            Acknowledgment(
                id="AwsSolutions-IAM5[Resource::*]",
                reason="X-Ray and CloudWatch Logs delivery APIs (logging level ALL) have no "
                "resource-level permissions",
            ),
            Acknowledgment(
                id=f"AwsSolutions-IAM5[Resource::{sm_arn}:execution:{name}/*]",
                reason="the Distributed Map describes and stops its own child executions, "
                "whose names are generated",
            ),
            Acknowledgment(
                id=f"AwsSolutions-IAM5[Resource::{sm_arn}:mapRun:{name}/*]",
                reason="the Distributed Map manages its own map runs, whose ids are generated",
            ),
            Acknowledgment(
                id=f"AwsSolutions-IAM5[Resource::{ecs_arn}:task/*]",
                reason="ecs:runTask.sync describes and stops the tasks it started (ids "
                "generated), limited to "
                "the cluster by condition",
            ),
        )
