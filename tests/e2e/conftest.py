"""The whole local cloud, started once per session from the synthesized template.

`local_cloud` deploys infra/cdk.out (synthesizing it first, in-process with infra.app, when it is
missing or older than the code and infra it was built from) onto moto, a real OpenSearch node
(OPENSEARCH_URL or the cached distribution), the Lambda runtime, event-source pollers, the API
gateway, schedules and ECS. Tests drive it only through its public edges.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from emulation.cloud import LocalCloud

ROOT = Path(__file__).resolve().parents[2]
ASSEMBLY = ROOT / "infra" / "cdk.out"
# What a synthesized assembly is built from: a change here makes it stale.
SOURCES = (ROOT / "infra", ROOT / "src" / "compute", ROOT / "contracts")


def _newest_source_mtime() -> float:
    newest = 0.0
    for base in SOURCES:
        for path in base.rglob("*"):
            if "cdk.out" in path.parts or "__pycache__" in path.parts or not path.is_file():
                continue
            newest = max(newest, path.stat().st_mtime)
    return newest


def assembly_is_fresh(assembly: Path = ASSEMBLY) -> bool:
    manifest = assembly / "manifest.json"
    return manifest.is_file() and manifest.stat().st_mtime >= _newest_source_mtime()


def ensure_assembly(assembly: Path = ASSEMBLY) -> Path:
    """infra/cdk.out, synthesized in-process when missing or stale (one Node warm-up)."""
    if assembly_is_fresh(assembly):
        return assembly
    os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    from infra.app import build_app, load_context

    build_app(load_context(), outdir=str(assembly)).synth()
    return assembly


@pytest.fixture(scope="session")
def local_cloud(aws_env: None) -> Iterator[LocalCloud]:
    """The deployed local stack; stopped (with every process it started) after the session."""
    assembly = ensure_assembly()
    state_dir = Path(tempfile.mkdtemp(prefix="e2e-local-cloud-"))
    cloud = LocalCloud(state_dir=state_dir)
    cloud.start(assembly)
    try:
        yield cloud
    finally:
        cloud.stop()


@pytest.fixture(scope="session")
def world(local_cloud: LocalCloud) -> Iterator[Any]:
    """The synthetic city the daily aggregation rule names, served on 127.0.0.1 and sharing
    the cloud's fault registry; the functions and scraper tasks are pointed at it."""
    from load.chaos import rule_city, start_world

    city_world = start_world(local_cloud, city=rule_city(ASSEMBLY), studios=8)
    try:
        yield city_world
    finally:
        city_world.stop()
