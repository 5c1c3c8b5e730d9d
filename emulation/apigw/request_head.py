"""A request's head read as `http.server` reads it, without the email parser for plain headers.

The local cloud's HTTP servers (the API gateway, moto's kept-alive handler) are stdlib
`BaseHTTPRequestHandler`s, whose `parse_request` hands the header block to
`http.client.parse_headers`, i.e. to `email.parser`'s feed parser: ~40-60 us of CPU for a
request's half a dozen headers, on every API request and every GetItem under it, in the
process every request goes through. `HeadParsing.parse_request` is the stdlib's (Python 3.11,
kept line for line) with one change: a header block of plain `Name: value` lines becomes the
same `http.client.HTTPMessage` the email parser builds (same names and values, in order, and
the same payload), split here. Anything else (a folded continuation line, a line that is no
header, a bare CR or LF inside a value, a first line starting `From `) goes to the email
parser as before, so its quirks and defects stay exactly as they were. The limits are the
stdlib's: a line over 65,536 bytes is 431 "Line too long", more than 100 headers is 431 "Too
many headers".
"""

from __future__ import annotations

import email.parser
import http.client
import http.server
import re
from http import HTTPStatus
from typing import Any

# http.client's limits for a header line and for the number of headers.
MAX_LINE = 65536
MAX_HEADERS = 100
# The feed parser takes a line as a header when it starts with a name of these characters and
# a colon (email.feedparser.headerRE); a name must not be empty here, so ":x" is its to judge.
_PLAIN_FIELD = re.compile(rb"[\041-\071\073-\176]+:")
_ENDS = (b"\r\n", b"\n", b"")


def read_header_lines(fp: Any) -> list[bytes]:
    """The header block's lines up to and including the blank line (or EOF), with
    http.client's limits (`http.client._read_headers`)."""
    headers: list[bytes] = []
    while True:
        line = fp.readline(MAX_LINE + 1)
        if len(line) > MAX_LINE:
            raise http.client.LineTooLong("header line")
        headers.append(line)
        if len(headers) > MAX_HEADERS:
            raise http.client.HTTPException(f"got more than {MAX_HEADERS} headers")
        if line in _ENDS:
            return headers


def parse_headers(fp: Any, _class: type = http.client.HTTPMessage) -> http.client.HTTPMessage:
    """`http.client.parse_headers(fp, _class)`: the same message, plain headers split here."""
    lines = read_header_lines(fp)
    fields: list[tuple[str, str]] = []
    for line in lines:
        if line in _ENDS:
            break
        if _PLAIN_FIELD.match(line) is None:
            return _email_parsed(lines, _class)
        name, _, value = line.decode("iso-8859-1").partition(":")
        # email's compat32 policy: leading blanks off, the line ending off, nothing else.
        value = value.lstrip(" \t").rstrip("\r\n")
        if "\r" in value or "\n" in value:  # the feed parser splits lines at a bare CR or LF
            return _email_parsed(lines, _class)
        fields.append((name, value))
    message: http.client.HTTPMessage = _class()
    for name, value in fields:
        message[name] = value  # compat32 stores (name, value) as given, as set_raw does
    message.set_payload("")  # what the feed parser leaves after an empty body
    return message


def _email_parsed(lines: list[bytes], _class: type) -> http.client.HTTPMessage:
    text = b"".join(lines).decode("iso-8859-1")
    parsed: http.client.HTTPMessage = email.parser.Parser(_class=_class).parsestr(text)
    return parsed


class HeadParsing(http.server.BaseHTTPRequestHandler):
    """A `BaseHTTPRequestHandler` whose `parse_request` reads headers with `parse_headers`
    (put it first among a handler's bases)."""

    def parse_request(self) -> bool:
        """http.server.BaseHTTPRequestHandler.parse_request (Python 3.11), headers read by
        `parse_headers`."""
        self.command = None  # type: ignore[assignment]  # set in case of error on the first line
        self.request_version = version = self.default_request_version
        self.close_connection = True
        requestline = str(self.raw_requestline, "iso-8859-1")  # type: ignore[attr-defined]
        requestline = requestline.rstrip("\r\n")
        self.requestline = requestline
        words = requestline.split()
        if len(words) == 0:
            return False

        if len(words) >= 3:  # Enough to determine protocol version
            version = words[-1]
            try:
                if not version.startswith("HTTP/"):
                    raise ValueError
                base_version_number = version.split("/", 1)[1]
                version_parts = base_version_number.split(".")
                if len(version_parts) != 2:
                    raise ValueError
                if any(not component.isdigit() for component in version_parts):
                    raise ValueError("non digit in http version")
                if any(len(component) > 10 for component in version_parts):
                    raise ValueError("unreasonable length http version")
                version_number = int(version_parts[0]), int(version_parts[1])
            except (ValueError, IndexError):
                self.send_error(HTTPStatus.BAD_REQUEST, f"Bad request version ({version!r})")
                return False
            if version_number >= (1, 1) and self.protocol_version >= "HTTP/1.1":
                self.close_connection = False
            if version_number >= (2, 0):
                self.send_error(
                    HTTPStatus.HTTP_VERSION_NOT_SUPPORTED,
                    f"Invalid HTTP version ({base_version_number})",
                )
                return False
            self.request_version = version

        if not 2 <= len(words) <= 3:
            self.send_error(HTTPStatus.BAD_REQUEST, f"Bad request syntax ({requestline!r})")
            return False
        command, path = words[:2]
        if len(words) == 2:
            self.close_connection = True
            if command != "GET":
                self.send_error(HTTPStatus.BAD_REQUEST, f"Bad HTTP/0.9 request type ({command!r})")
                return False
        self.command, self.path = command, path

        # gh-87389: The purpose of replacing '//' with '/' is to protect
        # against open redirect attacks possibly triggered if the path starts
        # with '//' because http clients treat //path as an absolute URI
        # without scheme (similar to http://path) rather than a path.
        if self.path.startswith("//"):
            self.path = "/" + self.path.lstrip("/")  # Reduce to a single /

        # Examine the headers and look for a Connection directive.
        try:
            self.headers = parse_headers(self.rfile, _class=self.MessageClass)
        except http.client.LineTooLong as err:
            self.send_error(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Line too long", str(err))
            return False
        except http.client.HTTPException as err:
            self.send_error(
                HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Too many headers", str(err)
            )
            return False

        conntype = self.headers.get("Connection", "")
        if conntype.lower() == "close":
            self.close_connection = True
        elif conntype.lower() == "keep-alive" and self.protocol_version >= "HTTP/1.1":
            self.close_connection = False
        # Examine the headers and look for an Expect directive
        expect = self.headers.get("Expect", "")
        return not (
            expect.lower() == "100-continue"
            and self.protocol_version >= "HTTP/1.1"
            and self.request_version >= "HTTP/1.1"
            and not self.handle_expect_100()
        )
