"""The queue-scraping Lambda: the run's scrape candidates -> jobs on the scrape queue."""

from __future__ import annotations

import os
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from compute import contracts
from compute.adapters.clients import dynamodb_client
from compute.adapters.dynamodb import MainTable, TableUnavailable
from compute.adapters.queue import JobQueue, QueueUnavailable, sqs_client
from compute.adapters.runs import RunStore
from compute.handlers.pipeline_steps import TransientError, checked, reply
from compute.handlers.tracing import tracer_for
from compute.services.queue_scraping import queue_scraping

SERVICE = os.environ.get("POWERTOOLS_SERVICE_NAME", "queue-scraping")
logger = Logger(service=SERVICE)
metrics = Metrics(service=SERVICE)
tracer = tracer_for(SERVICE)


def _env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"environment variable {name} is not set (see docs/DESIGN.md)")
    return value


runs = RunStore(MainTable(dynamodb_client(), _env("TABLE_NAME")))
jobs = JobQueue(sqs_client(), _env("SCRAPE_QUEUE_URL"))
traced_queue_scraping = tracer.capture_method(capture_response=False)(queue_scraping)


def _valid_job(message: Any) -> None:
    contracts.validate("scrape-job", message)


@metrics.log_metrics
@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler(capture_response=False)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    request = checked("queue-scraping-input", event)
    logger.set_correlation_id(request["runId"])
    tracer.put_annotation(key="runId", value=request["runId"])
    try:
        outcome = traced_queue_scraping(
            request["runId"], source=runs, sink=jobs, validate_message=_valid_job
        )
    except (TableUnavailable, QueueUnavailable) as error:
        raise TransientError(str(error)) from error
    metrics.add_metric(name="ScrapeJobsQueued", unit=MetricUnit.Count, value=outcome.queued)
    logger.info("scrape jobs queued", extra={"queued": outcome.queued, "batches": outcome.batches})
    return reply("queue-scraping-output", outcome.to_output())
