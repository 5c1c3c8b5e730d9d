"""Which alarms a scenario means to raise, which it raised, and whether they cleared.

An alarm is *expected* in a scenario when the scenario names it (what the stack means to raise
for that fault: a crashing sync -> the sync errors alarm, then the sync-failures queue alarm)
or when the watch saw its cause happen (the runtime counted an error of that function, a
watched queue held a message): every cause must raise its alarm, and no alarm may fire without
one. Alarms are *seen* through the stack's own edge: the CloudWatch notifications the alerts
topic delivers to a queue the watch subscribes. A scenario's alarms pass when the seen set is
exactly the expected set and each went back to OK once the fault cleared. Only alarms that
notify the alerts topic take part (the scraper's scaling alarms act on the service instead).

`judge` is pure; `AlarmWatch` reads the running stack. An expected alarm that was not seen and
whose metric nothing local emits is reported with the reason it can never fire (a wrong metric
name or dimension), as `compute-local alarms` says it.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from emulation.alarms.reach import LocalMetric, observed_metrics, reach, service_metrics
from load.chaos.stack import Stack

SETTLE_EVERY_S = 2.0  # how often the waiting operator looks at the failure queues again
ALARM_TIME_SCALE = 60.0  # a 5-minute period lasts 5 s, a 1-minute one 1 s
# The stack's alarm on scraper tasks that stopped abnormally (its metric comes from a metric
# filter on the task events a rule collects, so no dimension names the cluster).
TASK_FAILURES_ALARM = "ScraperTaskFailuresAlarm"
INBOX = "chaos-alerts-inbox"


@dataclass(frozen=True)
class AlarmCheck:
    expected: list[str]
    seen: list[str]
    missing: list[str]  # expected, never went to ALARM
    unexpected: list[str]  # went to ALARM without a named or observed cause
    not_cleared: list[str]  # went to ALARM and was not back to OK at the end
    cannot_fire: dict[str, str] = field(default_factory=dict)  # missing ones that never can
    causes: dict[str, str] = field(default_factory=dict)  # expected alarm -> why
    # Alarms the fault may raise or not, by how long the machine takes to work it off (seen
    # without being expected, they are not "without a cause"; they must still clear).
    possible: dict[str, str] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return not (self.missing or self.unexpected or self.not_cleared)

    def describe(self) -> str:
        parts = [f"alarms expected {self.expected or 'none'}, seen {self.seen or 'none'}"]
        for alarm in self.missing:
            why = self.cannot_fire.get(alarm)
            parts.append(f"{alarm} never fired" + (f" (it can never fire: {why})" if why else ""))
        if self.unexpected:
            parts.append(f"fired without a cause: {self.unexpected}")
        if self.not_cleared:
            parts.append(f"still in ALARM after the fault cleared: {self.not_cleared}")
        return "; ".join(parts)


def judge(
    causes: Mapping[str, str],
    seen: Iterable[str],
    cleared: Iterable[str],
    cannot_fire: Mapping[str, str],
    possible: Mapping[str, str] | None = None,
) -> AlarmCheck:
    """Expected (alarm -> cause) against seen; `cleared` went back to OK; `cannot_fire` is
    every alarm that cannot fire locally, with the reason; `possible` (alarm -> why) may fire
    or not without failing the check."""
    expected, seen_set, cleared_set = set(causes), set(seen), set(cleared)
    maybe = {a: why for a, why in (possible or {}).items() if a not in expected}
    missing = sorted(expected - seen_set)
    return AlarmCheck(
        expected=sorted(expected),
        seen=sorted(seen_set),
        missing=missing,
        unexpected=sorted(seen_set - expected - set(maybe)),
        not_cleared=sorted(seen_set - cleared_set),
        cannot_fire={a: cannot_fire[a] for a in missing if a in cannot_fire},
        causes=dict(sorted(causes.items())),
        possible=dict(sorted(maybe.items())),
    )


def cannot_fire_locally(
    alarms: Iterable[Mapping[str, Any]], local: set[LocalMetric], names: Mapping[str, str]
) -> dict[str, str]:
    """Alarm (logical id) -> why it can never fire, for each deployed alarm that cannot."""
    out = {}
    for alarm in alarms:
        verdict = reach(alarm, local)
        if not verdict.can_fire:
            out[names.get(alarm["AlarmName"], alarm["AlarmName"])] = verdict.reason
    return out


class AlarmWatch:
    """One scenario's alarms: `begin` before the fault, `end(named)` after it cleared."""

    def __init__(self, stack: Stack, *, clear_timeout_s: float = 90.0) -> None:
        self.stack = stack
        self.clear_timeout_s = clear_timeout_s
        self.cloudwatch = stack.client("cloudwatch")
        self.sqs = stack.client("sqs")
        self.names = _alarm_logical_ids(stack)
        alarms = self._alarms()
        topic = stack.out("AlertsTopicArn")
        # Only alarms that alert people; the scaling alarms' actions are scaling policies.
        self.alerting = {a["AlarmName"] for a in alarms if topic in a.get("AlarmActions", [])}
        self.function_alarms = _by_dimension(alarms, "AWS/Lambda", "FunctionName")
        self.queue_alarms = _by_dimension(alarms, "AWS/SQS", "QueueName")
        self.inbox = _subscribe_inbox(stack, topic)
        self._before: dict[str, dict[str, int]] = {}
        self._tasks_before: set[str] = set()
        self._queue_causes: dict[str, str] = {}
        self._stop = threading.Event()
        self._sampler: threading.Thread | None = None
        self._previous_scale: float | None = None

    def _alarms(self) -> list[dict[str, Any]]:
        return [
            alarm
            for page in self.cloudwatch.get_paginator("describe_alarms").paginate(
                AlarmTypes=["MetricAlarm"]
            )
            for alarm in page["MetricAlarms"]
        ]

    def begin(self, settle_s: float = 60.0) -> list[str]:
        """Scale alarm time, wait (bounded) until every alerting alarm is OK, start watching;
        returns the alarms still in ALARM (left by an earlier fault) and so not judged."""
        self._previous_scale = self.stack.cloud.set_alarm_time_scale(ALARM_TIME_SCALE)
        # Let the evaluator judge what is already stored on the new scale before reading any
        # state: an alarm still OK on the old one can go to ALARM on its first scaled pass over
        # datapoints from before the scenario (CI: the failure records the chaos module purged
        # just before were still in the pipeline failures queue's last period, and that alarm
        # fired during search_down "without a cause").
        if self.stack.cloud.alarms is not None:
            self.stack.cloud.alarms.wait_for_pass()
        deadline = time.monotonic() + settle_s
        while self._in_alarm() and time.monotonic() < deadline:
            time.sleep(0.5)
        left = sorted(
            {self.names.get(a, a) for a in self._in_alarm()}
            | {self.names.get(a, a) for a in self._held_before()}
        )
        self._notifications()  # what arrived before the scenario is not its
        runtime = self.stack.cloud.runtime
        self._before = {f: dict(runtime.stats(f)) for f in self.function_alarms}
        self._tasks_before = set(self._failed_tasks())
        self._queue_causes = {}
        self._stop.clear()
        self._sampler = threading.Thread(target=self._sample_queues, daemon=True)
        self._sampler.start()
        return left

    def end(
        self,
        named: Mapping[str, str],
        ignored: Iterable[str] = (),
        settle: Callable[[], None] | None = None,
        possible: Mapping[str, str] | None = None,
    ) -> AlarmCheck:
        """Wait (bounded) until every expected alarm fired and every fired one is OK again,
        then judge. `named`: the alarms (logical ids) the scenario means to raise -> why;
        `possible`: alarms its fault may raise or not (see `AlarmCheck.possible`);
        `ignored`: alarms already in ALARM before it began (not judged); `settle`: what an
        operator keeps doing while waiting (taking the run's late records off their queues)."""
        skip = set(ignored)
        causes = dict(named)
        runtime = self.stack.cloud.runtime
        for function, alarms in self.function_alarms.items():
            now, before = runtime.stats(function), self._before.get(function, {})
            for kind, metric in (("errors", "Errors"), ("throttles", "Throttles")):
                grew = now.get(kind, 0) - before.get(kind, 0)
                if grew > 0 and metric in alarms:
                    causes.setdefault(
                        self.names.get(alarms[metric], alarms[metric]),
                        f"the runtime counted {grew} {kind} of {function}",
                    )
        failed = sorted(set(self._failed_tasks()) - self._tasks_before)
        if failed:
            causes.setdefault(
                TASK_FAILURES_ALARM, f"{len(failed)} task(s) stopped abnormally: {failed[:3]}"
            )
        deadline = time.monotonic() + self.clear_timeout_s
        fired: set[str] = set()
        next_settle = time.monotonic()
        while True:
            if settle is not None and time.monotonic() >= next_settle:
                settle()
                next_settle = time.monotonic() + SETTLE_EVERY_S
            fired |= {a for a, state in self._notifications() if state == "ALARM"}
            fired &= self.alerting
            for queue, cause in dict(self._queue_causes).items():
                alarm = self.queue_alarms.get(queue, {}).get("ApproximateNumberOfMessagesVisible")
                if alarm is not None:
                    causes.setdefault(self.names.get(alarm, alarm), cause)
            in_alarm = self._in_alarm()
            logical_fired = {self.names.get(a, a) for a in fired} - skip
            if (set(causes) - skip <= logical_fired and not in_alarm & fired) or (
                time.monotonic() > deadline
            ):
                break
            time.sleep(0.5)
        self._stop.set()
        if self._sampler is not None:
            self._sampler.join(timeout=5)
        if self._previous_scale is not None:
            self.stack.cloud.set_alarm_time_scale(self._previous_scale)
        cleared = {self.names.get(a, a) for a in fired - in_alarm}
        deployment = self.stack.cloud.deployment
        local = service_metrics(
            deployment.functions,
            self._queue_names(),
            deployment.state_machines.values(),
            **self.stack.cloud.metric_sources(),  # its API stages, stream mappings, services
        ) | observed_metrics(self.cloudwatch.get_paginator("list_metrics").paginate())
        unfirable = cannot_fire_locally(self._alarms(), local, self.names)
        judged = {alarm: cause for alarm, cause in causes.items() if alarm not in skip}
        return judge(judged, logical_fired, cleared, unfirable, possible)

    def _failed_tasks(self) -> list[str]:
        """Tasks that stopped with a non-zero exit code or failed to start (the rule's test)."""
        ecs = self.stack.cloud.ecs
        if ecs is None:
            return []
        out = []
        for task in list(ecs.tasks.values()):
            described = task.describe()
            if described.get("lastStatus") != "STOPPED":
                continue
            codes = [c.get("exitCode") for c in described.get("containers", [])]
            if described.get("stopCode") == "TaskFailedToStart" or any(
                code not in (None, 0) for code in codes
            ):
                out.append(str(described["taskArn"]))
        return out

    def _queue_names(self) -> list[str]:
        return [u.rsplit("/", 1)[-1] for u in self.sqs.list_queues().get("QueueUrls", [])]

    def _in_alarm(self) -> set[str]:
        return {
            a["AlarmName"]
            for a in self._alarms()
            if a["StateValue"] == "ALARM" and a["AlarmName"] in self.alerting
        }

    def _notifications(self) -> list[tuple[str, str]]:
        """(alarm, new state) of every notification that reached the inbox since last read."""
        out: list[tuple[str, str]] = []
        while True:
            reply = self.sqs.receive_message(
                QueueUrl=self.inbox, MaxNumberOfMessages=10, WaitTimeSeconds=0
            )
            messages = reply.get("Messages", [])
            if not messages:
                return out
            for message in messages:
                try:
                    note = json.loads(json.loads(message["Body"])["Message"])
                    out.append((str(note["AlarmName"]), str(note["NewStateValue"])))
                except (ValueError, KeyError, TypeError):
                    pass  # not a CloudWatch notification (someone else published)
                self.sqs.delete_message(QueueUrl=self.inbox, ReceiptHandle=message["ReceiptHandle"])

    def _held_before(self) -> set[str]:
        """Alarms on queues that hold visible messages before the fault: records an earlier test
        or run left (a daily aggregation's failure records) fire them during the scenario, at the
        scaled time, without the scenario having caused them; they are not judged."""
        held: set[str] = set()
        for url in self.sqs.list_queues().get("QueueUrls", []):
            alarm = self.queue_alarms.get(url.rsplit("/", 1)[-1], {}).get(
                "ApproximateNumberOfMessagesVisible"
            )
            if alarm is None or alarm not in self.alerting:
                continue
            attributes = self.sqs.get_queue_attributes(
                QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"]
            )["Attributes"]
            if int(attributes["ApproximateNumberOfMessages"]) > 0:
                held.add(alarm)
        return held

    def _sample_queues(self) -> None:
        """Every watched queue that held a visible message during the scenario."""
        urls = {u.rsplit("/", 1)[-1]: u for u in self.sqs.list_queues().get("QueueUrls", [])}
        while not self._stop.wait(0.5):
            for queue in self.queue_alarms:
                if queue in self._queue_causes or queue not in urls:
                    continue
                try:
                    visible = int(
                        self.sqs.get_queue_attributes(
                            QueueUrl=urls[queue], AttributeNames=["ApproximateNumberOfMessages"]
                        )["Attributes"]["ApproximateNumberOfMessages"]
                    )
                except Exception:  # a failed look is retried on the next sample
                    visible = 0
                if visible > 0:
                    self._queue_causes[queue] = f"{queue} held {visible} visible message(s)"


def _by_dimension(
    alarms: Iterable[Mapping[str, Any]], namespace: str, dimension: str
) -> dict[str, dict[str, str]]:
    """Resource (function, queue) -> metric name -> alarm name, for single-metric alarms."""
    out: dict[str, dict[str, str]] = {}
    for alarm in alarms:
        if alarm.get("Namespace") != namespace:
            continue
        for d in alarm.get("Dimensions", []):
            if d["Name"] == dimension:
                out.setdefault(d["Value"], {})[alarm["MetricName"]] = alarm["AlarmName"]
    return out


def _alarm_logical_ids(stack: Stack) -> dict[str, str]:
    """Deployed alarm name -> its logical id in the template (what scenarios name)."""
    deployment = stack.cloud.deployment
    return {
        str(deployed.physical_id): logical_id
        for resources in deployment.resources.values()
        for logical_id, deployed in resources.items()
        if deployed.type == "AWS::CloudWatch::Alarm"
    }


def _subscribe_inbox(stack: Stack, topic: str) -> str:
    """A queue subscribed to the alerts topic (once per stack): where notifications are read."""
    sqs, sns = stack.client("sqs"), stack.client("sns")
    url = str(sqs.create_queue(QueueName=INBOX)["QueueUrl"])
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    subscribed = {
        s["Endpoint"]
        for page in sns.get_paginator("list_subscriptions_by_topic").paginate(TopicArn=topic)
        for s in page["Subscriptions"]
    }
    if arn not in subscribed:
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
    return url
