"""The console's HTTP server: stdlib ThreadingHTTPServer on 127.0.0.1, read-only (GET only).

A page is rendered at most once per refresh interval whatever the number of open tabs (the
rendered HTML is cached by path), and its script re-fetches only the page's <main> (header
`X-Console-Refresh`), every REFRESH_S seconds while the tab is visible.
"""

from __future__ import annotations

import http.server
import logging
import sys
import threading
import time
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from emulation.console import pages
from emulation.console.sources import REFRESH_S, Sources

log = logging.getLogger(__name__)
# What /files/NAME serves from the results folder (benchmarks' own reports and plots).
RESULT_FILES = {".png": "image/png", ".html": "text/html; charset=utf-8", ".csv": "text/csv"}


class Console:
    """The local console of one running LocalCloud.

    console = Console(cloud, results_dir=Path("results")).start()
    console.url   # http://127.0.0.1:PORT/
    console.stop()
    """

    def __init__(
        self,
        cloud: Any,
        *,
        results_dir: Path,
        port: int = 0,
        refresh_s: float = REFRESH_S,
    ) -> None:
        self.sources = Sources(cloud, results_dir, refresh_s=refresh_s)
        self.refresh_s = refresh_s
        self._port = port
        self._server: http.server.ThreadingHTTPServer | None = None
        self._rendered: dict[str, tuple[float, str]] = {}
        self._render_lock = threading.Lock()
        self.url = ""

    def start(self) -> Console:
        console = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: the cloud's output stays readable."""

            def do_GET(self) -> None:
                path = unquote(urlsplit(self.path).path)
                content_type = "text/html; charset=utf-8"
                if path.startswith("/files/"):
                    status, data, content_type = console.result_file(path.removeprefix("/files/"))
                else:
                    partial = self.headers.get("X-Console-Refresh") == "1"
                    status, body = console.respond(path, partial=partial)
                    data = body.encode()
                self.send_response(status)
                self.send_header("content-type", content_type)
                self.send_header("content-length", str(len(data)))
                self.send_header("cache-control", "no-store")
                self.end_headers()
                self.wfile.write(data)

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 128  # the default 5 drops connections into 1 s SYN retries

            def handle_error(self, request: Any, client_address: Any) -> None:
                if isinstance(sys.exc_info()[1], ConnectionError):
                    return  # a browser closing the spare connections it opened, not a failure
                super().handle_error(request, client_address)

        self._server = Server(("127.0.0.1", self._port), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/"
        threading.Thread(target=self._server.serve_forever, name="console", daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def result_file(self, name: str) -> tuple[int, bytes, str]:
        """A report or plot a benchmark wrote in the results folder, by its bare file name."""
        kind = RESULT_FILES.get(Path(name).suffix)
        path = self.sources.results_dir / name
        if kind is None or "/" in name or name.startswith(".") or not path.is_file():
            return 404, b"no such result file", "text/plain"
        return 200, path.read_bytes(), kind

    def respond(self, path: str, *, partial: bool = False) -> tuple[int, str]:
        """(status, HTML) of a path: the whole page, or only its <main> when `partial`."""
        path = path.rstrip("/") or "/"
        status, title, main = self._main(path)
        if partial:
            return status, main
        return status, frame(title, path, main, self.refresh_s)

    def _main(self, path: str) -> tuple[int, str, str]:
        with self._render_lock:
            cached = self._rendered.get(path)
            if cached is not None and time.monotonic() - cached[0] < self.refresh_s * 0.9:
                return 200, _title(path), cached[1]
        try:
            main = self._render(path)
        except pages.NotFound as error:
            return 404, "Not found", f'<p class="bad">{escape(str(error))}</p>'
        except KeyError:
            return 404, "Not found", f'<p class="bad">No page {escape(path)}.</p>'
        except Exception as error:  # a reading that failed shows on the page, not as a 500
            log.exception("console page %s failed", path)
            return 500, "Error", f'<p class="bad">This page failed: {escape(repr(error))}</p>'
        with self._render_lock:
            self._rendered[path] = (time.monotonic(), main)
        return 200, _title(path), main

    def _render(self, path: str) -> str:
        if path in pages.PAGES:
            return pages.PAGES[path](self.sources)
        for prefix, page in pages.DETAIL_PAGES.items():
            if path.startswith(prefix) and len(path) > len(prefix):
                return page(self.sources, path[len(prefix) :])
        raise KeyError(path)


def _title(path: str) -> str:
    for prefix, title in reversed(pages.NAV):
        if path == prefix or (prefix != "/" and path.startswith(prefix + "/")):
            detail = path[len(prefix) + 1 :]
            return f"{title}: {detail}" if detail else title
    return "Local console"


def frame(title: str, path: str, main: str, refresh_s: float) -> str:
    nav = "".join(
        f'<a href="{href}" class="{"active" if _title(path).startswith(label) else ""}">'
        f"{escape(label)}</a>"
        for href, label in pages.NAV
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{escape(title)} · local cloud console</title>
<style>{STYLE}</style></head>
<body data-refresh="{refresh_s:g}">
<header><span class="brand">Tattoo directory · local cloud</span><nav>{nav}</nav>
<span class="refresh"><button id="pause" type="button">Pause</button>
<span id="refresh-status">live</span></span></header>
<h1>{escape(title)}</h1>
<main id="main">{main}</main>
<script>{SCRIPT}</script>
</body></html>"""


SCRIPT = """
(function () {
  const every = Number(document.body.dataset.refresh || 0) * 1000;
  const main = document.getElementById('main');
  const status = document.getElementById('refresh-status');
  const pause = document.getElementById('pause');
  let paused = false;
  function follow() {
    document.querySelectorAll('[data-follow=bottom]').forEach(function (el) {
      el.scrollTop = el.scrollHeight;
    });
  }
  async function refresh() {
    if (paused || document.hidden) return;
    try {
      const reply = await fetch(location.pathname, {headers: {'X-Console-Refresh': '1'}});
      if (!reply.ok) throw new Error('HTTP ' + reply.status);
      const open = Array.from(main.querySelectorAll('details[open][id]'), (d) => d.id);
      main.innerHTML = await reply.text();
      open.forEach(function (id) {
        const details = document.getElementById(id);
        if (details) details.open = true;
      });
      follow();
      status.textContent = 'live · ' + new Date().toLocaleTimeString();
      status.className = '';
    } catch (error) {
      status.textContent = 'not updated: ' + error.message;
      status.className = 'bad';
    }
  }
  pause.addEventListener('click', function () {
    paused = !paused;
    pause.textContent = paused ? 'Resume' : 'Pause';
    status.textContent = paused ? 'paused' : 'live';
  });
  follow();
  if (every > 0) setInterval(refresh, every);
})();
"""

STYLE = """
:root { --ink: #16191f; --muted: #5f6b7a; --line: #e9ebed; --bg: #f4f5f7; --card: #fff;
  --accent: #0972d3; --bad: #d91515; --good: #1d8102; --warn: #ec7211; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: var(--bg); }
header { display: flex; align-items: center; gap: 24px; padding: 0 24px; height: 48px;
  background: #232f3e; color: #fff; position: sticky; top: 0; z-index: 1; }
.brand { font-weight: 600; white-space: nowrap; }
nav { display: flex; gap: 4px; flex-wrap: wrap; }
nav a { color: #d5dbdb; text-decoration: none; padding: 6px 10px; border-radius: 6px; }
nav a:hover { background: #37475a; color: #fff; }
nav a.active { background: #0972d3; color: #fff; }
.refresh { margin-left: auto; display: flex; gap: 8px; align-items: center; font-size: 12px;
  color: #d5dbdb; white-space: nowrap; }
.refresh button { font: inherit; border: 1px solid #687078; background: transparent;
  color: #fff; border-radius: 4px; padding: 2px 8px; cursor: pointer; }
h1 { font-size: 22px; font-weight: 600; margin: 20px 24px 8px; }
main { padding: 0 24px 40px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px;
  padding: 14px 18px; margin: 14px 0; box-shadow: 0 1px 2px rgba(0,0,0,.04); overflow-x: auto; }
.card h2 { font-size: 15px; margin: 0 0 10px; font-weight: 600; }
.count { color: var(--muted); font-weight: 400; font-size: 13px; margin-left: 6px; }
.columns { display: flex; gap: 18px; flex-wrap: wrap; align-items: flex-start; }
.columns > * { flex: 1 1 380px; min-width: 0; }
.columns > svg { flex: 0 0 auto; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 0 14px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th { text-align: left; font-weight: 600; color: var(--muted); border-bottom: 2px solid var(--line);
  padding: 6px 10px 6px 0; white-space: nowrap; }
td { border-bottom: 1px solid var(--line); padding: 6px 10px 6px 0; vertical-align: top;
  overflow-wrap: anywhere; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
a { color: var(--accent); }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px;
  font-weight: 600; background: #eaeded; color: #414d5c; white-space: nowrap; }
.badge.succeeded, .badge.created, .badge.green, .badge.passed, .badge.stopped {
  background: #d7f5dc; color: #1d6b0a; }
.badge.running, .badge.on, .badge.yellow { background: #d1e9ff; color: #0560b3; }
.badge.failed, .badge.red, .badge.unsupported, .badge.timed_out, .badge.aborted {
  background: #ffe1e1; color: #b01010; }
.badge.accepted, .badge.caught { background: #ffe9cf; color: #9a4a00; }
.badge.on { background: #ffe1e1; color: #b01010; }
.bad { color: var(--bad); font-weight: 600; }
.note, .empty, .crumbs, .lead { color: var(--muted); font-size: 13px; }
.crumbs { margin: 0 0 4px; }
pre { background: #0f1b2a; color: #d5dbdb; padding: 12px 14px; border-radius: 8px;
  font: 12px/1.5 ui-monospace, "SFMono-Regular", Menlo, monospace; overflow: auto;
  max-height: 520px; white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; }
pre.report { background: #f8f8f8; color: var(--ink); border: 1px solid var(--line); }
.figures { display: flex; gap: 14px; flex-wrap: wrap; margin: 12px 0; }
.figure { background: var(--card); border: 1px solid var(--line); border-radius: 10px;
  padding: 12px 18px; min-width: 130px; }
.figure .value { display: block; font-size: 24px; font-weight: 600; }
.figure .label { color: var(--muted); font-size: 12px; }
.progress { height: 10px; background: #eaeded; border-radius: 5px; overflow: hidden;
  margin-top: 10px; }
.progress div { height: 100%; background: var(--good); }
.message { margin: 0 0 14px; }
.message .meta { font-size: 12px; color: var(--muted); margin-bottom: 4px; }
.graph-wrap { overflow: auto; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
svg .name { font-size: 13px; font-weight: 600; fill: #16191f; }
svg .kind { font-size: 11px; font-weight: 400; fill: #5f6b7a; }
svg .caption { font-size: 11px; fill: #414d5c; }
svg .legend, svg .tick { font-size: 11px; fill: #5f6b7a; }
svg .plot-title { font-size: 12px; font-weight: 600; fill: #414d5c; }
.result-plot { max-width: 100%; margin-top: 12px; border: 1px solid var(--line);
  border-radius: 8px; }
details summary { cursor: pointer; color: var(--accent); margin: 6px 0; }
"""
