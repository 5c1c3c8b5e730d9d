"""The pages a scraper reads: fetched politely, rendered in Chromium only when the page draws
itself with JavaScript, and kept for a while, because one studio page lists many artists and a
scraper usually receives several of that studio's jobs together."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urldefrag

from compute.adapters.browser import RenderError
from compute.adapters.web import FetchError, Page
from compute.extraction.page import needs_javascript


class Fetcher(Protocol):
    def fetch(self, url: str) -> Page: ...


class Renderer(Protocol):
    def render(self, url: str, *, html: str | None = None) -> str: ...


@dataclass(frozen=True, slots=True)
class ReadPage:
    url: str  # after redirects
    html: str
    rendered: bool


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
        self.fetched = 0
        self.rendered = 0
        self.hits = 0

    def read(self, url: str) -> ReadPage:
        key = urldefrag(url)[0]
        cached = self._cache.get(key)
        if cached is not None and self._clock() - cached[0] < self.ttl_s:
            self.hits += 1
            self._cache.move_to_end(key)
            if isinstance(cached[1], Exception):
                raise cached[1]
            return cached[1]
        try:
            page = self._read(key)
        except FetchError as error:
            if not error.transient:
                self._store(key, error)  # a transient failure is tried again by the next job
            raise
        self._store(key, page)
        return page

    def _read(self, url: str) -> ReadPage:
        page = self.fetcher.fetch(url)
        self.fetched += 1
        if self.renderer is not None and needs_javascript(page.html):
            try:
                html = self.renderer.render(page.url, html=page.html)
            except RenderError as error:
                raise FetchError(url, "render_failed", error.reason, transient=True) from error
            self.rendered += 1
            return ReadPage(page.url, html, rendered=True)
        return ReadPage(page.url, page.html, rendered=False)

    def _store(self, key: str, value: ReadPage | Exception) -> None:
        self._cache[key] = (self._clock(), value)
        self._cache.move_to_end(key)
        while len(self._cache) > self.capacity:
            self._cache.popitem(last=False)
