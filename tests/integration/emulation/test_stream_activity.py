"""Stream pollers sleep until moto appends a record (moto_patches.STREAM_ACTIVITY): a write to a
table with a stream, through this process's moto server, is seen; a wait ends on it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from emulation.aws import MotoServer
from emulation.moto_patches import STREAM_ACTIVITY, StreamActivity

pytestmark = pytest.mark.integration

TABLE = "stream-activity"


@pytest.fixture(scope="module")
def server(aws_env: None) -> Iterator[MotoServer]:
    moto = MotoServer()
    moto.start()
    moto.client("dynamodb").create_table(
        TableName=TABLE,
        AttributeDefinitions=[{"AttributeName": "PK", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )
    yield moto
    moto.stop()


def test_a_write_through_the_in_process_server_is_seen(server: MotoServer) -> None:
    assert STREAM_ACTIVITY.observes(server.endpoint)
    assert STREAM_ACTIVITY.observes(server.endpoint + "/")
    before = STREAM_ACTIVITY.seen()
    server.client("dynamodb").put_item(TableName=TABLE, Item={"PK": {"S": "a"}})
    assert STREAM_ACTIVITY.seen() != before


def test_a_waiting_poller_wakes_on_the_write(server: MotoServer) -> None:
    since = STREAM_ACTIVITY.seen()
    woke: list[int] = []

    def wait() -> None:
        STREAM_ACTIVITY.wait(since, timeout_s=60.0)
        woke.append(STREAM_ACTIVITY.seen())

    waiter = threading.Thread(target=wait)
    waiter.start()
    server.client("dynamodb").put_item(TableName=TABLE, Item={"PK": {"S": "b"}})
    waiter.join(timeout=30.0)
    assert woke and woke[0] != since, "the wait did not end on the write"


def test_an_endpoint_it_does_not_serve_is_polled() -> None:
    activity = StreamActivity()
    assert not activity.observes("http://127.0.0.1:9")
    activity.serve("http://127.0.0.1:9")
    assert activity.observes("http://127.0.0.1:9/")
    activity.unserve("http://127.0.0.1:9")
    assert not activity.observes("http://127.0.0.1:9")


def test_a_wait_with_nothing_new_ends_at_its_timeout() -> None:
    activity = StreamActivity()
    activity.wait(activity.seen(), timeout_s=0.01)  # returns: nothing to wait for forever
    activity.notify()
    marks: list[Any] = []
    activity.wait(0, timeout_s=60.0)  # a mark already passed returns at once
    marks.append(activity.seen())
    assert marks == [1]
