"""The OpenSearch provider: OPENSEARCH_URL wins; otherwise a real node starts from the cached
distribution, with the analysis-common module, and dies when stopped."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from emulation import opensearch

pytestmark = pytest.mark.integration


def _json(url: str, body: dict[str, object] | None = None) -> dict[str, object]:
    request = urllib.request.Request(
        url,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        result: dict[str, object] = json.load(response)
        return result


def test_provide_honours_opensearch_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENSEARCH_URL", "http://127.0.0.1:9999/")

    node = opensearch.provide(cache_dir=Path("/nonexistent"))

    assert node.url == "http://127.0.0.1:9999"
    assert node.started_here is False
    node.stop()  # a node it did not start is left alone


def test_provider_starts_a_node_from_the_cached_distribution(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("OPENSEARCH_URL", raising=False)
    monkeypatch.setenv("OPENSEARCH_PROVIDER", "zip")  # this file tests the zip provider

    node = opensearch.provide()
    try:
        assert node.started_here is True
        assert node.url.startswith("http://127.0.0.1:")
        assert _json(f"{node.url}/_cluster/health")["status"] == "green"
        # analysis-common (added from Maven Central) provides ASCII folding and edge n-grams.
        analyzed = _json(
            f"{node.url}/_analyze",
            {
                "tokenizer": "standard",
                "filter": [
                    "lowercase",
                    "asciifolding",
                    {"type": "edge_ngram", "min_gram": 2, "max_gram": 5},
                ],
                "text": "Café",
            },
        )
        tokens = [token["token"] for token in analyzed["tokens"]]  # type: ignore[attr-defined]
        assert tokens == ["ca", "caf", "cafe"]
        process = node.process
        assert process is not None
        if os.geteuid() == 0:  # OpenSearch refuses root: it runs as the unprivileged user
            status = Path(f"/proc/{process.pid}/status").read_text()
            uid_line = next(line for line in status.splitlines() if line.startswith("Uid:"))
            assert uid_line.split()[1] != "0"
    finally:
        node.stop()
    assert process.poll() is not None
    assert node.work_dir is None


def test_node_dies_with_the_process_that_started_it() -> None:
    """No orphans: SIGKILL the starter (no atexit runs) and the JVM still goes."""
    starter = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import os, sys, time\n"
            "os.environ.pop('OPENSEARCH_URL', None)\n"
            "from emulation.opensearch import provide\n"
            "node = provide()\n"
            "print(node.process.pid, flush=True)\n"
            "time.sleep(600)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[3],
        env={
            **{k: v for k, v in os.environ.items() if k != "OPENSEARCH_URL"},
            "OPENSEARCH_PROVIDER": "zip",
        },
    )
    assert starter.stdout is not None
    jvm_pid = int(starter.stdout.readline())
    assert Path(f"/proc/{jvm_pid}").exists()

    starter.send_signal(signal.SIGKILL)
    starter.wait()

    deadline = time.monotonic() + 30
    while _alive(jvm_pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(jvm_pid)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_without_url_cache_or_maven_the_error_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("OPENSEARCH_URL", raising=False)
    monkeypatch.setenv("OPENSEARCH_PROVIDER", "zip")
    monkeypatch.setenv("PATH", str(tmp_path))  # no mvn anywhere

    with pytest.raises(opensearch.OpenSearchUnavailable) as raised:
        opensearch.provide(cache_dir=tmp_path / "cache")

    message = str(raised.value)
    assert "Install Maven and Java 17" in message
    assert "OPENSEARCH_URL" in message
