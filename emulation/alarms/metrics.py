"""Metrics the way AWS emits them, published into moto's CloudWatch from a background thread.

Callers (the Lambda runtime, the API gateway, the stream pollers, the samplers) only append to
an in-memory batch; the thread turns each (namespace, metric, dimensions, unit) and second into
one datum of Values and Counts (CloudWatch's distribution form: the values stay, so percentiles
such as the API's p95 Latency can be computed, and a counter's thousand 1s are one value with
count 1000), so the request and invoke paths never wait on CloudWatch.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple

from emulation.alarms.moto_store import keep_distributions_whole
from emulation.aws import ACCOUNT_ID, REGION, client, in_process_moto

log = logging.getLogger(__name__)

# What the local cloud publishes on AWS's behalf: namespace -> (dimension, metric names).
LAMBDA_METRICS = ("Invocations", "Errors", "Throttles", "Duration", "ConcurrentExecutions")
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
# HTTP APIs' metrics (API Gateway v2 names), by ApiId and by ApiId and Stage.
API_METRICS = ("Count", "4xx", "5xx", "Latency", "IntegrationLatency")
API_DIMENSION_SETS = (("ApiId",), ("ApiId", "Stage"))
# Lambda's metric of a stream event-source mapping's function, by FunctionName.
STREAM_METRICS = ("IteratorAge",)
# Container Insights (on a cluster with containerInsights enabled), by ClusterName, ServiceName.
SERVICE_TASK_METRICS = ("RunningTaskCount", "PendingTaskCount", "DesiredTaskCount")
CONTAINER_INSIGHTS = "ECS/ContainerInsights"
# PutMetricData limits: unique values per datum, data per call.
MAX_VALUES = 150
MAX_DATA = 500

Key = tuple[str, str, tuple[tuple[str, str], ...], str]


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


class ApiRequest(NamedTuple):
    """One request as API Gateway meters it (milliseconds; integration None when no function
    was called: a 404, a throttle, a refused signature). A tuple: made on the request path."""

    api_id: str
    stage: str
    status: int
    latency_ms: float
    integration_ms: float | None
    at: float


Groups = dict[tuple[Key, int], Counter[float]]  # (metric, second) -> value -> count


def _add(groups: Groups, key: Key, second: int, value: float) -> None:
    groups.setdefault((key, second), Counter())[value] += 1


def add_api_requests(groups: Groups, requests: Iterable[ApiRequest]) -> None:
    """An HTTP API's metrics for each request: Count, 4xx and 5xx (0 or 1, so Average is the
    error rate), Latency and IntegrationLatency (whole milliseconds), by ApiId and by ApiId and
    Stage, as API Gateway sends them. Straight into the groups: no object per datum."""
    for request in requests:
        second = int(request.at)
        client_error = float(400 <= request.status < 500)
        server_error = float(request.status >= 500)
        latency = float(round(request.latency_ms))
        by_api = (("ApiId", request.api_id),)
        for dims in (by_api, (*by_api, ("Stage", request.stage))):
            _add(groups, ("AWS/ApiGateway", "Count", dims, "Count"), second, 1.0)
            _add(groups, ("AWS/ApiGateway", "4xx", dims, "Count"), second, client_error)
            _add(groups, ("AWS/ApiGateway", "5xx", dims, "Count"), second, server_error)
            _add(groups, ("AWS/ApiGateway", "Latency", dims, "Milliseconds"), second, latency)
            if request.integration_ms is not None:
                integration = float(round(request.integration_ms))
                key = ("AWS/ApiGateway", "IntegrationLatency", dims, "Milliseconds")
                _add(groups, key, second, integration)


def distributions(
    pending: Iterable[Datum], requests: Iterable[ApiRequest] = ()
) -> list[tuple[str, dict[str, Any]]]:
    """(namespace, PutMetricData member) per metric and whole second: Values with Counts, at
    most MAX_VALUES distinct values a member (a busy second's latencies take several)."""
    groups: Groups = {}
    for d in pending:
        _add(
            groups,
            (d.namespace, d.name, tuple(sorted(d.dimensions.items())), d.unit),
            int(d.at),
            d.value,
        )
    add_api_requests(groups, requests)
    members = []
    for ((namespace, name, dims, unit), second), counts in groups.items():
        pairs = sorted(counts.items())
        for i in range(0, len(pairs), MAX_VALUES):
            chunk = pairs[i : i + MAX_VALUES]
            members.append(
                (
                    namespace,
                    {
                        "MetricName": name,
                        "Dimensions": [{"Name": k, "Value": v} for k, v in dims],
                        "Timestamp": datetime.fromtimestamp(second, UTC),
                        "Values": [value for value, _ in chunk],
                        "Counts": [float(count) for _, count in chunk],
                        "Unit": unit,
                    },
                )
            )
    return members


class MetricPublisher:
    """Collects data points and flushes them to moto's `put_metric_data` every `interval_s`."""

    def __init__(self, endpoint_url: str, interval_s: float = 2.0) -> None:
        self.endpoint_url = endpoint_url
        self.interval_s = interval_s
        keep_distributions_whole()  # moto in this process keeps each Values member as one
        self._pending: list[Datum] = []
        self._requests: deque[ApiRequest] = deque()  # appended lock-free on the request path
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
        self.put(Datum("AWS/Lambda", "Duration", dims, round(duration_ms, 2), "Milliseconds"))

    def api_request(
        self,
        api_id: str,
        stage: str,
        status: int,
        latency_ms: float,
        integration_ms: float | None,
    ) -> None:
        """One request through an HTTP API: a single append here, the metrics at flush time."""
        self._requests.append(
            ApiRequest(api_id, stage, status, latency_ms, integration_ms, time.time())
        )

    def iterator_age(self, function: str, age_ms: float) -> None:
        """AWS/Lambda IteratorAge of one stream batch handed to the function."""
        dims = {"FunctionName": function}
        self.put(Datum("AWS/Lambda", "IteratorAge", dims, float(round(age_ms)), "Milliseconds"))

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
            requests = [self._requests.popleft() for _ in range(len(self._requests))]
            with self._lock:
                pending, self._pending = self._pending, []
            if pending or requests:
                self._publish(pending, requests)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            try:
                self.flush()
            except Exception:
                log.warning("could not publish metrics to %s", self.endpoint_url, exc_info=True)

    def _publish(self, pending: list[Datum], requests: Iterable[ApiRequest] = ()) -> None:
        by_namespace: dict[str, list[dict[str, Any]]] = {}
        for namespace, member in distributions(pending, requests):
            by_namespace.setdefault(namespace, []).append(member)
        for namespace, data in by_namespace.items():
            for i in range(0, len(data), MAX_DATA):
                self._put(namespace, data[i : i + MAX_DATA])

    def _put(self, namespace: str, data: list[dict[str, Any]]) -> None:
        """One PutMetricData. When moto serves the endpoint in this process, its backend takes
        the members as moto's request parser would have handed them over (naive UTC
        timestamps): botocore's query serialisation and moto's parsing of every value cost the
        cloud's process more CPU than the requests they meter (~1,000 values a flush at 100
        requests/s). Otherwise, over HTTP."""
        if in_process_moto(self.endpoint_url):
            from moto.cloudwatch.models import cloudwatch_backends

            parsed = [{**m, "Timestamp": m["Timestamp"].replace(tzinfo=None)} for m in data]
            cloudwatch_backends[ACCOUNT_ID][REGION].put_metric_data(namespace, parsed)
            return
        if self._client is None:  # one client: building one costs more than a flush's calls
            self._client = client("cloudwatch", self.endpoint_url)
        self._client.put_metric_data(Namespace=namespace, MetricData=data)


def sqs_sampler(endpoint_url: str) -> Callable[[], list[Datum]]:
    """AWS/SQS gauges of every queue: visible and in-flight messages, the age of the oldest.

    moto serves the local cloud in this process, so its queues are read in place (as the alarm
    evaluator reads moto's datapoints): a GetQueueAttributes through moto's HTTP front costs ~6 ms
    of CPU, and this runs for every queue every 2 s. The age needs the messages' sent time,
    which only the in-process backend holds (SQS has no side-effect-free peek); against an
    out-of-process endpoint the counts come over HTTP and no age is sent.
    """
    sqs = client("sqs", endpoint_url)

    def over_http(now: float) -> list[Datum]:
        out: list[Datum] = []
        for url in sqs.list_queues().get("QueueUrls", []):
            attrs = sqs.get_queue_attributes(
                QueueUrl=url,
                AttributeNames=[
                    "ApproximateNumberOfMessages",
                    "ApproximateNumberOfMessagesNotVisible",
                ],
            )["Attributes"]
            dims = {"QueueName": url.rsplit("/", 1)[-1]}
            visible = float(attrs.get("ApproximateNumberOfMessages", 0))
            in_flight = float(attrs.get("ApproximateNumberOfMessagesNotVisible", 0))
            out.append(Datum("AWS/SQS", SQS_METRICS[0], dims, visible, "Count", now))
            out.append(Datum("AWS/SQS", SQS_METRICS[2], dims, in_flight, "Count", now))
        return out

    def sample() -> list[Datum]:
        now = time.time()
        queues = _in_process_queues()
        if not queues:
            return over_http(now)
        out: list[Datum] = []
        for name, queue in queues.items():
            dims = {"QueueName": name}
            visible, in_flight, age = _queue_gauges(queue, now)
            out.append(Datum("AWS/SQS", SQS_METRICS[0], dims, visible, "Count", now))
            out.append(Datum("AWS/SQS", SQS_METRICS[2], dims, in_flight, "Count", now))
            out.append(Datum("AWS/SQS", SQS_METRICS[1], dims, age, "Seconds", now))
        return out

    return sample


def _in_process_queues() -> dict[str, Any]:
    """The queues of the moto backend in this process (empty when moto runs elsewhere)."""
    from moto.sqs.models import sqs_backends

    return dict(sqs_backends[ACCOUNT_ID][REGION].queues)


def _queue_gauges(queue: Any, now: float) -> tuple[float, float, float]:
    """(visible, in flight, age of the oldest in seconds) as SQS counts them: a delayed message
    is neither visible nor in flight; approximate, as SQS's own counts are."""
    messages = list(queue._messages)  # a copy: the server's threads change the list meanwhile
    visible = sum(1 for m in messages if m.visible and not m.delayed)
    in_flight = sum(1 for m in messages if not m.visible)
    sent = [int(m.sent_timestamp or 0) for m in messages]
    oldest = min((t for t in sent if t), default=0)
    return float(visible), float(in_flight), max(0.0, now - oldest / 1000.0) if oldest else 0.0


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


def concurrency_sampler(
    peaks: Callable[[], tuple[Mapping[str, int], int]],
) -> Callable[[], list[Datum]]:
    """AWS/Lambda ConcurrentExecutions: the most invocations in flight at once since the last
    sample, by FunctionName and for the account (no dimension); nothing while all is idle, as
    Lambda sends nothing for a quiet period. `peaks()` gives (per function, account)."""

    def sample() -> list[Datum]:
        by_function, account = peaks()
        now = time.time()
        out = [
            Datum("AWS/Lambda", "ConcurrentExecutions", {"FunctionName": name}, peak, "Count", now)
            for name, peak in by_function.items()
            if peak > 0
        ]
        if account > 0:
            out.append(Datum("AWS/Lambda", "ConcurrentExecutions", {}, account, "Count", now))
        return out

    return sample


@dataclass(frozen=True)
class ServiceTasks:
    """An ECS service's task counts as Container Insights reports them."""

    cluster: str
    service: str
    running: int
    pending: int
    desired: int


def container_insights_sampler(
    services: Callable[[], Iterable[ServiceTasks]],
) -> Callable[[], list[Datum]]:
    """ECS/ContainerInsights RunningTaskCount, PendingTaskCount and DesiredTaskCount by
    ClusterName and ServiceName, every sample (gauges: 0 too), for the clusters that enable
    Container Insights (`services()` yields only theirs)."""

    def sample() -> list[Datum]:
        now = time.time()
        out = []
        for tasks in services():
            dims = {"ClusterName": tasks.cluster, "ServiceName": tasks.service}
            for name, value in zip(
                SERVICE_TASK_METRICS, (tasks.running, tasks.pending, tasks.desired), strict=True
            ):
                out.append(Datum(CONTAINER_INSIGHTS, name, dims, float(value), "Count", now))
        return out

    return sample
