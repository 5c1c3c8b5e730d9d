"""Shaping of the benchmark figures: percentiles, stage summaries in results/load.json's shape,
the --check verdict, pacing and the request mix. Pure: no servers, no clocks."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compute.domain.errors import ValidationError
from compute.domain.search import parse_search_params
from load.common.figures import (
    RouteSamples,
    check_stage,
    figures,
    latency_summary,
    parse_rates,
    percentile,
    stage_summary,
)
from load.common.mix import ARTIST, HEALTH, MIX, SEARCH, STYLES, search_parameters, workload
from load.common.pacing import Pacer, users_for

FIGURE_KEYS = {"requests", "failures", "achieved_rps", "p50_ms", "p95_ms", "p99_ms"}


def test_percentile_interpolates_between_ranks() -> None:
    values = [float(v) for v in range(1, 101)]  # 1..100
    assert percentile(values, 0.0) == 1.0
    assert percentile(values, 1.0) == 100.0
    assert percentile(values, 0.5) == pytest.approx(50.5)
    assert percentile(values, 0.95) == pytest.approx(95.05)
    assert percentile(list(reversed(values)), 0.95) == pytest.approx(95.05)


def test_percentile_of_nothing_is_zero_and_q_is_checked() -> None:
    assert percentile([], 0.95) == 0.0
    with pytest.raises(ValueError, match="q must be within"):
        percentile([1.0], 95)


@given(st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1), st.floats(0, 1), st.floats(0, 1))
def test_percentile_is_monotonic_and_bounded(values: list[float], a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert min(values) <= percentile(values, low) <= percentile(values, high) <= max(values)


def test_stage_summary_has_the_result_shape_and_totals_over_routes() -> None:
    search, artist = RouteSamples(), RouteSamples()
    for ms in (10.0, 20.0, 30.0, 40.0):
        search.add(ms, None)
    artist.add(5.0, None)
    artist.add(500.0, "HTTP 500")
    stage = stage_summary(100, 2.0, {SEARCH: search, ARTIST: artist})

    assert {"target_rps", "duration_s", "routes", *FIGURE_KEYS} <= set(stage)
    assert stage["target_rps"] == 100
    assert stage["requests"] == 6
    assert stage["failures"] == 1
    assert stage["achieved_rps"] == 3.0
    assert stage["p50_ms"] == 25.0  # over every route's latencies: 5,10,20,30,40,500
    assert set(stage["routes"]) == {SEARCH, ARTIST}
    assert set(stage["routes"][ARTIST]) == FIGURE_KEYS
    assert stage["routes"][ARTIST]["failures"] == 1
    assert stage["routes"][SEARCH]["achieved_rps"] == 2.0
    assert stage["errors"] == {"HTTP 500": 1}


def test_figures_need_a_positive_duration() -> None:
    with pytest.raises(ValueError, match="duration_s"):
        figures([1.0], 0, 0.0)


def _stage(p95: float, failures: int, requests: int = 100) -> dict[str, object]:
    return {"target_rps": 100, "p95_ms": p95, "failures": failures, "requests": requests}


def test_check_passes_only_with_zero_failures_and_p95_within_target() -> None:
    assert check_stage(_stage(50.0, 0), max_p95_ms=50) == []
    assert check_stage(_stage(50.1, 0), max_p95_ms=50) == ["100/s: p95 50.1 ms > 50 ms"]
    assert check_stage(_stage(10.0, 2), max_p95_ms=50) == ["100/s: 2 failures (target 0)"]
    assert check_stage(_stage(0.0, 0, requests=0), max_p95_ms=50) == ["100/s: no request completed"]


def test_parse_rates() -> None:
    assert parse_rates("100,200") == [100, 200]
    assert parse_rates(" 100 ") == [100]
    for bad in ("", "100,x", "0", "-5"):
        with pytest.raises(ValueError, match="--rates"):
            parse_rates(bad)


def test_latency_summary_in_seconds() -> None:
    assert latency_summary([1.0, 2.0, 3.0]) == {
        "p50_s": 2.0,
        "p95_s": 2.9,
        "p99_s": 2.98,
        "max_s": 3.0,
    }
    assert latency_summary([]) == {"p50_s": 0.0, "p95_s": 0.0, "p99_s": 0.0, "max_s": 0.0}


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_pacer_hands_out_slots_one_interval_apart_across_users() -> None:
    clock = FakeClock()
    pacer = Pacer(100, clock=clock)
    delays = [pacer.delay() for _ in range(5)]  # five users asking at the same instant
    assert delays == pytest.approx([0.0, 0.01, 0.02, 0.03, 0.04])


def test_pacer_does_not_burst_to_catch_up_after_a_stall() -> None:
    clock = FakeClock()
    pacer = Pacer(10, clock=clock)
    pacer.delay()
    clock.now += 5.0  # every user was busy for 5 s
    assert pacer.delay() == 0.0
    assert pacer.delay() == pytest.approx(0.1)


def test_pacer_rate_change_applies_to_the_next_slots() -> None:
    clock = FakeClock()
    pacer = Pacer(10, clock=clock)
    pacer.delay()
    pacer.set_rate(200)
    assert pacer.delay() == pytest.approx(0.1)  # the slot reserved at 10/s
    assert pacer.delay() == pytest.approx(0.105)
    with pytest.raises(ValueError, match="rate"):
        pacer.set_rate(0)


def test_users_for_rate() -> None:
    assert users_for(100, 1.0) == 100
    assert users_for(200, 0.5) == 100
    assert users_for(1, 0.1) == 1


def test_mix_is_the_issues_percentages() -> None:
    assert MIX == {SEARCH: 60, ARTIST: 25, STYLES: 10, HEALTH: 5}
    assert sum(MIX.values()) == 100


def test_generated_searches_are_valid_and_varied() -> None:
    searches = search_parameters(random.Random(0), 2000)
    for params in searches:
        try:
            parse_search_params(params)
        except ValidationError as exc:  # pragma: no cover - the message names the bad input
            pytest.fail(f"{params} was rejected: {exc.fields}")
    used = {name for params in searches for name in params}
    assert {"query", "style", "location", "near", "radius_km", "sort", "limit", "page"} <= used
    assert {params.get("sort") for params in searches} >= {"relevance", "rating", "distance"}
    from compute.domain.styles import VOCABULARY

    assert any(p.get("style") not in (None, *VOCABULARY) for p in searches)  # synonyms too


def test_workload_is_deterministic_and_needs_ids() -> None:
    assert workload(["a", "b"], searches=50, seed=3) == workload(["a", "b"], searches=50, seed=3)
    assert workload(["a"], searches=50)["artist_ids"] == ["a"]
    with pytest.raises(ValueError, match="artist ids"):
        workload([], searches=5)


def test_processes_are_attributed_to_their_part() -> None:
    from load.common.cpu import part_of

    assert part_of(["/venv/bin/python", "-u", "/work/emulation/lambda_worker.py"]) == (
        "lambda_workers"
    )
    assert part_of(
        ["java", "-Dopensearch.path.home=/x", "org.opensearch.bootstrap.OpenSearch"]
    ) == ("opensearch")
    assert part_of(["python", "-m", "emulation.cli", "up"]) == "local_cloud"


def test_cpu_spent_between_readings_counts_new_parts_from_zero() -> None:
    from load.common.cpu import cpu_spent

    before = {"local_cloud": 10.0, "opensearch": 5.0}
    after = {"local_cloud": 12.5, "opensearch": 5.0, "lambda_workers": 3.25}
    assert cpu_spent(before, after) == {"lambda_workers": 3.25, "local_cloud": 2.5}


def _figures(p50: float, p95: float, p99: float, **routes: float) -> dict[str, object]:
    return {
        "p50_ms": p50,
        "p95_ms": p95,
        "p99_ms": p99,
        "routes": {route: {"p95_ms": p95_ms} for route, p95_ms in routes.items()},
    }


def test_the_api_is_read_against_its_floor_as_ratios_per_percentile_and_route() -> None:
    from load.common.figures import versus_floor

    api = _figures(10.0, 20.0, 40.0, search=24.0, artist=6.0, styles=3.0)
    floor = _figures(4.0, 8.0, 10.0, search=8.0, artist=2.0)  # styles not measured below

    assert versus_floor(api, floor) == {
        "p50": 2.5,
        "p95": 2.5,
        "p99": 4.0,
        "routes_p95": {"artist": 3.0, "search": 3.0},
    }


def test_a_floor_without_a_positive_figure_gives_no_ratio() -> None:
    from load.common.figures import ratio, versus_floor

    assert ratio(5.0, 0.0) is None
    assert ratio(3.0, 2.0) == 1.5
    assert versus_floor(_figures(1.0, 2.0, 3.0), _figures(0.0, 0.0, 0.0))["p95"] is None


def test_cpu_per_request_is_milliseconds_of_each_part_and_their_total() -> None:
    from load.common.figures import cpu_per_request

    parts = {"lambda_workers": 2.0, "opensearch": 0.5}  # seconds; no local_cloud reading
    assert cpu_per_request(parts, 1000) == {
        "lambda_workers": 2.0,
        "local_cloud": 0.0,
        "opensearch": 0.5,
        "total": 2.5,
    }
    assert cpu_per_request(parts, 0) == dict.fromkeys(
        ("lambda_workers", "local_cloud", "opensearch", "total")
    )


def test_the_check_reads_the_floor_ratio_when_given_a_limit() -> None:
    stage = {**_stage(20.0, 0), "vs_floor": {"p95": 2.4}}
    assert check_stage(stage, max_p95_ms=50) == []
    assert check_stage(stage, max_p95_ms=50, max_floor_ratio=2.5) == []
    assert check_stage(stage, max_p95_ms=50, max_floor_ratio=2.0) == [
        "100/s: API p95 / floor p95 2.4 > 2.0"
    ]
    assert check_stage(_stage(20.0, 0), max_p95_ms=50, max_floor_ratio=2.0) == [
        "100/s: no floor measured for the p95 ratio"
    ]


def test_the_report_shows_the_floor_beside_each_route() -> None:
    import json
    from pathlib import Path

    from load.run import report

    document = json.loads(
        (Path(__file__).parent / "load-with-floor.json").read_text(encoding="utf-8")
    )
    text = report(document)
    assert "floor p95" in text.splitlines()[0]
    assert "GET /v1/artists/{artistId}" in text
    assert "CPU ms a request: lambda_workers" in text
