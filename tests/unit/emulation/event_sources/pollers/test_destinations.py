"""Where a poller sends what it cannot deliver: queue URLs from ARNs, and only SQS or SNS."""

from __future__ import annotations

import pytest

from emulation.event_sources.pollers import queue_url_from_arn, send_to_destination
from emulation.event_sources.semantics import MappingError


def test_a_queue_url_is_the_endpoint_account_and_name() -> None:
    arn = "arn:aws:sqs:eu-west-2:123456789012:sync-failures"
    assert (
        queue_url_from_arn(arn, "http://127.0.0.1:5000/")
        == "http://127.0.0.1:5000/123456789012/sync-failures"
    )


def test_a_destination_that_is_neither_sqs_nor_sns_is_refused() -> None:
    with pytest.raises(MappingError, match="not SQS or SNS"):
        send_to_destination(
            "http://127.0.0.1:1", "arn:aws:lambda:eu-west-2:123456789012:function:f", {}
        )
