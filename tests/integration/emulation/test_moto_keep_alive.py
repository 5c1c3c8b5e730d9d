"""moto's server keeps connections alive (moto_patches.keep_alive_handler): AWS calls reuse one
TCP connection instead of a connect, an accept and a server thread each, requests it cannot
frame still work (and close), and a stopped server answers nothing on a kept connection."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from emulation.aws import MotoServer

pytestmark = pytest.mark.integration

LIST_TABLES = {
    "X-Amz-Target": "DynamoDB_20120810.ListTables",
    "Content-Type": "application/x-amz-json-1.0",
    "Authorization": (
        "AWS4-HMAC-SHA256 Credential=testing/20261206/eu-west-2/dynamodb/aws4_request, "
        "SignedHeaders=host, Signature=0"
    ),
}


@pytest.fixture
def server(aws_env: None) -> Iterator[MotoServer]:
    moto = MotoServer()
    moto.start()
    yield moto
    moto.stop()


def _connection(server: MotoServer) -> http.client.HTTPConnection:
    parts = urlsplit(server.endpoint)
    return http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)


def _list_tables(connection: http.client.HTTPConnection, **headers: str) -> tuple[int, str]:
    connection.request("POST", "/", body=b"{}", headers={**LIST_TABLES, **headers})
    response = connection.getresponse()
    assert "TableNames" in json.loads(response.read())  # moto's state is per process, shared
    return response.status, response.getheader("Connection", "")


def test_calls_reuse_one_connection(server: MotoServer) -> None:
    connection = _connection(server)
    assert _list_tables(connection) == (200, "")
    first = connection.sock
    assert _list_tables(connection) == (200, "")
    assert connection.sock is first  # http.client reconnects when the server closed it
    connection.close()


def test_a_boto3_client_answers_many_calls_over_kept_connections(server: MotoServer) -> None:
    dynamodb = server.client("dynamodb")
    for _ in range(20):
        assert "TableNames" in dynamodb.list_tables()


def test_a_request_it_cannot_frame_is_answered_and_closed(server: MotoServer) -> None:
    connection = _connection(server)
    connection.putrequest("POST", "/")
    for name, value in LIST_TABLES.items():
        connection.putheader(name, value)
    connection.putheader("Transfer-Encoding", "chunked")
    connection.endheaders()
    connection.send(b"2\r\n{}\r\n0\r\n\r\n")
    response = connection.getresponse()
    assert response.status == 200
    assert "TableNames" in json.loads(response.read())
    assert response.getheader("Connection") == "close"
    connection.close()


def test_a_stopped_server_closes_its_kept_connections(server: MotoServer) -> None:
    connection = _connection(server)
    _list_tables(connection)
    kept = connection.sock
    server.stop()
    kept.settimeout(5)
    assert kept.recv(1) == b""  # closed by the server, not left answering
    connection.close()
