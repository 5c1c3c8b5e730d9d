"""The pages a scraper reads: fetched politely; a page drawn by JavaScript is read from the
same-site JSON it is drawn from when that names people (no browser), else rendered in Chromium;
kept for a while, because one studio page lists many artists and a scraper usually receives
several of that studio's jobs together."""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urldefrag

from compute.adapters.browser import RenderError
from compute.adapters.web import FetchError, Page
from compute.extraction.artists import extract_candidates_from_json
from compute.extraction.page import data_urls, needs_javascript

MAX_DATA_URLS = 2  # as find-artists: a roster page loads its data from one or two URLs


class Fetcher(Protocol):
    def fetch(self, url: str) -> Page: ...


class Renderer(Protocol):
    def render(self, url: str, *, html: str | None = None) -> str: ...


@dataclass(frozen=True, slots=True)
class ReadPage:
    url: str  # after redirects
    html: str
    rendered: bool
    data: Any = None  # the JSON a JavaScript-drawn page is drawn from, when read instead


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
        page = self.fetcher.fetch(url)
        self.fetched += 1
        if not needs_javascript(page.html):
            return ReadPage(page.url, page.html, rendered=False)
        data = self._drawn_from(page)
        if data is not None:
            self.from_data += 1
            return ReadPage(page.url, page.html, rendered=False, data=data)
        if self.renderer is not None:
            try:
                html = self.renderer.render(page.url, html=page.html)
            except RenderError as error:
                raise FetchError(url, "render_failed", error.reason, transient=True) from error
            if needs_javascript(html):
                # Scripts had not drawn the page when we took it: try again later, never
                # conclude from an empty shell that the artist is not there.
                raise FetchError(url, "render_incomplete", "still an empty shell", transient=True)
            self.rendered += 1
            return ReadPage(page.url, html, rendered=True)
        return ReadPage(page.url, page.html, rendered=False)

    def _drawn_from(self, page: Page) -> Any:
        """The same-site JSON a JavaScript page loads, when it names people: what Chromium
        would draw, for one polite request instead of a browser and its script requests."""
        for data_url in data_urls(page.html, page.url)[:MAX_DATA_URLS]:
            try:
                data = json.loads(self.fetcher.fetch(data_url).html)
            except (FetchError, ValueError):
                continue  # the browser may still draw the page
            if extract_candidates_from_json(data, page.url, "data"):
                return data
        return None

    def _store(self, key: str, value: ReadPage | Exception) -> None:
        with self._lock:
            self._cache[key] = (self._clock(), value)
            self._cache.move_to_end(key)
            while len(self._cache) > self.capacity:
                evicted, _ = self._cache.popitem(last=False)
                self._reading.pop(evicted, None)
