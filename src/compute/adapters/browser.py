"""Rendering pages that draw themselves with JavaScript: Playwright driving Debian's Chromium.

One browser per process, launched on first use, with a small pool of contexts that are reused
(a new context per page costs ~3x a reused page). Images, fonts and media are never loaded.
Every other request the page makes is sent by the polite fetcher itself (`fetch_resource`:
robots.txt, the per-host turn, the shared host gate) and its reply handed to the browser, and
the document can be handed in already fetched, so the browser never reaches a site on its own.
(It used to ask a gate and let Chromium send the request, freeing the host when Chromium said
the reply was in; but the sync API runs route handlers on Playwright's one dispatcher, so a
handler waiting for the host blocked the very event that would free it.)

Playwright's sync API is bound to the thread that started it: use one pool per thread.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from datetime import time as dt_time
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urldefrag, urlsplit

from compute.adapters.web import FetchError, Resource, decode
from compute.extraction.links import is_load_more
from compute.extraction.page import still_drawing

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Playwright, Route

CHROMIUM = "/usr/bin/chromium"
# PLATFORM.md: what headless Chromium needs here (no sandbox as root, no GPU, no QUIC, quiet).
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)
BLOCKED_RESOURCES = frozenset({"image", "font", "media"})
# Not handed on to the browser: they describe our connection, not the reply (the body is
# already decoded and its length is the body's own).
CONNECTION_HEADERS = frozenset(
    {"connection", "keep-alive", "transfer-encoding", "content-encoding", "content-length"}
)

HTML = "text/html; charset=utf-8"
# A list's "Load more" button is pressed until it is gone or adds nothing, this often at most.
MAX_LOAD_MORE = 6
# Controls that act on the page itself (a link to another page is pagination, read as a page).
_PRESSABLE = (
    "button, [role=button], input[type=button], a:not([href]), a[href='#'], a[href^='javascript:']"
)
# [[index among _PRESSABLE, its text or value], ...] for the controls a person could press
# (drawn with a size, not hidden, not disabled), and the page's size to tell a press that adds.
_PRESSABLE_CONTROLS = """(selector) => {
  const controls = [];
  document.querySelectorAll(selector).forEach((el, i) => {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return;
    if (getComputedStyle(el).visibility === 'hidden') return;
    if (el.matches(':disabled') || el.getAttribute('aria-disabled') === 'true') return;
    controls.push([i, el.innerText || el.getAttribute('value') || '']);
  });
  return [controls, document.body ? document.body.innerHTML.length : 0];
}"""


def _moved_to(url: str) -> str:
    """A document that sends its frame to `url` at once (a redirect the route still sees)."""
    return f"<!doctype html><script>location.replace({json.dumps(url)})</script>"


class RenderError(Exception):
    """The page could not be rendered (timeout, crash, navigation refused)."""

    def __init__(self, url: str, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {url}" + (f" ({detail})" if detail else ""))
        self.url = url
        self.reason = reason


class ResourceFetcher(Protocol):
    """Sends a page's request politely (blocks until the host's turn) and returns the reply,
    or raises FetchError (robots_disallowed, timeout, ...): `WebFetcher.fetch_resource`."""

    def fetch_resource(self, url: str) -> Resource: ...


@dataclass(frozen=True, slots=True)
class BrowserSettings:
    executable_path: str = CHROMIUM
    contexts: int = 1
    navigation_timeout_s: float = 30.0
    # Network-idle wait after load: the page's own requests each wait for the host's turn
    # (seconds apiece), so this must outlast a few of them. No request starts after
    # navigation_timeout_s + settle_timeout_s from the render's start.
    settle_timeout_s: float = 20.0
    # Then the DOM must stay unchanged this long (scripts that draw on a timer), within a bound.
    dom_quiet_s: float = 0.75
    dom_settle_s: float = 6.0
    user_agent: str | None = None
    proxy: str | None = None  # None: HTTP_PROXY from the environment
    # The day a page's scripts see as today (`new Date()`): a site read as on that day. None:
    # the machine's clock.
    today: date | None = None


def proxy_from_environment() -> dict[str, str] | None:
    """Playwright's proxy setting from HTTP_PROXY / NO_PROXY (as the fetcher reads them)."""
    server = urllib.request.getproxies().get("http")
    if not server:
        return None
    proxy = {"server": server}
    bypass = os.environ.get("NO_PROXY") or os.environ.get("no_proxy")
    if bypass:
        proxy["bypass"] = bypass
    return proxy


class BrowserPool:
    """Renders URLs to their DOM after scripts ran; `render(url) -> html`."""

    def __init__(
        self,
        settings: BrowserSettings | None = None,
        *,
        fetcher: ResourceFetcher | None = None,
        launcher: Callable[[], Playwright] | None = None,
    ) -> None:
        self.settings = settings or BrowserSettings()
        self.fetcher = fetcher
        self._launcher = launcher
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None
        self._contexts: list[BrowserContext] = []
        self._next = 0
        self._thread: int | None = None
        self._prefetched: dict[str, str] = {}
        # No request of a page starts after this: the render's bound, or its end.
        self._requests_until = float("-inf")
        self.renders = 0

    # --- lifecycle -----------------------------------------------------------------------------

    def _start(self) -> Browser:
        if self._browser is not None and self._browser.is_connected():
            return self._browser
        self.close()
        if self._launcher is not None:
            self._playwright = self._launcher()
        else:
            from playwright.sync_api import sync_playwright

            self._playwright = sync_playwright().start()
        proxy: dict[str, str] | None
        proxy = {"server": self.settings.proxy} if self.settings.proxy else proxy_from_environment()
        launch: dict[str, Any] = {
            "executable_path": self.settings.executable_path,
            "args": list(CHROMIUM_ARGS),
            "headless": True,
        }
        if proxy:
            launch["proxy"] = proxy
        self._browser = self._playwright.chromium.launch(**launch)
        self._thread = threading.get_ident()
        return self._browser

    def _context(self) -> BrowserContext:
        browser = self._start()
        if len(self._contexts) < max(1, self.settings.contexts):
            options: dict[str, Any] = {"java_script_enabled": True}
            if self.settings.user_agent:
                options["user_agent"] = self.settings.user_agent
            context = browser.new_context(**options)
            context.set_default_navigation_timeout(self.settings.navigation_timeout_s * 1000)
            if self.settings.today is not None:
                # Noon of that day, as the page's scripts read the time; timers still run.
                noon = datetime.combine(self.settings.today, dt_time(12), tzinfo=UTC)
                context.clock.set_fixed_time(noon)
            context.route("**/*", self._route)
            self._contexts.append(context)
            return context
        context = self._contexts[self._next % len(self._contexts)]
        self._next += 1
        return context

    @property
    def open(self) -> bool:
        """Whether a browser is running (launched and not closed since)."""
        return self._browser is not None

    def close(self) -> None:
        for context in self._contexts:
            # a crashed browser's contexts cannot be closed
            with contextlib.suppress(Exception):
                context.close()
        self._contexts.clear()
        if self._browser is not None:
            with contextlib.suppress(Exception):
                self._browser.close()
            self._browser = None
        if self._playwright is not None:
            with contextlib.suppress(Exception):
                self._playwright.stop()
            self._playwright = None

    def __enter__(self) -> BrowserPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- requests the page makes ---------------------------------------------------------------

    def _route(self, route: Route) -> None:
        request = route.request
        if request.resource_type in BLOCKED_RESOURCES:
            route.abort("blockedbyclient")
            return
        url = urldefrag(request.url)[0]
        if urlsplit(url).scheme not in ("http", "https"):
            route.abort("blockedbyclient")
            return
        prefetched = self._prefetched.pop(url, None) if request.is_navigation_request() else None
        if prefetched is not None:
            # Already fetched politely: hand the browser the same bytes, no second request.
            route.fulfill(status=200, body=prefetched, content_type=HTML)
            return
        if self.fetcher is None:
            route.continue_()  # no fetcher: the browser reaches the site itself (tests only)
            return
        if request.method != "GET":
            route.abort("blockedbyclient")  # a reader only reads: a form post or a beacon
            return
        if time.monotonic() > self._requests_until:
            route.abort("timedout")  # the render's bound: the handler blocks the dispatcher
            return
        # Sent by us, not by Chromium: the host is freed when OUR request ends, so nothing
        # waits for a browser event that the blocked dispatcher could not deliver.
        try:
            reply = self.fetcher.fetch_resource(url)
        except FetchError as error:
            route.abort("blockedbyclient" if error.reason == "robots_disallowed" else "failed")
            return
        if reply.url != url and request.is_navigation_request():
            # A frame that was redirected must live at its final URL (its relative links): it
            # is sent there, and that navigation is answered from what we just fetched.
            self._prefetched[reply.url] = decode(reply.body, reply.headers.get("content-type", ""))
            route.fulfill(status=200, body=_moved_to(reply.url), content_type=HTML)
            return
        headers = {k: v for k, v in reply.headers.items() if k not in CONNECTION_HEADERS}
        route.fulfill(status=reply.status, headers=headers, body=reply.body)

    # --- rendering -----------------------------------------------------------------------------

    def render(self, url: str, *, html: str | None = None) -> str:
        """The page's DOM after its scripts ran. `html`: the document, already fetched."""
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        if self._thread is not None and self._thread != threading.get_ident():
            raise RuntimeError("a BrowserPool is bound to the thread that first rendered")
        target = urldefrag(url)[0]
        if html is not None:
            self._prefetched[target] = html
        context = self._context()
        page = context.new_page()
        bound = self.settings.navigation_timeout_s + self.settings.settle_timeout_s
        self._requests_until = time.monotonic() + bound
        try:
            try:
                page.goto(target, wait_until="load")
            except PlaywrightTimeout as error:
                raise RenderError(url, "timeout", "navigation") from error
            # a page that keeps polling still has its roster drawn by now
            with contextlib.suppress(PlaywrightTimeout):
                page.wait_for_load_state(
                    "networkidle", timeout=self.settings.settle_timeout_s * 1000
                )
            self._settle(page)
            self._load_more(page)
            self.renders += 1
            return page.content()
        except PlaywrightError as error:
            if not self._browser or not self._browser.is_connected():
                self.close()  # crashed: the next render starts a fresh browser
            raise RenderError(url, "browser_error", type(error).__name__) from error
        finally:
            self._requests_until = float("-inf")  # a closing page's late requests are not sent
            self._prefetched.clear()
            with contextlib.suppress(Exception):
                page.close()

    def _load_more(self, page: Any) -> None:
        """Press the list's "Load more" button as a person would to see every artist, until it
        is gone, disabled, or a press adds nothing (at most MAX_LOAD_MORE presses). Each press
        may send the page's requests for another settle bound, through the polite fetcher."""
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        for _ in range(MAX_LOAD_MORE):
            # One round trip reads every pressable control that is drawn and enabled.
            controls, before = page.evaluate(_PRESSABLE_CONTROLS, _PRESSABLE)
            press = next((i for i, text in controls if is_load_more(text)), None)
            if press is None:
                return
            self._requests_until = time.monotonic() + self.settings.settle_timeout_s
            try:
                page.locator(_PRESSABLE).nth(press).click(timeout=2000)
            except PlaywrightError:  # covered, detached: what is drawn stays as it is
                return
            with contextlib.suppress(PlaywrightTimeout):
                page.wait_for_load_state(
                    "networkidle", timeout=self.settings.settle_timeout_s * 1000
                )
            self._settle(page)
            after = page.evaluate("() => document.body ? document.body.innerHTML.length : 0")
            if after <= before:
                return

    def _settle(self, page: Any) -> None:
        """Wait until the DOM stops changing and no longer looks like an empty shell (a roster
        drawn by a timer after the network went quiet), at most `dom_settle_s`."""
        quiet_needed = self.settings.dom_quiet_s
        deadline = time.monotonic() + self.settings.dom_settle_s
        last, quiet = -1, 0.0
        while time.monotonic() < deadline:
            size = page.evaluate("() => document.body ? document.body.innerHTML.length : 0")
            quiet = quiet + 0.25 if size == last else 0.0
            # Quiet, and drawn: an empty roster may still be waiting for a timer.
            if quiet >= quiet_needed and not still_drawing(page.content()):
                return
            last = size
            page.wait_for_timeout(250)


class BrowserThread:
    """One BrowserPool on its own thread, so any thread can render: Playwright's sync API is
    bound to the thread that started it. Requests are served one at a time, in order. A
    browser left idle for `idle_close_s` is closed (Chromium and its driver hold ~150-250 MB
    while a scraper works through jobs that need none) and launched again on the next render."""

    def __init__(
        self, pool: BrowserPool, *, timeout_s: float = 90.0, idle_close_s: float = 30.0
    ) -> None:
        import queue

        self.pool = pool
        self.timeout_s = timeout_s
        self.idle_close_s = idle_close_s
        self.idle_closes = 0
        self._requests: queue.Queue[Any] = queue.Queue()
        self._thread = threading.Thread(target=self._serve, name="browser", daemon=True)
        self._thread.start()

    @property
    def renders(self) -> int:
        return self.pool.renders

    def _serve(self) -> None:
        import queue

        while True:
            try:
                request = self._requests.get(timeout=self.idle_close_s if self.pool.open else None)
            except queue.Empty:
                self.pool.close()
                self.idle_closes += 1
                continue
            if request is None:
                self.pool.close()
                return
            url, html, future = request
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(self.pool.render(url, html=html))
                except BaseException as error:  # handed to the caller, who decides
                    future.set_exception(error)

    def render(self, url: str, *, html: str | None = None) -> str:
        from concurrent.futures import Future
        from concurrent.futures import TimeoutError as FutureTimeout

        future: Future[str] = Future()
        self._requests.put((url, html, future))
        try:
            return future.result(timeout=self.timeout_s)
        except FutureTimeout as error:
            future.cancel()
            raise RenderError(url, "timeout", "waiting for the browser") from error

    def close(self) -> None:
        self._requests.put(None)
        self._thread.join(timeout=30)
