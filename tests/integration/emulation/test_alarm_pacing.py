"""The alarm evaluator's cost in the process it shares with the API gateway: a pass spreads its
alarms over the time it is given, reads the in-process moto backend's datapoints once (the same
datapoints the API gives, by exact dimension set), and evaluates only the alarms whose verdict
can have changed since the last pass."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import pytest

from emulation.alarms.evaluate import AlarmEvaluator, Verdict
from emulation.alarms.moto_store import MetricIndex, metric_alarms, metric_key
from emulation.alarms.statistics import Periods, statistic
from emulation.aws import client, configure

pytestmark = pytest.mark.integration

ALARMS = 5


def _alarms(endpoint: str) -> None:
    cloudwatch = client("cloudwatch", endpoint)
    for i in range(ALARMS):
        cloudwatch.put_metric_alarm(
            AlarmName=f"pacing-{i}",
            Namespace="AWS/Lambda",
            MetricName="Errors",
            Dimensions=[{"Name": "FunctionName", "Value": f"pacing-fn-{i}"}],
            Statistic="Sum",
            Period=60,
            EvaluationPeriods=1,
            Threshold=1.0,
            ComparisonOperator="GreaterThanOrEqualToThreshold",
            TreatMissingData="notBreaching",
        )


class Timed(AlarmEvaluator):
    """Records when each of this test's alarms was evaluated."""

    def __init__(self, endpoint: str) -> None:
        super().__init__(endpoint)
        self.at: list[float] = []

    def evaluate(self, alarm: Any, now: float) -> Verdict:
        if alarm["AlarmName"].startswith("pacing-"):
            self.at.append(time.monotonic())
        return super().evaluate(alarm, now)


def test_a_pass_spreads_its_alarms_over_the_time_given(moto_endpoint: str) -> None:
    configure(moto_endpoint)
    _alarms(moto_endpoint)
    evaluator = Timed(moto_endpoint)
    evaluator.evaluate_all(spread_s=1.0)
    gaps = [b - a for a, b in zip(evaluator.at, evaluator.at[1:], strict=False)]
    assert len(evaluator.at) == ALARMS
    evaluated = len(client("cloudwatch", moto_endpoint).describe_alarms()["MetricAlarms"])
    # Each gap is a share of the second (other tests' alarms in this moto count too).
    assert min(gaps) >= 0.8 / evaluated, gaps


def test_without_a_spread_a_pass_runs_back_to_back(moto_endpoint: str) -> None:
    configure(moto_endpoint)
    _alarms(moto_endpoint)
    evaluator = Timed(moto_endpoint)
    began = time.monotonic()
    evaluator.evaluate_all()
    assert len(evaluator.at) == ALARMS
    assert evaluator.at[-1] - began < 5.0  # no waiting (only the calls themselves)


def test_the_index_reads_the_datapoints_the_api_gives(moto_endpoint: str) -> None:
    """The evaluator's statistics from its index equal GetMetricStatistics over HTTP for every
    plain statistic, for a metric whose only datapoints have exactly the asked dimensions."""
    configure(moto_endpoint)
    cloudwatch = client("cloudwatch", moto_endpoint)
    now = int(time.time()) // 60 * 60
    dims = [{"Name": "FunctionName", "Value": f"indexed-fn-{time.time_ns()}"}]
    cloudwatch.put_metric_data(
        Namespace="AWS/Lambda",
        MetricData=[
            {
                "MetricName": "Duration",
                "Dimensions": dims,
                "Timestamp": datetime.fromtimestamp(now - 120 + second, UTC),
                "StatisticValues": {
                    "SampleCount": 2,
                    "Sum": 3.0 * second,
                    "Minimum": 1.0,
                    "Maximum": 2.0 * second + 1,
                },
                "Unit": "Milliseconds",
            }
            for second in range(0, 120, 7)
        ],
    )
    index = MetricIndex()
    index.refresh()
    key = metric_key("AWS/Lambda", "Duration", dims)
    for name in ("Sum", "Average", "Minimum", "Maximum", "SampleCount"):
        for start in (now - 180, now - 120, now - 60):
            over_http = cloudwatch.get_metric_statistics(
                Namespace="AWS/Lambda",
                MetricName="Duration",
                Dimensions=dims,
                StartTime=datetime.fromtimestamp(start, UTC),
                EndTime=datetime.fromtimestamp(start + 60, UTC),
                Period=60,
                Statistics=[name],
            )["Datapoints"]
            [samples] = index.periods(key, Periods(float(start), 60.0, 1))
            from_index = statistic(name, samples)
            expected = over_http[0][name] if over_http else None
            assert from_index == pytest.approx(expected), (name, start)


def test_a_pass_evaluates_only_the_alarms_that_can_have_changed(moto_endpoint: str) -> None:
    configure(moto_endpoint)
    cloudwatch = client("cloudwatch", moto_endpoint)
    function = f"skipped-fn-{time.time_ns()}"
    cloudwatch.put_metric_alarm(
        AlarmName=f"{function}-errors",
        Namespace="AWS/Lambda",
        MetricName="Errors",
        Dimensions=[{"Name": "FunctionName", "Value": function}],
        Statistic="Sum",
        Period=60,
        EvaluationPeriods=1,
        Threshold=1.0,
        ComparisonOperator="GreaterThanOrEqualToThreshold",
        TreatMissingData="notBreaching",
    )
    total = len(cloudwatch.describe_alarms()["MetricAlarms"])  # other tests' alarms too
    evaluator = AlarmEvaluator(moto_endpoint)
    now = float(int(time.time()) // 300 * 300 + 10)  # 10 s into every alarm's period

    def errors_at(at: float) -> None:
        cloudwatch.put_metric_data(
            Namespace="AWS/Lambda",
            MetricData=[
                {
                    "MetricName": "Errors",
                    "Dimensions": [{"Name": "FunctionName", "Value": function}],
                    "Timestamp": datetime.fromtimestamp(at, UTC),
                    "Value": 1.0,
                    "Unit": "Count",
                }
            ],
        )

    evaluator.evaluate_all(now=now)
    assert evaluator.last_pass == {"evaluated": total, "skipped": 0}  # the first pass: all
    evaluator.evaluate_all(now=now + 1)
    assert evaluator.last_pass == {"evaluated": 0, "skipped": total}  # nothing changed
    errors_at(now)  # in the period still running: no finished period changes
    evaluator.evaluate_all(now=now + 2)
    assert evaluator.last_pass["evaluated"] == 0
    errors_at(now - 30)  # late, into the last finished period: that alarm again
    changes = evaluator.evaluate_all(now=now + 3)
    assert evaluator.last_pass["evaluated"] == 1
    assert [name for name, _ in changes] == [f"{function}-errors"]
    evaluator.evaluate_all(now=now + 300)  # periods ended: every alarm's range moved
    assert evaluator.last_pass == {"evaluated": total, "skipped": 0}
    cloudwatch.set_alarm_state(
        AlarmName=f"{function}-errors", StateValue="ALARM", StateReason="set by hand"
    )
    evaluator.evaluate_all(now=now + 301)  # a state it did not set is judged again
    assert evaluator.last_pass["evaluated"] == 1


def test_the_backends_alarms_are_what_describe_alarms_gives(moto_endpoint: str) -> None:
    """The evaluator reads the alarms from the in-process backend: the same fields as
    DescribeAlarms over HTTP, for a percentile alarm and a metric-math one (timestamps aside)."""
    configure(moto_endpoint)
    cloudwatch = client("cloudwatch", moto_endpoint)
    tag = f"shaped-{time.time_ns()}"
    cloudwatch.put_metric_alarm(
        AlarmName=f"{tag}-p95",
        Namespace="AWS/ApiGateway",
        MetricName="Latency",
        Dimensions=[{"Name": "ApiId", "Value": "a1"}, {"Name": "Stage", "Value": "$default"}],
        ExtendedStatistic="p95",
        EvaluateLowSampleCountPercentile="ignore",
        Unit="Milliseconds",
        Period=300,
        EvaluationPeriods=3,
        DatapointsToAlarm=2,
        Threshold=500,
        ComparisonOperator="GreaterThanThreshold",
        TreatMissingData="notBreaching",
        AlarmActions=["arn:aws:sns:eu-west-2:123456789012:alerts"],
        AlarmDescription="API p95",
    )
    cloudwatch.put_metric_alarm(
        AlarmName=f"{tag}-math",
        Metrics=[
            {"Id": "e", "Expression": "a + b", "Label": "both", "ReturnData": True},
            *(
                {
                    "Id": query_id,
                    "ReturnData": False,
                    "MetricStat": {
                        "Metric": {
                            "Namespace": "AWS/SQS",
                            "MetricName": metric,
                            "Dimensions": [{"Name": "QueueName", "Value": "jobs"}],
                        },
                        "Period": 60,
                        "Stat": "Maximum",
                    },
                }
                for query_id, metric in (
                    ("a", "ApproximateNumberOfMessagesVisible"),
                    ("b", "ApproximateNumberOfMessagesNotVisible"),
                )
            ),
        ],
        EvaluationPeriods=2,
        Threshold=50,
        ComparisonOperator="GreaterThanOrEqualToThreshold",
    )
    over_http = {
        a["AlarmName"]: a for a in cloudwatch.describe_alarms(AlarmNamePrefix=tag)["MetricAlarms"]
    }
    from_backend = {a["AlarmName"]: a for a in metric_alarms() if a["AlarmName"].startswith(tag)}
    assert over_http.keys() == from_backend.keys() and len(over_http) == 2
    for name, alarm in over_http.items():
        fields = {k for k in alarm if "Timestamp" not in k and k != "StateReasonData"}
        assert {k: alarm[k] for k in fields} == from_backend[name], name


def test_a_breach_that_landed_after_its_period_left_the_range_still_fires(
    moto_endpoint: str,
) -> None:
    """A pass that runs late (a busy machine; scaled periods last seconds) sees a period's errors
    only once that period is no longer the alarm's last finished one: it fires then clears, as
    CloudWatch, judging each period as it ends, would have."""
    configure(moto_endpoint)
    cloudwatch = client("cloudwatch", moto_endpoint)
    function = f"late-fn-{time.time_ns()}"
    name = f"{function}-errors"
    cloudwatch.put_metric_alarm(
        AlarmName=name,
        Namespace="AWS/Lambda",
        MetricName="Errors",
        Dimensions=[{"Name": "FunctionName", "Value": function}],
        Statistic="Sum",
        Period=60,
        EvaluationPeriods=1,
        Threshold=1.0,
        ComparisonOperator="GreaterThanOrEqualToThreshold",
        TreatMissingData="notBreaching",
    )
    evaluator = AlarmEvaluator(moto_endpoint, alarms=[name])
    now = float(int(time.time()) // 300 * 300 + 10)
    evaluator.evaluate_all(now=now)  # the first pass: OK
    cloudwatch.put_metric_data(
        Namespace="AWS/Lambda",
        MetricData=[
            {
                "MetricName": "Errors",
                "Dimensions": [{"Name": "FunctionName", "Value": function}],
                "Timestamp": datetime.fromtimestamp(now + 5, UTC),
                "Value": 1.0,
                "Unit": "Count",
            }
        ],
    )
    # The next pass runs three periods later: the errors' period is two periods out of range.
    changes = evaluator.evaluate_all(now=now + 180)
    assert [(n, v.state) for n, v in changes] == [(name, "ALARM"), (name, "OK")]
    assert evaluator.evaluate_all(now=now + 181) == []  # judged once, not again


def _errors_alarm(cloudwatch: Any, function: str) -> str:
    name = f"{function}-errors"
    cloudwatch.put_metric_alarm(
        AlarmName=name,
        Namespace="AWS/Lambda",
        MetricName="Errors",
        Dimensions=[{"Name": "FunctionName", "Value": function}],
        Statistic="Sum",
        Period=60,
        EvaluationPeriods=1,
        Threshold=1.0,
        ComparisonOperator="GreaterThanOrEqualToThreshold",
        TreatMissingData="notBreaching",
    )
    return name


def test_datapoints_from_before_a_time_scale_change_are_not_caught_up_as_breaches(
    moto_endpoint: str,
) -> None:
    """The catch-up of late datapoints judges periods of the scale they landed under: after a
    change to 60x (a 60 s period lasts 1 s) an error from 5 s earlier is ten of the new periods
    old, not a breach of one of them that no pass saw (CI: a queue's records from before the
    chaos module purged it fired its alarm during the first scenario, 'without a cause')."""
    configure(moto_endpoint)
    cloudwatch = client("cloudwatch", moto_endpoint)
    function = f"rescaled-fn-{time.time_ns()}"
    name = _errors_alarm(cloudwatch, function)
    evaluator = AlarmEvaluator(moto_endpoint, alarms=[name])
    now = float(int(time.time()) // 300 * 300 + 10)
    evaluator.evaluate_all(now=now)
    cloudwatch.put_metric_data(
        Namespace="AWS/Lambda",
        MetricData=[
            {
                "MetricName": "Errors",
                "Dimensions": [{"Name": "FunctionName", "Value": function}],
                "Timestamp": datetime.fromtimestamp(now + 5, UTC),
                "Value": 1.0,
                "Unit": "Count",
            }
        ],
    )
    evaluator.set_time_scale(60.0)
    assert evaluator.evaluate_all(now=now + 10) == []
    # On one scale the catch-up still works: the next error, a second late, fires and clears.
    cloudwatch.put_metric_data(
        Namespace="AWS/Lambda",
        MetricData=[
            {
                "MetricName": "Errors",
                "Dimensions": [{"Name": "FunctionName", "Value": function}],
                "Timestamp": datetime.fromtimestamp(now + 11.5, UTC),
                "Value": 1.0,
                "Unit": "Count",
            }
        ],
    )
    changes = evaluator.evaluate_all(now=now + 14)
    assert [(n, v.state) for n, v in changes] == [(name, "ALARM"), (name, "OK")]


def test_a_new_time_scale_starts_a_pass_now_and_a_caller_can_wait_for_one(
    moto_endpoint: str,
) -> None:
    """At scale 1 the thread waits ten seconds between passes; a change of scale must not wait
    them out, and `wait_for_pass` returns once a pass that began after the call has finished."""
    configure(moto_endpoint)
    name = _errors_alarm(client("cloudwatch", moto_endpoint), f"woken-fn-{time.time_ns()}")
    evaluator = AlarmEvaluator(moto_endpoint, alarms=[name]).start()
    try:
        assert evaluator.tick_s == 10.0
        for _ in range(3):  # each one ran without waiting out the tick
            assert evaluator.wait_for_pass(timeout_s=5.0)
        evaluator.set_time_scale(60.0)
        assert evaluator.wait_for_pass(timeout_s=5.0)
    finally:
        evaluator.stop()
