"""The API and sync handlers' cold start loads no library a request may not need: botocore's
session and client modules and the X-Ray SDK (which loads them) come with the first AWS client
or the first traced call, not with the import; the API's import loads neither urllib3 nor the
pipeline's models. Checked in a fresh interpreter set up as Lambda sets one up (tracing on), by
module, not by clock; `nox -s coldstart` measures the time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
ENV = {
    "TABLE_NAME": "unit-main",
    "IDEMPOTENCY_TABLE_NAME": "unit-idempotency",
    "SEARCH_ENDPOINT": "http://127.0.0.1:9",  # nothing listens
    "SEARCH_INDEX_ALIAS": "unit-artists",
    "REMOVAL_LINK_SECRET_ARN": "arn:aws:secretsmanager:eu-west-2:123456789012:secret:unit",
    "REMOVAL_SENDER": "no-reply@unit.example",
    "SYNC_FAILURES_QUEUE_URL": "https://sqs.eu-west-2.amazonaws.com/123456789012/unit-sync",
    "LAMBDA_TASK_ROOT": str(ROOT),  # tracing is on, as in AWS
    "AWS_REGION": "eu-west-2",
}
DEFERRED = ("botocore.session", "botocore.client", "aws_xray_sdk.core", "boto3")


def _loaded_after(statement: str) -> set[str]:
    env = {**os.environ, **ENV}
    env.pop("POWERTOOLS_TRACE_DISABLED", None)
    probe = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    # The last line: a handler may log (e.g. an index it could not reach) before it.
    return set(done.stdout.strip().splitlines()[-1].split())


@pytest.mark.parametrize("handler", ["api", "sync"])
def test_a_handler_import_defers_botocore_and_the_xray_sdk(handler: str) -> None:
    modules = _loaded_after(f"import compute.handlers.{handler}")
    assert f"compute.handlers.{handler}" in modules
    assert not modules & set(DEFERRED)


@pytest.mark.parametrize("handler", ["api", "sync"])
def test_a_handler_loads_no_opensearch_client_until_its_first_search_or_batch(
    handler: str,
) -> None:
    assert "opensearchpy" not in _loaded_after(f"import compute.handlers.{handler}")


# urllib3 (~40 ms of CPU) comes with the first search or AWS client; the pipeline's models and
# the models' re-export module are the aggregation's, which no route of the API serves.
API_DEFERRED = ("urllib3", "compute.domain.pipeline", "compute.domain.models")


def test_the_api_loads_neither_urllib3_nor_the_pipeline_models_at_import() -> None:
    assert not _loaded_after("import compute.handlers.api") & set(API_DEFERRED)


# Powertools' re-export packages load only the parts a handler uses (compute.handlers.
# lazy_package): AppSync's resolver and the batch package's async processor would bring
# asyncio (with ssl, socket and subprocess), the event-class list every event class.
NOT_AT_IMPORT = {
    "api": (
        "asyncio",
        "aws_lambda_powertools.event_handler.appsync",
        "aws_lambda_powertools.utilities.data_classes.code_pipeline_job_event",
    ),
    "sync": (
        "asyncio",
        "aws_lambda_powertools.utilities.batch",
        "aws_lambda_powertools.utilities.data_classes",
    ),
}


@pytest.mark.parametrize("handler", sorted(NOT_AT_IMPORT))
def test_a_handler_loads_no_powertools_part_it_does_not_use(handler: str) -> None:
    modules = _loaded_after(f"import compute.handlers.{handler}")
    assert f"compute.handlers.{handler}" in modules
    assert not modules & set(NOT_AT_IMPORT[handler])


def test_powertools_names_still_resolve_after_the_api_import() -> None:
    """Anything else in the process still finds every name the two packages re-export."""
    modules = _loaded_after(
        "import compute.handlers.api; "
        "from aws_lambda_powertools.event_handler import AppSyncResolver, APIGatewayHttpResolver; "
        "from aws_lambda_powertools.utilities.data_classes import event_source, SQSEvent; "
        "import aws_lambda_powertools.utilities.data_classes.event_source as by_path; "
        "import compute.handlers.http_resolver as ours; "
        "assert APIGatewayHttpResolver is ours.APIGatewayHttpResolver; "
        "assert callable(event_source) and by_path is event_source; "
        "assert SQSEvent.__module__.endswith('.sqs_event')"
    )
    assert {"asyncio", "aws_lambda_powertools.event_handler.appsync"} <= modules
