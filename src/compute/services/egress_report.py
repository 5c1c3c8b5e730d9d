"""What an egress rotation reports: its outcome, the operators' SNS notification
(contracts/schemas/egress-rotation-notification.schema.json) and the handler's summary; and
how ids and addresses are redacted for logs (fingerprints), since only the notification may
carry them in clear."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

SUCCESS = "success"
FAILURE = "failure"
ROLLBACK = "rollback"
ROLLBACK_FAILED = "rollback-failed"
DRY_RUN = "dry-run"

MAX_ERROR_CHARS = 4096
MAX_LEFT_ITEMS = 100
MAX_LEFT_CHARS = 256

_ID_PATTERN = re.compile(r"\b(eipalloc|eipassoc|nat|rtb|subnet|vpc|eni|igw)-[0-9a-f]{6,32}\b")
# Any IPv4 address but 0.0.0.0 (the default route's destination says nothing about anyone).
_IPV4_PATTERN = re.compile(r"\b(?!0\.0\.0\.0\b)(?:\d{1,3}\.){3}\d{1,3}\b")


def fingerprint(value: str) -> str:
    """A stable, non-reversible stand-in for an id or address in logs: `nat-#1a2b3c4d`."""
    digest = hashlib.sha256(value.encode("utf-8")).hexdigest()[:8]
    match = _ID_PATTERN.fullmatch(value)
    prefix = match.group(1) if match else "ip" if _IPV4_PATTERN.fullmatch(value) else "id"
    return f"{prefix}-#{digest}"


def redact(text: str) -> str:
    """`text` with every EC2 id and IPv4 address replaced by its fingerprint."""
    text = _ID_PATTERN.sub(lambda m: fingerprint(m.group(0)), text)
    return _IPV4_PATTERN.sub(lambda m: fingerprint(m.group(0)), text)


@dataclass
class RotationReport:
    outcome: str
    correlation_id: str
    trigger: str
    duration_s: float = 0.0
    old_gateway_id: str | None = None
    old_address: str | None = None
    new_gateway_id: str | None = None
    new_address: str | None = None
    route_table_ids: tuple[str, ...] = ()
    error: str | None = None
    released: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)
    plan: dict[str, Any] | None = None

    def notification(self) -> dict[str, Any]:
        """The SNS message (contracts/schemas/egress-rotation-notification.schema.json)."""
        message: dict[str, Any] = {
            "outcome": self.outcome,
            "correlationId": self.correlation_id,
            "durationS": round(self.duration_s, 3),
        }
        optional = {
            "oldAddress": self.old_address,
            "newAddress": self.new_address,
            "oldGatewayId": self.old_gateway_id,
            "newGatewayId": self.new_gateway_id,
            # The contract caps these; the log line and the report keep the whole text.
            "error": self.error[:MAX_ERROR_CHARS] if self.error else None,
        }
        message.update({k: v for k, v in optional.items() if v})
        if self.left:
            message["left"] = [item[:MAX_LEFT_CHARS] for item in self.left[:MAX_LEFT_ITEMS]]
        return message

    def summary(self) -> dict[str, Any]:
        """What the handler returns: the notification plus the plan and what was released."""
        summary = {**self.notification(), "trigger": self.trigger, "released": self.released}
        summary["routeTableIds"] = list(self.route_table_ids)
        if self.plan is not None:
            summary["plan"] = self.plan
        return summary


class RotationFailed(Exception):
    """Raised after the failure was notified, so the invocation is seen as failed."""

    def __init__(self, report: RotationReport) -> None:
        super().__init__(
            f"egress rotation {report.outcome} (correlation id {report.correlation_id}): "
            f"{redact(report.error or 'no error recorded')}"
        )
        self.report = report
