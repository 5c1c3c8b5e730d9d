"""Fetching studio websites politely: robots.txt (protego, cached per host), a per-host delay
(the larger of our politeness delay and the site's Crawl-delay, counted from the end of the
previous request), timeouts, redirect and size limits, an honest user agent, and the proxy
from the environment (HTTP_PROXY / HTTPS_PROXY / NO_PROXY).

Every failure is a FetchError with a `reason` and whether it is `transient`; nothing is
swallowed here. JavaScript rendering is not done here: `Renderer` is the port a browser
adapter fills (compute.adapters.browser)."""

from __future__ import annotations

import logging
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urldefrag, urljoin, urlsplit

import urllib3
from protego import Protego

from compute.adapters.robots import MAX_AGE_S, RobotsCache, SharedRobots
from compute.extraction.page import needs_javascript

__all__ = [
    "USER_AGENT",
    "FetchError",
    "Fetcher",
    "Page",
    "Renderer",
    "Resource",
    "WebFetcher",
    "needs_javascript",
]

logger = logging.getLogger(__name__)

BOT_NAME = "TattooDirectoryBot"
USER_AGENT = f"{BOT_NAME}/1.0 (+https://tattoo-directory.example/bot; artist directory crawler)"
DEFAULT_POLITENESS_DELAY_S = 1.0
MAX_ROBOTS_BYTES = 500_000  # Google's limit for robots.txt; the rest is ignored
REDIRECTS = frozenset({301, 302, 303, 307, 308})
TRANSIENT_STATUS = frozenset({429, 500, 502, 503, 504})
# Pages, the data feeds script-drawn pages read, and the scripts that name those feeds.
READABLE_TYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "application/json",
        "application/ld+json",
        "text/plain",
        "application/javascript",
        "text/javascript",
        "application/x-javascript",
    }
)


class FetchError(Exception):
    """A page could not be fetched. `reason` is one of: robots_disallowed, robots_unreachable,
    not_found, client_error, server_error, timeout, connection, too_large, redirect_loop,
    too_many_redirects, not_html, bad_url."""

    def __init__(self, url: str, reason: str, detail: str = "", *, transient: bool = False) -> None:
        super().__init__(f"{reason}: {url}" + (f" ({detail})" if detail else ""))
        self.url = url
        self.reason = reason
        self.transient = transient


@dataclass(frozen=True, slots=True)
class Page:
    url: str  # after redirects
    status: int
    html: str
    content_type: str


def decode(body: bytes, content_type: str) -> str:
    """The text of a body in the charset its Content-Type names (else UTF-8)."""
    charset = "utf-8"
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            charset = value.strip("\"' ")
    try:
        return body.decode(charset, "replace")
    except LookupError:
        return body.decode("utf-8", "replace")


@dataclass(frozen=True, slots=True)
class Resource:
    """A reply as it came (`headers` in lower case, the body already decoded from gzip)."""

    url: str  # after redirects
    status: int
    headers: dict[str, str]
    body: bytes


class Fetcher(Protocol):
    """What every reader of studio sites (find-artists, the scraper) fetches pages with."""

    def fetch(self, url: str) -> Page: ...


class Renderer(Protocol):
    """A browser that returns a page's DOM after its scripts ran (compute.adapters.browser);
    `html`: the document, already fetched politely, so rendering does not fetch it again."""

    def render(self, url: str, *, html: str | None = None) -> str: ...


@dataclass(slots=True)
class _Host:
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_at: float = 0.0
    robots: Protego | None = None
    robots_at: float = 0.0  # when those rules were read (epoch s), by us or by another reader


@dataclass(slots=True)
class FetchStats:
    requests: int = 0
    pages: int = 0
    bytes: int = 0
    retries: int = 0
    robots_shared: int = 0  # robots.txt rules taken from the shared cache, not the site
    failures: dict[str, int] = field(default_factory=dict)


def _proxy_for(url: str) -> str | None:
    """The proxy the environment names for this URL (honouring NO_PROXY)."""
    parts = urlsplit(url)
    if parts.hostname and urllib.request.proxy_bypass(parts.hostname):
        return None
    return urllib.request.getproxies().get(parts.scheme)


class WebFetcher:
    """A polite HTTP fetcher, safe to share between threads (one lock per host)."""

    def __init__(
        self,
        *,
        user_agent: str = USER_AGENT,
        politeness_delay_s: float = DEFAULT_POLITENESS_DELAY_S,
        timeout_s: float = 10.0,
        max_bytes: int = 2_000_000,
        max_redirects: int = 5,
        retries: int = 2,
        max_retry_after_s: float = 30.0,
        proxy_url: str | None = None,
        robots_cache: RobotsCache | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.user_agent = user_agent
        self.politeness_delay_s = politeness_delay_s
        self.timeout = urllib3.Timeout(connect=min(timeout_s, 5.0), read=timeout_s)
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.retries = retries
        self.max_retry_after_s = max_retry_after_s
        self._proxy_url = proxy_url
        self._clock = clock
        self._sleep = sleep
        self._wall_clock = wall_clock
        self.robots_cache = robots_cache  # robots.txt rules other readers already read
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()
        self._pools: dict[str | None, urllib3.PoolManager] = {}
        self.stats = FetchStats()

    # -- plumbing --------------------------------------------------------------------------
    def _pool(self, url: str) -> urllib3.PoolManager:
        proxy = self._proxy_url or _proxy_for(url)
        pool = self._pools.get(proxy)
        if pool is None:
            headers = {"User-Agent": self.user_agent, "Accept": "text/html,*/*;q=0.5"}
            pool = (
                urllib3.ProxyManager(proxy, headers=headers, num_pools=50, maxsize=10)
                if proxy
                else urllib3.PoolManager(headers=headers, num_pools=50, maxsize=10)
            )
            self._pools[proxy] = pool
        return pool

    def _host(self, origin: str) -> _Host:
        with self._hosts_lock:
            state = self._hosts.get(origin)
            if state is None:
                state = self._hosts[origin] = _Host()
            return state

    def _fail(self, error: FetchError) -> FetchError:
        self.stats.failures[error.reason] = self.stats.failures.get(error.reason, 0) + 1
        return error

    def delay_for(self, origin: str) -> float:
        """Seconds between two requests to one host: our delay or its Crawl-delay."""
        robots = self._host(origin).robots
        crawl_delay = robots.crawl_delay(BOT_NAME) if robots is not None else None
        return max(self.politeness_delay_s, float(crawl_delay or 0.0))

    def _request(self, url: str, origin: str, limit: int) -> tuple[int, dict[str, str], bytes]:
        """One polite GET (waits for the host's turn), with bounded retries of transient
        failures other than timeouts. Returns status, headers and at most `limit` bytes."""
        host = self._host(origin)
        attempt = 0
        while True:
            attempt += 1
            with host.lock:
                wait = host.next_at - self._clock()
                if wait > 0:
                    self._sleep(wait)
                retry_after: float | None = None
                try:
                    status, headers, body = self._get(url, limit)
                    if status in TRANSIENT_STATUS and attempt <= self.retries:
                        raw = headers.get("retry-after", "")
                        retry_after = float(raw) if raw.replace(".", "", 1).isdigit() else None
                        raise FetchError(url, "server_error", str(status), transient=True)
                    return status, headers, body
                except FetchError as error:
                    # A timeout is not tried again here: a hanging site would cost the whole
                    # timeout once per try; it is recorded, and the next run (or job) tries it.
                    if not error.transient or attempt > self.retries or error.reason == "timeout":
                        raise
                    self.stats.retries += 1
                finally:
                    # Counted from the end of this request, so slow replies never bunch up.
                    extra = min(retry_after or 0.0, self.max_retry_after_s)
                    host.next_at = self._clock() + max(self.delay_for(origin), extra)

    def _get(self, url: str, limit: int) -> tuple[int, dict[str, str], bytes]:
        self.stats.requests += 1
        try:
            reply = self._pool(url).request(
                "GET",
                url,
                redirect=False,
                retries=False,
                timeout=self.timeout,
                preload_content=False,
            )
        except urllib3.exceptions.TimeoutError as error:
            raise FetchError(url, "timeout", type(error).__name__, transient=True) from error
        except urllib3.exceptions.HTTPError as error:
            raise FetchError(url, "connection", type(error).__name__, transient=True) from error
        try:
            declared = reply.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise FetchError(url, "too_large", f"{declared} bytes > {limit}")
            chunks: list[bytes] = []
            size = 0
            for chunk in reply.stream(65_536):
                size += len(chunk)
                if size > limit:
                    raise FetchError(url, "too_large", f"more than {limit} bytes")
                chunks.append(chunk)
        except urllib3.exceptions.TimeoutError as error:
            raise FetchError(url, "timeout", "while reading", transient=True) from error
        except urllib3.exceptions.HTTPError as error:
            raise FetchError(url, "connection", type(error).__name__, transient=True) from error
        finally:
            reply.release_conn()
        self.stats.bytes += size
        headers = {k.lower(): v for k, v in reply.headers.items()}
        return reply.status, headers, b"".join(chunks)

    # -- robots.txt ------------------------------------------------------------------------
    def robots(self, url: str) -> Protego:
        """The site's robots.txt rules (read once per host and kept up to 24 h, RFC 9309; from
        the shared cache when another reader read them, else fetched politely). A missing file
        (4xx) allows everything; an unreachable one (5xx, timeout) is a transient error:
        RFC 9309 says to assume everything is disallowed until it can be read."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        state = self._host(origin)
        now = self._wall_clock()
        if state.robots is not None and now - state.robots_at < MAX_AGE_S:
            return state.robots
        shared = self.robots_cache.get(origin) if self.robots_cache is not None else None
        if shared is not None:
            self.stats.robots_shared += 1
            state.robots, state.robots_at = Protego.parse(shared.text), shared.fetched_at
            return state.robots
        text = self._read_robots(url, origin)
        state.robots, state.robots_at = Protego.parse(text), now
        if self.robots_cache is not None:
            self.robots_cache.put(origin, SharedRobots(text=text, fetched_at=now))
        # The robots.txt request itself was spaced by our delay only; honour Crawl-delay too.
        with state.lock:
            state.next_at += max(0.0, self.delay_for(origin) - self.politeness_delay_s)
        return state.robots

    def _read_robots(self, url: str, origin: str) -> str:
        """The robots.txt text the origin serves ('' when it has none: everything allowed)."""
        robots_url = origin + "/robots.txt"
        try:
            status, _, body = self._request(robots_url, origin, MAX_ROBOTS_BYTES)
        except FetchError as error:
            if error.reason == "too_large":
                status, body = 200, b""
            else:
                raise self._fail(
                    FetchError(url, "robots_unreachable", error.reason, transient=True)
                ) from error
        if 200 <= status < 300:
            return body.decode("utf-8", "replace")
        if status in REDIRECTS or 400 <= status < 500:
            return ""  # no usable robots.txt: everything is allowed
        raise self._fail(
            FetchError(url, "robots_unreachable", f"robots.txt {status}", transient=True)
        )

    def allowed(self, url: str) -> bool:
        return bool(self.robots(url).can_fetch(url, BOT_NAME))

    # -- the browser's requests (compute.adapters.browser) ----------------------------------
    def fetch_resource(self, url: str) -> Resource:
        """One request a rendered page makes, sent by us with every rule of `fetch` (robots.txt
        and the host's turn on every hop, timeouts, size limit), whatever its status and type.
        Redirects are followed here: Chromium follows a fulfilled redirect without asking its
        route again, so it would reach the site on its own."""
        return Resource(*self._follow(url))

    # -- pages -----------------------------------------------------------------------------
    def fetch(self, url: str) -> Page:
        """The HTML at `url`, following redirects (each hop checked against robots.txt)."""
        return self._page(*self._follow(url))

    def _follow(self, url: str) -> tuple[str, int, dict[str, str], bytes]:
        """The final URL and its reply, after redirects (each hop allowed and spaced)."""
        url = urldefrag(url)[0]
        seen: set[str] = set()
        current = url
        for _ in range(self.max_redirects + 1):
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise self._fail(FetchError(current, "bad_url", "expected an http(s) URL"))
            if current in seen:
                raise self._fail(FetchError(url, "redirect_loop", current))
            seen.add(current)
            if not self.allowed(current):
                raise self._fail(FetchError(current, "robots_disallowed"))
            origin = f"{parts.scheme}://{parts.netloc}".lower()
            try:
                status, headers, body = self._request(current, origin, self.max_bytes)
            except FetchError as error:
                raise self._fail(error) from None
            if status in REDIRECTS and headers.get("location"):
                current = urldefrag(urljoin(current, headers["location"]))[0]
                continue
            return current, status, headers, body
        raise self._fail(FetchError(url, "too_many_redirects", f"more than {self.max_redirects}"))

    def fetch_json_text(self, url: str) -> str:
        """The body of a same-site data URL (a roster's JSON), with every fetch() rule."""
        return self.fetch(url).html

    def _page(self, url: str, status: int, headers: dict[str, str], body: bytes) -> Page:
        if status == 404 or status == 410:
            raise self._fail(FetchError(url, "not_found", str(status)))
        if status in TRANSIENT_STATUS:
            raise self._fail(FetchError(url, "server_error", str(status), transient=True))
        if status >= 400 or status < 200 or status in REDIRECTS:
            raise self._fail(FetchError(url, "client_error", str(status)))
        content_type = headers.get("content-type", "text/html")
        kind = content_type.split(";")[0].strip().lower()
        if kind not in READABLE_TYPES:
            raise self._fail(FetchError(url, "not_html", kind))
        self.stats.pages += 1
        return Page(url=url, status=status, html=decode(body, content_type), content_type=kind)
