"""The hot-path benchmark's figures (load/hotpath.py), pure: CPU per request by part, less the
parts' idle CPU, weighted by the load mix, and py-spy's stacks reduced to the heaviest frames."""

from __future__ import annotations

import itertools

import pytest

from load.common.mix import ARTIST, MIX, SEARCH
from load.hotpath import heaviest, mix_weighted, net_of_idle, paths, per_request_ms


def test_cpu_per_request_is_per_part_and_in_total() -> None:
    figures = per_request_ms({"lambda_workers": 0.8, "local_cloud": 0.4}, 400)
    assert figures == {"lambda_workers": 2.0, "local_cloud": 1.0, "total": 3.0}


def test_idle_cpu_over_the_same_wall_time_is_taken_off_each_part() -> None:
    spent = {"local_cloud": 1.0, "opensearch": 0.1}
    idle_per_s = {"local_cloud": 0.05, "opensearch": 0.02}
    net = net_of_idle(spent, idle_per_s, wall_s=10.0, requests=100)
    assert net["local_cloud"] == pytest.approx(5.0)  # (1.0 - 0.5) s / 100
    assert net["opensearch"] == 0.0  # never below nothing
    assert net["total"] == pytest.approx(5.0)


def test_routes_are_weighted_by_the_load_mix() -> None:
    rows = [
        {"route": SEARCH, "net_ms_per_request": {"total": 4.0}},
        {"route": ARTIST, "net_ms_per_request": {"total": 2.0}},
    ]
    share = MIX[SEARCH] / (MIX[SEARCH] + MIX[ARTIST])
    assert mix_weighted(rows)["total"] == pytest.approx(4.0 * share + 2.0 * (1 - share), abs=1e-3)


def test_heaviest_counts_own_and_inclusive_samples_per_process_kind() -> None:
    stacks = [
        'process 9:"python -m emulation.cli up";process 10:"python emulation/lambda_worker.py";'
        'thread (0x1): "MainThread";main (w.py:1);handler (api.py:5);dumps (json.py:2) 3',
        'process 9:"python -m emulation.cli up";process 10:"python emulation/lambda_worker.py";'
        'thread (0x1): "MainThread";main (w.py:1);handler (api.py:5) 1',
        'process 9:"python -m emulation.cli up";thread (0x2): "apigw";serve (g.py:3) 4',
        "not a stack line",
    ]
    sections = {section.split(":", 1)[0]: section for section in heaviest(stacks).split("== ")[1:]}
    assert sorted(sections) == ["lambda_workers", "local_cloud"]
    worker = sections["lambda_workers"]
    assert worker.startswith("lambda_workers: 4 samples")
    assert " 75.0% dumps (json.py:2)" in worker.split("-- with callees")[0]  # own
    assert "100.0% handler (api.py:5)" in worker.split("-- with callees")[1]
    assert "100.0% serve (g.py:3)" in sections["local_cloud"]


def test_route_paths_cycle_over_the_seeded_artists_and_the_mix_searches() -> None:
    artists = list(itertools.islice(paths("artist", ["art_a", "art_b"], seed=1), 4))
    assert sorted(artists[:2]) == ["/v1/artists/art_a", "/v1/artists/art_b"]
    assert artists[2:] == artists[:2]
    searches = list(itertools.islice(paths("search", [], seed=1), 3))
    assert all(path.startswith("/v1/artists?") for path in searches)
    assert next(paths("health", [], seed=1)) == "/health"
