"""The find-artists Lambda: one studio of a run -> the artist candidates on its website.

Raises when the site gave nothing usable (StudioSiteUnavailable: retry; StudioSiteUnusable and
StudioNotFound: caught and recorded by the state machine). No browser runs in Lambda: a
JavaScript roster is read from the data its scripts read, else the studio is handed to the
scrapers as a roster job (they render it in Chromium and queue the artists they find); the
candidates read here go on as usual."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from compute import bootstrap, contracts
from compute.domain import keys
from compute.domain.models import format_timestamp
from compute.handlers.pipeline_steps import TransientError
from compute.handlers.tracing import tracer_for
from compute.services.find_artists import find_artists_for_url, require_artists, roster_job_for

settings = bootstrap.Settings.from_env()
SERVICE = settings.service_name or "find-artists"
logger = Logger(service=SERVICE)
metrics = Metrics(service=SERVICE)
tracer = tracer_for(SERVICE)
traced_find_artists_for_url = tracer.capture_method(capture_response=False)(find_artists_for_url)


class StudioNotFound(Exception):
    """The run names a studio the table does not hold."""


@cache
def _adapters() -> tuple[bootstrap.MainTable, bootstrap.GatedFetcher, bootstrap.JobQueue]:
    table = bootstrap.main_table(settings)
    # The scrapers' host gate too: the scrapers start on the same hosts right after this step,
    # and of the 30 studios read at once, two of one chain can share a site.
    fetcher = bootstrap.gated_fetcher(settings, table, bootstrap.owner_id("find-artists"))
    return table, fetcher, bootstrap.scrape_queue(settings)


@metrics.log_metrics
@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler(capture_response=False)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    contracts.validate("find-artists-input", event)
    logger.set_correlation_id(event["runId"])
    tracer.put_annotation(key="runId", value=event["runId"])
    table, fetcher, scrape_queue = _adapters()
    studio_id = event["studioId"]
    studio = table.get_item(keys.studio_key(studio_id))
    if studio is None:
        raise StudioNotFound(f"no studio item {studio_id!r}")
    candidates = []
    website = studio.get("website")
    if website:
        reading = traced_find_artists_for_url(
            website, fetcher, studio_id=studio_id, with_profile=True
        )
        for reason, count in reading.failures.items():
            metrics.add_metric(name=f"PageFailed_{reason}", unit=MetricUnit.Count, value=count)
        metrics.add_metric(name="PagesFetched", unit=MetricUnit.Count, value=len(reading.pages))
        roster = roster_job_for(
            reading,
            run_id=event["runId"],
            studio_id=studio_id,
            now=format_timestamp(datetime.now(UTC)),
        )
        if roster is not None:
            try:
                scrape_queue.send(roster.to_message())
            except bootstrap.UNAVAILABLE as error:
                raise TransientError(f"roster job not sent: {error}") from error
            metrics.add_metric(name="RosterJobsSent", unit=MetricUnit.Count, value=1)
        logger.info(
            "studio site read",
            extra={
                "studioId": studio_id,
                "pages": len(reading.pages),
                "candidates": len(reading.candidates),
                "failures": dict(reading.failures),
                "rosterJob": roster is not None,
            },
        )
        candidates = require_artists(reading, handed_on=roster is not None)
    output = {
        "runId": event["runId"],
        "studioId": studio_id,
        "candidates": [c.to_dict() for c in candidates],
    }
    contracts.validate("find-artists-output", output)
    metrics.add_metric(name="CandidatesFound", unit=MetricUnit.Count, value=len(candidates))
    return output
