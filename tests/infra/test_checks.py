"""The gates on the synthesized templates: cdk-nag (AwsSolutions) and cfn-lint."""

from __future__ import annotations

import json

import pytest

from infra.synth import lint_templates
from tests.infra.conftest import Synthesis

pytestmark = pytest.mark.infra


def test_cdk_nag_has_no_unacknowledged_findings(synthesis: Synthesis) -> None:
    assert synthesis.nag_error is None, synthesis.nag_error
    report = synthesis.report()
    violations = [
        violation
        for plugin in report.get("pluginReports", [])
        for violation in plugin.get("violations", [])
    ]
    assert not violations, json.dumps(violations, indent=1)[:4000]


def test_every_acknowledgment_gives_a_specific_reason(synthesis: Synthesis) -> None:
    acknowledgments = []
    for path in synthesis.assembly_dir.glob("*.metadata.json"):
        for entries in json.loads(path.read_text()).values():
            for entry in entries:
                if "acknowledg" in entry.get("type", "").lower():
                    acknowledgments.append(entry["data"])
    if not acknowledgments:  # older assemblies keep them in the tree instead
        tree = (synthesis.assembly_dir / "tree.json").read_text()
        assert "AwsSolutions-" in tree
        return
    for acknowledgment in acknowledgments:
        reason = json.dumps(acknowledgment)
        assert len(reason) > 60, reason


def test_cfn_lint_reports_no_errors(synthesis: Synthesis) -> None:
    findings = lint_templates(synthesis.assembly_dir, "eu-west-2")
    errors = [f"{f.template} {f.rule} {f.path}: {f.message}" for f in findings if f.is_error]
    assert not errors, "\n".join(errors)
