"""Which alarms can fire locally, and CloudWatch's threshold decision: pure, no cloud."""

from __future__ import annotations

from emulation.alarms.evaluate import Verdict, decide, state_change_event
from emulation.alarms.metrics import emf_metrics
from emulation.alarms.reach import LocalMetric, reach, service_metrics
from emulation.schedules import matches

LOCAL = service_metrics(["compute-sync"], ["scrape-dlq"]) | {
    LocalMetric("TattooDirectory", "BlockedRequests", frozenset({("service", "scraper")}))
}


def alarm(**overrides: object) -> dict[str, object]:
    base: dict[str, object] = {
        "AlarmName": "SyncErrors",
        "Namespace": "AWS/Lambda",
        "MetricName": "Errors",
        "Dimensions": [{"Name": "FunctionName", "Value": "compute-sync"}],
        "Statistic": "Sum",
    }
    return {**base, **overrides}


def test_an_alarm_on_an_emitted_metric_can_fire() -> None:
    assert reach(alarm(), LOCAL).can_fire


def test_a_wrong_dimension_can_never_fire() -> None:
    wrong = alarm(Dimensions=[{"Name": "FunctionName", "Value": "compute-synk"}])
    verdict = reach(wrong, LOCAL)
    assert not verdict.can_fire
    assert "FunctionName=compute-sync" in verdict.reason
    assert "never with {FunctionName=compute-synk}" in verdict.reason


def test_a_wrong_metric_name_can_never_fire() -> None:
    verdict = reach(alarm(MetricName="Error"), LOCAL)
    assert not verdict.can_fire
    assert "nothing local emits AWS/Lambda Error" in verdict.reason


def test_a_custom_metric_with_a_wrong_dimension_name_can_never_fire() -> None:
    wrong = alarm(
        Namespace="TattooDirectory",
        MetricName="BlockedRequests",
        Dimensions=[{"Name": "Service", "Value": "scraper"}],
    )
    assert not reach(wrong, LOCAL).can_fire


def backlog_alarm(queue: str) -> dict[str, object]:
    def stat(query_id: str, metric: str) -> dict[str, object]:
        return {
            "Id": query_id,
            "ReturnData": False,
            "MetricStat": {
                "Metric": {
                    "Namespace": "AWS/SQS",
                    "MetricName": metric,
                    "Dimensions": [{"Name": "QueueName", "Value": queue}],
                },
                "Period": 60,
                "Stat": "Maximum",
            },
        }

    return {
        "AlarmName": "Backlog",
        "Metrics": [
            {"Id": "e", "Expression": "visible + inflight", "ReturnData": True},
            stat("visible", "ApproximateNumberOfMessagesVisible"),
            stat("inflight", "ApproximateNumberOfMessagesNotVisible"),
        ],
    }


def test_metric_math_over_emitted_metrics_can_fire() -> None:
    assert reach(backlog_alarm("scrape-dlq"), LOCAL).can_fire


def test_metric_math_on_a_queue_nothing_emits_names_the_gap() -> None:
    verdict = reach(backlog_alarm("scrape-dlx"), LOCAL)
    assert not verdict.can_fire and "never with {QueueName=scrape-dlx}" in verdict.reason


def test_metric_math_the_evaluator_does_not_understand_is_named() -> None:
    math_alarm = {"AlarmName": "Failed", "Metrics": [{"Id": "e", "Expression": "a + b"}]}
    verdict = reach(math_alarm, LOCAL)
    assert not verdict.can_fire and "metric math not evaluated locally" in verdict.reason


def test_emf_lines_become_metrics_as_cloudwatch_extracts_them() -> None:
    line = (
        '{"_aws":{"Timestamp":1700000000000,"CloudWatchMetrics":[{"Namespace":"TattooDirectory",'
        '"Dimensions":[["service"]],"Metrics":[{"Name":"BlockedRequests","Unit":"Count"}]}]},'
        '"service":"scraper","BlockedRequests":[1,2]}'
    )
    data = emf_metrics(line)
    assert [(d.namespace, d.name, dict(d.dimensions), d.value) for d in data] == [
        ("TattooDirectory", "BlockedRequests", {"service": "scraper"}, 1.0),
        ("TattooDirectory", "BlockedRequests", {"service": "scraper"}, 2.0),
    ]
    assert emf_metrics("plain text") == [] and emf_metrics('{"_aws": 1}') == []


def test_datapoints_to_alarm_m_of_n() -> None:
    two_of_three = decide([600.0, 100.0, 700.0], 500, "GreaterThanThreshold", 2, "missing", "OK")
    one_of_three = decide([600.0, 100.0, 100.0], 500, "GreaterThanThreshold", 2, "missing", "OK")
    assert two_of_three.state == "ALARM" and one_of_three.state == "OK"


def test_missing_data_treatments() -> None:
    gone = [None, None]
    args = (1.0, "GreaterThanOrEqualToThreshold", 1)
    assert decide(gone, *args, "notBreaching", "ALARM").state == "OK"
    assert decide(gone, *args, "breaching", "OK").state == "ALARM"
    assert decide(gone, *args, "ignore", "ALARM").state == "ALARM"
    assert decide(gone, *args, "missing", "OK").state == "INSUFFICIENT_DATA"


def test_a_state_change_event_matches_the_rotation_rules_pattern() -> None:
    arn = "arn:aws:cloudwatch:eu-west-2:123456789012:alarm:Blocked"
    pattern = {  # the shape of the stack's BlockedRequestsRotationRule
        "source": ["aws.cloudwatch"],
        "detail-type": ["CloudWatch Alarm State Change"],
        "resources": [arn],
        "detail": {"state": {"value": ["ALARM"]}},
    }
    alarm = {"AlarmName": "Blocked", "AlarmArn": arn, "StateReason": "x"}
    fired = state_change_event(alarm, "OK", Verdict("ALARM", "Threshold Crossed"))
    cleared = state_change_event(alarm, "ALARM", Verdict("OK", "Threshold Crossed"))
    assert matches(pattern, fired) and not matches(pattern, cleared)
    assert fired["detail"]["alarmName"] == "Blocked"


def test_missing_recent_periods_look_back_over_the_evaluation_range() -> None:
    # Two of the last two periods needed; the newest is empty: with `missing`, CloudWatch
    # decides on the most recent datapoints of its longer evaluation range.
    values = [None, 70.0, 80.0, None]
    looked_back = decide(values, 50, "GreaterThanOrEqualToThreshold", 2, "missing", "OK", periods=2)
    assert looked_back.state == "ALARM"
    strict = decide(values, 50, "GreaterThanOrEqualToThreshold", 2, "notBreaching", "OK", periods=2)
    assert strict.state == "OK"
