"""A small, fast world (latency and stalls shrunk) and the main table in moto for the discovery
tests."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest

from emulation.world import SiteTiming, World
from tests.main_table import create_main_table

# Politeness for tests: small, but the fetcher's default stays >= 1 s.
TEST_DELAY_S = 0.05
# The world stamps a request's arrival on its own handler thread, which a loaded 2-core machine
# can start ~10-20 ms late; at a 0.05 s test delay that jitter alone reads as a violation.
# The reports judge spacing against the delay less this (no spacing at all still fails).
ARRIVAL_JITTER_S = 0.02
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
    create_main_table(client, name)
    yield name
    client.delete_table(TableName=name)
