"""The sync Lambda: DynamoDB stream (NEW_AND_OLD_IMAGES) -> the artist index.

One bulk request per batch, external versions, partial batch responses (`batchItemFailures`)
through Powertools' BatchProcessor. The composition root builds the OpenSearch client once
per container and makes sure the index and its alias exist (the system creates its own index;
no hand-run script). If the cluster is down at cold start, the next invocation tries again.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    process_partial_response,
)
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from compute.adapters.clients import dynamodb_client, search_client
from compute.adapters.dynamodb import MainTable
from compute.adapters.queue import FailureQueue, JobQueue, sqs_client
from compute.adapters.search import ArtistSearchIndex, definition_drift
from compute.handlers.events import require_stream_event
from compute.handlers.tracing import tracer_for
from compute.services.sync_batch import FailureRecorder, RecordOutcome, VersionLedger, sync_batch

logger = Logger(service=os.environ.get("POWERTOOLS_SERVICE_NAME", "sync"))
metrics = Metrics(service=os.environ.get("POWERTOOLS_SERVICE_NAME", "sync"))
tracer = tracer_for(os.environ.get("POWERTOOLS_SERVICE_NAME", "sync"))
traced_sync_batch = tracer.capture_method(capture_response=False)(sync_batch)


class RecordFailed(Exception):
    """Raised for a record the batch could not apply, so the processor reports it."""


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
        # An all-failed batch is still a partial response: the mapping retries from the first.
        self.processor = BatchProcessor(
            event_type=EventType.DynamoDBStreams, raise_on_entire_batch_failure=False
        )

    def ensure_index(self) -> None:
        if not self.index_ready:
            concrete = self.index.ensure()
            self.index_ready = True
            logger.info("search index ready", extra={"alias": self.index.alias, "index": concrete})
            if definition_drift(self.index.client, self.index.alias):
                logger.warning(
                    "search index built from another definition; reindex to a new version",
                    extra={"alias": self.index.alias, "index": concrete},
                )

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

        def apply(record: DynamoDBRecord) -> None:
            outcome = by_sequence.get(record.dynamodb.sequence_number if record.dynamodb else None)
            if outcome is None or not outcome.ok:
                raise RecordFailed(outcome.reason if outcome else "record missing from the batch")

        return process_partial_response(
            event=dict(event), record_handler=apply, processor=self.processor, context=context
        )


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


def index_from_env() -> ArtistSearchIndex:
    endpoint = os.environ.get("SEARCH_ENDPOINT")
    if not endpoint:
        raise RuntimeError("environment variable SEARCH_ENDPOINT is not set (see docs/DESIGN.md)")
    # The mapping retries failed records; the client itself does not retry.
    client = search_client(endpoint, max_retries=0)
    return ArtistSearchIndex(client, alias=os.environ.get("SEARCH_INDEX_ALIAS", "artists"))


def table_and_failures_from_env() -> tuple[MainTable | None, FailureQueue | None]:
    """The table (version floors, listed artists) and the sync-failures queue, which the
    template wires to the sync together (SYNC_FAILURES_QUEUE_URL with its grants); without
    them the sync applies records as before and leaves unrecoverable ones to the mapping."""
    table_name = os.environ.get("TABLE_NAME")
    queue_url = os.environ.get("SYNC_FAILURES_QUEUE_URL")
    if not table_name or not queue_url:
        return None, None
    return MainTable(dynamodb_client(), table_name), FailureQueue(JobQueue(sqs_client(), queue_url))


# A refresh per batch makes a write searchable at once (freshness p95 <= 1.5 s); at the
# directory's write volume (thousands of profiles a day) its cost is small.
_table, _failures = table_and_failures_from_env()
sync = SyncFunction(
    index_from_env(),
    refresh=os.environ.get("SEARCH_REFRESH_ON_WRITE", "true").lower() in {"1", "true", "yes"},
    ledger=_table,
    failures=_failures,
)
try:
    sync.ensure_index()
except Exception as error:  # the cluster may be down at cold start; the next invocation retries
    logger.warning("search index not ensured at cold start", extra={"error": type(error).__name__})


@metrics.log_metrics
@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler(capture_response=False)
def handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    return sync(event, context)
