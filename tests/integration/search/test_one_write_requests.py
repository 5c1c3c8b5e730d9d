"""The search client's connections send each request in one write (compute.adapters.clients):
http.client (and urllib3 over it) writes a request's head and body separately, and two small
segments meet the peer's delayed ACK (a 40 ms stall on a share of searches). Checked on real
sockets, against a local HTTP server, by recording the socket writes. And the client's
connection (`search.connection.KeptHTTPConnection`, http.client kept per thread instead of
urllib3's pool) fails, retries and reconnects as opensearch-py's urllib3 connection does."""

from __future__ import annotations

import http.client
import http.server
import json
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from opensearchpy import ConnectionError as SearchConnectionError
from opensearchpy import ConnectionTimeout, NotFoundError, TransportError

from compute.adapters.clients import search_client
from compute.adapters.one_write import OneWriteHTTPConnection
from compute.adapters.search.connection import KeptHTTPConnection
from compute.adapters.search.errors import is_transient

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
    reply = json.loads(conn.getresponse().read())["got"].encode()
    conn.close()
    return recording.writes, reply


BODY = b'{"query": {"match_all": {}}, "size": 20}'


def test_http_client_alone_writes_head_and_body_separately(server: tuple[str, int]) -> None:
    writes, reply = request(http.client.HTTPConnection, server, "POST", BODY)
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
        replies.append(json.loads(conn.getresponse().read())["got"])
    conn.close()
    assert replies == ['{"n": 0}', '{"n": 1}', '{"n": 2}']


def test_the_search_client_sends_each_request_in_one_write_on_a_kept_connection(
    server: tuple[str, int],
) -> None:
    host, port = server
    client = search_client(f"http://{host}:{port}", max_retries=0)
    connection = client.transport.get_connection()
    assert isinstance(connection, KeptHTTPConnection)
    answer = client.transport.perform_request("POST", "/artists/_search", body={"size": 1})
    kept = connection._local.connection
    assert isinstance(kept, OneWriteHTTPConnection)
    assert kept.sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
    recording = _RecordingSocket(kept.sock)
    kept.sock = recording
    again = client.transport.perform_request("POST", "/artists/_search", body={"size": 2})
    assert json.loads(answer["got"]) == {"size": 1} and json.loads(again["got"]) == {"size": 2}
    assert len(recording.writes) == 1 and connection._local.connection is kept


class _Scripted(http.server.BaseHTTPRequestHandler):
    """Answers by path: /missing 404 with OpenSearch's error body, /slow after 2 s, /close
    closes the connection after its reply, anything else 200 with a Warning header."""

    protocol_version = "HTTP/1.1"
    connections: list[int] = []

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""

    def setup(self) -> None:
        super().setup()
        _Scripted.connections.append(self.client_address[1])

    def do_GET(self) -> None:
        if self.path.startswith("/slow"):
            time.sleep(2.0)
        status, body = 200, b'{"ok": true}'
        if self.path.startswith("/missing"):
            status = 404
            body = b'{"error": {"type": "index_not_found_exception", "reason": "no such index"}}'
        self.send_response(status)
        self.send_header("content-type", "application/json; charset=UTF-8")
        self.send_header("content-length", str(len(body)))
        if self.path.startswith("/close"):
            self.send_header("connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture()
def scripted() -> Iterator[str]:
    _Scripted.connections = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Scripted)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_an_error_status_is_opensearch_pys_error_for_it(scripted: str) -> None:
    client = search_client(scripted, max_retries=0)
    with pytest.raises(NotFoundError) as raised:
        client.transport.perform_request("GET", "/missing")
    assert raised.value.status_code == 404
    assert raised.value.error == "index_not_found_exception"
    assert client.transport.perform_request("GET", "/missing", params={"ignore": 404})
    assert not is_transient(raised.value)


def test_a_closed_kept_connection_is_replaced_before_the_next_request(scripted: str) -> None:
    client = search_client(scripted, max_retries=0)
    assert client.transport.perform_request("GET", "/close") == {"ok": True}
    time.sleep(0.1)  # the server has closed it
    assert client.transport.perform_request("GET", "/a") == {"ok": True}
    assert client.transport.perform_request("GET", "/b") == {"ok": True}
    assert len(_Scripted.connections) == 2  # one after the close, then kept


def test_unreachable_and_slow_fail_as_with_urllib3(scripted: str) -> None:
    with socket.socket() as spare:
        spare.bind(("127.0.0.1", 0))
        closed_port = spare.getsockname()[1]
    refused = search_client(f"http://127.0.0.1:{closed_port}", max_retries=0)
    with pytest.raises(SearchConnectionError) as down:
        refused.transport.perform_request("GET", "/")
    assert not isinstance(down.value, ConnectionTimeout) and is_transient(down.value)
    slow = search_client(scripted, max_retries=0, timeout_s=0.5)
    with pytest.raises(ConnectionTimeout) as timed_out:
        slow.transport.perform_request("GET", "/slow")
    assert is_transient(timed_out.value)
    assert slow.transport.perform_request("GET", "/after") == {"ok": True}  # a new connection
    assert isinstance(timed_out.value, TransportError)
