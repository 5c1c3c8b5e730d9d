"""The console-load verdict: medians of the rounds with the console open against those without."""

from __future__ import annotations

from typing import Any

from load.console_load import MAX_SLOWDOWN, summary


def _round(open_: bool, p95: float) -> dict[str, Any]:
    return {"console_open": open_, "p95_ms": p95, "p99_ms": 2 * p95, "sut_cpu_ms": 5.0}


def test_the_verdict_compares_medians_so_one_noisy_round_does_not_decide() -> None:
    rounds = [_round(False, 20.0), _round(True, 21.0), _round(True, 90.0), _round(False, 19.0)]
    rounds += [_round(False, 20.0), _round(True, 21.0)]

    result = summary(rounds)

    assert result["p95_ms"] == {"closed": 20.0, "open": 21.0}
    assert result["p95_slowdown"] == 0.05
    assert result["within_bound"] is True


def test_a_console_that_costs_more_than_the_bound_fails_it() -> None:
    slow = 20.0 * (1 + MAX_SLOWDOWN) + 0.5
    result = summary([_round(False, 20.0), _round(True, slow)])

    assert result["within_bound"] is False
    assert result["p95_slowdown"] > MAX_SLOWDOWN
