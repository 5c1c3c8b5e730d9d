"""The pipeline run's AWS calls by operation (emulation.pipeline_run.aws_calls), counted on a
real werkzeug server (moto's handler is werkzeug's) over kept-alive connections."""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Iterator

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from emulation.pipeline_run.aws_calls import AwsCallMeter, operation_of


def test_an_operation_is_named_by_its_target_its_path_or_its_signing_service() -> None:
    assert operation_of("POST", "/", {"X-Amz-Target": "DynamoDB_20120810.PutItem"}) == (
        "dynamodb:PutItem"
    )
    assert operation_of("POST", "/", {"X-Amz-Target": "AmazonSQS.ReceiveMessage"}) == (
        "sqs:ReceiveMessage"
    )
    assert operation_of("POST", "/2015-03-31/functions/fn/invocations", {}) == "lambda:Invoke"
    signed = {"Authorization": "AWS4-HMAC-SHA256 Credential=AK/20261207/us-east-1/ecs/aws4_request"}
    assert operation_of("GET", "/clusters", signed) == "ecs:GET"
    assert operation_of("POST", "/moto-api/reset", {}) == "moto-api"


def _app(environ: dict, start_response) -> list[bytes]:  # type: ignore[no-untyped-def, type-arg]
    failing = environ.get("HTTP_X_AMZ_TARGET", "").endswith("PutItem")
    start_response("400 Bad Request" if failing else "200 OK", [("Content-Length", "2")])
    return [b"{}"]


class _KeepAlive(WSGIRequestHandler):
    protocol_version = "HTTP/1.1"  # several requests on one connection, as moto's handler


def _moto_handler() -> type:
    from emulation.moto_patches.server import keep_alive_handler

    return keep_alive_handler()


@pytest.fixture(params=["werkzeug", "moto"])
def server(request: pytest.FixtureRequest) -> Iterator[int]:
    # werkzeug's own handler, and moto's as the local cloud runs it (its request head parsed
    # its own way, kept alive), which must be counted alike.
    handler = _KeepAlive if request.param == "werkzeug" else _moto_handler()
    served = make_server("127.0.0.1", 0, _app, threaded=True, request_handler=handler)
    thread = threading.Thread(target=served.serve_forever, daemon=True)
    thread.start()
    try:
        yield served.server_port
    finally:
        served.shutdown()
        thread.join(5)


def _call(connection: http.client.HTTPConnection, target: str) -> int:
    connection.request("POST", "/", body=b"{}", headers={"X-Amz-Target": target})
    reply = connection.getresponse()
    reply.read()
    return reply.status


def test_calls_are_counted_by_operation_with_their_errors_only_while_counting(
    server: int,
) -> None:
    own = {n: vars(WSGIRequestHandler).get(n) for n in ("handle_one_request", "send_response")}
    meter = AwsCallMeter()
    with meter:
        connection = http.client.HTTPConnection("127.0.0.1", server, timeout=5)
        _call(connection, "DynamoDB_20120810.GetItem")  # before restart: the deploy's
        meter.restart()
        assert _call(connection, "DynamoDB_20120810.PutItem") == 400
        for _ in range(3):
            assert _call(connection, "AmazonSQS.SendMessageBatch") == 200
        connection.close()
        # the server thread counts a request after its reply is written: wait for it
        for _ in range(100):
            if meter.figures(studios=2)["calls"] >= 4:
                break
            threading.Event().wait(0.02)
    figures = meter.figures(studios=2)
    assert (
        figures["calls"] == 4
    )  # the GetItem answered before restart is not counted, nor the close
    assert figures["by_operation"]["sqs:SendMessageBatch"]["calls"] == 3
    assert figures["by_operation"]["sqs:SendMessageBatch"]["per_studio"] == 1.5
    assert figures["by_operation"]["sqs:SendMessageBatch"]["errors"] == 0
    assert figures["by_operation"]["dynamodb:PutItem"]["errors"] == 1
    assert "dynamodb:GetItem" not in figures["by_operation"]
    assert figures["by_service"] == {"sqs": 3, "dynamodb": 1}
    assert figures["cloud_cpu_s"] >= 0
    # uninstalled: werkzeug's handler is as it was
    assert {n: vars(WSGIRequestHandler).get(n) for n in own} == own


def test_the_costliest_operations_are_listed_and_the_rest_summed() -> None:
    meter = AwsCallMeter()
    meter.record("dynamodb:Early", cpu_s=9.0, status=200, began=time.monotonic())  # not counting
    meter.restart()
    for n in range(5):
        meter.record(f"dynamodb:Op{n}", cpu_s=float(n), status=200, began=time.monotonic())
    figures = meter.figures(studios=1, top=2)
    assert list(figures["by_operation"]) == ["dynamodb:Op4", "dynamodb:Op3", "other"]
    assert figures["by_operation"]["other"]["calls"] == 3
    assert figures["by_operation"]["other"]["cloud_cpu_s"] == 3.0
