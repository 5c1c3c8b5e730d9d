"""Synthesize the CDK app into infra/cdk.out with cdk-nag on, then cfn-lint every template.

`python -m infra.synth [-c key=value ...]` prints one summary line and exits non-zero when cdk-nag
reports an unacknowledged finding or cfn-lint reports an error (warnings are counted, not fatal).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from infra.app import INFRA_DIR, build_app, load_context

OUTDIR = INFRA_DIR / "cdk.out"


@dataclass(frozen=True)
class LintFinding:
    template: str
    rule: str
    message: str
    path: str

    @property
    def is_error(self) -> bool:
        return self.rule.startswith("E")


def lint_templates(assembly_dir: Path, region: str) -> list[LintFinding]:
    """cfn-lint on each stack template of the assembly."""
    from cfnlint.api import ManualArgs, lint

    findings: list[LintFinding] = []
    for template in sorted(assembly_dir.glob("*.template.json")):
        for match in lint(template.read_text(), config=ManualArgs(regions=[region])):
            findings.append(
                LintFinding(
                    template=template.name,
                    rule=match.rule.id,
                    message=match.message,
                    path="/".join(str(part) for part in getattr(match, "path", []) or []),
                )
            )
    return findings


def _parse_context(pairs: list[str]) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise SystemExit(f"infra.synth: -c expects key=value, got {pair!r}")
        context[key] = value
    return context


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--context", action="append", default=[], help="key=value context")
    parser.add_argument("--outdir", type=Path, default=OUTDIR)
    args = parser.parse_args(argv)
    context = {**load_context(), **_parse_context(args.context)}
    try:
        assembly = build_app(context, outdir=str(args.outdir)).synth()
    except RuntimeError as exc:  # jsii surfaces cdk-nag's ValidationFailed as a RuntimeError
        report = args.outdir / "validation-report.json"
        print(f"synth FAILED: {str(exc).splitlines()[0]} (report: {report})", file=sys.stderr)
        return 1
    resources = sum(len(stack.template.get("Resources", {})) for stack in assembly.stacks)
    region = str(context.get("tattoo:region", "eu-west-2"))
    findings = lint_templates(Path(assembly.directory), region)
    errors = [finding for finding in findings if finding.is_error]
    for finding in errors:
        print(
            f"cfn-lint {finding.rule} {finding.template} {finding.path}: {finding.message}",
            file=sys.stderr,
        )
    print(
        f"synth ok: {len(assembly.stacks)} stacks, {resources} resources -> {args.outdir}; "
        f"cdk-nag AwsSolutions: 0 unacknowledged; "
        f"cfn-lint: {len(errors)} errors, {len(findings) - len(errors)} warnings"
    )
    summary = {
        "stacks": [stack.stack_name for stack in assembly.stacks],
        "resources": resources,
        "cfn_lint": {"errors": len(errors), "warnings": len(findings) - len(errors)},
    }
    (args.outdir / "synth-summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
