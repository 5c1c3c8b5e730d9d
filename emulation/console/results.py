"""The console's Results page: each benchmark's JSON under results/ shown its own way, with the
report and plot the benchmark wrote beside it."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from emulation.console import plots
from emulation.console.html import ago, badge, card, h, link, ms, table
from emulation.console.sources import Sources


def results(src: Sources) -> str:
    found = src.results()
    if not found:
        return card(
            "Results",
            f'<p class="empty">No results in {h(src.results_dir)} yet: run <code>nox -s load'
            "</code>, <code>nox -s freshness</code>, <code>nox -s pipeline</code> or "
            "<code>nox -s chaos</code>.</p>",
        )
    cards = []
    for result in found:
        name = str(result["name"])
        render = RESULT_VIEWS.get(name) or RESULT_VIEWS.get(name.split("-")[0], _generic_result)
        try:
            body = render(result["document"])
        except Exception as error:  # one odd file must not take the page down
            body = f'<p class="bad">Unreadable: {h(type(error).__name__)}</p>' + _generic_result(
                result["document"]
            )
        beside = _files_beside(src, name)
        cards.append(
            f'<section class="card result"><h2>{h(name)}.json '
            f'<span class="count">{h(ago(result["modified"]))}</span></h2>{body}{beside}'
            "</section>"
        )
    return "".join(cards)


def _files_beside(src: Sources, name: str) -> str:
    """A benchmark's own report and plot written beside its JSON (load.html, load.png)."""
    parts = []
    if (src.results_dir / f"{name}.png").is_file():
        parts.append(
            f'<img class="result-plot" src="/files/{quote(name)}.png" alt="{h(name)} plot">'
        )
    if (src.results_dir / f"{name}.html").is_file():
        parts.append(
            f"<p>{link(f'/files/{quote(name)}.html', f'{name}.html')} (its own report)</p>"
        )
    return "".join(parts)


def _load_result(document: dict[str, Any]) -> str:
    stages = document.get("stages", [])
    rows = [
        (
            s.get("target_rps"),
            s.get("achieved_rps"),
            s.get("requests"),
            s.get("failures"),
            ms(s.get("p50_ms")),
            ms(s.get("p95_ms")),
            ms(s.get("p99_ms")),
        )
        for s in stages
    ]
    labels = [f"{s.get('target_rps')}/s" for s in stages]
    chart = plots.grouped_bars(
        labels,
        {key: [s.get(f"{key}_ms") for s in stages] for key in ("p50", "p95", "p99")},
        unit="ms",
        title="latency by stage",
    )
    routes = []
    for s in stages:
        for route, figures in (s.get("routes") or {}).items():
            routes.append(
                (
                    f"{s.get('target_rps')}/s",
                    route,
                    figures.get("requests"),
                    figures.get("failures"),
                    ms(figures.get("p50_ms")),
                    ms(figures.get("p95_ms")),
                    ms(figures.get("p99_ms")),
                )
            )
    return (
        '<div class="columns">'
        + table(
            ["Target/s", "Achieved/s", "Requests", "Failures", "p50", "p95", "p99"],
            rows,
            numeric={0, 1, 2, 3, 4, 5, 6},
        )
        + chart
        + "</div>"
        + table(
            ["Stage", "Route", "Requests", "Failures", "p50", "p95", "p99"],
            routes,
            numeric={2, 3, 4, 5, 6},
        )
    )


def _freshness_result(document: dict[str, Any]) -> str:
    figures = {k: document[k] for k in ("p50_s", "p95_s", "max_s") if k in document}
    return (
        '<div class="columns">'
        + table(["", ""], [(k, v) for k, v in document.items() if not isinstance(v, dict | list)])
        + plots.bars(
            {k.removesuffix("_s"): float(v) for k, v in figures.items()},
            unit="s",
            title="write to searchable",
        )
        + "</div>"
    )


def _chaos_result(document: dict[str, Any]) -> str:
    rows = [
        (
            s.get("name"),
            s.get("injected"),
            s.get("expected"),
            s.get("observed"),
            s.get("lost"),
            s.get("duplicated"),
            badge("passed" if s.get("passed") else "failed"),
        )
        for s in document.get("scenarios", [])
    ]
    return table(
        ["Scenario", "Injected", "Expected", "Observed", "Lost", "Duplicated", ""],
        rows,
        numeric={4, 5},
    )


def _pipeline_result(document: dict[str, Any]) -> str:
    scalars = [(k, v) for k, v in document.items() if not isinstance(v, dict | list)]
    phases = document.get("phases_s") or {}
    failures = document.get("failures") or {}
    return (
        '<div class="columns">'
        + table(["", ""], scalars)
        + (plots.bars(phases, unit="s", title="seconds per phase", width=520) if phases else "")
        + "</div>"
        + (table(["Failure", "Count"], sorted(failures.items()), numeric={1}) if failures else "")
    )


def _coldstart_result(document: dict[str, Any]) -> str:
    samples = document.get("samples") or []
    chart = (
        plots.bars(
            {str(i + 1): float(v) for i, v in enumerate(samples[:30])}, unit="ms", title="samples"
        )
        if samples
        else ""
    )
    scalars = [(k, v) for k, v in document.items() if not isinstance(v, dict | list)]
    return '<div class="columns">' + table(["", ""], scalars) + chart + "</div>"


def _generic_result(document: Any) -> str:
    if not isinstance(document, dict):
        return f'<pre class="json">{h(json.dumps(document, indent=2)[:5000])}</pre>'
    scalars = [(k, v) for k, v in document.items() if not isinstance(v, dict | list)]
    nested = {k: v for k, v in document.items() if isinstance(v, dict | list)}
    return (table(["", ""], scalars) if scalars else "") + "".join(
        f'<details><summary>{h(k)}</summary><pre class="json">'
        f"{h(json.dumps(v, indent=2, default=str)[:5000])}</pre></details>"
        for k, v in nested.items()
    )


RESULT_VIEWS: dict[str, Callable[[dict[str, Any]], str]] = {
    "load": _load_result,
    "gate-load": _load_result,
    "freshness": _freshness_result,
    "chaos": _chaos_result,
    "pipeline": _pipeline_result,
    "coldstart": _coldstart_result,
}
