"""The service metrics the local cloud publishes on AWS's behalf reach moto's CloudWatch with
AWS's names, dimensions and units: requests through the local HTTP API (Count, 4xx, 5xx,
Latency, IntegrationLatency by ApiId and by ApiId and Stage), concurrent invocations
(ConcurrentExecutions) and an ECS service's tasks (ECS/ContainerInsights RunningTaskCount),
and the evaluator computes a percentile over the gateway's real Latency datapoints. The edges
app's cloud: a real gateway, runtime, ECS service and in-process moto."""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import pytest

from emulation.alarms.moto_store import MetricIndex, metric_key
from emulation.alarms.statistics import Periods, Sample
from emulation.alarms.statistics import statistic as of_period
from emulation.cloud import LocalCloud
from tests.integration.emulation.apps.fixtures import edges_cloud

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def cloud() -> LocalCloud:
    return edges_cloud()


def get(cloud: LocalCloud, path: str) -> int:
    url = urlsplit(cloud.api_url)
    connection = http.client.HTTPConnection(url.hostname or "", url.port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def api_id(cloud: LocalCloud) -> str:
    assert cloud.api is not None
    [(identifier, _)] = [(k, v) for k, v in cloud.api.apis.items() if v.name == "edges-api"]
    return identifier


def statistic(
    cloud: LocalCloud,
    namespace: str,
    metric: str,
    dimensions: dict[str, str],
    name: str,
    since: float,
) -> float | None:
    """One statistic over everything since `since`, as GetMetricStatistics gives it."""
    points = cloud.client("cloudwatch").get_metric_statistics(
        Namespace=namespace,
        MetricName=metric,
        Dimensions=[{"Name": k, "Value": v} for k, v in dimensions.items()],
        StartTime=datetime.fromtimestamp(since, UTC),
        EndTime=datetime.fromtimestamp(time.time() + 5, UTC),
        Period=3600,
        Statistics=[name],
    )["Datapoints"]
    values = [p[name] for p in points if name in p]
    if not values:
        return None
    return max(values) if name == "Maximum" else sum(values)


def next_second() -> float:
    """Wait for the next whole second: datapoints are stamped by the second, so what a test
    does from then on is apart from what the test before it did."""
    began = float(int(time.time()) + 1)
    time.sleep(began - time.time())
    return began


def exact(namespace: str, metric: str, dimensions: dict[str, str], since: float) -> list[Sample]:
    """The datapoints since `since` of the metric with exactly these dimensions, as the alarm
    evaluator reads them (moto's API also matches datapoints with more dimensions)."""
    index = MetricIndex()
    index.refresh()
    dims = [{"Name": k, "Value": v} for k, v in dimensions.items()]
    [samples] = index.periods(
        metric_key(namespace, metric, dims),
        Periods(since, time.time() + 2 - since, 1),
    )
    return samples


def eventually(condition: Callable[[], Any], timeout_s: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"not true within {timeout_s} s")


def test_requests_through_the_gateway_become_http_api_metrics(cloud: LocalCloud) -> None:
    began = next_second()
    statuses = [get(cloud, path) for path in ("/v1/artists/a1", "/v1/bare", "/v1/nope", "/v1/boom")]
    assert statuses == [200, 200, 404, 500]
    cloud.metrics.flush()
    by_stage = {"ApiId": api_id(cloud), "Stage": "$default"}
    sums = {
        metric: statistic(cloud, "AWS/ApiGateway", metric, by_stage, "Sum", began)
        for metric in ("Count", "4xx", "5xx")
    }
    assert sums == {"Count": 4.0, "4xx": 1.0, "5xx": 1.0}
    latency = statistic(cloud, "AWS/ApiGateway", "Latency", by_stage, "SampleCount", began)
    integration = statistic(
        cloud, "AWS/ApiGateway", "IntegrationLatency", by_stage, "SampleCount", began
    )
    assert (latency, integration) == (4.0, 3.0)  # the 404 never reached a function
    listed = cloud.client("cloudwatch").list_metrics(
        Namespace="AWS/ApiGateway", MetricName="Latency"
    )["Metrics"]
    # Only this stage's: the edges cloud is the process's, and test_apigw calls its other stages.
    dimension_sets = {
        frozenset((d["Name"], d["Value"]) for d in m["Dimensions"])
        for m in listed
        if any(d["Value"] == by_stage["ApiId"] for d in m["Dimensions"])
        and all(d["Value"] == by_stage["Stage"] for d in m["Dimensions"] if d["Name"] == "Stage")
    }
    assert dimension_sets == {
        frozenset({("ApiId", by_stage["ApiId"])}),
        frozenset(by_stage.items()),
    }


def test_a_slow_request_is_the_p99_the_evaluator_reads_from_the_gateways_latency(
    cloud: LocalCloud,
) -> None:
    began = next_second()
    for _ in range(9):
        assert get(cloud, "/v1/artists/a1") == 200
    assert get(cloud, "/v1/slow?s=0.6") == 200
    cloud.metrics.flush()
    by_stage = {"ApiId": api_id(cloud), "Stage": "$default"}
    samples = exact("AWS/ApiGateway", "Latency", by_stage, began)
    assert sum(s.count for s in samples) == 10
    p99 = of_period("p99", samples)
    p50 = of_period("p50", samples)
    assert p99 is not None and p99 >= 600  # the one slow request, as observed
    assert p50 is not None and p50 < 600


def test_concurrent_invocations_are_concurrent_executions(cloud: LocalCloud) -> None:
    began = next_second()
    cloud.metrics.flush()  # the peak so far is reported before the slow calls start
    threads = [threading.Thread(target=get, args=(cloud, "/v1/slow?s=1.2")) for _ in range(3)]
    for thread in threads:
        thread.start()
    time.sleep(0.6)
    cloud.metrics.flush()  # while the three are in flight
    for thread in threads:
        thread.join()
    peak = statistic(
        cloud, "AWS/Lambda", "ConcurrentExecutions", {"FunctionName": "edge"}, "Maximum", began
    )
    assert peak is not None and peak >= 3
    # The account's, without a dimension (moto's API would match every function's too).
    account = of_period("Maximum", exact("AWS/Lambda", "ConcurrentExecutions", {}, began))
    assert account is not None and account >= peak


def test_a_container_insights_service_reports_its_running_tasks(cloud: LocalCloud) -> None:
    assert cloud.ecs is not None
    [service] = [name for name in cloud.ecs.services if "Worker" in name]
    dims = {"ClusterName": "edges", "ServiceName": service}
    began = next_second()

    def running() -> float | None:
        cloud.metrics.flush()
        return statistic(cloud, "ECS/ContainerInsights", "RunningTaskCount", dims, "Maximum", began)

    assert eventually(lambda: running() == 2.0)  # the service's desired count
    desired = statistic(cloud, "ECS/ContainerInsights", "DesiredTaskCount", dims, "Maximum", began)
    assert desired == 2.0
    assert ["edges", service] in cloud.metric_sources()["services"]
