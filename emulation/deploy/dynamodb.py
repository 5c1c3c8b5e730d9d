"""DynamoDB tables (the test suites build the main table with `create_table` too)."""

from __future__ import annotations

from typing import Any

from emulation.deploy.engine import (
    CREATED,
    Deployed,
    Result,
    Stack,
    creates,
)


def create_table(ddb: Any, name: str, p: dict[str, Any]) -> dict[str, Any]:
    """Create `name` in moto as a template's table properties `p` say (keys, indexes, billing,
    stream, TTL) and return its TableDescription; tests build the main table with it too."""
    request: dict[str, Any] = {
        "TableName": name,
        "KeySchema": p["KeySchema"],
        "AttributeDefinitions": p["AttributeDefinitions"],
    }
    provisioned = p.get("BillingMode") == "PROVISIONED" or "ProvisionedThroughput" in p
    throughput = {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}
    if provisioned:
        request["ProvisionedThroughput"] = p.get("ProvisionedThroughput", throughput)
    else:
        request["BillingMode"] = "PAY_PER_REQUEST"
    for key in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
        if p.get(key):
            indexes = []
            for index in p[key]:
                item = {k: index[k] for k in ("IndexName", "KeySchema", "Projection")}
                if provisioned and key == "GlobalSecondaryIndexes":
                    item["ProvisionedThroughput"] = index.get("ProvisionedThroughput", throughput)
                indexes.append(item)
            request[key] = indexes
    stream = p.get("StreamSpecification") or {}
    if stream.get("StreamViewType"):
        request["StreamSpecification"] = {
            "StreamEnabled": True,
            "StreamViewType": stream["StreamViewType"],
        }
    description: dict[str, Any] = ddb.create_table(**request)["TableDescription"]
    ttl = p.get("TimeToLiveSpecification")
    if ttl and ttl.get("Enabled", True) and ttl.get("AttributeName"):
        ddb.update_time_to_live(
            TableName=name,
            TimeToLiveSpecification={"Enabled": True, "AttributeName": ttl["AttributeName"]},
        )
    return description


@creates("AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable")
def _table(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    d = s.deployer
    name = p.get("TableName") or d.physical_name(s.name, logical_id, 255)
    description = create_table(d.boto("dynamodb"), name, p)
    ttl = p.get("TimeToLiveSpecification")
    attributes = {"Arn": description["TableArn"]}
    if "LatestStreamArn" in description:
        attributes["StreamArn"] = description["LatestStreamArn"]
    detail = "created in moto" + (" (TTL is recorded, moto never expires items)" if ttl else "")
    return Deployed("AWS::DynamoDB::Table", name, attributes), CREATED, detail
