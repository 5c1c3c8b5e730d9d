"""The second half of the pipeline against real parts: moto (table, scrape queue with its DLQ,
failures queue), the world's sites behind its proxy, and (where marked) Chromium."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest

from emulation.world import SiteTiming, World
from tests.main_table import create_main_table

# Stalls shrunk so the failure kinds play out in seconds.
TIMING = SiteTiming(slow_s=0.3, hang_s=4.0, crawl_delay_s=1.0, huge_bytes=3_000_000)


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    world = World(seed=11, studios=300, latency=(0.0, 0.01), timing=TIMING)
    world.start()
    yield world
    world.stop()


@dataclass
class Aws:
    table: str
    scrape_queue_url: str
    dlq_url: str
    failures_queue_url: str
    dynamodb: Any
    sqs: Any

    def env(self, world: World, **extra: str) -> dict[str, str]:
        assert world.endpoints is not None
        return {
            "TABLE_NAME": self.table,
            "SCRAPE_QUEUE_URL": self.scrape_queue_url,
            "PIPELINE_FAILURES_QUEUE_URL": self.failures_queue_url,
            "HTTP_PROXY": world.endpoints.proxy_url,
            "NO_PROXY": "127.0.0.1,localhost",  # AWS (moto) is reached directly
            "MODE": "batch",
            "IDLE_EXIT_S": "1",
            "HOST_GATE_DELAY_S": "1",
            "FETCH_TIMEOUT_S": "2",
            "SCRAPER_BROWSER": "off",
            "POWERTOOLS_SERVICE_NAME": "scraper-test",
            **extra,
        }


@pytest.fixture
def aws(moto_endpoint: str) -> Iterator[Aws]:
    """The main table from the synthesized template, and the scrape queue with its redrive
    policy (3 receives) as the template defines it."""
    dynamodb = boto3.client("dynamodb", endpoint_url=moto_endpoint)
    sqs = boto3.client("sqs", endpoint_url=moto_endpoint)
    suffix = uuid.uuid4().hex[:8]
    table = f"pipeline-{suffix}"
    create_main_table(dynamodb, table)
    dlq = sqs.create_queue(QueueName=f"scrape-dlq-{suffix}")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    import json

    queue = sqs.create_queue(
        QueueName=f"scrape-{suffix}",
        Attributes={
            "VisibilityTimeout": "30",
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 3}),
        },
    )["QueueUrl"]
    failures = sqs.create_queue(QueueName=f"failures-{suffix}")["QueueUrl"]
    yield Aws(table, queue, dlq, failures, dynamodb, sqs)
    dynamodb.delete_table(TableName=table)
    for url in (queue, dlq, failures):
        sqs.delete_queue(QueueUrl=url)
