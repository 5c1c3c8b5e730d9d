"""DynamoDB streams in moto as AWS has them: a deletion the service made itself (TTL) carries
the service's identity, and every appended record wakes the local stream pollers."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

# The identity AWS gives a deletion the service made itself (TTL), in GetRecords' shape.
SERVICE_IDENTITY = {"PrincipalId": "dynamodb.amazonaws.com", "Type": "Service"}
_service_deletion = threading.local()


@contextlib.contextmanager
def service_deletion() -> Iterator[None]:
    """Writes in this block are DynamoDB's own (TTL): their stream records carry its identity."""
    _service_deletion.active = True
    try:
        yield
    finally:
        _service_deletion.active = False


def install_service_deletions() -> None:
    """moto's stream records never carry `userIdentity`; AWS's record of a TTL deletion names
    the service. A record made inside `service_deletion()` (this thread) gets it."""
    from moto.dynamodb.models.table import StreamShard

    if getattr(StreamShard, "_local_cloud_service_identity", False):
        return
    add = StreamShard.add

    def add_with_identity(self: Any, old: Any, new: Any) -> None:
        add(self, old, new)
        if getattr(_service_deletion, "active", False) and self.items:
            self.items[-1].record["userIdentity"] = dict(SERVICE_IDENTITY)

    StreamShard.add = add_with_identity  # type: ignore[method-assign]
    StreamShard._local_cloud_service_identity = True  # type: ignore[attr-defined]


class StreamActivity:
    """Records moto appended to any table's stream in this process (and pokes: a drain or a
    stop), so a stream poller can sleep until one arrives instead of asking an idle stream ten
    times a second (GetRecords through HTTP, most of the idle cloud's CPU)."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._count = 0
        self._endpoints: set[str] = set()  # servers of this process, whose writes are seen

    def notify(self) -> None:
        with self._changed:
            self._count += 1
            self._changed.notify_all()

    def seen(self) -> int:
        """A mark to wait from: read it before looking at the streams."""
        return self._count

    def wait(self, since: int, timeout_s: float) -> None:
        """Until a record (or a poke) arrived after `since`, or `timeout_s` passed."""
        with self._changed:
            self._changed.wait_for(lambda: self._count != since, timeout_s)

    def serve(self, endpoint: str) -> None:
        self._endpoints.add(endpoint.rstrip("/"))

    def unserve(self, endpoint: str) -> None:
        self._endpoints.discard(endpoint.rstrip("/"))

    def observes(self, endpoint: str) -> bool:
        """Whether writes through `endpoint` reach this process's moto (and so `notify`)."""
        return endpoint.rstrip("/") in self._endpoints


STREAM_ACTIVITY = StreamActivity()


def install_stream_activity() -> None:
    """Every record moto appends to a table's stream notifies STREAM_ACTIVITY."""
    from moto.dynamodb.models.table import StreamShard

    if getattr(StreamShard, "_local_cloud_activity", False):
        return
    add = StreamShard.add

    def add_and_notify(self: Any, old: Any, new: Any) -> None:
        add(self, old, new)
        STREAM_ACTIVITY.notify()

    StreamShard.add = add_and_notify  # type: ignore[method-assign]
    setattr(StreamShard, "_local_cloud_activity", True)  # noqa: B010 - a marker on moto's class
