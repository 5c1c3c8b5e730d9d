"""A short real Locust run writes Locust's own HTML report and CSV files, and the plot.

The load generator (`python -m load.locustfile`, its own process as in `nox -s load`) runs
for a few seconds against a plain HTTP server that answers every route, so this checks the
reports, not the API.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from load.common.mix import workload
from load.run import write_plot

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[3]


class _Answer(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b'{"items": []}'
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def api() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Answer)
    server.request_queue_size = 128
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_short_run_writes_locusts_report_csv_files_and_the_plot(api: str, tmp_path: Path) -> None:
    work = tmp_path / "workload.json"
    work.write_text(json.dumps(workload([f"art_{n:016x}" for n in range(20)], searches=20)))
    results = tmp_path / "results" / "load.json"
    command = [sys.executable, "-m", "load.locustfile", "--host", api, "--workload", str(work)]
    command += ["--stages", "20:4", "--out", str(tmp_path / "stages.json"), "--warmup-s", "1"]
    command += ["--settle-s", "0", "--report", str(results.with_suffix(""))]
    done = subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    page = (results.parent / "load.html").read_text()
    assert "Locust" in page and "/v1/artists" in page
    with (results.parent / "load_stats.csv").open() as stats:
        rows = {row["Name"]: row for row in csv.DictReader(stats)}
    assert int(rows["Aggregated"]["Request Count"]) > 20
    for name in ("load_stats_history.csv", "load_failures.csv", "load_exceptions.csv"):
        assert (results.parent / name).exists(), name
    png = write_plot(results)
    assert png == results.with_suffix(".png")
    assert png.read_bytes()[:4] == b"\x89PNG"
