"""The whole local cloud, started once per session from the synthesized template.

`local_cloud` deploys infra/cdk.out (synthesizing it first, in-process with infra.app, when it is
missing or older than the code and infra it was built from) onto moto, a real OpenSearch node
(OPENSEARCH_URL or the cached distribution), the Lambda runtime, event-source pollers, the API
gateway, schedules and ECS. Tests drive it only through its public edges.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from emulation.assembly import DEFAULT_ASSEMBLY
from emulation.assembly import ensure_assembly as _ensure_assembly
from emulation.cloud import LocalCloud
from tests import moto_state

ROOT = Path(__file__).resolve().parents[2]
ASSEMBLY = DEFAULT_ASSEMBLY


def ensure_assembly(assembly: Path = ASSEMBLY) -> Path:
    """infra/cdk.out, built (assets, then one in-process synth) when missing or stale."""
    return _ensure_assembly(assembly)[0]


# Package scope: the stack (its node, pollers, alarm evaluator and queue sampler) stops after the
# last e2e test instead of running beside every later tier, whose timing tests it disturbed.
@pytest.fixture(scope="package")
def local_cloud(aws_env: None) -> Iterator[LocalCloud]:
    """The deployed local stack; stopped (with every process it started) after the e2e tests."""
    assembly = ensure_assembly()
    state_dir = Path(tempfile.mkdtemp(prefix="e2e-local-cloud-"))
    before = moto_state.mark()  # the stack leaves moto with its cloud (tests/moto_state.py)
    cloud = LocalCloud(state_dir=state_dir)
    cloud.start(assembly)
    try:
        yield cloud
    finally:
        cloud.stop()
        before.remove_added_since()


@pytest.fixture(scope="package")
def world(local_cloud: LocalCloud) -> Iterator[Any]:
    """The synthetic city the daily aggregation rule names, served on 127.0.0.1 and sharing
    the cloud's fault registry; the functions and scraper tasks are pointed at it."""
    from load.chaos import rule_city, start_world

    city_world = start_world(local_cloud, city=rule_city(ASSEMBLY), studios=8)
    try:
        yield city_world
    finally:
        city_world.stop()
