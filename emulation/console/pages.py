"""The console's pages: HTML rendered on the server from `Sources` readings (`html.py` holds the
shared vocabulary, `results.py` the Results page).

Each page function returns the page's <main> content; `frame()` wraps it in the shared layout
(navigation, style, the refresh script). Every value from the cloud is escaped with `h()`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from emulation.console import graph, plots
from emulation.console.html import NONE, Raw, badge, card, h, link, ms, table, when
from emulation.console.results import results
from emulation.console.sources import Sources

NAV = (
    ("/", "Overview"),
    ("/resources", "Resources"),
    ("/functions", "Functions"),
    ("/executions", "Executions"),
    ("/queues", "Queues"),
    ("/data", "Search & table"),
    ("/faults", "Faults"),
    ("/results", "Results"),
)


class NotFound(LookupError):
    """No such function, execution or queue."""


# --- pages ------------------------------------------------------------------------------------


def overview(src: Sources) -> str:
    endpoints = table(
        ["", "URL"],
        [
            (name, link(url, url) if url.startswith("http") else url)
            for name, url in src.endpoints().items()
        ],
    )
    functions = src.functions()
    invocations = sum(f.stats["invocations"] for f in functions)
    errors = sum(f.stats["errors"] for f in functions)
    queues = src.queues()
    figures = "".join(
        f'<div class="figure"><span class="value">{h(value)}</span>'
        f'<span class="label">{h(label)}</span></div>'
        for value, label in (
            (len(functions), "functions"),
            (f"{invocations:,}", "invocations"),
            (f"{errors:,}", "errors"),
            (sum(q["visible"] for q in queues if q["source_queue"]), "dead-lettered"),
            (len(src.executions()), "executions"),
            (len(src.faults()), "faults on"),
        )
    )
    deployment = src.deployment()
    report = f"<pre class='report'>{h(deployment.format_report())}</pre>" if deployment else ""
    return (
        f'<div class="figures">{figures}</div>'
        + aggregation_card(src)
        + '<div class="columns">'
        + card("Endpoints", endpoints)
        + card("Deploy report", report + link("/resources", "Every resource →"))
        + "</div>"
    )


def aggregation_card(src: Sources) -> str:
    run = src.aggregation()
    if run is None:
        return card("Aggregation", '<p class="empty">No aggregation has run yet.</p>')
    items = run.get("studio_items") or {}
    total = int(items.get("total") or 0)
    done = int(items.get("succeeded", 0)) + int(items.get("failed", 0))
    share = done / total if total else 0.0
    rows = [
        ("Execution", link(f"/executions/{quote(run['name'])}", run["name"])),
        ("Status", badge(run["status"])),
        ("Phase", run["phase"]),
        ("Elapsed", graph.seconds(run["elapsed_s"])),
        ("Studios", f"{done} of {total} done ({items.get('failed', 0)} failed)" if total else NONE),
        ("Scrape jobs waiting", run.get("scrape_jobs_waiting", NONE)),
    ]
    bar = (
        f'<div class="progress" title="studios done"><div style="width:{share * 100:.0f}%">'
        "</div></div>"
    )
    return card("Aggregation", table(["", ""], rows) + bar, extra="aggregation")


def resources(src: Sources) -> str:
    """Resources by service (Lambda, SQS, ...): each kind's count and status, the reason a
    kind is accepted but not emulated, and every resource's ids one click away."""
    deployment = src.deployment()
    if deployment is None:
        return '<p class="empty">Nothing is deployed.</p>'
    by_service: dict[str, dict[str, list[Any]]] = {}
    counts: dict[str, int] = {}
    for entry in deployment.report:
        service = entry.type.split("::")[1] if entry.type.count("::") == 2 else entry.type
        by_service.setdefault(service, {}).setdefault(entry.type, []).append(entry)
        counts[entry.status] = counts.get(entry.status, 0) + 1
    summary = " · ".join(f"{count} {status}" for status, count in sorted(counts.items()))
    cards = []
    for service in sorted(by_service, key=lambda s: (_kind_rank(s), s)):
        kinds = by_service[service]
        rows = []
        every = []
        for kind, entries in sorted(kinds.items()):
            statuses: dict[str, int] = {}
            for entry in entries:
                statuses[entry.status] = statuses.get(entry.status, 0) + 1
            reasons = sorted({e.detail for e in entries if e.status != "created" and e.detail})
            rows.append(
                (
                    kind.rsplit("::", 1)[-1],
                    len(entries),
                    Raw(
                        " ".join(
                            badge(st) + (f" {n}" if len(statuses) > 1 else "")
                            for st, n in sorted(statuses.items())
                        )
                    ),
                    "; ".join(reasons),
                )
            )
            for entry in entries:
                deployed = deployment.resources.get(entry.stack, {}).get(entry.logical_id)
                physical = getattr(deployed, "physical_id", "") if deployed else ""
                every.append((kind.rsplit("::", 1)[-1], entry.logical_id, physical))
        total = sum(len(e) for e in kinds.values())
        cards.append(
            f'<section class="card"><h2>{h(service)} <span class="count">{total}</span></h2>'
            + table(["Kind", "", "Status", "Not emulated because"], rows, numeric={1})
            + f'<details id="resources-{h(service)}"><summary>{total} resource'
            f"{'s' if total > 1 else ''}</summary>"
            + table(["Kind", "Logical id", "Physical id"], every)
            + "</details></section>"
        )
    not_emulated = [
        (f"{e.stack}/{e.logical_id}", e.type, e.detail) for e in deployment.properties_not_emulated
    ]
    extra = (
        card(
            "Properties accepted, not emulated",
            table(["Resource", "Property", "Why"], not_emulated),
        )
        if not_emulated
        else ""
    )
    return (
        f'<p class="lead">{h(len(deployment.report))} resources from the synthesized template: '
        f"{h(summary)}. <em>accepted</em>: accepted, not emulated.</p>"
        + extra
        + f'<div class="grid">{"".join(cards)}</div>'
    )


def _kind_rank(service: str) -> int:
    order = (
        "Lambda",
        "StepFunctions",
        "SQS",
        "DynamoDB",
        "OpenSearch",
        "ApiGatewayV2",
        "Events",
        "ECS",
        "SNS",
        "Logs",
    )
    for i, key in enumerate(order):
        if key == service:
            return i
    return len(order)


def functions(src: Sources) -> str:
    rows = []
    for f in src.functions():
        s = f.stats
        rows.append(
            (
                link(f"/functions/{quote(f.short)}", f.short),
                s["invocations"],
                Raw(f'<span class="{"bad" if s["errors"] else ""}">{s["errors"]}</span>'),
                s["throttles"],
                s["cold_starts"],
                s["timeouts"],
                ms(f.p50_ms),
                ms(f.p95_ms),
                f.containers,
                f"{f.memory_mb} MB / {f.timeout_s:g} s",
            )
        )
    summary = table(
        [
            "Function",
            "Invocations",
            "Errors",
            "Throttles",
            "Cold starts",
            "Timeouts",
            "p50",
            "p95",
            "Containers",
            "Memory / timeout",
        ],
        rows,
        numeric={1, 2, 3, 4, 5, 6, 7, 8},
    )
    tasks = table(
        ["Task", "Container", "Status", "Started", "Stopped", "Exit", "Started by", "Reason"],
        [
            (
                t["id"][:12],
                t["container"],
                badge(t["status"]),
                when(t["started"]),
                when(t["stopped"]),
                t["exit_code"] if t["exit_code"] is not None else NONE,
                t["started_by"],
                t["reason"],
            )
            for t in src.ecs_tasks()[-30:]
        ],
        empty="No ECS task has run.",
    )
    return card(
        "Lambda functions",
        summary + '<p class="note">Durations are the REPORT lines in each function\'s CloudWatch '
        "Logs group (the last 2,000 invocations).</p>",
    ) + card("ECS tasks (local processes)", tasks)


def function(src: Sources, short: str) -> str:
    found = next((f for f in src.functions() if short in (f.short, f.name)), None)
    if found is None:
        raise NotFound(f"no function {short!r}")
    s = found.stats
    facts = table(
        ["", ""],
        [
            ("Name", found.name),
            ("Log group", found.log_group),
            (
                "Invocations",
                f"{s['invocations']:,} ({s['cold_starts']} cold, {s['warm_starts']} warm)",
            ),
            (
                "Errors / throttles / timeouts / out of memory",
                f"{s['errors']} / {s['throttles']} / {s['timeouts']} / {s['out_of_memory']}",
            ),
            (
                "Duration p50 / p95",
                f"{ms(found.p50_ms)} / {ms(found.p95_ms)} ({found.samples} samples)",
            ),
            ("Containers now", found.containers),
            (
                "Memory, timeout, reserved concurrency",
                f"{found.memory_mb} MB, {found.timeout_s:g} s, "
                f"{'none' if found.reserved is None else found.reserved}",
            ),
        ],
    )
    lines = "\n".join(f"{when(at)}  {line}" for at, line in found.log_lines)
    log = (
        f'<pre class="log" data-follow="bottom">{h(lines)}</pre>'
        if lines
        else '<p class="empty">No log lines yet.</p>'
    )
    return (
        f'<p class="crumbs">{link("/functions", "Functions")} / {h(found.short)}</p>'
        + card(found.short, facts)
        + card(f"Log tail (last {len(found.log_lines)} lines)", log)
    )


def executions(src: Sources) -> str:
    rows = [
        (
            link(f"/executions/{quote(e['name'])}", e["name"]),
            e["machine"],
            badge(e["status"]),
            when(e["started"]),
            graph.seconds((e["stopped"] or time.time()) - e["started"]),
        )
        for e in src.executions()[:50]
    ]
    return aggregation_card(src) + card(
        "Executions",
        table(
            ["Name", "State machine", "Status", "Started", "Duration"],
            rows,
            numeric={4},
            empty="No execution yet.",
        ),
    )


def execution(src: Sources, name: str) -> str:
    detail = src.execution(name)
    if detail is None:
        raise NotFound(f"no execution {name!r}")
    described = detail["described"]
    status = str(described.get("status"))
    map_items = _map_items(detail)
    runs = graph.state_runs(
        detail["definition"], detail["events"], map_items, execution_running=status == "RUNNING"
    )
    started = float(described.get("startDate") or 0)
    stopped = float(described.get("stopDate") or 0)
    facts = [
        ("Status", badge(status)),
        ("Started", when(started)),
        ("Duration", graph.seconds((stopped or time.time()) - started) if started else NONE),
        ("History events", len(detail["events"])),
    ]
    if described.get("error"):
        facts.append(("Error", f"{described['error']}: {described.get('cause', '')}"[:500]))
    timings = [
        (
            name,
            badge(run.status),
            run.entered,
            run.failures,
            graph.seconds(run.durations_s[0])
            if len(run.durations_s) == 1
            else (
                f"p50 {graph.seconds(sorted(run.durations_s)[len(run.durations_s) // 2])}, "
                f"max {graph.seconds(max(run.durations_s))}"
                if run.durations_s
                else NONE
            ),
        )
        for name, run in runs.items()
        if run.entered
    ]
    output = described.get("output")
    output_html = card("Output", f'<pre class="json">{h(_pretty(output))}</pre>') if output else ""
    return (
        f'<p class="crumbs">{link("/executions", "Executions")} / {h(name)}</p>'
        + '<div class="columns">'
        + card("Execution", table(["", ""], facts))
        + card("Map runs", _map_runs_table(detail["map_runs"], runs))
        + "</div>"
        + card("Graph", f'<div class="graph-wrap">{graph.draw(detail["definition"], runs)}</div>')
        + card(
            "States",
            table(["State", "Status", "Entered", "Errors", "Took"], timings, numeric={2, 3}),
        )
        + output_html
    )


def _map_items(detail: dict[str, Any]) -> dict[str, dict[str, int]]:
    """Map Run item counts by the Map state that started each run (from the history)."""
    by_arn = {run["mapRunArn"]: run.get("itemCounts", {}) for run in detail["map_runs"]}
    found: dict[str, dict[str, int]] = {}
    entered = ""
    for event in detail["events"]:
        name = (event.get("stateEnteredEventDetails") or {}).get("name")
        if event.get("type") == "MapStateEntered" and name:
            entered = name
        arn = (event.get("mapRunStartedEventDetails") or {}).get("mapRunArn")
        if arn in by_arn and entered:
            found[entered] = by_arn[arn]
    return found


def _map_runs_table(map_runs: list[dict[str, Any]], runs: dict[str, graph.StateRun]) -> str:
    rows = []
    for name, run in runs.items():
        if run.items:
            items = run.items
            rows.append(
                (
                    name,
                    "distributed" if run.distributed else "inline",
                    items.get("total", 0),
                    items.get("succeeded", 0),
                    items.get("failed", 0),
                    items.get("running", 0),
                    items.get("pending", 0),
                )
            )
    return table(
        ["Map", "Mode", "Items", "Succeeded", "Failed", "Running", "Pending"],
        rows,
        numeric={2, 3, 4, 5, 6},
        empty="No Map has started.",
    )


def _pretty(text: Any) -> str:
    try:
        return json.dumps(json.loads(str(text)), indent=2)[:20_000]
    except ValueError:
        return str(text)[:20_000]


def queues(src: Sources) -> str:
    rows = []
    for q in src.queues():
        role = (
            f"dead-letter queue of {q['source_queue']}"
            if q["source_queue"]
            else (
                f"→ {q['dead_letter_queue']} after {q['max_receives']} receives"
                if q["dead_letter_queue"]
                else ""
            )
        )
        depth = Raw(
            f'<span class="{"bad" if q["source_queue"] and q["visible"] else ""}">'
            f"{q['visible']}</span>"
        )
        rows.append(
            (
                link(f"/queues/{quote(q['name'])}", q["name"]),
                depth,
                q["in_flight"],
                q["delayed"],
                f"{q['visibility_timeout_s']} s",
                role,
            )
        )
    return card(
        "Queues",
        table(
            ["Queue", "Visible", "In flight", "Delayed", "Visibility", "Redrive"],
            rows,
            numeric={1, 2, 3},
        )
        + '<p class="note">Counts and messages are read from moto\'s memory in this process: '
        "looking never receives a message, so nothing is hidden from its consumer or moved "
        "nearer to a dead-letter queue.</p>",
    )


def queue(src: Sources, name: str) -> str:
    known = next((q for q in src.queues() if q["name"] == name), None)
    if known is None:
        raise NotFound(f"no queue {name!r}")
    try:
        messages = src.peek(name)
    except KeyError as error:
        raise NotFound(f"no queue {name!r}") from error
    blocks = "".join(
        f'<div class="message"><div class="meta">{h(m["id"])} · sent {h(when(m["sent"]))} · '
        f"received {h(m['receives'])}\u00d7 · {'in flight' if m['in_flight'] else 'visible'}</div>"
        f'<pre class="json">{h(m["body"][:8000])}</pre></div>'
        for m in messages
    )
    return f'<p class="crumbs">{link("/queues", "Queues")} / {h(name)}</p>' + card(
        f"{name}: {known['visible']} visible, {known['in_flight']} in flight",
        (blocks or '<p class="empty">The queue is empty.</p>')
        + f'<p class="note">The first {len(messages)} messages, peeked without receiving '
        "them.</p>",
    )


def data(src: Sources) -> str:
    search = src.search()
    if "error" in search:
        search_html = f'<p class="bad">Search unreachable: {h(search["error"])}</p>'
    else:
        health = search["health"]
        aliases = {a.get("index"): a.get("alias") for a in search.get("aliases", [])}
        search_html = (
            f"<p>Cluster <strong>{h(health.get('cluster_name'))}</strong>: "
            f"{badge(str(health.get('status', '?')))} · {h(health.get('number_of_nodes'))} node, "
            f"{h(health.get('active_shards'))} active shards, "
            f"{h(health.get('unassigned_shards'))} unassigned</p>"
            + table(
                ["Index", "Alias", "Health", "Documents", "Deleted", "Size"],
                [
                    (
                        i.get("index"),
                        aliases.get(i.get("index"), ""),
                        badge(str(i.get("health"))),
                        f"{int(i.get('docs.count') or 0):,}",
                        f"{int(i.get('docs.deleted') or 0):,}",
                        _bytes(i.get("store.size")),
                    )
                    for i in search["indices"]
                ],
                numeric={3, 4, 5},
            )
        )
    tables = []
    for t in src.tables():
        by_type = t["by_type"]
        chart = plots.bars(by_type, unit="items", title="items by type") if by_type else ""
        tables.append(
            card(
                f"{t['name']}: {t['items']:,} items",
                '<div class="columns">'
                + table(
                    ["Type", "Items"],
                    sorted(by_type.items()),
                    numeric={1},
                    empty="The table is empty.",
                )
                + chart
                + "</div>",
            )
        )
    return (
        card("Search index", search_html)
        + "".join(tables)
        + '<p class="note">Items are counted by their <code>type</code> in moto\'s memory (no '
        "Scan), at most every few seconds.</p>"
    )


def _bytes(value: Any) -> str:
    try:
        size = float(value)
    except (TypeError, ValueError):
        return NONE
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024:
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} TB"


def faults(src: Sources) -> str:
    from emulation.faults import KNOWN_FAULTS

    active = src.faults()
    rows = [
        (
            name,
            badge("on" if name in active else "off"),
            json.dumps(active[name]) if name in active else "",
        )
        for name in sorted(KNOWN_FAULTS)
    ]
    return card(
        "Faults",
        table(["Fault", "State", "Parameters"], rows)
        + '<p class="note">Switched by the reliability tests and <code>nox -s chaos</code> '
        "through <code>emulation.faults.Faults</code>; shared with other processes in "
        f"<code>{h(getattr(src.cloud.faults, 'state_file', ''))}</code>.</p>",
    )


PAGES: dict[str, Callable[[Sources], str]] = {
    "/": overview,
    "/resources": resources,
    "/functions": functions,
    "/executions": executions,
    "/queues": queues,
    "/data": data,
    "/faults": faults,
    "/results": results,
}
DETAIL_PAGES: dict[str, Callable[[Sources, str], str]] = {
    "/functions/": function,
    "/executions/": execution,
    "/queues/": queue,
}
