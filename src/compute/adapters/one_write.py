"""HTTP connections that send a request's head and body in one write, for the search client
(`search.connection`). A module of its own: http.client (~6 ms at import: the email parser)
loads with the first search client, not with the API handler's cold start."""

from __future__ import annotations

import http.client
import socket
from typing import Any


class _OneWrite:
    """Sends a request's head and body in one write (urllib3 writes them separately).

    A head and body in two small TCP segments meet the peer's delayed ACK: on loopback to the
    OpenSearch node, 7 % of searches waited 40 ms even with TCP_NODELAY, and none did with one
    write (`sendall` of the whole request). botocore coalesces its own requests the same way;
    http.client, as urllib3 did over it, writes them separately.
    The head is held until the body's first chunk, or until the response is read."""

    _hold_head = False
    _held = b""

    def endheaders(self, message_body: Any = None, *, encode_chunked: bool = False) -> None:
        self._hold_head = True
        super().endheaders(message_body, encode_chunked=encode_chunked)  # type: ignore[misc]

    def send(self, data: Any) -> None:
        if self._hold_head:
            self._hold_head = False
            self._held = bytes(data)
            return
        if self._held:
            held, self._held = self._held, b""
            if isinstance(data, bytes | bytearray | memoryview):
                data = held + bytes(data)
            else:
                super().send(held)  # type: ignore[misc]
        super().send(data)  # type: ignore[misc]

    def getresponse(self) -> Any:
        if self._held:  # a request without a body: its head goes now
            held, self._held = self._held, b""
            super().send(held)  # type: ignore[misc]
        return super().getresponse()  # type: ignore[misc]


class _NoDelay:
    """TCP_NODELAY on connect, as urllib3 sets it on every connection."""

    def connect(self) -> None:
        super().connect()  # type: ignore[misc]
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # type: ignore[attr-defined]


class OneWriteHTTPConnection(_OneWrite, _NoDelay, http.client.HTTPConnection):
    """http.client's connection, TCP_NODELAY, each request in one write."""


class OneWriteHTTPSConnection(_OneWrite, _NoDelay, http.client.HTTPSConnection):
    """http.client's TLS connection, TCP_NODELAY, each request in one write (one TLS record)."""
