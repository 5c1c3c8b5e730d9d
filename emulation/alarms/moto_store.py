"""moto's CloudWatch datapoints as the alarm evaluator reads them: in this process, indexed.

moto keeps every datapoint ever put in one list and answers each GetMetricStatistics by
scanning all of it (and, for a dimension filter, matches any datapoint that has those
dimensions among others, where CloudWatch wants the exact set). The evaluator runs in the
process that serves moto, so it reads that list itself: `MetricIndex.refresh()` takes only the
datapoints added since the last pass, files them by (namespace, name, exact dimension set), and
says which metrics got new data; a period's datapoints are then a bisect away. One read per
pass, whatever the number of alarms or the length of the history.

`keep_distributions_whole()` makes moto store a PutMetricData member with Values/Counts as one
datapoint that keeps its values (moto's own code adds one datapoint per count: a latency metric
at 200 requests/s would add 200 objects a second); its Sum, Minimum, Maximum and SampleCount
are moto's as before, and the values give percentiles.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from emulation.alarms.statistics import Periods, Sample
from emulation.aws import ACCOUNT_ID, REGION

MetricKey = tuple[str, str, frozenset[tuple[str, str]]]


def metric_key(
    namespace: str, name: str, dimensions: Iterable[Mapping[str, str]] = ()
) -> MetricKey:
    return (namespace, name, frozenset((d["Name"], d["Value"]) for d in dimensions))


@dataclass
class _Series:
    """One metric's datapoints in timestamp order (parallel lists, for bisect)."""

    at: list[float] = field(default_factory=list)
    units: list[str | None] = field(default_factory=list)
    samples: list[Sample] = field(default_factory=list)

    def add(self, at: float, unit: str | None, sample: Sample) -> None:
        if not self.at or at >= self.at[-1]:
            self.at.append(at)
            self.units.append(unit)
            self.samples.append(sample)
            return
        index = bisect.bisect_right(self.at, at)  # a late flush: keep the order
        self.at.insert(index, at)
        self.units.insert(index, unit)
        self.samples.insert(index, sample)


class MetricIndex:
    """The in-process moto CloudWatch backend's datapoints by metric, read incrementally."""

    def __init__(self) -> None:
        self._series: dict[MetricKey, _Series] = {}
        self._source: list[Any] | None = None  # moto's list; a new one means a reset backend
        self._read = 0
        self._lock = threading.Lock()
        self.resets = 0  # how often moto's store was found new (a reset account): all reread

    def refresh(self) -> dict[MetricKey, tuple[float, float]]:
        """File the datapoints put since the last call; returns the metrics that got any, each
        with the earliest and latest timestamp among its new datapoints."""
        from moto.cloudwatch.models import cloudwatch_backends

        data = cloudwatch_backends[ACCOUNT_ID][REGION].metric_data
        with self._lock:
            if data is not self._source or len(data) < self._read:
                self._series, self._source, self._read = {}, data, 0
                self.resets += 1
            fresh = data[self._read :]
            self._read += len(fresh)
            changed: dict[MetricKey, tuple[float, float]] = {}
            for datum in fresh:
                key: MetricKey = (
                    datum.namespace,
                    datum.name,
                    frozenset((str(d.name), str(d.value)) for d in datum.dimensions),
                )
                sample = _sample(datum)
                if sample is None:
                    continue
                at = _seconds(datum.timestamp)
                self._series.setdefault(key, _Series()).add(at, datum.unit, sample)
                low, high = changed.get(key, (at, at))
                changed[key] = (min(low, at), max(high, at))
            return changed

    def periods(
        self, key: MetricKey, periods: Periods, unit: str | None = None
    ) -> list[list[Sample]]:
        """Each period's datapoints of one metric (oldest period first)."""
        out: list[list[Sample]] = [[] for _ in range(periods.count)]
        series = self._series.get(key)
        if series is None:
            return out
        with self._lock:
            first = bisect.bisect_left(series.at, periods.start)
            last = bisect.bisect_left(series.at, periods.end)
            for i in range(first, last):
                if unit is not None and series.units[i] != unit:
                    continue
                index = periods.index(series.at[i])
                if index is not None:
                    out[index].append(series.samples[i])
        return out


def metric_alarms(names: Collection[str] | None = None) -> list[dict[str, Any]]:
    """Every metric alarm of the in-process moto backend (or those of `names` that exist),
    shaped as DescribeAlarms returns it (absent fields left out): the same alarms without a
    round trip through HTTP and XML, which was most of a pass once the datapoints came from the
    index."""
    from moto.cloudwatch.models import cloudwatch_backends

    backend = cloudwatch_backends[ACCOUNT_ID][REGION]
    if names is None:
        alarms = list(backend.alarms.values())
    else:
        alarms = [a for a in (backend.alarms.get(name) for name in names) if a is not None]
    return [_alarm(alarm) for alarm in alarms if alarm.rule is None]


def _alarm(alarm: Any) -> dict[str, Any]:
    shaped = {
        "AlarmName": alarm.name,
        "AlarmArn": alarm.alarm_arn,
        "AlarmDescription": alarm.description,
        "ActionsEnabled": alarm.actions_enabled,
        "OKActions": list(alarm.ok_actions),
        "AlarmActions": list(alarm.alarm_actions or []),
        "InsufficientDataActions": list(alarm.insufficient_data_actions),
        "StateValue": alarm.state_value,
        "StateReason": alarm.state_reason,
        "MetricName": alarm.metric_name,
        "Namespace": alarm.namespace,
        "Statistic": alarm.statistic,
        "ExtendedStatistic": alarm.extended_statistic,
        "Dimensions": [{"Name": d.name, "Value": d.value} for d in alarm.dimensions],
        "Period": alarm.period,
        "Unit": alarm.unit,
        "EvaluationPeriods": alarm.evaluation_periods,
        "DatapointsToAlarm": alarm.datapoints_to_alarm,
        "Threshold": alarm.threshold,
        "ComparisonOperator": alarm.comparison_operator,
        "TreatMissingData": alarm.treat_missing_data,
        "EvaluateLowSampleCountPercentile": alarm.evaluate_low_sample_count_percentile,
        "Metrics": [_query(q) for q in alarm.metric_data_queries],
    }
    return {k: v for k, v in shaped.items() if v is not None}


def _query(query: Any) -> dict[str, Any]:
    shaped: dict[str, Any] = {
        "Id": query.id,
        "Label": query.label,
        "Period": query.period,
        "ReturnData": query.return_data,
        "Expression": query.expression,
    }
    stat = query.metric_stat
    if stat is not None:
        metric = {
            "Namespace": stat.metric.namespace,
            "MetricName": stat.metric.metric_name,
            "Dimensions": [{"Name": d.name, "Value": d.value} for d in stat.metric.dimensions],
        }
        shaped["MetricStat"] = {
            k: v
            for k, v in {
                "Metric": metric,
                "Period": stat.period,
                "Stat": stat.stat,
                "Unit": stat.unit,
            }.items()
            if v is not None
        }
    return {k: v for k, v in shaped.items() if v is not None}


def _seconds(moment: datetime) -> float:
    # moto keeps naive UTC datetimes (its parser's), or aware ones given in-process
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def _sample(datum: Any) -> Sample | None:
    values = getattr(datum, "values", None)
    if values is not None:
        return Sample.of_distribution(values, datum.counts)
    if hasattr(datum, "sample_count"):
        return Sample.of_set(
            float(datum.sample_count), float(datum.sum), float(datum.min), float(datum.max)
        )
    if hasattr(datum, "value"):
        return Sample.of_value(float(datum.value))
    return None


_installed = False
_install_lock = threading.Lock()


def keep_distributions_whole() -> None:
    """Install (once per process) moto's PutMetricData keeping a Values/Counts member whole."""
    global _installed
    with _install_lock:
        if _installed:
            return
        from moto.cloudwatch.models import CloudWatchBackend, MetricAggregatedDatum

        class DistributionDatum(MetricAggregatedDatum):
            """A Values/Counts member: moto's statistic set, plus the values themselves."""

            def __init__(self, namespace: str, member: Mapping[str, Any]) -> None:
                values = [float(v) for v in member["Values"]]
                counts = [float(c) for c in member.get("Counts") or [1.0] * len(values)]
                super().__init__(
                    namespace=namespace,
                    name=member["MetricName"],
                    min_stat=min(values),
                    max_stat=max(values),
                    sample_count=sum(counts),
                    sum_stat=sum(v * c for v, c in zip(values, counts, strict=True)),
                    dimensions=member.get("Dimensions") or [],
                    timestamp=member.get("Timestamp"),
                    unit=member.get("Unit"),
                )
                self.values = values
                self.counts = counts

        original = CloudWatchBackend.put_metric_data

        def put_metric_data(
            self: CloudWatchBackend, namespace: str, metric_data: list[dict[str, Any]]
        ) -> None:
            for number, member in enumerate(metric_data, start=1):
                self._validate_parameters_put_metric_data(member, number)
            original(self, namespace, [m for m in metric_data if not m.get("Values")])
            for member in metric_data:
                if member.get("Values"):
                    self.metric_data.append(DistributionDatum(namespace, member))

        CloudWatchBackend.put_metric_data = put_metric_data  # type: ignore[method-assign]
        _installed = True
