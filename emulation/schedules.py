"""EventBridge rules, locally: schedules fire on time, any rule fires on demand.

Moto stores rules but never fires schedules, and a Lambda or Step Functions target makes its
PutEvents fail; so the local cloud keeps the rules' targets here. A scheduler thread fires
`cron(...)`/`rate(...)` rules when due (the clock is injectable: tests advance it and call
`tick()`); `fire(name)` fires any rule now, with a Scheduled Event or, for event-pattern rules, a
synthetic event that matches the pattern. Targets: Lambda (through the local runtime), Step
Functions (StartExecution in moto, always with a name), SQS, SNS; Input, InputPath and
InputTransformer are applied as EventBridge does.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import json
import logging
import re
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from emulation.aws import ACCOUNT_ID, REGION
from emulation.cron import Schedule

logger = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class TargetSpec:
    """One rule target (AWS::Events::Rule Targets item, already resolved)."""

    id: str
    arn: str
    input: str | None = None
    input_path: str | None = None
    input_transformer: Mapping[str, Any] | None = None
    ecs_parameters: Mapping[str, Any] | None = None

    @classmethod
    def from_properties(cls, props: Mapping[str, Any]) -> TargetSpec:
        raw_input = props.get("Input")
        return cls(
            id=str(props.get("Id", "Target0")),
            arn=str(props["Arn"]),
            input=raw_input
            if raw_input is None or isinstance(raw_input, str)
            else json.dumps(raw_input),
            input_path=props.get("InputPath"),
            input_transformer=props.get("InputTransformer"),
            ecs_parameters=props.get("EcsParameters"),
        )


@dataclass
class RuleSpec:
    name: str
    arn: str
    schedule_expression: str | None
    event_pattern: Mapping[str, Any] | None
    enabled: bool
    targets: list[TargetSpec]
    timezone: str = "UTC"


@dataclass
class TargetResult:
    """What one target did: `result` is the InvokeResult, execution ARN or message id."""

    target_id: str
    arn: str
    input: Any
    result: Any = None
    error: str | None = None


@dataclass
class _Rule:
    spec: RuleSpec
    schedule: Schedule | None
    created: datetime
    next_due: datetime | None = None
    fired: list[datetime] = field(default_factory=list)


class Schedules:
    """The rules of a deployment and the thread that fires scheduled ones."""

    def __init__(
        self,
        *,
        invoke: Callable[[str, Any], Any] | None = None,
        client: Callable[[str], Any] | None = None,
        run_task: Callable[..., Any] | None = None,
        clock: Clock = utc_now,
        poll_s: float = 1.0,
    ) -> None:
        self._invoke = invoke
        self._client = client
        self._run_task = run_task
        self._clock = clock
        self._poll_s = poll_s
        self._rules: dict[str, _Rule] = {}
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.history: list[tuple[str, datetime, list[TargetResult]]] = []
        self._executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=8, thread_name_prefix="schedules-target"
        )

    # -- rules -----------------------------------------------------------------------------

    def add_rule(self, spec: RuleSpec) -> None:
        schedule = None
        if spec.schedule_expression:
            schedule = Schedule.parse(spec.schedule_expression, ZoneInfo(spec.timezone))
        now = self._clock()
        rule = _Rule(spec, schedule, created=now)
        if schedule is not None and spec.enabled:
            rule.next_due = schedule.next_after(now, start=now)
        with self._lock:
            self._rules[spec.name] = rule
        for target in spec.targets:
            if _target_kind(target.arn) == "unsupported":
                logger.warning("rule %s: target %s is not emulated", spec.name, target.arn)

    def rules(self) -> list[str]:
        with self._lock:
            return sorted(self._rules)

    def rule(self, name: str) -> RuleSpec:
        return self._get(name).spec

    def next_due(self, name: str) -> datetime | None:
        return self._get(name).next_due

    def _get(self, name: str) -> _Rule:
        with self._lock:
            if name in self._rules:
                return self._rules[name]
            for rule in self._rules.values():
                if rule.spec.arn == name:
                    return rule
        raise KeyError(f"no rule named {name!r}; deployed rules: {self.rules()}")

    # -- the scheduler ------------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="schedules", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        self._executor.shutdown(wait=False, cancel_futures=True)

    def _run(self) -> None:
        while not self._stop.wait(self._poll_s):
            try:
                self.tick(background=True)
            except Exception:  # the scheduler must outlive one bad target
                logger.exception("scheduled rule failed")

    def tick(self, background: bool = False) -> list[tuple[str, list[TargetResult]]]:
        """Fire every enabled scheduled rule that is due by the clock; returns what fired.

        A rule fires once per tick even if several periods were missed (EventBridge does not
        catch up), then waits for its next time after now. With `background` (the scheduler
        thread) targets run on worker threads, as EventBridge invokes them asynchronously, so
        a slow target never delays another rule; the results are then not returned.
        """
        now = self._clock()
        fired: list[tuple[str, list[TargetResult]]] = []
        with self._lock:
            due = [r for r in self._rules.values() if r.next_due is not None and r.next_due <= now]
        for rule in due:
            assert rule.next_due is not None and rule.schedule is not None
            scheduled_at = rule.next_due
            rule.next_due = rule.schedule.next_after(now, start=rule.created)
            event = scheduled_event(rule.spec, scheduled_at)
            if background:
                self._executor.submit(self._fire, rule, event)
            else:
                fired.append((rule.spec.name, self._fire(rule, event)))
        return fired

    # -- firing ------------------------------------------------------------------------------

    def fire(self, name: str, event: Mapping[str, Any] | None = None) -> list[TargetResult]:
        """Fire a rule now. Without `event`: a Scheduled Event, or a synthetic event matching
        an event-pattern rule. A given event must match the rule's pattern."""
        rule = self._get(name)
        if event is None:
            if rule.spec.event_pattern is not None:
                event = synthetic_event(rule.spec.event_pattern, self._clock())
            else:
                event = scheduled_event(rule.spec, self._clock())
        elif rule.spec.event_pattern is not None and not matches(rule.spec.event_pattern, event):
            raise ValueError(f"event does not match the pattern of rule {rule.spec.name}")
        return self._fire(rule, dict(event))

    def publish(self, event: Mapping[str, Any]) -> list[str]:
        """An event on the default bus (e.g. an alarm's state change): every enabled rule whose
        pattern matches fires in the background; returns their names."""
        with self._lock:
            rules = [
                r
                for r in self._rules.values()
                if r.spec.enabled
                and r.spec.event_pattern is not None
                and matches(r.spec.event_pattern, event)
            ]
        for rule in rules:
            self._executor.submit(self._fire, rule, dict(event))
        return [rule.spec.name for rule in rules]

    def _fire(self, rule: _Rule, event: dict[str, Any]) -> list[TargetResult]:
        rule.fired.append(self._clock())
        results = [self._deliver(rule.spec, target, event) for target in rule.spec.targets]
        self.history.append((rule.spec.name, self._clock(), results))
        for result in results:
            if result.error:
                logger.warning("rule %s target %s: %s", rule.spec.name, result.arn, result.error)
        return results

    def _deliver(self, rule: RuleSpec, target: TargetSpec, event: dict[str, Any]) -> TargetResult:
        try:
            payload = target_input(target, event, rule)
        except (KeyError, ValueError) as exc:
            return TargetResult(target.id, target.arn, None, error=f"input: {exc}")
        kind = _target_kind(target.arn)
        outcome = TargetResult(target.id, target.arn, payload)
        try:
            if kind == "lambda" and self._invoke is not None:
                outcome.result = self._invoke(target.arn, payload)
                if getattr(outcome.result, "function_error", None):
                    outcome.error = f"function error: {outcome.result.payload}"
            elif kind == "states" and self._client is not None:
                outcome.result = self._client("stepfunctions").start_execution(
                    stateMachineArn=target.arn,
                    name=execution_name(rule.name),
                    input=json.dumps(payload),
                )["executionArn"]
            elif kind == "sqs" and self._client is not None:
                sqs = self._client("sqs")
                name = target.arn.rsplit(":", 1)[-1]
                url = sqs.get_queue_url(QueueName=name)["QueueUrl"]
                outcome.result = sqs.send_message(QueueUrl=url, MessageBody=json.dumps(payload))[
                    "MessageId"
                ]
            elif kind == "sns" and self._client is not None:
                outcome.result = self._client("sns").publish(
                    TargetArn=target.arn, Message=json.dumps(payload)
                )["MessageId"]
            elif kind == "logs" and self._client is not None:
                group = target.arn.split(":log-group:", 1)[1].removesuffix(":*")
                logs = self._client("logs")
                stream = f"events-{rule.name}"[:512]
                with contextlib.suppress(logs.exceptions.ResourceAlreadyExistsException):
                    logs.create_log_stream(logGroupName=group, logStreamName=stream)
                logs.put_log_events(
                    logGroupName=group,
                    logStreamName=stream,
                    logEvents=[
                        {"timestamp": int(time.time() * 1000), "message": json.dumps(payload)}
                    ],
                )
                outcome.result = f"{group}/{stream}"
            elif kind == "ecs" and self._run_task is not None:
                params = dict(target.ecs_parameters or {})
                outcome.result = self._run_task(
                    cluster=target.arn,
                    task_definition=str(params.get("TaskDefinitionArn")),
                    count=int(params.get("TaskCount", 1)),
                    started_by=f"events-rule/{rule.name}",
                )
            else:
                outcome.error = f"target {target.arn} ({kind}) is not emulated"
        except Exception as exc:  # reported on the result; EventBridge would retry then DLQ
            outcome.error = repr(exc)
        return outcome


def _target_kind(arn: str) -> str:
    parts = arn.split(":")
    service = parts[2] if len(parts) > 2 else ""
    known = {"lambda", "states", "sqs", "sns", "ecs", "logs"}
    return service if service in known else "unsupported"


def execution_name(rule_name: str) -> str:
    """A unique, valid execution name (moto names an unnamed execution `None`)."""
    safe = re.sub(r"[^A-Za-z0-9_-]", "-", rule_name)[:40]
    return f"{safe}-{uuid.uuid4().hex[:16]}"


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def scheduled_event(rule: RuleSpec, at: datetime) -> dict[str, Any]:
    """The event EventBridge sends for a scheduled rule."""
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": ACCOUNT_ID,
        "time": _iso(at),
        "region": REGION,
        "resources": [rule.arn],
        "detail": {},
    }


def synthetic_event(pattern: Mapping[str, Any], at: datetime) -> dict[str, Any]:
    """An event that matches `pattern` (first allowed value of each field), on top of the
    envelope every event has."""
    event: dict[str, Any] = {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Local Synthetic Event",
        "source": "local.synthetic",
        "account": ACCOUNT_ID,
        "time": _iso(at),
        "region": REGION,
        "resources": [],
        "detail": {},
    }
    event.update(_example(pattern))
    if not matches(pattern, event):
        raise ValueError(f"cannot build an event matching pattern {json.dumps(pattern)}")
    return event


def _example(pattern: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, rule in pattern.items():
        if isinstance(rule, Mapping):
            out[key] = _example(rule)
        elif isinstance(rule, list) and rule:
            value = _example_value(rule[0])
            if value is not _ABSENT:
                out[key] = value
    return out


_ABSENT = object()  # {"exists": false}: the field must not be there


def _example_value(rule: Any) -> Any:
    if not isinstance(rule, Mapping):
        return rule
    if "prefix" in rule:
        return f"{rule['prefix']}local"
    if "suffix" in rule:
        return f"local{rule['suffix']}"
    if "equals-ignore-case" in rule:
        return rule["equals-ignore-case"]
    if "anything-but" in rule:
        return "local-synthetic-value"
    if "numeric" in rule:
        ops = rule["numeric"]
        bound = float(ops[1]) if len(ops) > 1 else 0.0
        return bound if ops[0] in (">=", "<=", "=") else bound + (1 if ops[0] == ">" else -1)
    if "exists" in rule:
        return "local" if rule["exists"] else _ABSENT
    return None


def matches(pattern: Mapping[str, Any], event: Mapping[str, Any]) -> bool:
    """EventBridge pattern matching (literals, prefix, suffix, anything-but, exists, numeric,
    `$or`, objects inside arrays)."""
    for key, rule in pattern.items():
        if key == "$or":  # any of the alternatives, each a pattern at this level
            if not any(matches(alternative, event) for alternative in rule):
                return False
            continue
        present = key in event
        value = event.get(key)
        if isinstance(rule, Mapping):
            # An array of objects matches when one of its objects does.
            objects = value if isinstance(value, list) else [value]
            if not any(isinstance(o, Mapping) and matches(rule, o) for o in objects):
                return False
            continue
        values = value if isinstance(value, list) else [value]
        if not any(_matches_value(r, v, present) for r in rule for v in values):
            return False
    return True


def _matches_value(rule: Any, value: Any, present: bool) -> bool:
    if not isinstance(rule, Mapping):
        return present and rule == value
    if "exists" in rule:
        return present is bool(rule["exists"])
    if not present:
        return False
    if "prefix" in rule:
        return isinstance(value, str) and value.startswith(str(rule["prefix"]))
    if "suffix" in rule:
        return isinstance(value, str) and value.endswith(str(rule["suffix"]))
    if "equals-ignore-case" in rule:
        return isinstance(value, str) and value.lower() == str(rule["equals-ignore-case"]).lower()
    if "anything-but" in rule:
        excluded = rule["anything-but"]
        excluded = excluded if isinstance(excluded, list) else [excluded]
        return value not in excluded
    if "numeric" in rule:
        if not isinstance(value, int | float):
            return False
        ops = rule["numeric"]
        checks = {
            "=": lambda a, b: a == b,
            ">": lambda a, b: a > b,
            ">=": lambda a, b: a >= b,
            "<": lambda a, b: a < b,
            "<=": lambda a, b: a <= b,
        }
        return all(checks[ops[i]](value, float(ops[i + 1])) for i in range(0, len(ops), 2))
    return False


def json_path(document: Any, path: str) -> Any:
    """EventBridge's JSONPath subset: `$`, `$.a.b`, `$.a[0]`."""
    if not path.startswith("$"):
        raise ValueError(f"path {path!r} must start with $")
    current = document
    for name, index in re.findall(r"\.([^.\[]+)|\[(\d+)\]", path[1:]):
        if name:
            if not isinstance(current, Mapping) or name not in current:
                return None
            current = current[name]
        else:
            if not isinstance(current, list) or int(index) >= len(current):
                return None
            current = current[int(index)]
    return current


def target_input(target: TargetSpec, event: Mapping[str, Any], rule: RuleSpec) -> Any:
    """What the target receives: Input, InputPath, InputTransformer or the whole event."""
    if target.input is not None:
        return json.loads(target.input)
    if target.input_path is not None:
        return json_path(event, target.input_path)
    if target.input_transformer is not None:
        return transform(target.input_transformer, event, rule)
    return dict(event)


def transform(transformer: Mapping[str, Any], event: Mapping[str, Any], rule: RuleSpec) -> Any:
    """InputTransformer: `<name>` inside a JSON string is replaced by the raw text, outside a
    string by the JSON value; the result is JSON when it parses, else a string."""
    values: dict[str, Any] = {
        name: json_path(event, path)
        for name, path in (transformer.get("InputPathsMap") or {}).items()
    }
    values.setdefault("aws.events.rule-arn", rule.arn)
    values.setdefault("aws.events.rule-name", rule.name)
    values.setdefault("aws.events.event.ingestion-time", event.get("time"))
    values.setdefault("aws.events.event", dict(event))
    values.setdefault("aws.events.event.json", dict(event))
    template = str(transformer["InputTemplate"])
    if not template.lstrip().startswith(("{", "[", '"')):
        # A plain-text template: every placeholder is replaced by its raw text.
        def raw(match: re.Match[str]) -> str:
            value = values.get(match.group(1), match.group(0))
            return value if isinstance(value, str) else json.dumps(value)

        return re.sub(r"<([^<>]+)>", raw, template)
    out: list[str] = []
    in_string = False
    i = 0
    while i < len(template):
        char = template[i]
        if char == "\\" and in_string:
            out.append(template[i : i + 2])
            i += 2
            continue
        if char == '"':
            in_string = not in_string
        if char == "<":
            end = template.find(">", i)
            name = template[i + 1 : end] if end > 0 else ""
            if name in values:
                value = values[name]
                if in_string:
                    text = value if isinstance(value, str) else json.dumps(value)
                    out.append(json.dumps(text)[1:-1])
                else:
                    out.append(json.dumps(value))
                i = end + 1
                continue
        out.append(char)
        i += 1
    rendered = "".join(out)
    try:
        return json.loads(rendered)
    except ValueError:
        return rendered
