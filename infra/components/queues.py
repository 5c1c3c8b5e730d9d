"""The module's queues, each with its dead-letter queue: scrape jobs, sync failures (the stream
mapping's on-failure destination), pipeline failure records, and what EventBridge could not
deliver to a schedule's target. SQS-managed encryption, TLS only.

Created in the stack's scope, so logical ids stay `ScrapeQueue`, `ScrapeDlq`, ...
"""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy, Stack
from aws_cdk import aws_sqs as sqs

from infra.components.functions import override_logical_id


class Queues:
    """Every queue of the module; `dead_letter_queues` are the ones whose depth is alarmed."""

    def __init__(self, scope: Stack, *, removal: RemovalPolicy) -> None:
        self._scope = scope
        self._removal = removal
        retention = Duration.days(14)  # the longest SQS keeps a message: time to investigate
        self.scrape_dlq = self._queue("ScrapeDlq", retention_period=retention)
        # Visibility 6 min: a job (render + extract + write) must finish well inside it.
        self.scrape_queue = self._queue(
            "ScrapeQueue",
            visibility_timeout=Duration.minutes(6),
            retention_period=Duration.days(4),
            dead_letter_queue=sqs.DeadLetterQueue(queue=self.scrape_dlq, max_receive_count=3),
        )
        self.sync_failures_dlq = self._queue("SyncFailuresDlq", retention_period=retention)
        # Stream records that exhausted their retries (the mapping's on-failure destination).
        self.sync_failures_queue = self._queue(
            "SyncFailuresQueue",
            retention_period=retention,
            dead_letter_queue=sqs.DeadLetterQueue(
                queue=self.sync_failures_dlq, max_receive_count=3
            ),
        )
        self.pipeline_failures_dlq = self._queue("PipelineFailuresDlq", retention_period=retention)
        # Failure records of the aggregation state machine ({runId?, state, item?, error,
        # cause, failedAt}).
        self.pipeline_failures_queue = self._queue(
            "PipelineFailuresQueue",
            retention_period=retention,
            dead_letter_queue=sqs.DeadLetterQueue(
                queue=self.pipeline_failures_dlq, max_receive_count=3
            ),
        )
        # Events that EventBridge could not deliver to a schedule's target.
        self.events_dlq = self._queue("ScheduleDlq", retention_period=retention)
        self.dead_letter_queues = {
            "ScrapeDlq": self.scrape_dlq,
            "SyncFailuresQueue": self.sync_failures_queue,
            "SyncFailuresDlq": self.sync_failures_dlq,
            "PipelineFailuresQueue": self.pipeline_failures_queue,
            "PipelineFailuresDlq": self.pipeline_failures_dlq,
            "ScheduleDlq": self.events_dlq,
        }

    def _queue(self, construct_id: str, **kwargs: object) -> sqs.Queue:
        queue = sqs.Queue(
            self._scope,
            construct_id,
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            removal_policy=self._removal,
            **kwargs,  # type: ignore[arg-type]
        )
        override_logical_id(queue, construct_id)
        return queue
