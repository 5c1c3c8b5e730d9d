"""The world's transport: a Places API server and an HTTP forward proxy that hosts every studio's
website by Host header, both on 127.0.0.1. Every request to a studio site is recorded (host,
path, time, user agent, status) so politeness and robots.txt compliance can be measured.
"""

from __future__ import annotations

import itertools
import json
import random
import sys
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, Any, Protocol
from urllib.parse import urlsplit

from protego import Protego

from emulation.world import places, sites
from emulation.world.city import BROWSER_ONLY_FAMILIES, City, StudioSpec

DEFAULT_API_KEY = "world-places-key-not-a-secret"


@dataclass(frozen=True, slots=True)
class WorldEndpoints:
    places_url: str  # base URL; the Text Search endpoint is {places_url}/v1/places:searchText
    proxy_url: str  # HTTP forward proxy for http://*.test studio sites
    api_key: str


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """One request a studio site received (arrival time, before any stall)."""

    host: str
    path: str
    at: float  # time.monotonic() on arrival
    user_agent: str
    status: int


@dataclass(frozen=True, slots=True)
class PolitenessReport:
    requests: int
    hosts: int
    robots_violations: int
    politeness_violations: int
    examples: list[str] = field(default_factory=list)


class SiteOrigin(Protocol):
    """What the forward proxy serves sites from: the world, or a folder of static sites
    (emulation.corpus). `serves` and `robots` let `politeness_report` judge its requests."""

    def handle_site(self, host: str, path_and_query: str, user_agent: str) -> sites.Page: ...

    def delay(self) -> None: ...

    def serves(self, host: str) -> bool: ...

    def robots(self, host: str) -> Protego: ...


def politeness_report(
    world: SiteOrigin,
    records: Iterable[RequestRecord],
    min_delay_s: float = 1.0,
    user_agent: str | None = None,
) -> PolitenessReport:
    """Counts requests robots.txt disallowed, and pairs of requests to one host closer
    together than max(min_delay_s, the host's Crawl-delay). `records` are those a world
    received, live (World.requests) or read back from its request log; `world` is that world
    or a model of it (same seed and size), or any other origin the proxy serves, for its hosts
    and robots.txt rules."""
    chosen = [r for r in records if user_agent is None or r.user_agent == user_agent]
    by_host: dict[str, list[RequestRecord]] = {}
    for record in chosen:
        by_host.setdefault(record.host, []).append(record)
    robots_violations = politeness_violations = 0
    examples: list[str] = []
    for host, hits in by_host.items():
        if not world.serves(host):
            continue
        parser = world.robots(host)
        crawl_delay = max(min_delay_s, parser.crawl_delay(hits[0].user_agent) or 0.0)
        hits.sort(key=lambda r: r.at)
        for previous, current in itertools.pairwise(hits):
            # A reader asking for robots.txt again (its first request failed on the way back)
            # does not hold the host's Crawl-delay yet: only our own delay can bind it.
            delay = min_delay_s if current.path == "/robots.txt" else crawl_delay
            if current.at - previous.at < delay:
                politeness_violations += 1
                if len(examples) < 10:
                    examples.append(
                        f"{host}: {current.at - previous.at:.3f}s < {delay}s between "
                        f"{previous.path} ({previous.status}) and {current.path} ({current.status})"
                    )
        for hit in hits:
            if hit.path != "/robots.txt" and not parser.can_fetch(
                f"http://{host}{hit.path}", hit.user_agent
            ):
                robots_violations += 1
                if len(examples) < 10:
                    examples.append(f"{host}{hit.path}: disallowed by robots.txt")
    return PolitenessReport(
        requests=len(chosen),
        hosts=len(by_host),
        robots_violations=robots_violations,
        politeness_violations=politeness_violations,
        examples=examples,
    )


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # the default backlog (5) adds 1 s stalls under load
    world: SiteOrigin

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # a client that gave up (a browser closing a page): nothing to report
        super().handle_error(request, client_address)


def serve_proxy(origin: SiteOrigin) -> tuple[ThreadingHTTPServer, threading.Thread]:
    """The forward proxy for `origin`'s sites on a free 127.0.0.1 port, serving in a thread;
    the caller shuts the server down."""
    server = _Server(("127.0.0.1", 0), _ProxyHandler)
    server.world = origin
    thread = threading.Thread(target=server.serve_forever, name="site-proxy", daemon=True)
    thread.start()
    return server, thread


class World:
    """A synthetic city on the network: Places API + studio websites behind a forward proxy.

    Deterministic from `seed`; pages are rendered per request, so memory stays small at
    5,000 studios. `latency` is the (min, max) seconds added to every reply; `timing` shrinks
    the stalls of slow and hanging sites for tests."""

    def __init__(
        self,
        seed: int = 7,
        studios: int = 200,
        *,
        city_name: str = "Leeds",
        latency: tuple[float, float] = (0.05, 0.3),
        timing: sites.SiteTiming | None = None,
        api_key: str = DEFAULT_API_KEY,
        max_results_per_query: int | None = None,
        faults: Any = None,
        log_path: Path | None = None,
        browser_only: bool = True,
    ) -> None:
        # browser_only=False: no studio of the families only a browser sees (js_delayed)
        self.city = City.generate(seed, studios, city_name, browser_only=browser_only)
        self.latency = latency
        self.timing = timing or sites.SiteTiming()
        self.api_key = api_key
        self.max_results_per_query = max_results_per_query
        self._external_faults = faults
        self._external_cache: dict[str, Any] = {"at": 0.0, "active": {}}
        self._faults: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        self._records: list[RequestRecord] = []
        self._attempts: dict[tuple[str, str], int] = {}
        self._places_requests = 0
        self._log_path = log_path
        self._log_file: IO[str] | None = None
        self._servers: list[_Server] = []
        self._threads: list[threading.Thread] = []
        self.endpoints: WorldEndpoints | None = None
        self._robots: dict[str, Protego] = {}

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> WorldEndpoints:
        if self.endpoints is not None:
            return self.endpoints
        if self._log_path is not None:
            self._log_file = self._log_path.open("a", encoding="utf-8", buffering=1)
        ports = [self._serve(_PlacesHandler), self._serve(_ProxyHandler)]
        self.endpoints = WorldEndpoints(
            places_url=f"http://127.0.0.1:{ports[0]}",
            proxy_url=f"http://127.0.0.1:{ports[1]}",
            api_key=self.api_key,
        )
        return self.endpoints

    def _serve(self, handler: type[BaseHTTPRequestHandler]) -> int:
        server = _Server(("127.0.0.1", 0), handler)
        server.world = self
        thread = threading.Thread(target=server.serve_forever, name="world", daemon=True)
        thread.start()
        self._servers.append(server)
        self._threads.append(thread)
        return int(server.server_address[1])

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._servers.clear()
        self._threads.clear()
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None
        self.endpoints = None

    def __enter__(self) -> World:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- truth -------------------------------------------------------------------------------
    def ground_truth(self) -> dict[str, Any]:
        """Per studio: its Places id, site, template family and language, how the site
        misbehaves, whether only a browser shows its roster, the artists it lists (name,
        Instagram handle, styles), and the handles it shows that are not artists, with why."""
        return {
            "seed": self.city.seed,
            "city": self.city.name,
            "studios": [
                {
                    "placeId": s.place_id,
                    "name": s.name,
                    "website": s.website_uri,
                    "host": s.host,
                    "businessStatus": s.business_status,
                    "family": s.family,
                    "language": s.language,
                    "needsBrowser": s.family in BROWSER_ONLY_FAMILIES,
                    "condition": s.condition if s.host else None,
                    "crawlDelay": self.timing.crawl_delay_s if s.crawl_delay_s else None,
                    "artists": [
                        {
                            "name": a.name,
                            "instagramHandle": a.handle,
                            "styles": list(a.styles),
                            "guest": a in s.guests,
                        }
                        for a in s.artists
                    ],
                    "notArtists": [
                        {"instagramHandle": t.handle, "reason": t.reason} for t in s.not_artists
                    ],
                }
                for s in self.city.studios
            ],
        }

    def write_ground_truth(self, path: Path) -> Path:
        path.write_text(json.dumps(self.ground_truth(), indent=1), encoding="utf-8")
        return path

    # -- faults ------------------------------------------------------------------------------
    def set_fault(self, name: str, **params: Any) -> None:
        """Switch a world fault on: `places_429` (retry_after, count, fraction), `places_500`
        (count, fraction), `slow_sites` (delay_s, hosts, fraction), `failing_sites` (status,
        hosts, count, fraction). The same names switched on in the local cloud's shared
        `emulation.faults` registry (a `Faults` or its state file) apply too.
        `count` limits a fault to the next n matching requests."""
        with self._lock:
            self._faults[name] = dict(params)

    def clear_fault(self, name: str) -> None:
        with self._lock:
            self._faults.pop(name, None)

    def _fault(self, name: str, host: str | None = None) -> dict[str, Any] | None:
        params: dict[str, Any] | None
        with self._lock:
            params = self._faults.get(name)
            if params is not None and not _applies(params, host):
                params = None
            if params is not None and "count" in params:
                if params["count"] <= 0:
                    return None
                params["count"] -= 1
        if params is None:
            params = _external_fault(self._external_faults, name, self._external_cache)
            if params is not None and not _applies(params, host):
                params = None
        return params

    # -- measurement -------------------------------------------------------------------------
    def requests(self) -> list[RequestRecord]:
        with self._lock:
            return list(self._records)

    @property
    def places_requests(self) -> int:
        return self._places_requests

    def robots(self, host: str) -> Protego:
        parser = self._robots.get(host)
        if parser is None:
            studio = self.city.by_host[host]
            # What the site actually serves: no robots.txt at all on sites that 404 or 500.
            served = studio.condition not in ("not_found", "server_error")
            parser = Protego.parse(sites.robots_txt(studio, self.timing) if served else "")
            self._robots[host] = parser
        return parser

    def politeness_report(
        self, min_delay_s: float = 1.0, user_agent: str | None = None
    ) -> PolitenessReport:
        """The politeness of every request this world received (see `politeness_report`)."""
        return politeness_report(self, self.requests(), min_delay_s, user_agent)

    def _record(self, record: RequestRecord) -> None:
        with self._lock:
            self._records.append(record)
            if self._log_file is not None:
                self._log_file.write(json.dumps(asdict(record)) + "\n")

    def _attempt(self, host: str, path: str) -> int:
        with self._lock:
            count = self._attempts.get((host, path), 0) + 1
            self._attempts[(host, path)] = count
            return count

    def serves(self, host: str) -> bool:
        return host in self.city.by_host

    def delay(self) -> None:
        low, high = self.latency
        if high > 0:
            time.sleep(random.uniform(low, high))

    # -- request handling (called by the handlers) ------------------------------------------
    def handle_site(self, host: str, path_and_query: str, user_agent: str) -> sites.Page:
        arrived = time.monotonic()
        parts = urlsplit(path_and_query)
        path = parts.path or "/"
        studio = self.city.by_host.get(host)
        if studio is None:
            page = sites.Page(502, b"unknown host: the world has no such site", "text/plain")
            self._record(RequestRecord(host, path_and_query, arrived, user_agent, page.status))
            return page
        page = self._site_page(studio, path, parts.query, path_and_query)
        self._record(RequestRecord(host, path_and_query, arrived, user_agent, page.status))
        return page

    def _site_page(self, studio: StudioSpec, path: str, query: str, full: str) -> sites.Page:
        failing = self._fault("failing_sites", studio.host)
        if failing is not None:
            return sites.Page(int(failing.get("status", 500)), b"injected failure", "text/plain")
        page = sites.respond(
            self.city, studio, path, query, self._attempt(str(studio.host), full), self.timing
        )
        slow = self._fault("slow_sites", studio.host)
        if slow is not None:
            page.stall_s += float(slow.get("delay_s", self.timing.slow_s))
        return page

    def handle_places(
        self, api_key: str | None, field_mask: str | None, raw: bytes
    ) -> places.PlacesReply:
        with self._lock:
            self._places_requests += 1
        if api_key != self.api_key:
            return places.error(
                400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key."
            )
        throttled = self._fault("places_429")
        if throttled is not None:
            retry_after = throttled.get("retry_after", 1)
            return places.error(
                429,
                "RESOURCE_EXHAUSTED",
                "Quota exceeded for quota metric 'SearchText requests'.",
                {"Retry-After": f"{retry_after:g}"},
            )
        if self._fault("places_500") is not None:
            return places.error(500, "INTERNAL", "Internal error encountered.")
        try:
            body = json.loads(raw or b"null")
        except ValueError:
            return places.error(400, "INVALID_ARGUMENT", "Invalid JSON payload received.")
        return places.search_text(self.city, body, field_mask, self.max_results_per_query)


def _applies(params: Mapping[str, Any], host: str | None) -> bool:
    hosts = params.get("hosts")
    if hosts and host not in hosts:
        return False
    fraction = float(params.get("fraction", 1.0))
    return fraction >= 1.0 or random.random() < fraction


def _external_fault(registry: Any, name: str, cache: dict[str, Any]) -> dict[str, Any] | None:
    """A fault switched on in the local cloud's shared registry: a `Faults` object, or the
    path of its state file when the registry lives in another process (re-read at most twice
    a second)."""
    if registry is None:
        return None
    now = time.monotonic()
    if now - cache["at"] > 0.5:
        try:
            if isinstance(registry, Path):
                from emulation.faults import read_active

                cache["active"] = read_active(registry)
            else:
                cache["active"] = dict(registry.active())
        except Exception:  # a missing or half-written registry must not break the world
            cache["active"] = {}
        cache["at"] = now
    params = cache["active"].get(name)
    return dict(params) if isinstance(params, Mapping) else None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the world records requests itself."""

    def _send(self, page: sites.Page) -> None:
        if page.stall_s > 0:
            time.sleep(page.stall_s)
        try:
            self.send_response(page.status)
            self.send_header("Content-Type", page.content_type)
            self.send_header("Content-Length", str(len(page.body) + page.stream_bytes))
            for name, value in page.headers.items():
                self.send_header(name, value)
            self.end_headers()
            if self.command == "HEAD":
                return
            self.wfile.write(page.body)
            chunk = b"<!-- " + b"x" * 65_526 + b" -->"
            remaining = page.stream_bytes
            while remaining > 0:
                self.wfile.write(chunk[: min(remaining, len(chunk))])
                remaining -= len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (size limit, timeout)


class _ProxyHandler(_Handler):
    """A forward proxy that is also every studio's origin: absolute-URI requests are answered
    from the world by their host, origin-form requests by their Host header."""

    def do_GET(self) -> None:
        self.server.world.delay()
        if self.path.startswith(("http://", "https://")):
            parts = urlsplit(self.path)
            host = parts.hostname or ""
            target = parts.path or "/"
            if parts.query:
                target += "?" + parts.query
        else:
            host = (self.headers.get("Host") or "").split(":")[0]
            target = self.path
        page = self.server.world.handle_site(
            host.lower(), target, self.headers.get("User-Agent", "")
        )
        self._send(page)

    do_HEAD = do_GET

    def do_CONNECT(self) -> None:
        self._send(
            sites.Page(501, b"CONNECT is not supported: studio sites are http://", "text/plain")
        )


class _PlacesHandler(_Handler):
    def do_POST(self) -> None:
        world = self.server.world
        assert isinstance(world, World)  # only the world has a Places API
        world.delay()
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if urlsplit(self.path).path != "/v1/places:searchText":
            reply = places.error(404, "NOT_FOUND", f"Method not found: {self.path}")
        else:
            reply = world.handle_places(
                self.headers.get("X-Goog-Api-Key"), self.headers.get("X-Goog-FieldMask"), raw
            )
        self._send(
            sites.Page(
                reply.status,
                json.dumps(reply.body).encode(),
                "application/json; charset=UTF-8",
                headers=reply.headers,
            )
        )
