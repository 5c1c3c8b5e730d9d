"""The deploy integration tests again, against LocalStack (Testcontainers) where Docker runs.

Without a Docker engine every test here skips within a second, saying why; CI has no Docker.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from emulation.localstack import LOCALSTACK_ACCOUNT_ID, LocalStack, docker_status
from tests.integration.emulation.test_deploy import (  # the same tests, another backend
    Backend,
    deployment,
    test_outputs_resolve_intrinsics_conditions_and_nested_stacks,
    test_report_says_what_was_created_accepted_skipped_and_not_understood,
    test_resources_exist_with_their_settings,
    test_state_machine_definition_has_substituted_values,
)

pytestmark = pytest.mark.integration

__all__ = [
    "deployment",
    "test_outputs_resolve_intrinsics_conditions_and_nested_stacks",
    "test_report_says_what_was_created_accepted_skipped_and_not_understood",
    "test_resources_exist_with_their_settings",
    "test_state_machine_definition_has_substituted_values",
]


@pytest.fixture(scope="module")
def backend() -> Iterator[Backend]:
    available, detail = docker_status()
    if not available:
        pytest.skip(f"LocalStack backend skipped: {detail}")
    localstack = LocalStack()
    endpoint = localstack.start()
    try:
        yield Backend(endpoint, LOCALSTACK_ACCOUNT_ID)
    finally:
        localstack.stop()


def test_docker_detection_is_fast_and_explains_itself() -> None:
    started = time.monotonic()
    available, detail = docker_status()
    assert time.monotonic() - started < 3
    assert detail
    if not available:
        assert "Docker" in detail
