"""Stopping leaves nothing behind: however the process that owns the local cloud ends, its
OpenSearch node, Lambda workers, ECS task processes and the world's server end with it.

Each scenario snapshots the owner's whole process tree and the ports they listen on once the
cloud is ready, ends the owner one way, and then checks by PID and by port that nothing of the
run is left. The edges app (a few functions, a queue, an ECS service) with a real OpenSearch
node keeps `up` to ~20-40 s here instead of the full module's ~60 s.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest

from emulation.lifetime import ProcessRecord
from tests.integration.emulation.apps import edges_app
from tests.integration.emulation.apps.fixtures import CONTAINER_COMMANDS

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[3]
READY_TIMEOUT_S = 300
CONTAINER = f"worker={CONTAINER_COMMANDS['worker'][0]} {CONTAINER_COMMANDS['worker'][1]}"


@pytest.fixture(scope="module")
def assembly() -> Path:
    return edges_app.synthesize()


def _env() -> dict[str, str]:
    """The run starts its own node, from the zip: a shared OPENSEARCH_URL, or a node in a
    container (CI's OPENSEARCH_PROVIDER=container), would not be part of its process tree. A
    container left by a SIGKILL is the container provider's to sweep (emulation/containers.py)."""
    dropped = {"OPENSEARCH_URL", "OPENSEARCH_PROVIDER", "OPENSEARCH_IMAGE"}
    return {k: v for k, v in os.environ.items() if k not in dropped}


def _up(assembly: Path, state_dir: Path, **popen: object) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "emulation.cli",
        "--state-dir",
        str(state_dir),
        "up",
        "--assembly",
        str(assembly),
        "--results",
        str(state_dir / "up.json"),
        "--no-pipeline",
        "--container",
        CONTAINER,
    ]
    return subprocess.Popen(command, cwd=ROOT, env=_env(), **popen)  # type: ignore[call-overload]


def _wait_ready(process: subprocess.Popen[bytes], state_dir: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while not (state_dir / "up.json").exists():
        assert process.poll() is None, f"up exited with {process.returncode} before ready"
        assert time.monotonic() < deadline, "up did not get ready"
        time.sleep(0.5)


def _cli(state_dir: Path) -> list[str]:
    return [sys.executable, "-m", "emulation.cli", "--state-dir", str(state_dir)]


def _invoke_through_the_cli(state_dir: Path) -> None:
    """A Lambda worker process starts for the call (sam local's `invoke -e FILE`)."""
    event = state_dir / "event.json"
    event.write_text(json.dumps({"marker": "left-behind"}))
    done = subprocess.run(
        [*_cli(state_dir), "invoke", "recorder", "-e", str(event)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout)["recorded"] == "left-behind"


class Run:
    """What one run started, seen from outside: its processes and the ports they serve."""

    def __init__(self, owner: int, state_dir: Path) -> None:
        self.owner = psutil.Process(owner)
        self.state_dir = state_dir
        # The ECS service's tasks and the Lambda workers come up just after `ready`.
        deadline = time.monotonic() + 60
        while True:
            self.processes = self.owner.children(recursive=True)
            kinds = {entry.what.split(":")[0] for entry in ProcessRecord(state_dir).alive()}
            if {"opensearch", "ecs", "lambda"} <= kinds or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert {"opensearch", "ecs", "lambda"} <= kinds, kinds
        self.ports = sorted(
            {port for entry in ProcessRecord(state_dir).alive() for port in entry.ports}
        )
        assert self.ports, "the record lists no ports"
        self.pids = [p.pid for p in self.processes]

    def assert_gone(self, timeout_s: float = 30.0) -> None:
        """No process of the run alive (zombies count as gone) and no port still served."""
        _, alive = psutil.wait_procs([self.owner, *self.processes], timeout_s)
        alive = [p for p in alive if _running(p)]
        assert alive == [], [(p.pid, p.cmdline()) for p in alive]
        served = [port for port in self.ports if _listening(port)]
        assert served == [], f"ports still served: {served}"
        done = subprocess.run(
            [*_cli(self.state_dir), "status"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 3, done.stdout  # status: nothing of the run is left


def _running(process: psutil.Process) -> bool:
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_ctrl_c_with_stdout_piped_into_a_reader_that_exits_first(
    assembly: Path, tmp_path: Path
) -> None:
    """`nox -s up | tee up.log` then Ctrl-C: tee goes first, so every later write of `up`
    meets a closed pipe; the cleanup still stops everything and `up` exits 0."""
    up = _up(assembly, tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert up.stdout is not None
    try:
        _wait_ready(up, tmp_path)
        _invoke_through_the_cli(tmp_path)
        run = Run(up.pid, tmp_path)
        up.stdout.close()  # the reader exits first
        up.send_signal(signal.SIGINT)
        assert up.wait(timeout=120) == 0
    finally:
        if up.poll() is None:
            up.kill()
    run.assert_gone()
    assert not (tmp_path / "state.json").exists()


def test_sigkill_of_up_leaves_no_process(assembly: Path, tmp_path: Path) -> None:
    """No cleanup runs at all: the kernel's parent-death signal ends every child."""
    up = _up(assembly, tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_ready(up, tmp_path)
        _invoke_through_the_cli(tmp_path)
        run = Run(up.pid, tmp_path)
        up.send_signal(signal.SIGKILL)
        up.wait(timeout=30)
    finally:
        if up.poll() is None:
            up.kill()
    run.assert_gone()


HELD_SESSION = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path

    from emulation.cloud import LocalCloud
    from tests.integration.emulation.apps.fixtures import CONTAINER_COMMANDS

    def test_holds_a_cloud_with_a_node():
        state_dir = Path(os.environ["HELD_STATE_DIR"])
        cloud = LocalCloud(state_dir=state_dir, container_commands=CONTAINER_COMMANDS)
        cloud.start(Path(os.environ["HELD_ASSEMBLY"]))  # the node boots on its own thread
        recorder = next(f for f in cloud.deployment.functions if "recorder" in f.lower())
        cloud.invoke(recorder, {"marker": "held"})  # a Lambda worker process
        (state_dir / "up.json").write_text(cloud.opensearch_url or "")
        time.sleep(600)
    """
)


def test_sigterm_to_a_test_session_leaves_no_process(assembly: Path, tmp_path: Path) -> None:
    """`timeout 600 nox -s tests` at its limit: SIGTERM to a pytest session whose fixtures
    hold a local cloud (its node started on a background thread, as the e2e tier's does)."""
    held = tmp_path / "held_session.py"
    held.write_text(HELD_SESSION)
    state_dir = tmp_path / "state"
    state_dir.mkdir()
    session = subprocess.Popen(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(held)],
        cwd=ROOT,
        env={**_env(), "HELD_STATE_DIR": str(state_dir), "HELD_ASSEMBLY": str(assembly)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_ready(session, state_dir)
        run = Run(session.pid, state_dir)
        session.send_signal(signal.SIGTERM)
        session.wait(timeout=30)
    finally:
        if session.poll() is None:
            session.kill()
    run.assert_gone()


def test_the_world_process_dies_with_its_owner(tmp_path: Path) -> None:
    """`nox -s pipeline` serves the synthetic world from its own process."""
    owner = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from pathlib import Path\n"
            "from emulation.pipeline_run import WorldProcess\n"
            "world = WorldProcess(7, 5, Path(sys.argv[1]))\n"
            "world.start()\n"
            "print(world.process.pid, flush=True)\n"
            "time.sleep(600)\n",
            str(tmp_path),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert owner.stdout is not None
    world = psutil.Process(int(owner.stdout.readline()))
    (entry,) = ProcessRecord(tmp_path).alive()
    assert entry.what == "world" and len(entry.ports) == 2
    owner.send_signal(signal.SIGKILL)
    owner.wait(timeout=30)
    world.wait(timeout=30)
    assert not any(_listening(port) for port in entry.ports)


def test_stop_ends_what_a_crashed_run_left(tmp_path: Path) -> None:
    """A leftover that escaped its owner (e.g. a grandchild) is found by the state directory
    alone: `status` lists it, `stop` ends it, and `status` then says nothing is left."""
    leftover = subprocess.Popen(["sleep", "600"], start_new_session=True)
    try:
        ProcessRecord(tmp_path).add(leftover.pid, "ecs:orphan")
        cli = _cli(tmp_path)
        status = subprocess.run([*cli, "status"], cwd=ROOT, capture_output=True, text=True)
        assert status.returncode == 1 and str(leftover.pid) in status.stdout, status.stdout
        stop = subprocess.run([*cli, "stop"], cwd=ROOT, capture_output=True, text=True)
        assert stop.returncode == 0, stop.stderr
        assert f"stopped ecs:orphan (pid {leftover.pid})" in stop.stdout
        assert leftover.wait(timeout=10) == -signal.SIGKILL
        again = subprocess.run([*cli, "status"], cwd=ROOT, capture_output=True, text=True)
        assert again.returncode == 3, again.stdout
    finally:
        if leftover.poll() is None:
            leftover.kill()


def test_the_record_ignores_a_reused_pid(tmp_path: Path) -> None:
    """A PID written down by a run that is gone may now belong to someone else's process."""
    record = ProcessRecord(tmp_path)
    record.path.write_text(
        json.dumps(
            {"pid": os.getpid(), "what": "owner", "started": 1, "owner": os.getpid(), "ports": []}
        )
        + "\n"
    )
    assert record.alive() == []
