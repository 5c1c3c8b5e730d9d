"""emulation.lifetime: children die with the process (not with the thread that asked for them),
the record finds them, and output whose reader has gone never stops a cleanup."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil

from emulation.lifetime import ProcessRecord

ROOT = Path(__file__).resolve().parents[3]

OWNER = """
import sys, threading, time
from pathlib import Path
from emulation.lifetime import ProcessRecord, spawn

started = {}
def short_lived():  # e.g. a request thread of the API gateway or an invoke
    record = ProcessRecord(Path(sys.argv[1]))
    started["child"] = spawn(["sleep", "600"], what="sleeper", record=record)
thread = threading.Thread(target=short_lived)
thread.start()
thread.join()  # the thread that asked is gone; the child must not go with it
print(started["child"].pid, flush=True)
time.sleep(600)
"""


def _running(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_a_child_outlives_the_thread_that_asked_but_not_the_process(tmp_path: Path) -> None:
    owner = subprocess.Popen(
        [sys.executable, "-c", OWNER, str(tmp_path)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert owner.stdout is not None
        child = int(owner.stdout.readline())
        time.sleep(1.0)  # a parent-death signal tied to the asking thread would have fired
        assert _running(child), "the child died with the thread that asked for it"
        (entry,) = ProcessRecord(tmp_path).alive()
        assert (entry.pid, entry.what, entry.owner) == (child, "sleeper", owner.pid)
        owner.send_signal(signal.SIGKILL)
        owner.wait(timeout=10)
        deadline = time.monotonic() + 10
        while _running(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _running(child), "the child outlived its owner"
        assert ProcessRecord(tmp_path).alive() == []
    finally:
        if owner.poll() is None:
            owner.kill()


def test_cleanup_that_prints_to_a_closed_pipe_finishes_and_exits_cleanly(tmp_path: Path) -> None:
    done_marker = tmp_path / "cleaned"
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from emulation.lifetime import quiet_closed_output, say\n"
        "sys.stdin.readline()  # the reader closes its end, then says go\n"
        "say('Stopping the local cloud ...')\n"
        "quiet_closed_output()\n"
        "print('more cleanup output', flush=True)\n"
        "sys.stderr.write('a warning\\n')\n"
        f"Path({str(done_marker)!r}).write_text('yes')\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdout.close()  # `| tee` ended first
    process.stdin.write("go\n")
    process.stdin.close()
    assert process.wait(timeout=30) == 0
    assert done_marker.read_text() == "yes"


def test_prune_keeps_only_live_processes_and_removes_an_empty_record(tmp_path: Path) -> None:
    record = ProcessRecord(tmp_path)
    gone = subprocess.Popen(["true"])
    gone.wait()
    record.add(os.getpid(), "owner", [1234])
    record.add(gone.pid, "finished")  # already gone when added: nothing to find later
    record.add(os.getpid(), "owner", [1234, 5678])  # a later line adds ports
    (entry,) = record.alive()
    assert (entry.what, entry.ports) == ("owner", [1234, 5678])
    record.prune()
    assert len(record.path.read_text().splitlines()) == 1
    record.path.write_text(record.path.read_text().replace(f'"pid": {os.getpid()}', '"pid": 1'))
    record.prune()  # PID 1 with another start time: not ours
    assert not record.path.exists()
