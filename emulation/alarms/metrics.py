"""Metrics the way AWS emits them, published into moto's CloudWatch from a background thread.

Callers (the Lambda runtime, the SQS sampler) only append to an in-memory batch; the thread
aggregates each (namespace, metric, dimensions, unit) into one StatisticValues datum per flush,
so the invoke path never waits on CloudWatch.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from emulation.aws import ACCOUNT_ID, REGION, client

log = logging.getLogger(__name__)

# What the local cloud publishes on AWS's behalf: namespace -> (dimension, metric names).
LAMBDA_METRICS = ("Invocations", "Errors", "Throttles", "Duration")
SQS_METRICS = (
    "ApproximateNumberOfMessagesVisible",
    "ApproximateAgeOfOldestMessage",
    "ApproximateNumberOfMessagesNotVisible",
)
STATES_METRICS_NAMES = (
    "ExecutionsSucceeded",
    "ExecutionsFailed",
    "ExecutionsTimedOut",
    "ExecutionsAborted",
)
SERVICE_METRICS: dict[str, tuple[str, tuple[str, ...]]] = {
    "AWS/Lambda": ("FunctionName", LAMBDA_METRICS),
    "AWS/SQS": ("QueueName", SQS_METRICS),
    "AWS/States": ("StateMachineArn", ("ExecutionsStarted", *STATES_METRICS_NAMES)),
}

Key = tuple[str, str, tuple[tuple[str, str], ...], str]


@dataclass
class _Aggregate:
    count: float = 0.0
    total: float = 0.0
    low: float = float("inf")
    high: float = float("-inf")

    def add(self, value: float) -> None:
        self.count += 1
        self.total += value
        self.low = min(self.low, value)
        self.high = max(self.high, value)


@dataclass(frozen=True)
class Datum:
    namespace: str
    name: str
    dimensions: Mapping[str, str]
    value: float
    unit: str = "None"
    at: float = field(default_factory=time.time)


def emf_metrics(line: str) -> list[Datum]:
    """The metrics CloudWatch extracts from one embedded-metric-format log line ([] if none)."""
    start = line.find("{")
    if start < 0 or '"_aws"' not in line:
        return []
    try:
        document = json.loads(line[start:])
        meta = document["_aws"]
        at = float(meta.get("Timestamp", time.time() * 1000)) / 1000.0
        out: list[Datum] = []
        for directive in meta["CloudWatchMetrics"]:
            namespace = directive["Namespace"]
            units = {m["Name"]: m.get("Unit", "None") for m in directive["Metrics"]}
            for dimension_set in directive.get("Dimensions") or [[]]:
                dims = {d: str(document[d]) for d in dimension_set}
                for name, unit in units.items():
                    values = document.get(name)
                    for value in values if isinstance(values, list) else [values]:
                        if isinstance(value, int | float):
                            out.append(Datum(namespace, name, dims, float(value), unit, at))
        return out
    except (ValueError, KeyError, TypeError, AttributeError):
        return []  # not EMF (or malformed): CloudWatch drops it the same way


class MetricPublisher:
    """Collects data points and flushes them to moto's `put_metric_data` every `interval_s`."""

    def __init__(self, endpoint_url: str, interval_s: float = 2.0) -> None:
        self.endpoint_url = endpoint_url
        self.interval_s = interval_s
        self._pending: list[Datum] = []
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()
        self._stop = threading.Event()
        self._samplers: list[Callable[[], Iterable[Datum]]] = []
        self._client: Any = None
        self._thread = threading.Thread(target=self._run, name="metric-publisher", daemon=True)
        self._thread.start()

    def put(self, datum: Datum) -> None:
        with self._lock:
            self._pending.append(datum)

    def lambda_invocation(
        self, function: str, duration_ms: float, *, error: bool, throttled: bool = False
    ) -> None:
        """AWS/Lambda as Lambda reports one invoke (a throttle is not an invocation)."""
        dims = {"FunctionName": function}
        if throttled:
            self.put(Datum("AWS/Lambda", "Throttles", dims, 1.0, "Count"))
            return
        self.put(Datum("AWS/Lambda", "Invocations", dims, 1.0, "Count"))
        self.put(Datum("AWS/Lambda", "Errors", dims, float(error), "Count"))
        self.put(Datum("AWS/Lambda", "Duration", dims, duration_ms, "Milliseconds"))

    def log_lines(self, lines: Iterable[str]) -> None:
        """EMF lines of a function's output become custom metrics, as CloudWatch Logs does."""
        for line in lines:
            for datum in emf_metrics(line):
                self.put(datum)

    def add_sampler(self, sampler: Callable[[], Iterable[Datum]]) -> None:
        """A callable polled once per flush (e.g. the SQS queue gauges)."""
        self._samplers.append(sampler)

    def flush(self) -> None:
        """Sample gauges and publish everything pending now (tests and the evaluator call it)."""
        with self._flush_lock:
            for sampler in list(self._samplers):
                try:
                    for datum in sampler():
                        self.put(datum)
                except Exception:
                    log.warning("metric sampler failed", exc_info=True)
            with self._lock:
                pending, self._pending = self._pending, []
            if pending:
                self._publish(pending)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            try:
                self.flush()
            except Exception:
                log.warning("could not publish metrics to %s", self.endpoint_url, exc_info=True)

    def _publish(self, pending: list[Datum]) -> None:
        # One aggregate per metric and whole second: keeps moto's store small under load.
        groups: dict[tuple[Key, int], _Aggregate] = {}
        for d in pending:
            key = (d.namespace, d.name, tuple(sorted(d.dimensions.items())), d.unit)
            groups.setdefault((key, int(d.at)), _Aggregate()).add(d.value)
        by_namespace: dict[str, list[dict[str, Any]]] = {}
        for ((namespace, name, dims, unit), second), agg in groups.items():
            by_namespace.setdefault(namespace, []).append(
                {
                    "MetricName": name,
                    "Dimensions": [{"Name": k, "Value": v} for k, v in dims],
                    "Timestamp": datetime.fromtimestamp(second, UTC),
                    "StatisticValues": {
                        "SampleCount": agg.count,
                        "Sum": agg.total,
                        "Minimum": agg.low,
                        "Maximum": agg.high,
                    },
                    "Unit": unit,
                }
            )
        if self._client is None:  # one client: building one costs more than a flush's calls
            self._client = client("cloudwatch", self.endpoint_url)
        cloudwatch = self._client
        for namespace, data in by_namespace.items():
            for i in range(0, len(data), 500):  # PutMetricData's limit per call
                cloudwatch.put_metric_data(Namespace=namespace, MetricData=data[i : i + 500])


def sqs_sampler(endpoint_url: str) -> Callable[[], list[Datum]]:
    """AWS/SQS gauges of every queue: visible messages and the age of the oldest one.

    The age needs the messages' sent time, which only the in-process moto backend holds (SQS
    has no side-effect-free peek); against an out-of-process endpoint only the count is sent.
    """
    sqs = client("sqs", endpoint_url)

    def sample() -> list[Datum]:
        out: list[Datum] = []
        now = time.time()
        for url in sqs.list_queues().get("QueueUrls", []):
            name = url.rsplit("/", 1)[-1]
            attrs = sqs.get_queue_attributes(
                QueueUrl=url,
                AttributeNames=[
                    "ApproximateNumberOfMessages",
                    "ApproximateNumberOfMessagesNotVisible",
                ],
            )["Attributes"]
            dims = {"QueueName": name}
            visible = float(attrs.get("ApproximateNumberOfMessages", 0))
            in_flight = float(attrs.get("ApproximateNumberOfMessagesNotVisible", 0))
            out.append(Datum("AWS/SQS", SQS_METRICS[0], dims, visible, "Count", now))
            out.append(Datum("AWS/SQS", SQS_METRICS[2], dims, in_flight, "Count", now))
            age = _oldest_age_s(name, now)
            if age is not None:
                out.append(Datum("AWS/SQS", SQS_METRICS[1], dims, age, "Seconds", now))
        return out

    return sample


def _oldest_age_s(queue_name: str, now: float) -> float | None:
    from moto.sqs.models import sqs_backends

    queue = sqs_backends[ACCOUNT_ID][REGION].queues.get(queue_name)
    if queue is None:
        return None
    sent = [int(m.sent_timestamp or 0) for m in list(queue._messages)]
    sent = [t for t in sent if t]
    return max(0.0, now - min(sent) / 1000.0) if sent else 0.0


STATES_METRICS = dict(
    zip(("SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"), STATES_METRICS_NAMES, strict=True)
)


def states_sampler(endpoint_url: str) -> Callable[[], list[Datum]]:
    """AWS/States execution counts by StateMachineArn: ExecutionsStarted when an execution is
    first seen, Executions{Succeeded,Failed,TimedOut,Aborted} when it ends. Like AWS, nothing
    is sent for a period without such an event (no zeros)."""
    sfn = client("stepfunctions", endpoint_url)
    seen: dict[str, str] = {}  # execution ARN -> last status

    def sample() -> list[Datum]:
        out: list[Datum] = []
        now = time.time()
        for page in sfn.get_paginator("list_state_machines").paginate():
            for machine in page["stateMachines"]:
                dims = {"StateMachineArn": machine["stateMachineArn"]}
                for listed in sfn.get_paginator("list_executions").paginate(
                    stateMachineArn=machine["stateMachineArn"]
                ):
                    for execution in listed["executions"]:
                        arn, status = execution["executionArn"], execution["status"]
                        before = seen.get(arn)
                        if before == status:
                            continue
                        seen[arn] = status
                        if before is None:
                            out.append(
                                Datum("AWS/States", "ExecutionsStarted", dims, 1, "Count", now)
                            )
                        if status in STATES_METRICS:
                            out.append(
                                Datum("AWS/States", STATES_METRICS[status], dims, 1, "Count", now)
                            )
        return out

    return sample
