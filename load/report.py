"""Reports people look at, built from what the benchmarks already measured.

- `text_table` / `html_report`: a result's rows as an aligned text table (printed at the end of
  `nox -s chaos`, `pipeline`, `gate`) and as a small self-contained HTML page written beside
  its JSON (`results/chaos.html`, ...): no script, no external asset, values escaped.
- `read_history` / `plot_history`: Locust's own `<base>_stats_history.csv` (one Aggregated row
  a second) as a PNG of latency percentiles and throughput over time (`results/load.png`).

Pure builders: no benchmark runs here, so each is unit-tested on its own.
"""

from __future__ import annotations

import csv
import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

Column = tuple[str, str]  # (key in each row, header)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {_cell(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value)
    return str(value)


def text_table(columns: Sequence[Column], rows: Sequence[Mapping[str, Any]]) -> str:
    """Rows as a fixed-width table with a header line; numbers right-aligned."""
    cells = [[_cell(row.get(key)) for key, _ in columns] for row in rows]
    widths = [
        max([len(header), *(len(line[i]) for line in cells)])
        for i, (_, header) in enumerate(columns)
    ]
    numeric = [
        all(
            isinstance(row.get(key), int | float) and not isinstance(row.get(key), bool)
            for row in rows
            if row.get(key) is not None
        )
        for key, _ in columns
    ]

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            value.rjust(width) if right else value.ljust(width)
            for value, width, right in zip(values, widths, numeric, strict=True)
        ).rstrip()

    out = [line([header for _, header in columns]), line(["-" * width for width in widths])]
    out += [line(values) for values in cells]
    return "\n".join(out)


@dataclass(frozen=True)
class Section:
    """One table of a report: a heading, its columns and rows, and rows to mark as failed."""

    heading: str
    columns: Sequence[Column]
    rows: Sequence[Mapping[str, Any]]
    failed: Sequence[bool] = ()


_STYLE = (
    "body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}"
    "table{border-collapse:collapse;margin:0 0 1.5em}"
    "th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}"
    "th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}"
    "tr.failed td{background:#fde8e8}.meta{color:#666}"
)


def html_report(
    title: str,
    sections: Sequence[Section],
    *,
    summary: Mapping[str, Any] | None = None,
    source: str = "",
    generated: datetime | None = None,
) -> str:
    """A small, self-contained HTML page: a title, key figures, then each section's table."""
    when = (generated or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M:%S UTC")
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        f'<p class="meta">{html.escape(when)}'
        + (f" &middot; from {html.escape(source)}" if source else "")
        + "</p>",
    ]
    if summary:
        parts.append("<table>")
        parts += [
            f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(_cell(v))}</td></tr>"
            for k, v in summary.items()
        ]
        parts.append("</table>")
    for section in sections:
        parts.append(f"<h2>{html.escape(section.heading)}</h2><table><tr>")
        parts += [f"<th>{html.escape(header)}</th>" for _, header in section.columns]
        parts.append("</tr>")
        for index, row in enumerate(section.rows):
            failed = index < len(section.failed) and section.failed[index]
            parts.append('<tr class="failed">' if failed else "<tr>")
            for key, _ in section.columns:
                value = row.get(key)
                numeric = isinstance(value, int | float) and not isinstance(value, bool)
                css = ' class="n"' if numeric else ""
                parts.append(f"<td{css}>{html.escape(_cell(value))}</td>")
            parts.append("</tr>")
        parts.append("</table>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def write_html(path: Path, page: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path


# --- Locust's history as a plot ---------------------------------------------------------------
@dataclass(frozen=True)
class HistoryPoint:
    """One second of Locust's Aggregated history: current percentiles and rates."""

    at_s: float
    users: int
    rps: float
    failures_per_s: float
    p50_ms: float
    p95_ms: float
    p99_ms: float


def _number(text: str | None, *, missing: float = 0.0) -> float:
    try:
        return float(text) if text else missing
    except ValueError:  # Locust writes "N/A" before the first response
        return missing


def _latency(text: str | None) -> float:
    """A percentile, NaN (no point drawn) while there is no response to measure yet."""
    return _number(text, missing=math.nan)


def read_history(path: Path) -> list[HistoryPoint]:
    """The Aggregated rows of Locust's `_stats_history.csv`, seconds from the first row."""
    with path.open(newline="", encoding="utf-8") as source:
        rows = [row for row in csv.DictReader(source) if row.get("Name") == "Aggregated"]
    if not rows:
        return []
    start = _number(rows[0]["Timestamp"])
    return [
        HistoryPoint(
            at_s=_number(row["Timestamp"]) - start,
            users=int(_number(row.get("User Count"))),
            rps=_number(row.get("Requests/s")),
            failures_per_s=_number(row.get("Failures/s")),
            p50_ms=_latency(row.get("50%")),
            p95_ms=_latency(row.get("95%")),
            p99_ms=_latency(row.get("99%")),
        )
        for row in rows
    ]


def plot_history(points: Sequence[HistoryPoint], png: Path, *, title: str) -> Path:
    """Latency percentiles (top) and throughput (bottom) over time, as a PNG."""
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    import matplotlib.pyplot as plt

    times = [p.at_s for p in points]
    figure, (latency, throughput) = plt.subplots(
        2, 1, figsize=(10, 6.5), sharex=True, height_ratios=[3, 2]
    )
    try:
        for name, values in (
            ("p50", [p.p50_ms for p in points]),
            ("p95", [p.p95_ms for p in points]),
            ("p99", [p.p99_ms for p in points]),
        ):
            latency.plot(times, values, label=name, linewidth=1.2)
        latency.set_ylabel("latency, ms (10 s window)")
        latency.set_yscale("symlog", linthresh=10)
        latency.grid(True, alpha=0.3)
        latency.legend(loc="upper left")
        latency.set_title(title)
        throughput.plot(times, [p.rps for p in points], label="requests/s", color="tab:green")
        throughput.plot(
            times, [p.failures_per_s for p in points], label="failures/s", color="tab:red"
        )
        throughput.set_ylabel("per second")
        throughput.set_xlabel("seconds since the load generator started (warm-up included)")
        throughput.grid(True, alpha=0.3)
        throughput.legend(loc="upper left")
        figure.tight_layout()
        png.parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(png, dpi=100)
    finally:
        plt.close(figure)
    return png


# --- the reports of chaos, pipeline and gate -------------------------------------------------
CHAOS_COLUMNS: list[Column] = [
    ("name", "scenario"),
    ("passed", "passed"),
    ("lost", "lost"),
    ("duplicated", "duplicated"),
    ("seconds", "seconds"),
    ("injected", "injected"),
    ("observed", "observed"),
]


def chaos_report(document: Mapping[str, Any], *, source: str = "") -> tuple[str, str]:
    """`nox -s chaos`'s table (text) and page (HTML) from its chaos.json document."""
    scenarios = list(document.get("scenarios", []))
    passed = sum(1 for s in scenarios if s.get("passed"))
    summary = {
        "profile": document.get("profile"),
        "passed": f"{passed} of {len(scenarios)}",
        "lost in all": document.get("lostTotal"),
    }
    failed = [not s.get("passed") for s in scenarios]
    text = text_table(CHAOS_COLUMNS[:5], scenarios)
    page = html_report(
        "Chaos scenarios",
        [
            Section(
                "Scenarios",
                [
                    *CHAOS_COLUMNS,
                    ("expected", "expected"),
                    ("alarms_expected", "alarms expected"),
                    ("alarms_seen", "alarms seen"),
                ],
                scenarios,
                failed,
            )
        ],
        summary=summary,
        source=source,
    )
    return text, page


PIPELINE_FIGURES = (
    "status",
    "studios",
    "artists_found",
    "precision",
    "recall",
    "recall_with_unresponsive_sites",
    "recall_all_artists",
    "duplicates",
    "studios_per_hour",
    "pages_per_s",
    "requests",
    "hosts",
    "robots_violations",
    "politeness_violations",
    "wall_s",
    "max_rss_mb",
)
_FIGURE: list[Column] = [("figure", "figure"), ("value", "value")]


def pipeline_report(result: Mapping[str, Any], *, source: str = "") -> tuple[str, str]:
    """`nox -s pipeline`'s table (text) and page (HTML) from its pipeline.json document."""
    figures = [{"figure": k, "value": result[k]} for k in PIPELINE_FIGURES if k in result]
    failures = [{"figure": k, "value": v} for k, v in dict(result.get("failures") or {}).items()]
    phases = [{"figure": k, "value": v} for k, v in dict(result.get("phases_s") or {}).items()]
    bad = {"status": result.get("status") not in (None, "SUCCEEDED")} | {
        k: bool(result.get(k)) for k in ("robots_violations", "politeness_violations")
    }
    sections = [
        Section("Outcome", _FIGURE, figures, [bad.get(str(f["figure"]), False) for f in figures])
    ]
    text = text_table(_FIGURE, figures)
    if failures:
        sections.append(Section("Failures by reason", _FIGURE, failures))
        text += "\n\n" + text_table([("figure", "failure"), ("value", "count")], failures)
    if phases:
        sections.append(Section("Seconds in each phase", _FIGURE, phases))
    world = result.get("world") or {}
    page = html_report(
        "Aggregation pipeline on the synthetic world",
        sections,
        summary={"run": result.get("run_id"), "world": world},
        source=source,
    )
    return text, page


GATE_COLUMNS: list[Column] = [
    ("name", "check"),
    ("status", "status"),
    ("seconds", "seconds"),
    ("detail", "detail"),
]


def gate_page(summary: Mapping[str, Any], *, source: str = "") -> str:
    """results/gate.html from the gate.json document."""
    checks = list(summary.get("checks", []))
    verdict = "PASSED" if summary.get("passed") else "FAILED"
    return html_report(
        f"Deploy gate: {verdict}",
        [Section("Checks", GATE_COLUMNS, checks, [c.get("status") != "PASS" for c in checks])],
        summary={
            "verdict": verdict,
            "commit": summary.get("commit"),
            "finished at": summary.get("finished_at"),
            "not passed": summary.get("not_passed") or "none",
        },
        source=source,
    )
