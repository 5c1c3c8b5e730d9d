"""The reconcile Lambda (hourly EventBridge schedule, or `compute-local reconcile`): compares
the artist index with the table and re-drives every difference
(`compute.services.reconcile`). Input `{"trigger"?: str, "dryRun"?: bool}`; output the
report (counts and up to 50 artist ids per kind; ids are not personal data)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from compute import bootstrap
from compute.domain.models import format_timestamp
from compute.handlers.events import WrongEventType
from compute.handlers.tracing import tracer_for
from compute.services.reconcile import reconcile

settings = bootstrap.Settings.from_env()
logger = Logger(service=settings.service_name or "reconcile")
metrics = Metrics(service=settings.service_name or "reconcile")
tracer = tracer_for(settings.service_name or "reconcile")
table = bootstrap.batch_table(settings)
index = bootstrap.reconcile_search_index(settings)
REPORTED = ("missing", "stale", "ahead", "extra", "failed")


@metrics.log_metrics
@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler(capture_response=False)
def handler(event: Mapping[str, Any], context: LambdaContext) -> dict[str, Any]:
    if not isinstance(event, Mapping) or not isinstance(event.get("dryRun", False), bool):
        raise WrongEventType("reconcile", 'a schedule event or {"dryRun": true|false}', event)
    report = reconcile(
        table,
        index,
        now=format_timestamp(datetime.now(UTC)),
        dry_run=bool(event.get("dryRun", False)),
    )
    summary = report.to_dict()
    for name in REPORTED:
        metrics.add_metric(
            name=f"Reconcile{name.capitalize()}", unit=MetricUnit.Count, value=summary[name]
        )
    logger.info(
        "reconciled", extra={k: v for k, v in summary.items() if k not in ("ids", "failures")}
    )
    return summary
