"""Every random choice the world makes is a roll of its own, keyed by (seed, purpose, index): a
new roll never reshuffles the others, so a seed keeps its city as the world grows."""

from __future__ import annotations

import hashlib
import random


def roll(seed: int, *parts: object) -> random.Random:
    digest = hashlib.sha256(":".join(str(p) for p in (seed, *parts)).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))
