"""An execution drawn as the Step Functions console draws it: the state machine's ASL laid out
top to bottom as SVG, each state coloured by what the execution's history says happened to it.

    runs = state_runs(definition, events, map_items)   # status, counts, timings per state
    svg = draw(definition, runs)

`events` are GetExecutionHistory events (AWS's shape, `timestamp` as epoch seconds). A state's
own events are found by walking `previousEventId` back to the state's `...StateEntered` event,
so the iterations of an inline Map, which interleave, are told apart.

Layout: the success path (StartAt, then each state's Next) is a straight spine; every other
state sits to its right in the row of its layer (the longest path to it from StartAt over
forward edges), so a Catch handler appears beside the state it catches for. An edge that skips
rows runs down a lane right of the graph. A Map is a box holding its ItemProcessor's graph,
laid out the same way; a Distributed Map's items run as child executions, so its inner states
are drawn without status and the box shows the Map Run's item counts instead.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from html import escape
from typing import Any

NOT_RUN, RUNNING, SUCCEEDED, FAILED, CAUGHT, ELSEWHERE = (
    "not-run",
    "running",
    "succeeded",
    "failed",
    "caught",
    "elsewhere",
)
# (fill, stroke) per status, after the Step Functions console's palette.
COLOURS = {
    NOT_RUN: ("#f2f3f3", "#879596"),
    RUNNING: ("#d1e9ff", "#0972d3"),
    SUCCEEDED: ("#d7f5dc", "#1d8102"),
    FAILED: ("#ffe1e1", "#d91515"),
    CAUGHT: ("#ffe9cf", "#ec7211"),
    ELSEWHERE: ("#ffffff", "#aab7b8"),
}
LABELS = {
    SUCCEEDED: "Succeeded",
    RUNNING: "In progress",
    FAILED: "Failed",
    CAUGHT: "Caught error",
    NOT_RUN: "Not run",
    ELSEWHERE: "In child executions",
}
NODE_H = 46
ROW_GAP = 30
COL_GAP = 48
PAD = 16
MAP_HEADER = 46
LANE_GAP = 12
CHAR_W = 7.2


@dataclass
class StateRun:
    """What an execution did with one state (all entries of it, for a state inside a Map)."""

    status: str = NOT_RUN
    entered: int = 0
    exited: int = 0
    failures: int = 0
    durations_s: list[float] = field(default_factory=list)
    first_entered: float | None = None
    last_exited: float | None = None
    items: dict[str, int] | None = None  # a Map's item counts
    distributed: bool = False

    @property
    def caption(self) -> str:
        parts: list[str] = []
        if self.entered > 1:
            parts.append(f"{self.entered}\u00d7")  # "12x": entered twelve times
        if self.durations_s:
            if len(self.durations_s) == 1:
                parts.append(seconds(self.durations_s[0]))
            else:
                parts.append(f"p50 {seconds(statistics.median(self.durations_s))}")
        elif self.status == RUNNING:
            parts.append("running")
        if self.failures:
            parts.append(f"{self.failures} error{'s' if self.failures > 1 else ''}")
        return " · ".join(parts)


def seconds(value: float) -> str:
    if value < 1:
        return f"{value * 1000:.0f} ms"
    if value < 120:
        return f"{value:.1f} s"
    return f"{value / 60:.1f} min"


# --- what happened ----------------------------------------------------------------------------


def _details(event: dict[str, Any], suffix: str) -> dict[str, Any]:
    for key, value in event.items():
        if key.endswith(suffix) and isinstance(value, dict):
            return value
    return {}


def _walk_states(definition: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every state of the definition, inner ones included, by name."""
    found: dict[str, dict[str, Any]] = {}
    for name, state in definition.get("States", {}).items():
        found[name] = state
        for inner in _inner_definitions(state):
            found.update(_walk_states(inner))
    return found


def _inner_definitions(state: dict[str, Any]) -> list[dict[str, Any]]:
    inner = [state[key] for key in ("ItemProcessor", "Iterator") if key in state]
    return inner + list(state.get("Branches", []))


def _is_distributed(state: dict[str, Any]) -> bool:
    config = state.get("ItemProcessor", {}).get("ProcessorConfig", {})
    return bool(config.get("Mode") == "DISTRIBUTED")


def state_runs(
    definition: dict[str, Any],
    events: list[dict[str, Any]],
    map_items: dict[str, dict[str, int]] | None = None,
    *,
    execution_running: bool = False,
) -> dict[str, StateRun]:
    """Each state's run from the history; `map_items` are Map Run item counts by Map state."""
    states = _walk_states(definition)
    runs = {name: StateRun() for name in states}
    by_id = {int(e["id"]): e for e in events}
    entered_by_id: dict[int, tuple[str, float]] = {}

    def owner(event: dict[str, Any], name: str | None = None) -> int | None:
        """The id of the Entered event this event belongs to (of state `name` when given)."""
        seen = 0
        current: dict[str, Any] | None = event
        while current is not None and seen < 100_000:
            seen += 1
            previous = int(current.get("previousEventId") or 0)
            current = by_id.get(previous)
            if current is None:
                return None
            if previous in entered_by_id and (name is None or entered_by_id[previous][0] == name):
                return previous
        return None

    open_entries: dict[int, str] = {}
    failed_entries: set[int] = set()
    for event in sorted(events, key=lambda e: int(e["id"])):
        kind = str(event.get("type", ""))
        when = float(event.get("timestamp") or 0.0)
        entered = event.get("stateEnteredEventDetails")
        exited = event.get("stateExitedEventDetails")
        if entered and entered.get("name") in runs:
            name = entered["name"]
            entered_by_id[int(event["id"])] = (name, when)
            open_entries[int(event["id"])] = name
            run = runs[name]
            run.entered += 1
            run.first_entered = when if run.first_entered is None else run.first_entered
            if kind == "FailStateEntered":
                failed_entries.add(int(event["id"]))
                run.failures += 1
        elif exited and exited.get("name") in runs:
            name = exited["name"]
            run = runs[name]
            run.exited += 1
            run.last_exited = when
            start = owner(event, name)
            if start is not None:
                open_entries.pop(start, None)
                run.durations_s.append(max(0.0, when - entered_by_id[start][1]))
        elif kind.endswith("Failed") and kind not in ("ExecutionFailed", "MapIterationFailed"):
            start = owner(event)
            if start is not None and start not in failed_entries:
                failed_entries.add(start)
                runs[entered_by_id[start][0]].failures += 1
        elif kind == "MapRunStarted":
            start = owner(event)
            if start is not None:
                runs[entered_by_id[start][0]].distributed = True
        elif kind.startswith("MapIteration"):
            name = _details(event, "EventDetails").get("name")
            if name in runs:
                items = runs[name].items or {"total": 0}
                verb = kind.removeprefix("MapIteration").lower()
                items[verb] = items.get(verb, 0) + 1
                runs[name].items = items
        elif kind == "MapStateStarted":
            start = owner(event)
            if start is not None:
                length = int(_details(event, "EventDetails").get("length", 0))
                run = runs[entered_by_id[start][0]]
                run.items = {**(run.items or {}), "total": length}

    for run in runs.values():
        if run.items and "started" in run.items:  # an inline Map: running = started - ended
            ended = sum(run.items.get(k, 0) for k in ("succeeded", "failed", "aborted"))
            run.items["running"] = max(0, run.items.pop("started") - ended)
    entered_names = {name for name, _ in entered_by_id.values()}
    for name, run in runs.items():
        state = states[name]
        if run.entered == 0:
            continue
        still_open = any(n == name for n in open_entries.values())
        failed_open = any(entered_by_id[i][0] == name for i in failed_entries if i in open_entries)
        if state.get("Type") == "Fail" or failed_open:
            run.status = FAILED
        elif still_open and execution_running:
            run.status = RUNNING
        elif still_open:
            run.status = FAILED  # the execution ended while this state was in it
        elif run.failures:
            catchers = {c.get("Next") for c in state.get("Catch", [])}
            run.status = CAUGHT if catchers & entered_names else SUCCEEDED
        else:
            run.status = SUCCEEDED
    for name, state in states.items():
        if state.get("Type") == "Map" and _is_distributed(state):
            runs[name].distributed = True
            if map_items and name in map_items:
                runs[name].items = dict(map_items[name])
            for inner in _inner_definitions(state):
                for inner_name in _walk_states(inner):
                    if runs[inner_name].entered == 0:
                        runs[inner_name].status = ELSEWHERE
    return runs


# --- layout -----------------------------------------------------------------------------------


@dataclass
class Box:
    name: str
    state: dict[str, Any]
    w: float
    h: float
    x: float = 0.0
    y: float = 0.0
    row: int = 0
    spine: bool = False
    inner: Layout | None = None


@dataclass
class Edge:
    source: str
    target: str
    catch: bool


@dataclass
class Layout:
    boxes: dict[str, Box]
    edges: list[Edge]
    w: float
    h: float


def _targets(state: dict[str, Any]) -> list[tuple[str, bool]]:
    targets = [(state["Next"], False)] if state.get("Next") else []
    targets += [(c["Next"], False) for c in state.get("Choices", []) if c.get("Next")]
    if state.get("Default"):
        targets.append((state["Default"], False))
    targets += [(c["Next"], True) for c in state.get("Catch", []) if c.get("Next")]
    seen: set[str] = set()
    unique = []
    for target, catch in targets:
        if target not in seen:
            seen.add(target)
            unique.append((target, catch))
    return unique


def _layers(states: dict[str, Any], start: str) -> dict[str, int]:
    """Longest path from `start` over forward edges (back edges of loops are ignored)."""
    order: list[str] = []
    forward: dict[str, list[str]] = {name: [] for name in states}
    state_of: dict[str, int] = {}  # 1 on the DFS stack, 2 done

    def visit(name: str) -> None:
        stack = [(name, iter(_targets(states[name])))]
        state_of[name] = 1
        while stack:
            node, children = stack[-1]
            for target, _ in children:
                if target not in states or state_of.get(target) == 1:
                    continue  # unknown or a back edge
                forward[node].append(target)
                if target not in state_of:
                    state_of[target] = 1
                    stack.append((target, iter(_targets(states[target]))))
                    break
            else:
                stack.pop()
                state_of[node] = 2
                order.append(node)

    if start in states:
        visit(start)
    for name in states:  # unreachable states still get drawn
        if name not in state_of:
            visit(name)
    layer = {name: 0 for name in states}
    for node in reversed(order):  # reverse post-order is a topological order
        for target in forward[node]:
            layer[target] = max(layer[target], layer[node] + 1)
    return layer


def layout(definition: dict[str, Any]) -> Layout:
    states: dict[str, Any] = definition.get("States", {})
    start = str(definition.get("StartAt", next(iter(states), "")))
    boxes: dict[str, Box] = {}
    for name, state in states.items():
        inner_definitions = _inner_definitions(state)
        if inner_definitions:
            inner = layout(inner_definitions[0])
            width = max(inner.w + 2 * PAD, _text_width(name) + 40, 240.0)
            boxes[name] = Box(name, state, width, inner.h + MAP_HEADER + PAD, inner=inner)
        else:
            boxes[name] = Box(name, state, _text_width(name), NODE_H)
    spine: list[str] = []
    current: str | None = start
    while current in states and current not in spine:
        spine.append(current)
        state = states[current]
        current = state.get("Next") or state.get("Default")
    layers = _layers(states, start)
    rows: dict[int, list[str]] = {}
    for name in states:  # declaration order within a row
        rows.setdefault(layers[name], []).append(name)
    spine_half = max((boxes[n].w / 2 for n in spine), default=0.0)
    centre = PAD + spine_half
    side_x = centre + spine_half + COL_GAP if spine else PAD
    y = float(PAD)
    right = centre + spine_half
    for row in sorted(rows):
        names = rows[row]
        height = max(boxes[n].h for n in names)
        x = side_x
        for name in names:
            box = boxes[name]
            box.row = row
            box.y = y
            if name in spine:
                box.spine = True
                box.x = centre - box.w / 2
            else:
                box.x = x
                x += box.w + COL_GAP / 2
            right = max(right, box.x + box.w)
        y += height + ROW_GAP
    edges = [
        Edge(name, target, catch)
        for name, state in states.items()
        for target, catch in _targets(state)
        if target in boxes
    ]
    lanes = sorted({e.target for e in edges if _uses_lane(boxes, e)})
    width = right + PAD + (len(lanes) * LANE_GAP + LANE_GAP if lanes else 0)
    return Layout(boxes, edges, width, y - ROW_GAP + PAD)


def _text_width(name: str) -> float:
    return min(max(len(name) * CHAR_W + 32, 150.0), 280.0)


def _uses_lane(boxes: dict[str, Box], edge: Edge) -> bool:
    source, target = boxes[edge.source], boxes[edge.target]
    return target.row - source.row > 1 or target.row <= source.row


# --- drawing ----------------------------------------------------------------------------------


def draw(definition: dict[str, Any], runs: dict[str, StateRun] | None = None) -> str:
    """The whole graph as one <svg> element (with a legend above it)."""
    graph = layout(definition)
    runs = runs or {}
    body = _draw_layout(graph, runs, 0.0, 0.0)
    legend = _legend()
    height = graph.h + 34
    return (
        f'<svg class="graph" xmlns="http://www.w3.org/2000/svg" width="{graph.w:.0f}" '
        f'height="{height:.0f}" viewBox="0 0 {graph.w:.0f} {height:.0f}" role="img" '
        f'aria-label="execution graph">'
        "<defs>"
        '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#687078"/></marker>'
        "</defs>"
        f"{legend}<g transform='translate(0,34)'>{body}</g></svg>"
    )


def _legend() -> str:
    parts = []
    x = float(PAD)
    for status in (SUCCEEDED, RUNNING, FAILED, CAUGHT, NOT_RUN, ELSEWHERE):
        fill, stroke = COLOURS[status]
        parts.append(
            f'<rect x="{x}" y="10" width="14" height="14" rx="3" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="1.5"/>'
            f'<text x="{x + 20}" y="21" class="legend">{LABELS[status]}</text>'
        )
        x += 34 + len(LABELS[status]) * 6.5
    return "".join(parts)


def _draw_layout(graph: Layout, runs: dict[str, StateRun], ox: float, oy: float) -> str:
    out: list[str] = []
    lanes = sorted({e.target for e in graph.edges if _uses_lane(graph.boxes, e)})
    lane_x = {
        target: ox + graph.w - PAD - (len(lanes) - i) * LANE_GAP for i, target in enumerate(lanes)
    }
    for edge in graph.edges:
        out.append(_draw_edge(graph.boxes, edge, ox, oy, lane_x.get(edge.target)))
    for box in graph.boxes.values():
        out.append(_draw_box(box, runs.get(box.name) or StateRun(), runs, ox, oy))
    return "".join(out)


def _draw_edge(boxes: dict[str, Box], edge: Edge, ox: float, oy: float, lane: float | None) -> str:
    s, t = boxes[edge.source], boxes[edge.target]
    style = ' stroke-dasharray="5 4"' if edge.catch else ""
    if lane is not None and _uses_lane(boxes, edge):
        sx, sy = ox + s.x + s.w, oy + s.y + min(s.h, NODE_H) / 2
        tx, ty = ox + t.x + t.w, oy + t.y + min(t.h, NODE_H) / 2
        path = f"M{sx:.1f},{sy:.1f} H{lane:.1f} V{ty:.1f} H{tx + 2:.1f}"
    elif s.spine and t.spine:
        x = ox + s.x + s.w / 2
        path = f"M{x:.1f},{oy + s.y + s.h:.1f} V{oy + t.y - 2:.1f}"
    elif s.spine:  # from the spine out to a state on the side: leave by the right edge,
        # near the bottom of a tall Map so the edge does not cross the states beside it
        sx, sy = ox + s.x + s.w, oy + s.y + s.h - min(s.h, NODE_H) / 2
        tx, ty = ox + t.x + t.w / 2, oy + t.y - 2
        path = f"M{sx:.1f},{sy:.1f} C{tx:.1f},{sy:.1f} {tx:.1f},{sy:.1f} {tx:.1f},{ty:.1f}"
    else:
        sx, sy = ox + s.x + s.w / 2, oy + s.y + s.h
        tx, ty = ox + t.x + t.w / 2, oy + t.y - 2
        mid = (sy + ty) / 2
        path = f"M{sx:.1f},{sy:.1f} C{sx:.1f},{mid:.1f} {tx:.1f},{mid:.1f} {tx:.1f},{ty:.1f}"
    return (
        f'<path d="{path}" fill="none" stroke="#687078" stroke-width="1.3"{style} '
        'marker-end="url(#arrow)"/>'
    )


def _draw_box(box: Box, run: StateRun, runs: dict[str, StateRun], ox: float, oy: float) -> str:
    fill, stroke = COLOURS[run.status]
    x, y = ox + box.x, oy + box.y
    kind = str(box.state.get("Type", ""))
    title = escape(
        f"{box.name} ({kind}): {LABELS[run.status]}; entered {run.entered}, exited "
        f"{run.exited}, errors {run.failures}"
    )
    status = escape(run.status)
    if box.inner is not None:
        mode = "Distributed Map" if run.distributed else kind
        caption = _items_caption(run)
        return (
            f'<g class="state map" data-state="{escape(box.name)}" data-status="{status}">'
            f"<title>{title}</title>"
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{box.w:.1f}" height="{box.h:.1f}" rx="8" '
            f'fill="{fill}" fill-opacity="0.35" stroke="{stroke}" stroke-width="2" '
            f'stroke-dasharray="7 4"/>'
            f'<text x="{x + PAD:.1f}" y="{y + 19:.1f}" class="name">{escape(box.name)}'
            f'<tspan class="kind" dx="8">{escape(mode)}</tspan></text>'
            f'<text x="{x + PAD:.1f}" y="{y + 36:.1f}" class="caption">'
            f"{escape(caption)}</text>"
            f"{_items_bar(run, x + box.w - PAD - 120, y + 10)}"
            "</g>" + _draw_layout(box.inner, runs, x + PAD, y + MAP_HEADER)
        )
    caption = run.caption or kind
    return (
        f'<g class="state" data-state="{escape(box.name)}" data-status="{status}">'
        f"<title>{title}</title>"
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{box.w:.1f}" height="{box.h:.1f}" rx="6" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="1.6"/>'
        f'<text x="{x + box.w / 2:.1f}" y="{y + 19:.1f}" class="name" '
        f'text-anchor="middle">{escape(box.name)}</text>'
        f'<text x="{x + box.w / 2:.1f}" y="{y + 36:.1f}" class="caption" '
        f'text-anchor="middle">{escape(caption)}</text></g>'
    )


def _items_caption(run: StateRun) -> str:
    items = run.items or {}
    if not items:
        return run.caption or "no items yet"
    total = items.get("total", 0)
    parts = [f"{total} items"]
    for key in ("succeeded", "failed", "running", "pending", "aborted", "timedOut"):
        if items.get(key):
            parts.append(f"{items[key]} {key}")
    if run.durations_s:
        parts.append(seconds(max(run.durations_s)))
    return " · ".join(parts)


def _items_bar(run: StateRun, x: float, y: float) -> str:
    """A stacked bar of the Map's items: succeeded, failed, running, the rest pending."""
    items = run.items or {}
    total = max(int(items.get("total", 0)), 1)
    width, height = 120.0, 10.0
    parts = [
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{width}" height="{height}" rx="3" '
        f'fill="#eaeded" stroke="#aab7b8" stroke-width="0.8"/>'
    ]
    offset = 0.0
    for key, colour in (
        ("succeeded", COLOURS[SUCCEEDED][1]),
        ("failed", COLOURS[FAILED][1]),
        ("running", COLOURS[RUNNING][1]),
    ):
        share = width * min(int(items.get(key, 0)), total) / total
        if share > 0:
            parts.append(
                f'<rect x="{x + offset:.1f}" y="{y:.1f}" width="{share:.1f}" '
                f'height="{height}" fill="{colour}"/>'
            )
            offset += share
    return "".join(parts)
