"""Lambda entry point of `rotate-egress-ip`: the weekly schedule, the scraper blocked-request
alarm, or a manual `{"dryRun": true}` starts one egress-IP rotation.

Thin: validate the event, call the service, return its summary. A failed run raises (after the
service has notified the alerts topic), so the schedule's and the alarm's invocations show as
failed. Adapters are built once per container, on the first invocation.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from compute import bootstrap, contracts
from compute.handlers.tracing import tracer_for
from compute.services.egress_settings import ConfigurationError
from compute.services.rotate_egress_ip import EgressRotation

logger = Logger()
tracer = tracer_for(logger.service)

NOTIFICATION_SCHEMA = "egress-rotation-notification"
SCHEDULE = ("aws.events", "Scheduled Event")
ALARM = ("aws.cloudwatch", "CloudWatch Alarm State Change")
# What the stack's rules send (infra/stacks/compute_stack.py: the rules' target input).
RULE_TRIGGERS = {"schedule": "schedule", "blocked-requests-alarm": "alarm"}
EXPECTED_EVENTS = (
    '{"trigger": "schedule"|"blocked-requests-alarm", "alarmName"?, "dryRun"?}, '
    "an EventBridge 'Scheduled Event' or 'CloudWatch Alarm State Change' event, "
    'a CloudWatch alarm Lambda action, or {"dryRun": true|false}'
)


class InvalidTrigger(ValueError):
    """The event is none of the shapes that may start a rotation."""


@dataclass(frozen=True)
class Trigger:
    kind: str  # schedule | alarm | manual
    dry_run: bool = False
    # False for an alarm leaving the ALARM state: nothing to do.
    rotate: bool = True


def _alarm_state(state: object) -> str:
    value = state.get("value") if isinstance(state, Mapping) else None
    if not isinstance(value, str):
        raise InvalidTrigger(
            f"alarm event without state.value (a string); expected {EXPECTED_EVENTS}"
        )
    return value


def parse_trigger(event: object) -> Trigger:
    """The trigger an invocation event describes; InvalidTrigger names what was expected."""
    if not isinstance(event, Mapping):
        raise InvalidTrigger(f"event must be a JSON object, got {type(event).__name__}")
    source, detail_type = event.get("source"), event.get("detail-type")
    if (source, detail_type) == SCHEDULE:
        return Trigger(kind="schedule")
    if (source, detail_type) == ALARM:
        detail = event.get("detail")
        state = _alarm_state(detail.get("state") if isinstance(detail, Mapping) else None)
        return Trigger(kind="alarm", rotate=state == "ALARM")
    if source == "aws.cloudwatch" and isinstance(event.get("alarmData"), Mapping):
        state = _alarm_state(event["alarmData"].get("state"))
        return Trigger(kind="alarm", rotate=state == "ALARM")
    dry_run = event.get("dryRun", False)
    if not isinstance(dry_run, bool):
        raise InvalidTrigger(f"dryRun must be true or false, got {dry_run!r:.40}")
    if "trigger" in event and set(event) <= {"trigger", "alarmName", "dryRun"}:
        kind = RULE_TRIGGERS.get(event["trigger"]) if isinstance(event["trigger"], str) else None
        if kind is None:
            raise InvalidTrigger(
                f"trigger must be one of {sorted(RULE_TRIGGERS)}, got {event['trigger']!r:.40}"
            )
        # Informational only; an input transformer yields null when the path is missing.
        if not isinstance(event.get("alarmName"), str | None):
            raise InvalidTrigger("alarmName must be a string or null")
        return Trigger(kind=kind, dry_run=dry_run)
    if set(event) == {"dryRun"}:
        return Trigger(kind="manual", dry_run=dry_run)
    keys = ", ".join(sorted(map(str, event))[:10]) or "none"
    raise InvalidTrigger(f"unrecognised event (keys: {keys}); expected {EXPECTED_EVENTS}")


def _validate_notification(message: Mapping[str, Any]) -> None:
    contracts.validate(NOTIFICATION_SCHEMA, message)


@cache
def _rotation() -> EgressRotation:
    """Configuration and adapters, built once per container on the first invocation."""
    return bootstrap.egress_rotation(
        bootstrap.Settings.from_env(), logger=logger, validate_message=_validate_notification
    )


@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler(capture_response=False)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    trigger = parse_trigger(event)
    if not trigger.rotate:
        logger.info("alarm left the ALARM state; no rotation", extra={"trigger": trigger.kind})
        return {"outcome": "ignored", "trigger": trigger.kind}
    rotation = _rotation()
    remaining_s = context.get_remaining_time_in_millis() / 1000
    needed_s = rotation.config.time_budget_s()
    if not trigger.dry_run and remaining_s < needed_s:
        # Killed mid-swap, the run could not roll back: refuse before changing anything.
        raise ConfigurationError(
            f"the function has {remaining_s:.0f} s left but a rotation may need {needed_s:.0f} s "
            "(2 x EGRESS_WAIT_TIMEOUT_SECONDS + EGRESS_GRACE_PERIOD_SECONDS + 60): raise the "
            "timeout or "
            "lower those settings"
        )
    report = rotation.run(
        correlation_id=str(uuid.uuid4()),
        trigger=trigger.kind,
        dry_run=trigger.dry_run,
        # The lease outlives this invocation by a minute at most.
        lock_ttl_s=remaining_s + 60,
    )
    return report.summary()
