"""The circuit breaker: its states, in one vocabulary, and its rule.

closed --(failure_threshold consecutive failures)--> open --(cool-down)--> half_open
half_open --(the one trial call succeeds)--> closed;  half_open --(it fails)--> open again

Two places keep this rule. `Breaker` below keeps it in one process's memory (the API's breaker
in front of its searches, adapters/search/index.py). adapters/circuit.py keeps it in one table
item per host, shared by every container and scraper task calling that host, and adds what
sharing needs (Retry-After, a probe whose caller died taken over); its item stores these words.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, TypeVar

BreakerState = Literal["closed", "open", "half_open"]
CLOSED: BreakerState = "closed"
OPEN: BreakerState = "open"
HALF_OPEN: BreakerState = "half_open"

T = TypeVar("T")


class BreakerOpen(Exception):
    """The breaker refused the call; `retry_after_s` says when the next trial may go."""

    def __init__(self, retry_after_s: int) -> None:
        super().__init__(f"circuit is open; retry after {retry_after_s} s")
        self.retry_after_s = retry_after_s


@dataclass
class Breaker:
    """The rule above in one process: opens after `failure_threshold` consecutive failures,
    lets one trial call through after `cooldown_s` (half_open), closes again on its success.
    `clock` is monotonic seconds, given by the caller."""

    clock: Callable[[], float]
    failure_threshold: int = 5
    cooldown_s: float = 10.0
    _failures: int = 0
    _opened_at: float | None = None
    _trial_running: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def state(self) -> BreakerState:
        if self._opened_at is None:
            return CLOSED
        if self.clock() - self._opened_at >= self.cooldown_s:
            return HALF_OPEN
        return OPEN

    def retry_after_s(self) -> int:
        if self._opened_at is None:
            return 1
        left = self.cooldown_s - (self.clock() - self._opened_at)
        return max(1, math.ceil(left))

    def call(self, operation: Callable[[], T], is_failure: Callable[[BaseException], bool]) -> T:
        """Run `operation` unless the breaker is open (BreakerOpen); count the failures
        `is_failure` accepts, let every other exception through uncounted."""
        with self._lock:
            state = self.state
            if state == OPEN or (state == HALF_OPEN and self._trial_running):
                raise BreakerOpen(self.retry_after_s())
            if state == HALF_OPEN:
                self._trial_running = True
        try:
            result = operation()
        except BaseException as error:
            with self._lock:
                self._trial_running = False
                if is_failure(error):
                    self._failures += 1
                    if state == HALF_OPEN or self._failures >= self.failure_threshold:
                        self._opened_at = self.clock()
            raise
        with self._lock:
            self._trial_running = False
            self._failures = 0
            self._opened_at = None
        return result
