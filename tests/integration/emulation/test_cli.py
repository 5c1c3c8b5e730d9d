"""compute-local: against a running cloud (state file + control server), standalone invoke,
and `up` start-up, results/up.json and a clean shutdown with no orphan processes."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from emulation.cli import main
from emulation.cloud import LocalCloud
from tests.integration.emulation.apps import edges_app
from tests.integration.emulation.apps.fixtures import CONTAINER_COMMANDS, edges_cloud

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def cloud() -> LocalCloud:
    return edges_cloud()


def cli(cloud: LocalCloud, *args: str) -> int:
    return main(["--state-dir", str(cloud.state_dir), *args])


def test_help_lists_the_commands() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "emulation.cli", "--help"], capture_output=True, text=True
    )
    assert done.returncode == 0
    for command in ("up", "status", "stop", "invoke", "start-execution", "fire-rule", "logs"):
        assert command in done.stdout


def test_version_prints_the_installed_version() -> None:
    from importlib.metadata import version

    done = subprocess.run(
        [sys.executable, "-m", "emulation.cli", "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"compute-local {version('tattoo-directory-compute')}"


def test_fire_rule_through_the_running_cloud(
    cloud: LocalCloud, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(cloud, "fire-rule", "edges-on-alarm") == 0
    results = json.loads(capsys.readouterr().out)
    assert results[0]["error"] is None
    assert results[0]["input"]["detail"]["state"]["value"] == "ALARM"


@pytest.mark.parametrize("option", ["--event", "-e"])  # -e: sam local invoke's short form
def test_invoke_through_the_running_cloud(
    cloud: LocalCloud, tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str
) -> None:
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"marker": f"cli-invoke{option}"}))
    assert cli(cloud, "invoke", "recorder", option, str(event)) == 0
    assert json.loads(capsys.readouterr().out)["recorded"] == f"cli-invoke{option}"


@pytest.mark.parametrize(
    ("given", "says"),
    [("file:///nonexistent/input.json", "cannot read"), ("{not json", "is not JSON")],
)
def test_start_execution_refuses_bad_input_before_starting(
    cloud: LocalCloud, capsys: pytest.CaptureFixture[str], given: str, says: str
) -> None:
    assert cli(cloud, "start-execution", "edges", "--input", given) == 2
    assert says in capsys.readouterr().err


@pytest.mark.parametrize("form", ["inline", "file://", "@"])  # as the aws CLI takes --input
def test_start_execution_and_wait(
    cloud: LocalCloud, tmp_path: Path, capsys: pytest.CaptureFixture[str], form: str
) -> None:
    document = json.dumps({"marker": f"cli-{form}", "exitCode": "0"})
    given = document
    if form != "inline":
        path = tmp_path / "input.json"
        path.write_text(document)
        given = f"{form}{path}"
    code = cli(cloud, "start-execution", "edges", "--input", given, "--wait")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("arn:aws:states:")
    assert json.loads(lines[1])["status"] == "SUCCEEDED"
    assert code == 0


def test_logs_print_the_function_log(cloud: LocalCloud, capsys: pytest.CaptureFixture[str]) -> None:
    cloud.invoke("recorder", {"marker": "for-logs"})
    cloud.runtime.flush_logs()
    assert cli(cloud, "logs", "recorder", "-n", "0") == 0
    assert "START RequestId" in capsys.readouterr().out


def test_errors_say_what_to_do(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--state-dir", str(tmp_path), "fire-rule", "x"]) == 2
    assert "compute-local up" in capsys.readouterr().err


def test_invoke_standalone_starts_deploys_invokes_and_stops(tmp_path: Path) -> None:
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"marker": "standalone"}))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "emulation.cli",
            "--state-dir",
            str(tmp_path),
            "invoke",
            "recorder",
            "--event",
            str(event),
            "--assembly",
            str(edges_app.synthesize()),
            "--standalone",
            "--no-search",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout)["recorded"] == "standalone"


def test_up_writes_results_serves_and_stops_without_orphans(tmp_path: Path) -> None:
    results = tmp_path / "up.json"
    container = f"worker={CONTAINER_COMMANDS['worker'][0]} {CONTAINER_COMMANDS['worker'][1]}"
    up = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "emulation.cli",
            "--state-dir",
            str(tmp_path / "state"),
            "up",
            "--assembly",
            str(edges_app.synthesize()),
            "--results",
            str(results),
            "--no-pipeline",
            "--no-search",
            "--container",
            container,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=ROOT,
    )
    try:
        deadline = time.monotonic() + 240
        while not results.exists():
            assert up.poll() is None, up.stdout.read() if up.stdout else ""
            assert time.monotonic() < deadline, "up did not get ready"
            time.sleep(0.5)
        document = json.loads(results.read_text())
        assert document["api_url"].startswith("http://127.0.0.1:")
        assert document["ready_s"] > 0
        assert {"moto", "deploy"} <= set(document["steps"])
        state = json.loads((tmp_path / "state" / "state.json").read_text())
        assert state["pid"] == up.pid and state["api_url"] == document["api_url"]
        # The garbage collector's pauses are counted and full-collection survivors frozen
        # (emulation.gc_pauses): starting a cloud runs a few full collections.
        with urllib.request.urlopen(
            urllib.request.Request(f"{state['control_url']}/gc", data=b"{}", method="POST")
        ) as reply:
            collected = json.loads(reply.read())
        assert collected["freeze"] is True and collected["collections"][2] >= 1, collected
        assert collected["frozen_objects"] > 0 and collected["full"], collected
        with urllib.request.urlopen(
            urllib.request.Request(f"{state['control_url']}/pools", data=b"{}", method="POST")
        ) as reply:
            pools = json.loads(reply.read())
        assert pools and all({"cold_starts", "containers"} <= set(p) for p in pools.values())
        with urllib.request.urlopen(
            urllib.request.Request(f"{state['control_url']}/threads", data=b"{}", method="POST")
        ) as reply:
            threads = json.loads(reply.read())
        groups = {group for group, _ in threads["threads"].values()}
        assert {"MainThread", "control"} <= groups and threads["process_s"] > 0, groups
        time.sleep(1.5)  # the service's two worker processes are up
        children = psutil.Process(up.pid).children(recursive=True)
        assert len(children) >= 2
        up.send_signal(signal.SIGINT)
        output, _ = up.communicate(timeout=90)
        assert up.returncode == 0, output[-2000:]
        assert "Local cloud ready" in output and "curl -s" in output
    finally:
        if up.poll() is None:
            up.kill()
    _, alive = psutil.wait_procs(children, timeout=5)
    assert alive == [], [p.cmdline() for p in alive]
    assert not (tmp_path / "state" / "state.json").exists()
