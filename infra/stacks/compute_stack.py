"""The compute module: functions, queues, the scraper on ECS, the aggregation state machine, the
HTTP API, schedules, alarms and a dashboard.

It takes what other modules own (network, table, search domain, secrets, optionally the alerts
topic) as `ComputeInputs`, so the same stack deploys against the dev stand-ins
(`DevFoundationStack`) or against the real modules.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from aws_cdk import (
    Acknowledgment,
    AssetHashType,
    CfnOutput,
    Duration,
    Fn,
    IgnoreMode,
    RemovalPolicy,
    Stack,
    Validations,
)
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_apigatewayv2_authorizers as authorizers
from aws_cdk import aws_apigatewayv2_integrations as integrations
from aws_cdk import aws_applicationautoscaling as appscaling
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as event_sources
from aws_cdk import aws_logs as logs
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_ses as ses
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from aws_cdk import aws_stepfunctions as sfn
from aws_cdk.aws_ecr_assets import Platform
from constructs import Construct

from infra.components import egress, reach
from infra.components.functions import (
    FUNCTION_ASSET,
    LAYER_ASSET,
    ComputeFunction,
    FunctionPlatform,
    FunctionSpec,
    log_retention,
    override_logical_id,
)
from infra.components.monitoring import METRICS_NAMESPACE, Monitoring
from infra.components.network import selected_subnets
from infra.layer import fingerprint as layer_fingerprint
from infra.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
ASL_FILE = ROOT / "infra" / "statemachine" / "aggregation.asl.json"
OPENAPI_FILE = ROOT / "contracts" / "openapi.yaml"
SIZES_FILE = ROOT / "infra" / "function_sizes.json"
SCRAPER_DOCKERFILE = "src/compute/scraper/Dockerfile"  # relative to the repository root

SEARCH_INDEX_ALIAS = "artists"
# The main table's GSIs (docs/DESIGN.md): grants name them instead of `index/*`.
MAIN_TABLE_INDEXES = ("GSI1", "GSI2", "GSI3")
TABLE_READ_ACTIONS = (
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DescribeTable",
)
TABLE_WRITE_ACTIONS = (
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
)
SCRAPER_CONTAINER_NAME = "scraper"
# The scraper publishes this metric (namespace TattooDirectory, dimension service=scraper) for
# every request a site answered with a block (403/429/captcha); its alarm triggers a rotation.
BLOCKED_REQUESTS_METRIC = "BlockedRequests"

HTTP_METHODS = ("get", "post", "put", "patch", "delete", "head")
# The OpenAPI security scheme extension that means "IAM authorization" on API Gateway.
IAM_AUTH_TYPE = "awsSigv4"
# Headers SigV4 signs with: a browser would have to send them on an IAM-authorized route.
SIGV4_HEADERS = ("Authorization", "X-Amz-Date", "X-Amz-Security-Token", "X-Amz-Content-Sha256")
# Response headers a browser reads without being told (the Fetch standard's safelist).
CORS_SAFELISTED_RESPONSE_HEADERS = frozenset(
    {"cache-control", "content-language", "content-length", "content-type", "expires",
     "last-modified", "pragma"}
)  # fmt: skip
CORS_MAX_AGE = Duration.hours(1)

# Memory comes from infra/function_sizes.json (measured by `nox -s sizing`, reasons there);
# timeouts, one line of reasoning each.
FUNCTION_SIZES = json.loads(SIZES_FILE.read_text(encoding="utf-8"))["functions"]


def _spec(construct: str, short: str, timeout: Duration, description: str) -> FunctionSpec:
    return FunctionSpec(
        construct, short, int(FUNCTION_SIZES[short]["memory_mb"]), timeout, description
    )


FUNCTION_SPECS = {
    # api: 30 s = API Gateway's limit.
    "api": _spec("Api", "api", Duration.seconds(30), "HTTP API: search and read artists"),
    # sync: 5 min leaves room for OpenSearch retries per batch.
    "sync": _spec("Sync", "sync", Duration.minutes(5), "DynamoDB stream -> OpenSearch"),
    # discover-studios: 15 min for paging with rate limits.
    "discover-studios": _spec(
        "DiscoverStudios", "discover-studios", Duration.minutes(15), "Places API -> studios"
    ),
    # find-artists: 15 min because it crawls one studio site politely.
    "find-artists": _spec(
        "FindArtists", "find-artists", Duration.minutes(15), "Studio website -> candidates"
    ),
    # validate-artists: 5 min covers denylist reads for a studio's candidates.
    "validate-artists": _spec(
        "ValidateArtists", "validate-artists", Duration.minutes(5), "Validate candidates"
    ),
    # queue-scraping: 10 min to page candidates and send ~25,000 jobs in batches of 10.
    "queue-scraping": _spec(
        "QueueScraping", "queue-scraping", Duration.minutes(10), "Candidates -> scrape jobs"
    ),
    # summarize: 5 min to count one run's items and queue depths.
    "summarize": _spec("Summarize", "summarize", Duration.minutes(5), "Run summary"),
    # reconcile: 15 min: a Scan and a scroll over every artist, then re-driving what differs.
    "reconcile": _spec(
        "Reconcile", "reconcile", Duration.minutes(15), "Table vs index: re-drive differences"
    ),
    # rotate-egress-ip: 15 min: a NAT gateway takes minutes to become available.
    "rotate-egress-ip": _spec(
        "RotateEgressIp", "rotate-egress-ip", Duration.minutes(15), "Blue/green NAT egress IP swap"
    ),
}


def studio_map_concurrency() -> int:
    """How many studios the ForEachStudio Map crawls at once: find-artists reserves as many
    (each waits on one host's politeness delay, so parallelism across hosts is the throughput)."""
    asl = json.loads(ASL_FILE.read_text(encoding="utf-8"))
    return int(asl["States"]["ForEachStudio"]["MaxConcurrency"])


# Only these reach the web (Google Places, studio sites); every other function talks to AWS alone.
WEB_FUNCTIONS = ("discover-studios", "find-artists")
PIPELINE_FUNCTIONS = (
    "discover-studios",
    "find-artists",
    "validate-artists",
    "queue-scraping",
    "summarize",
)


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


@dataclass(frozen=True)
class ApiRoute:
    method: str  # upper case
    path: str
    iam: bool  # the operation's security is the awsSigv4 scheme: IAM authorization


def _openapi() -> dict[str, Any]:
    return dict(yaml.safe_load(OPENAPI_FILE.read_text()))


def api_routes() -> list[ApiRoute]:
    """Every operation in contracts/openapi.yaml (the routes' one source), with its auth."""
    document = _openapi()
    schemes = document.get("components", {}).get("securitySchemes", {})
    iam_schemes = {
        name
        for name, scheme in schemes.items()
        if scheme.get("x-amazon-apigateway-authtype") == IAM_AUTH_TYPE
    }
    routes = []
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in HTTP_METHODS:
                continue
            needs = {name for requirement in operation.get("security", []) for name in requirement}
            routes.append(ApiRoute(method.upper(), path, bool(needs & iam_schemes)))
    return routes


@dataclass(frozen=True)
class CorsRules:
    """What browsers may send and read, derived from the contract (never listed by hand)."""

    allow_methods: list[str]
    allow_headers: list[str]
    expose_headers: list[str]


def cors_from_contract() -> CorsRules:
    """Every request header an operation reads (header parameters, Content-Type of a body,
    the SigV4 headers of an IAM route) and every documented response header that is not
    safelisted, so a browser can send Idempotency-Key and read ETag or Retry-After."""
    document = _openapi()

    def resolve(node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            target: Any = document
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            node = target
        return node

    methods: set[str] = set()
    request: dict[str, str] = {}
    response: dict[str, str] = {}
    for route in api_routes():
        operation = document["paths"][route.path][route.method.lower()]
        methods.add(route.method)
        for parameter in map(resolve, operation.get("parameters", [])):
            if parameter.get("in") == "header":
                request.setdefault(parameter["name"].lower(), parameter["name"])
        if "requestBody" in operation:
            request.setdefault("content-type", "Content-Type")
        if route.iam:
            request.update({name.lower(): name for name in SIGV4_HEADERS})
        for reply in map(resolve, operation.get("responses", {}).values()):
            for name in reply.get("headers", {}):
                if name.lower() not in CORS_SAFELISTED_RESPONSE_HEADERS:
                    response.setdefault(name.lower(), name)
    return CorsRules(
        allow_methods=sorted(methods),
        allow_headers=sorted(request.values()),
        expose_headers=sorted(response.values()),
    )


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
        self._scraper(scraper_dockerfile)
        self._state_machine()
        self._schedules()
        self._api()
        self.alarms = Monitoring(self).alarms
        self._vpc_endpoints()
        self._outputs()
        self._acknowledge_stack_findings()

    # ----- alerts, queues, tables -------------------------------------------------------------

    def _alerts(self) -> None:
        if self.inputs.alerts_topic is not None:
            self.alerts_topic: sns.ITopic = self.inputs.alerts_topic
            return
        # A customer managed key: CloudWatch alarms cannot publish to a topic under aws/sns.
        self.alerts_key = kms.Key(
            self,
            "AlertsKey",
            description="Encrypts the alerts topic; CloudWatch and EventBridge may use it",
            enable_key_rotation=True,
            removal_policy=self.removal,
        )
        for service in ("cloudwatch.amazonaws.com", "events.amazonaws.com"):
            self.alerts_key.add_to_resource_policy(
                iam.PolicyStatement(
                    principals=[iam.ServicePrincipal(service)],
                    actions=["kms:Decrypt", "kms:GenerateDataKey*"],
                    resources=["*"],
                    conditions={"StringEquals": {"aws:SourceAccount": self.account}},
                )
            )
        topic = sns.Topic(
            self,
            "AlertsTopic",
            display_name="Tattoo directory alerts",
            master_key=self.alerts_key,
            enforce_ssl=True,
        )
        override_logical_id(topic, "AlertsTopic")
        if self.settings.alert_email:
            sns.Subscription(
                self,
                "AlertsEmail",
                topic=topic,
                protocol=sns.SubscriptionProtocol.EMAIL,
                endpoint=self.settings.alert_email,
            )
        self.alerts_topic = topic

    def _queue(self, construct_id: str, **kwargs: object) -> sqs.Queue:
        queue = sqs.Queue(
            self,
            construct_id,
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            removal_policy=self.removal,
            **kwargs,  # type: ignore[arg-type]
        )
        override_logical_id(queue, construct_id)
        return queue

    def _queues(self) -> None:
        retention = Duration.days(14)  # the longest SQS keeps a message: time to investigate
        self.scrape_dlq = self._queue("ScrapeDlq", retention_period=retention)
        # Visibility 6 min: a job (render + extract + write) must finish well inside it.
        self.scrape_queue = self._queue(
            "ScrapeQueue",
            visibility_timeout=Duration.minutes(6),
            retention_period=Duration.days(4),
            dead_letter_queue=sqs.DeadLetterQueue(queue=self.scrape_dlq, max_receive_count=3),
        )
        self.sync_failures_dlq = self._queue("SyncFailuresDlq", retention_period=retention)
        # Stream records that exhausted their retries (the mapping's on-failure destination).
        self.sync_failures_queue = self._queue(
            "SyncFailuresQueue",
            retention_period=retention,
            dead_letter_queue=sqs.DeadLetterQueue(
                queue=self.sync_failures_dlq, max_receive_count=3
            ),
        )
        self.pipeline_failures_dlq = self._queue("PipelineFailuresDlq", retention_period=retention)
        # Failure records of the aggregation state machine ({runId?, state, item?, error,
        # cause, failedAt}).
        self.pipeline_failures_queue = self._queue(
            "PipelineFailuresQueue",
            retention_period=retention,
            dead_letter_queue=sqs.DeadLetterQueue(
                queue=self.pipeline_failures_dlq, max_receive_count=3
            ),
        )
        # Events that EventBridge could not deliver to a schedule's target.
        self.events_dlq = self._queue("ScheduleDlq", retention_period=retention)
        self.dead_letter_queues = {
            "ScrapeDlq": self.scrape_dlq,
            "SyncFailuresQueue": self.sync_failures_queue,
            "SyncFailuresDlq": self.sync_failures_dlq,
            "PipelineFailuresQueue": self.pipeline_failures_queue,
            "PipelineFailuresDlq": self.pipeline_failures_dlq,
            "ScheduleDlq": self.events_dlq,
        }

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

    def _grant_table(self, principal: iam.IGrantable) -> None:
        """Item read/write on the main table and its named indexes (no Scan, no table admin)."""
        table_arn = self.inputs.table.table_arn
        principal.grant_principal.add_to_principal_policy(
            iam.PolicyStatement(
                actions=[*TABLE_READ_ACTIONS, *TABLE_WRITE_ACTIONS],
                resources=[table_arn],
            )
        )
        principal.grant_principal.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["dynamodb:Query"],
                resources=[f"{table_arn}/index/{index}" for index in MAIN_TABLE_INDEXES],
            )
        )

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
        self._grant_table(f["api"].role)
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
            self._grant_table(f[name].role)
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
            )
        )
        mapping = next(
            child for child in sync.node.children if isinstance(child, lambda_.EventSourceMapping)
        )
        override_logical_id(mapping, "SyncStreamMapping")
        self.sync_mapping = mapping

    # ----- scraper on ECS ---------------------------------------------------------------------

    def _scraper(self, dockerfile: str) -> None:
        inputs = self.inputs
        self.cluster = ecs.Cluster(
            self,
            "Cluster",
            vpc=inputs.vpc,
            enable_fargate_capacity_providers=True,  # FARGATE and FARGATE_SPOT
            container_insights_v2=ecs.ContainerInsights.ENABLED,
        )
        override_logical_id(self.cluster, "Cluster")
        self.scraper_log_group = logs.LogGroup(
            self,
            "ScraperLogGroup",
            retention=log_retention(self.settings.log_retention_days),
            removal_policy=self.removal,
        )
        override_logical_id(self.scraper_log_group, "ScraperLogGroup")
        self.scraper_task_definition = ecs.FargateTaskDefinition(
            self,
            "ScraperTaskDefinition",
            cpu=1024,  # 1 vCPU: one Chromium page at a time renders without starving
            memory_limit_mib=2048,  # 2 GB: Chromium + Python stay below it with headroom
            # ephemeral storage: the 20 GiB default (CDK only accepts 21-200 explicitly)
            runtime_platform=ecs.RuntimePlatform(
                cpu_architecture=ecs.CpuArchitecture.ARM64,
                operating_system_family=ecs.OperatingSystemFamily.LINUX,
            ),
        )
        override_logical_id(self.scraper_task_definition, "ScraperTaskDefinition")
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
        self.scraper_container = self.scraper_task_definition.add_container(
            SCRAPER_CONTAINER_NAME,
            container_name=SCRAPER_CONTAINER_NAME,
            image=image,
            memory_limit_mib=2048,
            essential=True,
            # Fargate Spot warns 2 minutes ahead: SIGTERM, finish the current job, exit.
            stop_timeout=Duration.seconds(120),
            logging=ecs.LogDrivers.aws_logs(
                stream_prefix="scraper",
                log_group=self.scraper_log_group,
                mode=ecs.AwsLogDriverMode.NON_BLOCKING,
            ),
            environment={
                "TABLE_NAME": inputs.table.table_name,
                "SCRAPE_QUEUE_URL": self.scrape_queue.queue_url,
                "PIPELINE_FAILURES_QUEUE_URL": self.pipeline_failures_queue.queue_url,
                "POWERTOOLS_SERVICE_NAME": "scraper",
                "POWERTOOLS_METRICS_NAMESPACE": METRICS_NAMESPACE,
                "LOG_LEVEL": self.settings.log_level,
                "MODE": "continuous",  # drains forever; the state machine sets batch
            },
        )
        task_role = self.scraper_task_definition.task_role
        self._grant_table(task_role)
        self.scrape_queue.grant_consume_messages(task_role)
        self.pipeline_failures_queue.grant_send_messages(task_role)
        # Metrics (BlockedRequests) leave as EMF in the JSON logs: no PutMetricData needed.
        self.scraper_security_group = ec2.SecurityGroup(
            self,
            "ScraperSecurityGroup",
            vpc=inputs.vpc,
            description="Scraper tasks: no inbound; outbound HTTPS to AWS APIs, HTTP(S) to the web",
            allow_all_outbound=False,
        )
        reach.allow_egress(
            self.scraper_security_group, web=True, proxy_ports=self.settings.egress_proxy_ports
        )
        override_logical_id(self.scraper_security_group, "ScraperSecurityGroup")
        self.scraper_service = ecs.FargateService(
            self,
            "ScraperService",
            cluster=self.cluster,
            task_definition=self.scraper_task_definition,
            desired_count=0,  # autoscaling starts tasks when jobs wait
            capacity_provider_strategies=[
                ecs.CapacityProviderStrategy(capacity_provider="FARGATE_SPOT", weight=1),
            ],
            vpc_subnets=inputs.private_subnets,
            security_groups=[self.scraper_security_group],
            assign_public_ip=False,
            min_healthy_percent=0,
            max_healthy_percent=200,
            circuit_breaker=ecs.DeploymentCircuitBreaker(rollback=True),
        )
        override_logical_id(self.scraper_service, "ScraperService")
        backlog = cloudwatch.MathExpression(
            expression="visible + inflight",
            using_metrics={
                "visible": self.scrape_queue.metric_approximate_number_of_messages_visible(
                    period=Duration.minutes(1), statistic="Maximum"
                ),
                "inflight": self.scrape_queue.metric_approximate_number_of_messages_not_visible(
                    period=Duration.minutes(1), statistic="Maximum"
                ),
            },
            period=Duration.minutes(1),
            label="Scrape backlog (visible + in flight)",
        )
        scaling = self.scraper_service.auto_scale_task_count(min_capacity=0, max_capacity=10)
        # Exact task counts by backlog: none waiting -> 0 tasks; 500+ -> all 10.
        scaling.scale_on_metric(
            "ScrapeBacklogScaling",
            metric=backlog,
            adjustment_type=appscaling.AdjustmentType.EXACT_CAPACITY,
            scaling_steps=[
                appscaling.ScalingInterval(upper=1, change=0),
                appscaling.ScalingInterval(lower=1, upper=50, change=1),
                appscaling.ScalingInterval(lower=50, upper=200, change=3),
                appscaling.ScalingInterval(lower=200, upper=500, change=6),
                appscaling.ScalingInterval(lower=500, change=10),
            ],
            cooldown=Duration.minutes(2),
            evaluation_periods=2,
        )

    # ----- the aggregation state machine -----------------------------------------------------

    def _state_machine(self) -> None:
        f = self.functions
        private = selected_subnets(self.inputs.vpc, self.inputs.private_subnets)
        subnet_ids = Fn.join(",", [subnet.subnet_id for subnet in private])
        self.state_machine_log_group = logs.LogGroup(
            self,
            "AggregationStateMachineLogGroup",
            log_group_name=f"/aws/vendedlogs/states/{self.stack_name}-aggregation",
            retention=log_retention(self.settings.log_retention_days),
            removal_policy=self.removal,
        )
        override_logical_id(self.state_machine_log_group, "AggregationStateMachineLogGroup")
        # A fixed name lets the role allow the Distributed Map to start child executions of this
        # very state machine without a dependency cycle.
        state_machine_name = f"{self.stack_name}-aggregation"
        substitutions = {
            "DiscoverStudiosFunctionArn": f["discover-studios"].function.function_arn,
            "FindArtistsFunctionArn": f["find-artists"].function.function_arn,
            "ValidateArtistsFunctionArn": f["validate-artists"].function.function_arn,
            "QueueScrapingFunctionArn": f["queue-scraping"].function.function_arn,
            "SummarizeFunctionArn": f["summarize"].function.function_arn,
            "PipelineFailuresQueueUrl": self.pipeline_failures_queue.queue_url,
            "ClusterArn": self.cluster.cluster_arn,
            "ScraperTaskDefinitionArn": self.scraper_task_definition.task_definition_arn,
            "ScraperContainerName": SCRAPER_CONTAINER_NAME,
            "ScraperSecurityGroupId": self.scraper_security_group.security_group_id,
            "PrivateSubnetIds": subnet_ids,
        }
        self.state_machine = sfn.StateMachine(
            self,
            "AggregationStateMachine",
            state_machine_name=state_machine_name,
            definition_body=sfn.DefinitionBody.from_string(ASL_FILE.read_text()),
            definition_substitutions=substitutions,
            state_machine_type=sfn.StateMachineType.STANDARD,
            logs=sfn.LogOptions(
                destination=self.state_machine_log_group,
                level=sfn.LogLevel.ALL,
                include_execution_data=True,
            ),
            tracing_enabled=True,
            timeout=Duration.hours(12),
        )
        override_logical_id(self.state_machine, "AggregationStateMachine")
        role = self.state_machine.role
        # Unqualified ARNs only: the definition invokes $LATEST of each step (no version wildcard).
        role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["lambda:InvokeFunction"],
                resources=[f[name].function.function_arn for name in PIPELINE_FUNCTIONS],
            )
        )
        self.pipeline_failures_queue.grant_send_messages(role)
        arn = f"arn:{self.partition}:states:{self.region}:{self.account}"
        role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["states:StartExecution"],
                resources=[f"{arn}:stateMachine:{state_machine_name}"],
            )
        )
        role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["states:DescribeExecution", "states:StopExecution"],
                resources=[f"{arn}:execution:{state_machine_name}/*"],
            )
        )
        role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["states:DescribeMapRun", "states:UpdateMapRun", "states:ListMapRuns"],
                resources=[
                    f"{arn}:mapRun:{state_machine_name}/*",
                    f"{arn}:stateMachine:{state_machine_name}",
                ],
            )
        )
        role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["ecs:RunTask"],
                resources=[self.scraper_task_definition.task_definition_arn],
                conditions={"ArnEquals": {"ecs:cluster": self.cluster.cluster_arn}},
            )
        )
        role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["ecs:StopTask", "ecs:DescribeTasks"],
                resources=[f"arn:{self.partition}:ecs:{self.region}:{self.account}:task/*"],
                conditions={"ArnEquals": {"ecs:cluster": self.cluster.cluster_arn}},
            )
        )
        role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["iam:PassRole"],
                resources=[
                    self.scraper_task_definition.task_role.role_arn,
                    self.scraper_task_definition.obtain_execution_role().role_arn,
                ],
            )
        )
        # ecs:runTask.sync learns that a task stopped through this managed rule.
        role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["events:PutTargets", "events:PutRule", "events:DescribeRule"],
                resources=[
                    f"arn:{self.partition}:events:{self.region}:{self.account}:rule/StepFunctionsGetEventsForECSTaskRule"
                ],
            )
        )

    # ----- schedules --------------------------------------------------------------------------

    def _schedules(self) -> None:
        settings = self.settings
        daily = events.Rule(
            self,
            "DailyAggregationSchedule",
            description="Runs the aggregation every day at 02:00 UTC",
            schedule=events.Schedule.cron(minute="0", hour="2"),
        )
        daily.add_target(
            targets.SfnStateMachine(
                self.state_machine,
                input=events.RuleTargetInput.from_object(
                    {"cities": settings.aggregation_cities, "queries": settings.aggregation_queries}
                ),
                dead_letter_queue=self.events_dlq,
                retry_attempts=3,
                max_event_age=Duration.hours(2),
            )
        )
        override_logical_id(daily, "DailyAggregationSchedule")
        rotate = self.functions["rotate-egress-ip"].function
        weekly = events.Rule(
            self,
            "WeeklyEgressRotationSchedule",
            description="Rotates the NAT egress IP every Sunday at 03:00 UTC",
            schedule=events.Schedule.cron(minute="0", hour="3", week_day="SUN"),
        )
        # Rotation input: {"trigger": "schedule" | "blocked-requests-alarm", "alarmName"?}.
        weekly.add_target(
            targets.LambdaFunction(
                rotate,
                event=events.RuleTargetInput.from_object({"trigger": "schedule"}),
                dead_letter_queue=self.events_dlq,
                retry_attempts=2,
                max_event_age=Duration.hours(1),
            )
        )
        override_logical_id(weekly, "WeeklyEgressRotationSchedule")
        hourly = events.Rule(
            self,
            "HourlyReconcileSchedule",
            description="Compares the artist index with the table every hour and re-drives "
            "every difference (e.g. an artist re-created below its delete's version)",
            schedule=events.Schedule.rate(Duration.hours(1)),
        )
        hourly.add_target(
            targets.LambdaFunction(
                self.functions["reconcile"].function,
                event=events.RuleTargetInput.from_object({"trigger": "schedule"}),
                dead_letter_queue=self.events_dlq,
                retry_attempts=2,
                max_event_age=Duration.hours(1),  # the next hour's run supersedes it
            )
        )
        override_logical_id(hourly, "HourlyReconcileSchedule")
        self.blocked_requests_alarm = cloudwatch.Alarm(
            self,
            "ScraperBlockedRequestsAlarm",
            alarm_description="Sites are blocking the scraper's egress IP: rotate it",
            metric=cloudwatch.Metric(
                namespace=METRICS_NAMESPACE,
                metric_name=BLOCKED_REQUESTS_METRIC,
                dimensions_map={"service": "scraper"},
                statistic="Sum",
                period=Duration.minutes(5),
            ),
            threshold=settings.scraper_blocked_requests_threshold,
            evaluation_periods=1,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        )
        override_logical_id(self.blocked_requests_alarm, "ScraperBlockedRequestsAlarm")
        on_blocked = events.Rule(
            self,
            "BlockedRequestsRotationRule",
            description="Rotates the egress IP when the blocked-request alarm fires",
            event_pattern=events.EventPattern(
                source=["aws.cloudwatch"],
                detail_type=["CloudWatch Alarm State Change"],
                resources=[self.blocked_requests_alarm.alarm_arn],
                detail={"state": {"value": ["ALARM"]}},
            ),
        )
        on_blocked.add_target(
            targets.LambdaFunction(
                rotate,
                event=events.RuleTargetInput.from_object(
                    {
                        "trigger": "blocked-requests-alarm",
                        "alarmName": events.EventField.from_path("$.detail.alarmName"),
                    }
                ),
                dead_letter_queue=self.events_dlq,
                retry_attempts=2,
                max_event_age=Duration.hours(1),
            )
        )
        override_logical_id(on_blocked, "BlockedRequestsRotationRule")

    # ----- HTTP API ---------------------------------------------------------------------------

    def _api(self) -> None:
        settings = self.settings
        cors = cors_from_contract()
        self.http_api = apigwv2.HttpApi(
            self,
            "HttpApi",
            description="Tattoo directory public API (contracts/openapi.yaml)",
            create_default_stage=False,
            cors_preflight=apigwv2.CorsPreflightOptions(
                allow_origins=settings.cors_allowed_origins,
                allow_methods=[apigwv2.CorsHttpMethod(m) for m in cors.allow_methods],
                allow_headers=cors.allow_headers,
                expose_headers=cors.expose_headers,
                max_age=CORS_MAX_AGE,
            ),
        )
        override_logical_id(self.http_api, "HttpApi")
        integration = integrations.HttpLambdaIntegration(
            "ApiIntegration",
            self.api_live_alias,
            payload_format_version=apigwv2.PayloadFormatVersion.VERSION_2_0,
        )
        iam_authorizer = authorizers.HttpIamAuthorizer()
        self.iam_routes: list[apigwv2.HttpRoute] = []
        for route in api_routes():
            added = self.http_api.add_routes(
                path=route.path,
                methods=[apigwv2.HttpMethod(route.method)],
                integration=integration,
                authorizer=iam_authorizer if route.iam else None,
            )
            if route.iam:
                self.iam_routes.extend(added)
        self._moderator_policy()
        self.api_access_log_group = logs.LogGroup(
            self,
            "ApiAccessLogGroup",
            retention=log_retention(settings.log_retention_days),
            removal_policy=self.removal,
        )
        override_logical_id(self.api_access_log_group, "ApiAccessLogGroup")
        self.api_stage = apigwv2.HttpStage(
            self,
            "ApiDefaultStage",
            http_api=self.http_api,
            stage_name="$default",
            auto_deploy=True,
            throttle=apigwv2.ThrottleSettings(
                rate_limit=settings.api_throttle_rate, burst_limit=settings.api_throttle_burst
            ),
        )
        cfn_stage: apigwv2.CfnStage = self.api_stage.node.default_child  # type: ignore[assignment]
        cfn_stage.override_logical_id("ApiDefaultStage")
        # JSON access logs; no query strings (they can carry personal search terms).
        cfn_stage.access_log_settings = apigwv2.CfnStage.AccessLogSettingsProperty(
            destination_arn=self.api_access_log_group.log_group_arn,
            format=json.dumps(
                {
                    "requestId": "$context.requestId",
                    "ip": "$context.identity.sourceIp",
                    "requestTime": "$context.requestTime",
                    "httpMethod": "$context.httpMethod",
                    "routeKey": "$context.routeKey",
                    "status": "$context.status",
                    "protocol": "$context.protocol",
                    "responseLength": "$context.responseLength",
                    "responseLatency": "$context.responseLatency",
                    "integrationLatency": "$context.integrationLatency",
                    "integrationError": "$context.integrationErrorMessage",
                },
                separators=(",", ":"),
            ),
        )
        self.api_url = self.api_stage.url

    def _moderator_policy(self) -> None:
        """What a moderator's IAM principal needs: Invoke on the IAM-authorized routes only.
        Operators attach it to the moderators' group or role (docs/OPERATIONS.md)."""
        self.moderator_policy = iam.ManagedPolicy(
            self,
            "RemovalModeratorPolicy",
            description="Decide removal requests: execute-api:Invoke on the IAM routes only",
            statements=[
                iam.PolicyStatement(
                    actions=["execute-api:Invoke"],
                    resources=[
                        self.http_api.arn_for_execute_api(
                            route.method, route.path.replace("{requestId}", "*"), "$default"
                        )
                        for route in api_routes()
                        if route.iam
                    ],
                )
            ],
        )
        override_logical_id(self.moderator_policy, "RemovalModeratorPolicy")

    # ----- monitoring -------------------------------------------------------------------------

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
        self._output("ApiUrl", self.api_url, "Base URL of the HTTP API")
        self._output(
            "RemovalModeratorPolicyArn",
            self.moderator_policy.managed_policy_arn,
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
            self.scraper_task_definition.task_definition_arn,
            "Scraper task definition",
        )
        self._output(
            "ScraperServiceName", self.scraper_service.service_name, "Continuous scraper service"
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
        """cdk-nag findings that are deliberate, each with the reason it is acceptable."""
        ack = Acknowledgment
        Validations.of(self.http_api).acknowledge(
            ack(
                id="AwsSolutions-APIG4",
                reason="a public directory: searching and reading artists needs no identity; "
                "anyone may ask for a removal, which changes nothing until the e-mailed link is "
                "followed and a moderator approves it on the IAM-authorized decision route; "
                "new requests are limited per client and per artist, and the stage throttles",
            )
        )
        Validations.of(self.scraper_task_definition).acknowledge(
            ack(
                id="AwsSolutions-ECS2",
                reason="the variables are resource names and modes, not secrets; the same "
                "names are the "
                "documented configuration of the scraper",
            )
        )
        Validations.of(self.removal_link_secret).acknowledge(
            ack(
                id="AwsSolutions-SMG4",
                reason="an HMAC key for confirmation links that live 24 h: rotating it voids "
                "every outstanding link, so it is rotated by hand (put-secret-value, "
                "docs/OPERATIONS.md) when needed, not on a schedule",
            )
        )
        Validations.of(self.moderator_policy).acknowledge(
            ack(
                id=f"AwsSolutions-IAM5[Resource::arn:aws:execute-api:{self.region}:"
                f"{self.account}:<HttpApi>/$default/POST/v1/removal-requests/*/decision]",
                reason="`*` is the request id path parameter: the policy allows POST on the "
                "decision route only, for any request",
            )
        )
        Validations.of(self.events_dlq).acknowledge(
            ack(
                id="AwsSolutions-SQS3",
                reason="this queue is itself the dead-letter queue of the EventBridge schedule "
                "targets",
            )
        )
        Validations.of(self.scraper_task_definition.obtain_execution_role()).acknowledge(
            ack(
                id="AwsSolutions-IAM5[Resource::*]",
                reason="ecr:GetAuthorizationToken (pulling the image) has no resource-level "
                "permissions",
            )
        )
        sm_arn = f"arn:aws:states:{self.region}:{self.account}"
        ecs_arn = f"arn:aws:ecs:{self.region}:{self.account}"
        name = f"{self.stack_name}-aggregation"
        Validations.of(self.state_machine.role).acknowledge(
            ack(
                id="AwsSolutions-IAM5[Resource::*]",
                reason="X-Ray and CloudWatch Logs delivery APIs (logging level ALL) have no "
                "resource-level permissions",
            ),
            ack(
                id=f"AwsSolutions-IAM5[Resource::{sm_arn}:execution:{name}/*]",
                reason="the Distributed Map describes and stops its own child executions, "
                "whose names are generated",
            ),
            ack(
                id=f"AwsSolutions-IAM5[Resource::{sm_arn}:mapRun:{name}/*]",
                reason="the Distributed Map manages its own map runs, whose ids are generated",
            ),
            ack(
                id=f"AwsSolutions-IAM5[Resource::{ecs_arn}:task/*]",
                reason="ecs:runTask.sync describes and stops the tasks it started (ids "
                "generated), limited to "
                "the cluster by condition",
            ),
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
