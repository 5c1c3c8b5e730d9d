"""Template assertions, one group per numbered requirement of the infra issue."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from aws_cdk.assertions import Match, Template

from compute.services.sync_batch import IGNORED_TYPES
from tests.infra.conftest import ROOT, Synthesis

pytestmark = pytest.mark.infra

SIZES = json.loads((ROOT / "infra" / "function_sizes.json").read_text())["functions"]
FUNCTIONS = {
    # logical id prefix: (handler module, memory MB from function_sizes.json, timeout s)
    "Api": ("api", SIZES["api"]["memory_mb"], 30),
    "Sync": ("sync", SIZES["sync"]["memory_mb"], 300),
    "DiscoverStudios": ("discover_studios", SIZES["discover-studios"]["memory_mb"], 900),
    "FindArtists": ("find_artists", SIZES["find-artists"]["memory_mb"], 900),
    "ValidateArtists": ("validate_artists", SIZES["validate-artists"]["memory_mb"], 300),
    "QueueScraping": ("queue_scraping", SIZES["queue-scraping"]["memory_mb"], 600),
    "Summarize": ("summarize", SIZES["summarize"]["memory_mb"], 300),
    "RotateEgressIp": ("rotate_egress_ip", SIZES["rotate-egress-ip"]["memory_mb"], 900),
    "Reconcile": ("reconcile", SIZES["reconcile"]["memory_mb"], 900),
}
ENVIRONMENT = (
    "TABLE_NAME",
    "IDEMPOTENCY_TABLE_NAME",
    "SEARCH_ENDPOINT",
    "SEARCH_INDEX_ALIAS",
    "SCRAPE_QUEUE_URL",
    "PIPELINE_FAILURES_QUEUE_URL",
    "ALERTS_TOPIC_ARN",
    "PLACES_API_KEY_SECRET_ARN",
    "PLACES_API_URL",
    "POWERTOOLS_SERVICE_NAME",
    "POWERTOOLS_METRICS_NAMESPACE",
    "LOG_LEVEL",
)


def resources(template: dict[str, Any], type_name: str) -> dict[str, dict[str, Any]]:
    return {
        logical_id: resource
        for logical_id, resource in template["Resources"].items()
        if resource["Type"] == type_name
    }


def props(template: dict[str, Any], logical_id: str) -> dict[str, Any]:
    return template["Resources"][logical_id]["Properties"]


# 1. app, cdk.json with feature flags, committed context, no credentials needed ------------------


def test_cdk_json_runs_the_app_with_current_feature_flags() -> None:
    cdk_json = json.loads((ROOT / "infra" / "cdk.json").read_text())
    assert cdk_json["app"] == "python app.py"
    context = cdk_json["context"]
    for flag in (
        "@aws-cdk/aws-lambda:recognizeLayerVersion",
        "@aws-cdk/aws-iam:minimizePolicies",
        "@aws-cdk/aws-ecs:arnFormatIncludesClusterName",
        "@aws-cdk/core:validateSnapshotRemovalPolicy",
    ):
        assert context[flag] is True, flag
    # Export/ImportValue between the stacks (the local cloud resolves them), not GetStackOutput.
    assert context["@aws-cdk/core:defaultCrossStackReferences"] == "strong"


def test_availability_zones_come_from_the_committed_context(foundation: dict[str, Any]) -> None:
    committed = json.loads((ROOT / "infra" / "cdk.context.json").read_text())
    (zones,) = committed.values()
    subnets = resources(foundation, "AWS::EC2::Subnet").values()
    assert {subnet["Properties"]["AvailabilityZone"] for subnet in subnets} <= set(zones)
    assert "Fn::GetAZs" not in json.dumps(foundation)


# 2. inputs from other modules; the dev composition ------------------------------------------


def test_compute_stack_imports_what_other_modules_own(compute: dict[str, Any]) -> None:
    text = json.dumps(compute)
    assert "TattooDirectoryDevFoundation-SearchDomainArn" in text
    assert "TattooDirectoryDevFoundation-SearchDomainEndpoint" in text
    # VPC subnets, table and the Places key arrive as imports, never as resources of this stack.
    for owned_elsewhere in (
        "AWS::EC2::VPC",
        "AWS::DynamoDB::GlobalTable",
        "AWS::OpenSearchService::Domain",
    ):
        assert not resources(compute, owned_elsewhere), owned_elsewhere
    # The one secret of its own: the key that signs removal confirmation links.
    assert set(resources(compute, "AWS::SecretsManager::Secret")) == {"RemovalLinkSecret"}
    assert "Fn::ImportValue" in text


def test_dev_foundation_has_table_search_network_and_secrets(foundation: dict[str, Any]) -> None:
    template = Template.from_json(foundation)
    template.has_resource_properties(
        "AWS::DynamoDB::Table",
        {
            "KeySchema": [
                {"AttributeName": "PK", "KeyType": "HASH"},
                {"AttributeName": "SK", "KeyType": "RANGE"},
            ],
            "StreamSpecification": {"StreamViewType": "NEW_AND_OLD_IMAGES"},
            "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
            "GlobalSecondaryIndexes": [
                Match.object_like({"IndexName": "GSI1"}),
                Match.object_like({"IndexName": "GSI2"}),
                Match.object_like({"IndexName": "GSI3"}),
            ],
        },
    )
    template.has_resource_properties(
        "AWS::OpenSearchService::Domain",
        {
            "EngineVersion": "OpenSearch_2.19",
            "VPCOptions": Match.object_like({"SubnetIds": Match.any_value()}),
            "EncryptionAtRestOptions": {"Enabled": True},
            "NodeToNodeEncryptionOptions": {"Enabled": True},
        },
    )
    template.resource_count_is("AWS::EC2::NatGateway", 1)
    template.resource_count_is("AWS::SecretsManager::Secret", 1)
    private = [
        s
        for s in resources(foundation, "AWS::EC2::Subnet").values()
        if not s["Properties"].get("MapPublicIpOnLaunch")
    ]
    assert len(private) == 2


def test_no_lambda_backed_custom_resources(synthesis: Synthesis) -> None:
    for name, template in synthesis.templates.items():
        types = {resource["Type"] for resource in template["Resources"].values()}
        custom = {t for t in types if t.startswith("Custom::") or "CustomResource" in t}
        assert not custom, f"{name} has custom resources the local cloud cannot run: {custom}"


# 3. Lambda functions ----------------------------------------------------------------------


def test_every_function_is_sized_and_runs_python_312_on_arm64(compute: dict[str, Any]) -> None:
    for name, (module, memory, timeout) in FUNCTIONS.items():
        function = props(compute, f"{name}Function")
        assert function["Handler"] == f"compute.handlers.{module}.handler"
        assert function["MemorySize"] == memory, name
        assert function["Timeout"] == timeout, name
        assert function["Architectures"] == ["arm64"], name
        assert function["Runtime"] == "python3.12", name


def test_no_function_is_sized_below_its_measured_peak_with_a_margin() -> None:
    from load.sizing import MARGIN

    assert set(SIZES) == {module.replace("_", "-") for module, _, _ in FUNCTIONS.values()}
    for name, size in SIZES.items():
        peak = size.get("measured_peak_mb")
        assert peak is not None, f"{name} has no measured peak: run python -m load.sizing --write"
        assert size["memory_mb"] >= peak * MARGIN, f"{name}: {size['memory_mb']} MB < {peak} MB"
        assert size["kind"] in {"io", "cpu"} and size["why"], name


def test_every_function_is_in_private_subnets_with_its_own_security_group(
    compute: dict[str, Any], foundation: dict[str, Any]
) -> None:
    groups = set()
    for name in FUNCTIONS:
        vpc = props(compute, f"{name}Function")["VpcConfig"]
        (group,) = vpc["SecurityGroupIds"]
        groups.add(json.dumps(group))
        assert group == {"Fn::GetAtt": [f"{name}FunctionSecurityGroup", "GroupId"]}
        assert len(vpc["SubnetIds"]) == 2
        assert "private" in json.dumps(vpc["SubnetIds"]).lower()
    assert len(groups) == len(FUNCTIONS)


def test_every_function_logs_with_retention_traces_and_has_its_own_role(
    compute: dict[str, Any],
) -> None:
    for name in FUNCTIONS:
        function = props(compute, f"{name}Function")
        assert function["TracingConfig"] == {"Mode": "Active"}
        assert function["LoggingConfig"]["LogGroup"] == {"Ref": f"{name}FunctionLogGroup"}
        assert props(compute, f"{name}FunctionLogGroup")["RetentionInDays"] == 30
        assert function["Role"] == {"Fn::GetAtt": [f"{name}FunctionRole", "Arn"]}
        role = props(compute, f"{name}FunctionRole")
        assert "ManagedPolicyArns" not in role  # only inline, scoped statements
        assert len(function["Layers"]) == 1
        environment = function["Environment"]["Variables"]
        assert set(ENVIRONMENT) <= set(environment), name
        assert environment["SEARCH_INDEX_ALIAS"] == "artists"
        assert environment["POWERTOOLS_METRICS_NAMESPACE"] == "TattooDirectory"
    assert props(compute, "ApiFunction")["Environment"]["Variables"]["POWERTOOLS_SERVICE_NAME"] == (
        "api"
    )


def test_rotate_egress_ip_gets_its_egress_settings(compute: dict[str, Any]) -> None:
    environment = props(compute, "RotateEgressIpFunction")["Environment"]["Variables"]
    for key in (
        "EGRESS_VPC_ID",
        "EGRESS_PUBLIC_SUBNET_ID",
        "EGRESS_PRIVATE_ROUTE_TABLE_IDS",
        "EGRESS_LOCK_TABLE_NAME",
        "EGRESS_GRACE_PERIOD_SECONDS",
        "EGRESS_KEEP_LAST",
        "EGRESS_TAG_KEY",
        "EGRESS_TAG_VALUE",
    ):
        assert key in environment, key
    # The route-table list is a comma-join of both private route tables.
    separator, route_tables = environment["EGRESS_PRIVATE_ROUTE_TABLE_IDS"]["Fn::Join"]
    assert separator == "," and len(route_tables) == 2
    assert all("privateSubnet" in json.dumps(table) for table in route_tables)


def role_statements(template: dict[str, Any], role: str) -> list[dict[str, Any]]:
    """Every statement granted to a role, inline or through attached policies."""
    statements = [
        statement
        for policy in props(template, role).get("Policies", [])
        for statement in policy["PolicyDocument"]["Statement"]
    ]
    for policy in resources(template, "AWS::IAM::Policy").values():
        if {"Ref": role} in policy["Properties"]["Roles"]:
            statements.extend(policy["Properties"]["PolicyDocument"]["Statement"])
    return statements


def _actions(statement: dict[str, Any]) -> list[str]:
    listed = statement["Action"]
    return [listed] if isinstance(listed, str) else list(listed)


def role_actions(template: dict[str, Any], role: str) -> set[str]:
    """Every action granted to a role, inline or through attached policies."""
    actions: set[str] = set()
    for statement in role_statements(template, role):
        assert statement["Effect"] == "Allow"
        actions.update(_actions(statement))
    return actions


def test_functions_get_only_the_services_they_use(compute: dict[str, Any]) -> None:
    def services(name: str) -> set[str]:
        return {action.split(":")[0] for action in role_actions(compute, f"{name}FunctionRole")}

    base = {"logs", "ec2", "xray"}  # own log group, VPC network interfaces, tracing
    assert services("Api") == base | {"dynamodb", "es", "secretsmanager", "ses"}
    assert services("Sync") == base | {"dynamodb", "es", "sqs"}  # stream read, on-failure queue
    assert services("DiscoverStudios") == base | {"dynamodb", "secretsmanager"}
    assert services("FindArtists") == base | {"dynamodb", "sqs"}
    assert services("QueueScraping") == base | {"dynamodb", "sqs"}
    assert services("Summarize") == base | {"dynamodb", "sqs"}
    assert services("RotateEgressIp") == base | {"dynamodb", "sns", "kms"}
    assert services("Reconcile") == base | {"dynamodb", "es"}
    sync = role_actions(compute, "SyncFunctionRole")
    # Reads whether the table lists an artist, keeps a delete's version; never puts or deletes.
    assert {"dynamodb:GetItem", "dynamodb:UpdateItem", "sqs:SendMessage"} <= sync
    assert not {"dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:Scan"} & sync
    reconcile = role_actions(compute, "ReconcileFunctionRole")
    assert {"dynamodb:Scan", "dynamodb:UpdateItem", "es:ESHttpPost"} <= reconcile
    assert not {"dynamodb:PutItem", "dynamodb:DeleteItem", "es:ESHttpPut"} & reconcile
    assert "es:ESHttpPut" not in role_actions(compute, "ApiFunctionRole")
    # find-artists sends roster jobs: SendMessage on the scrape queue, nothing else of SQS.
    find_sqs = [
        statement
        for statement in role_statements(compute, "FindArtistsFunctionRole")
        if any(action.startswith("sqs:") for action in _actions(statement))
    ]
    assert [_actions(s) for s in find_sqs] == [["sqs:SendMessage"]]
    assert find_sqs[0]["Resource"] == {"Fn::GetAtt": ["ScrapeQueue", "Arn"]}
    # The scraper's roster jobs queue profile jobs on the queue they came from.
    scraper_role = next(
        logical
        for logical, role in resources(compute, "AWS::IAM::Role").items()
        if logical.startswith("ScraperTaskDefinitionTaskRole")
    )
    assert any(
        "sqs:SendMessage" in _actions(s) and s["Resource"] == {"Fn::GetAtt": ["ScrapeQueue", "Arn"]}
        for s in role_statements(compute, scraper_role)
    )
    summarize = role_actions(compute, "SummarizeFunctionRole")
    assert {"sqs:GetQueueAttributes", "sqs:GetQueueUrl"} <= summarize
    assert not any(action.endswith("*") and ":" not in action for action in summarize)
    rotate = role_actions(compute, "RotateEgressIpFunctionRole")
    assert {"ec2:CreateNatGateway", "ec2:ReplaceRoute", "ec2:ReleaseAddress"} <= rotate


def test_api_live_alias_has_provisioned_and_reserved_concurrency(
    compute: dict[str, Any], synthesis: Synthesis
) -> None:
    alias = props(compute, "ApiLiveAlias")
    assert alias["Name"] == "live"
    provisioned = synthesis.context["tattoo:apiProvisionedConcurrency"]
    assert alias["ProvisionedConcurrencyConfig"] == {"ProvisionedConcurrentExecutions": provisioned}
    reserved = synthesis.context["tattoo:apiReservedConcurrency"]
    assert props(compute, "ApiFunction")["ReservedConcurrentExecutions"] == reserved


def test_sync_stream_mapping_settings(compute: dict[str, Any]) -> None:
    mapping = props(compute, "SyncStreamMapping")
    assert mapping["FunctionName"] == {"Ref": "SyncFunction"}
    assert mapping["BatchSize"] == 10
    assert mapping["MaximumBatchingWindowInSeconds"] == 0  # freshness: invoke on arrival
    assert mapping["BisectBatchOnFunctionError"] is True
    assert 0 < mapping["MaximumRetryAttempts"] <= 10
    assert 0 < mapping["MaximumRecordAgeInSeconds"] <= 86_400
    assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert mapping["DestinationConfig"]["OnFailure"]["Destination"] == {
        "Fn::GetAtt": ["SyncFailuresQueue", "Arn"]
    }
    assert "StreamArn" in json.dumps(mapping["EventSourceArn"])
    # Records of the types the sync ignores never invoke it; artist records and any other item
    # (a foreign one is reported to the failure queue) still do.
    patterns = [json.loads(f["Pattern"]) for f in mapping["FilterCriteria"]["Filters"]]
    assert {"dynamodb": {"Keys": {"PK": {"S": [{"prefix": "ARTIST#"}]}}}} in patterns
    for image in ("NewImage", "OldImage"):
        (rule,) = (p["dynamodb"][image]["type"]["S"] for p in patterns if image in p["dynamodb"])
        assert set(rule[0]["anything-but"]) == IGNORED_TYPES
    assert len(patterns) == 3


def test_one_layer_for_arm64(compute: dict[str, Any]) -> None:
    (layer,) = resources(compute, "AWS::Lambda::LayerVersion").values()
    assert layer["Properties"]["CompatibleArchitectures"] == ["arm64"]
    assert layer["Properties"]["CompatibleRuntimes"] == ["python3.12"]


def test_no_code_signing_config_without_a_signer_profile(compute: dict[str, Any]) -> None:
    assert not resources(compute, "AWS::Lambda::CodeSigningConfig")
    assert "CodeSigningConfigArn" not in props(compute, "ApiFunction")


def test_code_signing_config_when_a_signer_profile_is_given() -> None:
    """A small stack with the same function factory (the full app is synthesized only once)."""
    import aws_cdk as cdk
    from aws_cdk import aws_ec2 as ec2
    from aws_cdk import aws_lambda as lambda_

    from infra.components.function_specs import FUNCTION_SPECS
    from infra.components.functions import ComputeFunction, FunctionPlatform

    arn = "arn:aws:signer:eu-west-2:123456789012:/signing-profiles/compute/abc123"
    stack = cdk.Stack(cdk.App(), "Signed")
    config = lambda_.CfnCodeSigningConfig(
        stack,
        "CodeSigningConfig",
        allowed_publishers=lambda_.CfnCodeSigningConfig.AllowedPublishersProperty(
            signing_profile_version_arns=[arn]
        ),
        code_signing_policies=lambda_.CfnCodeSigningConfig.CodeSigningPoliciesProperty(
            untrusted_artifact_on_deployment="Enforce"
        ),
    )
    vpc = ec2.Vpc(stack, "Vpc", max_azs=1, nat_gateways=0, restrict_default_security_group=False)
    platform = FunctionPlatform(
        vpc=vpc,
        subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED),
        code=lambda_.Code.from_inline("def handler(event, context): pass"),
        layer=lambda_.LayerVersion.from_layer_version_arn(
            stack, "Layer", "arn:aws:lambda:eu-west-2:123456789012:layer:shared:1"
        ),
        environment={},
        code_signing_config=lambda_.CodeSigningConfig.from_code_signing_config_arn(
            stack, "Signing", config.attr_code_signing_config_arn
        ),
        log_retention_days=30,
        removal_policy=cdk.RemovalPolicy.DESTROY,
    )
    ComputeFunction(stack, FUNCTION_SPECS["api"], platform)
    template = Template.from_stack(stack)
    template.has_resource_properties(
        "AWS::Lambda::Function",
        {"CodeSigningConfigArn": {"Fn::GetAtt": ["CodeSigningConfig", "CodeSigningConfigArn"]}},
    )


def test_signer_profile_from_context_creates_the_config() -> None:
    """The context key the app reads is the one documented in cdk.json."""
    cdk_json = json.loads((ROOT / "infra" / "cdk.json").read_text())
    assert "tattoo:signerProfileArn" in cdk_json["context"]


# 4. ECS ---------------------------------------------------------------------------------------


def test_cluster_has_fargate_and_spot_capacity_providers(compute: dict[str, Any]) -> None:
    (association,) = resources(compute, "AWS::ECS::ClusterCapacityProviderAssociations").values()
    assert sorted(association["Properties"]["CapacityProviders"]) == ["FARGATE", "FARGATE_SPOT"]
    assert association["Properties"]["Cluster"] == {"Ref": "Cluster"}


def test_scraper_task_definition_size_platform_and_logs(compute: dict[str, Any]) -> None:
    task = props(compute, "ScraperTaskDefinition")
    assert task["Cpu"] == "1024"
    assert task["Memory"] == "2048"
    assert task["RuntimePlatform"] == {"CpuArchitecture": "ARM64", "OperatingSystemFamily": "LINUX"}
    assert task["RequiresCompatibilities"] == ["FARGATE"]
    assert "EphemeralStorage" not in task  # 20 GiB, Fargate's default
    (container,) = task["ContainerDefinitions"]
    assert container["Name"] == "scraper"
    assert container["LogConfiguration"]["LogDriver"] == "awslogs"
    assert container["LogConfiguration"]["Options"]["awslogs-group"] == {"Ref": "ScraperLogGroup"}
    environment = {pair["Name"]: pair["Value"] for pair in container["Environment"]}
    assert {"TABLE_NAME", "SCRAPE_QUEUE_URL", "MODE"} <= set(environment)
    # The image is a Docker asset: built by cdk-assets at deploy time, not at synth.
    assert "cdk-hnb659fds-container-assets" in json.dumps(container["Image"])


def test_scraper_service_scales_zero_to_ten_on_queue_backlog(compute: dict[str, Any]) -> None:
    service = props(compute, "ScraperService")
    assert service["DesiredCount"] == 0
    assert service["CapacityProviderStrategy"] == [
        {"CapacityProvider": "FARGATE_SPOT", "Weight": 1}
    ]
    assert service["NetworkConfiguration"]["AwsvpcConfiguration"]["AssignPublicIp"] == "DISABLED"
    (target,) = resources(compute, "AWS::ApplicationAutoScaling::ScalableTarget").values()
    assert target["Properties"]["MinCapacity"] == 0
    assert target["Properties"]["MaxCapacity"] == 10
    policies = resources(compute, "AWS::ApplicationAutoScaling::ScalingPolicy").values()
    adjustments = [
        step["ScalingAdjustment"]
        for policy in policies
        for step in policy["Properties"]["StepScalingPolicyConfiguration"]["StepAdjustments"]
    ]
    assert min(adjustments) == 0 and max(adjustments) == 10
    alarms = [
        alarm["Properties"]
        for logical_id, alarm in resources(compute, "AWS::CloudWatch::Alarm").items()
        if "ScrapeBacklogScaling" in logical_id
    ]
    assert alarms and all("ScrapeQueue" in json.dumps(alarm["Metrics"]) for alarm in alarms)


# 5. Step Functions --------------------------------------------------------------------------


def test_state_machine_logs_all_traces_and_inlines_the_asl(compute: dict[str, Any]) -> None:
    machine = props(compute, "AggregationStateMachine")
    assert machine["LoggingConfiguration"]["Level"] == "ALL"
    assert machine["LoggingConfiguration"]["IncludeExecutionData"] is True
    assert machine["TracingConfiguration"] == {"Enabled": True}
    assert "DefinitionString" in machine and "DefinitionS3Location" not in machine
    asl_text = (ROOT / "infra" / "statemachine" / "aggregation.asl.json").read_text()
    assert machine["DefinitionString"] == asl_text  # the file, verbatim: tests and AWS see one ASL
    placeholders = {
        part.split("}")[0] for part in asl_text.split("${")[1:]
    }  # every ${Name} of the file
    assert set(machine["DefinitionSubstitutions"]) == placeholders


def test_state_machine_role_can_run_its_tasks(compute: dict[str, Any]) -> None:
    policies = [
        policy["Properties"]["PolicyDocument"]["Statement"]
        for logical_id, policy in resources(compute, "AWS::IAM::Policy").items()
        if logical_id.startswith("AggregationStateMachineRole")
    ]
    text = json.dumps(policies)
    for action in (
        "lambda:InvokeFunction",
        "sqs:SendMessage",
        "ecs:RunTask",
        "iam:PassRole",
        "states:StartExecution",
        "events:PutRule",
    ):
        assert action in text, action


# 6. EventBridge -------------------------------------------------------------------------------


def test_daily_aggregation_and_weekly_rotation_schedules(compute: dict[str, Any]) -> None:
    daily = props(compute, "DailyAggregationSchedule")
    assert daily["ScheduleExpression"] == "cron(0 2 * * ? *)"
    (target,) = daily["Targets"]
    assert target["Arn"] == {"Ref": "AggregationStateMachine"}
    assert set(json.loads(target["Input"])) == {"cities", "queries"}
    assert target["DeadLetterConfig"]["Arn"] == {"Fn::GetAtt": ["ScheduleDlq", "Arn"]}
    weekly = props(compute, "WeeklyEgressRotationSchedule")
    assert weekly["ScheduleExpression"] == "cron(0 3 ? * SUN *)"
    (target,) = weekly["Targets"]
    assert target["Arn"] == {"Fn::GetAtt": ["RotateEgressIpFunction", "Arn"]}
    assert json.loads(target["Input"]) == {"trigger": "schedule"}


def test_the_reconcile_job_runs_every_hour_and_the_sync_records_its_failures(
    compute: dict[str, Any],
) -> None:
    hourly = props(compute, "HourlyReconcileSchedule")
    assert hourly["ScheduleExpression"] == "rate(1 hour)"
    (target,) = hourly["Targets"]
    assert target["Arn"] == {"Fn::GetAtt": ["ReconcileFunction", "Arn"]}
    assert json.loads(target["Input"]) == {"trigger": "schedule"}
    assert target["DeadLetterConfig"]["Arn"] == {"Fn::GetAtt": ["ScheduleDlq", "Arn"]}
    environment = props(compute, "SyncFunction")["Environment"]["Variables"]
    assert environment["SYNC_FAILURES_QUEUE_URL"] == {"Ref": "SyncFailuresQueue"}


def test_blocked_request_alarm_triggers_a_rotation(compute: dict[str, Any]) -> None:
    alarm = props(compute, "ScraperBlockedRequestsAlarm")
    assert alarm["Namespace"] == "TattooDirectory"
    assert alarm["MetricName"] == "BlockedRequests"
    rule = props(compute, "BlockedRequestsRotationRule")
    pattern = rule["EventPattern"]
    assert pattern["detail-type"] == ["CloudWatch Alarm State Change"]
    assert pattern["resources"] == [{"Fn::GetAtt": ["ScraperBlockedRequestsAlarm", "Arn"]}]
    assert pattern["detail"] == {"state": {"value": ["ALARM"]}}
    (target,) = rule["Targets"]
    assert target["Arn"] == {"Fn::GetAtt": ["RotateEgressIpFunction", "Arn"]}
    assert '"trigger":"blocked-requests-alarm"' in target["InputTransformer"]["InputTemplate"]


# 7. HTTP API ----------------------------------------------------------------------------------


def test_api_routes_are_the_openapi_operations(compute: dict[str, Any]) -> None:
    document = yaml.safe_load((ROOT / "contracts" / "openapi.yaml").read_text())
    expected = {
        f"{method.upper()} {path}"
        for path, operations in document["paths"].items()
        for method in operations
        if method in {"get", "post", "put", "patch", "delete"}
    }
    routes = resources(compute, "AWS::ApiGatewayV2::Route").values()
    assert {route["Properties"]["RouteKey"] for route in routes} == expected


def test_api_integration_invokes_the_live_alias(compute: dict[str, Any]) -> None:
    (integration,) = resources(compute, "AWS::ApiGatewayV2::Integration").values()
    assert integration["Properties"]["IntegrationUri"] == {"Ref": "ApiLiveAlias"}
    assert integration["Properties"]["PayloadFormatVersion"] == "2.0"


def test_api_stage_throttles_logs_json_and_api_allows_cors(
    compute: dict[str, Any], synthesis: Synthesis
) -> None:
    stage = props(compute, "ApiDefaultStage")
    assert stage["StageName"] == "$default"
    throttle = stage["DefaultRouteSettings"]
    assert throttle["ThrottlingRateLimit"] == synthesis.context["tattoo:apiThrottleRate"]
    assert throttle["ThrottlingBurstLimit"] == synthesis.context["tattoo:apiThrottleBurst"]
    access = stage["AccessLogSettings"]
    assert access["DestinationArn"] == {"Fn::GetAtt": ["ApiAccessLogGroup", "Arn"]}
    assert json.loads(access["Format"])["requestId"] == "$context.requestId"


def test_cors_lets_a_browser_send_and_read_every_header_the_contract_names(
    compute: dict[str, Any], synthesis: Synthesis
) -> None:
    cors = props(compute, "HttpApi")["CorsConfiguration"]
    assert cors["AllowOrigins"] == synthesis.context["tattoo:corsAllowedOrigins"]
    assert cors["AllowMethods"] == ["GET", "POST"]
    lower = {name.lower() for name in cors["AllowHeaders"]}
    assert {"idempotency-key", "if-none-match", "content-type"} <= lower
    assert {"etag", "retry-after"} <= {name.lower() for name in cors["ExposeHeaders"]}
    # Derived, not listed: every header parameter and documented response header is in.
    document = yaml.safe_load((ROOT / "contracts" / "openapi.yaml").read_text())
    header_parameters = {
        parameter["name"].lower()
        for parameter in document["components"]["parameters"].values()
        if parameter["in"] == "header"
    }
    assert header_parameters <= lower
    documented = {
        name.lower()
        for response in document["components"]["responses"].values()
        for name in response.get("headers", {})
    } - {"cache-control"}  # safelisted: browsers read it anyway
    assert documented <= {name.lower() for name in cors["ExposeHeaders"]}


def test_only_the_decision_route_needs_iam_and_moderators_get_only_that(
    compute: dict[str, Any],
) -> None:
    routes = {
        route["Properties"]["RouteKey"]: route["Properties"]
        for route in resources(compute, "AWS::ApiGatewayV2::Route").values()
    }
    secured = {key for key, route in routes.items() if route.get("AuthorizationType") == "AWS_IAM"}
    assert secured == {"POST /v1/removal-requests/{requestId}/decision"}
    assert all(
        route.get("AuthorizationType", "NONE") in ("NONE", "AWS_IAM") for route in routes.values()
    )
    (statement,) = props(compute, "RemovalModeratorPolicy")["PolicyDocument"]["Statement"]
    assert statement["Action"] == "execute-api:Invoke"
    resource = json.dumps(statement["Resource"])
    assert "/POST/v1/removal-requests/*/decision" in resource and "/GET/" not in resource


def test_the_api_sends_mail_only_from_the_removal_sender(
    compute: dict[str, Any], synthesis: Synthesis
) -> None:
    sender = synthesis.context["tattoo:removalSender"]
    domain = sender.rpartition("@")[2]
    assert props(compute, "RemovalSenderIdentity")["EmailIdentity"] == domain
    statements = [
        statement
        for policy in resources(compute, "AWS::IAM::Policy").values()
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
        if "ses:" in json.dumps(statement["Action"])
    ]
    (statement,) = statements
    assert statement["Action"] == "ses:SendEmail"
    assert statement["Condition"] == {"StringEquals": {"ses:FromAddress": sender}}
    region, account = synthesis.context["tattoo:region"], synthesis.context["tattoo:account"]
    assert statement["Resource"] == f"arn:aws:ses:{region}:{account}:identity/{domain}"
    environment = props(compute, "ApiFunction")["Environment"]["Variables"]
    assert environment["REMOVAL_SENDER"] == sender
    assert environment["REMOVAL_LINK_SECRET_ARN"] == {"Ref": "RemovalLinkSecret"}
    assert environment["REMOVAL_LIMIT_PER_CLIENT"] == str(
        synthesis.context["tattoo:removalLimitPerClient"]
    )
    secret = props(compute, "RemovalLinkSecret")
    assert secret["GenerateSecretString"]["PasswordLength"] >= 32


# 8. queues and topics --------------------------------------------------------------------------


def test_scrape_queue_dead_letters_after_three_receives(compute: dict[str, Any]) -> None:
    queue = props(compute, "ScrapeQueue")
    assert queue["RedrivePolicy"] == {
        "deadLetterTargetArn": {"Fn::GetAtt": ["ScrapeDlq", "Arn"]},
        "maxReceiveCount": 3,
    }


def test_every_queue_is_encrypted_and_non_dlq_queues_have_dlqs(compute: dict[str, Any]) -> None:
    queues = resources(compute, "AWS::SQS::Queue")
    assert {"ScrapeQueue", "ScrapeDlq", "SyncFailuresQueue", "PipelineFailuresQueue"} <= set(queues)
    dead_letter_targets = {
        queue["Properties"]["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0]
        for queue in queues.values()
        if "RedrivePolicy" in queue["Properties"]
    }
    for logical_id, queue in queues.items():
        assert queue["Properties"].get("SqsManagedSseEnabled") is True, logical_id
        is_dlq = logical_id in dead_letter_targets or logical_id == "ScheduleDlq"
        assert is_dlq or "RedrivePolicy" in queue["Properties"], logical_id
    assert "RedrivePolicy" in queues["SyncFailuresQueue"]["Properties"]
    assert "RedrivePolicy" in queues["PipelineFailuresQueue"]["Properties"]


def test_alerts_topic_is_kms_encrypted(compute: dict[str, Any]) -> None:
    topic = props(compute, "AlertsTopic")
    assert "KmsMasterKeyId" in topic
    (key,) = resources(compute, "AWS::KMS::Key").values()
    assert key["Properties"]["EnableKeyRotation"] is True
    assert "cloudwatch.amazonaws.com" in json.dumps(key["Properties"]["KeyPolicy"])


# 9. monitoring -------------------------------------------------------------------------------


def test_alarms_cover_functions_api_dlqs_state_machine_ecs_and_iterator_age(
    compute: dict[str, Any],
) -> None:
    alarms = resources(compute, "AWS::CloudWatch::Alarm")
    for name in FUNCTIONS:
        assert props(compute, f"{name}FunctionErrorsAlarm")["MetricName"] == "Errors"
        assert props(compute, f"{name}FunctionThrottlesAlarm")["MetricName"] == "Throttles"
    latency = props(compute, "ApiLatencyP95Alarm")
    assert (latency["MetricName"], latency["ExtendedStatistic"], latency["Threshold"]) == (
        "Latency",
        "p95",
        500,
    )
    for dlq in ("ScrapeDlq", "SyncFailuresQueue", "PipelineFailuresQueue", "ScheduleDlq"):
        alarm = props(compute, f"{dlq}MessagesAlarm")
        assert alarm["Threshold"] == 0
        assert alarm["ComparisonOperator"] == "GreaterThanThreshold"
    assert "ExecutionsFailed" in json.dumps(props(compute, "AggregationExecutionsFailedAlarm"))
    assert props(compute, "ScraperTaskFailuresAlarm")["MetricName"] == "ScraperTaskFailures"
    assert props(compute, "ScraperTaskFailedRule")["EventPattern"]["detail"]["lastStatus"] == [
        "STOPPED"
    ]
    assert props(compute, "SyncIteratorAgeAlarm")["MetricName"] == "IteratorAge"
    for logical_id, alarm in alarms.items():
        if "ScrapeBacklogScaling" in logical_id:
            continue  # autoscaling's own alarms drive the scaling policies
        assert alarm["Properties"]["AlarmActions"] == [{"Ref": "AlertsTopic"}], logical_id


def test_dashboard_exists(compute: dict[str, Any]) -> None:
    body = json.dumps(props(compute, "OperationsDashboard")["DashboardBody"])
    assert "Latency" in body and "Errors" in body and "IteratorAge" in body


# 10. outputs ------------------------------------------------------------------------------


def test_outputs_name_functions_cluster_state_machine_and_api(compute: dict[str, Any]) -> None:
    outputs = compute["Outputs"]
    for name in FUNCTIONS:
        assert outputs[f"{name}FunctionName"]["Value"] == {"Ref": f"{name}Function"}
        assert outputs[f"{name}FunctionArn"]["Value"] == {"Fn::GetAtt": [f"{name}Function", "Arn"]}
    assert outputs["ClusterArn"]["Value"] == {"Fn::GetAtt": ["Cluster", "Arn"]}
    assert outputs["StateMachineArn"]["Value"] == {"Ref": "AggregationStateMachine"}
    assert "HttpApi" in json.dumps(outputs["ApiUrl"]["Value"])
    for name in ("ScrapeQueueUrl", "TableName", "IdempotencyTableName", "AlertsTopicArn"):
        assert name in outputs


def test_idempotency_table_matches_powertools_defaults(compute: dict[str, Any]) -> None:
    table = props(compute, "IdempotencyTable")
    assert table["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]
    assert table["TimeToLiveSpecification"] == {"AttributeName": "expiration", "Enabled": True}


def test_asset_paths_point_at_the_built_function_and_layer() -> None:
    from infra.components.functions import FUNCTION_ASSET, LAYER_ASSET

    assert FUNCTION_ASSET == ROOT / "build" / "function"
    assert (FUNCTION_ASSET / "compute" / "handlers").is_dir()
    assert (FUNCTION_ASSET / "contracts" / "openapi.yaml").is_file()
    assert (LAYER_ASSET / "python" / "aws_lambda_powertools").is_dir()
    assert not list(Path(FUNCTION_ASSET).rglob("__pycache__"))


def test_layer_binaries_are_built_for_arm64() -> None:
    from infra.components.functions import LAYER_ASSET

    aarch64 = 183  # ELF e_machine of AArch64
    extensions = list((LAYER_ASSET / "python").rglob("*.so"))
    assert extensions, "expected compiled wheels (grpcio, selectolax, ...) in the layer"
    for extension in extensions:
        header = extension.read_bytes()[:20]
        assert header[:4] == b"\x7fELF", extension
        assert int.from_bytes(header[18:20], "little") == aarch64, extension


# Egress: what each group may reach ---------------------------------------------------------

WEB_REACHING = {"DiscoverStudiosFunction", "FindArtistsFunction", "Scraper"}
HTTPS_ANYWHERE = ("tcp", 443, 443, "0.0.0.0/0")
HTTP_ANYWHERE = ("tcp", 80, 80, "0.0.0.0/0")


def egress_rules(template: dict[str, Any], group: str) -> set[tuple[str, int, int, str]]:
    """(protocol, from, to, destination) of a group, inline and as separate resources; a
    destination group is named by its logical id or its import."""

    def destination(rule: dict[str, Any]) -> str:
        if "CidrIp" in rule:
            return str(rule["CidrIp"])
        target = rule.get("DestinationSecurityGroupId") or rule.get("DestinationPrefixListId")
        return "search" if "SearchSecurityGroup" in json.dumps(target) else json.dumps(target)

    rules = list(props(template, group).get("SecurityGroupEgress", []))
    for resource in resources(template, "AWS::EC2::SecurityGroupEgress").values():
        if resource["Properties"]["GroupId"] == {"Fn::GetAtt": [group, "GroupId"]}:
            rules.append(resource["Properties"])
    return {
        (str(r["IpProtocol"]), int(r["FromPort"]), int(r["ToPort"]), destination(r)) for r in rules
    }


def test_no_security_group_allows_all_traffic_anywhere(synthesis: Synthesis) -> None:
    for name, template in synthesis.templates.items():
        for logical_id, group in resources(template, "AWS::EC2::SecurityGroup").items():
            for rule in group["Properties"].get("SecurityGroupEgress", []):
                assert str(rule["IpProtocol"]) != "-1", (name, logical_id, rule)
        for logical_id, rule in resources(template, "AWS::EC2::SecurityGroupEgress").items():
            assert str(rule["Properties"]["IpProtocol"]) != "-1", (name, logical_id)


def test_each_group_reaches_only_what_its_owner_uses(compute: dict[str, Any]) -> None:
    search_users = {
        name
        for name in FUNCTIONS
        if any(a.startswith("es:") for a in role_actions(compute, f"{name}FunctionRole"))
    }
    # IAM says who talks to search; egress must agree
    assert search_users == {"Api", "Sync", "Reconcile"}
    owners = {f"{name}Function": name in search_users for name in FUNCTIONS} | {"Scraper": False}
    for owner, uses_search in owners.items():
        expected = {HTTPS_ANYWHERE}
        if owner in WEB_REACHING:
            expected.add(HTTP_ANYWHERE)
        if uses_search:
            expected.add(("tcp", 443, 443, "search"))
        assert egress_rules(compute, f"{owner}SecurityGroup") == expected, owner


def test_dynamodb_and_s3_traffic_takes_gateway_endpoints(compute: dict[str, Any]) -> None:
    endpoints = resources(compute, "AWS::EC2::VPCEndpoint").values()
    gateways = {
        json.dumps(e["Properties"]["ServiceName"]): e["Properties"]
        for e in endpoints
        if e["Properties"].get("VpcEndpointType", "Gateway") == "Gateway"
    }
    assert len(gateways) == 2
    assert any("dynamodb" in name for name in gateways) and any("s3" in name for name in gateways)
    for endpoint in gateways.values():
        assert len(endpoint["RouteTableIds"]) == 2  # both private subnets' route tables
        assert "private" in json.dumps(endpoint["RouteTableIds"]).lower()
    # Interface endpoints bill by the hour: none unless tattoo:vpcEndpoints lists them.
    assert all(e["Properties"].get("VpcEndpointType", "Gateway") == "Gateway" for e in endpoints)


def test_proxy_ports_and_interface_endpoints_when_configured() -> None:
    """A small stack with the same parts (the full app is synthesized only once)."""
    import aws_cdk as cdk
    from aws_cdk import aws_ec2 as ec2

    from infra.components.reach import VpcEndpoints, allow_egress

    stack = cdk.Stack(cdk.App(), "Reach")
    vpc = ec2.Vpc(stack, "Vpc", max_azs=2, nat_gateways=1, restrict_default_security_group=False)
    web = ec2.SecurityGroup(stack, "Web", vpc=vpc, allow_all_outbound=False)
    aws_only = ec2.SecurityGroup(stack, "AwsOnly", vpc=vpc, allow_all_outbound=False)
    allow_egress(web, web=True, proxy_ports=[8080, 443])
    allow_egress(aws_only, web=False, proxy_ports=[8080])
    subnets = ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS)
    VpcEndpoints(stack, "Endpoints", vpc=vpc, subnets=subnets, names=["sqs"], clients=[aws_only])
    template = Template.from_stack(stack).to_json()
    ids = {
        props(template, i)["GroupDescription"]: i
        for i in resources(template, "AWS::EC2::SecurityGroup")
    }
    web_id, aws_id = ids["Reach/Web"], ids["Reach/AwsOnly"]
    assert egress_rules(template, web_id) == {
        HTTPS_ANYWHERE,
        HTTP_ANYWHERE,
        ("tcp", 8080, 8080, "0.0.0.0/0"),
    }
    (endpoint_group,) = [i for i in ids.values() if "SqsInterfaceEndpoint" in i]
    endpoint_rule = ("tcp", 443, 443, json.dumps({"Fn::GetAtt": [endpoint_group, "GroupId"]}))
    # Proxies are for the web only; a client names the endpoint it may use.
    assert egress_rules(template, aws_id) == {HTTPS_ANYWHERE, endpoint_rule}
    (endpoint,) = resources(template, "AWS::EC2::VPCEndpoint").values()
    assert endpoint["Properties"]["VpcEndpointType"] == "Interface"
    assert endpoint["Properties"]["PrivateDnsEnabled"] is True
    ingress = [
        rule["Properties"]
        for rule in resources(template, "AWS::EC2::SecurityGroupIngress").values()
    ]
    assert [(r["FromPort"], r["SourceSecurityGroupId"]) for r in ingress] == [
        (443, {"Fn::GetAtt": [aws_id, "GroupId"]})
    ]


def test_the_bill_reads_its_facts_from_the_synthesized_templates(synthesis: Synthesis) -> None:
    from load.cost import read_deployed

    deployed = read_deployed(synthesis.assembly_dir)
    expected = {module.replace("_", "-"): memory for module, memory, _ in FUNCTIONS.values()}
    assert deployed.memory_mb == expected
    assert deployed.api_provisioned_concurrency == 2
    assert (deployed.scraper_vcpu, deployed.scraper_memory_gb, deployed.scraper_spot) == (
        1,
        2,
        True,
    )
    assert (deployed.nat_gateways, deployed.interface_endpoints) == (1, 0)
    assert deployed.search_instance_type == "t3.small.search"
