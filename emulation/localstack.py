"""LocalStack through Testcontainers: an optional second backend for machines with Docker.

The default local cloud is moto (embedded, no Docker). This backend covers the deployer only:
the template's resources are deployed into LocalStack; the Lambda runtime, event sources, API
gateway, schedules, ECS, OpenSearch, faults and the world stay the local cloud's own. Where
Docker runs, the same integration tests can run against LocalStack's community image, pinned to
a release from before LocalStack required an account token for its latest images;
LOCALSTACK_AUTH_TOKEN is passed through when set.
Without Docker, `docker_status()` says why within about a second, so tests skip with the reason.
"""

from __future__ import annotations

import os
from typing import Any

from emulation.aws import REGION, client

# Pinned community image (4.4.0, May 2025): newer "latest" images need an auth token.
LOCALSTACK_IMAGE = os.environ.get("LOCALSTACK_IMAGE", "localstack/localstack:4.4.0")
# LocalStack's default account: ARNs it returns carry it.
LOCALSTACK_ACCOUNT_ID = "000000000000"
SERVICES = (
    "sqs",
    "sns",
    "dynamodb",
    "dynamodbstreams",
    "secretsmanager",
    "stepfunctions",
    "iam",
    "logs",
    "events",
    "lambda",
    "ssm",
    "s3",
    "cloudwatch",
    "ec2",
    "ecs",
    "sts",
)


def docker_status(timeout_s: int = 2) -> tuple[bool, str]:
    """(True, version) when a Docker engine answers; else (False, why not)."""
    try:
        import docker

        engine = docker.from_env(timeout=timeout_s)
        engine.ping()
        version = str(engine.version().get("Version", "?"))
    except Exception as exc:  # no socket, no permission, no package: all mean "no Docker"
        return False, f"no Docker engine ({type(exc).__name__}: {exc})"
    return True, version


class LocalStack:
    """A LocalStack container for the duration of a test session."""

    def __init__(self, image: str = LOCALSTACK_IMAGE) -> None:
        self.image = image
        self._container: Any = None
        self.endpoint = ""

    def start(self) -> str:
        from testcontainers.community.localstack import LocalStackContainer

        container = LocalStackContainer(image=self.image, region_name=REGION)
        container.with_services(*SERVICES)
        token = os.environ.get("LOCALSTACK_AUTH_TOKEN")
        if token:
            container.with_env("LOCALSTACK_AUTH_TOKEN", token)
        container.start()
        self._container = container
        self.endpoint = str(container.get_url())
        return self.endpoint

    def client(self, service: str) -> Any:
        if not self.endpoint:
            raise RuntimeError("LocalStack.client() called before start()")
        return client(service, self.endpoint)

    def stop(self) -> None:
        if self._container is not None:
            self._container.stop()
            self._container = None
