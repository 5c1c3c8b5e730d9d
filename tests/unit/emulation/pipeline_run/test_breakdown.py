"""The pipeline run's CPU breakdown and politeness floor (emulation.pipeline_run.breakdown)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from dataclasses import dataclass

import psutil
import pytest

from emulation.pipeline_run.breakdown import (
    CpuByPart,
    Phase,
    cpu_figures,
    part_of,
    politeness_floor,
    run_floor,
)
from emulation.thread_cpu import thread_group


@pytest.mark.parametrize(
    ("cmdline", "name", "part"),
    [
        (["/usr/bin/python3", "-u", "/x/emulation/lambda_worker.py"], "python3", "lambda_workers"),
        (["/usr/bin/python3", "-m", "compute.scraper"], "python3", "scraper_tasks"),
        (["/usr/lib/chromium/chromium", "--type=renderer"], "chromium", "browser"),
        (["/x/playwright/driver/node", "/x/playwright/driver/package/cli.js"], "node", "browser"),
        (["java", "-cp", "x", "org.opensearch.bootstrap.OpenSearch"], "java", "opensearch"),
        (["/usr/bin/python3", "-m", "emulation.world", "--seed", "1"], "python3", "world"),
        (["/bin/sh", "-c", "true"], "sh", "other"),
    ],
)
def test_a_child_process_is_put_in_its_part_by_its_command_line(
    cmdline: list[str], name: str, part: str
) -> None:
    assert part_of(cmdline, name) == part


def test_threads_group_by_their_target_or_their_name_without_its_number() -> None:
    assert thread_group("Thread-12 (process_request_thread)") == "process_request_thread"
    assert thread_group("poller-sqs-3") == "poller-sqs"
    assert thread_group("MainThread") == "MainThread"


def test_the_cpu_a_child_and_a_thread_burn_is_counted_in_their_part() -> None:
    burn = "import time\nend = time.process_time() + 0.6\nwhile time.process_time() < end: pass\n"
    cpu = CpuByPart()
    root = psutil.Process()
    cpu.sample([root])
    child = subprocess.Popen([sys.executable, "-c", burn + "time.sleep(30)"])
    child_name = psutil.Process(child.pid).name()
    spinning = threading.Event()

    def spin() -> None:
        end = time.thread_time() + 0.4
        while time.thread_time() < end:
            pass
        spinning.set()

    spinner = threading.Thread(target=spin, name="Thread-99 (spin)")
    try:
        spinner.start()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            cpu.sample([root, psutil.Process(child.pid)])
            if cpu.by_part().get("other", 0) >= 0.6 and spinning.is_set():
                break
            time.sleep(0.1)
        cpu.sample([root, psutil.Process(child.pid)])
    finally:
        child.kill()
        child.wait()
        spinner.join()
    parts = cpu.by_part()
    assert parts["other"] >= 0.5  # the child's CPU, though it was born after the first sample
    assert cpu.others()[child_name] >= 0.5  # named, so a report says what "other" was
    assert cpu.part(child.pid) == "other"
    assert cpu.part(root.pid) == "local_cloud"
    assert cpu.cloud_threads()["spin"] >= 0.3


@dataclass
class Record:
    host: str
    user_agent: str = "bot"
    at: float = 0.0


class Robots:
    def __init__(self, delay: float | None) -> None:
        self.delay = delay

    def crawl_delay(self, useragent: str) -> float | None:
        return self.delay


class World:
    delays = {"a.test": None, "b.test": 3.0, "c.test": None}

    def serves(self, host: str) -> bool:
        return host in self.delays

    def robots(self, host: str) -> Robots:
        return Robots(self.delays[host])


def test_the_floor_is_the_hosts_politeness_time_spread_over_the_concurrency() -> None:
    records = [Record("a.test")] * 5 + [Record("b.test")] * 3 + [Record("elsewhere.test")] * 9
    floor = politeness_floor(World(), records, concurrency=2)
    # a: 4 gaps x 1 s, b: 2 gaps x its Crawl-delay 3 s; another origin's requests do not count.
    assert floor.host_seconds == 10.0
    assert floor.busiest_host_s == 6.0
    assert floor.seconds == 6.0  # the busiest host bounds it: 10 / 2 = 5 < 6
    assert politeness_floor(World(), records, concurrency=1).seconds == 10.0
    figures = floor.as_dict(studios=2, wall_s=12.0)
    assert figures["studios_per_hour"] == 1200.0
    assert figures["measured_over_floor"] == 2.0


def test_phases_that_follow_each_other_add_their_floors_each_at_its_own_concurrency() -> None:
    # find-artists reads a and c (10 s), then the scrapers read a again (t = 100..).
    records = (
        [Record("a.test", at=1.0)] * 5
        + [Record("c.test", at=2.0)] * 5
        + [Record("a.test", at=101.0)] * 3
        + [Record("b.test", at=500.0)] * 2  # in neither phase
    )
    phases = [Phase("ForEachStudio", 0.0, 50.0, 2), Phase("RunScrapers", 100.0, 200.0, 4)]
    floor = politeness_floor(World(), records, concurrency=1, phases=phases)
    by_phase = floor.phases
    assert by_phase["ForEachStudio"].seconds == 4.0  # a 4 s and c 4 s, two hosts at once
    assert by_phase["ForEachStudio"].requests == 10
    assert by_phase["RunScrapers"].seconds == 2.0  # a's 2 gaps: the busiest host bounds it
    assert by_phase["other"].seconds == 3.0  # b: 1 gap x its Crawl-delay, concurrency 1
    assert floor.seconds == 9.0  # one phase after the other
    assert floor.hosts == 3
    # Counted over the whole run at once, a's five gaps would hide that the phases are serial.
    assert politeness_floor(World(), records, concurrency=2).seconds < floor.seconds
    gated = run_floor(World(), records, concurrency=1, phases=phases)
    assert gated.seconds == 9.0
    # the gate's margin: 4 gaps x 1.2 s in the Map, 2 x 1.2 in the scrapers, 1 x 3.2 outside
    assert gated.gate_seconds == pytest.approx(4.8 + 2.4 + 3.2)
    figures = gated.as_dict(studios=2, wall_s=18.0)
    assert figures["measured_over_floor"] == 2.0
    assert figures["phases"]["RunScrapers"]["concurrency"] == 4
    assert figures["at_gate_spacing"]["seconds"] == 10.4


def test_after_a_restart_only_what_is_used_from_then_on_counts() -> None:
    cpu = CpuByPart()
    root = psutil.Process()
    spun = {name: threading.Event() for name in ("before", "after")}
    done = threading.Event()

    def spin(name: str) -> None:
        end = time.thread_time() + 0.3
        while time.thread_time() < end:
            pass
        spun[name].set()
        done.wait(10)  # alive until sampled: a thread gone before a sample is not seen

    threads = [threading.Thread(target=spin, args=(n,), name=f"Thread-1 ({n})") for n in spun]
    threads[0].start()
    cpu.sample([root])
    spun["before"].wait(10)
    cpu.sample([root])
    cpu.restart()
    threads[1].start()
    spun["after"].wait(10)
    cpu.sample([root])
    done.set()
    for thread in threads:
        thread.join()
    by_group = cpu.cloud_threads()
    assert by_group.get("before", 0.0) < 0.05
    assert by_group["after"] >= 0.25


def test_cpu_per_studio_leaves_out_the_world_and_bounds_throughput_by_the_cores() -> None:
    figures = cpu_figures({"local_cloud": 6.0, "lambda_workers": 4.0, "world": 5.0}, 5, cores=2)
    assert figures["system_total"] == 10.0
    assert figures["per_studio"] == 2.0
    assert figures["cpu_bound_studios_per_hour"] == 3600.0


def test_the_meters_own_thread_is_taken_out_of_the_cloud_and_of_the_system() -> None:
    by_part = {"local_cloud": 10.0, "lambda_workers": 4.0, "world": 5.0}
    figures = cpu_figures(by_part, 2, cores=2, meter_s=3.0)
    assert figures["by_part"] == {
        "local_cloud": 7.0,
        "lambda_workers": 4.0,
        "world": 5.0,
        "meter": 3.0,
    }
    assert figures["system_total"] == 11.0
    assert figures["per_studio"] == 5.5


def test_the_memory_peak_is_split_by_the_same_parts() -> None:
    from emulation.pipeline_run.readings import MemorySampler

    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        sampler = MemorySampler()
        sampler.sample()
    finally:
        child.kill()
        child.wait()
    parts = sampler.peak_pss_mb_by_part()
    assert parts["local_cloud"] > 0
    assert parts["other"] > 0  # the sleeping child (a test session may have other children)
    assert sum(parts.values()) == pytest.approx(sampler.peak_pss_mb, abs=0.2)
    assert 0 < sampler.peak_pss_mb <= sampler.peak_mb  # shared pages count once in PSS
