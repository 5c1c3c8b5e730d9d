"""Metrics and log lines the local cloud ships into the moto of its own process go into moto's
backends directly (no botocore serialisation, no HTTP, no parsing: on the API's hot path that
was more of the cloud's CPU than the gateway's work); moto then holds exactly what the same call
over HTTP leaves. Against an endpoint this process does not serve, the calls go over HTTP."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

import emulation.aws
from emulation.alarms.metrics import Datum, MetricPublisher
from emulation.aws import ACCOUNT_ID, REGION, MotoServer, in_process_moto
from emulation.logs import LogShipper

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def endpoint(aws_env: None) -> Iterator[str]:
    server = MotoServer()
    server.start()
    yield server.endpoint
    server.stop()


def over_http(endpoint: str) -> str:
    """The same server under a name this process does not know it serves."""
    return endpoint.replace("127.0.0.1", "localhost")


def stored_metrics(namespace: str) -> list[tuple[Any, ...]]:
    from moto.cloudwatch.models import cloudwatch_backends

    data: list[Any] = list(cloudwatch_backends[ACCOUNT_ID][REGION].metric_data)
    return sorted(
        (
            d.name,
            d.timestamp,
            d.timestamp.tzinfo,
            tuple((x.name, x.value) for x in d.dimensions),
            d.unit,
            d.min,
            d.max,
            d.sample_count,
            d.sum,
            tuple(d.values),
            tuple(d.counts),
        )
        for d in data
        if d.namespace == namespace
    )


def test_metrics_put_in_process_are_what_moto_stores_over_http(endpoint: str) -> None:
    assert in_process_moto(endpoint) and not in_process_moto(over_http(endpoint))
    now = time.time()
    for path, url in (("direct", endpoint), ("http", over_http(endpoint))):
        publisher = MetricPublisher(url, interval_s=3600)
        try:
            for value in (1.5, 2.25, 1.5, 9.0):
                publisher.put(
                    Datum(f"Local/{path}", "Duration", {"Fn": "f"}, value, "Seconds", now)
                )
            publisher.put(Datum(f"Local/{path}", "Count", {}, 1.0, "Count", now - 1))
            publisher.flush()
            # The direct path builds no client: nothing went through botocore or HTTP.
            assert (publisher._client is None) == (path == "direct")
        finally:
            publisher.close()
    direct, http = stored_metrics("Local/direct"), stored_metrics("Local/http")
    assert direct and direct == http


class CountingClients:
    """emulation.aws.client, with each client's PutLogEvents calls counted."""

    def __init__(self) -> None:
        self.put_log_events = 0
        self._make = emulation.aws.client

    def __call__(self, service: str, endpoint_url: str | None = None, **config: Any) -> Any:
        made = self._make(service, endpoint_url, **config)
        counter = self

        class Counted:
            def __getattr__(self, name: str) -> Any:
                return getattr(made, name)

            def put_log_events(self, **kwargs: Any) -> Any:
                counter.put_log_events += 1
                return made.put_log_events(**kwargs)

        return Counted()


def test_log_lines_put_in_process_are_what_moto_stores_over_http(
    endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from moto.logs.models import logs_backends

    lines = ["START RequestId: 1", '{"level":"INFO","message":"Zoë ✓"}', "", "END RequestId: 1"]
    calls = {}
    for path, url in (("direct", endpoint), ("http", over_http(endpoint))):
        clients = CountingClients()
        monkeypatch.setattr(emulation.aws, "client", clients)
        shipper = LogShipper(url)
        try:
            shipper.ship(f"/local/{path}", "stream", lines)
            shipper.ship(f"/local/{path}", "stream", lines[:1])
            assert shipper.flush(30)
        finally:
            shipper.close()
        calls[path] = clients.put_log_events
    assert calls == {"direct": 0, "http": 1}
    groups = logs_backends[ACCOUNT_ID][REGION].groups

    def events(path: str) -> list[tuple[Any, ...]]:
        stream = groups[f"/local/{path}"].streams["stream"]
        return [(e.timestamp, e.message) for e in stream.events]

    assert [m for _, m in events("direct")] == [line for line in lines + lines[:1] if line]
    assert [m for _, m in events("direct")] == [m for _, m in events("http")]
    logs = emulation.aws.client("logs", endpoint)
    read = logs.get_log_events(logGroupName="/local/direct", logStreamName="stream")
    assert [e["message"] for e in read["events"]] == [m for _, m in events("direct")]
