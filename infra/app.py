"""The CDK app: `cdk synth` runs `python app.py` from infra/; tests call `build_app(context)`.

Stacks (one account/region from context `tattoo:account` / `tattoo:region`):
- `TattooDirectoryDevFoundation`: dev stand-ins for what other modules own (VPC, table, search,
  secrets);
- `TattooDirectoryCompute`: this module, wired to the foundation through Export/ImportValue.

cdk-nag's AwsSolutions pack runs on every synth (`nag=False` only for quick experiments): an
unacknowledged finding makes synth fail and writes the validation report into the assembly.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import aws_cdk as cdk
from cdk_nag import AwsSolutionsChecks

from infra.components.scraper import SCRAPER_DOCKERFILE
from infra.settings import Settings
from infra.stacks.compute_stack import ComputeStack
from infra.stacks.foundation_stack import DevFoundationStack

INFRA_DIR = Path(__file__).resolve().parent
FOUNDATION_STACK = "TattooDirectoryDevFoundation"
COMPUTE_STACK = "TattooDirectoryCompute"


def load_context() -> dict[str, Any]:
    """The context `cdk synth` gives the app: cdk.json's "context" plus cdk.context.json, and the
    keys the CLI derives from cdk.json's settings (so both write the same templates)."""
    cdk_json = json.loads((INFRA_DIR / "cdk.json").read_text())
    context: dict[str, Any] = dict(cdk_json["context"])
    context.update(json.loads((INFRA_DIR / "cdk.context.json").read_text()))
    context["aws:cdk:enable-path-metadata"] = bool(cdk_json.get("pathMetadata", True))
    context["aws:cdk:enable-asset-metadata"] = bool(cdk_json.get("assetMetadata", True))
    context["aws:cdk:version-reporting"] = bool(cdk_json.get("versionReporting", True))
    return context


def build_app(
    context: dict[str, Any] | None = None, *, outdir: str | None = None, nag: bool = True
) -> cdk.App:
    """Build (not synthesize) the app; with `context=None` it reads what the CDK CLI passes."""
    app = cdk.App(context=context, outdir=outdir) if context is not None else cdk.App(outdir=outdir)
    settings = Settings.from_node(app.node)
    env = cdk.Environment(account=settings.account, region=settings.region)
    foundation = DevFoundationStack(
        app,
        FOUNDATION_STACK,
        settings=settings,
        env=env,
        description="Tattoo directory: dev stand-ins for network, data, search and secrets",
        analytics_reporting=False,
    )
    dockerfile = str(app.node.try_get_context("tattoo:scraperDockerfile") or SCRAPER_DOCKERFILE)
    ComputeStack(
        app,
        COMPUTE_STACK,
        inputs=foundation.compute_inputs(),
        settings=settings,
        scraper_dockerfile=dockerfile,
        env=env,
        description="Tattoo directory: compute module (API, sync, aggregation, scraper, egress)",
        analytics_reporting=False,
    )
    cdk.Tags.of(app).add("project", "tattoo-directory")
    cdk.Tags.of(app).add("stage", settings.stage)
    if nag:
        cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app))
    return app


if __name__ == "__main__":
    build_app().synth()
    sys.exit(0)
