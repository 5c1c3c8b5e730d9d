"""The main table, created for a test as the synthesized CDK template defines it.

Its keys, indexes, stream and TTL come from the `MainTable` resource of the assembly the local
cloud deploys (infra/cdk.out, synthesized first when missing or stale) and are created the way
the local cloud's deploy creates them, so no test keeps a copy of the table's shape.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from emulation.assembly import ensure_assembly
from emulation.deploy import create_table

# The table's logical id in the foundation stack (infra/stacks/foundation_stack.py).
LOGICAL_ID = "MainTable"


@functools.cache
def main_table_properties() -> dict[str, Any]:
    """The main table's properties in the synthesized template (read once per session)."""
    assembly = ensure_assembly()[0]
    for template in sorted(assembly.glob("*.template.json")):
        resource = json.loads(template.read_text())["Resources"].get(LOGICAL_ID)
        if resource and resource["Type"] == "AWS::DynamoDB::Table":
            return dict(resource["Properties"])
    raise LookupError(
        f"no AWS::DynamoDB::Table {LOGICAL_ID!r} in {assembly}/*.template.json; "
        "delete the assembly to have it synthesized again"
    )


def create_main_table(dynamodb: Any, name: str) -> dict[str, Any]:
    """Create the main table as `name` with this DynamoDB client (a moto server's, or
    mock_aws's); returns its TableDescription (LatestStreamArn included)."""
    return create_table(dynamodb, name, main_table_properties())
