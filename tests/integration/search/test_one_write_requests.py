"""The search client's connections send each request in one write (compute.adapters.clients):
urllib3 writes a request's head and body separately, and two small segments meet the peer's
delayed ACK (a 40 ms stall on a share of searches). Checked on real sockets, against a local
HTTP server, by recording the socket writes."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import urllib3.connection

from compute.adapters.clients import search_client
from compute.adapters.one_write import OneWriteHTTPConnection

pytestmark = pytest.mark.integration


class _Echo(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""

    def _answer(self) -> None:
        body = self.rfile.read(int(self.headers.get("content-length") or 0))
        reply = json.dumps({"got": body.decode()}).encode()
        self.send_response(200)
        self.send_header("content-length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    do_GET = do_POST = _answer


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, int]]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield "127.0.0.1", httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


class _RecordingSocket:
    """The connection's socket, with each sendall recorded."""

    def __init__(self, sock: Any) -> None:
        self._sock = sock
        self.writes: list[bytes] = []

    def sendall(self, data: Any) -> None:
        self.writes.append(bytes(data))
        self._sock.sendall(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


def request(
    connection_class: type, address: tuple[str, int], method: str, body: bytes | None
) -> tuple[list[bytes], bytes]:
    conn = connection_class(*address)
    conn.connect()
    recording = _RecordingSocket(conn.sock)
    conn.sock = recording
    conn.request(
        method, "/artists/_search", body=body, headers={"content-type": "application/json"}
    )
    reply = json.loads(conn.getresponse().data)["got"].encode()
    conn.close()
    return recording.writes, reply


BODY = b'{"query": {"match_all": {}}, "size": 20}'


def test_urllib3_alone_writes_head_and_body_separately(server: tuple[str, int]) -> None:
    writes, reply = request(urllib3.connection.HTTPConnection, server, "POST", BODY)
    assert len(writes) == 2  # what the one-write connection exists to avoid
    assert reply == BODY


def test_a_request_with_a_body_is_one_write(server: tuple[str, int]) -> None:
    writes, reply = request(OneWriteHTTPConnection, server, "POST", BODY)
    assert len(writes) == 1
    head, _, body = writes[0].partition(b"\r\n\r\n")
    assert head.startswith(b"POST /artists/_search HTTP/1.1")
    assert body == BODY
    assert reply == BODY


def test_a_request_without_a_body_is_sent_when_its_answer_is_read(server: tuple[str, int]) -> None:
    writes, reply = request(OneWriteHTTPConnection, server, "GET", None)
    assert len(writes) == 1
    assert writes[0].startswith(b"GET /artists/_search HTTP/1.1") and writes[0].endswith(
        b"\r\n\r\n"
    )
    assert reply == b""


def test_one_connection_sends_several_requests_in_order(server: tuple[str, int]) -> None:
    conn = OneWriteHTTPConnection(*server)
    replies = []
    for n in range(3):
        body = f'{{"n": {n}}}'.encode()
        conn.request("POST", "/artists/_search", body=body)
        replies.append(json.loads(conn.getresponse().data)["got"])
    conn.close()
    assert replies == ['{"n": 0}', '{"n": 1}', '{"n": 2}']


def test_the_search_client_opens_one_write_connections(server: tuple[str, int]) -> None:
    host, port = server
    client = search_client(f"http://{host}:{port}", max_retries=0)
    connection = client.transport.get_connection()
    assert connection.pool.ConnectionCls is OneWriteHTTPConnection
    answer = client.transport.perform_request("POST", "/artists/_search", body={"size": 1})
    assert json.loads(answer["got"]) == {"size": 1}
