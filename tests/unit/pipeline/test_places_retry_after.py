"""Reading the Places API's Retry-After: delay-seconds or an HTTP-date (RFC 9110)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compute.adapters.places import (
    PlacesQuotaExceeded,
    PlacesRequestRejected,
    PlacesUnavailable,
    _retry_after,
    counts_against_host,
    retry_after_of,
)

NOW = datetime(2027, 1, 15, 8, 0, tzinfo=UTC)


def clock() -> float:
    return NOW.timestamp()


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("1", 1.0), ("2.5", 2.5), ("0", 0.0), ("-3", 0.0), (None, None), ("", None)],
)
def test_delay_seconds(header: str | None, seconds: float | None) -> None:
    assert _retry_after(header, clock) == seconds


@given(st.integers(min_value=0, max_value=86_400))
def test_an_http_date_is_the_seconds_until_it(delay: int) -> None:
    header = format_datetime(NOW + timedelta(seconds=delay), usegmt=True)
    assert _retry_after(header, clock) == delay


@pytest.mark.parametrize("header", ["soon", "inf", "nan", "1e400", "Mon, 99 Foo 2027"])
def test_what_cannot_be_read_falls_back_to_our_backoff(header: str) -> None:
    assert _retry_after(header, clock) is None


def test_a_date_in_the_past_means_now() -> None:
    assert _retry_after("Fri, 15 Jan 2027 07:59:00 GMT", clock) == 0.0


def test_only_an_unhealthy_host_counts_against_the_breaker() -> None:
    assert counts_against_host(PlacesUnavailable("500", 500))
    assert not counts_against_host(PlacesQuotaExceeded("429", 3.0))
    assert not counts_against_host(PlacesRequestRejected("400", 400))
    assert retry_after_of(PlacesQuotaExceeded("429", 3.0)) == 3.0
    assert retry_after_of(PlacesUnavailable("500", 500)) is None
