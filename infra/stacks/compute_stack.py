"""The compute module: functions, queues, the scraper on ECS, the aggregation state machine, the
HTTP API, schedules, alarms and a dashboard.

It takes what other modules own (network, table, search domain, secrets, optionally the alerts
topic) as `ComputeInputs`, so the same stack deploys against the dev stand-ins
(`DevFoundationStack`) or against the real modules.
"""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import (
    Acknowledgment,
    AssetHashType,
    CfnOutput,
    Duration,
    RemovalPolicy,
    Stack,
    Validations,
)
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as event_sources
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_ses as ses
from aws_cdk import aws_sns as sns
from constructs import Construct

from infra.components import egress, reach
from infra.components.alerts import alerts_topic
from infra.components.api import HttpApi
from infra.components.function_specs import FUNCTION_SPECS, WEB_FUNCTIONS
from infra.components.functions import (
    FUNCTION_ASSET,
    LAYER_ASSET,
    ComputeFunction,
    FunctionPlatform,
    override_logical_id,
)
from infra.components.monitoring import METRICS_NAMESPACE, Monitoring
from infra.components.queues import Queues
from infra.components.schedules import Schedules
from infra.components.scraper import SCRAPER_DOCKERFILE, Scraper
from infra.components.state_machine import (
    PIPELINE_FUNCTIONS,
    AggregationStateMachine,
    studio_map_concurrency,
)
from infra.components.table import grant_items, item_types
from infra.layer import fingerprint as layer_fingerprint
from infra.settings import Settings

SEARCH_INDEX_ALIAS = "artists"
# Item types the sync ignores (every item type but the artist, as compute.services.sync_batch
# derives them from the same contracts): their stream records never invoke the sync.
SYNC_IGNORED_TYPES = tuple(sorted(item_types() - {"artist"}))


@dataclass(frozen=True)
class ComputeInputs:
    """What other modules own and the compute module uses."""

    vpc: ec2.IVpc
    private_subnets: ec2.SubnetSelection
    search_security_group: ec2.ISecurityGroup
    table: dynamodb.ITable  # must have a stream (NEW_AND_OLD_IMAGES)
    search_domain_arn: str  # arn:...:domain/<name>
    search_domain_endpoint: str  # host name, without scheme
    places_api_key_secret: secretsmanager.ISecret
    alerts_topic: sns.ITopic | None = None  # created here when not given


class ComputeStack(Stack):
    """The compute module, wired to `ComputeInputs`; logical ids are stable and readable
    (`ApiFunction`, `ScrapeQueue`, `AggregationStateMachine`, ...) because the local cloud and
    people read the template by them."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        inputs: ComputeInputs,
        settings: Settings,
        scraper_dockerfile: str = SCRAPER_DOCKERFILE,
        **kwargs: object,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)  # type: ignore[arg-type]
        self.inputs = inputs
        self.settings = settings
        self.removal = (
            RemovalPolicy.DESTROY if settings.destroy_on_removal else RemovalPolicy.RETAIN
        )
        if inputs.table.table_stream_arn is None:
            raise ValueError("ComputeInputs.table must have a stream (NEW_AND_OLD_IMAGES) for sync")

        self._alerts()
        self._queues()
        self._idempotency_table()
        self._removal_mail()
        self._functions()
        self._sync_mapping()
        self._parts(scraper_dockerfile)
        self.alarms = Monitoring(self).alarms
        self._vpc_endpoints()
        self._outputs()
        self._acknowledge_stack_findings()

    # ----- alerts, queues, tables -------------------------------------------------------------

    def _alerts(self) -> None:
        if self.inputs.alerts_topic is not None:
            self.alerts_topic: sns.ITopic = self.inputs.alerts_topic
            return
        self.alerts_topic, self.alerts_key = alerts_topic(
            self, alert_email=self.settings.alert_email, removal=self.removal
        )

    def _queues(self) -> None:
        queues = Queues(self, removal=self.removal)
        self.scrape_queue, self.scrape_dlq = queues.scrape_queue, queues.scrape_dlq
        self.sync_failures_queue = queues.sync_failures_queue
        self.pipeline_failures_queue = queues.pipeline_failures_queue
        self.events_dlq = queues.events_dlq
        self.dead_letter_queues = queues.dead_letter_queues

    def _idempotency_table(self) -> None:
        # Powertools idempotency store: PK `id`, TTL `expiration` (its defaults).
        self.idempotency_table = dynamodb.Table(
            self,
            "IdempotencyTable",
            partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            time_to_live_attribute="expiration",
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            removal_policy=self.removal,
        )
        override_logical_id(self.idempotency_table, "IdempotencyTable")

    def _removal_mail(self) -> None:
        """The removal confirmation: a key that signs the e-mailed links, and the SES
        identity (the sender's domain) they are sent from."""
        settings = self.settings
        self.removal_link_secret = secretsmanager.Secret(
            self,
            "RemovalLinkSecret",
            description="HMAC key that signs removal confirmation links (compute.domain."
            "confirmation)",
            generate_secret_string=secretsmanager.SecretStringGenerator(
                password_length=64, exclude_punctuation=True
            ),
            removal_policy=self.removal,
        )
        override_logical_id(self.removal_link_secret, "RemovalLinkSecret")
        self.removal_sender_domain = settings.removal_sender.rpartition("@")[2]
        self.removal_sender_identity = ses.EmailIdentity(
            self,
            "RemovalSenderIdentity",
            identity=ses.Identity.domain(self.removal_sender_domain),
        )
        override_logical_id(self.removal_sender_identity, "RemovalSenderIdentity")

    # ----- functions --------------------------------------------------------------------------

    def _functions(self) -> None:
        inputs, settings = self.inputs, self.settings
        layer = lambda_.LayerVersion(
            self,
            "SharedLayer",
            # Hashed by the lock it was built from: hashing ~100 MB of files costs seconds.
            code=lambda_.Code.from_asset(
                str(LAYER_ASSET),
                asset_hash_type=AssetHashType.CUSTOM,
                asset_hash=layer_fingerprint(),
            ),
            compatible_runtimes=[lambda_.Runtime.PYTHON_3_12],
            compatible_architectures=[lambda_.Architecture.ARM_64],
            description="Third-party dependencies of the compute package (runtime.lock), arm64",
        )
        override_logical_id(layer, "SharedLayer")
        code_signing: lambda_.ICodeSigningConfig | None = None
        if settings.signer_profile_arn:
            config = lambda_.CfnCodeSigningConfig(
                self,
                "CodeSigningConfig",
                allowed_publishers=lambda_.CfnCodeSigningConfig.AllowedPublishersProperty(
                    signing_profile_version_arns=[settings.signer_profile_arn]
                ),
                code_signing_policies=lambda_.CfnCodeSigningConfig.CodeSigningPoliciesProperty(
                    untrusted_artifact_on_deployment="Enforce"
                ),
                description="Only code signed by the configured AWS Signer profile deploys",
            )
            code_signing = lambda_.CodeSigningConfig.from_code_signing_config_arn(
                self, "CodeSigning", config.attr_code_signing_config_arn
            )
        self.function_environment = {
            "TABLE_NAME": inputs.table.table_name,
            "IDEMPOTENCY_TABLE_NAME": self.idempotency_table.table_name,
            "SEARCH_ENDPOINT": f"https://{inputs.search_domain_endpoint}",
            "SEARCH_INDEX_ALIAS": SEARCH_INDEX_ALIAS,
            "SCRAPE_QUEUE_URL": self.scrape_queue.queue_url,
            "PIPELINE_FAILURES_QUEUE_URL": self.pipeline_failures_queue.queue_url,
            "ALERTS_TOPIC_ARN": self.alerts_topic.topic_arn,
            "PLACES_API_KEY_SECRET_ARN": inputs.places_api_key_secret.secret_arn,
            "PLACES_API_URL": settings.places_api_url,
            "POWERTOOLS_METRICS_NAMESPACE": METRICS_NAMESPACE,
            "LOG_LEVEL": settings.log_level,
        }
        platform = FunctionPlatform(
            vpc=inputs.vpc,
            subnets=inputs.private_subnets,
            code=lambda_.Code.from_asset(str(FUNCTION_ASSET)),
            layer=layer,
            environment=self.function_environment,
            code_signing_config=code_signing,
            log_retention_days=settings.log_retention_days,
            removal_policy=self.removal,
            proxy_ports=tuple(settings.egress_proxy_ports),
        )
        egress_environment = egress.rotation_environment(
            inputs.vpc, inputs.private_subnets, inputs.table.table_name, settings
        )
        extra_environment = {
            "rotate-egress-ip": egress_environment,
            # Records the sync can never apply go here, beside the mapping's own failure records.
            "sync": {"SYNC_FAILURES_QUEUE_URL": self.sync_failures_queue.queue_url},
            "api": self._removal_environment(),
        }
        self.functions: dict[str, ComputeFunction] = {}
        for short_name, spec in FUNCTION_SPECS.items():
            self.functions[short_name] = ComputeFunction(
                self,
                spec,
                platform,
                reserved_concurrency=settings.api_reserved_concurrency
                if short_name == "api"
                else studio_map_concurrency()
                if short_name == "find-artists"
                else None,
                extra_environment=extra_environment.get(short_name),
                reaches_web=short_name in WEB_FUNCTIONS,
            )
        self._grant_function_permissions()

        api = self.functions["api"].function
        self.api_live_alias = lambda_.Alias(
            self,
            "ApiLiveAlias",
            alias_name="live",
            version=api.current_version,
            provisioned_concurrent_executions=settings.api_provisioned_concurrency or None,
            description="What API Gateway invokes; provisioned concurrency keeps it warm",
        )
        override_logical_id(self.api_live_alias, "ApiLiveAlias")

    def _removal_environment(self) -> dict[str, str]:
        settings = self.settings
        return {
            "REMOVAL_LINK_SECRET_ARN": self.removal_link_secret.secret_arn,
            "REMOVAL_SENDER": settings.removal_sender,
            "REMOVAL_LIMIT_PER_CLIENT": str(settings.removal_limit_per_client),
            "REMOVAL_LIMIT_PER_ARTIST": str(settings.removal_limit_per_artist),
        }

    def _search_access(self, fn: ComputeFunction, actions: list[str]) -> None:
        domain_arn = self.inputs.search_domain_arn
        fn.role.add_to_principal_policy(
            iam.PolicyStatement(actions=actions, resources=[domain_arn, f"{domain_arn}/*"])
        )
        search_group_id = self.inputs.search_security_group.security_group_id
        reach.allow_search(
            self, fn.spec.construct_name, fn.security_group.security_group_id, search_group_id
        )
        # The domain's side lives in this stack too (a rule added to the imported group would
        # create a cycle).
        rule = ec2.CfnSecurityGroupIngress(
            self,
            f"{fn.spec.construct_name}FunctionToSearchIngress",
            group_id=self.inputs.search_security_group.security_group_id,
            source_security_group_id=fn.security_group.security_group_id,
            ip_protocol="tcp",
            from_port=443,
            to_port=443,
            description=f"{fn.spec.short_name} function to search (HTTPS)",
        )
        rule.override_logical_id(f"{fn.spec.construct_name}FunctionToSearchIngress")

    def _grant_function_permissions(self) -> None:
        f = self.functions
        idem = self.idempotency_table
        # api: reads artists; removal requests write the request, the denylist and purge the artist.
        grant_items(f["api"].role, self.inputs.table.table_arn)
        idem.grant_read_write_data(f["api"].function)
        # api: the removal link's key, and SES from the one sender address only.
        self.removal_link_secret.grant_read(f["api"].function)
        f["api"].role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["ses:SendEmail"],
                resources=[
                    f"arn:aws:ses:{self.region}:{self.account}:identity/"
                    f"{self.removal_sender_domain}"
                ],
                conditions={"StringEquals": {"ses:FromAddress": self.settings.removal_sender}},
            )
        )
        self._search_access(
            f["api"], ["es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost", "es:ESHttpDelete"]
        )
        # sync: stream read is granted by the mapping; it writes and deletes documents, creates
        # the index.
        self._search_access(
            f["sync"],
            ["es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost", "es:ESHttpPut", "es:ESHttpDelete"],
        )
        # sync: reads whether the table lists an artist and keeps each delete's version (the
        # artist's floor); records what it can never apply on the sync-failures queue.
        f["sync"].role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["dynamodb:GetItem", "dynamodb:UpdateItem"],
                resources=[self.inputs.table.table_arn],
            )
        )
        self.sync_failures_queue.grant_send_messages(f["sync"].function)
        # reconcile: scans the artists (the one function that may Scan), re-reads and raises
        # versions; reads the whole index and writes or deletes what differs.
        f["reconcile"].role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=[
                    "dynamodb:Scan",
                    "dynamodb:GetItem",
                    "dynamodb:BatchGetItem",
                    "dynamodb:UpdateItem",
                ],
                resources=[self.inputs.table.table_arn],
            )
        )
        self._search_access(
            f["reconcile"],
            ["es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost", "es:ESHttpDelete"],
        )
        # pipeline steps: their own items in the main table.
        for name in PIPELINE_FUNCTIONS:
            grant_items(f[name].role, self.inputs.table.table_arn)
            idem.grant_read_write_data(f[name].function)
        self.inputs.places_api_key_secret.grant_read(f["discover-studios"].function)
        self.scrape_queue.grant_send_messages(f["queue-scraping"].function)
        # find-artists hands a studio only a browser can read to the scrapers as a roster job.
        f["find-artists"].role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["sqs:SendMessage"], resources=[self.scrape_queue.queue_arn]
            )
        )
        # summarize reads queue depths, finding the DLQ through the scrape queue's redrive policy.
        f["summarize"].role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["sqs:GetQueueAttributes", "sqs:GetQueueUrl"],
                resources=[
                    queue.queue_arn
                    for queue in (self.scrape_queue, self.scrape_dlq, self.pipeline_failures_queue)
                ],
            )
        )
        self._grant_egress_rotation(f["rotate-egress-ip"])

    def _grant_egress_rotation(self, fn: ComputeFunction) -> None:
        for statement in egress.rotation_statements(
            self, self.inputs.vpc, self.inputs.private_subnets, self.inputs.table.table_arn
        ):
            fn.role.add_to_principal_policy(statement)
        self.alerts_topic.grant_publish(fn.function)

    def _sync_mapping(self) -> None:
        sync = self.functions["sync"].function
        sync.add_event_source(
            event_sources.DynamoEventSource(
                self.inputs.table,
                starting_position=lambda_.StartingPosition.TRIM_HORIZON,
                batch_size=10,
                # No batching window (AWS's default for streams): a write reaches the index as soon
                # as the shard is polled; under load, batches fill while one is in flight.
                max_batching_window=Duration.seconds(0),
                bisect_batch_on_error=True,  # isolate a poison record instead of blocking the shard
                retry_attempts=5,  # bounded: then the record goes to the on-failure queue
                max_record_age=Duration.hours(6),  # older changes are superseded by newer versions
                report_batch_item_failures=True,
                on_failure=event_sources.SqsDlq(self.sync_failures_queue),
                parallelization_factor=1,  # per-item ordering within a shard matters for versions
                # Records of the types the sync ignores never invoke it: host leases, run counters
                # and candidates were most of the stream (a 200-studio pipeline run invoked the sync
                # ~1,050 times, mostly for nothing). Filters are OR'ed: artist records (PK ARTIST#)
                # pass, and so does any other record whose item is not of an ignored type, so a
                # foreign item still reaches the sync and its failure queue with its reason.
                filters=[
                    lambda_.FilterCriteria.filter(
                        {
                            "dynamodb": {
                                "Keys": {"PK": {"S": lambda_.FilterRule.begins_with("ARTIST#")}}
                            }
                        }
                    ),
                    *(
                        lambda_.FilterCriteria.filter(
                            {
                                "dynamodb": {
                                    image: {
                                        "type": {"S": [{"anything-but": list(SYNC_IGNORED_TYPES)}]}
                                    }
                                }
                            }
                        )
                        for image in ("NewImage", "OldImage")
                    ),
                ],
            )
        )
        mapping = next(
            child for child in sync.node.children if isinstance(child, lambda_.EventSourceMapping)
        )
        override_logical_id(mapping, "SyncStreamMapping")
        self.sync_mapping = mapping

    # ----- the parts: scraper, state machine, schedules, API (infra/components) ---------------

    def _parts(self, scraper_dockerfile: str) -> None:
        inputs, settings = self.inputs, self.settings
        self.scraper = Scraper(
            self,
            vpc=inputs.vpc,
            subnets=inputs.private_subnets,
            table=inputs.table,
            scrape_queue=self.scrape_queue,
            pipeline_failures_queue=self.pipeline_failures_queue,
            settings=settings,
            removal=self.removal,
            dockerfile=scraper_dockerfile,
        )
        self.cluster = self.scraper.cluster
        self.scraper_security_group = self.scraper.security_group
        self.aggregation = AggregationStateMachine(
            self,
            steps={name: self.functions[name].function for name in PIPELINE_FUNCTIONS},
            pipeline_failures_queue=self.pipeline_failures_queue,
            scraper=self.scraper,
            vpc=inputs.vpc,
            subnets=inputs.private_subnets,
            log_retention_days=settings.log_retention_days,
            removal=self.removal,
        )
        self.state_machine = self.aggregation.state_machine
        schedules = Schedules(
            self,
            settings=settings,
            aggregation=self.state_machine,
            rotate_egress_ip=self.functions["rotate-egress-ip"].function,
            reconcile=self.functions["reconcile"].function,
            dead_letter_queue=self.events_dlq,
        )
        self.blocked_requests_alarm = schedules.blocked_requests_alarm
        self.api = HttpApi(
            self, target=self.api_live_alias, settings=settings, removal=self.removal
        )
        self.http_api = self.api.http_api

    # ----- outputs and acknowledgments -----------------------------------------------------

    def _output(self, name: str, value: str, description: str) -> None:
        CfnOutput(self, name, value=value, description=description)

    def _vpc_endpoints(self) -> None:
        """Keep AWS traffic off the NAT gateway where that is free or configured (reach.py)."""
        self.vpc_endpoints = reach.VpcEndpoints(
            self,
            "VpcEndpoints",
            vpc=self.inputs.vpc,
            subnets=self.inputs.private_subnets,
            names=self.settings.vpc_endpoints,
            clients=[
                *(fn.security_group for fn in self.functions.values()),
                self.scraper_security_group,
            ],
        )

    def _outputs(self) -> None:
        for fn in self.functions.values():
            name = fn.spec.construct_name
            self._output(
                f"{name}FunctionName",
                fn.function.function_name,
                f"{fn.spec.short_name} function name",
            )
            self._output(
                f"{name}FunctionArn", fn.function.function_arn, f"{fn.spec.short_name} function ARN"
            )
        self._output(
            "ApiLiveAliasArn", self.api_live_alias.function_arn, "The api function's live alias"
        )
        self._output("ApiUrl", self.api.url, "Base URL of the HTTP API")
        self._output(
            "RemovalModeratorPolicyArn",
            self.api.moderator_policy.managed_policy_arn,
            "Attach to the principals that approve or reject removal requests",
        )
        self._output(
            "RemovalSenderDomain",
            self.removal_sender_domain,
            "SES identity the removal confirmation e-mails are sent from (verify its DNS)",
        )
        self._output("ClusterArn", self.cluster.cluster_arn, "ECS cluster of the scraper")
        self._output(
            "ScraperTaskDefinitionArn",
            self.scraper.task_definition.task_definition_arn,
            "Scraper task definition",
        )
        self._output(
            "ScraperServiceName", self.scraper.service.service_name, "Continuous scraper service"
        )
        self._output(
            "StateMachineArn", self.state_machine.state_machine_arn, "Aggregation state machine"
        )
        self._output("ScrapeQueueUrl", self.scrape_queue.queue_url, "Scrape-job queue")
        self._output("ScrapeDlqUrl", self.scrape_dlq.queue_url, "Scrape-job dead-letter queue")
        self._output(
            "SyncFailuresQueueUrl",
            self.sync_failures_queue.queue_url,
            "Sync on-failure destination",
        )
        self._output(
            "PipelineFailuresQueueUrl",
            self.pipeline_failures_queue.queue_url,
            "Pipeline failure records",
        )
        self._output("AlertsTopicArn", self.alerts_topic.topic_arn, "Alerts topic")
        self._output("TableName", self.inputs.table.table_name, "Main table")
        self._output(
            "IdempotencyTableName",
            self.idempotency_table.table_name,
            "Powertools idempotency table",
        )
        self._output(
            "SearchEndpoint", self.function_environment["SEARCH_ENDPOINT"], "OpenSearch endpoint"
        )

    def _acknowledge_stack_findings(self) -> None:
        """cdk-nag findings that are deliberate, each with the reason it is acceptable (the
        parts acknowledge their own)."""
        ack = Acknowledgment
        self.api.acknowledge_findings()
        self.scraper.acknowledge_findings()
        self.aggregation.acknowledge_findings()
        Validations.of(self.removal_link_secret).acknowledge(
            ack(
                id="AwsSolutions-SMG4",
                reason="an HMAC key for confirmation links that live 24 h: rotating it voids "
                "every outstanding link, so it is rotated by hand (put-secret-value, "
                "docs/OPERATIONS.md) when needed, not on a schedule",
            )
        )
        Validations.of(self.events_dlq).acknowledge(
            ack(
                id="AwsSolutions-SQS3",
                reason="this queue is itself the dead-letter queue of the EventBridge schedule "
                "targets",
            )
        )
        ec2_arn = f"arn:aws:ec2:{self.region}:{self.account}"
        Validations.of(self.functions["rotate-egress-ip"].role).acknowledge(
            ack(
                id=f"AwsSolutions-IAM5[Resource::{ec2_arn}:elastic-ip/*]",
                reason="addresses are allocated at run time; create requires the managed tag, "
                "release requires it",
            ),
            ack(
                id=f"AwsSolutions-IAM5[Resource::{ec2_arn}:natgateway/*]",
                reason="gateways are created at run time; create requires the managed tag, "
                "delete requires it",
            ),
            ack(
                id="AwsSolutions-IAM5[Action::kms:GenerateDataKey*]",
                reason="publishing to the KMS-encrypted alerts topic needs GenerateDataKey* on "
                "its key only",
            ),
        )
        domain_arn = _nag_token(self, self.inputs.search_domain_arn)
        for short_name in ("api", "sync", "reconcile"):
            Validations.of(self.functions[short_name].role).acknowledge(
                ack(
                    id=f"AwsSolutions-IAM5[Resource::{domain_arn}/*]",
                    reason="OpenSearch HTTP paths (index, _search, _bulk, _doc/<id>) are only "
                    "known at run time; "
                    "actions are limited per function",
                )
            )


def _nag_token(stack: Stack, value: str) -> str:
    """How cdk-nag renders a token in a finding id: `<Logical.Attr>`, or an import's name."""
    resolved = stack.resolve(value)
    if isinstance(resolved, dict) and isinstance(resolved.get("Fn::ImportValue"), str):
        return str(resolved["Fn::ImportValue"])
    if isinstance(resolved, dict) and "Fn::GetAtt" in resolved:
        logical_id, attribute = resolved["Fn::GetAtt"]
        return f"<{logical_id}.{attribute}>"
    return str(resolved)
