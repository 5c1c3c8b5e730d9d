"""One local cloud running the edges test app, shared by the edge tests of a session.

The CDK app is synthesized once per process and the cloud started once (OpenSearch is not needed
by this app, so it is not started). The integration package stops it when its last test is
done (`stop_edges_cloud`, tests/integration/conftest.py), so its pollers are not still running
while the later tiers and pytest's own teardown run; process exit stops it otherwise.
"""

from __future__ import annotations

import atexit
import functools
import sys
import tempfile
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from emulation.cloud import LocalCloud
from tests.integration.emulation.apps import edges_app


class ManualClock:
    """An injectable clock for the scheduler: tests set and advance it."""

    def __init__(self, now: datetime) -> None:
        self._now = now
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self._now

    def set(self, now: datetime) -> None:
        with self._lock:
            self._now = now

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            self._now += delta


CLOCK = ManualClock(datetime(2026, 11, 28, 12, 0, tzinfo=UTC))
CONTAINER_COMMANDS = {"worker": [sys.executable, str(edges_app.WORKER_SCRIPT)]}


@functools.cache
def edges_cloud() -> LocalCloud:
    """The started cloud (deploy included); stopped at interpreter exit."""
    assembly = edges_app.synthesize()
    state_dir = Path(tempfile.mkdtemp(prefix="edges-cloud-"))
    cloud = LocalCloud(
        state_dir=state_dir,
        opensearch=False,
        container_commands=CONTAINER_COMMANDS,
        clock=CLOCK,
        ecs_stop_timeout_s=5.0,
        control_server=True,
    )
    cloud.start(assembly)
    atexit.register(cloud.stop)
    return cloud


def stop_edges_cloud() -> None:
    """Stop the edges cloud if this process started it; the next `edges_cloud()` starts anew."""
    if edges_cloud.cache_info().currsize == 0:
        return
    cloud = edges_cloud()
    edges_cloud.cache_clear()
    atexit.unregister(cloud.stop)
    cloud.stop()
