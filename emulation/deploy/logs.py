"""CloudWatch Logs groups and their retention."""

from __future__ import annotations

import contextlib
from typing import Any

from emulation.deploy.engine import (
    CREATED,
    Deployed,
    Result,
    Stack,
    creates,
)


@creates("AWS::Logs::LogGroup")
def _log_group(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    d = s.deployer
    name = p.get("LogGroupName") or d.physical_name(s.name, logical_id, 512)
    logs = d.boto("logs")
    # The Lambda runtime may have created the function's group first.
    with contextlib.suppress(logs.exceptions.ResourceAlreadyExistsException):
        logs.create_log_group(logGroupName=name)
    if "RetentionInDays" in p:
        logs.put_retention_policy(logGroupName=name, retentionInDays=int(p["RetentionInDays"]))
    arn = d.arn("logs", f"log-group:{name}:*")
    return Deployed("AWS::Logs::LogGroup", name, {"Arn": arn}), CREATED, "created in moto"
