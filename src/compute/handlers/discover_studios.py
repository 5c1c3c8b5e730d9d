"""The discover-studios Lambda: execution input -> studio items + the ids to crawl.

Raises on failure (Places down, quota, breaker open, table errors) so the state machine's Retry
and Catch see it; the composition root builds the Places client, its shared circuit breaker
and the studio store once per container."""

from __future__ import annotations

from functools import cache
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from compute import bootstrap, contracts
from compute.handlers.pipeline_steps import TransientError
from compute.handlers.tracing import tracer_for
from compute.services.discover_studios import discover_studios

settings = bootstrap.Settings.from_env()
SERVICE = settings.service_name or "discover-studios"
logger = Logger(service=SERVICE)
metrics = Metrics(service=SERVICE)
tracer = tracer_for(SERVICE)
traced_discover_studios = tracer.capture_method(capture_response=False)(discover_studios)
# Worth retrying the whole step after the state machine's backoff (quota, outage, open breaker).
RETRYABLE = bootstrap.discovery_retryable()


@cache
def _adapters() -> tuple[bootstrap.PlacesClient, bootstrap.DynamoStudioStore]:
    return bootstrap.studio_discovery(settings, metrics)


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
