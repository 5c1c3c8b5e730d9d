"""The handler's event validation and the service's configuration, both read at the edge."""

from __future__ import annotations

from typing import Any

import pytest

from compute.handlers.rotate_egress_ip import InvalidTrigger, Trigger, parse_trigger
from compute.services.egress_settings import ConfigurationError, RotationConfig

SCHEDULED_EVENT = {
    "version": "0",
    "id": "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa",
    "detail-type": "Scheduled Event",
    "source": "aws.events",
    "account": "123456789012",
    "time": "2026-11-29T03:00:00Z",
    "region": "eu-west-2",
    "resources": ["arn:aws:events:eu-west-2:123456789012:rule/WeeklyEgressRotationSchedule"],
    "detail": {},
}


def alarm_event(state: str) -> dict[str, Any]:
    return {
        "version": "0",
        "id": "c4c1c1c9-6542-e61b-6ef0-8c4d36933a92",
        "detail-type": "CloudWatch Alarm State Change",
        "source": "aws.cloudwatch",
        "account": "123456789012",
        "time": "2026-11-28T18:00:00Z",
        "region": "eu-west-2",
        "resources": ["arn:aws:cloudwatch:eu-west-2:123456789012:alarm:ScraperBlockedRequests"],
        "detail": {
            "alarmName": "ScraperBlockedRequests",
            "state": {"value": state, "reason": "Threshold Crossed"},
            "previousState": {"value": "OK"},
        },
    }


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        # What the stack's rules send (their target input).
        ({"trigger": "schedule"}, Trigger(kind="schedule")),
        (
            {"trigger": "blocked-requests-alarm", "alarmName": "ScraperBlockedRequests"},
            Trigger(kind="alarm"),
        ),
        ({"trigger": "blocked-requests-alarm", "alarmName": None}, Trigger(kind="alarm")),
        ({"trigger": "schedule", "dryRun": True}, Trigger(kind="schedule", dry_run=True)),
        # The raw EventBridge shapes, should a rule pass the event through.
        (SCHEDULED_EVENT, Trigger(kind="schedule")),
        (alarm_event("ALARM"), Trigger(kind="alarm")),
        (alarm_event("OK"), Trigger(kind="alarm", rotate=False)),
        (
            {"source": "aws.cloudwatch", "alarmData": {"state": {"value": "ALARM"}}},
            Trigger(kind="alarm"),
        ),
        # A person.
        ({"dryRun": True}, Trigger(kind="manual", dry_run=True)),
        ({"dryRun": False}, Trigger(kind="manual")),
    ],
)
def test_accepted_events(event: Any, expected: Trigger) -> None:
    assert parse_trigger(event) == expected


@pytest.mark.parametrize(
    ("event", "complaint"),
    [
        ([], "must be a JSON object"),
        ({}, "unrecognised event"),
        ({"trigger": "hourly"}, "trigger must be one of"),
        ({"trigger": 3}, "trigger must be one of"),
        ({"trigger": "schedule", "alarmName": 7}, "alarmName must be a string or null"),
        ({"trigger": "schedule", "force": True}, "unrecognised event"),
        ({"dryRun": "yes"}, "dryRun must be true or false"),
        ({"dryRun": 1}, "dryRun must be true or false"),
        ({**alarm_event("ALARM"), "detail": {"state": {}}}, "state.value"),
        ({"source": "aws.events", "detail-type": "Something Else"}, "unrecognised event"),
    ],
)
def test_rejected_events_say_what_was_expected(event: Any, complaint: str) -> None:
    with pytest.raises(InvalidTrigger, match=complaint):
        parse_trigger(event)


STACK_ENV = {
    # The names infra/stacks/compute_stack.py sets on the function.
    "EGRESS_VPC_ID": "vpc-0abc1234",
    "EGRESS_PUBLIC_SUBNET_ID": "subnet-0abc1234",
    "EGRESS_PRIVATE_ROUTE_TABLE_IDS": "rtb-0aaa1111, rtb-0bbb2222",
    "EGRESS_LOCK_TABLE_NAME": "main",
    "EGRESS_LOCK_NAME": "egress-rotation",
    "EGRESS_GRACE_PERIOD_SECONDS": "300",
    "EGRESS_KEEP_LAST": "2",
    "EGRESS_TAG_KEY": "ManagedBy",
    "EGRESS_TAG_VALUE": "tattoo-directory-egress",
}


def test_config_reads_the_stack_variables() -> None:
    config = RotationConfig.from_env(STACK_ENV)
    assert config.vpc_id == "vpc-0abc1234"
    assert config.public_subnet_id == "subnet-0abc1234"
    assert config.route_table_ids == ("rtb-0aaa1111", "rtb-0bbb2222")
    assert config.grace_period_s == 300.0
    assert config.keep_addresses == 2
    assert config.managed_tag == {"ManagedBy": "tattoo-directory-egress"}
    assert config.lock_name == "egress-rotation"
    assert config.check_url is None
    # Not set by the stack: defaults that fit the 15-minute function.
    assert config.wait_timeout_s == 180.0
    assert config.time_budget_s() <= 900


def test_config_optional_settings() -> None:
    config = RotationConfig.from_env(
        {
            **STACK_ENV,
            "EGRESS_PRIVATE_ROUTE_TABLE_IDS": "",
            "EGRESS_WAIT_TIMEOUT_SECONDS": "60",
            "EGRESS_CHECK_URL": "https://checkip.amazonaws.com",
            "EGRESS_KEEP_LAST": "0",
        }
    )
    assert config.route_table_ids == ()  # discovered from the VPC
    assert config.wait_timeout_s == 60.0
    assert config.check_url == "https://checkip.amazonaws.com"
    assert config.keep_addresses == 0


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("EGRESS_VPC_ID", ""),
        ("EGRESS_VPC_ID", "subnet-0abc"),
        ("EGRESS_PUBLIC_SUBNET_ID", "vpc-0abc"),
        ("EGRESS_PRIVATE_ROUTE_TABLE_IDS", "rtb-0aaa,igw-0bbb"),
        ("EGRESS_GRACE_PERIOD_SECONDS", "five minutes"),
        ("EGRESS_GRACE_PERIOD_SECONDS", "-1"),
        ("EGRESS_GRACE_PERIOD_SECONDS", "nan"),
        ("EGRESS_KEEP_LAST", "1.5"),
        ("EGRESS_WAIT_TIMEOUT_SECONDS", "0"),
    ],
)
def test_config_errors_name_the_variable(name: str, value: str) -> None:
    with pytest.raises(ConfigurationError, match=name):
        RotationConfig.from_env({**STACK_ENV, name: value})
