"""Faults: the search_down proxy breaks and restores real connections to OpenSearch, and the
registry is shared with other processes through its JSON file."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import urllib3

from emulation.faults import Faults, read_active

pytestmark = pytest.mark.integration


@pytest.fixture
def faults(tmp_path: Path) -> Iterator[Faults]:
    registry = Faults(tmp_path / "faults.json")
    yield registry
    registry.close()


def cluster_name(pool: urllib3.PoolManager, url: str) -> str:
    response = pool.request("GET", url, retries=False, timeout=5)
    return str(json.loads(response.data)["cluster_name"])


@pytest.mark.parametrize("mode", ["reset", "refuse"])
def test_search_down_breaks_connections_and_they_recover(
    opensearch_url: str, faults: Faults, mode: str
) -> None:
    proxy_url = faults.search_proxy(opensearch_url)
    pool = urllib3.PoolManager(maxsize=1)  # keep-alive: a pooled connection must break too
    expected = cluster_name(pool, opensearch_url)
    assert cluster_name(pool, proxy_url) == expected

    faults.set("search_down", mode=mode)
    with pytest.raises((urllib3.exceptions.HTTPError, ConnectionError)):
        cluster_name(pool, proxy_url)
    with pytest.raises((urllib3.exceptions.HTTPError, ConnectionError)):
        cluster_name(urllib3.PoolManager(), proxy_url)  # a fresh connection fails as well

    faults.clear("search_down")
    assert cluster_name(pool, proxy_url) == expected


def test_registry_is_shared_through_its_file(faults: Faults) -> None:
    assert faults.state_file is not None
    faults.set("slow_sites", delay_s=2.5, hosts=["ink.example"])
    faults.set("places_429", fraction=0.5)

    # Another process sees exactly what this one switched on.
    seen = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, sys; from pathlib import Path;"
            "from emulation.faults import read_active;"
            "print(json.dumps(read_active(Path(sys.argv[1]))))",
            str(faults.state_file),
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert json.loads(seen.stdout) == {
        "slow_sites": {"delay_s": 2.5, "hosts": ["ink.example"]},
        "places_429": {"fraction": 0.5},
    }

    faults.clear("slow_sites")
    assert read_active(faults.state_file) == {"places_429": {"fraction": 0.5}}


def test_unknown_fault_names_are_refused(faults: Faults) -> None:
    with pytest.raises(ValueError, match="unknown fault 'disk_full'"):
        faults.set("disk_full")


def test_crash_and_throttle_switches(faults: Faults) -> None:
    faults.function_crash("sync", 1.0)
    faults.throttle("apigw")

    assert faults.crash_now("sync") and not faults.crash_now("api")
    assert faults.throttled("apigw") and not faults.throttled("lambda")
    assert faults.active()["function_crash"] == {"functions": {"sync": 1.0}}

    faults.clear()
    assert faults.active() == {}
    assert not faults.crash_now("sync")
