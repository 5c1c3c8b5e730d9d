"""The independent corpus of hand-written studio websites (tests/corpus/sites) on the network.

Each folder `tests/corpus/sites/<site-id>/` is one studio's site, files as served; it is served
as `http://<site-id>.studio.test/` behind the same forward proxy as the synthetic world
(emulation.world.server), so robots.txt and politeness are per host exactly as there. Requests
are recorded for `politeness_report`. `answers.json` is the site's ground truth and is never
served. Static-server habits of real hosts: `/dir` redirects to `/dir/`, `/dir/` serves
`dir/index.html`, a query string does not change the file, a missing robots.txt is a 404.
"""

from __future__ import annotations

import json
import mimetypes
import threading
import time
from dataclasses import dataclass
from datetime import date
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from protego import Protego

from emulation.world.server import RequestRecord, politeness_report, serve_proxy
from emulation.world.sites import Page

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = ROOT / "tests" / "corpus" / "sites"
HOST_SUFFIX = ".studio.test"
ANSWERS = "answers.json"  # the truth beside each site, never served
SERVER_PAGES = frozenset({".php", ".asp", ".aspx", ".jsp", ".cfm"})
# The day every site's dates were written against ("a guest booked for dates still to come"):
# sites are read as on this day, so their answers do not change as the calendar moves on.
TODAY = date(2026, 12, 7)


@dataclass(frozen=True, slots=True)
class CorpusSite:
    site_id: str
    folder: Path
    answers: dict[str, Any]

    @property
    def host(self) -> str:
        return f"{self.site_id}{HOST_SUFFIX}"

    @property
    def url(self) -> str:
        """Where a crawler enters: the home page, or the page the answers name (`entry`)."""
        return f"http://{self.host}{self.answers.get('entry', '/')}"

    @property
    def family(self) -> str:
        return str(self.answers["family"])


def load_sites(corpus_dir: Path = CORPUS_DIR, only: list[str] | None = None) -> list[CorpusSite]:
    """Every site folder with an answers file, sorted by id (or only the ids asked for)."""
    found = []
    for answers_path in sorted(corpus_dir.glob(f"*/{ANSWERS}")):
        folder = answers_path.parent
        if only is not None and folder.name not in only:
            continue
        try:
            answers = json.loads(answers_path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise ValueError(f"{answers_path}: not valid JSON ({exc})") from exc
        found.append(CorpusSite(folder.name, folder, answers))
    if only is not None:
        missing = sorted(set(only) - {s.site_id for s in found})
        if missing:
            raise ValueError(f"no such corpus sites in {corpus_dir}: {missing}")
    return found


class StaticSites:
    """Serves site folders by Host header through the world's forward proxy on 127.0.0.1."""

    def __init__(self, corpus_dir: Path = CORPUS_DIR, latency_s: float = 0.01) -> None:
        self.corpus_dir = corpus_dir
        self.latency_s = latency_s
        self.proxy_url: str | None = None
        self._lock = threading.Lock()
        self._records: list[RequestRecord] = []
        self._robots: dict[str, Protego] = {}
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> str:
        """Start the proxy; returns its URL (for HTTP_PROXY)."""
        if self.proxy_url is None:
            self._server, self._thread = serve_proxy(self)
            self.proxy_url = f"http://127.0.0.1:{self._server.server_address[1]}"
        return self.proxy_url

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None
        self.proxy_url = None

    def __enter__(self) -> StaticSites:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- the origin the proxy asks -----------------------------------------------------------
    def folder(self, host: str) -> Path | None:
        if not host.endswith(HOST_SUFFIX):
            return None
        folder = self.corpus_dir / host.removesuffix(HOST_SUFFIX)
        return folder if (folder / ANSWERS).is_file() else None

    def serves(self, host: str) -> bool:
        return self.folder(host) is not None

    def robots(self, host: str) -> Protego:
        parser = self._robots.get(host)
        if parser is None:
            folder = self.folder(host)
            path = folder / "robots.txt" if folder else None
            text = path.read_text(encoding="utf-8") if path and path.is_file() else ""
            parser = self._robots[host] = Protego.parse(text)
        return parser

    def delay(self) -> None:
        if self.latency_s > 0:
            time.sleep(self.latency_s)

    def handle_site(self, host: str, path_and_query: str, user_agent: str) -> Page:
        arrived = time.monotonic()
        page = self._page(host, urlsplit(path_and_query).path or "/")
        with self._lock:
            self._records.append(
                RequestRecord(host, path_and_query, arrived, user_agent, page.status)
            )
        return page

    def _page(self, host: str, path: str) -> Page:
        folder = self.folder(host)
        if folder is None:
            return Page(502, b"unknown host: the corpus has no such site", "text/plain")
        relative = unquote(path).lstrip("/")
        target = (folder / relative).resolve()
        if not target.is_relative_to(folder.resolve()) or target.name == ANSWERS:
            return Page(404, b"not found", "text/plain")
        if target.is_dir():
            if not path.endswith("/"):
                return Page(301, b"", "text/plain", headers={"Location": path + "/"})
            target = target / "index.html"
        if not target.is_file():
            return Page(404, b"<html><body><h1>404 Not Found</h1></body></html>")
        content_type = (
            "text/html"  # what a server-side page sends, whatever its extension
            if target.suffix in SERVER_PAGES
            else mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        )
        if content_type.startswith("text/") or content_type.endswith(("json", "javascript")):
            content_type += "; charset=utf-8"
        return Page(200, target.read_bytes(), content_type)

    # -- measurement -------------------------------------------------------------------------
    def requests(self, host: str | None = None) -> list[RequestRecord]:
        with self._lock:
            return [r for r in self._records if host is None or r.host == host]

    def politeness(self, host: str, min_delay_s: float = 1.0) -> tuple[int, int]:
        """(robots.txt violations, politeness violations) among the requests to one host."""
        report = politeness_report(self, self.requests(host), min_delay_s)
        return report.robots_violations, report.politeness_violations
