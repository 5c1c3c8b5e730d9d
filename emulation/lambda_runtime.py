"""Lambda runtime: warm worker processes running the packaged handlers (skeleton)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class FunctionSpec:
    name: str
    arn: str
    handler: str
    code_dir: Path
    environment: dict[str, str] = field(default_factory=dict)
    memory_mb: int = 128
    timeout_s: float = 3.0
    reserved_concurrency: int | None = None
    log_group: str | None = None


@dataclass
class InvokeResult:
    payload: Any
    function_error: str | None
    logs: str
    duration_ms: float
    cold_start: bool
    request_id: str


class LambdaRuntime:
    def __init__(self, log_dir: Path, endpoint_url: str) -> None:
        self.log_dir = log_dir
        self.endpoint_url = endpoint_url

    def register(self, spec: FunctionSpec) -> None:
        raise NotImplementedError

    def invoke(self, name_or_arn: str, event: Any) -> InvokeResult:
        raise NotImplementedError

    def stats(self, name: str) -> dict[str, int]:
        raise NotImplementedError

    def install_into_moto(self) -> None:
        raise NotImplementedError

    def shutdown(self) -> None:
        raise NotImplementedError
