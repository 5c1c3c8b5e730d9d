"""AWS cron and rate expressions: parsing, rejection, and next-fire times (pure, no servers)."""

from __future__ import annotations

import calendar
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from emulation.cron import Cron, Rate, Schedule, ScheduleError


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("expression", "after", "expected"),
    [
        ("cron(15 3 * * ? *)", at(2026, 11, 28, 3, 14), at(2026, 11, 28, 3, 15)),
        ("cron(15 3 * * ? *)", at(2026, 11, 28, 3, 15), at(2026, 11, 29, 3, 15)),
        ("cron(0 12 ? * MON-FRI *)", at(2026, 11, 28, 13, 0), at(2026, 11, 30, 12, 0)),
        ("cron(0/10 * * * ? *)", at(2026, 1, 1, 0, 1), at(2026, 1, 1, 0, 10)),
        ("cron(0 8 L * ? *)", at(2026, 2, 1), at(2026, 2, 28, 8, 0)),
        ("cron(0 8 L * ? *)", at(2028, 2, 1), at(2028, 2, 29, 8, 0)),
        ("cron(0 9 ? * 6L *)", at(2026, 11, 1), at(2026, 11, 27, 9, 0)),  # last Friday
        ("cron(0 10 ? * 3#2 *)", at(2026, 12, 1), at(2026, 12, 8, 10, 0)),  # second Tuesday
        ("cron(0 0 15W * ? *)", at(2026, 11, 1), at(2026, 11, 16, 0, 0)),  # 15th is a Sunday
        ("cron(0 0 1W * ? *)", at(2026, 8, 3, 1), at(2026, 9, 1, 0, 0)),
        ("cron(0 0 1W * ? *)", at(2026, 7, 31), at(2026, 8, 3, 0, 0)),  # 1st Saturday -> Monday
        ("cron(0 0 LW * ? *)", at(2026, 5, 1), at(2026, 5, 29, 0, 0)),  # 31st is a Sunday
        ("cron(30 6 1 JAN,JUL ? 2027)", at(2026, 11, 28), at(2027, 1, 1, 6, 30)),
        ("cron(0 18 ? * SUN *)", at(2026, 11, 28), at(2026, 11, 29, 18, 0)),
        ("cron(0 18 ? * 1 *)", at(2026, 11, 28), at(2026, 11, 29, 18, 0)),
        ("cron(0 0 ? * FRI-MON *)", at(2026, 11, 25), at(2026, 11, 27, 0, 0)),
        ("cron(5-7 2 * * ? *)", at(2026, 1, 1, 2, 6), at(2026, 1, 1, 2, 7)),
    ],
)
def test_next_fire_times(expression: str, after: datetime, expected: datetime) -> None:
    assert Schedule.parse(expression).next_after(after) == expected


def test_a_cron_whose_years_are_over_never_fires_again() -> None:
    assert Schedule.parse("cron(0 0 1 1 ? 2020)").next_after(at(2026, 1, 1)) is None


@pytest.mark.parametrize(
    "expression",
    [
        "cron(0 12 * * *)",  # five fields
        "cron(0 12 * * * *)",  # neither day field is ?
        "cron(0 12 ? * ? *)",  # both are
        "cron(60 12 * * ? *)",
        "cron(0 24 * * ? *)",
        "cron(0 0 32 * ? *)",
        "cron(0 0 ? * 8 *)",
        "cron(0 0 * FOO ? *)",
        "cron(0/0 * * * ? *)",
        "rate(0 minutes)",
        "rate(1 minutes)",
        "rate(5 minute)",
        "rate(5 weeks)",
        "every 5 minutes",
    ],
)
def test_invalid_expressions_are_rejected_with_a_reason(expression: str) -> None:
    with pytest.raises(ScheduleError):
        Schedule.parse(expression)


def test_rate_counts_periods_from_the_rule_creation() -> None:
    schedule = Schedule.parse("rate(5 minutes)")
    created = at(2026, 11, 28, 12, 0, 30)
    assert schedule.next_after(created, start=created) == at(2026, 11, 28, 12, 5, 30)
    assert schedule.next_after(at(2026, 11, 28, 12, 7), start=created) == at(
        2026, 11, 28, 12, 10, 30
    )
    assert Rate.parse("1 day").period == timedelta(days=1)


def test_timezone_schedules_fire_at_local_wall_clock_time() -> None:
    from zoneinfo import ZoneInfo

    schedule = Schedule.parse("cron(0 9 * * ? *)", ZoneInfo("Europe/London"))
    assert schedule.next_after(at(2026, 7, 1)) == at(2026, 7, 1, 8, 0)  # BST
    assert schedule.next_after(at(2026, 12, 1)) == at(2026, 12, 1, 9, 0)  # GMT


def _brute_force_next(cron: Cron, after: datetime) -> datetime | None:
    moment = after.replace(second=0, microsecond=0) + timedelta(minutes=1)
    for _ in range(60 * 24 * 40):
        if (
            moment.minute in cron.minutes
            and moment.hour in cron.hours
            and moment.month in cron.months
            and moment.year in cron.years
            and cron.day_matches(moment.year, moment.month, moment.day)
        ):
            return moment
        moment += timedelta(minutes=1)
    return None


minute_fields = st.sampled_from(["*", "0", "*/15", "5-10", "0,30", "59"])
hour_fields = st.sampled_from(["*", "3", "0-5", "*/6", "12,18"])
day_pairs = st.sampled_from(
    [
        ("*", "?"),
        ("1", "?"),
        ("L", "?"),
        ("15W", "?"),
        ("?", "MON-FRI"),
        ("?", "6L"),
        ("?", "2#1"),
        ("?", "*"),
        ("10-20/5", "?"),
    ]
)


@settings(max_examples=60, deadline=None)
@given(
    minute=minute_fields,
    hour=hour_fields,
    days=day_pairs,
    after=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2030, 12, 31)),
)
def test_next_fire_is_the_first_matching_minute_after(
    minute: str, hour: str, days: tuple[str, str], after: datetime
) -> None:
    """Property: next_after agrees with a minute-by-minute search over the next 40 days."""
    cron = Cron.parse(f"{minute} {hour} {days[0]} * {days[1]} *")
    start = after.replace(tzinfo=UTC)
    found = cron.next_after(start)
    expected = _brute_force_next(cron, start)
    if expected is not None:
        assert found == expected
    else:
        assert found is None or found - start > timedelta(days=39)
    if found is not None:
        assert found > start
        last = calendar.monthrange(found.year, found.month)[1]
        assert 1 <= found.day <= last


def test_a_zoned_cron_skips_a_local_time_the_daylight_saving_change_removes() -> None:
    from zoneinfo import ZoneInfo

    london = ZoneInfo("Europe/London")
    schedule = Schedule.parse("cron(30 1 * * ? *)", zone=london)
    # 2026-03-29: clocks go from 01:00 GMT to 02:00 BST, so 01:30 never happens that day.
    fired = schedule.next_after(datetime(2026, 3, 28, 2, 0, tzinfo=UTC))
    assert fired == datetime(2026, 3, 30, 0, 30, tzinfo=UTC)  # 01:30 BST the next day
    assert schedule.next_after(datetime(2026, 3, 27, 2, 0, tzinfo=UTC)) == datetime(
        2026, 3, 28, 1, 30, tzinfo=UTC
    )
