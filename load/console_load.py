"""`nox -s console-load`: does watching the console slow the API? Writes results/console-load.json.

    python -m load.console_load                   # 3 pairs of 30 s rounds, 100/s, 2,000 artists
    python -m load.console_load --pairs 5 --check # exit 1 if the console costs > 10 % of p95

One local cloud (its console on), seeded once. Then rounds of the same Locust stage alternate
between nobody looking and a headless Chromium watching the console as a person does: one tab,
live (the page re-fetches itself every few seconds), moving to the next page every --dwell-s.
`--all-tabs` instead keeps a visible tab open on every page at once, all refreshing (eight people
watching; a browser hides background tabs, and the console stops refreshing a hidden one).
The order flips every pair
(off, on, on, off, ...) so a drift of the machine does not favour one side. The verdict compares
the median p95 of the rounds with the console open to the median without, in the same run.
The viewer's own CPU (Chromium) is reported beside it: on a laptop that browser shares the cores.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from load.common.cloud import CloudError, seed_and_wait, start_cloud
from load.common.cpu import load_average
from load.common.figures import write_result
from load.common.paths import RESULTS
from load.run import run_locust

MAX_SLOWDOWN = 0.10  # issue 17: load p95 with the console open within 10 % of without
# Every page of the console, in the order of its navigation bar.
PAGES = ("/", "/resources", "/functions", "/executions", "/queues", "/data", "/faults", "/results")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m load.console_load", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--pairs", type=int, default=3, help="rounds with and without, each")
    parser.add_argument("--rate", type=int, default=100, help="requests/s of every round")
    parser.add_argument("--duration-s", type=float, default=30.0, help="measured seconds a round")
    parser.add_argument("--artists", type=int, default=2000, help="artists to seed and index")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--check", action="store_true", help="exit 1 above the 10 %% bound")
    parser.add_argument("--results", type=Path, default=RESULTS / "console-load.json")
    parser.add_argument(
        "--dwell-s", type=float, default=10.0, help="seconds the viewer stays on each page"
    )
    parser.add_argument(
        "--all-tabs", action="store_true", help="a visible tab on every page at once instead"
    )
    parser.add_argument("--view", help=argparse.SUPPRESS)  # internal: be the viewer of this URL
    return parser


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def view(console_url: str, dwell_s: float, all_tabs: bool) -> int:
    """The viewer process until SIGTERM: one live tab walking the pages (or, with all_tabs, a
    visible tab per page). Console errors are printed: a broken page would make the comparison
    meaningless."""
    from playwright.sync_api import ConsoleMessage, sync_playwright

    from compute.bootstrap import Settings

    stop = False

    def on_term(*_: object) -> None:
        nonlocal stop
        stop = True

    def reporter(message: ConsoleMessage) -> None:
        if message.type == "error":
            print(f"viewer: {message.text}", file=sys.stderr)

    def url(path: str) -> str:
        return console_url.rstrip("/") + path

    signal.signal(signal.SIGTERM, on_term)
    with sync_playwright() as playwright:
        # The browser the scrapers use (CHROMIUM_PATH); root needs --no-sandbox.
        browser = playwright.chromium.launch(
            executable_path=Settings.from_env().chromium_path, args=["--no-sandbox"]
        )
        try:
            tabs = []
            for path in PAGES if all_tabs else PAGES[:1]:
                tab = browser.new_page()  # its own window: visible, so it keeps refreshing
                tab.on("console", reporter)
                tab.goto(url(path), wait_until="load")
                tabs.append(tab)
            print("viewer: watching", flush=True)
            shown, since = 0, time.monotonic()
            while not stop:
                # Playwright's own wait keeps its event loop turning (page scripts keep running).
                tabs[0].wait_for_timeout(500)
                if not all_tabs and time.monotonic() - since >= dwell_s:
                    shown, since = (shown + 1) % len(PAGES), time.monotonic()
                    tabs[0].goto(url(PAGES[shown]), wait_until="load")
        finally:
            browser.close()
    return 0


class Viewer:
    """`with Viewer(url, ...):` a headless Chromium watching the console, in its own process."""

    def __init__(self, console_url: str, dwell_s: float, all_tabs: bool) -> None:
        self.console_url = console_url
        self.options = ["--dwell-s", str(dwell_s)] + (["--all-tabs"] if all_tabs else [])
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Viewer:
        from emulation.lifetime import spawn

        self.process = spawn(
            [sys.executable, "-m", "load.console_load", "--view", self.console_url, *self.options],
            what="console-viewer",
            stdout=subprocess.PIPE,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline().decode()  # waits until its tabs have loaded
        if "watching" not in line:
            raise CloudError(f"the console viewer did not open the pages: {line!r}")
        return self

    def cpu_s(self) -> float:
        from load.common.cpu import tree_cpu_s

        return float(tree_cpu_s([self.process.pid])) if self.process else 0.0

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def measure_round(cloud: Any, ids: list[str], args: argparse.Namespace, work: Path) -> Any:
    options = argparse.Namespace(
        seed=args.seed,
        duration_s=args.duration_s,
        warmup_s=10.0,
        settle_s=3.0,
        headroom_s=0.5,
        results=work / "round.json",  # Locust's own report of a round is not kept
        no_floor=True,
    )
    stage = run_locust(cloud, ids, [args.rate], options, work)["stages"][0]
    return stage


def summary(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    def median(open_: bool, key: str) -> float:
        values = [float(r[key]) for r in rounds if r["console_open"] is open_]
        return round(statistics.median(values), 2)

    closed_p95, open_p95 = median(False, "p95_ms"), median(True, "p95_ms")
    slowdown = round(open_p95 / closed_p95 - 1.0, 3) if closed_p95 else None
    return {
        "p95_ms": {"closed": closed_p95, "open": open_p95},
        "p99_ms": {"closed": median(False, "p99_ms"), "open": median(True, "p99_ms")},
        "sut_cpu_ms_per_request": {
            "closed": median(False, "sut_cpu_ms"),
            "open": median(True, "sut_cpu_ms"),
        },
        "p95_slowdown": slowdown,
        "max_slowdown": MAX_SLOWDOWN,
        "within_bound": slowdown is not None and slowdown <= MAX_SLOWDOWN,
    }


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.view:
        return view(args.view, args.dwell_s, args.all_tabs)
    os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    port = free_port()
    console_url = f"http://127.0.0.1:{port}/"
    rounds: list[dict[str, Any]] = []
    load_before = load_average()
    began = time.monotonic()
    try:
        state_dir = Path(tempfile.mkdtemp(prefix="console-load-"))
        print(f"Starting the local cloud with its console on {console_url} ...", flush=True)
        with (
            start_cloud(state_dir, extra_args=("--console-port", str(port))) as cloud,
            tempfile.TemporaryDirectory(prefix="console-load-") as work,
        ):
            ids, _ = seed_and_wait(cloud, args.artists, seed=args.seed, timeout_s=1800.0)
            order = [
                flag
                for pair in range(args.pairs)
                for flag in ((False, True), (True, False))[pair % 2]
            ]
            for number, console_open in enumerate(order, 1):
                print(
                    f"round {number}/{len(order)}: console {'open' if console_open else 'closed'}"
                )
                viewer = Viewer(console_url, args.dwell_s, args.all_tabs) if console_open else None
                viewer_cpu = 0.0
                if viewer is not None:
                    viewer.__enter__()
                try:
                    before = viewer.cpu_s() if viewer else 0.0
                    stage = measure_round(cloud, ids, args, Path(work))
                    viewer_cpu = (viewer.cpu_s() - before) if viewer else 0.0
                finally:
                    if viewer is not None:
                        viewer.__exit__()
                requests = max(stage["requests"], 1)
                rounds.append(
                    {
                        "console_open": console_open,
                        "requests": stage["requests"],
                        "failures": stage["failures"],
                        "achieved_rps": stage["achieved_rps"],
                        "p50_ms": stage["p50_ms"],
                        "p95_ms": stage["p95_ms"],
                        "p99_ms": stage["p99_ms"],
                        "sut_cpu_ms": round(
                            1000 * stage["cpu"]["system_under_test_s"] / requests, 3
                        ),
                        "viewer_cpu_s": round(viewer_cpu, 2),
                    }
                )
                print(
                    f"  p95 {stage['p95_ms']} ms, p99 {stage['p99_ms']} ms, "
                    f"{stage['failures']} failures, viewer CPU {viewer_cpu:.1f} s"
                )
    except (CloudError, subprocess.CalledProcessError) as exc:
        print(f"console_load: {exc}", file=sys.stderr)
        return 2
    document = {
        "rate": args.rate,
        "duration_s": args.duration_s,
        "artists": args.artists,
        "pages": list(PAGES),
        "viewer": "a visible tab on every page" if args.all_tabs else "one tab walking the pages",
        "dwell_s": None if args.all_tabs else args.dwell_s,
        "rounds": rounds,
        "summary": summary(rounds),
        "cpu_count": os.cpu_count(),
        "load_average": {"before": load_before, "after": load_average()},
        "wall_s": round(time.monotonic() - began, 1),
    }
    write_result(args.results, document)
    s = document["summary"]
    print(
        f"p95 closed {s['p95_ms']['closed']} ms, open {s['p95_ms']['open']} ms: "
        f"{'+' if (s['p95_slowdown'] or 0) >= 0 else ''}{100 * (s['p95_slowdown'] or 0):.1f} % "
        f"(bound {100 * MAX_SLOWDOWN:.0f} %); wrote {args.results}"
    )
    failures = sum(r["failures"] for r in rounds)
    if args.check and (not s["within_bound"] or failures):
        print(f"--check: slowdown {s['p95_slowdown']}, {failures} failures", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
