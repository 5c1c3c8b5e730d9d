"""Switchable faults for the reliability tests.

`Faults` is a thread-safe registry of named switches. Every change is also written atomically to a
JSON file (`<state_dir>/faults.json` when the local cloud gives one), so other processes (the
synthetic world's server, scraper tasks) share the same switches: they call
`read_active(path)`, which re-reads the file when it changed. The file holds
`{"faults": {name: params}}`.

Faults and who reads them:
- `search_down`: the TCP proxy from `search_proxy()` resets (mode "reset", default) or refuses
  (mode "refuse") connections to OpenSearch, including pooled ones already open.
- `function_crash`: the Lambda runtime asks `crash_now(function)` before each invocation; the
  worker then raises inside the function's process, so it is a real function error.
- `throttle`: the API gateway and the Lambda runtime ask `throttled(service)` ("lambda",
  "lambda:<function>", "apigw", ...).
- `slow_sites`, `failing_sites`, `places_429`: registry only; the synthetic world reads them.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import selectors
import socket
import struct
import tempfile
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

SEARCH_DOWN = "search_down"
FUNCTION_CRASH = "function_crash"
THROTTLE = "throttle"
SLOW_SITES = "slow_sites"
FAILING_SITES = "failing_sites"
PLACES_429 = "places_429"
KNOWN_FAULTS = frozenset(
    {SEARCH_DOWN, FUNCTION_CRASH, THROTTLE, SLOW_SITES, FAILING_SITES, PLACES_429}
)


class Faults:
    """Named, switchable faults; shared with other processes through a JSON file."""

    def __init__(self, state_file: Path | None = None) -> None:
        self._lock = threading.Lock()
        self._publish_lock = threading.Lock()
        self._faults: dict[str, dict[str, Any]] = {}
        self._state_file = state_file
        self._proxies: list[SearchProxy] = []
        self._random = random.Random()
        self._publish()

    @property
    def state_file(self) -> Path | None:
        return self._state_file

    def set(self, name: str, **params: Any) -> None:
        """Switch fault `name` on with `params` (replacing earlier params)."""
        if name not in KNOWN_FAULTS:
            raise ValueError(f"unknown fault {name!r}; expected one of {sorted(KNOWN_FAULTS)}")
        with self._lock:
            self._faults[name] = dict(params)
        self._publish()
        self._apply_to_proxies()

    def clear(self, name: str | None = None) -> None:
        """Switch fault `name` off; with no name, every fault."""
        with self._lock:
            if name is None:
                self._faults.clear()
            else:
                self._faults.pop(name, None)
        self._publish()
        self._apply_to_proxies()

    def active(self) -> dict[str, dict[str, Any]]:
        """A copy of the faults switched on, by name."""
        with self._lock:
            return {name: dict(params) for name, params in self._faults.items()}

    def is_active(self, name: str) -> bool:
        with self._lock:
            return name in self._faults

    # --- function crashes -------------------------------------------------------------------
    def function_crash(self, name: str, fraction: float) -> None:
        """Make function `name` raise on `fraction` (0..1) of its invocations."""
        if not 0.0 <= fraction <= 1.0:
            raise ValueError(f"crash fraction for {name!r} must be within 0..1, got {fraction}")
        with self._lock:
            functions = dict(self._faults.get(FUNCTION_CRASH, {}).get("functions", {}))
            functions[name] = fraction
            self._faults[FUNCTION_CRASH] = {"functions": functions}
        self._publish()

    def crash_now(self, function: str) -> bool:
        """Whether this invocation of `function` should crash (draws at the configured rate)."""
        with self._lock:
            params = self._faults.get(FUNCTION_CRASH)
            if params is None:
                return False
            fraction = float(params.get("functions", {}).get(function, 0.0))
            return fraction > 0.0 and self._random.random() < fraction

    # --- throttling ------------------------------------------------------------------------
    def throttle(self, service: str, fraction: float = 1.0) -> None:
        """Throttle `service` ("lambda", "lambda:<function>", "apigw") on `fraction` of calls."""
        with self._lock:
            services = dict(self._faults.get(THROTTLE, {}).get("services", {}))
            services[service] = fraction
            self._faults[THROTTLE] = {"services": services}
        self._publish()

    def throttled(self, service: str) -> bool:
        """Whether this call to `service` is throttled (draws at the configured rate)."""
        with self._lock:
            params = self._faults.get(THROTTLE)
            if params is None:
                return False
            fraction = float(params.get("services", {}).get(service, 0.0))
            return fraction > 0.0 and self._random.random() < fraction

    # --- search down -----------------------------------------------------------------------
    def search_proxy(self, upstream_url: str) -> str:
        """Start a TCP proxy to `upstream_url` that `search_down` breaks; returns its URL."""
        parts = urlsplit(upstream_url)
        host = parts.hostname or "127.0.0.1"
        port = parts.port or (443 if parts.scheme == "https" else 80)
        proxy = SearchProxy(host, port)
        proxy.start()
        with self._lock:
            self._proxies.append(proxy)
        self._apply_to_proxies()
        return urlunsplit((parts.scheme, f"127.0.0.1:{proxy.port}", parts.path, "", ""))

    def close(self) -> None:
        """Stop every proxy this registry started."""
        with self._lock:
            proxies, self._proxies = self._proxies, []
        for proxy in proxies:
            proxy.stop()

    def _apply_to_proxies(self) -> None:
        with self._lock:
            down = self._faults.get(SEARCH_DOWN)
            proxies = list(self._proxies)
        for proxy in proxies:
            proxy.set_down(None if down is None else str(down.get("mode", "reset")))

    def _publish(self) -> None:
        """Write the registry atomically so readers never see half a file."""
        if self._state_file is None:
            return
        with self._publish_lock:  # snapshot and write together: the newest state wins
            with self._lock:
                body = json.dumps({"faults": self._faults}, sort_keys=True)
            self._state_file.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self._state_file.parent, prefix=".faults-")
            with os.fdopen(fd, "w") as handle:
                handle.write(body)
            os.replace(tmp, self._state_file)


_read_cache: dict[Path, tuple[tuple[int, int, int], dict[str, dict[str, Any]]]] = {}
_read_lock = threading.Lock()


def read_active(state_file: Path) -> dict[str, dict[str, Any]]:
    """The faults switched on, as another process published them (re-read when changed)."""
    try:
        stat = state_file.stat()
    except FileNotFoundError:
        return {}
    # Every publish replaces the file, so a new inode means new content even within one tick.
    version = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
    with _read_lock:
        cached = _read_cache.get(state_file)
        if cached is not None and cached[0] == version:
            return cached[1]
    faults = json.loads(state_file.read_text()).get("faults", {})
    if not isinstance(faults, dict):
        raise ValueError(f"{state_file}: 'faults' must be an object, got {type(faults).__name__}")
    with _read_lock:
        _read_cache[state_file] = (version, faults)
    return faults


class SearchProxy:
    """A TCP proxy on 127.0.0.1 that can refuse or reset connections on demand."""

    def __init__(self, upstream_host: str, upstream_port: int) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.port = 0
        self._mode: str | None = None
        self._listener: socket.socket | None = None
        self._lock = threading.Lock()
        self._connections: set[socket.socket] = set()
        self._stopped = threading.Event()
        self._accept_thread: threading.Thread | None = None

    def start(self) -> None:
        self._listen()
        self._accept_thread = threading.Thread(
            target=self._accept_loop, name=f"search-proxy-{self.port}", daemon=True
        )
        self._accept_thread.start()

    def set_down(self, mode: str | None) -> None:
        """None: pass traffic; "reset": accept then reset; "refuse": stop listening."""
        if mode not in (None, "reset", "refuse"):
            raise ValueError(f"search_down mode must be 'reset' or 'refuse', got {mode!r}")
        with self._lock:
            previous, self._mode = self._mode, mode
            open_connections = list(self._connections) if mode else []
        for conn in open_connections:  # pooled keep-alive connections must fail too
            _break(conn)
        if mode == "refuse" and previous != "refuse":
            self._close_listener()
        elif mode != "refuse" and previous == "refuse":
            self._listen()

    def stop(self) -> None:
        self._stopped.set()
        self._close_listener()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            _break(conn)

    def _listen(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        self.port = int(listener.getsockname()[1])
        with self._lock:
            self._listener = listener

    def _close_listener(self) -> None:
        with self._lock:
            listener, self._listener = self._listener, None
        if listener is not None:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()

    def _accept_loop(self) -> None:
        while not self._stopped.is_set():
            with self._lock:
                listener = self._listener
            if listener is None:
                self._stopped.wait(0.05)
                continue
            listener.settimeout(0.2)
            try:
                conn, _ = listener.accept()
            except (TimeoutError, OSError):
                continue
            with self._lock:
                mode = self._mode
            if mode is not None:
                _reset(conn)
                continue
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(self.upstream, timeout=5)
        except OSError:
            _reset(client)
            return
        upstream.settimeout(None)
        with self._lock:
            self._connections.update((client, upstream))
        selector = selectors.DefaultSelector()
        selector.register(client, selectors.EVENT_READ, upstream)
        selector.register(upstream, selectors.EVENT_READ, client)
        try:
            while True:
                for key, _ in selector.select(timeout=1.0):
                    source: socket.socket = key.fileobj  # type: ignore[assignment]
                    data = source.recv(65536)
                    if not data:
                        return
                    key.data.sendall(data)
                if self._stopped.is_set():
                    return
        except OSError:
            return
        finally:
            selector.close()
            with self._lock:
                self._connections.discard(client)
                self._connections.discard(upstream)
            for sock in (client, upstream):
                with contextlib.suppress(OSError):
                    sock.close()


def _break(conn: socket.socket) -> None:
    """Abort a connection another thread is serving; that thread closes it."""
    with contextlib.suppress(OSError):
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        conn.shutdown(socket.SHUT_RDWR)


def _reset(conn: socket.socket) -> None:
    """Close with SO_LINGER 0, so the peer sees a connection reset instead of a clean EOF."""
    with contextlib.suppress(OSError):
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        conn.close()
