"""The deploy gate's verdicts: pip-audit reports (clean, vulnerable, accepted, unaudited),
the acceptance file, and the gate as a whole (a table, results/gate.json, non-zero unless
every check passed). The checks themselves are replaced by fakes; no tool runs."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from load import gate

TODAY = date(2026, 11, 28)


def dependency(name: str, *vulns: dict[str, Any], skip: str | None = None) -> dict[str, Any]:
    if skip:
        return {"name": name, "skip_reason": skip}
    return {"name": name, "version": "1.0", "vulns": list(vulns)}


def vuln(vid: str, *aliases: str) -> dict[str, Any]:
    return {"id": vid, "fix_versions": ["9.9"], "aliases": list(aliases), "description": ""}


def test_a_clean_report_passes() -> None:
    report = {"dependencies": [dependency("boto3"), dependency("urllib3")]}
    assert gate.judge_audit(report, set()) == (gate.PASS, "2 dependencies, none vulnerable")


def test_a_vulnerability_not_accepted_fails_and_is_named() -> None:
    report = {"dependencies": [dependency("urllib3", vuln("GHSA-aaaa-bbbb-cccc"))]}
    status, detail = gate.judge_audit(report, {"GHSA-other"})
    assert status == gate.FAIL
    assert "urllib3 GHSA-aaaa-bbbb-cccc" in detail


def test_an_accepted_vulnerability_passes_by_its_id_or_an_alias() -> None:
    report = {"dependencies": [dependency("urllib3", vuln("PYSEC-2026-1", "CVE-2026-0001"))]}
    assert gate.judge_audit(report, {"CVE-2026-0001"})[0] == gate.PASS
    assert gate.judge_audit(report, {"PYSEC-2026-1"})[0] == gate.PASS


def test_an_audit_that_reached_no_service_is_unknown_and_says_what_to_do() -> None:
    skip = "Dependency not found on PyPI and could not be audited: boto3 (1.40.0)"
    report = {"dependencies": [dependency("boto3", skip=skip), dependency("wrapt", skip=skip)]}
    status, detail = gate.judge_audit(report, set())
    assert status == gate.UNKNOWN
    assert "none of 2 dependencies audited" in detail
    assert "pypi.org/pypi/<name>/<version>/json" in detail
    assert "boto3 1.40.0" in detail
    assert "docs/OPERATIONS.md" in detail


def test_a_partly_audited_report_is_unknown_even_without_findings() -> None:
    skip = "Dependency not found on PyPI and could not be audited: wrapt (2.0)"
    report = {"dependencies": [dependency("boto3"), dependency("wrapt", skip=skip)]}
    status, detail = gate.judge_audit(report, set())
    assert status == gate.UNKNOWN
    assert detail.startswith("1 of 2 dependencies could not be audited (wrapt)")


def test_an_empty_report_fails() -> None:
    assert gate.judge_audit({"dependencies": []}, set())[0] == gate.FAIL


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        (
            "ConnectionError: HTTPSConnectionPool(host='api.osv.dev', port=443): "
            "NameResolutionError(Failed to resolve 'api.osv.dev')",
            "could not resolve api.osv.dev",
        ),
        (
            "ConnectTimeout: HTTPSConnectionPool(host='pypi.org', port=443): timed out",
            "connection to pypi.org timed out",
        ),
        ("RuntimeError: something else broke", "RuntimeError: something else broke"),
    ],
)
def test_why_no_report_came_back_names_the_host(output: str, expected: str) -> None:
    assert gate.unreachable_reason(output).startswith(expected)


def write_ignore(root: Path, body: str) -> Path:
    target = root / "security" / "pip-audit-ignore.toml"
    target.parent.mkdir()
    target.write_text(body, encoding="utf-8")
    return target


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(gate, "ROOT", tmp_path)
    return tmp_path


def test_the_committed_acceptance_file_is_valid() -> None:
    assert gate.accepted_vulnerabilities(gate.AUDIT_IGNORE, TODAY) == []


def test_an_accepted_vulnerability_needs_every_field(root: Path) -> None:
    path = write_ignore(root, '[[vulnerability]]\nid = "GHSA-1"\npackage = "x"\n')
    with pytest.raises(gate.AuditIgnoreError, match="missing reason, expires"):
        gate.accepted_vulnerabilities(path, TODAY)


def test_an_expired_acceptance_fails_until_reviewed(root: Path) -> None:
    entry = '[[vulnerability]]\nid = "GHSA-1"\npackage = "x"\nreason = "r"\nexpires = 2026-11-27\n'
    path = write_ignore(root, entry)
    with pytest.raises(gate.AuditIgnoreError, match="GHSA-1 expired on 2026-11-27"):
        gate.accepted_vulnerabilities(path, TODAY)
    accepted = gate.accepted_vulnerabilities(path, date(2026, 11, 27))
    assert [(v.id, v.package) for v in accepted] == [("GHSA-1", "x")]


def test_a_malformed_expiry_is_refused(root: Path) -> None:
    entry = '[[vulnerability]]\nid = "GHSA-1"\npackage = "x"\nreason = "r"\nexpires = "soon"\n'
    with pytest.raises(gate.AuditIgnoreError, match="TOML date"):
        gate.accepted_vulnerabilities(write_ignore(root, entry), TODAY)


@pytest.fixture
def results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(gate, "RESULTS", tmp_path)
    monkeypatch.setattr(gate, "LOGS", gate.ROOT / "results" / "gate")
    return tmp_path


def fake_checks(monkeypatch: pytest.MonkeyPatch, statuses: dict[str, str]) -> None:
    def fake(name: str, status: str) -> Any:
        # A check may label itself more fully; its row keeps the name --only uses.
        return lambda *args: gate.Check(
            f"{name} (full label)", status, 1.0, f"{name} says {status}"
        )

    checks = {name: fake(name, statuses.get(name, gate.PASS)) for name in gate.CHECKS}
    monkeypatch.setattr(gate, "CHECKS", checks)
    monkeypatch.setattr(gate, "check_pip_audit", checks["pip-audit"])


def test_the_gate_passes_only_when_every_check_passes(
    results: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_checks(monkeypatch, {})
    assert gate.main([]) == 0
    summary = json.loads((results / "gate.json").read_text())
    assert summary["passed"] is True
    assert summary["not_passed"] == []
    assert [c["name"] for c in summary["checks"]] == list(gate.CHECKS)
    out = capsys.readouterr().out
    assert "gate: PASSED" in out
    assert all(f"{name} says PASS" in out for name in gate.CHECKS)


@pytest.mark.parametrize("status", [gate.FAIL, gate.UNKNOWN])
def test_one_check_that_did_not_pass_fails_the_gate(
    results: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    status: str,
) -> None:
    fake_checks(monkeypatch, {"pip-audit": status})
    assert gate.main([]) == 1
    summary = json.loads((results / "gate.json").read_text())
    assert summary["passed"] is False
    assert summary["not_passed"] == ["pip-audit"]
    assert "gate: FAILED (1 not passed: pip-audit)" in capsys.readouterr().out


def test_a_partial_gate_never_passes(results: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_checks(monkeypatch, {})
    assert gate.main(["--only", "lint", "typecheck"]) == 1
    summary = json.loads((results / "gate.json").read_text())
    skipped = [c["name"] for c in summary["checks"] if c["status"] == gate.SKIPPED]
    assert skipped == [name for name in gate.CHECKS if name not in {"lint", "typecheck"}]


def test_a_check_that_breaks_is_a_failed_check_with_its_reason(
    results: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_checks(monkeypatch, {})

    def broken() -> gate.Check:
        raise FileNotFoundError("bandit")

    monkeypatch.setitem(gate.CHECKS, "bandit", broken)
    assert gate.main(["--only", "bandit"]) == 1
    (bandit,) = [
        c
        for c in json.loads((results / "gate.json").read_text())["checks"]
        if c["name"] == "bandit"
    ]
    assert bandit["status"] == gate.FAIL
    assert bandit["detail"] == "the check broke: FileNotFoundError: bandit"


def finding(severity: str, test_id: str = "B310") -> dict[str, Any]:
    return {
        "issue_severity": severity,
        "test_id": test_id,
        "filename": "emulation/aws.py",
        "line_number": 69,
    }


def bandit_report(*findings: dict[str, Any], annotated: int = 0) -> dict[str, Any]:
    return {
        "results": list(findings),
        "errors": [],
        "metrics": {"_totals": {"skipped_tests": annotated}},
    }


def test_bandit_passes_with_low_findings_and_counts_the_annotated_ones() -> None:
    check = gate.judge_bandit(bandit_report(finding("LOW", "B101"), annotated=5))
    assert check.status == gate.PASS
    assert check.detail == "high 0, medium 0, low 1, 5 annotated (nosec)"


@pytest.mark.parametrize("severity", ["HIGH", "MEDIUM"])
def test_bandit_fails_on_a_high_or_medium_finding_and_names_it(severity: str) -> None:
    check = gate.judge_bandit(bandit_report(finding(severity)))
    assert check.status == gate.FAIL
    assert f"fix or annotate: {severity.lower()} B310 emulation/aws.py:69" in check.detail


def test_bandit_fails_when_a_file_could_not_be_scanned() -> None:
    report = bandit_report()
    report["errors"] = [{"filename": "x.py", "reason": "syntax error"}]
    assert gate.judge_bandit(report).status == gate.FAIL


def test_the_audit_asks_about_both_locks_and_ignores_exactly_the_accepted_ids(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    accepted = [gate.AcceptedVulnerability("GHSA-1", "x", "not reachable", date(2027, 1, 1))]
    monkeypatch.setattr(gate, "accepted_vulnerabilities", lambda: accepted)
    commands: list[list[str]] = []

    def run(name: str, command: list[str], timeout_s: float = 0) -> tuple[int, str, float]:
        commands.append(command)
        return 0, json.dumps({"dependencies": [dependency("x")], "fixes": []}), 1.0

    monkeypatch.setattr(gate, "run", run)
    check = gate.check_pip_audit("osv")
    assert check.status == gate.PASS
    assert check.detail == (
        "osv: 1 dependencies, none vulnerable; 1 accepted in security/pip-audit-ignore.toml"
    )
    (command,) = commands
    assert command[command.index("-s") + 1] == "osv"
    assert [command[i + 1] for i, arg in enumerate(command) if arg == "-r"] == list(
        gate.AUDITED_LOCKS
    )
    assert [command[i + 1] for i, arg in enumerate(command) if arg == "--ignore-vuln"] == ["GHSA-1"]


def test_an_audit_without_a_report_is_unknown_and_names_the_host(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(gate, "accepted_vulnerabilities", list)
    traceback = (
        "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.osv.dev', "
        "port=443): Max retries exceeded (Caused by NameResolutionError(...))"
    )
    monkeypatch.setattr(gate, "run", lambda *args, **kwargs: (1, traceback, 2.0))
    check = gate.check_pip_audit("osv")
    assert check.status == gate.UNKNOWN
    assert "could not resolve api.osv.dev" in check.detail


JUNIT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" errors="1" failures="2" skipped="4" tests="197"
 time="61.5">
<testcase classname="tests.integration.a" name="test_one" time="0.1">
 <failure message="assert 1 == 2">AssertionError</failure></testcase>
<testcase classname="tests.integration.a" name="test_three[x]" time="0.1">
 <failure message="boom">AssertionError</failure></testcase>
<testcase classname="tests.integration.b" name="test_two" time="0.1">
 <error message="fixture">RuntimeError</error></testcase>
<testcase classname="tests.integration.b" name="test_fine" time="0.1"/>
</testsuite></testsuites>
"""


def fake_tier_run(
    monkeypatch: pytest.MonkeyPatch, junit: str | None, code: int, commands: list[list[str]]
) -> None:
    """A pytest run that writes `junit` where --junitxml says and prints a misleading last
    line (the counts must come from the XML)."""

    def run(name: str, command: list[str], timeout_s: float = 0) -> tuple[int, str, float]:
        commands.append(command)
        path = Path(next(a for a in command if a.startswith("--junitxml=")).split("=", 1)[1])
        if junit is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(junit)
        return code, "Message: 'receive failed'\n1 passed in 0.01s", 61.5

    monkeypatch.setattr(gate, "run", run)


def test_a_test_tier_reads_its_counts_and_failures_from_pytests_junit_xml(
    monkeypatch: pytest.MonkeyPatch, results: Path
) -> None:
    commands: list[list[str]] = []
    fake_tier_run(monkeypatch, JUNIT, 1, commands)
    check = gate.pytest_tier("integration", "tests/integration")()
    assert check.status == gate.FAIL
    assert check.detail == (
        "190 passed, 2 failed, 4 skipped, 1 errors in 61.5s; "
        "tests/integration/a.py::test_one, tests/integration/a.py::test_three[x], "
        "tests/integration/b.py::test_two"
    )
    assert f"--timeout={gate.TEST_TIMEOUT_S}" in commands[0]  # a hung test cannot hold the gate


def test_a_tier_passes_only_with_tests_run_and_none_failed(
    monkeypatch: pytest.MonkeyPatch, results: Path
) -> None:
    clean = '<testsuites><testsuite tests="3" failures="0" errors="0" skipped="1" time="2"/>'
    fake_tier_run(monkeypatch, clean + "</testsuites>", 0, [])
    check = gate.pytest_tier("unit", "tests/unit")()
    assert (check.status, check.detail) == (gate.PASS, "2 passed, 1 skipped in 2.0s")
    empty = '<testsuites><testsuite tests="0" failures="0" errors="0" skipped="0" time="0"/>'
    fake_tier_run(monkeypatch, empty + "</testsuites>", 5, [])
    check = gate.pytest_tier("unit", "tests/unit")()
    assert (check.status, check.detail) == (gate.FAIL, "no tests ran")


def test_a_tier_without_a_junit_report_fails_and_says_so(
    monkeypatch: pytest.MonkeyPatch, results: Path
) -> None:
    fake_tier_run(monkeypatch, None, 4, [])
    check = gate.pytest_tier("e2e", "tests/e2e")()
    assert (check.status, check.detail) == (gate.FAIL, "pytest exited 4, no JUnit report")


def test_a_checks_output_streams_as_it_runs_and_goes_to_its_log(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(gate, "LOGS", tmp_path)
    script = "import sys; print('first', flush=True); print('oops', file=sys.stderr); sys.exit(3)"
    code, output, _ = gate.run("demo", [sys.executable, "-c", script])
    assert code == 3
    assert output.splitlines() == ["first", "oops"]
    assert (tmp_path / "demo.log").read_text() == output
    assert "  demo | first" in capfd.readouterr().out


def test_a_check_past_its_time_is_ended_and_says_so(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(gate, "LOGS", tmp_path)
    script = "import time; print('started', flush=True); time.sleep(60)"
    code, output, seconds = gate.run("slow", [sys.executable, "-c", script], timeout_s=1)
    assert code == -1 and seconds < 30
    assert output.startswith("timed out after 1 s\nstarted")


def test_the_gate_writes_an_html_page_beside_its_json(
    results: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_checks(monkeypatch, {"bandit": gate.FAIL})
    assert gate.main([]) == 1
    page = (results / "gate.html").read_text()
    assert "Deploy gate: FAILED" in page
    assert page.count('<tr class="failed">') == 1
    assert "bandit says FAIL" in page
