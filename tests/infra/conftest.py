"""One synthesis of the CDK app per test session (with cdk-nag on), shared by every infra test.

The context is what `cdk synth` gives the app (cdk.json + cdk.context.json), so the templates
asserted here are the templates the CLI writes.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

ROOT = Path(__file__).resolve().parents[2]
SCRAPER_DOCKERFILE = ROOT / "src" / "compute" / "scraper" / "Dockerfile"


@dataclass
class Synthesis:
    assembly_dir: Path
    templates: dict[str, dict[str, Any]]
    nag_error: str | None  # the synth error when cdk-nag reported unacknowledged findings
    context: dict[str, Any]

    def report(self) -> dict[str, Any]:
        path = self.assembly_dir / "validation-report.json"
        return json.loads(path.read_text()) if path.is_file() else {}


@pytest.fixture(scope="session")
def synthesis(tmp_path_factory: pytest.TempPathFactory) -> Synthesis:
    from infra import layer
    from infra.app import build_app, load_context

    layer.build()  # the assets synth points at; the layer install is skipped when unchanged
    context = load_context()
    # Staging would copy ~100 MB of layer into the assembly; the template is the same without it.
    context["aws:cdk:disable-asset-staging"] = True
    if not SCRAPER_DOCKERFILE.is_file():
        # The scraper part owns the Dockerfile; synth only checks that one exists.
        stub = ROOT / "build" / "test-scraper" / "Dockerfile"
        stub.parent.mkdir(parents=True, exist_ok=True)
        stub.write_text("FROM public.ecr.aws/docker/library/python:3.12-slim\n")
        context["tattoo:scraperDockerfile"] = str(stub.relative_to(ROOT))
    outdir = tmp_path_factory.mktemp("cdk.out")
    nag_error: str | None = None
    try:
        build_app(context, outdir=str(outdir)).synth()
    except RuntimeError as exc:  # cdk-nag findings fail synth after the templates are written
        nag_error = str(exc)
    templates = {
        path.name.removesuffix(".template.json"): json.loads(path.read_text())
        for path in outdir.glob("*.template.json")
    }
    return Synthesis(outdir, templates, nag_error, context)


@pytest.fixture(scope="session")
def compute(synthesis: Synthesis) -> dict[str, Any]:
    return synthesis.templates["TattooDirectoryCompute"]


@pytest.fixture(scope="session")
def foundation(synthesis: Synthesis) -> dict[str, Any]:
    return synthesis.templates["TattooDirectoryDevFoundation"]
