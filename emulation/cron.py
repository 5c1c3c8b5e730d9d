"""EventBridge schedule expressions: AWS's 6-field cron and rate(), with next-fire computation.

`cron(minutes hours day-of-month month day-of-week year)`: `, - * /` everywhere; `?` in one of
day-of-month and day-of-week (exactly one must be `?`); `L` (last day of the month; `nL` in
day-of-week: the last weekday n of the month); `W` (nearest weekday to a day of the month, within
the month; `LW`: last weekday); `#` (`3#2`: the second Tuesday). Day-of-week runs 1-7 from SUN.
Names (JAN-DEC, SUN-SAT) are accepted case-insensitively. Times are UTC unless a zone is given.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

MONTHS = {m: i for i, m in enumerate(calendar.month_abbr) if m}
MONTHS = {k.upper(): v for k, v in MONTHS.items()}
DAYS = {"SUN": 1, "MON": 2, "TUE": 3, "WED": 4, "THU": 5, "FRI": 6, "SAT": 7}
MAX_YEAR = 2199


class ScheduleError(ValueError):
    """An expression AWS would reject; the message names the field and what it expects."""


def _number(token: str, names: dict[str, int], low: int, high: int, what: str) -> int:
    value = names.get(token.upper()) if names else None
    if value is None:
        if not token.isdigit():
            raise ScheduleError(f"{what}: {token!r} is not a number{' or name' if names else ''}")
        value = int(token)
    if not low <= value <= high:
        raise ScheduleError(f"{what}: {value} is outside {low}-{high}")
    return value


def _field(
    text: str, low: int, high: int, what: str, names: dict[str, int] | None = None
) -> set[int]:
    """Parse `*`, `a`, `a-b`, `a/n`, `a-b/n`, `*/n` and comma lists into the set of values."""
    values: set[int] = set()
    for part in text.split(","):
        base, _, step_text = part.partition("/")
        step = 1
        if step_text:
            if not step_text.isdigit() or int(step_text) == 0:
                raise ScheduleError(f"{what}: step {step_text!r} must be a positive number")
            step = int(step_text)
        if base == "*":
            start, end = low, high
        elif "-" in base:
            a, b = base.split("-", 1)
            start = _number(a, names or {}, low, high, what)
            end = _number(b, names or {}, low, high, what)
        else:
            start = _number(base, names or {}, low, high, what)
            end = high if step_text else start
        if start <= end:
            values.update(range(start, end + 1, step))
        else:  # a wrapping range such as FRI-MON or NOV-FEB
            span = list(range(start, high + 1)) + list(range(low, end + 1))
            values.update(span[::step])
    return values


@dataclass(frozen=True)
class Cron:
    """A parsed AWS cron expression."""

    minutes: frozenset[int]
    hours: frozenset[int]
    months: frozenset[int]
    years: frozenset[int]
    dom: str  # the raw day-of-month field ("?" when day-of-week decides)
    dow: str  # the raw day-of-week field ("?" when day-of-month decides)
    dom_values: frozenset[int]
    dow_values: frozenset[int]

    @classmethod
    def parse(cls, expression: str) -> Cron:
        fields = expression.split()
        if len(fields) != 6:
            raise ScheduleError(
                f"cron({expression}): expected 6 fields (minutes hours day-of-month month "
                f"day-of-week year), got {len(fields)}"
            )
        minute, hour, dom, month, dow, year = fields
        if (dom == "?") == (dow == "?"):
            raise ScheduleError(
                f"cron({expression}): exactly one of day-of-month and day-of-week must be '?'"
            )
        dom_values: set[int] = set()
        dow_values: set[int] = set()
        if dom != "?" and not re.fullmatch(r"L|LW|\d{1,2}W", dom.upper()):
            dom_values = _field(dom, 1, 31, "day-of-month")
        if dow != "?" and not re.fullmatch(r"\w{1,3}L|L|\w{1,3}#[1-5]", dow.upper()):
            dow_values = _field(dow, 1, 7, "day-of-week", DAYS)
        if dow.upper().endswith("L") and dow.upper() != "L":
            _number(dow[:-1], DAYS, 1, 7, "day-of-week")
        if "#" in dow:
            _number(dow.split("#")[0], DAYS, 1, 7, "day-of-week")
        return cls(
            minutes=frozenset(_field(minute, 0, 59, "minutes")),
            hours=frozenset(_field(hour, 0, 23, "hours")),
            months=frozenset(_field(month, 1, 12, "month", MONTHS)),
            years=frozenset(_field(year, 1970, MAX_YEAR, "year")),
            dom=dom.upper(),
            dow=dow.upper(),
            dom_values=frozenset(dom_values),
            dow_values=frozenset(dow_values),
        )

    def day_matches(self, year: int, month: int, day: int) -> bool:
        last = calendar.monthrange(year, month)[1]
        weekday = (calendar.weekday(year, month, day) + 1) % 7 + 1  # 1 = Sunday
        if self.dom != "?":
            if self.dom == "L":
                return day == last
            if self.dom.endswith("W"):
                target = last if self.dom == "LW" else int(self.dom[:-1])
                return day == _nearest_weekday(year, month, min(target, last))
            return day in self.dom_values
        if self.dow == "L":
            return weekday == 7
        if self.dow.endswith("L"):
            wanted = _number(self.dow[:-1], DAYS, 1, 7, "day-of-week")
            return weekday == wanted and day + 7 > last
        if "#" in self.dow:
            wanted_text, nth = self.dow.split("#")
            wanted = _number(wanted_text, DAYS, 1, 7, "day-of-week")
            return weekday == wanted and (day - 1) // 7 + 1 == int(nth)
        return weekday in self.dow_values

    def next_after(self, after: datetime) -> datetime | None:
        """The first firing time strictly after `after` (same tzinfo), or None if none is left."""
        start = (after + timedelta(minutes=1)).replace(second=0, microsecond=0)
        day = start.date()
        while day.year <= MAX_YEAR:
            if day.year not in self.years:
                if day.year > max(self.years):
                    return None
                day = day.replace(year=day.year + 1, month=1, day=1)
                continue
            if day.month in self.months and self.day_matches(day.year, day.month, day.day):
                for hour in sorted(self.hours):
                    for minute in sorted(self.minutes):
                        candidate = datetime(
                            day.year, day.month, day.day, hour, minute, tzinfo=after.tzinfo
                        )
                        if candidate >= start and _exists(candidate):
                            return candidate
            day += timedelta(days=1)
        return None


def _exists(local: datetime) -> bool:
    """Whether a wall-clock time happens in its zone: one skipped by a daylight-saving change
    (01:30 in Europe/London on the last Sunday of March) does not, and AWS does not fire."""
    back = local.astimezone(UTC).astimezone(local.tzinfo)
    return back.replace(tzinfo=None) == local.replace(tzinfo=None)


def _nearest_weekday(year: int, month: int, day: int) -> int:
    """AWS `W`: the weekday nearest to `day`, never crossing into another month."""
    weekday = calendar.weekday(year, month, day)  # 0 = Monday
    last = calendar.monthrange(year, month)[1]
    if weekday == 5:  # Saturday -> Friday, or Monday when the 1st
        return day - 1 if day > 1 else day + 2
    if weekday == 6:  # Sunday -> Monday, or Friday when the last day
        return day + 1 if day < last else day - 2
    return day


@dataclass(frozen=True)
class Rate:
    """rate(N minute|minutes|hour|hours|day|days): fires every period from a start time."""

    period: timedelta

    @classmethod
    def parse(cls, expression: str) -> Rate:
        match = re.fullmatch(r"\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*", expression)
        if not match:
            raise ScheduleError(f"rate({expression}): expected 'rate(N minutes|hours|days)'")
        value, unit = int(match.group(1)), match.group(2)
        if value <= 0:
            raise ScheduleError(f"rate({expression}): the value must be positive")
        if (value == 1) != (not unit.endswith("s")):
            raise ScheduleError(f"rate({expression}): use '1 {unit.rstrip('s')}' or 'N {unit}s'")
        seconds = {"minute": 60, "hour": 3600, "day": 86400}[unit.rstrip("s")]
        return cls(timedelta(seconds=value * seconds))


@dataclass(frozen=True)
class Schedule:
    """A parsed ScheduleExpression: cron(...), rate(...) or at(...) (EventBridge Scheduler)."""

    expression: str
    cron: Cron | None = None
    rate: Rate | None = None
    at: datetime | None = None
    zone: tzinfo = UTC

    @classmethod
    def parse(cls, expression: str, zone: tzinfo = UTC) -> Schedule:
        match = re.fullmatch(r"\s*(cron|rate|at)\((.*)\)\s*", expression)
        if not match:
            raise ScheduleError(f"{expression!r}: expected cron(...), rate(...) or at(...)")
        kind, body = match.groups()
        if kind == "cron":
            return cls(expression, cron=Cron.parse(body), zone=zone)
        if kind == "rate":
            return cls(expression, rate=Rate.parse(body), zone=zone)
        try:
            at = datetime.fromisoformat(body).replace(tzinfo=zone)
        except ValueError as exc:
            raise ScheduleError(f"at({body}): expected yyyy-mm-ddThh:mm:ss") from exc
        return cls(expression, at=at, zone=zone)

    def next_after(self, after: datetime, start: datetime | None = None) -> datetime | None:
        """The next firing time after `after` (UTC); rates count from `start` (rule creation)."""
        if self.cron is not None:
            local = self.cron.next_after(after.astimezone(self.zone))
            return None if local is None else local.astimezone(UTC)
        if self.rate is not None:
            origin = start or after
            periods = int((after - origin) / self.rate.period) + 1
            return origin + periods * self.rate.period
        assert self.at is not None
        return self.at.astimezone(UTC) if self.at > after else None
