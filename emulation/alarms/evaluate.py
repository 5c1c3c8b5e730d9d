"""Static-threshold alarms evaluated as CloudWatch does, on the metrics in moto's CloudWatch.

The alarms and their datapoints are read from the in-process moto backend (`moto_store`): each
alarm's last `EvaluationPeriods` whole periods (and a few older ones, see `decide`) come from
one `MetricIndex` per evaluator, refreshed once per pass; a period's value is its `Statistic`
or `ExtendedStatistic` (`alarms/statistics.py`); a period with no data is missing and
`TreatMissingData` decides what it counts as; `DatapointsToAlarm` breaching points of those
make ALARM. A time scale divides every period (scale 60: a 5-minute period lasts 5 s) so tests
see AWS's semantics in seconds. An alarm is evaluated again only when its evaluation range moved
(a period ended), a datapoint landed inside the range, its state or its definition changed:
otherwise the verdict could not differ, and a pass costs only the alarms that can change
(CloudWatch, too, evaluates an alarm once a period).
A state change goes through moto's `set_alarm_state` (so `describe_alarms` has the reason) and
runs the state's SNS actions.
"""

from __future__ import annotations

import json
import logging
import math
import threading
import time
import uuid
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from emulation.alarms import metric_math
from emulation.alarms.moto_store import (
    MetricIndex,
    MetricKey,
    keep_distributions_whole,
    metric_alarms,
    metric_key,
)
from emulation.alarms.statistics import (
    Periods,
    is_supported,
    percentile_of,
    statistic,
    too_few_samples,
)
from emulation.aws import REGION, client

log = logging.getLogger(__name__)

COMPARE: dict[str, Callable[[float, float], bool]] = {
    "GreaterThanOrEqualToThreshold": lambda v, t: v >= t,
    "GreaterThanThreshold": lambda v, t: v > t,
    "LessThanThreshold": lambda v, t: v < t,
    "LessThanOrEqualToThreshold": lambda v, t: v <= t,
}
# How many periods back a pass that ran late still judges a period that got datapoints late.
MISSED_PERIODS = 10
# The share of a tick over which a pass spreads its alarms (the rest is slack before the next).
SPREAD_SHARE = 0.5
ACTIONS = {
    "ALARM": "AlarmActions",
    "OK": "OKActions",
    "INSUFFICIENT_DATA": "InsufficientDataActions",
}


@dataclass(frozen=True)
class Verdict:
    state: str
    reason: str
    value: float | None = None  # the newest datapoint evaluated (step scaling reads it)


def decide(
    values: Sequence[float | None],
    threshold: float,
    comparison: str,
    datapoints_to_alarm: int,
    treat_missing: str,
    current: str,
    periods: int | None = None,
) -> Verdict:
    """CloudWatch's decision over the evaluation range (oldest first; None = missing).

    `periods` (EvaluationPeriods) may be fewer than the values given: the rest is the older
    part of the evaluation range, which CloudWatch reads so that, with TreatMissingData
    `missing`, the most recent `periods` datapoints decide even when some recent periods are
    empty; the other treatments decide on the last `periods` periods."""
    if periods is not None and len(values) > periods:
        recent = list(values[-periods:])
        present_in_range = [v for v in values if v is not None]
        if treat_missing == "missing" and None in recent and present_in_range:
            values = present_in_range[-periods:]
        else:
            values = recent
    compare = COMPARE[comparison]
    present = [v for v in values if v is not None]
    newest = present[-1] if present else None
    missing = len(values) - len(present)
    if not present and treat_missing in ("missing", "ignore"):
        if treat_missing == "ignore":
            return Verdict(current, "no datapoints; state kept (TreatMissingData ignore)")
        return Verdict("INSUFFICIENT_DATA", "Insufficient Data: no datapoints were received")
    breaching = sum(compare(v, threshold) for v in present)
    if treat_missing == "breaching":
        breaching += missing
    if not present:  # every period missing, treated as notBreaching or breaching
        treated = "Breaching" if treat_missing == "breaching" else "NonBreaching"
        state = "ALARM" if breaching >= datapoints_to_alarm else "OK"
        return Verdict(
            state,
            f"Threshold Crossed: no datapoints were received for {len(values)} period(s) and "
            f"{len(values)} missing datapoint(s) were treated as [{treated}].",
        )
    shown = ", ".join("missing" if v is None else f"{v:g}" for v in values)
    op = comparison.replace("Threshold", " the threshold")
    if breaching >= datapoints_to_alarm:
        reason = (
            f"Threshold Crossed: {breaching} out of the last {len(values)} datapoints [{shown}] "
            f"were {op} ({threshold:g}) (minimum {datapoints_to_alarm} datapoint(s) for ALARM)."
        )
        return Verdict("ALARM", reason, newest)
    reason = (
        f"Threshold Crossed: {len(values) - breaching} out of the last {len(values)} datapoints "
        f"[{shown}] were not {op} ({threshold:g}) (minimum 1 datapoint for OK -> ALARM transition)."
    )
    return Verdict("OK", reason, newest)


@dataclass(frozen=True)
class _Read:
    """One metric an alarm reads: its key, statistic, unit and evaluation range."""

    key: MetricKey
    statistic: str
    unit: str | None
    periods: Periods


@dataclass(frozen=True)
class _Evaluated:
    """What an alarm's last verdict depended on besides the datapoints."""

    definition: tuple[Any, ...]
    ranges: tuple[tuple[float, float], ...]
    state: str


class AlarmEvaluator:
    """Evaluates the static-threshold alarms in moto every `tick_s` seconds, in a thread: those
    named in `alarms` (a local cloud's: the ones its deployment created, so that clouds sharing
    the process's moto each act on their own), or every alarm when `alarms` is None.

    moto must run in this process (the local cloud's, or the tests' embedded server): the
    datapoints are read from its backend, not over HTTP (see `moto_store`)."""

    def __init__(
        self,
        endpoint_url: str,
        *,
        time_scale: float = 1.0,
        before_tick: Callable[[], None] | None = None,
        tick_s: float | None = None,
        publish_event: Callable[[dict[str, Any]], object] | None = None,
        scale: Callable[[str, Mapping[str, Any], Verdict], object] | None = None,
        alarms: Collection[str] | None = None,
    ) -> None:
        self.endpoint_url = endpoint_url
        self.scope = None if alarms is None else tuple(dict.fromkeys(alarms))  # None: every alarm
        self.before_tick = before_tick  # e.g. flush the metric publisher first
        self.publish_event = publish_event  # EventBridge's default bus (the local rules)
        self.scale = scale  # Application Auto Scaling: (policy ARN, alarm, verdict)
        self._fixed_tick_s = tick_s
        self._wake = threading.Event()  # set: start the next pass now
        self._passes = 0  # passes the thread finished
        self._in_pass = False
        self._passed_one = threading.Condition()
        self.set_time_scale(time_scale)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._client: Any = None
        keep_distributions_whole()
        self.index = MetricIndex()
        self._evaluated: dict[str, _Evaluated] = {}
        self._passed = False  # a first pass reads every datapoint already there: none is late
        self._pass_scale = time_scale  # the scale the last pass judged periods on
        self.last_pass: dict[str, int] = {}  # alarms evaluated and skipped in the last pass

    def set_time_scale(self, time_scale: float) -> None:
        """Periods last `Period / time_scale` seconds from the next pass on, which starts now
        (the thread may be in the old scale's ten-second wait)."""
        if time_scale <= 0:
            raise ValueError(f"alarm time scale must be > 0, got {time_scale}")
        self.time_scale = time_scale
        self.tick_s = (
            self._fixed_tick_s
            if self._fixed_tick_s is not None
            else max(0.5, min(10.0, 60.0 / time_scale))
        )
        self._wake.set()

    def wait_for_pass(self, timeout_s: float = 30.0) -> bool:
        """Block until the thread finishes a pass it starts after this call (so one that judged
        what is in the store now, on the current scale); False if none did in time."""
        with self._passed_one:
            # A pass under way may have read the store before the call: then the next one.
            target = self._passes + (2 if self._in_pass else 1)
            self._wake.set()
            return self._passed_one.wait_for(lambda: self._passes >= target, timeout_s)

    def start(self) -> AlarmEvaluator:
        self._thread = threading.Thread(target=self._run, name="alarm-evaluator", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _run(self) -> None:
        while True:
            self._wake.wait(self.tick_s)
            self._wake.clear()
            if self._stop.is_set():
                return
            with self._passed_one:
                self._in_pass = True
            try:
                self.evaluate_all(spread_s=self.tick_s * SPREAD_SHARE)
            except Exception:
                log.warning("alarm evaluation failed", exc_info=True)
            with self._passed_one:
                self._in_pass = False
                self._passes += 1
                self._passed_one.notify_all()

    def _cloudwatch(self) -> Any:
        """One client for the evaluator's life: building one costs more than a pass's calls."""
        if self._client is None:
            self._client = client("cloudwatch", self.endpoint_url)
        return self._client

    def period_s(self, alarm: Mapping[str, Any]) -> int:
        """The alarm's period on the local clock, in whole seconds."""
        return self._local(alarm["Period"])

    def evaluate_all(
        self, now: float | None = None, *, spread_s: float = 0.0
    ) -> list[tuple[str, Verdict]]:
        """One pass over the alarms in scope that can have changed; returns the state changes
        made.

        With `spread_s`, the alarms' evaluations are spaced evenly over that many seconds
        instead of run back to back (the API gateway shares this process and its GIL)."""
        if self.before_tick is not None:
            self.before_tick()
        cloudwatch = self._cloudwatch()
        resets = self.index.resets
        fresh = self.index.refresh()
        # Late datapoints are caught up only when `fresh` holds just what landed since a pass
        # on the same scale: periods of the old scale are not the new one's, and a catch-up
        # across the change would judge an earlier time's datapoints (a queue's records before
        # a purge) as a breach of the new, shorter periods that no one saw happen.
        same_scale = self._pass_scale == self.time_scale
        late = fresh if self._passed and self.index.resets == resets and same_scale else {}
        if self.index.resets != resets:  # moto's store was reset: nothing known still holds
            self._evaluated.clear()
        self._passed = True
        self._pass_scale = self.time_scale
        at = time.time() if now is None else now
        alarms = [alarm for alarm in metric_alarms(self.scope) if self.evaluable(alarm)]
        missed = {alarm["AlarmName"]: self._missed(alarm, at, late) for alarm in alarms}
        due = [
            alarm for alarm in alarms if missed[alarm["AlarmName"]] or self._due(alarm, at, fresh)
        ]
        self.last_pass = {"evaluated": len(due), "skipped": len(alarms) - len(due)}
        gap_s = spread_s / len(due) if due else 0.0
        changes = []
        for i, alarm in enumerate(due):
            if i and gap_s > 0 and self._stop.wait(gap_s):
                break  # stopping: the rest waits for no one
            for then in missed[alarm["AlarmName"]]:
                breach = self.evaluate(alarm, then)
                if breach.state == "ALARM" != alarm["StateValue"]:
                    self._transition(cloudwatch, alarm, breach)
                    changes.append((alarm["AlarmName"], breach))
                    alarm = {**alarm, "StateValue": breach.state}
                    break
            verdict = self.evaluate(alarm, time.time() if now is None else now)
            self._evaluated[alarm["AlarmName"]] = _Evaluated(
                _definition(alarm), _ranges(self._reads(alarm, at)), verdict.state
            )
            if verdict.state != alarm["StateValue"]:
                self._transition(cloudwatch, alarm, verdict)
                changes.append((alarm["AlarmName"], verdict))
            if verdict.state == "ALARM":
                self._scaling_actions(alarm, verdict)
        return changes

    def _due(
        self, alarm: Mapping[str, Any], now: float, fresh: Mapping[MetricKey, tuple[float, float]]
    ) -> bool:
        """Whether the alarm's verdict can differ from its last one (see the module's doc)."""
        last = self._evaluated.get(alarm["AlarmName"])
        reads = self._reads(alarm, now)
        if (
            last is None
            or last.state != alarm["StateValue"]
            or last.definition != _definition(alarm)
            or last.ranges != _ranges(reads)
        ):
            return True
        for read in reads:
            landed = fresh.get(read.key)
            if (
                landed is not None
                and landed[0] < read.periods.end
                and landed[1] >= read.periods.start
            ):
                return True
        return False

    def _missed(
        self, alarm: Mapping[str, Any], now: float, late: Mapping[MetricKey, tuple[float, float]]
    ) -> list[float]:
        """The instants (oldest first) at which a period that got datapoints since the last pass
        was among the alarm's last finished ones, though `now` no longer judges it: a pass that
        ran late (a busy machine, scaled periods of seconds) must not skip a breach that
        CloudWatch, evaluating as each period ends, would have seen. At most MISSED_PERIODS."""
        if not late:
            return []
        count = int(alarm["EvaluationPeriods"])
        instants: set[float] = set()
        for read in self._reads(alarm, now):
            landed = late.get(read.key)
            if landed is None:
                continue
            period = read.periods.period
            judged_from = read.periods.end - count * period  # `now` judges periods from here
            oldest = max(
                math.floor(landed[0] / period) * period, judged_from - MISSED_PERIODS * period
            )
            start = oldest
            while start < judged_from and start <= landed[1]:
                instants.add(start + period)  # that period's end: it was the last finished one
                start += period
        return sorted(instants)

    @staticmethod
    def evaluable(alarm: Mapping[str, Any]) -> bool:
        """Static thresholds on one metric with a statistic or a percentile, or metric math over
        such metrics in an expression `metric_math` understands (what `reach` calls firable)."""
        if alarm.get("ComparisonOperator") not in COMPARE:
            return False
        if alarm.get("Metrics"):
            return metric_math.problem(alarm["Metrics"]) is None
        wanted = alarm.get("ExtendedStatistic") or alarm.get("Statistic")
        return wanted is not None and is_supported(str(wanted))

    def _reads(self, alarm: Mapping[str, Any], now: float) -> list[_Read]:
        """The metrics the alarm reads, each over its evaluation range: EvaluationPeriods plus
        older periods, for TreatMissingData `missing` (see `decide`)."""
        count = int(alarm["EvaluationPeriods"])
        span = count + max(2, count)
        if alarm.get("Metrics"):
            return [
                _Read(
                    metric_key(
                        q["MetricStat"]["Metric"]["Namespace"],
                        q["MetricStat"]["Metric"]["MetricName"],
                        q["MetricStat"]["Metric"].get("Dimensions", []),
                    ),
                    q["MetricStat"]["Stat"],
                    q["MetricStat"].get("Unit"),
                    Periods.ending_before(now, self._local(q["MetricStat"]["Period"]), span),
                )
                for q in alarm["Metrics"]
                if "MetricStat" in q
            ]
        return [
            _Read(
                metric_key(alarm["Namespace"], alarm["MetricName"], alarm.get("Dimensions", [])),
                alarm.get("ExtendedStatistic") or alarm["Statistic"],
                alarm.get("Unit"),
                Periods.ending_before(now, self._local(alarm["Period"]), span),
            )
        ]

    def _local(self, period_s: object) -> int:
        return max(1, round(int(str(period_s)) / self.time_scale))

    def evaluate(self, alarm: Mapping[str, Any], now: float) -> Verdict:
        count = int(alarm["EvaluationPeriods"])
        reads = self._reads(alarm, now)
        series = {read.key: self.index.periods(read.key, read.periods, read.unit) for read in reads}
        current = alarm["StateValue"]
        if alarm.get("Metrics"):
            by_id = {
                q["Id"]: [statistic(read.statistic, samples) for samples in series[read.key]]
                for q, read in zip(
                    [q for q in alarm["Metrics"] if "MetricStat" in q], reads, strict=True
                )
            }
            values = _math(alarm["Metrics"], by_id)
        else:
            [read] = reads
            values = [statistic(read.statistic, samples) for samples in series[read.key]]
            rank = percentile_of(read.statistic)
            if (
                rank is not None
                and alarm.get("EvaluateLowSampleCountPercentile") == "ignore"
                and any(
                    samples and too_few_samples(rank, sum(s.count for s in samples))
                    for samples in series[read.key][-count:]
                )
            ):
                return Verdict(
                    current,
                    f"too few samples for {read.statistic} in a recent period; state kept "
                    "(EvaluateLowSampleCountPercentile ignore)",
                )
        return decide(
            values,
            float(alarm["Threshold"]),
            alarm["ComparisonOperator"],
            int(alarm.get("DatapointsToAlarm") or count),
            alarm.get("TreatMissingData", "missing"),
            current,
            periods=count,
        )

    def _scaling_actions(self, alarm: Mapping[str, Any], verdict: Verdict) -> None:
        """Application Auto Scaling actions run on every evaluation while in ALARM, as AWS
        re-invokes them each period (the policy's cooldown decides what they do)."""
        if self.scale is None or not alarm.get("ActionsEnabled", True):
            return  # DisableAlarmActions: the state still changes, nothing is acted on
        scaling = [a for a in alarm.get("AlarmActions", []) if a.startswith("arn:aws:autoscaling:")]
        if not scaling:
            return
        # Read again now: a pass spreads its alarms over seconds, and an operator's
        # DisableAlarmActions since the pass read them must stop this action (a task scaled out
        # after an e2e module had disabled the actions and scaled the service to 0).
        now = metric_alarms([alarm["AlarmName"]])
        if not now or not now[0].get("ActionsEnabled", True):
            return
        for action in scaling:
            try:
                self.scale(action, alarm, verdict)
            except Exception:
                log.warning("alarm %s: scaling policy %s failed", alarm["AlarmName"], action)

    def _transition(self, cloudwatch: Any, alarm: Mapping[str, Any], verdict: Verdict) -> None:
        old = alarm["StateValue"]
        cloudwatch.set_alarm_state(
            AlarmName=alarm["AlarmName"],
            StateValue=verdict.state,
            StateReason=verdict.reason[:1023],
            StateReasonData=json.dumps({"version": "1.0", "timeScale": self.time_scale}),
        )
        log.info("alarm %s: %s -> %s", alarm["AlarmName"], old, verdict.state)
        if self.publish_event is not None:
            try:
                self.publish_event(state_change_event(alarm, old, verdict))
            except Exception:
                log.warning("alarm %s: state-change event not delivered", alarm["AlarmName"])
        topics = [a for a in alarm.get(ACTIONS[verdict.state], []) if a.startswith("arn:aws:sns:")]
        if not topics or not alarm.get("ActionsEnabled", True):
            return
        sns = client("sns", self.endpoint_url)
        message = json.dumps(_notification(alarm, old, verdict))
        subject = f'{verdict.state}: "{alarm["AlarmName"]}" in {REGION}'[:100]
        for topic in topics:
            try:
                sns.publish(TopicArn=topic, Subject=subject, Message=message)
            except Exception:
                log.warning("alarm %s: could not publish to %s", alarm["AlarmName"], topic)


def _math(
    queries: Sequence[Mapping[str, Any]], series: Mapping[str, list[float | None]]
) -> list[float | None]:
    """The alarm's returned query, period by period, from its metrics' series."""
    [returned] = [q for q in queries if q.get("ReturnData", True)]
    if "Expression" in returned:
        return metric_math.evaluate(returned["Expression"], series)
    return series[returned["Id"]]


_DEFINITION = (
    "Namespace",
    "MetricName",
    "Dimensions",
    "Statistic",
    "ExtendedStatistic",
    "Unit",
    "Period",
    "EvaluationPeriods",
    "DatapointsToAlarm",
    "Threshold",
    "ComparisonOperator",
    "TreatMissingData",
    "EvaluateLowSampleCountPercentile",
    "Metrics",
)


def _definition(alarm: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(repr(alarm.get(k)) for k in _DEFINITION)  # moto's fields, in moto's order


def _ranges(reads: Sequence[_Read]) -> tuple[tuple[float, float], ...]:
    return tuple((read.periods.start, read.periods.end) for read in reads)


def state_change_event(alarm: Mapping[str, Any], old: str, verdict: Verdict) -> dict[str, Any]:
    """The "CloudWatch Alarm State Change" event CloudWatch puts on the default bus."""
    now = datetime.now(UTC)
    stamp = now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}+0000"
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "CloudWatch Alarm State Change",
        "source": "aws.cloudwatch",
        "account": alarm["AlarmArn"].split(":")[4],
        "time": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": REGION,
        "resources": [alarm["AlarmArn"]],
        "detail": {
            "alarmName": alarm["AlarmName"],
            "state": {"value": verdict.state, "reason": verdict.reason, "timestamp": stamp},
            "previousState": {"value": old, "reason": alarm.get("StateReason", "")},
            "configuration": {"description": alarm.get("AlarmDescription")},
        },
    }


def _notification(alarm: Mapping[str, Any], old: str, verdict: Verdict) -> dict[str, Any]:
    """The JSON CloudWatch sends to an SNS topic on a state change."""
    return {
        "AlarmName": alarm["AlarmName"],
        "AlarmDescription": alarm.get("AlarmDescription"),
        "AWSAccountId": alarm["AlarmArn"].split(":")[4],
        "NewStateValue": verdict.state,
        "NewStateReason": verdict.reason,
        "StateChangeTime": datetime.now(UTC).isoformat(),
        "Region": REGION,
        "AlarmArn": alarm["AlarmArn"],
        "OldStateValue": old,
        "Trigger": {
            "MetricName": alarm.get("MetricName"),
            "Namespace": alarm.get("Namespace"),
            "Statistic": alarm.get("Statistic", "").upper(),
            "Dimensions": [
                {"name": d["Name"], "value": d["Value"]} for d in alarm.get("Dimensions", [])
            ],
            "Period": alarm.get("Period"),
            "EvaluationPeriods": alarm.get("EvaluationPeriods"),
            "DatapointsToAlarm": alarm.get("DatapointsToAlarm"),
            "ComparisonOperator": alarm.get("ComparisonOperator"),
            "Threshold": alarm.get("Threshold"),
            "TreatMissingData": alarm.get("TreatMissingData"),
        },
    }
