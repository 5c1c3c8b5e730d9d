"""CloudWatch's statistics of one period's datapoints, and the periods an alarm reads (pure).

A datapoint is what PutMetricData stored: a raw value, a statistic set (SampleCount, Sum,
Minimum, Maximum) or a distribution (Values with Counts). Sum, SampleCount, Average, Minimum and
Maximum combine any of them. A percentile (`p95`, `p99.9`: up to two decimals, p0 to p100) needs
the values themselves, as CloudWatch does: it exists for a period only when every datapoint is a
raw value, a distribution, or a statistic set that holds one value (Minimum = Maximum and Sum =
Minimum x SampleCount), and no value is negative; otherwise the period has no datapoint for it.
The percentile is the nearest-rank value (the smallest value with at least p% of the samples at
or below it): CloudWatch reports observed values, not interpolations, for such data.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

PLAIN = ("SampleCount", "Average", "Sum", "Minimum", "Maximum")
_PERCENTILE = re.compile(r"p(\d{1,3}(?:\.\d{1,2})?)")


@dataclass(frozen=True)
class Sample:
    """One stored datapoint; `values` is ((value, count), ...) when its values are known."""

    count: float
    total: float
    low: float
    high: float
    values: tuple[tuple[float, float], ...] | None = None

    @classmethod
    def of_value(cls, value: float) -> Sample:
        return cls(1.0, value, value, value, ((value, 1.0),))

    @classmethod
    def of_set(cls, count: float, total: float, low: float, high: float) -> Sample:
        """A statistic set: its values are known only if it holds one value, count times."""
        one_value = low == high and math.isclose(total, low * count, rel_tol=1e-9, abs_tol=1e-9)
        return cls(count, total, low, high, ((low, count),) if one_value else None)

    @classmethod
    def of_distribution(cls, values: Sequence[float], counts: Sequence[float]) -> Sample:
        pairs = tuple(zip(values, counts, strict=True))
        return cls(
            sum(counts),
            sum(v * c for v, c in pairs),
            min(values),
            max(values),
            pairs,
        )


def percentile_of(statistic: str) -> float | None:
    """`p95` -> 95.0; None for a statistic that is not a percentile. A malformed one raises."""
    if statistic in PLAIN:
        return None
    match = _PERCENTILE.fullmatch(statistic)
    if match is None or float(match.group(1)) > 100:
        raise ValueError(
            f"statistic {statistic!r} is not evaluated locally: use one of {', '.join(PLAIN)} "
            "or a percentile p0 to p100 with at most two decimals (p99.9)"
        )
    return float(match.group(1))


def is_supported(statistic: str) -> bool:
    try:
        percentile_of(statistic)
    except ValueError:
        return False
    return True


def statistic(name: str, samples: Sequence[Sample]) -> float | None:
    """The statistic over one period's datapoints; None when the period has no value for it."""
    if not samples:
        return None
    if name == "Sum":
        return sum(s.total for s in samples)
    if name == "SampleCount":
        return sum(s.count for s in samples)
    if name == "Average":
        count = sum(s.count for s in samples)
        return sum(s.total for s in samples) / count if count else None
    if name == "Minimum":
        return min(s.low for s in samples)
    if name == "Maximum":
        return max(s.high for s in samples)
    rank = percentile_of(name)
    assert rank is not None
    return percentile(rank, samples)


def percentile(rank: float, samples: Iterable[Sample]) -> float | None:
    """Nearest rank: the smallest value with at least `rank`% of the samples at or below it."""
    pairs: list[tuple[float, float]] = []
    for sample in samples:
        if sample.values is None:
            return None  # a statistic set of several values: CloudWatch has no percentile
        pairs.extend(sample.values)
    if not pairs or any(value < 0 for value, _ in pairs):
        return None
    pairs.sort()
    total = sum(count for _, count in pairs)
    wanted = max(1.0, math.ceil(rank / 100.0 * total - 1e-9))
    seen = 0.0
    for value, count in pairs:
        seen += count
        if seen >= wanted:
            return value
    return pairs[-1][0]


def too_few_samples(rank: float, count: float) -> bool:
    """CloudWatch's low sample count for a percentile alarm: fewer than 10/(1-p) datapoints
    for p in [0.5, 1), fewer than 10/p below 0.5 (p100 and p0 always have enough)."""
    fraction = rank / 100.0
    if fraction >= 1.0 or fraction <= 0.0:
        return False
    needed = 10.0 / (1.0 - fraction) if fraction >= 0.5 else 10.0 / fraction
    return count < needed - 1e-9


@dataclass(frozen=True)
class Periods:
    """The last `count` whole periods before `now`, aligned to multiples of the period."""

    start: float
    period: float
    count: int

    @classmethod
    def ending_before(cls, now: float, period: float, count: int) -> Periods:
        end = math.floor(now / period) * period  # the last complete period ends here
        return cls(end - count * period, period, count)

    @property
    def end(self) -> float:
        return self.start + self.count * self.period

    def index(self, timestamp: float) -> int | None:
        """Which period a datapoint's timestamp falls in (start inclusive), or None."""
        if not self.start <= timestamp < self.end:
            return None
        return min(self.count - 1, int((timestamp - self.start) // self.period))
