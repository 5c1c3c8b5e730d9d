"""AWS event-source-mapping rules, pure (skeleton)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass
class EventSourceMapping:
    function_name: str
    event_source_arn: str
    batch_size: int = 100
    maximum_batching_window_s: float = 0.0
    starting_position: str = "LATEST"
    bisect_on_error: bool = False
    maximum_retry_attempts: int = -1
    maximum_record_age_s: int = -1
    on_failure_destination: str | None = None
    report_batch_item_failures: bool = False
    filter_patterns: list[dict[str, Any]] = field(default_factory=list)
    enabled: bool = True

    @classmethod
    def from_properties(
        cls, props: Mapping[str, Any], function_name: str, resolve: Callable[[Any], Any]
    ) -> EventSourceMapping:
        raise NotImplementedError
