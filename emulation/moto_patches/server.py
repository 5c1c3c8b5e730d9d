"""moto's server: backend lookup without the shared lock, request dispatch computed once, and
kept-alive connections."""

from __future__ import annotations

import functools
import socket
from typing import Any


def install_fast_moto_backend_lookup() -> None:
    """moto 5.2.5 looks up an account's backends (`BackendDict[account]`, several times a
    request: the IAM visit every request records, then the service's own) under one lock all
    request threads share, listing the dict's keys and comparing the dict with every other
    in-use one on each lookup; under a scrape's load the threads queue on that lock. An account
    already present is returned at once (a dict read is atomic); a missing one still takes
    moto's path, which creates and registers it under the lock. A reset empties every dict it
    registered, so no lookup finds an account moto forgot."""
    from moto.core.base_backend import BackendDict

    if getattr(BackendDict, "_local_cloud_fast_lookup", False):
        return
    create_and_get = BackendDict.__getitem__

    def lookup(self: Any, account_id: str) -> Any:
        found = dict.get(self, account_id)
        return found if found is not None else create_and_get(self, account_id)

    BackendDict.__getitem__ = lookup  # type: ignore[method-assign]
    setattr(BackendDict, "_local_cloud_fast_lookup", True)  # noqa: B010 - a marker on moto's class


def install_fast_moto_dispatch() -> None:
    """moto 5.2.5 lists its package directory (an `isdir` per service, ~150) to route every
    request, inside the server's one dispatch lock, and walks each response class with
    `inspect.getmembers` on every call. Neither answer changes while the process runs, so both are
    computed once: that was most of moto's per-request CPU on the API's hot path."""
    import moto.backends as backends
    import moto.core.responses as responses
    import moto.core.utils as utils

    if getattr(backends, "_local_cloud_fast_dispatch", False):
        return
    modules = tuple(backends.list_of_moto_modules())
    backends.list_of_moto_modules = lambda: modules
    method_names = functools.cache(utils.method_names_from_class)
    utils.method_names_from_class = method_names
    responses.method_names_from_class = method_names  # type: ignore[attr-defined]
    backends._local_cloud_fast_dispatch = True  # type: ignore[attr-defined]


# DynamoDB data-plane replies (and stream reads) are already in wire shape once moto has turned its
# DynamoType values into dicts; these skip moto's generic, shape-walking serializer.


KEEP_ALIVE_IDLE_S = 120.0


def keep_alive_handler() -> type:
    """moto's request handler with HTTP/1.1 keep-alive.

    werkzeug's development server closes every connection after one reply (it cannot drain an
    unread request body before the next request line), so each AWS call opened a TCP
    connection and started a server thread: on the API's hot path that was a connect, an
    accept and a thread per GetItem. This handler reads the body (Content-Length) before moto
    sees it, so nothing is left unread, and keeps the connection open. Requests it cannot
    frame that way (chunked bodies, `Expect: 100-continue`) keep werkzeug's close."""
    import io

    from moto.moto_server.werkzeug_app import MotoRequestHandler

    from emulation.apigw.request_head import HeadParsing
    from emulation.moto_patches.dynamodb_get import answer, plain_get_item

    # HeadParsing: the request's head as http.server reads it, plain headers without the email
    # parser (~half of what reading a GetItem's head cost).
    class KeepAliveMotoRequestHandler(HeadParsing, MotoRequestHandler):
        timeout = KEEP_ALIVE_IDLE_S
        # A reply's head and body leave in one write: on a kept-alive connection, two small
        # segments meet the client's delayed ACK (40 ms a call, measured).
        wbufsize = 64 * 1024
        _keep_alive = False

        def setup(self) -> None:
            super().setup()
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            connections = getattr(self.server, "local_cloud_connections", None)
            if connections is not None:
                connections.add(self.connection)

        def finish(self) -> None:
            connections = getattr(self.server, "local_cloud_connections", None)
            if connections is not None:
                connections.discard(self.connection)
            super().finish()

        def run_wsgi(self) -> None:
            headers = self.headers
            framed = (
                "chunked" not in headers.get("Transfer-Encoding", "").lower()
                and not headers.get("Expect")
                and headers.get("Content-Length", "0").isdigit()
            )
            wire, self._keep_alive = self.rfile, framed
            if framed:
                body = wire.read(int(headers.get("Content-Length", "0")))
                if plain_get_item(self.command, self.path, headers) and self._answered(body):
                    return
                self.rfile = io.BytesIO(body)
            try:
                super().run_wsgi()
            finally:
                self.rfile = wire
                self.wfile.flush()  # werkzeug writes a chunked reply's last chunk unflushed

        def _answered(self, body: bytes) -> bool:
            """A plain GetItem answered here (`dynamodb_get`), as moto's path would answer it."""
            reply = answer(self.headers.get("Host", ""), self.headers, body)
            if reply is None:
                return False
            headers, text = reply
            self.send_response(200)
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(text)
            self.wfile.flush()
            return True

        def send_header(self, keyword: str, value: str) -> None:
            if self._keep_alive and keyword.lower() == "connection" and value.lower() == "close":
                return  # werkzeug's unconditional close; the body was read in full
            super().send_header(keyword, value)

        def log_error(self, format: str, *args: Any) -> None:
            if not format.startswith("Request timed out"):  # an idle kept connection closing
                super().log_error(format, *args)

    return KeepAliveMotoRequestHandler


def install_moto_keep_alive() -> None:
    """ThreadedMotoServer builds its server with `keep_alive_handler()`'s handler."""
    import moto.moto_server.threaded_moto_server as threaded

    if getattr(threaded, "_local_cloud_keep_alive", False):
        return
    threaded.MotoRequestHandler = keep_alive_handler()  # type: ignore[attr-defined,assignment]
    threaded._local_cloud_keep_alive = True  # type: ignore[attr-defined]
