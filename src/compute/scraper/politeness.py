"""Politeness shared by every scraper task: one request at a time per host, spaced by at least
the host's delay, across processes and machines.

Ten scraper tasks drain one queue, so two of them can hold jobs for the same studio site. Each
task's fetcher spaces its own requests; this gate spaces everyone's, with a lease item per host
in the main table (the `lock` item type): a request may start only once the previous lease on
its host has expired. The lease is taken before a request and held while it runs; when the
reply is in, it is set to expire the host's delay later. So the next request to a host starts
at least the delay after the previous one *ended*, whatever happened to it in flight. Leases
are whole epoch seconds: the spacing is the delay rounded up plus one second (slower, never
faster).
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from botocore.exceptions import BotoCoreError, ClientError

from compute.adapters.locks import DynamoDbLock, LockHeld
from compute.adapters.web import Page, WebFetcher
from compute.domain.keys import lock_key

# Covers the time between our lease and the request reaching the site (proxies, latency).
ARRIVAL_MARGIN_S = 0.5
# The spacing a host gets before its robots.txt (and any Crawl-delay) is known.
DEFAULT_HOST_DELAY_S = 2.0
# How long a lease is held while its request runs (a process that dies frees it after this).
HOLD_S = 30.0
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
        client: Any = None,
        table_name: str | None = None,
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
        self.client = client
        self.table_name = table_name
        self.waits = 0

    def spacing(self, delay_s: float | None) -> float:
        return max(self.default_delay_s, delay_s or 0.0) + ARRIVAL_MARGIN_S

    def wait_turn(self, host: str, delay_s: float | None = None) -> None:
        """Block until it is this host's turn, then hold the host until `finished`."""
        spacing = self.spacing(delay_s)
        name = lease_name(host)
        deadline = self._clock() + self.max_wait_s
        hold = HOLD_S if self.client is not None else spacing
        while True:
            try:
                self.locks.acquire(name, self.owner, hold)
                return
            except LockHeld as held:
                self.waits += 1
                now = self._clock()
                if now > deadline:
                    raise TimeoutError(f"waited {self.max_wait_s} s for a turn on a host") from None
                # The lease is free once the clock's whole seconds pass its expiry.
                until = (held.expires_at + 1) if held.expires_at is not None else now + 1
                self._sleep(min(max(0.05, until - now + 0.01), spacing + 1))

    def finished(self, host: str, delay_s: float | None = None) -> None:
        """The request is answered: free the host `delay` from now (not earlier)."""
        if self.client is None or self.table_name is None:
            return  # leases were taken for the spacing alone
        expires_at = int(self._clock()) + int(self.spacing(delay_s)) + 1
        key = lock_key(lease_name(host))
        # On failure the lease keeps its longer hold: the host waits more, never less.
        with contextlib.suppress(ClientError, BotoCoreError):
            self.client.update_item(
                TableName=self.table_name,
                Key={k: {"S": v} for k, v in key.items()},
                UpdateExpression="SET expiresAt = :expires",
                ConditionExpression="#owner = :owner",
                ExpressionAttributeNames={"#owner": "owner"},
                ExpressionAttributeValues={
                    ":expires": {"N": str(expires_at)},
                    ":owner": {"S": self.owner},
                },
            )


class GatedFetcher(WebFetcher):
    """The polite fetcher, with every request (robots.txt included) first taking the host's
    turn at the shared gate."""

    def __init__(self, gate: SharedHostGate, **options: object) -> None:
        super().__init__(**options)  # type: ignore[arg-type]
        self.gate = gate

    def _get(self, url: str, limit: int) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        host = parts.netloc.lower()
        self.gate.wait_turn(host, self.delay_for(origin))
        try:
            return super()._get(url, limit)
        finally:
            self.gate.finished(host, self.delay_for(origin))

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

    def finished(self, url: str) -> None:
        """The browser's request is answered: the host's delay starts now."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        self.gate.finished(parts.netloc.lower(), self.delay_for(origin))

    def fetch_page(self, url: str) -> Page:
        return self.fetch(url)
