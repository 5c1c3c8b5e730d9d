"""Event-source pollers: the threads that read DynamoDB streams and SQS queues on the moto
endpoint and invoke functions through the local Lambda runtime.

Transport only; the rules are in `event_sources.semantics`. moto's own event-source mappings are
not used (they are synchronous, one record at a time, without retries or filters).
"""

from emulation.event_sources.pollers.base import Invoker, Poller
from emulation.event_sources.pollers.destinations import queue_url_from_arn, send_to_destination
from emulation.event_sources.pollers.manager import EventSourceManager
from emulation.event_sources.pollers.sqs import SqsPoller
from emulation.event_sources.pollers.streams import StreamPoller

__all__ = [
    "EventSourceManager",
    "Invoker",
    "Poller",
    "SqsPoller",
    "StreamPoller",
    "queue_url_from_arn",
    "send_to_destination",
]
