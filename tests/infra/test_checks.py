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
    reasons: dict[str, str] = {}
    for path in synthesis.assembly_dir.glob("*.metadata.json"):
        for construct_path, entries in json.loads(path.read_text()).items():
            for entry in entries:
                if entry["type"] == "aws:cdk:acknowledged-rules":
                    for rule, reason in entry["data"].items():
                        reasons[f"{construct_path} {rule}"] = reason
    nag = {key: reason for key, reason in reasons.items() if "AwsSolutions-" in key}
    assert nag, "expected the deliberate cdk-nag acknowledgments in the assembly metadata"
    for key, reason in nag.items():
        assert len(reason) >= 50, f"{key}: the reason must say why, got {reason!r}"
    # A reason is written for its construct, not pasted everywhere: ComputeFunction's own
    # acknowledgments repeat once per function, nothing more often.
    from infra.components.function_specs import FUNCTION_SPECS

    most = len(FUNCTION_SPECS)
    generic = [r for r in set(nag.values()) if list(nag.values()).count(r) > most]
    assert not generic, generic


def test_cfn_lint_reports_no_errors(synthesis: Synthesis) -> None:
    findings = lint_templates(synthesis.assembly_dir, "eu-west-2")
    errors = [f"{f.template} {f.rule} {f.path}: {f.message}" for f in findings if f.is_error]
    assert not errors, "\n".join(errors)
