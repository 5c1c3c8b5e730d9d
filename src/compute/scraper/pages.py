"""The pages a scraper reads, through the one crawl (compute.services.crawl: fetch, the data a
script-drawn page reads, else Chromium), kept for a while, because one studio page lists many
artists and a scraper usually receives several of that studio's jobs together."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from urllib.parse import urldefrag

from compute.adapters.web import Fetcher, FetchError, Renderer
from compute.services.crawl import ReadPage, read_page

__all__ = ["PageReader", "ReadPage"]


class PageReader:
    """fetch -> (render if it needs JavaScript) -> cache; failures are cached too, so ten
    artists of a broken site cost one request, not ten."""

    def __init__(
        self,
        fetcher: Fetcher,
        renderer: Renderer | None,
        *,
        ttl_s: float = 600.0,
        capacity: int = 256,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.fetcher = fetcher
        self.renderer = renderer
        self.ttl_s = ttl_s
        self.capacity = capacity
        self._clock = clock
        self._cache: OrderedDict[str, tuple[float, ReadPage | Exception]] = OrderedDict()
        self._lock = threading.Lock()
        # One reader per URL at a time: a second job for the same page waits for the first.
        self._reading: dict[str, threading.Lock] = {}
        self.fetched = 0
        self.rendered = 0
        self.from_data = 0
        self.hits = 0

    def _cached(self, key: str) -> ReadPage | Exception | None:
        with self._lock:
            cached = self._cache.get(key)
            if cached is None or self._clock() - cached[0] >= self.ttl_s:
                return None
            self.hits += 1
            self._cache.move_to_end(key)
            return cached[1]

    def read(self, url: str) -> ReadPage:
        key = urldefrag(url)[0]
        with self._lock:
            reading = self._reading.setdefault(key, threading.Lock())
        with reading:
            return self._read_once(key)

    def _read_once(self, key: str) -> ReadPage:
        cached = self._cached(key)
        if isinstance(cached, Exception):
            raise cached
        if cached is not None:
            return cached
        try:
            page = self._read(key)
        except FetchError as error:
            if not error.transient:
                self._store(key, error)  # a transient failure is tried again by the next job
            raise
        self._store(key, page)
        return page

    def _read(self, url: str) -> ReadPage:
        page = read_page(url, self.fetcher, self.renderer)
        if page.incomplete:
            # Never conclude from an empty shell that the artist is not there: later.
            raise FetchError(url, "render_incomplete", "still an empty shell", transient=True)
        self.fetched += 1
        self.rendered += int(page.rendered)
        self.from_data += int(page.data is not None)
        return page

    def _store(self, key: str, value: ReadPage | Exception) -> None:
        with self._lock:
            self._cache[key] = (self._clock(), value)
            self._cache.move_to_end(key)
            while len(self._cache) > self.capacity:
                evicted, _ = self._cache.popitem(last=False)
                self._reading.pop(evicted, None)
