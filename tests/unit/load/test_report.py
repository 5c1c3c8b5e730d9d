"""The report builders: text tables, the HTML summaries and the load plot from Locust's CSV."""

from __future__ import annotations

import csv
import math
from datetime import UTC, datetime
from pathlib import Path

from load.report import (
    Section,
    html_report,
    plot_history,
    read_history,
    text_table,
)

COLUMNS = [("name", "scenario"), ("lost", "lost"), ("passed", "passed")]
ROWS = [
    {"name": "search_down", "lost": 0, "passed": True},
    {"name": "crash <b>", "lost": 12, "passed": False},
]


def test_text_table_aligns_columns_and_marks_failures() -> None:
    lines = text_table(COLUMNS, ROWS).splitlines()
    assert lines[0].split() == ["scenario", "lost", "passed"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert lines[2].split() == ["search_down", "0", "yes"]
    assert lines[3].endswith("NO")
    # numbers are right-aligned under their header
    assert lines[2].index("0") + 1 == lines[0].index("lost") + len("lost")


def test_html_report_is_self_contained_escaped_and_marks_failed_rows() -> None:
    page = html_report(
        "Chaos",
        [Section("Scenarios", COLUMNS, ROWS, failed=[False, True])],
        summary={"passed": "1 of 2"},
        source="results/chaos.json",
        generated=datetime(2026, 12, 6, tzinfo=UTC),
    )
    assert page.startswith("<!doctype html>")
    assert "crash &lt;b&gt;" in page and "crash <b>" not in page
    assert page.count('<tr class="failed">') == 1
    assert "<script" not in page and "http" not in page.replace("results/chaos.json", "")
    assert "2026-12-06 00:00:00 UTC" in page


def _history(path: Path, seconds: int) -> Path:
    header = ["Timestamp", "User Count", "Type", "Name", "Requests/s", "Failures/s", "50%"]
    header += ["66%", "95%", "99%", "Total Request Count"]
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        for second in range(seconds):
            at = 1_700_000_000 + second
            writer.writerow([at, 10, "GET", "/v1/artists", 5, 0, 9, 10, 30, 40, second * 5])
            p50 = "N/A" if second == 0 else 8
            writer.writerow([at, 10, "", "Aggregated", 100, 1, p50, 9, 25, 60, second * 100])
    return path


def test_read_history_takes_the_aggregated_rows_in_seconds(tmp_path: Path) -> None:
    points = read_history(_history(tmp_path / "load_stats_history.csv", 5))
    assert [p.at_s for p in points] == [0, 1, 2, 3, 4]
    assert math.isnan(points[0].p50_ms)  # Locust's N/A before the first answer: no point
    assert (points[1].p50_ms, points[1].p95_ms, points[1].p99_ms) == (8, 25, 60)
    assert points[2].rps == 100 and points[2].failures_per_s == 1


def test_plot_history_writes_a_png(tmp_path: Path) -> None:
    points = read_history(_history(tmp_path / "h.csv", 30))
    png = plot_history(points, tmp_path / "load.png", title="test")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 10_000


def test_the_chaos_report_lists_every_scenario_and_marks_the_failed() -> None:
    from load.report import chaos_report

    document = {
        "profile": "ci",
        "lostTotal": 3,
        "passed": False,
        "scenarios": [
            {
                "name": "search_down",
                "passed": True,
                "lost": 0,
                "duplicated": 0,
                "seconds": 4.5,
                "injected": "reset",
                "expected": "converges",
                "observed": "converged",
            },
            {
                "name": "sync_crash",
                "passed": False,
                "lost": 3,
                "duplicated": 1,
                "seconds": 9.0,
                "injected": "crash 5 %",
                "expected": "none lost",
                "observed": "3 lost",
            },
        ],
    }
    text, page = chaos_report(document, source="results/chaos.json")
    assert text.splitlines()[0].split() == ["scenario", "passed", "lost", "duplicated", "seconds"]
    assert "sync_crash" in text and "NO" in text
    assert page.count('<tr class="failed">') == 1
    assert "1 of 2" in page and "none lost" in page


def test_the_pipeline_report_gives_the_figures_failures_and_phases() -> None:
    from load.report import pipeline_report

    result = {
        "status": "SUCCEEDED",
        "studios": 200,
        "precision": 0.97,
        "recall": 0.91,
        "robots_violations": 0,
        "politeness_violations": 2,
        "failures": {"timeout": 3},
        "phases_s": {"DiscoverStudios": 12.5},
        "run_id": "pipeline-1",
        "world": {"seed": 7, "studios": 200, "city": "Leeds"},
    }
    text, page = pipeline_report(result, source="results/pipeline.json")
    assert "precision" in text and "0.97" in text and "timeout" in text
    assert "DiscoverStudios" in page and "Leeds" in page
    assert page.count('<tr class="failed">') == 1  # the politeness violations
