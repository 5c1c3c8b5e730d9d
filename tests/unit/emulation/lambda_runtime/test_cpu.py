"""SpareCores: idle cores from the kernel's CPU counters, and what the pool does with them."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from types import SimpleNamespace

from emulation.lambda_runtime.containers import Pool
from emulation.lambda_runtime.cpu import SpareCores, idle_cores, read_cpu_times
from emulation.lambda_runtime.semantics import FunctionSpec


def stat_file(tmp_path: Path, user: int, idle: int, iowait: int = 0) -> Path:
    path = tmp_path / "stat"
    path.write_text(f"cpu  {user} 0 0 {idle} {iowait} 0 0 0 0 0\ncpu0 1 2 3 4\n", encoding="ascii")
    return path


def test_idle_and_iowait_count_as_idle_of_all_cores(tmp_path: Path) -> None:
    assert read_cpu_times(stat_file(tmp_path, user=100, idle=50, iowait=10)) == (60, 160)
    assert read_cpu_times(tmp_path / "missing") is None


def test_idle_cores_between_two_readings() -> None:
    assert idle_cores((100, 400), (150, 600), cores=2) == 0.5  # a quarter of two cores
    assert idle_cores((100, 400), (100, 400), cores=2) is None  # no time passed
    assert idle_cores(None, (1, 2), cores=2) is None


def test_the_sampler_reads_the_last_interval(tmp_path: Path) -> None:
    path = stat_file(tmp_path, user=0, idle=0)
    spare = SpareCores(interval_s=0.02, path=path)
    spare.cores = 2
    assert spare.idle() == 2.0  # before the first reading: all idle
    deadline, busy = time.monotonic() + 5, 0
    while spare.idle() != 0.0 and time.monotonic() < deadline:
        busy += 1000  # every core busy since the last reading, whenever the thread took it
        stat_file(tmp_path, user=busy, idle=0)
        time.sleep(0.03)
    spare.stop()
    assert spare.idle() == 0.0


class Busy:
    """A one-core machine with no idle core, as SpareCores would report it."""

    interval_s = 0.01
    cores = 1

    def idle(self) -> float:
        return 0.0


def test_a_pool_on_a_busy_machine_waits_for_a_container_instead_of_starting_one() -> None:
    spec = FunctionSpec(name="api", arn="arn:api", handler="app.handler", code_dir=Path("/code"))
    pool = Pool(spec, {}, cpu=Busy())  # type: ignore[arg-type]
    assert pool.acquire() == (None, False)  # the first container: no core needed
    pool.started()
    worker = SimpleNamespace(first_invocation=False)  # a warm container
    got: list[object] = []
    waiter = threading.Thread(target=lambda: got.append(pool.acquire()))
    waiter.start()
    waiter.join(timeout=0.5)  # past GROW_AFTER_S and QUEUED_GROW_AFTER_S... with no core
    assert waiter.is_alive() and pool.size == 1
    pool.release(worker)  # type: ignore[arg-type]
    waiter.join(timeout=5)
    assert got == [(worker, True)] and pool.size == 1
