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

    def one(self) -> None:
        from compute.domain.attribute_values import to_attribute_values
        from compute.domain.keys import artist_key

        roll = self.rng.random()
        if self.live and roll < 0.25:
            artist_id = self.rng.choice(sorted(self.live))
            current = self.live[artist_id]
            bumped = dataclasses.replace(
                current, version=current.version + 1, rating=round(self.rng.uniform(3, 5), 1)
            )
            self.ddb.put_item(
                TableName=self.stack.table, Item=to_attribute_values(bumped.to_item())
            )
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
