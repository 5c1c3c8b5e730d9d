"""Pacing, pure: a steady request rate for each of a load generator's users."""

from __future__ import annotations

import math
import time
from collections.abc import Callable


class Pacer:
    """A fixed aggregate request rate shared by every simulated user.

    Each call reserves the next free send slot (1/rate apart) and returns how long to wait for
    it. A slot never lies in the past: when every user was busy the schedule restarts from now
    instead of bursting to catch up, so a saturated server shows as an achieved rate below the
    target rather than as a burst.
    """

    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._next = clock()
        self.rate = 1.0
        self.set_rate(rate)

    def set_rate(self, rate: float) -> None:
        if rate <= 0:
            raise ValueError(f"rate must be > 0, got {rate}")
        self.rate = float(rate)

    def delay(self) -> float:
        now = self._clock()
        slot = max(self._next, now)
        self._next = slot + 1.0 / self.rate
        return slot - now


def users_for(rate: int, headroom_s: float) -> int:
    """Simulated users a paced rate needs: each may spend `headroom_s` on one request."""
    return max(1, math.ceil(rate * headroom_s))
