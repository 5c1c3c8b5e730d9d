"""The queue-scraping Lambda: the run's scrape candidates -> jobs on the scrape queue."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from compute import bootstrap
from compute.handlers.pipeline_steps import TransientError, checked, reply
from compute.handlers.tracing import tracer_for
from compute.services.queue_scraping import OutOfTime, queue_scraping

settings = bootstrap.Settings.from_env()
SERVICE = settings.service_name or "queue-scraping"
logger = Logger(service=SERVICE)
metrics = Metrics(service=SERVICE)
tracer = tracer_for(SERVICE)


runs = bootstrap.run_store(settings)
jobs = bootstrap.scrape_queue(settings)
traced_queue_scraping = tracer.capture_method(capture_response=False)(queue_scraping)


@metrics.log_metrics
@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler(capture_response=False)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    request = checked("queue-scraping-input", event)
    logger.set_correlation_id(request["runId"])
    tracer.put_annotation(key="runId", value=request["runId"])
    try:
        outcome = traced_queue_scraping(
            request["runId"],
            source=runs,
            sink=jobs,
            time_left=lambda: context.get_remaining_time_in_millis() / 1000,
        )
    except bootstrap.UNAVAILABLE as error:
        raise TransientError(str(error)) from error
    except OutOfTime as stopped:  # the Retry invokes it again; it resumes where it stopped
        logger.warning("out of time, stopping for a retry", extra={"sent": stopped.sent})
        raise TransientError(str(stopped)) from stopped
    metrics.add_metric(name="ScrapeJobsQueued", unit=MetricUnit.Count, value=outcome.queued)
    logger.info("scrape jobs queued", extra={"queued": outcome.queued, "batches": outcome.batches})
    return reply("queue-scraping-output", outcome.to_output())
