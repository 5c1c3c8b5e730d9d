"""Politeness shared by every scraper task: one request at a time per host, spaced by at least
the host's delay, across processes and machines.

Ten scraper tasks drain one queue, so two of them can hold jobs for the same studio site. Each
task's fetcher spaces its own requests; this gate spaces everyone's, with a lease item per host
in the main table (the `lock` item type): a request may start only once the previous lease on
its host has expired. Leases are whole epoch seconds, so the spacing is the delay rounded up
plus one second: slower per host, never faster.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from compute.adapters.locks import DynamoDbLock, LockHeld
from compute.adapters.web import Page, WebFetcher

# Covers the time between our lease and the request reaching the site (proxies, latency).
ARRIVAL_MARGIN_S = 0.5
# The spacing a host gets before its robots.txt (and any Crawl-delay) is known.
DEFAULT_HOST_DELAY_S = 2.0
_MAX_LOCK_NAME = 128


def lease_name(host: str) -> str:
    name = f"host:{host.lower()}"
    if len(name) <= _MAX_LOCK_NAME and all(c.isalnum() or c in "_.:-" for c in name):
        return name
    return "host:sha256:" + hashlib.sha256(host.lower().encode()).hexdigest()


class SharedHostGate:
    """Blocks until this process may send the next request to a host."""

    def __init__(
        self,
        locks: DynamoDbLock,
        owner: str,
        *,
        default_delay_s: float = DEFAULT_HOST_DELAY_S,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        max_wait_s: float = 120.0,
    ) -> None:
        self.locks = locks
        self.owner = owner
        self.default_delay_s = default_delay_s
        self._clock = clock
        self._sleep = sleep
        self.max_wait_s = max_wait_s
        self.waits = 0

    def wait_turn(self, host: str, delay_s: float | None = None) -> None:
        spacing = max(self.default_delay_s, delay_s or 0.0) + ARRIVAL_MARGIN_S
        name = lease_name(host)
        deadline = self._clock() + self.max_wait_s
        while True:
            try:
                self.locks.acquire(name, self.owner, spacing)
                return
            except LockHeld as held:
                self.waits += 1
                now = self._clock()
                if now > deadline:
                    raise TimeoutError(f"waited {self.max_wait_s} s for a turn on a host") from None
                # The lease is free once the clock's whole seconds pass its expiry.
                until = (held.expires_at + 1) if held.expires_at is not None else now + 1
                self._sleep(min(max(0.05, until - now + 0.01), spacing + 1))


class GatedFetcher(WebFetcher):
    """The polite fetcher, with every request (robots.txt included) first taking the host's
    turn at the shared gate."""

    def __init__(self, gate: SharedHostGate, **options: object) -> None:
        super().__init__(**options)  # type: ignore[arg-type]
        self.gate = gate

    def _get(self, url: str, limit: int) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        self.gate.wait_turn(parts.netloc.lower(), self.delay_for(origin))
        return super()._get(url, limit)

    def admit(self, url: str) -> bool:
        """The browser's gate: robots.txt allows the URL, and it is this host's turn."""
        try:
            if not self.allowed(url):
                return False
        except Exception:
            return False  # robots.txt unreadable: assume disallowed (RFC 9309)
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        self.gate.wait_turn(parts.netloc.lower(), self.delay_for(origin))
        return True

    def fetch_page(self, url: str) -> Page:
        return self.fetch(url)
