"""The sync Lambda: DynamoDB stream (NEW_AND_OLD_IMAGES) -> the artist index.

One bulk request per batch, external versions, partial batch responses (`batchItemFailures`:
each record not applied, by its sequence number, as Powertools' BatchProcessor reported them;
the batch knows each record's outcome already, and Powertools' batch package loads asyncio and
every event data class, a quarter of the cold start). The OpenSearch client is built once per
container, on its first batch (opensearch-py stays out of the cold start), which also makes sure
the index and its alias exist (the system creates its own index; no hand-run script). If the
cluster is down then, the batch fails and the mapping retries it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from compute import bootstrap
from compute.bootstrap import ArtistSearchIndex
from compute.handlers.events import require_stream_event
from compute.handlers.tracing import tracer_for
from compute.services.sync_batch import FailureRecorder, RecordOutcome, VersionLedger, sync_batch

if TYPE_CHECKING:
    # Types only: importing the batch package at run time loads asyncio (see the docstring).
    from aws_lambda_powertools.utilities.batch.types import (
        PartialItemFailureResponse,
        PartialItemFailures,
    )

settings = bootstrap.Settings.from_env()
logger = Logger(service=settings.service_name or "sync")
metrics = Metrics(service=settings.service_name or "sync")
tracer = tracer_for(settings.service_name or "sync")
traced_sync_batch = tracer.capture_method(capture_response=False)(sync_batch)


class RecordFailed(Exception):
    """A record the batch could not apply has no sequence number to report it by."""


class SyncFunction:
    """The sync handler around one index: ensures the index once, then applies batches."""

    def __init__(
        self,
        index: ArtistSearchIndex,
        *,
        refresh: bool = False,
        ledger: VersionLedger | None = None,
        failures: FailureRecorder | None = None,
    ) -> None:
        self.index = index
        self.refresh = refresh
        self.ledger = ledger
        self.failures = failures
        self.index_ready = False

    def ensure_index(self) -> None:
        if not self.index_ready:
            concrete = self.index.ensure()
            logger.info("search index ready", extra={"alias": self.index.alias, "index": concrete})
            if self.index.definition_drift():
                # Until the reindex moves the alias, the older index must take this code's shape
                # (if this fails, the batch fails and the next one tries again).
                added = self.index.accept_new_fields()
                logger.warning(
                    "search index built from another definition; reindex to a new version",
                    extra={"alias": self.index.alias, "index": concrete, "fieldsAdded": added},
                )
            self.index_ready = True

    def __call__(
        self, event: Mapping[str, Any], context: LambdaContext
    ) -> PartialItemFailureResponse:
        require_stream_event(event, "sync")  # an SQS or other event fails by name
        self.ensure_index()
        records = list(event.get("Records") or [])
        outcomes = traced_sync_batch(
            records,
            self.index,
            metrics,
            refresh=self.refresh,
            ledger=self.ledger,
            failures=self.failures,
        )
        indexed = sum(1 for o in outcomes if o.ok and o.plan.kind == "index")
        metrics.add_metric(name="ArtistsIndexed", unit=MetricUnit.Count, value=indexed)
        by_sequence = _by_sequence_number(records, outcomes)
        for outcome in outcomes:
            if not outcome.ok or outcome.recorded:
                logger.warning(
                    "record put on the sync-failures queue"
                    if outcome.recorded
                    else "record not applied",
                    extra={
                        "itemType": outcome.plan.item_type,
                        "action": outcome.plan.kind,
                        "transient": outcome.transient,
                        "reason": outcome.reason,
                    },
                )
        return partial_response(records, by_sequence)


def partial_response(
    records: list[Mapping[str, Any]], by_sequence: Mapping[str | None, RecordOutcome]
) -> PartialItemFailureResponse:
    """The batch's partial response: each record not applied, by its sequence number, in the
    batch's order (the mapping retries from the lowest). An all-failed batch is still a partial
    response. A record not applied that has no sequence number fails the invocation, so the
    mapping retries the whole batch (as AWS does for a null itemIdentifier)."""
    failures: list[PartialItemFailures] = []
    for record in records:
        sequence = (record.get("dynamodb") or {}).get("SequenceNumber")
        outcome = by_sequence.get(sequence)
        if outcome is not None and outcome.ok:
            continue
        if not isinstance(sequence, str) or not sequence:
            reason = outcome.reason if outcome else "record missing from the batch"
            raise RecordFailed(f"a record not applied has no dynamodb.SequenceNumber: {reason}")
        failures.append({"itemIdentifier": sequence})
    return {"batchItemFailures": failures}


def _by_sequence_number(
    records: list[Mapping[str, Any]], outcomes: list[RecordOutcome]
) -> dict[str | None, RecordOutcome]:
    """Outcome per sequence number; a sequence number seen twice fails if any copy failed."""
    found: dict[str | None, RecordOutcome] = {}
    for record, outcome in zip(records, outcomes, strict=True):
        sequence = (record.get("dynamodb") or {}).get("SequenceNumber")
        if sequence not in found or not outcome.ok:
            found[sequence] = outcome
    return found


# A refresh per batch makes a write searchable at once (freshness p95 <= 1.5 s); at the
# directory's write volume (thousands of profiles a day) its cost is small.
_table, _failures = bootstrap.sync_ledger_and_failures(settings)
sync = SyncFunction(
    bootstrap.sync_search_index(settings),
    refresh=settings.search_refresh_on_write,
    ledger=_table,
    failures=_failures,
)


@metrics.log_metrics
@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler(capture_response=False)
def handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    return sync(event, context)
