"""The discover-studios Lambda: execution input -> studio items + the ids to crawl.

Raises on failure (Places down, quota, breaker open, table errors) so the state machine's Retry
and Catch see it; the composition root builds the Places client, its shared circuit breaker
and the studio store once per container."""

from __future__ import annotations

import os
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from compute import contracts
from compute.adapters.circuit import CircuitBreaker, CircuitOpen
from compute.adapters.clients import dynamodb_client
from compute.adapters.places import (
    DEFAULT_PLACES_URL,
    PlacesClient,
    PlacesQuotaExceeded,
    PlacesUnavailable,
)
from compute.adapters.secrets import places_api_key
from compute.adapters.studio_store import DynamoStudioStore, StudioWriteConflict
from compute.handlers.pipeline_steps import TransientError
from compute.handlers.tracing import tracer_for
from compute.services.discover_studios import discover_studios

SERVICE = os.environ.get("POWERTOOLS_SERVICE_NAME", "discover-studios")
logger = Logger(service=SERVICE)
metrics = Metrics(service=SERVICE)
tracer = tracer_for(SERVICE)
traced_discover_studios = tracer.capture_method(capture_response=False)(discover_studios)
# Worth retrying the whole step after the state machine's backoff (quota, outage, open breaker).
RETRYABLE = (PlacesQuotaExceeded, PlacesUnavailable, CircuitOpen, StudioWriteConflict)


def _env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"environment variable {name} is not set (see docs/DESIGN.md)")
    return value


@cache
def _adapters() -> tuple[PlacesClient, DynamoStudioStore]:
    table = _env("TABLE_NAME")
    base_url = os.environ.get("PLACES_API_URL") or DEFAULT_PLACES_URL
    client = dynamodb_client()
    breaker = CircuitBreaker(client, table, urlsplit(base_url).netloc.lower(), metrics=metrics)
    places = PlacesClient(places_api_key, base_url, breaker=breaker)
    return places, DynamoStudioStore(client, table)


@metrics.log_metrics
@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler(capture_response=False)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    contracts.validate("discover-studios-input", event)
    logger.set_correlation_id(event["runId"])
    tracer.put_annotation(key="runId", value=event["runId"])
    places, store = _adapters()
    try:
        found = traced_discover_studios(
            event["runId"],
            event["cities"],
            event["queries"],
            places=places,
            store=store,
            max_studios=event.get("maxStudios"),
        )
    except RETRYABLE as error:
        # Step Functions matches errors by class name: TransientError is the one it retries.
        raise TransientError(f"{type(error).__name__}: {error}") from error
    output = found.to_output()
    contracts.validate("discover-studios-output", output)
    metrics.add_metric(name="StudiosDiscovered", unit=MetricUnit.Count, value=len(found.studio_ids))
    metrics.add_metric(name="PlacesUnreadable", unit=MetricUnit.Count, value=found.unreadable)
    logger.info(
        "studios discovered",
        extra={
            "studios": len(found.studio_ids),
            "skipped": output["skipped"],
            "unreadable": found.unreadable,
            "studiosCreated": found.written.created,  # "created" is a LogRecord attribute
            "updated": found.written.updated,
            "unchanged": found.written.unchanged,
        },
    )
    return output
