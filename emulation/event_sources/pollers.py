"""Event-source pollers: threads that read DynamoDB streams and SQS (skeleton)."""

from __future__ import annotations

from typing import Any

from emulation.event_sources.semantics import EventSourceMapping


class EventSourceManager:
    def __init__(self, runtime: Any, endpoint_url: str) -> None:
        self.runtime = runtime
        self.endpoint_url = endpoint_url

    def add(self, mapping: EventSourceMapping) -> None:
        raise NotImplementedError

    def start(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def drain(self, timeout_s: float) -> bool:
        raise NotImplementedError
