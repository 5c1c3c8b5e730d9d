"""A tiny CDK app with one of every resource kind the local cloud's edges deploy.

A table with a stream, a queue with a DLQ, two Python functions whose code lives under tests/, an
HTTP API with a few routes and a throttled second stage, EventBridge rules (cron, rate and an
alarm-state event pattern), a state machine with lambda:invoke and ecs:runTask.sync, and an ECS
cluster with a Fargate task definition and a service. Synthesized in-process, once per session.
"""

from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path

FUNCTIONS_DIR = Path(__file__).parent / "functions"
WORKER_SCRIPT = Path(__file__).parent / "tasks" / "worker.py"
STACK_NAME = "EdgesTest"
CORS_ORIGIN = "http://app.localtest:8080"


def build(outdir: Path) -> Path:
    """Synthesize the app into outdir and return the cloud assembly directory."""
    os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    import aws_cdk as cdk
    from aws_cdk import aws_apigatewayv2 as apigw
    from aws_cdk import aws_apigatewayv2_authorizers as authorizers
    from aws_cdk import aws_apigatewayv2_integrations as integrations
    from aws_cdk import aws_cloudwatch as cloudwatch
    from aws_cdk import aws_dynamodb as dynamodb
    from aws_cdk import aws_ec2 as ec2
    from aws_cdk import aws_ecs as ecs
    from aws_cdk import aws_events as events
    from aws_cdk import aws_events_targets as targets
    from aws_cdk import aws_lambda as lambda_
    from aws_cdk import aws_lambda_event_sources as sources
    from aws_cdk import aws_secretsmanager as secretsmanager
    from aws_cdk import aws_sqs as sqs
    from aws_cdk import aws_stepfunctions as sfn
    from aws_cdk import aws_stepfunctions_tasks as tasks

    app = cdk.App(outdir=str(outdir))
    stack = cdk.Stack(
        app, STACK_NAME, env=cdk.Environment(account="123456789012", region="eu-west-2")
    )

    table = dynamodb.Table(
        stack,
        "Table",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
        sort_key=dynamodb.Attribute(name="sk", type=dynamodb.AttributeType.STRING),
        billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
        stream=dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
        time_to_live_attribute="expiresAt",
        removal_policy=cdk.RemovalPolicy.DESTROY,
    )
    table.add_global_secondary_index(
        index_name="GSI1",
        partition_key=dynamodb.Attribute(name="GSI1PK", type=dynamodb.AttributeType.STRING),
        sort_key=dynamodb.Attribute(name="GSI1SK", type=dynamodb.AttributeType.STRING),
    )
    dlq = sqs.Queue(stack, "JobsDlq")
    queue = sqs.Queue(
        stack,
        "Jobs",
        visibility_timeout=cdk.Duration.seconds(30),
        dead_letter_queue=sqs.DeadLetterQueue(queue=dlq, max_receive_count=3),
    )
    secret = secretsmanager.Secret(stack, "PlacesKey", secret_name="edges/places-api-key")

    env = {
        "TABLE_NAME": table.table_name,
        "QUEUE_URL": queue.queue_url,
        "SECRET_ARN": secret.secret_arn,
        "POWERTOOLS_SERVICE_NAME": "edge",
    }
    code = lambda_.Code.from_asset(str(FUNCTIONS_DIR))
    edge = lambda_.Function(
        stack,
        "Edge",
        function_name="edge",
        runtime=lambda_.Runtime.PYTHON_3_12,
        architecture=lambda_.Architecture.ARM_64,
        handler="edge_handlers.handler",
        code=code,
        timeout=cdk.Duration.seconds(2),
        memory_size=256,
        environment=env,
    )
    recorder = lambda_.Function(
        stack,
        "Recorder",
        function_name="recorder",
        runtime=lambda_.Runtime.PYTHON_3_12,
        handler="edge_handlers.record",
        code=code,
        timeout=cdk.Duration.seconds(10),
        environment=env,
    )
    table.grant_read_write_data(recorder)
    recorder.add_event_source(
        sources.SqsEventSource(queue, batch_size=5, report_batch_item_failures=True)
    )

    api = apigw.HttpApi(
        stack,
        "Api",
        api_name="edges-api",
        cors_preflight=apigw.CorsPreflightOptions(
            allow_origins=[CORS_ORIGIN],
            allow_methods=[apigw.CorsHttpMethod.GET, apigw.CorsHttpMethod.POST],
            allow_headers=["Content-Type", "Idempotency-Key", "If-None-Match"],
            expose_headers=["ETag", "Retry-After"],
            max_age=cdk.Duration.minutes(10),
        ),
    )
    integration = integrations.HttpLambdaIntegration("EdgeIntegration", edge)
    for path in ("/v1/artists/{artistId}", "/v1/boom", "/v1/slow", "/v1/bare", "/v1/binary"):
        api.add_routes(path=path, methods=[apigw.HttpMethod.GET], integration=integration)
    api.add_routes(path="/v1/echo", methods=[apigw.HttpMethod.POST], integration=integration)
    # AWS IAM authorization: only SigV4-signed requests reach the function.
    api.add_routes(
        path="/v1/moderate/{item}",
        methods=[apigw.HttpMethod.POST],
        integration=integration,
        authorizer=authorizers.HttpIamAuthorizer(),
    )
    # The gateway's own integration timeout (1 s) is shorter than the function's (2 s).
    short = integrations.HttpLambdaIntegration(
        "ShortIntegration", edge, timeout=cdk.Duration.seconds(1)
    )
    api.add_routes(path="/v1/slow-gw", methods=[apigw.HttpMethod.GET], integration=short)
    api.add_routes(path="/files/{proxy+}", methods=[apigw.HttpMethod.ANY], integration=integration)
    stage = api.default_stage
    assert stage is not None
    cfn_stage = stage.node.default_child
    assert isinstance(cfn_stage, cdk.CfnResource)
    cfn_stage.add_property_override(
        "DefaultRouteSettings", {"ThrottlingRateLimit": 1000, "ThrottlingBurstLimit": 500}
    )
    api.add_stage(
        "Throttled",
        stage_name="throttled",
        auto_deploy=True,
        throttle=apigw.ThrottleSettings(rate_limit=2, burst_limit=3),
    )

    vpc = ec2.Vpc(stack, "Vpc", max_azs=2, nat_gateways=0)
    cluster = ecs.Cluster(
        stack,
        "Cluster",
        vpc=vpc,
        cluster_name="edges",
        container_insights_v2=ecs.ContainerInsights.ENABLED,  # task counts as metrics
    )
    task_def = ecs.FargateTaskDefinition(stack, "WorkerTask", cpu=256, memory_limit_mib=512)
    container = task_def.add_container(
        "worker",
        container_name="worker",
        image=ecs.ContainerImage.from_registry("public.ecr.aws/docker/library/python:3.12-slim"),
        command=["--mode", "batch"],
        environment={"TABLE_NAME": table.table_name, "MODE": "service", "SLEEP_S": "3600"},
        logging=ecs.LogDrivers.aws_logs(stream_prefix="worker"),
    )
    ecs.FargateService(
        stack,
        "WorkerService",
        cluster=cluster,
        task_definition=task_def,
        desired_count=2,
        assign_public_ip=True,
        vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PUBLIC),
    )

    invoke = tasks.LambdaInvoke(
        stack,
        "Record",
        lambda_function=recorder,
        payload_response_only=True,
        result_path="$.recorded",
    )
    run = tasks.EcsRunTask(
        stack,
        "RunWorker",
        integration_pattern=sfn.IntegrationPattern.RUN_JOB,
        cluster=cluster,
        task_definition=task_def,
        subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PUBLIC),
        assign_public_ip=True,
        launch_target=tasks.EcsFargateLaunchTarget(
            platform_version=ecs.FargatePlatformVersion.LATEST
        ),
        container_overrides=[
            tasks.ContainerOverride(
                container_definition=container,
                environment=[
                    tasks.TaskEnvironmentVariable(
                        name="EXIT_CODE", value=sfn.JsonPath.string_at("$.exitCode")
                    ),
                    tasks.TaskEnvironmentVariable(
                        name="RUN_ID", value=sfn.JsonPath.string_at("$.marker")
                    ),
                    tasks.TaskEnvironmentVariable(name="MODE", value="batch"),
                    tasks.TaskEnvironmentVariable(name="SLEEP_S", value="0"),
                ],
            )
        ],
        result_path="$.task",
    )
    machine = sfn.StateMachine(
        stack,
        "Machine",
        state_machine_name="edges-machine",
        definition_body=sfn.DefinitionBody.from_chainable(invoke.next(run)),
    )

    events.Rule(
        stack,
        "Nightly",
        rule_name="edges-nightly",
        schedule=events.Schedule.cron(minute="15", hour="3"),
        targets=[
            targets.SfnStateMachine(
                machine,
                input=events.RuleTargetInput.from_object(
                    {"marker": "nightly", "exitCode": "0", "time": events.EventField.time}
                ),
            )
        ],
    )
    events.Rule(
        stack,
        "Every5",
        rule_name="edges-every-5",
        schedule=events.Schedule.rate(cdk.Duration.minutes(5)),
        targets=[targets.LambdaFunction(recorder)],
    )
    alarm = cloudwatch.Alarm(
        stack,
        "Errors",
        alarm_name="edges-errors",
        metric=edge.metric_errors(),
        threshold=1,
        evaluation_periods=1,
    )
    events.Rule(
        stack,
        "OnAlarm",
        rule_name="edges-on-alarm",
        event_pattern=events.EventPattern(
            source=["aws.cloudwatch"],
            detail_type=["CloudWatch Alarm State Change"],
            detail={"alarmName": [alarm.alarm_name], "state": {"value": ["ALARM"]}},
        ),
        targets=[targets.LambdaFunction(recorder)],
    )

    cdk.CfnOutput(stack, "ApiUrl", value=api.api_endpoint)
    cdk.CfnOutput(stack, "TableName", value=table.table_name)
    cdk.CfnOutput(stack, "QueueUrl", value=queue.queue_url)
    cdk.CfnOutput(stack, "MachineArn", value=machine.state_machine_arn)
    cdk.CfnOutput(
        stack,
        "StreamArn",
        value=cdk.Fn.get_att(table.node.default_child.logical_id, "StreamArn").to_string(),
    )  # type: ignore[union-attr]
    cdk.CfnOutput(stack, "Joined", value=cdk.Fn.join("|", [table.table_name, queue.queue_name]))
    app.synth()
    return outdir


@functools.cache
def synthesize() -> Path:
    """Synthesize once per process (Node warm-up costs seconds) into a temporary directory."""
    outdir = Path(tempfile.mkdtemp(prefix="edges-cdk-")) / "cdk.out"
    return build(outdir)


if __name__ == "__main__":
    print(synthesize())
