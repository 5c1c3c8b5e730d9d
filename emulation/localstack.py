"""LocalStack through Testcontainers: a second AWS API for machines with Docker.

The default local cloud is moto (embedded, no Docker). Here LocalStack serves the deployer (the
template's resources deployed into it) and the services the project's messaging runs on: SQS,
SNS and EventBridge, plus IAM, STS, Logs, Secrets Manager, SSM, S3, CloudWatch
and EC2. The Lambda runtime, event sources, API gateway, schedules, ECS, OpenSearch, faults and
the world stay the local cloud's own.

The image is LOCALSTACK_IMAGE: by default the community image of the pinned release below,
which starts without an account auth token (LocalStack requires one from its 2026.3 releases
on) and runs on Python 3.11 (4.14.0 does not: it uses 3.12 syntax); where no registry is
reachable, `containers/build localstack` makes `tattoo/localstack:<release>` from
`localstack-core` on PyPI. LOCALSTACK_AUTH_TOKEN is passed
through when set. What it cannot serve here (DynamoDB needs DynamoDB Local and Lambda its
runtime images, both downloads; ECS is not in the community edition; Step Functions fails on
Python 3.11) is listed in `NOT_SERVED` and named in the tests' skip reasons. Without Docker,
`docker_status()` says why within a second.
"""

from __future__ import annotations

import os
from typing import Any

from emulation import containers
from emulation.aws import REGION, client
from emulation.containers import docker_status

__all__ = ["LOCALSTACK_ACCOUNT_ID", "NOT_SERVED", "SERVICES", "LocalStack", "docker_status"]

LOCALSTACK_RELEASE = "4.13.1"  # 2026.3.0 on need a token; 4.14.0 needs Python 3.12
LOCALSTACK_IMAGE = os.environ.get("LOCALSTACK_IMAGE", f"localstack/localstack:{LOCALSTACK_RELEASE}")
# LocalStack's default account: ARNs it returns carry it.
LOCALSTACK_ACCOUNT_ID = "000000000000"
EDGE_PORT = 4566
START_TIMEOUT_S = 180.0
SERVICES = (
    "sqs",
    "sns",
    "events",
    "iam",
    "sts",
    "logs",
    "secretsmanager",
    "ssm",
    "s3",
    "cloudwatch",
    "ec2",
)
# Service -> why LocalStack's community runtime cannot serve it on a machine without downloads.
NOT_SERVED = {
    "dynamodb": "LocalStack runs DynamoDB Local, which it downloads at first use",
    "dynamodbstreams": "LocalStack's streams come from DynamoDB Local, downloaded at first use",
    "lambda": "LocalStack runs functions in runtime images it pulls, or a runtime it downloads",
    "ecs": "ECS is not in LocalStack's community edition",
    # Its Step Functions provider fails at CreateStateMachine on Debian's Python 3.11 ("unsupported
    # operand type(s) for |"), and 4.14.0 and later need Python 3.12 or an auth token.
    "stepfunctions": "LocalStack 4.13.1's Step Functions needs a newer Python than Debian's 3.11",
}


class LocalStack:
    """A LocalStack container for the duration of a test session, on 127.0.0.1 only."""

    def __init__(self, image: str = LOCALSTACK_IMAGE) -> None:
        self.image = image
        self._container: Any = None
        self.endpoint = ""

    def start(self) -> str:
        containers.testcontainers_settings()
        containers.sweep_abandoned()
        from testcontainers.community.localstack import LocalStackContainer

        container: Any = LocalStackContainer(image=self.image, region_name=REGION)
        containers.loopback(container, EDGE_PORT)
        container.with_services(*SERVICES)
        container.with_kwargs(labels=containers.labels("localstack"))
        token = os.environ.get("LOCALSTACK_AUTH_TOKEN")
        if token:
            container.with_env("LOCALSTACK_AUTH_TOKEN", token)
        self._container = container
        container.start(timeout=START_TIMEOUT_S)
        self.endpoint = f"http://127.0.0.1:{container.get_exposed_port(EDGE_PORT)}"
        return self.endpoint

    def client(self, service: str) -> Any:
        if not self.endpoint:
            raise RuntimeError("LocalStack.client() called before start()")
        return client(service, self.endpoint)

    def logs(self) -> str:
        if self._container is None:
            return ""
        stdout, stderr = self._container.get_logs()
        return str((stdout + stderr).decode(errors="replace"))

    def stop(self) -> None:
        container, self._container = self._container, None
        if container is not None:
            container.stop()
