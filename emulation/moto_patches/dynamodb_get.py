"""GetItem answered by moto's server thread itself, before werkzeug and moto's request layers.

The API's artist reads and health probes are plain GetItems (a table name and a key, maybe
ConsistentRead). Through werkzeug's WSGI environ, moto's request object, its model-driven
parameter parser and its response wrappers, one cost the cloud's process ~1 ms of CPU around a
dict lookup: about half of the cloud's CPU for GET /v1/artists/{id}. Here such a request is
answered from the same backend as moto's `DynamoHandler.get_item` answers it (the item's
`describe_attrs`, or `{}`), with moto's reply headers (its request id and CRC32, flask-cors'
`Access-Control-Allow-Origin`) and moto's IAM visit. Anything else (another member, an empty
or non-string key value, a missing table, a key that is not the table's, IAM checks or the
request recorder switched on, a browser's Origin) returns None and takes moto's path, which
answers or names the error as before (tests/integration/emulation/test_moto_direct_get_item.py).
"""

from __future__ import annotations

import json
import math
import os
from typing import Any

from emulation.moto_patches.dynamodb import fast_json_body

# Tests switch it off to compare with moto's path.
DIRECT_GET_ITEM_SWITCH = {"on": True}
TARGET = "DynamoDB_20120810.GetItem"
MEMBERS = frozenset({"TableName", "Key", "ConsistentRead"})


def plain_get_item(command: str, path: str, headers: Any) -> bool:
    """Whether a request's line and headers are a GetItem this module may answer."""
    return (
        DIRECT_GET_ITEM_SWITCH["on"]
        and command == "POST"
        and path == "/"
        and headers.get("X-Amz-Target") == TARGET
        and not headers.get("Origin")
        and not headers.get("Content-Encoding")
        and "x-moto-account-id" not in headers
    )


def _request(body: bytes) -> tuple[str, dict[str, Any]] | None:
    try:
        request = json.loads(body)
    except ValueError:
        return None
    if not isinstance(request, dict) or not MEMBERS.issuperset(request):
        return None
    name, key = request.get("TableName"), request.get("Key")
    if not isinstance(name, str) or not isinstance(key, dict) or not 1 <= len(key) <= 2:
        return None
    if not isinstance(request.get("ConsistentRead", False), bool):
        return None
    for value in key.values():
        if not isinstance(value, dict) or len(value) != 1:
            return None
        ((tag, raw),) = value.items()
        if tag not in ("S", "N") or not isinstance(raw, str) or not raw:
            return None
    return name, key


def answer(host: str, headers: Any, body: bytes) -> tuple[list[tuple[str, str]], bytes] | None:
    """(reply headers, body) of a 200 for a plain GetItem, or None for moto's own path."""
    from moto import settings
    from moto.core.responses import BaseResponse
    from moto.dynamodb.models import dynamodb_backends
    from moto.dynamodb.models.utilities import dynamo_to_dict
    from moto.iam.models import get_account_id_from, mark_account_as_visited
    from moto.moto_api import recorder
    from moto.utilities.aws_headers import gen_amz_crc32, gen_amzn_requestid_long

    if not math.isinf(settings.INITIAL_NO_AUTH_ACTION_COUNT) or recorder._user_enabled:
        return None
    parsed = _request(body)
    if parsed is None:
        return None
    name, key = parsed
    region = _region(f"http://{host}/", headers, BaseResponse)
    authorization = headers.get("Authorization") or ""
    found = BaseResponse.access_key_regex.search(authorization)
    access_key = found.group(1) if found else "AKIAEXAMPLE"
    account = os.environ.get("MOTO_ACCOUNT_ID") or get_account_id_from(access_key)
    try:
        backend = dynamodb_backends[account][region]
        table = backend.get_table(name)
        if not all(k in table.attribute_keys for k in key):
            return None
        mark_account_as_visited(
            account_id=account, access_key=access_key, service="dynamodb", region=region
        )
        item = backend.get_item(name, key, None)
    except Exception:  # moto's path raises it again and answers it as DynamoDB does
        return None
    result: dict[str, Any] = {}
    if item:
        result["Item"] = item.describe_attrs(attributes=None).get("Item")
    text = fast_json_body(dynamo_to_dict(result)).encode("utf-8")  # as DynamoResult has it
    extra: dict[str, str] = {}
    gen_amzn_requestid_long(extra)
    gen_amz_crc32(text, extra)
    reply = [
        ("Content-Type", "application/x-amz-json-1.0"),
        ("server", "amazon.com"),
        *extra.items(),
        ("Content-Length", str(len(text))),
        ("Access-Control-Allow-Origin", "*"),  # as flask-cors adds it on moto's path
    ]
    return reply, text


def _region(full_url: str, headers: Any, response: Any) -> str:
    """The region as moto's `BaseResponse.get_region_from_url` reads it."""
    url_match = response.region_regex.search(full_url)
    agent_match = response.region_from_useragent_regex.search(headers.get("User-Agent", ""))
    authorization = headers.get("Authorization") or ""
    if url_match:
        return str(url_match.group(1))
    if agent_match:
        return str(agent_match.group(1))
    if "AWS4" in authorization:
        return str(authorization.split(",")[0].split("/")[2])
    return str(response.default_region)
