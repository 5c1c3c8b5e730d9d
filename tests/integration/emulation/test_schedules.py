"""EventBridge rules on the local cloud: cron on an injected clock, rate, event patterns,
inputs (Input / InputPath / InputTransformer) and targets (Lambda, Step Functions)."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from emulation.cloud import LocalCloud
from emulation.schedules import RuleSpec, TargetSpec, matches, synthetic_event, transform
from tests.integration.emulation.apps.fixtures import CLOCK, edges_cloud

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def cloud() -> LocalCloud:
    return edges_cloud()


def recorded(cloud: LocalCloud, marker: str) -> dict[str, Any] | None:
    table = cloud.outputs["TableName"]
    item = cloud.client("dynamodb").get_item(
        TableName=table, Key={"pk": {"S": f"EVENT#{marker}"}, "sk": {"S": "EVENT"}}
    )
    if "Item" not in item:
        return None
    return dict(json.loads(item["Item"]["event"]["S"]))


def wait_for(predicate: Any, timeout_s: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"not true within {timeout_s} s")


def test_cron_rule_fires_on_time_by_the_injected_clock(cloud: LocalCloud) -> None:
    assert cloud.schedules is not None
    due = cloud.schedules.next_due("edges-nightly")
    assert due is not None and (due.hour, due.minute) == (3, 15)
    before = len(cloud.schedules.history)
    CLOCK.set(due - timedelta(seconds=1))
    time.sleep(1.5)  # the scheduler thread ticks every second: nothing is due yet
    assert [h for h in cloud.schedules.history[before:] if h[0] == "edges-nightly"] == []
    CLOCK.set(due)
    fired = wait_for(
        lambda: [h for h in cloud.schedules.history[before:] if h[0] == "edges-nightly"]  # type: ignore[union-attr]
    )
    (_, _, results) = fired[0]
    assert results[0].error is None
    # The InputTransformer put the scheduled time into the execution input.
    assert results[0].input == {"marker": "nightly", "exitCode": "0", "time": _iso(due)}
    execution = cloud.wait_execution(results[0].result, timeout_s=60)
    assert execution["status"] == "SUCCEEDED", execution
    assert cloud.schedules.next_due("edges-nightly") == due + timedelta(days=1)


def test_rate_rule_fires_the_lambda_with_a_scheduled_event(cloud: LocalCloud) -> None:
    assert cloud.schedules is not None
    due = cloud.schedules.next_due("edges-every-5")
    assert due is not None
    CLOCK.set(due + timedelta(seconds=1))
    fired = cloud.schedules.tick()
    names = [name for name, _ in fired]
    assert "edges-every-5" in names
    result = dict(fired)["edges-every-5"][0]
    event = recorded(cloud, result.input["id"])
    assert event is not None
    assert event["detail-type"] == "Scheduled Event"
    assert event["source"] == "aws.events"
    assert event["resources"] == [cloud.schedules.rule("edges-every-5").arn]
    assert event["time"] == _iso(due)
    assert cloud.schedules.next_due("edges-every-5") == due + timedelta(minutes=5)


def test_rule_fires_on_demand(cloud: LocalCloud) -> None:
    results = cloud.fire_rule("edges-every-5")
    assert results[0].error is None
    assert recorded(cloud, results[0].input["id"]) is not None


def test_alarm_pattern_rule_fires_with_a_synthetic_matching_event(cloud: LocalCloud) -> None:
    results = cloud.fire_rule("edges-on-alarm")
    assert results[0].error is None
    event = recorded(cloud, results[0].input["id"])
    assert event is not None
    assert event["source"] == "aws.cloudwatch"
    assert event["detail-type"] == "CloudWatch Alarm State Change"
    assert event["detail"]["state"]["value"] == "ALARM"
    assert event["detail"]["alarmName"] == "edges-errors"


def test_a_given_event_must_match_the_pattern(cloud: LocalCloud) -> None:
    with pytest.raises(ValueError, match="does not match"):
        cloud.fire_rule("edges-on-alarm", {"source": "aws.cloudwatch", "detail": {}})
    event = {
        "id": "given-1",
        "source": "aws.cloudwatch",
        "detail-type": "CloudWatch Alarm State Change",
        "detail": {"alarmName": "edges-errors", "state": {"value": "ALARM"}},
    }
    assert cloud.fire_rule("edges-on-alarm", event)[0].error is None
    assert recorded(cloud, "given-1") == event


def test_unknown_rule_names_the_deployed_ones(cloud: LocalCloud) -> None:
    with pytest.raises(KeyError, match="edges-nightly"):
        cloud.fire_rule("nope")


RULE = RuleSpec("r", "arn:aws:events:eu-west-2:123456789012:rule/r", None, None, True, [])


def test_input_transformer_quotes_like_eventbridge() -> None:
    event = {"time": "2026-01-01T00:00:00Z", "detail": {"n": 3, "s": 'say "hi"'}}
    transformer = {
        "InputPathsMap": {"t": "$.time", "n": "$.detail.n", "s": "$.detail.s"},
        "InputTemplate": (
            '{"when": <t>, "count": <n>, "text": "<s> at <t>", "rule": "<aws.events.rule-name>"}'
        ),
    }
    assert transform(transformer, event, RULE) == {
        "when": "2026-01-01T00:00:00Z",
        "count": 3,
        "text": 'say "hi" at 2026-01-01T00:00:00Z',
        "rule": "r",
    }
    assert transform({"InputTemplate": "plain <aws.events.rule-name>"}, event, RULE) == "plain r"


def test_target_input_path_and_constant_input() -> None:
    from emulation.schedules import target_input

    event = {"detail": {"a": [1, 2]}}
    assert target_input(TargetSpec("t", "arn", input_path="$.detail.a[1]"), event, RULE) == 2
    assert target_input(TargetSpec("t", "arn", input='{"k": 1}'), event, RULE) == {"k": 1}
    assert target_input(TargetSpec("t", "arn"), event, RULE) == event


def test_pattern_matching_operators() -> None:
    pattern = {
        "source": [{"prefix": "aws."}],
        "detail": {
            "n": [{"numeric": [">", 5, "<=", 10]}],
            "x": [{"exists": False}],
            "s": [{"anything-but": ["bad"]}],
        },
    }
    assert matches(pattern, {"source": "aws.ec2", "detail": {"n": 7, "s": "ok"}})
    assert not matches(pattern, {"source": "aws.ec2", "detail": {"n": 11, "s": "ok"}})
    assert not matches(pattern, {"source": "aws.ec2", "detail": {"n": 7, "s": "bad"}})
    assert not matches(pattern, {"source": "aws.ec2", "detail": {"n": 7, "s": "ok", "x": 1}})
    assert not matches(pattern, {"source": "custom", "detail": {"n": 7, "s": "ok"}})
    assert matches(pattern, synthetic_event(pattern, datetime(2026, 1, 1, tzinfo=UTC)))


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
