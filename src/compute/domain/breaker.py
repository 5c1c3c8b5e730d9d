"""The states every circuit breaker here goes through, in one vocabulary: the breaker shared
through the table (adapters/circuit.py, whose item stores the state) and search's in-process
one (adapters/search.py)."""

from __future__ import annotations

from typing import Literal

BreakerState = Literal["closed", "open", "half_open"]
CLOSED: BreakerState = "closed"
OPEN: BreakerState = "open"
HALF_OPEN: BreakerState = "half_open"
