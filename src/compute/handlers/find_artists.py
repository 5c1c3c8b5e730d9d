"""The find-artists Lambda: one studio of a run -> the artist candidates on its website.

Raises when the site gave nothing usable (StudioSiteUnavailable: retry; StudioSiteUnusable and
StudioNotFound: caught and recorded by the state machine). No browser runs in Lambda: a
JavaScript roster is read from its JSON, else recorded as `needs_javascript`."""

from __future__ import annotations

import os
import uuid
from functools import cache
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from compute import contracts
from compute.adapters.clients import dynamodb_client
from compute.adapters.dynamodb import MainTable
from compute.adapters.politeness import gated_fetcher
from compute.adapters.web import WebFetcher
from compute.domain import keys
from compute.handlers.tracing import tracer_for
from compute.services.find_artists import find_artists_for_url, require_artists

SERVICE = os.environ.get("POWERTOOLS_SERVICE_NAME", "find-artists")
logger = Logger(service=SERVICE)
metrics = Metrics(service=SERVICE)
tracer = tracer_for(SERVICE)
traced_find_artists_for_url = tracer.capture_method(capture_response=False)(find_artists_for_url)


class StudioNotFound(Exception):
    """The run names a studio the table does not hold."""


def _env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"environment variable {name} is not set (see docs/DESIGN.md)")
    return value


@cache
def _adapters() -> tuple[MainTable, WebFetcher]:
    table = MainTable(dynamodb_client(), _env("TABLE_NAME"))
    # The scrapers' host gate too: the scrapers start on the same hosts right after this step,
    # and of the 30 studios read at once, two of one chain can share a site.
    owner = f"find-artists-{uuid.uuid4().hex[:12]}"
    return table, gated_fetcher(os.environ, table.client, table.table_name, owner)


@metrics.log_metrics
@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler(capture_response=False)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    contracts.validate("find-artists-input", event)
    logger.set_correlation_id(event["runId"])
    tracer.put_annotation(key="runId", value=event["runId"])
    table, fetcher = _adapters()
    studio_id = event["studioId"]
    studio = table.get_item(keys.studio_key(studio_id))
    if studio is None:
        raise StudioNotFound(f"no studio item {studio_id!r}")
    candidates = []
    website = studio.get("website")
    if website:
        reading = traced_find_artists_for_url(website, fetcher, studio_id=studio_id)
        for reason, count in reading.failures.items():
            metrics.add_metric(name=f"PageFailed_{reason}", unit=MetricUnit.Count, value=count)
        metrics.add_metric(name="PagesFetched", unit=MetricUnit.Count, value=len(reading.pages))
        logger.info(
            "studio site read",
            extra={
                "studioId": studio_id,
                "pages": len(reading.pages),
                "candidates": len(reading.candidates),
                "failures": dict(reading.failures),
            },
        )
        candidates = require_artists(reading)
    output = {
        "runId": event["runId"],
        "studioId": studio_id,
        "candidates": [c.to_dict() for c in candidates],
    }
    contracts.validate("find-artists-output", output)
    metrics.add_metric(name="CandidatesFound", unit=MetricUnit.Count, value=len(candidates))
    return output
