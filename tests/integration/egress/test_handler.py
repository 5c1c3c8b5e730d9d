"""The Lambda handler with the stack's environment, against moto: the events the stack's rules
send, a manual dry run, a failure that must fail the invocation after notifying."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from compute.handlers import rotate_egress_ip as module
from compute.handlers.rotate_egress_ip import InvalidTrigger, handler
from compute.services.egress_report import RotationFailed
from compute.services.egress_settings import ConfigurationError
from tests.integration.egress.conftest import LOCK_TABLE, Vpc, World

pytestmark = pytest.mark.integration


@dataclass
class Context:
    remaining_ms: int = 900_000
    function_name: str = "rotate-egress-ip"
    function_version: str = "$LATEST"
    memory_limit_in_mb: int = 256
    invoked_function_arn: str = "arn:aws:lambda:eu-west-2:123456789012:function:rotate-egress-ip"
    aws_request_id: str = "0f2b4f5e-0000-4000-8000-000000000001"
    log_group_name: str = "/aws/lambda/rotate-egress-ip"
    log_stream_name: str = "2026/11/28/[$LATEST]0000"

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining_ms


@pytest.fixture
def stack_env(world: World, monkeypatch: pytest.MonkeyPatch) -> Iterator[Vpc]:
    """The environment infra/stacks/compute_stack.py gives the function, pointed at one VPC."""
    vpc = world.vpc()
    env = {
        "EGRESS_VPC_ID": vpc.vpc_id,
        "EGRESS_PUBLIC_SUBNET_ID": vpc.public_subnet_id,
        "EGRESS_PRIVATE_ROUTE_TABLE_IDS": ",".join(vpc.route_table_ids),
        "EGRESS_LOCK_TABLE_NAME": LOCK_TABLE,
        "EGRESS_LOCK_NAME": "egress-rotation",
        "EGRESS_GRACE_PERIOD_SECONDS": "0",
        "EGRESS_KEEP_LAST": "1",
        "EGRESS_TAG_KEY": "ManagedBy",
        "EGRESS_TAG_VALUE": vpc.tag_value,
        "EGRESS_WAIT_TIMEOUT_SECONDS": "5",
        "EGRESS_POLL_INTERVAL_SECONDS": "0.05",
        "TABLE_NAME": LOCK_TABLE,
        "ALERTS_TOPIC_ARN": world.alerts.topic_arn,
        "POWERTOOLS_SERVICE_NAME": "rotate-egress-ip",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    module._rotation.cache_clear()
    yield vpc
    module._rotation.cache_clear()


def test_weekly_schedule_rotates(world: World, stack_env: Vpc) -> None:
    vpc = stack_env
    buffer = io.StringIO()
    # The handler's logger holds the stdout of import time: point it at a buffer for this test.
    previous = module.logger.registered_handler.setStream(buffer)  # type: ignore[attr-defined]
    try:
        summary = handler({"trigger": "schedule"}, Context())  # type: ignore[arg-type]
    finally:
        module.logger.registered_handler.setStream(previous)  # type: ignore[attr-defined]
    assert summary["outcome"] == "success" and summary["trigger"] == "schedule"
    assert summary["oldGatewayId"] == vpc.gateway_id
    assert summary["routeTableIds"] == list(vpc.route_table_ids)
    after = vpc.snapshot()
    assert after.routes == dict.fromkeys(vpc.route_table_ids, summary["newGatewayId"])
    assert after.gateways == {summary["newGatewayId"]}
    # keep 1: the stack's address stays allocated for a rollback by hand.
    assert vpc.allocation_id in after.addresses and len(after.addresses) == 2
    [message] = world.alerts.messages()
    assert message["outcome"] == "success"
    assert message["correlationId"] == summary["correlationId"]
    logs = buffer.getvalue()
    assert "egress rotation finished" in logs and summary["correlationId"] in logs
    assert Context.aws_request_id in logs  # the Lambda context is in every line
    for secret in (vpc.gateway_id, summary["newGatewayId"], vpc.public_ip, summary["newAddress"]):
        assert secret not in logs


def test_blocked_requests_alarm_rotates_and_dry_run_changes_nothing(
    world: World, stack_env: Vpc
) -> None:
    vpc = stack_env
    start = vpc.snapshot()
    dry = handler({"dryRun": True}, Context())  # type: ignore[arg-type]
    assert dry["outcome"] == "dry-run"
    assert dry["plan"]["routeTableIds"] == list(vpc.route_table_ids)
    assert vpc.snapshot() == start

    event = {"trigger": "blocked-requests-alarm", "alarmName": "ScraperBlockedRequestsAlarm"}
    summary = handler(event, Context())  # type: ignore[arg-type]
    assert summary["outcome"] == "success" and summary["trigger"] == "alarm"
    assert [m["outcome"] for m in world.alerts.messages()] == ["dry-run", "success"]


def test_failure_is_notified_then_raised(world: World, stack_env: Vpc) -> None:
    vpc = stack_env
    vpc.ec2.delete_tags(Resources=[vpc.gateway_id], Tags=[{"Key": "ManagedBy"}])
    with pytest.raises(RotationFailed, match="egress rotation failure"):
        handler({"trigger": "schedule"}, Context())  # type: ignore[arg-type]
    [message] = world.alerts.messages()
    assert message["outcome"] == "failure" and "lacks the tag ManagedBy" in message["error"]


def test_alarm_back_to_ok_and_invalid_events_do_nothing(world: World, stack_env: Vpc) -> None:
    vpc = stack_env
    start = vpc.snapshot()
    ok_event: dict[str, Any] = {
        "source": "aws.cloudwatch",
        "detail-type": "CloudWatch Alarm State Change",
        "detail": {"alarmName": "ScraperBlockedRequestsAlarm", "state": {"value": "OK"}},
    }
    assert handler(ok_event, Context()) == {"outcome": "ignored", "trigger": "alarm"}  # type: ignore[arg-type]
    with pytest.raises(InvalidTrigger, match="unrecognised event"):
        handler({"rotate": "please"}, Context())  # type: ignore[arg-type]
    assert vpc.snapshot() == start
    assert world.alerts.messages() == []


def test_too_little_time_left_is_refused_before_any_change(world: World, stack_env: Vpc) -> None:
    vpc = stack_env
    start = vpc.snapshot()
    with pytest.raises(ConfigurationError, match="may need 70 s"):
        handler({"trigger": "schedule"}, Context(remaining_ms=30_000))  # type: ignore[arg-type]
    assert vpc.snapshot() == start
