"""The main table (owned by another module) as this module is granted it: item reads and writes
on the table and Query on its named indexes, never Scan or table administration."""

from __future__ import annotations

import json
from pathlib import Path

from aws_cdk import aws_iam as iam

SCHEMAS = Path(__file__).resolve().parents[2] / "contracts" / "schemas"

# The main table's GSIs (docs/DESIGN.md): grants name them instead of `index/*`.
MAIN_TABLE_INDEXES = ("GSI1", "GSI2", "GSI3")
TABLE_READ_ACTIONS = (
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DescribeTable",
)
TABLE_WRITE_ACTIONS = (
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
)


def item_types() -> frozenset[str]:
    """Every main-table item type: the `type` const of each contracts/schemas/*-item schema
    (compute.contracts.item_types reads the same files inside the Lambda asset)."""
    return frozenset(
        json.loads(path.read_text(encoding="utf-8"))["properties"]["type"]["const"]
        for path in SCHEMAS.glob("*-item.schema.json")
    )


def grant_items(principal: iam.IGrantable, table_arn: str) -> None:
    """Item read/write on the main table and its named indexes (no Scan, no table admin)."""
    principal.grant_principal.add_to_principal_policy(
        iam.PolicyStatement(
            actions=[*TABLE_READ_ACTIONS, *TABLE_WRITE_ACTIONS],
            resources=[table_arn],
        )
    )
    principal.grant_principal.add_to_principal_policy(
        iam.PolicyStatement(
            actions=["dynamodb:Query"],
            resources=[f"{table_arn}/index/{index}" for index in MAIN_TABLE_INDEXES],
        )
    )
