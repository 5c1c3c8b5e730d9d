"""The local cloud's servers read a request's head as http.server does: the same
HTTPMessage (names, values, order, payload, defects), the same bytes consumed, the same
limits and replies, whether `request_head` splits the headers itself or hands them to the
email parser."""

from __future__ import annotations

import http.client
import http.server
import io
from typing import Any

import pytest

from emulation.apigw.request_head import MAX_HEADERS, HeadParsing, parse_headers

HEADS = [
    b"Host: 127.0.0.1:8080\r\nUser-Agent: python-requests/2.32.3\r\nAccept-Encoding: gzip\r\n"
    b"Accept: */*\r\nConnection: keep-alive\r\n\r\n",
    b"Host: x\r\nX-Folded: a\r\n  b\r\n\r\n",  # obsolete line folding: the email parser's
    b"Host: x\r\nBad Header: y\r\nZ: 1\r\n\r\n",  # no header: the rest is the body, a defect
    b"Host: x \t \r\nX:\r\nY:   spaced  \r\n\n",  # blanks kept at the end, an empty value, LF
    b"From me\r\nHost: x\r\n\r\n",  # a unix-from line
    b"Host: a\rb\r\n\r\n",  # a bare CR splits a line in the email parser
    b"Cookie: a=1\r\nCookie: b=2\r\nContent-Length: 3\r\n\r\nabc",  # repeats; the body stays
    b":x\r\n\r\n",  # an empty name
    b"Host: x\r\n",  # EOF before the blank line
    b"",
    "X-Name: caf\u00e9\r\nHOST:y\r\n\r\n".encode("latin-1"),
]


def _state(message: http.client.HTTPMessage) -> tuple[Any, ...]:
    return (
        type(message),
        message._headers,  # type: ignore[attr-defined]
        message.get_payload(),
        [type(defect) for defect in message.defects],
        message.get_unixfrom(),
        message.preamble,
        message.epilogue,
        message.get_default_type(),
        message.get_charset(),
        sorted(vars(message)),
    )


@pytest.mark.parametrize("head", HEADS)
def test_the_same_message_and_bytes_read_as_the_stdlib(head: bytes) -> None:
    ours, theirs = io.BytesIO(head), io.BytesIO(head)
    assert _state(parse_headers(ours)) == _state(http.client.parse_headers(theirs))
    assert ours.tell() == theirs.tell()


def test_the_stdlib_limits() -> None:
    too_many = b"".join(b"X-%d: 1\r\n" % i for i in range(MAX_HEADERS + 1)) + b"\r\n"
    with pytest.raises(http.client.HTTPException, match="more than 100 headers"):
        parse_headers(io.BytesIO(too_many))
    with pytest.raises(http.client.LineTooLong):
        parse_headers(io.BytesIO(b"X: " + b"a" * 70000 + b"\r\n\r\n"))


class _Stdlib(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def __init__(self, raw: bytes) -> None:  # no socket: the parsing alone
        self.rfile = io.BytesIO(raw)
        self.wfile = io.BytesIO()
        self.client_address = ("127.0.0.1", 1)
        self.request_version = "HTTP/1.1"
        self.raw_requestline = self.rfile.readline(65537)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def written(self) -> bytes:
        assert isinstance(self.wfile, io.BytesIO)
        return self.wfile.getvalue()

    def date_time_string(self, timestamp: float | None = None) -> str:
        return "now"


class _Ours(HeadParsing, _Stdlib):
    pass


@pytest.mark.parametrize(
    "raw",
    [
        b"GET /v1/artists?q=a HTTP/1.1\r\nHost: h\r\n\r\n",
        b"GET //evil HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
        b"POST /x HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n",
        b"PUT /x HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nx",
        b"GET /x HTTP/2.0\r\n\r\n",
        b"GET /x HTTP/1.x\r\n\r\n",
        b"GET /x\r\n",
        b"POST /x\r\n",
        b"GET a b c HTTP/1.1\r\n\r\n",
        b"\r\n",
        b"GET /x HTTP/1.1\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(101)) + b"\r\n",
    ],
)
def test_parse_request_answers_as_the_stdlib(raw: bytes) -> None:
    ours, theirs = _Ours(raw), _Stdlib(raw)
    assert ours.parse_request() == theirs.parse_request()
    for name in ("command", "path", "request_version", "close_connection", "requestline"):
        assert getattr(ours, name, None) == getattr(theirs, name, None), name
    assert ours.written() == theirs.written()  # the same error reply, if any
    if hasattr(theirs, "headers"):
        assert list(ours.headers.items()) == list(theirs.headers.items())
    assert ours.rfile.tell() == theirs.rfile.tell()
