"""CloudWatch's statistics over a period's datapoints, percentiles included, the periods an
alarm reads, and the metric data the local cloud publishes on AWS's behalf (pure)."""

from __future__ import annotations

import pytest

from emulation.alarms.metrics import (
    ApiRequest,
    Datum,
    ServiceTasks,
    concurrency_sampler,
    container_insights_sampler,
    distributions,
)
from emulation.alarms.reach import reach, service_metrics
from emulation.alarms.statistics import (
    Periods,
    Sample,
    percentile_of,
    statistic,
    too_few_samples,
)
from emulation.lambda_runtime.runtime import InFlight


def raw(*values: float) -> list[Sample]:
    return [Sample.of_value(v) for v in values]


def test_percentiles_are_the_nearest_rank_value_of_the_period() -> None:
    hundred = raw(*range(1, 101))
    assert statistic("p95", hundred) == 95
    assert statistic("p99", hundred) == 99
    assert statistic("p50", hundred) == 50
    assert statistic("p100", hundred) == 100 and statistic("p0", hundred) == 1
    assert statistic("p99.5", hundred) == 100  # 99.5 of 100 samples: the 100th
    ten = raw(*range(10, 0, -1))  # order does not matter
    assert (
        statistic("p90", ten) == 9 and statistic("p95", ten) == 10 and statistic("p91", ten) == 10
    )


def test_a_percentile_is_a_value_that_was_observed_not_an_interpolation() -> None:
    assert statistic("p50", raw(10.0, 20.0)) == 10.0
    assert statistic("p75", raw(10.0, 20.0, 30.0, 40.0)) == 30.0


def test_distributions_count_each_value_count_times() -> None:
    latencies = [Sample.of_distribution([10.0, 20.0, 1000.0], [90.0, 5.0, 5.0])]
    assert statistic("p95", latencies) == 20.0
    assert statistic("p96", latencies) == 1000.0
    assert statistic("SampleCount", latencies) == 100
    assert statistic("Sum", latencies) == 10 * 90 + 20 * 5 + 1000 * 5
    assert statistic("Average", latencies) == pytest.approx(60.0)
    assert statistic("Maximum", latencies) == 1000.0 and statistic("Minimum", latencies) == 10.0


def test_statistic_sets_of_several_values_have_no_percentile_as_in_cloudwatch() -> None:
    several = [Sample.of_set(count=4, total=10.0, low=1.0, high=4.0)]
    assert statistic("p95", several) is None
    assert statistic("Sum", several) == 10.0 and statistic("Average", several) == 2.5
    one_value = [Sample.of_set(count=3, total=21.0, low=7.0, high=7.0)]
    assert statistic("p99", one_value) == 7.0
    assert statistic("p50", [*one_value, *raw(1.0, 2.0)]) == 7.0  # 1, 2, 7, 7, 7
    assert statistic("p50", [*several, *raw(1.0)]) is None  # one set spoils the period


def test_negative_values_have_no_percentile() -> None:
    assert statistic("p50", raw(-1.0, 5.0)) is None
    assert statistic("Minimum", raw(-1.0, 5.0)) == -1.0


def test_an_empty_period_has_no_value_for_any_statistic() -> None:
    for name in ("Sum", "SampleCount", "Average", "Minimum", "Maximum", "p95"):
        assert statistic(name, []) is None


def test_percentile_names_follow_cloudwatch() -> None:
    assert percentile_of("p95") == 95.0 and percentile_of("p99.99") == 99.99
    assert percentile_of("Average") is None
    for wrong in ("p101", "p99.999", "P95", "tm90", "p", "average"):
        with pytest.raises(ValueError, match="not evaluated locally"):
            percentile_of(wrong)


def test_low_sample_counts_follow_cloudwatchs_rule() -> None:
    # p >= 0.5: fewer than 10 / (1 - p) samples; p < 0.5: fewer than 10 / p.
    assert too_few_samples(95, 199) and not too_few_samples(95, 200)
    assert too_few_samples(99, 999) and not too_few_samples(99, 1000)
    assert too_few_samples(50, 19) and not too_few_samples(50, 20)
    assert too_few_samples(10, 99) and not too_few_samples(10, 100)
    assert not too_few_samples(100, 1) and not too_few_samples(0, 1)


def test_periods_end_at_the_last_whole_period_and_include_their_start() -> None:
    periods = Periods.ending_before(now=125.0, period=60.0, count=2)
    assert (periods.start, periods.end) == (0.0, 120.0)
    assert periods.index(0.0) == 0 and periods.index(59.999) == 0 and periods.index(60.0) == 1
    assert periods.index(119.9) == 1
    assert periods.index(120.0) is None and periods.index(-0.1) is None  # outside the range
    assert Periods.ending_before(now=120.0, period=60.0, count=1).start == 60.0


def test_each_metric_and_second_is_one_member_of_values_and_counts() -> None:
    dims = {"FunctionName": "api"}
    data = [Datum("AWS/Lambda", "Invocations", dims, 1.0, "Count", 100.2) for _ in range(1000)]
    data += [Datum("AWS/Lambda", "Invocations", dims, 1.0, "Count", 101.0)]
    data += [
        Datum("AWS/Lambda", "Duration", dims, float(v), "Milliseconds", 100.5) for v in (3, 3, 9)
    ]
    members = {(m["MetricName"], m["Timestamp"].timestamp()): m for _, m in distributions(data)}
    assert members["Invocations", 100.0]["Values"] == [1.0]
    assert members["Invocations", 100.0]["Counts"] == [1000.0]
    assert members["Invocations", 101.0]["Counts"] == [1.0]
    duration = members["Duration", 100.0]
    assert (duration["Values"], duration["Counts"], duration["Unit"]) == (
        [3.0, 9.0],
        [2.0, 1.0],
        "Milliseconds",
    )
    assert duration["Dimensions"] == [{"Name": "FunctionName", "Value": "api"}]


def test_a_busy_second_splits_into_members_of_at_most_150_values() -> None:
    data = [
        Datum("AWS/ApiGateway", "Latency", {}, float(v), "Milliseconds", 5.0) for v in range(400)
    ]
    members = [m for _, m in distributions(data)]
    assert [len(m["Values"]) for m in members] == [150, 150, 100]
    assert sorted(v for m in members for v in m["Values"]) == [float(v) for v in range(400)]


def test_an_api_request_is_metered_by_api_and_by_api_and_stage() -> None:
    requests = [
        ApiRequest("abc123", "$default", 502, 31.6, 30.2, at=10.2),
        ApiRequest("abc123", "$default", 404, 0.4, None, at=10.7),  # no function called
    ]
    by_dims: dict[tuple[tuple[str, str], ...], dict[str, tuple[list[float], list[float]]]] = {}
    for namespace, member in distributions([], requests):
        assert namespace == "AWS/ApiGateway" and member["Timestamp"].timestamp() == 10.0
        dims = tuple((d["Name"], d["Value"]) for d in member["Dimensions"])
        by_dims.setdefault(dims, {})[member["MetricName"]] = (member["Values"], member["Counts"])
        unit = "Count" if member["MetricName"] in ("Count", "4xx", "5xx") else "Milliseconds"
        assert member["Unit"] == unit
    expected = {
        "Count": ([1.0], [2.0]),
        "4xx": ([0.0, 1.0], [1.0, 1.0]),
        "5xx": ([0.0, 1.0], [1.0, 1.0]),
        "Latency": ([0.0, 32.0], [1.0, 1.0]),  # whole milliseconds
        "IntegrationLatency": ([30.0], [1.0]),  # only the request that reached a function
    }
    assert by_dims == {
        (("ApiId", "abc123"),): expected,
        (("ApiId", "abc123"), ("Stage", "$default")): expected,
    }


def test_concurrent_executions_report_the_most_in_flight_since_the_last_sample() -> None:
    in_flight = InFlight()
    sample = concurrency_sampler(in_flight.peaks)
    for name in ("api", "api", "api", "sync"):
        in_flight.enter(name)
    in_flight.leave("api")
    in_flight.leave("api")
    first = {(tuple(d.dimensions.items()), d.value) for d in sample()}
    assert first == {
        ((("FunctionName", "api"),), 3.0),
        ((("FunctionName", "sync"),), 1.0),
        ((), 4.0),  # the account's, without a dimension
    }
    assert all(d.name == "ConcurrentExecutions" and d.unit == "Count" for d in sample())
    in_flight.leave("api")
    in_flight.leave("sync")
    sample()  # the period that saw the last ones end
    assert sample() == []  # idle: nothing sent


def test_container_insights_counts_each_services_tasks() -> None:
    sample = container_insights_sampler(lambda: [ServiceTasks("main", "scraper", 2, 1, 3)])
    assert {(d.namespace, d.name, d.value) for d in sample()} == {
        ("ECS/ContainerInsights", "RunningTaskCount", 2.0),
        ("ECS/ContainerInsights", "PendingTaskCount", 1.0),
        ("ECS/ContainerInsights", "DesiredTaskCount", 3.0),
    }
    assert all(d.dimensions == {"ClusterName": "main", "ServiceName": "scraper"} for d in sample())


LOCAL = service_metrics(
    ["compute-api", "compute-sync"],
    [],
    apis=[("a1b2c3", "$default")],
    stream_functions=["compute-sync"],
    services=[("compute", "scraper")],
)


def test_the_stacks_latency_iterator_age_and_task_count_alarms_can_fire() -> None:
    latency = {
        "AlarmName": "ApiLatencyP95Alarm",
        "Namespace": "AWS/ApiGateway",
        "MetricName": "Latency",
        "Dimensions": [
            {"Name": "ApiId", "Value": "a1b2c3"},
            {"Name": "Stage", "Value": "$default"},
        ],
        "ExtendedStatistic": "p95",
    }
    assert reach(latency, LOCAL).can_fire, reach(latency, LOCAL).reason
    iterator_age = {
        "AlarmName": "SyncIteratorAgeAlarm",
        "Namespace": "AWS/Lambda",
        "MetricName": "IteratorAge",
        "Dimensions": [{"Name": "FunctionName", "Value": "compute-sync"}],
        "Statistic": "Maximum",
    }
    assert reach(iterator_age, LOCAL).can_fire
    not_a_stream = {
        **iterator_age,
        "Dimensions": [{"Name": "FunctionName", "Value": "compute-api"}],
    }
    assert not reach(not_a_stream, LOCAL).can_fire  # only stream mappings' functions have one
    tasks = {
        "AlarmName": "NoScrapers",
        "Namespace": "ECS/ContainerInsights",
        "MetricName": "RunningTaskCount",
        "Dimensions": [
            {"Name": "ClusterName", "Value": "compute"},
            {"Name": "ServiceName", "Value": "scraper"},
        ],
        "Statistic": "Minimum",
    }
    assert reach(tasks, LOCAL).can_fire
    for metric in ("Count", "4xx", "5xx", "IntegrationLatency"):
        by_api = {**latency, "MetricName": metric, "Dimensions": latency["Dimensions"][:1]}
        assert reach(by_api, LOCAL).can_fire, metric
    rest_api_name = {**latency, "MetricName": "5XXError"}  # REST APIs' name, not HTTP APIs'
    assert "nothing local emits AWS/ApiGateway 5XXError" in reach(rest_api_name, LOCAL).reason


def test_a_statistic_cloudwatch_has_but_the_evaluator_lacks_is_named() -> None:
    trimmed = {
        "AlarmName": "Trimmed",
        "Namespace": "AWS/Lambda",
        "MetricName": "Duration",
        "Dimensions": [{"Name": "FunctionName", "Value": "compute-api"}],
        "ExtendedStatistic": "tm90",
    }
    verdict = reach(trimmed, LOCAL)
    assert not verdict.can_fire and "statistic tm90 is not evaluated locally" in verdict.reason
