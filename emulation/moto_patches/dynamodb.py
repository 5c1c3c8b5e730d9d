"""moto's DynamoDB made faster where the local cloud leans on it: transactions, Query by
partition, replies written with a fast JSON encoder, and DynamoDB requests dispatched directly."""

from __future__ import annotations

import base64
import json
import math
import threading
from datetime import datetime
from typing import Any


def install_fast_moto_transactions() -> None:
    """moto 5.2.5's TransactWriteItems deep-copies the whole table once per item (for its
    rollback): O(table) per item, seconds per call once a run has written thousands of items,
    and it breaks ("dictionary changed size") when another thread writes meanwhile. This
    replacement checks every condition first and then applies the writes, so it needs no
    rollback copy; transactions are serialised with one lock. Same results, same errors.

    moto also checks a single PutItem/UpdateItem/DeleteItem condition and then writes without
    a lock, so two threads could both pass `attribute_not_exists` (two scrapers took one host's
    lease 0.25 s apart); DynamoDB applies each conditional write atomically, so these take the
    same lock here."""
    import moto.dynamodb.models as models
    from moto.dynamodb.exceptions import (
        ConditionalCheckFailed,
        MultipleTransactionsException,
        TooManyTransactionsException,
        TransactionCanceledException,
        TransactWriteSingleOpException,
    )

    backend = models.DynamoDBBackend
    if getattr(backend, "_local_cloud_fast_transactions", False):
        return
    lock = threading.RLock()  # re-entered: a transaction applies its writes through put_item...
    filter_expression = models.get_filter_expression  # type: ignore[attr-defined]

    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        if len(transact_items) > 100:
            raise TooManyTransactionsException()
        with lock:
            seen: set[tuple[str, str]] = set()
            planned: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
            errors: list[Any] = []
            for item in transact_items:
                if len(item) > 1:
                    raise TransactWriteSingleOpException
                op_type, op = next(iter(item.items()))
                if op_type not in {"ConditionCheck", "Put", "Delete", "Update"}:
                    raise ValueError("Unsupported transaction operation")
                table = self.get_table(op["TableName"])
                if op_type == "Put":
                    attrs = op["Item"]
                    key = {table.hash_key_attr: attrs[table.hash_key_attr]}
                    if table.range_key_attr is not None:
                        key[table.range_key_attr] = attrs[table.range_key_attr]
                else:
                    key = op["Key"]
                marker = (str(op["TableName"]), str(dict(sorted(key.items()))))
                if marker in seen:
                    raise MultipleTransactionsException()
                seen.add(marker)
                original: Any = None
                try:
                    current = self.get_item(op["TableName"], key)
                    expression = op.get("ConditionExpression")
                    if expression is not None:
                        condition = filter_expression(
                            expression,
                            op.get("ExpressionAttributeNames"),
                            op.get("ExpressionAttributeValues"),
                        )
                        if not condition.expr(current):
                            wants_old = op.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD"
                            if wants_old and current:
                                original = current.to_json()["Attributes"]
                            raise ConditionalCheckFailed(item=original)
                    errors.append((None, None, None))
                    planned.append((op_type, op, key))
                except ConditionalCheckFailed as error:
                    errors.append(("ConditionalCheckFailed", str(error.message), original))
            if any(code is not None for code, _, _ in errors):
                raise TransactionCanceledException(errors)
            for op_type, op, key in planned:
                names = op.get("ExpressionAttributeNames")
                values = op.get("ExpressionAttributeValues")
                if op_type == "Put":
                    self.put_item(op["TableName"], op["Item"])
                elif op_type == "Delete":
                    self.delete_item(op["TableName"], key)
                elif op_type == "Update":
                    self.update_item(
                        op["TableName"],
                        key,
                        update_expression=op["UpdateExpression"],
                        expression_attribute_names=names,
                        expression_attribute_values=values,
                    )

    backend.transact_write_items = transact_write_items  # type: ignore[method-assign]

    def atomic(name: str) -> None:
        unlocked = getattr(backend, name)

        def locked(self: Any, *args: Any, **kwargs: Any) -> Any:
            with lock:
                return unlocked(self, *args, **kwargs)

        setattr(backend, name, locked)

    for name in ("put_item", "update_item", "delete_item"):
        atomic(name)
    backend._local_cloud_fast_transactions = True  # type: ignore[attr-defined]


def install_fast_moto_query() -> None:
    """moto 5.2.5 answers every Query by sorting all the table's items (Python comparisons of
    DynamoType keys) and then keeping the ones whose key matches: O(table log table) per page.
    - A run's summary reads its RUN#<id> partition (~20,000 items) page by page from a table of
      ~60,000; each page took longer than the client's 30 s read timeout.
    - A GSI lookup (an artist by handle, once per scrape job) took ~0.5 s at 60,000 items.
    DynamoDB reads only the partition asked for. Here, while a Query runs, `all_items` in that
    request's thread returns only the candidates: for the base table the one partition (query()
    sorts it by range key, as before); for an index the items whose attributes equal every
    hash-key condition, in moto's order, found without sorting the whole table. moto still
    applies all its own conditions to them, so the answers are the same. Scans are unchanged."""
    from moto.dynamodb.models.table import Table

    if getattr(Table, "_local_cloud_fast_query", False):
        return
    candidates = threading.local()
    # moto's own methods stay reachable (tests compare the two).
    Table._moto_all_items = Table.all_items  # type: ignore[attr-defined]
    Table._moto_query = Table.query  # type: ignore[attr-defined]

    def matches(value: Any, expected: Any) -> bool:
        return value is not None and bool(value == expected)  # DynamoType == None raises

    def every_item(self: Any) -> list[Any]:
        # moto's all_items, over a snapshot: its loop over the live dict raised "dictionary
        # changed size during iteration" when a Scan met another thread's put (list() of a
        # dict view is one step under the GIL).
        partitions = list(self.items.values())
        items = (
            [i for p in partitions for i in list(p.values())] if self.range_key_attr else partitions
        )
        return sorted(items, key=lambda x: (x.hash_key, x.range_key) if x.range_key else x.hash_key)

    Table._local_all_items = every_item  # type: ignore[attr-defined]

    def candidate_items(self: Any) -> list[Any]:
        partition_key = getattr(candidates, "partition", None)
        if partition_key is not None and self.range_key_attr:
            partition = self.items.get(partition_key)  # .get: the defaultdict must not grow
            return list(partition.values()) if partition else []
        conditions = getattr(candidates, "index_conditions", None)
        if not conditions:
            return Table._local_all_items(self)  # type: ignore[attr-defined,no-any-return]
        values = list(self.items.values())
        every = [i for p in values for i in p.values()] if self.range_key_attr else values
        if len(conditions) == 1 and conditions[0][1].type == "S":
            # The common case, one string key: compared raw, without DynamoType's cast_value.
            name, text = conditions[0][0], conditions[0][1].value
            found = [
                i
                for i in every
                if (v := i.attrs.get(name)) is not None and v.value == text and v.type == "S"
            ]
        else:
            found = [i for i in every if all(matches(i.attrs.get(a), v) for a, v in conditions)]
        return sorted(
            found, key=lambda x: (x.hash_key, x.range_key) if x.range_key else x.hash_key
        )  # moto's all_items order, on the matches only

    def candidate_query(self: Any, hash_key: Any, *args: Any, **kwargs: Any) -> Any:
        # moto's backend passes index_name as the 8th positional argument (after self).
        index_name = args[6] if len(args) > 6 else kwargs.get("index_name")
        if index_name:
            candidates.index_conditions = kwargs.get("hash_key_conditions") or None
        elif hash_key is not None:
            candidates.partition = hash_key
        try:
            return Table._moto_query(self, hash_key, *args, **kwargs)  # type: ignore[attr-defined]
        finally:
            candidates.partition = candidates.index_conditions = None

    Table.all_items = candidate_items  # type: ignore[method-assign]
    Table.query = candidate_query  # type: ignore[method-assign]
    setattr(Table, "_local_cloud_fast_query", True)  # noqa: B010 - a marker on moto's class


FAST_JSON_ACTIONS = frozenset(
    {
        "GetItem",
        "PutItem",
        "UpdateItem",
        "DeleteItem",
        "Query",
        "Scan",
        "BatchGetItem",
        "BatchWriteItem",
        "TransactGetItems",
        "TransactWriteItems",
        "GetRecords",
    }
)


def fast_json_body(result: dict[str, Any]) -> str:
    """A JSON-protocol reply body for a wire-shaped result: None members are left out, blobs
    are base64 and timestamps epoch seconds, as the JSON protocol has them. TypeError for
    anything else."""

    def without_none(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: without_none(v) for k, v in value.items() if v is not None}
        if isinstance(value, list):
            return [without_none(v) for v in value]
        return value

    def wire(value: Any) -> Any:
        if isinstance(value, bytes | bytearray):
            return base64.b64encode(value).decode("ascii")
        if isinstance(value, datetime):  # whole milliseconds, as moto's serializer writes them
            return math.floor(value.timestamp() * 1000) / 1000
        raise TypeError(f"not JSON-protocol data: {type(value).__name__}")

    return json.dumps(without_none(result), default=wire, separators=(",", ":"))


# Tests switch the fast path off to compare it with moto's own serializer.
FAST_JSON_SWITCH = {"on": True}


def install_fast_moto_json() -> None:
    """moto 5.2.5 serializes every DynamoDB reply by walking the operation's output shape value by
    value: ~6 ms for one five-item Query, most of the CPU of a GetItem served to the API. Replies
    of FAST_JSON_ACTIONS are dumped directly instead (same JSON once parsed; tested against the
    generic serializer); errors and every other action keep moto's path."""
    from moto.dynamodb.responses import DynamoHandler
    from moto.dynamodbstreams.responses import DynamoDBStreamsHandler

    for handler in (DynamoHandler, DynamoDBStreamsHandler):
        if getattr(handler, "_local_cloud_fast_json", False):
            continue
        generic = handler.serialized

        def serialized(self: Any, action_result: Any, _generic: Any = generic) -> Any:
            result = action_result.result
            fast = FAST_JSON_SWITCH["on"] and type(result) is dict
            if fast and self._get_action() in FAST_JSON_ACTIONS:
                try:
                    body = fast_json_body(result)
                except TypeError:
                    return _generic(self, action_result)
                headers = {"Content-Type": "application/x-amz-json-1.0", **self.response_headers}
                return 200, headers, body
            return _generic(self, action_result)

        handler.serialized = serialized  # type: ignore[method-assign]
        setattr(handler, "_local_cloud_fast_json", True)  # noqa: B010 - a marker on moto's class


# Tests switch the direct DynamoDB dispatch off to compare it with moto's Flask app.
DIRECT_DYNAMODB_SWITCH = {"on": True}
# DynamoDB's data plane: one URL, the action in X-Amz-Target (DynamoDB Streams has its own).
DYNAMODB_TARGET_PREFIX = "DynamoDB_20120810."


def install_direct_dynamodb_dispatch() -> None:
    """moto 5.2.5 serves every request through a Flask app per service (an app and a request
    context, URL routing, flask-cors' after-request hook) around `DynamoHandler.dispatch`; for a
    GetItem that wrapping cost more CPU than the lookup. DynamoDB data-plane requests (POST /
    with `X-Amz-Target: DynamoDB_20120810.*`, no Origin) are handed to that same dispatch
    directly, as moto's Flask view (`convert_to_flask_response`) does, and the reply keeps its
    status, headers (flask-cors' `Access-Control-Allow-Origin: *` included) and body. A
    browser's request (Origin), any other path, and every other service keep moto's path."""
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication

    if getattr(DomainDispatcherApplication, "_local_cloud_direct_dynamodb", False):
        return
    through_flask = DomainDispatcherApplication.__call__

    def dispatch(self: Any, environ: dict[str, Any], start_response: Any) -> Any:
        direct = (
            DIRECT_DYNAMODB_SWITCH["on"]
            and environ.get("HTTP_X_AMZ_TARGET", "").startswith(DYNAMODB_TARGET_PREFIX)
            and environ.get("REQUEST_METHOD") == "POST"
            and environ.get("PATH_INFO") == "/"
            and "HTTP_ORIGIN" not in environ
        )
        if not direct:
            return through_flask(self, environ, start_response)
        return _dynamodb_reply(environ)(environ, start_response)

    DomainDispatcherApplication.__call__ = dispatch  # type: ignore[method-assign]
    setattr(DomainDispatcherApplication, "_local_cloud_direct_dynamodb", True)  # noqa: B010


def _dynamodb_reply(environ: dict[str, Any]) -> Any:
    """What moto's Flask view answers a DynamoDB request, as a werkzeug Response."""
    from botocore.exceptions import ClientError
    from moto.core.request import normalize_request
    from moto.dynamodb.responses import DynamoHandler
    from moto.moto_api import recorder
    from moto.moto_server.werkzeug_app import BackendRequest
    from werkzeug.wrappers import Response

    request = normalize_request(BackendRequest(environ))
    recorder._record_request(request)
    try:
        result = DynamoHandler.dispatch(request, request.raw_url, dict(request.headers))
    except ClientError as exc:
        result = 400, {}, exc.response["Error"]["Message"]
    status, headers, content = result if len(result) == 3 else (200, {}, result)
    response = Response(response=content, status=status, headers=headers)
    response.headers["Access-Control-Allow-Origin"] = "*"  # as flask-cors adds it
    return response


# How long a kept-alive connection to moto may sit idle before the server closes it (clients
# check a pooled connection before reusing it and reconnect when it was closed).
