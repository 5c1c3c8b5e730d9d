"""Sizing's reading of Lambda REPORT lines and its recommendation rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from load.sizing import MARGIN, RUNTIME_OVERHEAD_MB, collect, recommend, reports, short_name_of

COLD = (
    "REPORT RequestId: 1\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 512 MB\t"
    "Max Memory Used: 140 MB\tInit Duration: 410.20 ms"
)
WARM = (
    "REPORT RequestId: 2\tDuration: 3.00 ms\tBilled Duration: 4 ms\tMemory Size: 512 MB\t"
    "Max Memory Used: 151 MB"
)


def test_report_lines_give_duration_memory_and_init() -> None:
    cold, warm = reports(["START RequestId: 1", COLD, "some log line", WARM])
    assert (cold["duration_ms"], cold["memory_mb"], cold["init_ms"]) == (12.5, 140, 410.2)
    assert (warm["duration_ms"], warm["memory_mb"]) == (3.0, 151)
    assert warm["init_ms"] != warm["init_ms"]  # NaN: a warm call has no init


def test_a_function_that_waits_gets_the_smallest_size_holding_its_peak() -> None:
    size, reason = recommend(150, "io", 1024)
    assert size == 256 and size >= 150 * MARGIN + RUNTIME_OVERHEAD_MB and size % 64 == 0
    assert "waits on I/O" in reason
    assert recommend(10, "io", 1024)[0] == 128  # Lambda's smallest useful size


def test_a_cpu_bound_function_keeps_its_latency_size_unless_the_peak_needs_more() -> None:
    assert recommend(150, "cpu", 512)[0] == 512
    size, reason = recommend(450, "cpu", 512)
    assert size == 640 and "needs 640 MB" in reason


def test_log_files_are_matched_to_functions_by_construct_name(tmp_path: Path) -> None:
    names = ["api", "sync", "find-artists", "validate-artists"]
    assert short_name_of(Path("TattooDirectoryCompute-FindArtistsFunction-x.log"), names) == (
        "find-artists"
    )
    assert short_name_of(Path("TattooDirectoryCompute-ApiFunction-ab12.log"), names) == "api"
    assert short_name_of(Path("Other-thing.log"), names) is None
    (tmp_path / "TattooDirectoryCompute-ApiFunction-1.log").write_text(f"{COLD}\n{WARM}\n")
    assert [r["memory_mb"] for r in collect([tmp_path], names)["api"]] == [140, 151]


@pytest.mark.parametrize("kind", ["io", "cpu"])
def test_a_recommendation_never_falls_below_the_peak_with_its_margin(kind: str) -> None:
    for peak in (1, 99, 500, 1900):
        assert recommend(peak, kind, 128)[0] >= peak * MARGIN
