"""The control endpoint of a running local cloud: how `compute-local` commands in another
process reach it (fire a rule, invoke a function, read the GC and pool counters).

Transport only: POST /<action> with a JSON body, answered with JSON; the cloud says what each
action does. Bound to 127.0.0.1 on a free port.
"""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

# path, body -> reply; KeyError for an unknown action (404), any other error is a 500.
Action = Callable[[str, dict[str, Any]], Any]


class ControlServer:
    """A threaded HTTP server answering POSTs with `act(path, body)`."""

    def __init__(self, act: Action) -> None:
        self.act = act
        self._server: http.server.ThreadingHTTPServer | None = None
        self.url: str | None = None

    def start(self) -> str:
        act = self.act

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: the CLI prints what matters."""

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                try:
                    status, reply = 200, act(self.path, body)
                except KeyError as exc:
                    status, reply = 404, {"error": str(exc)}
                except Exception as exc:
                    status, reply = 500, {"error": repr(exc)}
                data = json.dumps(reply, default=str).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        self._server = server
        self.url = f"http://127.0.0.1:{server.server_address[1]}"
        threading.Thread(target=server.serve_forever, name="control", daemon=True).start()
        return self.url

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()


def plain(value: Any) -> Any:
    """InvokeResult and other dataclasses as JSON-ready dicts."""
    if hasattr(value, "__dataclass_fields__"):
        return asdict(value)
    return value
