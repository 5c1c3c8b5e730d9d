"""A small, fast world (latency and stalls shrunk) and a moto table for the discovery tests."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest

from emulation.world import SiteTiming, World

# Politeness for tests: small, but the fetcher's default stays >= 1 s.
TEST_DELAY_S = 0.05
TIMING = SiteTiming(slow_s=0.3, hang_s=3.0, crawl_delay_s=0.15, huge_bytes=3_000_000)


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    world = World(seed=21, studios=240, latency=(0.0, 0.005), timing=TIMING)
    world.start()
    yield world
    world.stop()


@pytest.fixture
def table(moto_endpoint: str) -> Iterator[str]:
    client = boto3.client("dynamodb", endpoint_url=moto_endpoint)
    name = "discovery-test"
    client.create_table(
        TableName=name,
        KeySchema=[
            {"AttributeName": "PK", "KeyType": "HASH"},
            {"AttributeName": "SK", "KeyType": "RANGE"},
        ],
        AttributeDefinitions=[
            {"AttributeName": "PK", "AttributeType": "S"},
            {"AttributeName": "SK", "AttributeType": "S"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    yield name
    client.delete_table(TableName=name)
