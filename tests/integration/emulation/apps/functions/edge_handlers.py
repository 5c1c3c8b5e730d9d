"""Handlers of the edges test app: each route of the test HTTP API exercises one AWS behaviour."""

from __future__ import annotations

import base64
import json
import os
import time
from typing import Any

import boto3


def handler(event: dict[str, Any], context: Any) -> Any:
    """Dispatch on the matched route key, so one function serves every test route."""
    route = event.get("routeKey", "")
    if route.endswith("/boom"):
        raise RuntimeError("boom requested by the test")
    if "/slow" in route:
        time.sleep(float(event.get("queryStringParameters", {}).get("s", "5")))
        return {"statusCode": 200, "body": "late"}
    if route.endswith("/bare"):
        return ["a", "bare", "list"]
    if route.endswith("/binary"):
        return {
            "statusCode": 200,
            "headers": {"content-type": "image/png"},
            "body": base64.b64encode(b"\x89PNG\r\n\x1a\n\x00\x01").decode(),
            "isBase64Encoded": True,
        }
    return {
        "statusCode": 200,
        # A Lambda's own CORS header: API Gateway replaces it with the API's configuration.
        "headers": {
            "content-type": "application/json",
            "x-route": route,
            "access-control-allow-origin": "https://from-the-lambda.example",
        },
        "cookies": ["session=abc; Path=/", "theme=dark"],
        "body": json.dumps({"event": event}),
    }


def record(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Write the received event to the table, so tests see exactly what a target was given."""
    table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
    marker = str(event.get("marker") or event.get("id") or context.aws_request_id)
    table.put_item(Item={"pk": f"EVENT#{marker}", "sk": "EVENT", "event": json.dumps(event)})
    return {"recorded": marker, "exitCode": event.get("exitCode", 0)}
