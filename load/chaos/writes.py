"""Paced artist writes through the table, so they travel the stream -> sync path."""

from __future__ import annotations

import dataclasses
import random
import time
from collections.abc import Callable
from typing import Any

from load.chaos.stack import Stack


class ArtistWriter:
    """Paced puts, updates and deletes of chaos artists through the table (so they travel the
    stream -> sync path), remembering what each artist should look like at the end."""

    def __init__(self, stack: Stack, prefix: str, seed: int) -> None:
        from emulation.seed import synthetic_world

        self.stack = stack
        self.ddb = stack.client("dynamodb")
        self.rng = random.Random(seed)
        artists, _, _ = synthetic_world(400, seed=seed)
        self.pool = [
            dataclasses.replace(a, artist_id=f"{prefix}{i:05d}") for i, a in enumerate(artists)
        ]
        self.live: dict[str, Any] = {}
        self.next_new = 0
        self.writes = 0
        self.conflicts = 0  # updates another writer got to first (read again, written above)

    def one(self) -> None:
        from compute.domain.attribute_values import to_attribute_values
        from compute.domain.keys import artist_key

        roll = self.rng.random()
        if self.live and roll < 0.25:
            artist_id = self.rng.choice(sorted(self.live))
            current = self.live[artist_id]
            rating = round(self.rng.uniform(3, 5), 1)
            bumped = self._update(dataclasses.replace(current, rating=rating), current.version)
            if bumped is None:
                del self.live[artist_id]
            else:
                self.live[artist_id] = bumped
        elif self.live and roll < 0.32:
            artist_id = self.rng.choice(sorted(self.live))
            key = {k: {"S": v} for k, v in artist_key(artist_id).items()}
            self.ddb.delete_item(TableName=self.stack.table, Key=key)
            del self.live[artist_id]
        else:
            base = self.pool[self.next_new % len(self.pool)]
            artist = dataclasses.replace(
                base, artist_id=f"{base.artist_id}n{self.next_new // len(self.pool)}"
            )
            self.next_new += 1
            self.ddb.put_item(
                TableName=self.stack.table, Item=to_attribute_values(artist.to_item())
            )
            self.live[artist.artist_id] = artist
        self.writes += 1

    def _update(self, artist: Any, read_version: int) -> Any | None:
        """Put `artist` one version above the one read, on the condition that the table still
        holds that version, as the scraper's writer does (compute.adapters.artists): a writer
        that got there first (the reconcile raising a version above a tombstone) is read again
        and written above, never overwritten with a lower version. None: the artist is gone."""
        from botocore.exceptions import ClientError

        from compute.domain.attribute_values import to_attribute_values
        from compute.domain.keys import artist_key

        key = {k: {"S": v} for k, v in artist_key(artist.artist_id).items()}
        for _ in range(10):
            bumped = dataclasses.replace(artist, version=read_version + 1)
            try:
                self.ddb.put_item(
                    TableName=self.stack.table,
                    Item=to_attribute_values(bumped.to_item()),
                    ConditionExpression="version = :read",
                    ExpressionAttributeValues={":read": {"N": str(read_version)}},
                )
                return bumped
            except ClientError as error:
                if error.response.get("Error", {}).get("Code") != "ConditionalCheckFailedException":
                    raise
            self.conflicts += 1
            held = self.ddb.get_item(TableName=self.stack.table, Key=key, ConsistentRead=True)
            if "Item" not in held:
                return None
            read_version = int(held["Item"]["version"]["N"])
        raise RuntimeError(f"{artist.artist_id}: its version kept changing while writing")

    def run(self, writes: int, rate: float, during: Callable[[float], None] | None = None) -> float:
        """`writes` writes at `rate` per second; `during(elapsed)` is called between writes."""
        began = time.monotonic()
        for n in range(writes):
            due = began + n / rate
            pause = due - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            self.one()
            if during is not None:
                during(time.monotonic() - began)
        return time.monotonic() - began
