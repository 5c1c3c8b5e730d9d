"""The Distributed Map failure-tolerance rule applied to moto's Map runs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from emulation.sfn_map import threshold_exceeded


@pytest.mark.parametrize(
    ("failed", "total", "count", "percentage", "exceeded"),
    [
        (0, 10, 0, 0.0, False),  # nothing failed
        (1, 10, 0, 0.0, True),  # no threshold: one failure fails the run
        (1, 10, 0, 10.0, False),  # 10 % is tolerated at 10 %
        (2, 10, 0, 10.0, True),
        (2, 10, 2, 0.0, False),
        (3, 10, 2, 0.0, True),
        (3, 10, 5, 20.0, True),  # both set: exceeding either fails
        (3, 10, 2, 50.0, True),
        (2, 10, 5, 20.0, False),
    ],
)
def test_threshold_rule(
    failed: int, total: int, count: int, percentage: float, exceeded: bool
) -> None:
    assert threshold_exceeded(failed, total, count, percentage) is exceeded


@given(st.integers(0, 1000), st.integers(1, 1000), st.floats(0.0, 100.0))
def test_more_failures_never_pass_where_fewer_failed(
    failed: int, total: int, percentage: float
) -> None:
    """Monotonic: once a count of failures exceeds the threshold, every larger one does."""
    if threshold_exceeded(failed, total, 0, percentage):
        assert threshold_exceeded(failed + 1, total, 0, percentage)
