"""DynamoDB Time to Live, which moto never applies: the service deletes expired items.

AWS deletes an item some time after the epoch-seconds Number in the table's TTL attribute has
passed (usually within days; a value more than five years in the past, or not a Number, is
never expired), re-checking the value as it deletes. The stream record of such a deletion is
a REMOVE that names the service as its author: `userIdentity` `{"type": "Service",
"principalId": "dynamodb.amazonaws.com"}` in the Lambda event, which is how a stream consumer
tells an expiry from a delete a caller made. Here `TtlSweeper` deletes expired items through
moto's in-process backend every `interval_s` and on demand (`sweep()`), inside
`moto_patches.service_deletion()`, so moto's stream record carries that identity.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from emulation import moto_patches

logger = logging.getLogger(__name__)

FIVE_YEARS_S = 5 * 365 * 24 * 3600


def expired(value: Mapping[str, Any] | None, now: float) -> bool:
    """Whether TTL deletes an item whose TTL attribute is `value` (DynamoDB JSON) at `now`."""
    number = (value or {}).get("N")
    if number is None:
        return False
    try:
        expires_at = float(number)
    except ValueError:
        return False
    return now - FIVE_YEARS_S <= expires_at < now


def unsorted_items(table: Any) -> list[Any]:
    """Every item of a moto table, in no order. moto's `Table.all_items()` sorts them with a
    Python comparison per pair: 0.8 s of the cloud's CPU, holding the GIL the API gateway and
    moto's request threads need, once a minute with 10,000 artists seeded. A pass needs no
    order; the lists are copied so writers may go on while it reads."""
    if table.range_key_attr:
        return [item for by_range in list(table.items.values()) for item in list(by_range.values())]
    return list(table.items.values())


class TtlSweeper:
    """Deletes the expired items of every TTL-enabled table of the in-process moto."""

    def __init__(self, interval_s: float = 60.0, clock: Callable[[], float] = time.time) -> None:
        self.interval_s = interval_s
        self.clock = clock
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        moto_patches.install_service_deletions()

    def sweep(self) -> int:
        """One pass over every table; returns how many items expired."""
        from botocore.exceptions import ClientError
        from moto.dynamodb.exceptions import ConditionalCheckFailed
        from moto.dynamodb.models import dynamodb_backends

        now, deleted = self.clock(), 0
        for regional in list(dynamodb_backends.values()):
            for backend in list(regional.values()):
                for table in list(backend.tables.values()):
                    attribute = table.ttl.get("AttributeName")
                    if table.ttl.get("TimeToLiveStatus") != "ENABLED" or not attribute:
                        continue
                    for item in unsorted_items(table):
                        stored = item.attrs.get(attribute)
                        seen = stored.to_json() if stored is not None else None
                        if not expired(seen, now):
                            continue
                        key = {table.hash_key_attr: item.hash_key.to_json()}
                        if table.range_key_attr is not None and item.range_key is not None:
                            key[table.range_key_attr] = item.range_key.to_json()
                        # Only if the value is still the one that expired (a writer may renew).
                        with (
                            moto_patches.service_deletion(),
                            contextlib.suppress(ConditionalCheckFailed, ClientError),
                        ):
                            backend.delete_item(
                                table.name,
                                key,
                                expression_attribute_names={"#ttl": attribute},
                                expression_attribute_values={":seen": seen},
                                condition_expression="#ttl = :seen",
                            )
                            deleted += 1
        return deleted

    def start(self) -> TtlSweeper:
        self._thread = threading.Thread(target=self._run, name="dynamodb-ttl", daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            try:
                self.sweep()
            except Exception:  # the next pass tries again; a sweep must not end the thread
                logger.exception("TTL sweep failed")

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
