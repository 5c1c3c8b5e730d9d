"""GET /v1/styles: the styles in use, most used first, from a terms aggregation; cached in the
warm container for a short, configured time (the answer changes slowly)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from compute.adapters.search.query import StyleCount
from compute.domain.styles import VOCABULARY


class StyleCounter(Protocol):
    def style_counts(self) -> list[StyleCount]: ...


@dataclass
class StylesCache:
    """The last answer and when it was made; `ttl_s` <= 0 switches caching off."""

    ttl_s: float = 60.0
    clock: Callable[[], float] = time.monotonic
    _value: dict[str, Any] | None = None
    _made_at: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, load: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        with self._lock:
            if self._value is not None and self.clock() - self._made_at < self.ttl_s:
                return self._value
        value = load()
        with self._lock:
            self._value, self._made_at = value, self.clock()
        return value


def list_styles(index: StyleCounter, cache: StylesCache | None = None) -> dict[str, Any]:
    """`{items: [{name, count}], total}` for every vocabulary style in use, most used first."""

    def load() -> dict[str, Any]:
        known = set(VOCABULARY)
        items = [
            {"name": c.name, "count": c.count}
            for c in index.style_counts()
            if c.name in known and c.count > 0
        ]
        return {"items": items, "total": len(items)}

    return cache.get(load) if cache is not None else load()
