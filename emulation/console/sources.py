"""What the console shows, read from the running local cloud without disturbing it.

The console runs in the cloud's own process, so it reads moto's backends in memory instead of
calling the AWS APIs: a look at a queue's message must not receive it (ReceiveMessage would hide
it from its consumer for the visibility timeout and count a receive towards the DLQ), and counting
a table's items by type must not cost a Scan (moto's Scan over 20,000 items takes seconds of the
same CPU that serves the API). Everything read here is copied out; nothing is written.
Function counters come from the Lambda runtime, durations and log tails from the function's
CloudWatch Logs group (its REPORT lines), the search index from OpenSearch's own _cat and
_cluster APIs, through the same fault proxy the functions use.

Every reading is cached: a source is read again only when its cache is older than the refresh
interval and older than COST_FACTOR times what the last reading cost, so an expensive one (a big
table) is read less often, and the console's share of the CPU stays small whatever the data.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
import urllib.request
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from emulation.aws import ACCOUNT_ID, REGION

T = TypeVar("T")
REFRESH_S = 3.0
COST_FACTOR = 200.0  # a source costing 10 ms is read at most every 2 s
DURATION_SAMPLES = 2000  # the last N REPORT durations of a function, for p50/p95
LOG_TAIL_LINES = 60
PEEK_MESSAGES = 10


class Cache:
    """Values by key, recomputed only when stale (see the module docstring)."""

    def __init__(self, refresh_s: float = REFRESH_S) -> None:
        self.refresh_s = refresh_s
        self._values: dict[str, tuple[float, float, Any]] = {}  # key -> (at, cost, value)
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def get(self, key: str, compute: Callable[[], T], *, refresh_s: float | None = None) -> T:
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:  # one reader computes; the others wait for its value
            now = time.monotonic()
            cached = self._values.get(key)
            if cached is not None:
                at, cost, value = cached
                interval = self.refresh_s if refresh_s is None else refresh_s
                if now - at < max(interval, cost * COST_FACTOR):
                    return value  # type: ignore[no-any-return]
            began = time.monotonic()
            value = compute()
            self._values[key] = (time.monotonic(), time.monotonic() - began, value)
            return value


def _moto_backend(service: str) -> Any:
    """moto's in-memory backend of `service` for the local cloud's account and region."""
    if service == "stepfunctions":  # Step Functions execution on: moto serves the parser backend
        from moto.stepfunctions.parser.models import stepfunctions_parser_backends

        return stepfunctions_parser_backends[ACCOUNT_ID][REGION]
    if service == "sqs":
        from moto.sqs.models import sqs_backends

        return sqs_backends[ACCOUNT_ID][REGION]
    if service == "logs":
        from moto.logs.models import logs_backends

        return logs_backends[ACCOUNT_ID][REGION]
    if service == "dynamodb":
        from moto.dynamodb.models import dynamodb_backends

        return dynamodb_backends[ACCOUNT_ID][REGION]
    raise KeyError(service)


def _epoch(value: Any) -> float:
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, str) and value:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    return 0.0


def _plain(value: Any) -> Any:
    """moto's enums and timestamps as JSON-ready values."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, datetime):
        return value.timestamp()
    enum_value = getattr(value, "value", None)
    return enum_value if isinstance(enum_value, str) else value


def percentile(values: list[float], fraction: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


# --- functions --------------------------------------------------------------------------------


@dataclass
class LogTail:
    """One log group read incrementally: REPORT durations and the last lines."""

    group: str
    read: dict[str, int] = field(default_factory=dict)  # stream -> events read so far
    durations_ms: deque[float] = field(default_factory=lambda: deque(maxlen=DURATION_SAMPLES))
    lines: deque[tuple[float, str]] = field(default_factory=lambda: deque(maxlen=LOG_TAIL_LINES))

    def update(self, logs_backend: Any) -> None:
        group = logs_backend.groups.get(self.group)
        if group is None:
            return
        fresh: list[tuple[int, str]] = []
        for name, stream in list(group.streams.items()):
            start = self.read.get(name, 0)
            events = stream.events[start:]  # moto only appends; a slice copies the new ones
            self.read[name] = start + len(events)
            fresh += [(int(e.timestamp), str(e.message)) for e in events]
        fresh.sort(key=lambda pair: pair[0])
        for timestamp, message in fresh:
            if message.startswith("REPORT RequestId:"):
                with contextlib.suppress(IndexError, ValueError):
                    self.durations_ms.append(float(message.split("Duration: ", 1)[1].split()[0]))
            self.lines.append((timestamp / 1000.0, message))


@dataclass
class FunctionView:
    name: str
    short: str
    memory_mb: int
    timeout_s: float
    reserved: int | None
    log_group: str
    stats: dict[str, int]
    containers: int
    p50_ms: float | None
    p95_ms: float | None
    samples: int
    log_lines: list[tuple[float, str]]


# --- the readings -----------------------------------------------------------------------------


class Sources:
    """Readings of one running LocalCloud (see the module docstring)."""

    def __init__(self, cloud: Any, results_dir: Path, *, refresh_s: float = REFRESH_S) -> None:
        self.cloud = cloud
        self.results_dir = results_dir
        self.cache = Cache(refresh_s)
        self._tails: dict[str, LogTail] = {}
        self._tails_lock = threading.Lock()

    # resources and the deploy report
    def deployment(self) -> Any:
        return self.cloud.deployment

    def endpoints(self) -> dict[str, str]:
        cloud = self.cloud
        return {
            "API": cloud.api_url,
            "AWS endpoint (moto)": cloud.endpoint_url,
            "moto dashboard": f"{cloud.endpoint_url}/moto-api/",
            "OpenSearch": cloud.opensearch_url or "",
            "Logs": str(cloud.log_dir),
        }

    # functions
    def functions(self) -> list[FunctionView]:
        return self.cache.get("functions", self._read_functions)

    def _read_functions(self) -> list[FunctionView]:
        runtime = self.cloud.runtime
        services = self.cloud.function_services()
        logs = _moto_backend("logs")
        views = []
        for name in runtime.functions():
            spec = runtime.spec(name)
            with self._tails_lock:
                tail = self._tails.setdefault(name, LogTail(spec.log_group_name))
                tail.update(logs)
                durations = list(tail.durations_ms)
                lines = list(tail.lines)
            views.append(
                FunctionView(
                    name=name,
                    short=services.get(name, name),
                    memory_mb=spec.memory_mb,
                    timeout_s=spec.timeout_s,
                    reserved=spec.reserved_concurrency,
                    log_group=spec.log_group_name,
                    stats=runtime.stats(name),
                    containers=len(runtime.worker_pids(name)),
                    p50_ms=percentile(durations, 0.5),
                    p95_ms=percentile(durations, 0.95),
                    samples=len(durations),
                    log_lines=lines,
                )
            )
        return sorted(views, key=lambda v: v.short)

    def ecs_tasks(self) -> list[dict[str, Any]]:
        def read() -> list[dict[str, Any]]:
            ecs = self.cloud.ecs
            tasks = ecs.list_tasks() if ecs is not None else []
            return [
                {
                    "id": task.arn.rsplit("/", 1)[-1],
                    "container": task.container_name,
                    "status": task.last_status,
                    "started": task.started_at.timestamp() if task.started_at else None,
                    "stopped": task.stopped_at.timestamp() if task.stopped_at else None,
                    "exit_code": task.exit_code,
                    "reason": task.stopped_reason or "",
                    "started_by": task.started_by or "",
                }
                for task in tasks
            ]

        return self.cache.get("ecs", read)

    # executions
    def executions(self) -> list[dict[str, Any]]:
        """Every execution of the deployed state machines, newest first."""

        def read() -> list[dict[str, Any]]:
            backend = _moto_backend("stepfunctions")
            found = []
            for machine in list(backend.state_machines):
                for execution in list(machine.executions):
                    found.append(
                        {
                            "name": execution.name,
                            "arn": execution.exec_arn,
                            "machine": machine.name,
                            "status": _plain(execution.exec_status),
                            "started": _epoch(execution.start_date),
                            "stopped": _epoch(execution.stop_date),
                        }
                    )
            return sorted(found, key=lambda e: e["started"], reverse=True)

        return self.cache.get("executions", read)

    def execution(self, name: str) -> dict[str, Any] | None:
        """One execution: its description, definition, history events and Map Run counts."""
        summary = next((e for e in self.executions() if e["name"] == name), None)
        if summary is None:
            return None
        finished = summary["status"] != "RUNNING"
        return self.cache.get(
            f"execution:{name}:{summary['status']}",
            lambda: self._read_execution(summary["arn"]),
            refresh_s=3600.0 if finished else None,
        )

    def _read_execution(self, arn: str) -> dict[str, Any]:
        backend = _moto_backend("stepfunctions")
        execution = backend.describe_execution(execution_arn=arn)
        described = _plain(dict(execution.to_describe_output()))
        events = _plain(list(execution.to_history_output().get("events", [])))
        for event in events:
            event["timestamp"] = _epoch(event.get("timestamp"))
        map_runs: list[dict[str, Any]] = []
        env = getattr(execution.exec_worker, "env", None)
        if env is not None:
            map_runs = [_plain(r.describe()) for r in env.map_run_record_pool_manager.get_all()]
        return {
            "described": described,
            "definition": json.loads(execution.state_machine.definition),
            "events": events,
            "map_runs": map_runs,
        }

    def aggregation(self) -> dict[str, Any] | None:
        """The newest aggregation run: its phase, elapsed time, studios done, jobs waiting."""
        executions = [e for e in self.executions() if "aggregation" in e["machine"].lower()]
        if not executions:
            return None
        latest = executions[0]
        detail = self.execution(latest["name"]) or {}
        events = detail.get("events", [])
        top = set(detail.get("definition", {}).get("States", {}))
        phase = "starting"
        for event in events:
            name = (event.get("stateEnteredEventDetails") or {}).get("name")
            if name in top:
                phase = str(name)
        items: dict[str, Any] = {}
        for run in detail.get("map_runs", []):
            items = run.get("itemCounts", {})
        end = latest["stopped"] or time.time()
        return {
            **latest,
            "phase": phase if latest["status"] == "RUNNING" else latest["status"].lower(),
            "elapsed_s": max(0.0, end - latest["started"]),
            "studio_items": items,
            "scrape_jobs_waiting": next(
                (q["visible"] for q in self.queues() if "scrapequeue" in q["name"].lower()), None
            ),
        }

    # queues
    def queues(self) -> list[dict[str, Any]]:
        def read() -> list[dict[str, Any]]:
            backend = _moto_backend("sqs")
            dead_letter_of: dict[str, str] = {}
            views = []
            for name, queue in list(backend.queues.items()):
                messages = list(queue._messages)
                policy = getattr(queue, "redrive_policy", None) or {}
                target = str(policy.get("deadLetterTargetArn", "")).rsplit(":", 1)[-1]
                if target:
                    dead_letter_of[target] = name
                views.append(
                    {
                        "name": name,
                        "visible": sum(1 for m in messages if m.visible and not m.delayed),
                        "in_flight": sum(1 for m in messages if not m.visible),
                        "delayed": sum(1 for m in messages if m.delayed),
                        "dead_letter_queue": target,
                        "max_receives": policy.get("maxReceiveCount"),
                        "visibility_timeout_s": queue.visibility_timeout,
                    }
                )
            for view in views:
                view["source_queue"] = dead_letter_of.get(view["name"], "")
            return sorted(views, key=lambda v: (bool(v["source_queue"]), v["name"]))

        return self.cache.get("queues", read)

    def peek(self, queue_name: str, limit: int = PEEK_MESSAGES) -> list[dict[str, Any]]:
        """The first messages of a queue, read from moto's memory: not received, not hidden,
        their receive counts untouched."""
        backend = _moto_backend("sqs")
        queue = backend.queues.get(queue_name)
        if queue is None:
            raise KeyError(queue_name)
        peeked = []
        for message in list(queue._messages)[:limit]:
            body = str(message.body)
            with contextlib.suppress(ValueError):
                body = json.dumps(json.loads(body), indent=2)
            peeked.append(
                {
                    "id": message.id,
                    "sent": (message.sent_timestamp or 0) / 1000.0,
                    "receives": message.approximate_receive_count,
                    "in_flight": not message.visible,
                    "body": body,
                }
            )
        return peeked

    # data
    def search(self) -> dict[str, Any]:
        def read() -> dict[str, Any]:
            url = self.cloud.opensearch_url
            if not url:
                return {"error": "no OpenSearch node in this cloud"}
            try:
                health = _get_json(f"{url}/_cluster/health")
                indices = _get_json(f"{url}/_cat/indices?format=json&bytes=b")
                aliases = _get_json(f"{url}/_cat/aliases?format=json")
            except Exception as error:  # the search_down fault, or a node still starting
                return {"error": f"{type(error).__name__}: {error}"}
            return {
                "health": health,
                "indices": sorted(
                    (i for i in indices if not str(i.get("index", "")).startswith(".")),
                    key=lambda i: str(i.get("index")),
                ),
                "aliases": aliases,
            }

        return self.cache.get("search", read)

    def tables(self) -> list[dict[str, Any]]:
        """Each table's items counted by their `type` attribute, from moto's memory."""

        def read() -> list[dict[str, Any]]:
            backend = _moto_backend("dynamodb")
            views = []
            for name, table in list(backend.tables.items()):
                counts: Counter[str] = Counter()
                for partition in list(table.items.values()):
                    items = list(partition.values()) if table.range_key_attr else [partition]
                    for item in items:
                        kind = item.attrs.get("type")
                        counts[str(kind.value) if kind is not None else "(no type)"] += 1
                views.append(
                    {
                        "name": name,
                        "items": sum(counts.values()),
                        "by_type": dict(counts.most_common()),
                        "stream": bool(getattr(table, "stream_specification", None)),
                    }
                )
            return views

        return self.cache.get("tables", read)

    # faults
    def faults(self) -> dict[str, dict[str, Any]]:
        faults = self.cloud.faults
        return faults.active() if faults is not None else {}

    # results
    def results(self) -> list[dict[str, Any]]:
        def read() -> list[dict[str, Any]]:
            found = []
            for path in sorted(self.results_dir.glob("*.json")):
                try:
                    document = json.loads(path.read_text(encoding="utf-8"))
                except (OSError, ValueError) as error:
                    document = {"error": f"unreadable: {error}"}
                found.append(
                    {"name": path.stem, "modified": path.stat().st_mtime, "document": document}
                )
            return found

        return self.cache.get("results", read, refresh_s=10.0)


def _get_json(url: str) -> Any:
    # The cloud's own OpenSearch URL on 127.0.0.1 (or the one the user set), never a file: URL.
    with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310  # nosec B310
        return json.loads(response.read())
