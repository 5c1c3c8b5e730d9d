"""ECS tasks as real containers, where Docker runs: the local cloud's ECS starts a container
whose name has an image (`EcsEmulator.container_images`, or ECS_CONTAINER_IMAGES
`scraper=tattoo/scraper:local,...`) as `python -m emulation.ecs_container`, which runs it as
the ECS agent does and stays the task's process:

- the image's entry point with the task definition's (or the override's) command as arguments;
- the task's environment (passed by name, so values never appear in a command line), without
  the host's PATH, HOME or virtualenv;
- the container definition's `User` if set, else the image's USER;
- StopTask's SIGTERM becomes `docker stop` with the container definition's StopTimeout: the
  image's STOPSIGNAL (SIGTERM by default), then SIGKILL after the timeout, as on Fargate;
- host networking, so the container reaches the local cloud on 127.0.0.1 and nothing else is
  exposed; the container is removed when it ends, and labelled so a later run sweeps it if this
  process was killed first (`emulation.containers.sweep_abandoned`).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from emulation import containers

IMAGES_ENV = "ECS_CONTAINER_IMAGES"
STOP_TIMEOUT_S = 30  # Fargate's default when the container definition sets none
# The host's own settings never enter a container (its image has its own PATH and Python).
HOST_ONLY = frozenset(
    {"PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "VIRTUAL_ENV", "PYTHONPATH"}
)


def images_from_env(value: str | None) -> dict[str, str]:
    """`name=image,name=image` -> {name: image}; a malformed entry is an error, not ignored."""
    images: dict[str, str] = {}
    for entry in filter(None, (part.strip() for part in (value or "").split(","))):
        name, sep, image = entry.partition("=")
        if not sep or not name.strip() or not image.strip():
            raise ValueError(f"{IMAGES_ENV}: {entry!r} is not name=image")
        images[name.strip()] = image.strip()
    return images


def stop_timeout_s(container: Mapping[str, Any]) -> int:
    return int(container.get("StopTimeout") or STOP_TIMEOUT_S)


def task_command(
    image: str, container: Mapping[str, Any], environment: Mapping[str, str], task_id: str
) -> list[str]:
    """The task's local command up to the image: ECS appends the command's arguments."""
    name = f"ecs-{container.get('Name', 'task')}-{task_id[:12]}"
    run = ["docker", "run", "--rm", "--network", "host", "--name", name]
    for key, value in containers.labels("ecs-task").items():
        run += ["--label", f"{key}={value}"]
    run += ["--stop-timeout", str(stop_timeout_s(container))]
    if container.get("User"):
        run += ["--user", str(container["User"])]
    for key in sorted(environment):
        if key not in HOST_ONLY:
            run += ["-e", key]  # by name: the value comes from this process's environment
    run.append(image)
    return [
        sys.executable,
        "-m",
        "emulation.ecs_container",
        "--name",
        name,
        "--stop-timeout",
        str(stop_timeout_s(container)),
        "--",
        *run,
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m emulation.ecs_container")
    parser.add_argument("--name", required=True)
    parser.add_argument("--stop-timeout", type=int, default=STOP_TIMEOUT_S)
    parser.add_argument("run", nargs=argparse.REMAINDER, help="-- docker run ... IMAGE [ARGS]")
    args = parser.parse_args(argv)
    run = args.run[1:] if args.run[:1] == ["--"] else args.run
    containers.sweep_abandoned()
    stopping: list[subprocess.Popen[bytes]] = []

    def stop(signum: int, _frame: object) -> None:
        # As the ECS agent: docker stop sends the image's STOPSIGNAL, SIGKILL after the timeout.
        if not stopping:
            stopping.append(
                subprocess.Popen(  # noqa: S603 - fixed docker command
                    ["docker", "stop", "--time", str(args.stop_timeout), args.name],  # noqa: S607
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    # The task's output is this process's output. The CLI gets its own session: StopTask
    # signals this process group, and only `docker stop` may reach the container.
    process = subprocess.Popen(  # noqa: S603 - the docker run command task_command built
        [*run[:2], "--sig-proxy=false", *run[2:]], env=os.environ, start_new_session=True
    )
    try:
        code = process.wait()
    finally:
        if process.poll() is None:
            process.kill()
        for stopper in stopping:
            stopper.wait()
        subprocess.run(  # noqa: S603 - gone already unless something went wrong
            ["docker", "rm", "--force", args.name],  # noqa: S607
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
    return code


if __name__ == "__main__":
    sys.exit(main())
