"""GET /health: whether the table and the search cluster answer."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Protocol


class Probe(Protocol):
    def ping(self) -> bool: ...


def check_health(table: Probe, search: Probe) -> tuple[bool, dict[str, Any]]:
    """(healthy, body): `healthy` only when every dependency answered its probe."""
    dependencies = {
        "table": "ok" if table.ping() else "error",
        "search": "ok" if search.ping() else "error",
    }
    healthy = all(state == "ok" for state in dependencies.values())
    return healthy, {
        "status": "healthy" if healthy else "degraded",
        "timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "dependencies": dependencies,
    }
