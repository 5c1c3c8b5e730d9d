"""The container provider of OpenSearch (OPENSEARCH_PROVIDER=container): the node runs in a
container through Testcontainers' OpenSearch module instead of from the Maven zip.

`emulation.opensearch` chooses the provider and the image (OPENSEARCH_IMAGE: the official
image of the same version by default; where no registry is reachable, `containers/build
opensearch` makes `tattoo/opensearch:<version>`, the official image's layout built from Debian,
Debian's JDK and the distribution the zip provider prepares). Same settings as the zip node:
single node, the same heap, disk thresholds off; published on 127.0.0.1 only.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from emulation import containers

HTTP_PORT = 9200


class ContainerUnavailable(RuntimeError):
    """The container could not start; the message says why (no engine, no image, not green)."""


@dataclass(frozen=True)
class RunningContainer:
    url: str
    stop: Callable[[], None]
    logs: Callable[[], str]
    startup_s: float


def start_container(
    image: str, *, heap: str, port: int | None = None, timeout_s: float = 120.0
) -> RunningContainer:
    """Start a node from `image` and wait until it is green; `port` on 127.0.0.1 if given."""
    available, detail = containers.image_status(image)
    if not available:
        raise ContainerUnavailable(f"cannot run {image}: {detail}")
    containers.testcontainers_settings()
    containers.sweep_abandoned()
    from testcontainers.community.opensearch import OpenSearchContainer
    from testcontainers.core.config import testcontainers_config

    # Its readiness wait gives up after max_tries x sleep_time seconds: make that our timeout.
    tries = int(timeout_s / testcontainers_config.sleep_time)
    testcontainers_config.max_tries = max(testcontainers_config.max_tries, tries)

    started = time.monotonic()
    container: Any = OpenSearchContainer(image=image, port=HTTP_PORT)
    containers.loopback(container, HTTP_PORT, port)
    container.with_env("OPENSEARCH_JAVA_OPTS", f"-Xms{heap} -Xmx{heap} -XX:-AlwaysPreTouch")
    # Full disks on shared machines must not turn the local index read-only.
    container.with_env("cluster.routing.allocation.disk.threshold_enabled", "false")
    container.with_kwargs(labels=containers.labels("opensearch"))
    try:
        container.start()
    except BaseException as exc:
        logs = _logs(container)
        _stop(container)
        if isinstance(exc, Exception):
            raise ContainerUnavailable(
                f"the OpenSearch container ({image}) did not become green within "
                f"{timeout_s:.0f} s: {exc}\n{logs}"
            ) from exc
        raise
    host_port = int(container.get_exposed_port(HTTP_PORT))
    return RunningContainer(
        url=f"http://127.0.0.1:{host_port}",
        stop=lambda: _stop(container),
        logs=lambda: _logs(container),
        startup_s=time.monotonic() - started,
    )


def _stop(container: Any) -> None:
    try:
        container.stop()
    except Exception:  # already gone (the engine stopped, or a sweep removed it)
        return


def _logs(container: Any) -> str:
    try:
        stdout, stderr = container.get_logs()
    except Exception:  # never started, or already removed
        return ""
    return "\n".join((stdout + stderr).decode(errors="replace").splitlines()[-40:])
