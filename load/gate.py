"""The deploy gate: every check a deploy must pass, one summary table, non-zero on any failure.

    python -m load.gate                 # what `nox -s gate` runs before `cdk deploy`
    python -m load.gate --skip e2e load # a partial run (the skipped checks show as SKIPPED,
                                        # and a partial gate never passes)

Checks, in order (each one's full output goes to results/gate/<check>.log):
lint (ruff check, ruff format --check), typecheck (mypy), every test tier (unit, infra,
integration, e2e), synth (cdk-nag gates the synth, then cfn-lint), bandit (no high-severity
finding), pip-audit over requirements/dev.lock (no known vulnerability, or each one listed in
docs/OPERATIONS.md "Known vulnerabilities"; a dependency the vulnerability database could not
be asked about is UNKNOWN, which fails the gate), and a short load run (30 s at 100/s on the
local cloud, p95 <= 50 ms). The table also goes to results/gate.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "results"
LOGS = RESULTS / "gate"
OPERATIONS = ROOT / "docs" / "OPERATIONS.md"
PASS, FAIL, UNKNOWN, SKIPPED = "PASS", "FAIL", "UNKNOWN", "SKIPPED"
LOAD_RATE = 100
LOAD_DURATION_S = 30
LOAD_P95_MS = 50.0
BANDIT_PATHS = ("src/compute", "emulation", "infra", "load")


@dataclass
class Check:
    name: str
    status: str
    seconds: float
    detail: str


def run(name: str, command: Sequence[str], timeout_s: float = 3600) -> tuple[int, str, float]:
    """Run one command from the repository root; its output goes to results/gate/<name>.log."""
    LOGS.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20"}
    began = time.perf_counter()
    try:
        done = subprocess.run(  # noqa: S603 - fixed commands of this repository's own tools
            list(command),
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout_s,
            check=False,
        )
        code, output = done.returncode, done.stdout + done.stderr
    except subprocess.TimeoutExpired as expired:
        code = -1
        output = f"timed out after {timeout_s:g} s\n{expired.stdout or ''}{expired.stderr or ''}"
    (LOGS / f"{name}.log").write_text(output, encoding="utf-8")
    return code, output, round(time.perf_counter() - began, 1)


def _tool(name: str) -> str:
    """A tool from this interpreter's environment (the nox session's), else PATH."""
    local = Path(sys.executable).parent / name
    return str(local) if local.exists() else name


def last_line(output: str, pattern: str = r".") -> str:
    lines = [line.strip() for line in output.splitlines() if re.search(pattern, line)]
    return lines[-1][:160] if lines else ""


# --- the checks ------------------------------------------------------------------------------


def check_lint() -> Check:
    code1, out1, s1 = run("lint-check", [_tool("ruff"), "check", "."])
    code2, out2, s2 = run("lint-format", [_tool("ruff"), "format", "--check", "."])
    ok = code1 == 0 and code2 == 0
    detail = f"ruff check: {last_line(out1) or 'ok'}; format: {last_line(out2) or 'ok'}"
    return Check("lint", PASS if ok else FAIL, round(s1 + s2, 1), detail)


def check_typecheck() -> Check:
    code, out, seconds = run("typecheck", [_tool("mypy")])
    return Check("typecheck", PASS if code == 0 else FAIL, seconds, last_line(out))


def pytest_tier(tier: str, path: str) -> Callable[[], Check]:
    def check() -> Check:
        code, out, seconds = run(
            f"tests-{tier}", [sys.executable, "-m", "pytest", path, "-q", "-p", "no:cacheprovider"]
        )
        summary = last_line(out, r"(passed|failed|error|no tests ran)")
        # 5: no test collected, which is a failure of the gate too.
        return Check(f"tests:{tier}", PASS if code == 0 else FAIL, seconds, summary)

    return check


def check_synth() -> Check:
    code, out, seconds = run("synth", [sys.executable, "-m", "infra.synth"])
    return Check("synth+cdk-nag+cfn-lint", PASS if code == 0 else FAIL, seconds, last_line(out))


def check_bandit() -> Check:
    code, out, seconds = run(
        "bandit",
        [_tool("bandit"), "-r", *BANDIT_PATHS, "-f", "json", "-q", "--exclude", "*/cdk.out/*"],
    )
    try:
        report = json.loads(out[out.index("{") :])
    except ValueError:
        return Check("bandit", FAIL, seconds, f"unreadable bandit output (exit {code})")
    by_severity: dict[str, int] = {}
    for finding in report.get("results", []):
        severity = str(finding.get("issue_severity"))
        by_severity[severity] = by_severity.get(severity, 0) + 1
    high = by_severity.get("HIGH", 0)
    errors = len(report.get("errors", []))
    detail = f"high {high}, medium {by_severity.get('MEDIUM', 0)}, low {by_severity.get('LOW', 0)}"
    if errors:
        detail += f", {errors} files not scanned"
    return Check("bandit", PASS if high == 0 and errors == 0 else FAIL, seconds, detail)


def documented_vulnerabilities(path: Path = OPERATIONS) -> set[str]:
    """Vulnerability ids accepted in docs/OPERATIONS.md under "Known vulnerabilities"
    (lines `- \\`ID\\`: why it does not apply`)."""
    if not path.exists():
        return set()
    text = path.read_text(encoding="utf-8")
    section = text.split("## Known vulnerabilities", 1)[-1].split("\n## ", 1)[0]
    if "## Known vulnerabilities" not in text:
        return set()
    return set(re.findall(r"^- `([A-Za-z0-9-]+)`", section, flags=re.MULTILINE))


def judge_audit(report: dict[str, object], accepted: set[str]) -> tuple[str, str]:
    """(status, detail) of a pip-audit JSON report."""
    dependencies = [d for d in report.get("dependencies", []) if isinstance(d, dict)]  # type: ignore[attr-defined]
    if not dependencies:
        return FAIL, "pip-audit audited nothing"
    skipped = [d for d in dependencies if d.get("skip_reason")]
    if len(skipped) == len(dependencies):
        return UNKNOWN, (
            "pip-audit: could not reach vulnerability database "
            f"(all {len(dependencies)} dependencies skipped: {skipped[0]['skip_reason']})"
        )
    found = [
        (str(d["name"]), str(v.get("id"))) for d in dependencies for v in d.get("vulns", []) or []
    ]
    undocumented = [f"{name} {vid}" for name, vid in found if vid not in accepted]
    if undocumented:
        return FAIL, f"known vulnerabilities not documented: {', '.join(undocumented[:10])}"
    if skipped:
        return UNKNOWN, f"{len(skipped)} of {len(dependencies)} dependencies could not be audited"
    return PASS, f"{len(dependencies)} dependencies, {len(found)} documented vulnerabilities"


def check_pip_audit() -> Check:
    code, out, seconds = run(
        "pip-audit",
        [
            _tool("pip-audit"),
            "-r",
            "requirements/dev.lock",
            "--no-deps",
            "--disable-pip",
            "--progress-spinner",
            "off",
            "-f",
            "json",
        ],
        timeout_s=600,
    )
    start = out.find('{"dependencies"')
    if start < 0:
        reason = last_line(out, r"(Error|error|Connection|resolve)") or f"exit {code}"
        return Check(
            "pip-audit",
            UNKNOWN,
            seconds,
            f"pip-audit: could not reach vulnerability database ({reason})",
        )
    try:
        report, _ = json.JSONDecoder().raw_decode(out[start:])
    except ValueError:
        return Check("pip-audit", FAIL, seconds, f"unreadable pip-audit output (exit {code})")
    status, detail = judge_audit(report, documented_vulnerabilities())
    return Check("pip-audit", status, seconds, detail)


def check_load() -> Check:
    results = RESULTS / "gate-load.json"
    code, out, seconds = run(
        "load",
        [
            sys.executable,
            "-m",
            "load.run",
            "--duration-s",
            str(LOAD_DURATION_S),
            "--rates",
            str(LOAD_RATE),
            "--warmup-s",
            "10",
            "--artists",
            "2000",
            "--check",
            "--p95-ms",
            f"{LOAD_P95_MS:g}",
            "--results",
            str(results),
        ],
    )
    detail = last_line(out)
    try:
        stage = json.loads(results.read_text(encoding="utf-8"))["stages"][0]
        detail = (
            f"{stage['achieved_rps']:.0f}/s achieved, p95 {stage['p95_ms']:.1f} ms "
            f"(target <= {LOAD_P95_MS:g}), {stage['failures']} failures"
        )
        ok = code == 0 and stage["p95_ms"] <= LOAD_P95_MS and stage["failures"] == 0
    except (OSError, ValueError, KeyError, IndexError):
        ok = False
    return Check(f"load {LOAD_DURATION_S}s@{LOAD_RATE}/s", PASS if ok else FAIL, seconds, detail)


CHECKS: dict[str, Callable[[], Check]] = {
    "lint": check_lint,
    "typecheck": check_typecheck,
    "unit": pytest_tier("unit", "tests/unit"),
    "infra": pytest_tier("infra", "tests/infra"),
    "integration": pytest_tier("integration", "tests/integration"),
    "e2e": pytest_tier("e2e", "tests/e2e"),
    "synth": check_synth,
    "bandit": check_bandit,
    "pip-audit": check_pip_audit,
    "load": check_load,
}


def table(checks: Sequence[Check]) -> str:
    width = max(len(c.name) for c in checks)
    lines = [f"{'check':<{width}}  {'status':<7}  {'seconds':>7}  detail"]
    lines.append("-" * (width + 2 + 7 + 2 + 7 + 2 + 40))
    for c in checks:
        lines.append(f"{c.name:<{width}}  {c.status:<7}  {c.seconds:>7.1f}  {c.detail}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m load.gate", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--skip", nargs="+", choices=sorted(CHECKS), default=[])
    parser.add_argument("--only", nargs="+", choices=sorted(CHECKS), default=None)
    args = parser.parse_args(argv)
    chosen = args.only or list(CHECKS)
    checks: list[Check] = []
    for name in CHECKS:
        if name not in chosen or name in args.skip:
            checks.append(Check(name, SKIPPED, 0.0, "not run"))
            continue
        print(f"gate: {name} ...", flush=True)
        try:
            result = CHECKS[name]()
        except Exception as error:  # a broken check is a failed check, with the reason
            result = Check(name, FAIL, 0.0, f"the check broke: {type(error).__name__}: {error}")
        checks.append(result)
        print(f"gate: {result.name}: {result.status} ({result.detail})", flush=True)
    passed = all(c.status == PASS for c in checks)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "gate.json").write_text(
        json.dumps({"passed": passed, "checks": [asdict(c) for c in checks]}, indent=2) + "\n",
        encoding="utf-8",
    )
    print()
    print(table(checks))
    print()
    print(f"gate: {'PASSED' if passed else 'FAILED'} (logs in {LOGS.relative_to(ROOT)}/)")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
