"""SSM parameters."""

from __future__ import annotations

from typing import Any

from emulation.deploy.engine import (
    CREATED,
    Deployed,
    Result,
    Stack,
    creates,
)


@creates("AWS::SSM::Parameter")
def _parameter(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    d = s.deployer
    name = p.get("Name") or d.physical_name(s.name, logical_id, 1011)
    d.boto("ssm").put_parameter(
        Name=name, Value=str(p["Value"]), Type=p.get("Type", "String"), Overwrite=True
    )
    return (
        Deployed(
            "AWS::SSM::Parameter", name, {"Type": p.get("Type", "String"), "Value": p["Value"]}
        ),
        (CREATED),
        "created in moto",
    )
