"""Static-threshold alarms evaluated as CloudWatch does, on the metrics in moto's CloudWatch.

Each alarm's last `EvaluationPeriods` whole periods are read with `get_metric_statistics`; a
period with no data is missing and `TreatMissingData` decides what it counts as; `DatapointsToAlarm`
breaching points of those make ALARM. A time scale divides every period (scale 60: a 5-minute
period lasts 5 s) so tests see AWS's semantics in seconds. A state change goes through moto's
`set_alarm_state` (so `describe_alarm_history` has the reason) and runs the state's SNS actions.
"""

from __future__ import annotations

import json
import logging
import math
import threading
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from emulation.alarms import metric_math
from emulation.aws import ACCOUNT_ID, REGION, client

log = logging.getLogger(__name__)

COMPARE: dict[str, Callable[[float, float], bool]] = {
    "GreaterThanOrEqualToThreshold": lambda v, t: v >= t,
    "GreaterThanThreshold": lambda v, t: v > t,
    "LessThanThreshold": lambda v, t: v < t,
    "LessThanOrEqualToThreshold": lambda v, t: v <= t,
}
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


class AlarmEvaluator:
    """Evaluates every static-threshold alarm in moto every `tick_s` seconds, in a thread."""

    def __init__(
        self,
        endpoint_url: str,
        *,
        time_scale: float = 1.0,
        before_tick: Callable[[], None] | None = None,
        tick_s: float | None = None,
        publish_event: Callable[[dict[str, Any]], object] | None = None,
        scale: Callable[[str, Mapping[str, Any], Verdict], object] | None = None,
        in_process: bool = False,
    ) -> None:
        self.endpoint_url = endpoint_url
        # moto runs in this process (the local cloud's): statistics are read from its backend.
        self.in_process = in_process
        self.before_tick = before_tick  # e.g. flush the metric publisher first
        self.publish_event = publish_event  # EventBridge's default bus (the local rules)
        self.scale = scale  # Application Auto Scaling: (policy ARN, alarm, verdict)
        self._fixed_tick_s = tick_s
        self.set_time_scale(time_scale)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._client: Any = None

    def set_time_scale(self, time_scale: float) -> None:
        """Periods last `Period / time_scale` seconds from the next pass on."""
        if time_scale <= 0:
            raise ValueError(f"alarm time scale must be > 0, got {time_scale}")
        self.time_scale = time_scale
        self.tick_s = (
            self._fixed_tick_s
            if self._fixed_tick_s is not None
            else max(0.5, min(10.0, 60.0 / time_scale))
        )

    def start(self) -> AlarmEvaluator:
        self._thread = threading.Thread(target=self._run, name="alarm-evaluator", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.wait(self.tick_s):
            try:
                self.evaluate_all(spread_s=self.tick_s * SPREAD_SHARE)
            except Exception:
                log.warning("alarm evaluation failed", exc_info=True)

    def _cloudwatch(self) -> Any:
        """One client for the evaluator's life: building one costs more than a pass's calls."""
        if self._client is None:
            cloudwatch = client("cloudwatch", self.endpoint_url)
            self._client = InProcessStatistics(cloudwatch) if self.in_process else cloudwatch
        return self._client

    def period_s(self, alarm: Mapping[str, Any]) -> int:
        """The alarm's period on the local clock: whole seconds, as moto's statistics need."""
        return max(1, round(int(alarm["Period"]) / self.time_scale))

    def evaluate_all(
        self, now: float | None = None, *, spread_s: float = 0.0
    ) -> list[tuple[str, Verdict]]:
        """One pass over every alarm; returns the state changes made.

        With `spread_s`, the alarms' evaluations are spaced evenly over that many seconds
        instead of run back to back: moto answers them in this process, which also runs the API
        gateway, and a pass of ~60 statistics calls at once held the GIL long enough to stall
        its requests (CloudWatch, too, evaluates each alarm on its own schedule)."""
        if self.before_tick is not None:
            self.before_tick()
        cloudwatch = self._cloudwatch()
        alarms = [
            alarm
            for page in cloudwatch.get_paginator("describe_alarms").paginate(
                AlarmTypes=["MetricAlarm"]
            )
            for alarm in page["MetricAlarms"]
            if self.evaluable(alarm)
        ]
        gap_s = spread_s / len(alarms) if alarms else 0.0
        changes = []
        for i, alarm in enumerate(alarms):
            if i and gap_s > 0 and self._stop.wait(gap_s):
                break  # stopping: the rest waits for no one
            verdict = self.evaluate(cloudwatch, alarm, time.time() if now is None else now)
            if verdict.state != alarm["StateValue"]:
                self._transition(cloudwatch, alarm, verdict)
                changes.append((alarm["AlarmName"], verdict))
            if verdict.state == "ALARM":
                self._scaling_actions(alarm, verdict)
        return changes

    @staticmethod
    def evaluable(alarm: Mapping[str, Any]) -> bool:
        """Static thresholds on one metric with a plain statistic, or metric math over such
        metrics in an expression `metric_math` understands (what `reach` calls firable)."""
        if alarm.get("ComparisonOperator") not in COMPARE:
            return False
        if alarm.get("Metrics"):
            return metric_math.problem(alarm["Metrics"]) is None
        return bool(alarm.get("Statistic"))

    def evaluate(self, cloudwatch: Any, alarm: Mapping[str, Any], now: float) -> Verdict:
        count = int(alarm["EvaluationPeriods"])
        # The evaluation range: older periods too, for TreatMissingData `missing` (see decide).
        span = count + max(2, count)
        if alarm.get("Metrics"):
            values = self._math_series(cloudwatch, alarm["Metrics"], span, now)
        else:
            values = self._series(
                cloudwatch,
                {k: alarm[k] for k in ("Namespace", "MetricName") if k in alarm}
                | {"Dimensions": alarm.get("Dimensions", [])},
                alarm["Statistic"],
                int(alarm["Period"]),
                span,
                now,
            )
        return decide(
            values,
            float(alarm["Threshold"]),
            alarm["ComparisonOperator"],
            int(alarm.get("DatapointsToAlarm") or count),
            alarm.get("TreatMissingData", "missing"),
            alarm["StateValue"],
            periods=count,
        )

    def _series(
        self,
        cloudwatch: Any,
        metric: Mapping[str, Any],
        statistic: str,
        period_s: int,
        count: int,
        now: float,
    ) -> list[float | None]:
        """The metric's last `count` whole periods (oldest first; None = no datapoint), in one
        GetMetricStatistics call whose buckets start at period boundaries."""
        period = max(1, round(period_s / self.time_scale))
        end = math.floor(now / period) * period  # the last complete period, aligned as AWS does
        start = end - count * period
        points = cloudwatch.get_metric_statistics(
            Namespace=metric["Namespace"],
            MetricName=metric["MetricName"],
            Dimensions=metric.get("Dimensions", []),
            StartTime=datetime.fromtimestamp(start, UTC),
            EndTime=datetime.fromtimestamp(end, UTC),
            Period=period,
            Statistics=[statistic],
        )["Datapoints"]
        buckets: list[list[float]] = [[] for _ in range(count)]
        for point in points:
            index = int((point["Timestamp"].timestamp() - start) // period)
            if 0 <= index < count and point.get(statistic) is not None:
                buckets[index].append(float(point[statistic]))
        return [_combine(statistic, bucket) for bucket in buckets]

    def _math_series(
        self, cloudwatch: Any, queries: Sequence[Mapping[str, Any]], count: int, now: float
    ) -> list[float | None]:
        """The alarm's returned query, period by period, from its metrics and expression."""
        series = {
            q["Id"]: self._series(
                cloudwatch,
                q["MetricStat"]["Metric"],
                q["MetricStat"]["Stat"],
                int(q["MetricStat"]["Period"]),
                count,
                now,
            )
            for q in queries
            if "MetricStat" in q
        }
        [returned] = [q for q in queries if q.get("ReturnData", True)]
        if "Expression" in returned:
            return metric_math.evaluate(returned["Expression"], series)
        return series[returned["Id"]]

    def _scaling_actions(self, alarm: Mapping[str, Any], verdict: Verdict) -> None:
        """Application Auto Scaling actions run on every evaluation while in ALARM, as AWS
        re-invokes them each period (the policy's cooldown decides what they do)."""
        if self.scale is None:
            return
        for action in alarm.get("AlarmActions", []):
            if action.startswith("arn:aws:autoscaling:"):
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
        if not topics:
            return
        sns = client("sns", self.endpoint_url)
        message = json.dumps(_notification(alarm, old, verdict))
        subject = f'{verdict.state}: "{alarm["AlarmName"]}" in {REGION}'[:100]
        for topic in topics:
            try:
                sns.publish(TopicArn=topic, Subject=subject, Message=message)
            except Exception:
                log.warning("alarm %s: could not publish to %s", alarm["AlarmName"], topic)


class InProcessStatistics:
    """A CloudWatch client whose GetMetricStatistics is answered by the in-process moto
    backend's own `get_metric_statistics` (the function the API call reaches, so the same
    datapoints) without HTTP, XML and botocore's parsing: those were ~5 ms of each of a pass's
    ~60 calls, CPU taken from the API gateway that shares this process. Every other call goes
    through the client."""

    def __init__(self, cloudwatch: Any) -> None:
        self._client = cloudwatch

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)

    def get_metric_statistics(
        self,
        *,
        Namespace: str,  # boto3's parameter names, so it stands in for the client
        MetricName: str,
        StartTime: datetime,
        EndTime: datetime,
        Period: int,
        Statistics: Sequence[str],
        Dimensions: Sequence[Mapping[str, str]] = (),
        Unit: str | None = None,
    ) -> dict[str, Any]:
        from moto.cloudwatch.models import cloudwatch_backends

        found = cloudwatch_backends[ACCOUNT_ID][REGION].get_metric_statistics(
            Namespace,
            MetricName,
            _naive_utc(StartTime),  # moto keeps naive UTC times, as its API parser gives it
            _naive_utc(EndTime),
            Period,
            list(Statistics),
            [dict(d) for d in Dimensions],
            unit=Unit,
        )
        datapoints = []
        for point in found:
            datapoint: dict[str, Any] = {"Timestamp": point.timestamp.replace(tzinfo=UTC)}
            for statistic in Statistics:
                value = point.get_statistics_for_type(statistic)
                if value is not None:
                    datapoint[statistic] = float(value)
            datapoints.append(datapoint)
        return {"Label": MetricName, "Datapoints": datapoints}


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _combine(statistic: str, values: list[float]) -> float | None:
    """One value per period even if moto split the window into several buckets."""
    if not values:
        return None
    if statistic == "Maximum":
        return max(values)
    if statistic == "Minimum":
        return min(values)
    if statistic == "Average":
        return sum(values) / len(values)
    return sum(values)  # Sum and SampleCount add up


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
