"""An AWS::Lambda::EventSourceMapping as AWS reads it: its properties with AWS's defaults, the
limits CreateEventSourceMapping enforces, and the properties the local pollers do not honour."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

STREAM = "dynamodb"
SQS = "sqs"
# Properties a template may set that change what the function sees, but are not emulated: the
# deploy report lists each one it meets (never silently ignored).
NOT_EMULATED: dict[str, str] = {
    "TumblingWindowInSeconds": (
        "tumbling windows are not emulated: the function gets no window state and no "
        "isFinalInvokeForWindow"
    ),
}


class MappingError(ValueError):
    """An event-source mapping property is missing or outside AWS's limits."""


@dataclass(frozen=True)
class EventSourceMapping:
    """An AWS::Lambda::EventSourceMapping, with AWS's defaults applied."""

    function_name: str
    event_source_arn: str
    batch_size: int
    maximum_batching_window_s: float = 0.0
    starting_position: str | None = None
    bisect_batch_on_function_error: bool = False
    maximum_retry_attempts: int = -1
    maximum_record_age_s: int = -1
    on_failure_destination: str | None = None
    report_batch_item_failures: bool = False
    filter_patterns: tuple[Mapping[str, Any], ...] = ()
    enabled: bool = True
    maximum_concurrency: int | None = None
    parallelization_factor: int = 1
    uuid: str = ""

    @property
    def kind(self) -> str:
        """`dynamodb` for a DynamoDB stream, `sqs` for a queue."""
        return source_kind(self.event_source_arn)

    @property
    def region(self) -> str:
        return self.event_source_arn.split(":")[3]

    @classmethod
    def from_properties(
        cls,
        props: Mapping[str, Any],
        function_name: str,
        resolve: Callable[[Any], Any] = lambda value: value,
    ) -> EventSourceMapping:
        """Build from the template's properties; `resolve` turns intrinsics into values."""
        arn = resolve(props.get("EventSourceArn"))
        if not isinstance(arn, str) or not arn.startswith("arn:"):
            raise MappingError(f"mapping for {function_name}: EventSourceArn {arn!r} is not an ARN")
        kind = source_kind(arn)
        destination = None
        destination_config = resolve(props.get("DestinationConfig")) or {}
        on_failure = destination_config.get("OnFailure") or {}
        if on_failure.get("Destination") is not None:
            destination = str(resolve(on_failure["Destination"]))
        patterns: list[Mapping[str, Any]] = []
        for spec in (resolve(props.get("FilterCriteria")) or {}).get("Filters", []):
            pattern = resolve(spec.get("Pattern"))
            try:
                parsed = json.loads(pattern) if isinstance(pattern, str) else pattern
            except json.JSONDecodeError as exc:
                raise MappingError(
                    f"mapping for {function_name}: filter pattern {pattern!r} is not JSON: {exc}"
                ) from exc
            if not isinstance(parsed, Mapping):
                raise MappingError(
                    f"mapping for {function_name}: filter pattern must be a JSON object, "
                    f"got {pattern!r}"
                )
            patterns.append(parsed)
        scaling = resolve(props.get("ScalingConfig")) or {}
        mapping = cls(
            function_name=function_name,
            event_source_arn=arn,
            batch_size=int(
                _default(resolve(props.get("BatchSize")), 100 if kind == STREAM else 10)
            ),
            maximum_batching_window_s=float(
                resolve(props.get("MaximumBatchingWindowInSeconds")) or 0
            ),
            starting_position=resolve(props.get("StartingPosition")),
            bisect_batch_on_function_error=_flag(resolve(props.get("BisectBatchOnFunctionError"))),
            maximum_retry_attempts=int(_default(resolve(props.get("MaximumRetryAttempts")), -1)),
            maximum_record_age_s=int(_default(resolve(props.get("MaximumRecordAgeInSeconds")), -1)),
            on_failure_destination=destination,
            report_batch_item_failures="ReportBatchItemFailures"
            in (resolve(props.get("FunctionResponseTypes")) or []),
            filter_patterns=tuple(patterns),
            enabled=_flag(_default(resolve(props.get("Enabled")), True)),
            maximum_concurrency=(
                int(scaling["MaximumConcurrency"]) if "MaximumConcurrency" in scaling else None
            ),
            parallelization_factor=int(_default(resolve(props.get("ParallelizationFactor")), 1)),
        )
        mapping.validate()
        return mapping

    def validate(self) -> None:
        """Raise MappingError where AWS's CreateEventSourceMapping would refuse."""
        where = f"mapping {self.event_source_arn} -> {self.function_name}"
        if self.kind == STREAM:
            if not 1 <= self.batch_size <= 10_000:
                raise MappingError(f"{where}: BatchSize must be 1..10000, got {self.batch_size}")
            if self.starting_position not in ("TRIM_HORIZON", "LATEST"):
                raise MappingError(
                    f"{where}: StartingPosition must be TRIM_HORIZON or LATEST for a DynamoDB "
                    f"stream, got {self.starting_position!r}"
                )
            if not -1 <= self.maximum_retry_attempts <= 10_000:
                raise MappingError(f"{where}: MaximumRetryAttempts must be -1..10000")
            if self.maximum_record_age_s != -1 and not 60 <= self.maximum_record_age_s <= 604_800:
                raise MappingError(f"{where}: MaximumRecordAgeInSeconds must be -1 or 60..604800")
            if not 1 <= self.parallelization_factor <= 10:
                raise MappingError(
                    f"{where}: ParallelizationFactor must be 1..10, "
                    f"got {self.parallelization_factor}"
                )
        else:
            if self.parallelization_factor != 1:
                raise MappingError(f"{where}: ParallelizationFactor is for streams only, not SQS")
            limit = 10 if self.maximum_batching_window_s == 0 else 10_000
            if not 1 <= self.batch_size <= limit:
                raise MappingError(
                    f"{where}: BatchSize must be 1..{limit} for SQS"
                    + (" without MaximumBatchingWindowInSeconds" if limit == 10 else "")
                )
            if self.bisect_batch_on_function_error or self.on_failure_destination:
                raise MappingError(
                    f"{where}: SQS mappings have no bisect or on-failure destination; "
                    "use the queue's RedrivePolicy"
                )
        if not 0 <= self.maximum_batching_window_s <= 300:
            raise MappingError(f"{where}: MaximumBatchingWindowInSeconds must be 0..300")
        if len(self.filter_patterns) > 5:
            raise MappingError(f"{where}: at most 5 filters, got {len(self.filter_patterns)}")


def not_emulated(props: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(property, why) for each property set in the template that the pollers do not honour."""
    return [(name, why) for name, why in NOT_EMULATED.items() if props.get(name) is not None]


def source_kind(arn: str) -> str:
    service = arn.split(":")[2] if arn.count(":") >= 5 else ""
    if service == "dynamodb" and "/stream/" in arn:
        return STREAM
    if service == "sqs":
        return SQS
    raise MappingError(f"unsupported event source {arn!r}: DynamoDB streams and SQS only")


def _flag(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


def _default(value: Any, default: Any) -> Any:
    return default if value is None else value


@dataclass
class MappingCounters:
    """What a mapping did, for tests and the CLI."""

    invocations: int = 0
    records_delivered: int = 0
    records_filtered: int = 0
    records_discarded: int = 0
    function_errors: int = 0
    partial_failures: int = 0
    throttles: int = 0
