"""SNS: publish a JSON message on a topic (the alerts topic, for operators and their email)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mypy_boto3_sns import SNSClient

# SNS refuses subjects longer than 100 characters or with line breaks.
MAX_SUBJECT = 100


class SnsNotifier:
    """Publishes JSON messages on one topic; string attributes let subscribers filter."""

    def __init__(self, sns: SNSClient, topic_arn: str) -> None:
        if not topic_arn.startswith("arn:"):
            raise ValueError(f"ALERTS_TOPIC_ARN must be an SNS topic ARN, got {topic_arn!r}")
        self._sns = sns
        self._topic_arn = topic_arn

    def publish(
        self,
        subject: str,
        message: Mapping[str, Any],
        attributes: Mapping[str, str] | None = None,
    ) -> str:
        """Publish `message` as JSON; returns the SNS message id."""
        clean_subject = " ".join(subject.split())[:MAX_SUBJECT]
        reply = self._sns.publish(
            TopicArn=self._topic_arn,
            Subject=clean_subject,
            Message=json.dumps(message, sort_keys=True, separators=(",", ":")),
            MessageAttributes={
                name: {"DataType": "String", "StringValue": value}
                for name, value in (attributes or {}).items()
            },
        )
        return str(reply["MessageId"])
