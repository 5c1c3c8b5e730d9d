"""Deploy a synthesized CDK cloud assembly onto the local cloud.

The template is the single source of truth: names, wiring, environment, the state machine.
`engine.py` deploys each stack (and nested stacks) in dependency order, resolves intrinsic
functions and hands each resource to the creator registered for its type; a creator makes it in
moto or hands it to the local part that emulates it (Lambda runtime, event-source pollers, API
gateway, schedules, ECS). Every resource ends up in the report as created, accepted (understood,
with no local meaning: `accepted.py`) or unsupported (not understood): nothing is dropped
silently.

One module per AWS service holds that service's creators. To emulate a new resource type, write
`@creates("AWS::Service::Type")` functions in `emulation/deploy/<service>.py`, add its name to
`SERVICES` below (importing it registers its creators) and drop the type from `accepted.py`.
"""

from __future__ import annotations

from importlib import import_module

from emulation.deploy.dynamodb import create_table
from emulation.deploy.engine import (
    ACCEPTED,
    CREATED,
    SKIPPED,
    UNSUPPORTED,
    Deployed,
    Deployer,
    DeployError,
    Deployment,
    ReportEntry,
    Targets,
    all_handled_types,
    deploy,
    deploy_order,
    load_secret_values,
)
from emulation.intrinsics import NO_VALUE

# The modules of the services whose resources the deploy creates; importing one registers its
# creators.
SERVICES = (
    "apigatewayv2",
    "applicationautoscaling",
    "cloudformation",
    "cloudwatch",
    "dynamodb",
    "ec2",
    "ecs",
    "events",
    "iam",
    "lambda_",
    "logs",
    "opensearch",
    "s3",
    "scheduler",
    "secretsmanager",
    "ses",
    "sns",
    "sqs",
    "ssm",
    "stepfunctions",
)
for _service in SERVICES:
    import_module(f"emulation.deploy.{_service}")

__all__ = [
    "ACCEPTED",
    "CREATED",
    "NO_VALUE",
    "SERVICES",
    "SKIPPED",
    "UNSUPPORTED",
    "DeployError",
    "Deployed",
    "Deployer",
    "Deployment",
    "ReportEntry",
    "Targets",
    "all_handled_types",
    "create_table",
    "deploy",
    "deploy_order",
    "load_secret_values",
]
