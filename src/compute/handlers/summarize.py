"""The summarize Lambda: the run's counters -> its SUMMARY item and the step's output."""

from __future__ import annotations

import os
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from compute.adapters.clients import dynamodb_client
from compute.adapters.dynamodb import MainTable, TableUnavailable
from compute.adapters.queue import JobQueue, QueueUnavailable, sqs_client
from compute.adapters.runs import RunStore
from compute.handlers.pipeline_steps import TransientError, checked, reply
from compute.handlers.tracing import tracer_for
from compute.services.summarize import summarize

SERVICE = os.environ.get("POWERTOOLS_SERVICE_NAME", "summarize")
logger = Logger(service=SERVICE)
metrics = Metrics(service=SERVICE)
tracer = tracer_for(SERVICE)


def _env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"environment variable {name} is not set (see docs/DESIGN.md)")
    return value


runs = RunStore(MainTable(dynamodb_client(), _env("TABLE_NAME")))
_sqs = sqs_client()
scrape_queue = JobQueue(_sqs, _env("SCRAPE_QUEUE_URL"))
_dead_letters: JobQueue | None = None
traced_summarize = tracer.capture_method(capture_response=False)(summarize)


def dead_letters() -> JobQueue | None:
    """The scrape queue's DLQ, found from its redrive policy once per container."""
    global _dead_letters
    if _dead_letters is None:
        url = scrape_queue.dead_letter_queue_url()
        _dead_letters = JobQueue(_sqs, url) if url else None
    return _dead_letters


@metrics.log_metrics
@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler(capture_response=False)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    request = checked("summarize-input", event)
    logger.set_correlation_id(request["runId"])
    tracer.put_annotation(key="runId", value=request["runId"])
    try:
        counts = traced_summarize(request["runId"], runs=runs, dead_letters=dead_letters())
    except (TableUnavailable, QueueUnavailable) as error:
        raise TransientError(str(error)) from error
    metrics.add_metric(name="ArtistsWritten", unit=MetricUnit.Count, value=counts.artists_written)
    metrics.add_metric(name="DeadLettered", unit=MetricUnit.Count, value=counts.dead_lettered)
    success = counts.scrape_success_percent
    if success is not None:  # business metric: no queued job, no rate
        metrics.add_metric(name="ScrapeSuccessRate", unit=MetricUnit.Percent, value=success)
    logger.info("run summarised", extra=counts.to_output())
    return reply("summarize-output", counts.to_output())
