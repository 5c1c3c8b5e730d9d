"""Politeness shared by every part that reads studio sites (find-artists and the scraper
tasks): one request at a time per host, spaced by at least the host's delay, across processes
and machines.

Ten scraper tasks drain one queue, so two of them can hold jobs for the same studio site, and
find-artists reads 30 studios at once (two of one chain can share a site) just before the
scrapers start on the same hosts.
Each fetcher spaces its own requests; this gate spaces everyone's, with a lease item per host
in the main table (the `lock` item type): a request may start only once the host's lease is
free. The lease is taken before a request and held while it runs; when the reply is in, it is
set free the host's delay later (`freeAt`, fractional epoch seconds; `expiresAt` stays the whole
second TTL). So the next request to a host starts at least the delay after the previous one
*ended*, whatever happened to it in flight, and no later than it has to.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections.abc import Callable
from typing import Any, Protocol
from urllib.parse import urlsplit

from botocore.exceptions import BotoCoreError, ClientError
from protego import Protego

from compute.adapters.locks import DynamoDbLock, LockHeld
from compute.adapters.robots import DynamoDbRobotsCache
from compute.adapters.web import BOT_NAME, DEFAULT_POLITENESS_DELAY_S, Page, WebFetcher

# Covers the time between our lease and the request reaching the site (proxies, clock skew
# between tasks); the delay itself counts from the end of the previous reply.
ARRIVAL_MARGIN_S = 0.2
# The least spacing of any host: our politeness delay (a longer Crawl-delay wins). The robots.txt
# request's own lease is freed with the Crawl-delay it announced (GatedFetcher), so no host is
# ever spaced by less than its delay, even before this task has read its robots.txt.
DEFAULT_HOST_DELAY_S = 1.0
# How long a lease is held while its request runs (a process that dies frees it after this).
HOLD_S = 30.0
# The shortest sleep between two tries for a busy host (the lease may be freed early).
MIN_POLL_S = 0.02
_MAX_LOCK_NAME = 128


def lease_name(host: str) -> str:
    name = f"host:{host.lower()}"
    if len(name) <= _MAX_LOCK_NAME and all(c.isalnum() or c in "_.:-" for c in name):
        return name
    return "host:sha256:" + hashlib.sha256(host.lower().encode()).hexdigest()


class HostBusy(Exception):
    """Another request holds the host, or its delay has not passed: free at `free_at`."""

    def __init__(self, name: str, free_at: float) -> None:
        super().__init__(f"host lease {name!r} is busy until epoch {free_at:.3f}")
        self.name = name
        self.free_at = free_at


class HostLeases(Protocol):
    """The shared table of host leases, in fractional epoch seconds."""

    def take(self, name: str, owner: str, now: float, hold_s: float) -> None:
        """Hold `name` until now + hold_s, or raise HostBusy when it is not free at `now`."""

    def free_at(self, name: str, owner: str, at: float) -> None:
        """Our request is answered: the host is free again at `at` (not earlier)."""


class DynamoDbHostLeases:
    """Host leases as `lock` items of the main table (adapters.locks), held to the millisecond."""

    def __init__(self, client: Any, table_name: str) -> None:
        self.client = client
        self.table_name = table_name
        self._locks = DynamoDbLock(client, table_name)

    def take(self, name: str, owner: str, now: float, hold_s: float) -> None:
        try:
            self._locks.hold(name, owner, now, now + hold_s)
        except LockHeld as held:
            free_at = held.free_at if held.free_at is not None else now + MIN_POLL_S
            raise HostBusy(name, free_at) from None

    def free_at(self, name: str, owner: str, at: float) -> None:
        self._locks.free_at(name, owner, at)


class SharedHostGate:
    """Blocks until this process may send the next request to a host."""

    def __init__(
        self,
        leases: HostLeases,
        owner: str,
        *,
        default_delay_s: float = DEFAULT_HOST_DELAY_S,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        max_wait_s: float = 120.0,
    ) -> None:
        self.leases = leases
        self.owner = owner
        self.default_delay_s = default_delay_s
        self._clock = clock
        self._sleep = sleep
        self.max_wait_s = max_wait_s
        self.waits = 0
        self.waited_s = 0.0

    def spacing(self, delay_s: float | None) -> float:
        return max(self.default_delay_s, delay_s or 0.0) + ARRIVAL_MARGIN_S

    def wait_turn(self, host: str, delay_s: float | None = None) -> None:
        """Block until it is this host's turn, then hold the host until `finished`."""
        spacing = self.spacing(delay_s)
        name = lease_name(host)
        deadline = self._clock() + self.max_wait_s
        while True:
            now = self._clock()
            try:
                self.leases.take(name, self.owner, now, HOLD_S)
                return
            except HostBusy as busy:
                self.waits += 1
                if now > deadline:
                    raise TimeoutError(f"waited {self.max_wait_s} s for a turn on a host") from None
                # Until the lease's own free time; a held lease is looked at again each spacing.
                pause = min(max(MIN_POLL_S, busy.free_at - now), spacing)
                self.waited_s += pause
                self._sleep(pause)

    def finished(self, host: str, delay_s: float | None = None) -> None:
        """The request is answered: free the host `delay` from now (not earlier)."""
        at = self._clock() + self.spacing(delay_s)
        # On failure the lease keeps its longer hold: the host waits more, never less.
        with contextlib.suppress(ClientError, BotoCoreError):
            self.leases.free_at(lease_name(host), self.owner, at)


def announced_crawl_delay(body: bytes) -> float:
    """The Crawl-delay a robots.txt body gives our bot (0 when none)."""
    rules = Protego.parse(body.decode("utf-8", "replace"))
    return float(rules.crawl_delay(BOT_NAME) or 0.0)


class GatedFetcher(WebFetcher):
    """The polite fetcher, with every request (robots.txt and a rendered page's own requests,
    `fetch_resource`, included) first taking the host's turn at the shared gate, which is freed
    when our request ends."""

    def __init__(self, gate: SharedHostGate, **options: object) -> None:
        super().__init__(**options)  # type: ignore[arg-type]
        self.gate = gate

    def _get(self, url: str, limit: int) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        host = parts.netloc.lower()
        delay = self.delay_for(origin)
        self.gate.wait_turn(host, delay)
        try:
            status, headers, body = super()._get(url, limit)
        except BaseException:
            self.gate.finished(host, delay)
            raise
        if parts.path == "/robots.txt" and 200 <= status < 300:
            # Other tasks may not know this host's Crawl-delay yet: the lease carries it.
            delay = max(delay, announced_crawl_delay(body))
        self.gate.finished(host, delay)
        return status, headers, body

    def fetch_page(self, url: str) -> Page:
        return self.fetch(url)


def gated_fetcher(
    client: Any,
    table_name: str,
    owner: str,
    *,
    host_delay_s: float = DEFAULT_HOST_DELAY_S,
    politeness_delay_s: float = DEFAULT_POLITENESS_DELAY_S,
    timeout_s: float = 10.0,
    proxy_url: str | None = None,
) -> GatedFetcher:
    """The fetcher every reader of studio sites uses: its own spacing plus the shared host gate
    (lease items in `table_name`) and the robots.txt rules every reader shares (`robots` items
    there, compute.adapters.robots); compute.bootstrap reads the delays from HOST_GATE_DELAY_S,
    CRAWL_POLITENESS_DELAY_S and FETCH_TIMEOUT_S."""
    gate = SharedHostGate(
        DynamoDbHostLeases(client, table_name), owner, default_delay_s=host_delay_s
    )
    return GatedFetcher(
        gate,
        politeness_delay_s=politeness_delay_s,
        timeout_s=timeout_s,
        proxy_url=proxy_url,
        robots_cache=DynamoDbRobotsCache(client, table_name),
    )
