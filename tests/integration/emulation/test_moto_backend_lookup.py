"""The local cloud's backend lookup (moto_patches.install_fast_moto_backend_lookup): an account
moto already holds is found without moto's shared lock; a missing one (after a reset) is still
created and registered, so the next reset clears it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from emulation import moto_patches
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


def test_a_missing_account_is_created_and_registered_so_a_reset_clears_it(aws_env: None) -> None:
    """On a BackendDict of its own: a reset or a change to the shared dicts would wipe every
    other in-process cloud's resources in this test session (the edges cloud's did)."""
    from moto.core.base_backend import BackendDict
    from moto.sqs.models import SQSBackend

    moto_patches.install_fast_moto_backend_lookup()
    own = BackendDict(SQSBackend, "sqs")
    account = "210987654321"
    assert account not in dict(own)

    created = own[account]  # missing: moto's path creates it

    assert dict.get(own, account) is created
    assert own[account] is created  # present: found without the lock
    assert own in BackendDict._instances  # registered, so the next reset clears it
    assert REGION in created
