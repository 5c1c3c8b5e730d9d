"""The local cloud's backend lookup (moto_patches.install_fast_moto_backend_lookup): an account
moto already holds is found without moto's shared lock; a missing one (after a reset) is still
created and registered, so the next reset clears it."""

from __future__ import annotations

import threading
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


def test_a_present_account_is_found_while_another_thread_holds_the_lock(sqs: Any) -> None:
    from moto.core.base_backend import backend_lock
    from moto.sqs.models import sqs_backends

    sqs.create_queue(QueueName="lookup")
    found: list[Any] = []
    lookup = threading.Thread(target=lambda: found.append(sqs_backends[ACCOUNT_ID]))
    with backend_lock:  # as a thread creating another account's backends would
        lookup.start()
        lookup.join(timeout=2.0)
        waited = lookup.is_alive()
    lookup.join()
    assert not waited, "the lookup queued on moto's backend lock"
    assert "lookup" in found[0][REGION].queues


def test_a_reset_account_is_created_again_and_registered(sqs: Any) -> None:
    from moto.core.base_backend import BackendDict
    from moto.sqs.models import sqs_backends

    sqs.create_queue(QueueName="before-reset")
    BackendDict.reset()
    assert ACCOUNT_ID not in dict(sqs_backends)
    assert sqs.list_queues().get("QueueUrls", []) == []
    sqs.create_queue(QueueName="after-reset")
    assert sqs_backends in BackendDict._instances  # the next reset clears it
    assert list(sqs_backends[ACCOUNT_ID][REGION].queues) == ["after-reset"]
