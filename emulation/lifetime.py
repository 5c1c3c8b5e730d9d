"""Processes the local cloud starts die with the process that owns them, however it ends.

Ctrl-C, SIGTERM, SIGKILL, a closed stdout or an exception during cleanup must not leave an
OpenSearch node, a Lambda worker, an ECS task or the world's server running with parent 1.

    owner process (compute-local up, a pytest session, nox -s pipeline ...)
      +-- keeper thread: forks every child, lives as long as the process
            +-- setpriv --pdeathsig=KILL -- opensearch | lambda worker | ECS task | world

1. Parent-death signal. The kernel sends SIGKILL to a child when the *thread* that forked it
   exits (PR_SET_PDEATHSIG), so children are forked by one daemon thread that only ends with
   the process; a child forked by a request thread would die with that thread. `setpriv`
   (util-linux) sets the signal between fork and exec, so no Python runs in the forked child;
   without setpriv a pre-exec function sets it through prctl.
2. A record. Each child is appended to `processes.jsonl` in the cloud's state directory with
   its start time (a reused PID has another), so `compute-local status` and `stop` can find
   and end what a run left, even one that crashed, by the state directory alone.

`quiet_closed_output()` points stdout/stderr at /dev/null once their reader is gone, so a
cleanup that prints never stops half way on a BrokenPipeError.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import queue
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

PROCESSES_FILE = "processes.jsonl"
_PR_SET_PDEATHSIG = 1
T = TypeVar("T")


# --- forking from a thread that lives as long as the process ---------------------------------
class _Keeper:
    """One daemon thread that runs every fork, so the parent-death signal fires only when the
    process itself ends."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[tuple[Callable[[], Any], Future[Any]]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def run(self, job: Callable[[], T]) -> T:
        if threading.current_thread() is self._thread:
            return job()
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._serve, name="process-keeper", daemon=True
                )
                self._thread.start()
        done: Future[T] = Future()
        self._jobs.put((job, done))
        return done.result()

    def _serve(self) -> None:
        while True:
            job, done = self._jobs.get()
            try:
                done.set_result(job())
            except BaseException as exc:  # handed to the caller's thread
                done.set_exception(exc)


_KEEPER = _Keeper()
_SETPRIV = shutil.which("setpriv")
_LIBC = ctypes.CDLL(None, use_errno=True)


def _die_with_parent() -> None:
    """In the forked child (no setpriv): SIGKILL when the keeper thread, i.e. the owner, ends."""
    _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def spawn(
    command: Sequence[str],
    *,
    what: str,
    record: ProcessRecord | None = None,
    ports: Iterable[int] = (),
    privileges: Sequence[str] = (),
    **popen: Any,
) -> subprocess.Popen[Any]:
    """`subprocess.Popen(command, **popen)` for a child that cannot outlive this process:
    forked by the keeper thread with SIGKILL as its parent-death signal, in its own session
    (signals to its group reach its children), and appended to `record` as `what` listening on
    `ports`.
    `privileges` are extra setpriv options (e.g. --reuid), applied before the signal is set,
    since a change of user clears it."""
    popen.setdefault("start_new_session", True)
    if _SETPRIV is not None:
        argv = [_SETPRIV, *privileges, "--pdeathsig=KILL", "--", *command]
    elif privileges:
        raise RuntimeError(f"{what}: dropping privileges needs setpriv (util-linux)")
    else:
        argv = list(command)
        popen["preexec_fn"] = _die_with_parent
    process: subprocess.Popen[Any] = _KEEPER.run(lambda: subprocess.Popen(argv, **popen))  # noqa: S603 - callers pass fixed commands
    if record is not None:
        record.add(process.pid, what, ports)
    return process


# --- the record of what a run started ---------------------------------------------------------
@dataclass(frozen=True)
class Recorded:
    """One process a run started; `started` is its start time in clock ticks since boot."""

    pid: int
    what: str
    started: int
    owner: int
    ports: list[int] = field(default_factory=list)

    def alive(self) -> bool:
        """Still the same process (not a reused PID) and not a zombie."""
        return _start_time(self.pid) == self.started


class ProcessRecord:
    """`processes.jsonl` in a state directory: one line per process a run started."""

    def __init__(self, state_dir: Path) -> None:
        self.path = Path(state_dir) / PROCESSES_FILE
        self._lock = threading.Lock()

    def add(self, pid: int, what: str, ports: Iterable[int] = ()) -> None:
        started = _start_time(pid)
        if started is None:  # gone already: nothing to find later
            return
        entry = Recorded(pid, what, started, os.getpid(), sorted(set(ports)))
        line = json.dumps(asdict(entry)) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as out:
                out.write(line)

    def start_run(self, ports: Iterable[int] = ()) -> None:
        """A new run owns this directory: forget processes that are gone (what a crashed run
        left still running stays listed for `stop`), then record this process as owner."""
        self.prune()
        self.add(os.getpid(), "owner", ports)

    def prune(self) -> None:
        """Keep only the processes still alive; no file when none is."""
        alive = self.alive()
        with self._lock:
            if not alive:
                self.clear()
                return
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text("".join(json.dumps(asdict(e)) + "\n" for e in alive), "utf-8")
            tmp.replace(self.path)

    def entries(self) -> list[Recorded]:
        """Every recorded process, latest line per process (a later line adds ports)."""
        found: dict[tuple[int, int], Recorded] = {}
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []
        for line in lines:
            with contextlib.suppress(ValueError, TypeError):
                entry = Recorded(**json.loads(line))
                found[(entry.pid, entry.started)] = entry
        return list(found.values())

    def alive(self) -> list[Recorded]:
        return [entry for entry in self.entries() if entry.alive()]

    def clear(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


def stop_recorded(record: ProcessRecord, *, grace_s: float = 30.0) -> list[Recorded]:
    """End what a run left: SIGTERM its owner (which stops its own parts) and wait up to
    `grace_s`, then SIGKILL the process group of every recorded process still alive. Returns
    the processes that were alive when it began."""
    alive = record.alive()
    owners = [entry for entry in alive if entry.what == "owner"]
    for owner in owners:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(owner.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace_s
    while owners and any(o.alive() for o in owners) and time.monotonic() < deadline:
        time.sleep(0.2)
    for entry in alive:
        if entry.alive():
            _kill_group(entry.pid)
    deadline = time.monotonic() + 10
    while any(entry.alive() for entry in alive) and time.monotonic() < deadline:
        time.sleep(0.1)
    return alive


def _kill_group(pid: int) -> None:
    """SIGKILL the process's group when it leads one (our children do), else the process."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if os.getpgid(pid) == pid:
            os.killpg(pid, signal.SIGKILL)
        else:
            os.kill(pid, signal.SIGKILL)


def _start_time(pid: int) -> int | None:
    """The process's start time (field 22 of /proc/PID/stat); None if gone or a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    fields = stat.rsplit(")", 1)[-1].split()
    if fields[0] in ("Z", "X"):
        return None
    return int(fields[19])


# --- output whose reader has gone ------------------------------------------------------------
def quiet_closed_output() -> None:
    """Point stdout and stderr at /dev/null if their reader has gone (a `| tee` that Ctrl-C
    ended first): later writes, and the interpreter's last flush, then succeed silently."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
            gone = _reader_gone(stream.fileno())
        except (OSError, ValueError):  # BrokenPipeError is an OSError
            gone = True
        if gone:
            _to_devnull(stream)


def _reader_gone(fd: int) -> bool:
    """A pipe whose reading end is closed reports POLLERR to its writer."""
    poller = select.poll()
    poller.register(fd, 0)  # no events asked: errors and hang-ups are always reported
    return any(events & (select.POLLERR | select.POLLHUP) for _, events in poller.poll(0))


def _to_devnull(stream: Any) -> None:
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)


def say(*parts: object) -> None:
    """print(..., flush=True) that never raises because the reader went away."""
    try:
        print(*parts, flush=True)
    except (OSError, ValueError):
        _to_devnull(sys.stdout)
        quiet_closed_output()
