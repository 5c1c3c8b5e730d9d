"""The summarize Lambda: the run's counters -> its SUMMARY item and the step's output."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from compute import bootstrap
from compute.bootstrap import JobQueue
from compute.handlers.pipeline_steps import TransientError, checked, reply
from compute.handlers.tracing import tracer_for
from compute.services.summarize import summarize

settings = bootstrap.Settings.from_env()
SERVICE = settings.service_name or "summarize"
logger = Logger(service=SERVICE)
metrics = Metrics(service=SERVICE)
tracer = tracer_for(SERVICE)


runs = bootstrap.run_store(settings)
scrape_queue = bootstrap.scrape_queue(settings)
_dead_letters: JobQueue | None = None
traced_summarize = tracer.capture_method(capture_response=False)(summarize)


def dead_letters() -> JobQueue | None:
    """The scrape queue's DLQ, found from its redrive policy once per container."""
    global _dead_letters
    if _dead_letters is None:
        _dead_letters = bootstrap.dead_letter_queue(scrape_queue)
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
    except bootstrap.UNAVAILABLE as error:
        raise TransientError(str(error)) from error
    metrics.add_metric(name="ArtistsWritten", unit=MetricUnit.Count, value=counts.artists_written)
    metrics.add_metric(name="DeadLettered", unit=MetricUnit.Count, value=counts.dead_lettered)
    success = counts.scrape_success_percent
    if success is not None:  # business metric: no queued job, no rate
        metrics.add_metric(name="ScrapeSuccessRate", unit=MetricUnit.Percent, value=success)
    logger.info("run summarised", extra=counts.to_output())
    return reply("summarize-output", counts.to_output())
