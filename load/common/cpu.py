"""CPU accounting: the CPU time of process trees, split into the parts of the system under
test (Lambda workers, the local cloud's process, the OpenSearch node), and the machine's load."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Mapping, Sequence
from urllib.parse import urlsplit


def part_of(cmdline: Sequence[str]) -> str:
    """Which part of the system under test a process is, from its command line."""
    text = " ".join(cmdline)
    if "lambda_worker" in text:
        return "lambda_workers"
    if "opensearch" in text.lower():
        return "opensearch"
    return "local_cloud"


def tree_cpu_parts(roots: Iterable[int]) -> dict[str, float]:
    """CPU seconds (user + system) of each root and its live descendants, plus what their
    reaped children used, per part (`part_of`). Differences of two readings are the CPU spent
    in between: a process that exits moves its time into its parent's children figures."""
    import psutil

    seen: set[int] = set()
    parts: dict[str, float] = {}
    for root in roots:
        try:
            top = psutil.Process(root)
            processes = [top, *top.children(recursive=True)]
        except psutil.NoSuchProcess:
            continue
        for process in processes:
            if process.pid in seen:
                continue
            seen.add(process.pid)
            with contextlib.suppress(psutil.NoSuchProcess, psutil.ZombieProcess):
                t = process.cpu_times()
                part = part_of(process.cmdline())
                used = t.user + t.system + t.children_user + t.children_system
                parts[part] = parts.get(part, 0.0) + used
    return parts


def tree_cpu_s(roots: Iterable[int]) -> float:
    """Total CPU seconds of the process trees under `roots` (see `tree_cpu_parts`)."""
    return sum(tree_cpu_parts(roots).values())


def cpu_spent(before: Mapping[str, float], after: Mapping[str, float]) -> dict[str, float]:
    """Per-part CPU seconds between two readings (a part that appeared counts from zero)."""
    return {
        part: round(after[part] - before.get(part, 0.0), 2)
        for part in sorted(after)
        if after[part] - before.get(part, 0.0) > 0
    }


def listener_pid(url: str) -> int | None:
    """The process listening on the port of `url` on this machine, if any."""
    import psutil

    port = urlsplit(url).port
    if port is None:
        return None
    for connection in psutil.net_connections(kind="tcp"):
        if (
            connection.status == psutil.CONN_LISTEN
            and connection.laddr
            and connection.laddr.port == port
            and connection.pid is not None
        ):
            return int(connection.pid)
    return None


def system_under_test(cloud_pid: int) -> list[int]:
    """Roots of the system under test: the local cloud (its Lambda workers, and OpenSearch
    when it started the node, are its descendants) plus an OpenSearch node it was pointed at."""
    import psutil

    roots = [cloud_pid]
    with contextlib.suppress(psutil.Error):
        external = psutil.Process(cloud_pid).environ().get("OPENSEARCH_URL")
        pid = listener_pid(external) if external else None
        if pid is not None and pid not in roots:
            roots.append(pid)
    return roots


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]
