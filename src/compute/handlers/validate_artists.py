"""The validate-artists Lambda: one studio's candidates -> the run's scrape_candidate items."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit, single_metric
from aws_lambda_powertools.utilities.typing import LambdaContext

from compute import bootstrap
from compute.bootstrap import TableUnavailable
from compute.handlers.pipeline_steps import TransientError, checked, reply
from compute.handlers.tracing import tracer_for
from compute.services.validate_artists import validate_artists

settings = bootstrap.Settings.from_env()
SERVICE = settings.service_name or "validate-artists"
logger = Logger(service=SERVICE)
metrics = Metrics(service=SERVICE)
tracer = tracer_for(SERVICE)


table = bootstrap.main_table(settings)
runs = bootstrap.run_store(settings, table)
traced_validate_artists = tracer.capture_method(capture_response=False)(validate_artists)


@metrics.log_metrics
@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler(capture_response=False)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    request = checked("validate-artists-input", event)
    logger.set_correlation_id(request["runId"])
    tracer.put_annotation(key="runId", value=request["runId"])
    try:
        outcome = traced_validate_artists(
            request["runId"], request["studioId"], request["candidates"], table=table, store=runs
        )
    except TableUnavailable as error:
        raise TransientError(str(error)) from error
    metrics.add_metric(name="CandidatesAccepted", unit=MetricUnit.Count, value=outcome.accepted)
    for reason, count in outcome.dropped.items():
        with single_metric(
            name="CandidatesDropped",
            unit=MetricUnit.Count,
            value=count,
            namespace=metrics.namespace,
        ) as metric:
            metric.add_dimension(name="reason", value=reason)
    logger.info(
        "candidates validated",
        extra={
            "studioId": outcome.studio_id,
            "accepted": outcome.accepted,
            "dropped": dict(outcome.dropped),
        },
    )
    return reply("validate-artists-output", outcome.to_output())
