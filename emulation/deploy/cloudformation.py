"""Nested stacks, deployed by the engine with their parameters."""

from __future__ import annotations

import json
from typing import Any

from emulation.deploy.engine import (
    CREATED,
    Deployed,
    Result,
    Stack,
    creates,
)


@creates("AWS::CloudFormation::Stack")
def _nested_stack(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    d = s.deployer
    metadata = s.resources[logical_id].get("Metadata", {})
    path = metadata.get("aws:asset:path")
    if path:
        template_path = d.assembly.directory / path
    else:
        template_path = d.assembly.asset(str(p["TemplateURL"]).rsplit("/", 1)[-1])
    template = json.loads(template_path.read_text(encoding="utf-8"))
    nested_name = f"{s.name}-{logical_id}"
    nested = d.deploy_stack(nested_name, template, dict(p.get("Parameters", {})))
    arn = d.arn("cloudformation", f"stack/{nested_name}/local")
    attrs = {"outputs": nested.outputs}
    return Deployed("AWS::CloudFormation::Stack", arn, attrs), CREATED, f"nested {nested_name}"
