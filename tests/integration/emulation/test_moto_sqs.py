"""The local cloud's SQS receive (emulation.aws.install_fast_moto_sqs_retention): messages within
the queue's retention period are received, older ones are not, as before the patch."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from emulation.aws import ACCOUNT_ID, REGION, MotoServer

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def sqs(aws_env: None) -> Iterator[Any]:
    server = MotoServer()
    server.start()
    yield server.client("sqs")
    server.stop()


def test_receive_keeps_the_retention_period(sqs: Any) -> None:
    from moto.sqs.models import SQSBackend, sqs_backends

    assert getattr(SQSBackend, "_local_cloud_fast_retention", False) is True
    url = sqs.create_queue(QueueName="retention", Attributes={"MessageRetentionPeriod": "60"})[
        "QueueUrl"
    ]
    for n in range(3):
        sqs.send_message(QueueUrl=url, MessageBody=f"job-{n}")
    queue = sqs_backends[ACCOUNT_ID][REGION].get_queue("retention")
    # The last message was sent 61 s ago: past the queue's 60 s retention (moto stops there).
    queue._messages[2].sent_timestamp -= 61_000
    received = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
    assert sorted(m["Body"] for m in received) == ["job-0", "job-1"]
