"""The container provider of OpenSearch (OPENSEARCH_PROVIDER=container, Testcontainers): the
same node as the zip provider's, in the image OPENSEARCH_IMAGE names. CI here builds that image
(`containers/build opensearch`); without Docker or the image these tests skip in well under a
second, saying why."""

from __future__ import annotations

import json
import os
import time
import urllib.request
from typing import Any

import pytest

from emulation import containers, opensearch
from emulation.opensearch import LOCAL_IMAGE, OFFICIAL_IMAGE

pytestmark = pytest.mark.integration


def configured_image() -> str:
    """The image the setting names; here, without a setting, the locally built one if any."""
    named = os.environ.get(opensearch.IMAGE_ENV)
    if named:
        return named
    return LOCAL_IMAGE if containers.image_status(LOCAL_IMAGE)[0] else OFFICIAL_IMAGE


@pytest.fixture
def image() -> str:
    name = configured_image()
    available, detail = containers.image_status(name)
    if not available:
        pytest.skip(f"OpenSearch container provider skipped: {detail}")
    return name


def _json(url: str, body: dict[str, object] | None = None) -> dict[str, object]:
    request = urllib.request.Request(
        url,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        result: dict[str, object] = json.load(response)
        return result


def publishes(container: Any, host_port: str) -> bool:
    ports = container.attrs["NetworkSettings"]["Ports"] or {}
    return any(b["HostPort"] == host_port for b in ports.get("9200/tcp") or [])


def test_the_container_provider_runs_the_same_node_on_loopback_as_non_root(
    image: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import docker

    monkeypatch.delenv("OPENSEARCH_URL", raising=False)
    monkeypatch.setenv(opensearch.PROVIDER_ENV, "container")
    monkeypatch.setenv(opensearch.IMAGE_ENV, image)
    engine = docker.from_env()

    node = opensearch.provide()
    try:
        # The container publishing this node's port: other processes (pytest-xdist's other
        # workers, their local clouds) start containers of their own meanwhile.
        port = node.url.rsplit(":", 1)[1]
        (started,) = [c for c in engine.containers.list() if publishes(c, port)]
        assert node.started_here and node.url.startswith("http://127.0.0.1:")
        health = _json(f"{node.url}/_cluster/health")
        assert health["status"] == "green"
        version = _json(node.url)["version"]
        assert version["number"] == opensearch.OPENSEARCH_VERSION  # type: ignore[index]
        # The modules the zip provider adds (analysis-common over lang-painless) are there too.
        analyzed = _json(
            f"{node.url}/_analyze",
            {"tokenizer": "standard", "filter": ["lowercase", "asciifolding"], "text": "Café"},
        )
        assert [t["token"] for t in analyzed["tokens"]] == ["cafe"]  # type: ignore[attr-defined]
        bindings = started.attrs["NetworkSettings"]["Ports"]["9200/tcp"]
        assert {b["HostIp"] for b in bindings} == {"127.0.0.1"}  # never on every interface
        uid = started.exec_run(["id", "-u"]).output.decode().strip()
        assert uid != "0"
        assert started.labels[containers.STARTER_LABEL] == str(os.getpid())
    finally:
        node.stop()
    assert started.id not in {c.id for c in engine.containers.list(all=True)}


def test_an_unknown_provider_is_named_in_the_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENSEARCH_URL", raising=False)
    monkeypatch.setenv(opensearch.PROVIDER_ENV, "podman")

    with pytest.raises(opensearch.OpenSearchUnavailable, match="OPENSEARCH_PROVIDER='podman'"):
        opensearch.provide()


def test_without_docker_the_container_provider_says_so_within_a_second(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("OPENSEARCH_URL", raising=False)
    monkeypatch.setenv(opensearch.PROVIDER_ENV, "container")
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")
    started = time.monotonic()

    with pytest.raises(opensearch.OpenSearchUnavailable) as raised:
        opensearch.provide()

    assert time.monotonic() - started < 1.0
    assert "no Docker engine" in str(raised.value)
    assert "OPENSEARCH_PROVIDER" in str(raised.value)
