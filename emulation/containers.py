"""What every container the local cloud and its tests start has in common (Docker, through
Testcontainers or docker-py): detecting an engine fast, publishing ports on 127.0.0.1 only,
and labels that let a later run remove containers whose starter died without stopping them.

No registry is assumed: images are local (`containers/build`), and Testcontainers' reaper
(Ryuk, an image it would pull) is switched off; the starter-pid label and `sweep_abandoned()`
do its job instead.
"""

from __future__ import annotations

import os
from typing import Any

# Containers this project starts carry these labels; `sweep_abandoned` reads them.
OWNER_LABEL = "tattoo.owner"
STARTER_LABEL = "tattoo.starter-pid"
OWNER = "tattoo-compute"


def docker_status(timeout_s: int = 2) -> tuple[bool, str]:
    """(True, engine version) when a Docker engine answers; else (False, one line saying why)."""
    try:
        import docker

        engine = docker.from_env(timeout=timeout_s)
        engine.ping()
        version = str(engine.version().get("Version", "?"))
    except Exception as exc:  # no socket, no permission, no package: all mean "no Docker"
        reason = str(exc).splitlines()[0] if str(exc) else ""
        return False, f"no Docker engine ({type(exc).__name__}: {reason})"
    return True, version


def image_status(image: str, timeout_s: int = 2) -> tuple[bool, str]:
    """(True, image id) when Docker answers and holds `image` locally; else (False, why not):
    nothing is pulled, so a missing image means `containers/build` has not made it."""
    available, detail = docker_status(timeout_s)
    if not available:
        return False, detail
    import docker
    from docker.errors import ImageNotFound

    try:
        found = docker.from_env(timeout=timeout_s).images.get(image)
    except ImageNotFound:
        return False, f"no image {image} here (build it: containers/build)"
    return True, str(found.id)


def testcontainers_settings() -> None:
    """No reaper container (its image cannot be pulled here; our labels replace it), and ports
    are reached on this machine's loopback even when this process itself runs in a container
    (Testcontainers would otherwise try the bridge gateway): the engine is this machine's."""
    os.environ.setdefault("TESTCONTAINERS_RYUK_DISABLED", "true")
    os.environ.setdefault("TESTCONTAINERS_CONNECTION_MODE", "docker_host")
    from testcontainers.core.config import ConnectionMode, testcontainers_config

    mode = ConnectionMode(os.environ["TESTCONTAINERS_CONNECTION_MODE"])
    testcontainers_config.connection_mode_override = mode


def labels(role: str) -> dict[str, str]:
    return {OWNER_LABEL: OWNER, STARTER_LABEL: str(os.getpid()), "tattoo.role": role}


def loopback(container: Any, port: int, host_port: int | None = None) -> None:
    """Publish a Testcontainers container's `port` on 127.0.0.1 only (a free port unless
    `host_port`): test traffic stays on loopback. docker-py takes (ip, port) tuples."""
    container.ports[f"{port}/tcp"] = ("127.0.0.1", host_port)


def sweep_abandoned() -> int:
    """Remove this project's containers whose starting process is gone (SIGKILL, a crash):
    the number removed. Quiet when there is no engine."""
    try:
        import docker

        engine = docker.from_env(timeout=5)
        found = engine.containers.list(all=True, filters={"label": f"{OWNER_LABEL}={OWNER}"})
    except Exception:  # no engine: nothing to sweep
        return 0
    removed = 0
    for container in found:
        starter = container.labels.get(STARTER_LABEL, "")
        if starter.isdigit() and os.path.exists(f"/proc/{starter}"):
            continue
        container.remove(force=True)
        removed += 1
    return removed
