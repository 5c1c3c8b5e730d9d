"""moto patched where the local cloud needs it faster or closer to AWS (moto 5.2.x internals).

Each patch says what moto does, what AWS does and what changes; `install_all()` applies them
once, before moto's server starts (`emulation.aws.MotoServer`). They replace moto internals that
change between minor releases, so another release is refused at start-up (MOTO_TESTED).
"""

from __future__ import annotations

import base64
import contextlib
import functools
import json
import math
import socket
import threading
from collections.abc import Iterator
from datetime import datetime
from typing import Any

# The moto releases the patches below are tested on (pyproject.toml pins the
# same range): they replace moto internals (models, responses, dispatch) that change between
# minor releases, so another release is refused at start-up instead of misbehaving later.
MOTO_TESTED = ">=5.2.5,<5.3"


class MotoVersionUnsupported(RuntimeError):
    """The installed moto is outside the range the local cloud's patches are tested on."""


def check_moto_version(installed: str | None = None) -> None:
    """Raise MotoVersionUnsupported, saying what to install, unless moto is in MOTO_TESTED."""
    from importlib.metadata import version

    from packaging.specifiers import SpecifierSet

    installed = installed or version("moto")
    if installed not in SpecifierSet(MOTO_TESTED):
        raise MotoVersionUnsupported(
            f"the local cloud patches moto's internals and is tested on moto{MOTO_TESTED}, "
            f"but moto {installed} is installed: install the locked one "
            "(uv pip install -r requirements/dev.lock, or run through nox), or test the "
            "patches in emulation/moto_patches.py on the new release and widen MOTO_TESTED and "
            "pyproject.toml together"
        )


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

    def candidate_items(self: Any) -> list[Any]:
        partition_key = getattr(candidates, "partition", None)
        if partition_key is not None and self.range_key_attr:
            partition = self.items.get(partition_key)  # .get: the defaultdict must not grow
            return list(partition.values()) if partition else []
        conditions = getattr(candidates, "index_conditions", None)
        if not conditions:
            return Table._moto_all_items(self)  # type: ignore[attr-defined,no-any-return]
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


def install_fast_moto_sqs_send() -> None:
    """moto 5.2.5's SendMessage reads one queue attribute (ContentBasedDeduplication, which only
    FIFO queues have) through `Queue.attributes`, which builds every attribute, three of them
    counts over all the queue's messages: O(queue) per message sent, so queueing 4,300 scrape
    jobs took minutes and 20,000 would take hours. While a message is being sent, `attributes`
    answers with just that attribute; every other reader gets the full set as before."""
    from moto.sqs.models import Queue, SQSBackend

    if getattr(SQSBackend, "_local_cloud_fast_send", False):
        return
    sending = threading.local()
    full_attributes = Queue.attributes

    def attributes(self: Any) -> dict[str, Any]:
        if id(getattr(sending, "queue", None)) != id(self):  # not this queue's send
            result: dict[str, Any] = full_attributes.fget(self)  # type: ignore[attr-defined]
            return result
        fifo, content_based = self.fifo_queue, self.content_based_deduplication
        return {"ContentBasedDeduplication": str(content_based).lower()} if fifo else {}

    send = SQSBackend.send_message

    def send_message(self: Any, queue_name: str, *args: Any, **kwargs: Any) -> Any:
        sending.queue = self.get_queue(queue_name)
        try:
            return send(self, queue_name, *args, **kwargs)
        finally:
            sending.queue = None

    Queue.attributes = property(attributes)  # type: ignore[assignment,method-assign]
    SQSBackend.send_message = send_message  # type: ignore[method-assign]
    setattr(SQSBackend, "_local_cloud_fast_send", True)  # noqa: B010 - a marker on moto's class


def install_fast_moto_sqs_retention() -> None:
    """moto 5.2.5 checks each message a ReceiveMessage returns against the queue's retention
    period by building every attribute of the queue, three of them counts over all its messages:
    O(queue) per message. With 4,300 scrape jobs queued, ten scraper tasks' first receives took
    minutes, their retries piled up and the server never recovered. The period is read directly;
    the check is unchanged."""
    from moto.core.utils import unix_time
    from moto.sqs.models import SQSBackend

    if getattr(SQSBackend, "_local_cloud_fast_retention", False):
        return

    def is_message_valid_based_on_retention_period(
        self: Any, queue_name: str, message: Any
    ) -> bool:
        period = float(self.get_queue(queue_name).message_retention_period)
        return bool(period + message.sent_timestamp / 1000 > unix_time())

    SQSBackend.is_message_valid_based_on_retention_period = (  # type: ignore[method-assign]
        is_message_valid_based_on_retention_period
    )
    setattr(SQSBackend, "_local_cloud_fast_retention", True)  # noqa: B010 - a marker on moto's class


def install_fast_moto_list_metrics() -> None:
    """moto 5.2.5's ListMetrics compares every datapoint ever put with every metric listed so
    far: O(datapoints x metrics). After a chaos run's 20,000 datapoints one call took seconds,
    and on a busy machine past botocore's 60 s read timeout. Distinct metrics are kept in a
    set by (namespace, name, dimensions); the filter on namespace, name and dimensions is
    moto's own. A metric without dimensions is listed once, as in AWS (moto listed it once per
    datapoint)."""
    from moto.cloudwatch.models import CloudWatchBackend

    if getattr(CloudWatchBackend, "_local_cloud_fast_list_metrics", False):
        return

    def get_filtered_metrics(
        self: Any, metric_name: str, namespace: str, dimensions: list[dict[str, str]]
    ) -> list[Any]:
        seen: set[tuple[str, str, frozenset[tuple[str, str]]]] = set()
        listed: list[Any] = []
        for datum in self.get_all_metrics():
            if not datum.filter(namespace=namespace, name=metric_name, dimensions=dimensions):
                continue
            key = (
                datum.namespace,
                datum.name,
                frozenset((d.name, d.value) for d in datum.dimensions),
            )
            if key not in seen:
                seen.add(key)
                listed.append(datum)
        return listed

    CloudWatchBackend.get_filtered_metrics = get_filtered_metrics  # type: ignore[method-assign]
    setattr(CloudWatchBackend, "_local_cloud_fast_list_metrics", True)  # noqa: B010 - a marker on moto's class


def install_fast_moto_sqs_in_flight() -> None:
    """moto 5.2.5 finds the message a DeleteMessage's receipt handle names by scanning the
    whole queue twice, in Python, then rebuilds the list without it. A 5,000-studio run queues
    ~22,000 scrape jobs and deletes each once: O(queue) per delete, O(queue²) per run. A handle
    a consumer holds names a message in flight, which moto also keeps in the queue's small
    `pending_messages` set: that set is looked at first and the message removed by identity; a
    handle not found there (a lease that ran out, a stale handle) takes moto's own scan, so
    every answer and error is unchanged. (ChangeMessageVisibility stops at the message, and
    in-flight messages are the queue's oldest.) The visible messages every ReceiveMessage (and
    each second of its long poll) lists are read from the messages' times with the clock read
    once, not twice per message through two properties: the same list, ~5x cheaper."""
    from moto.core.utils import unix_time_millis
    from moto.sqs.models import Queue

    if getattr(Queue, "_local_cloud_in_flight", False):
        return
    scan_delete = Queue.delete_message

    def in_flight(queue: Any, receipt_handle: str) -> Any:
        for message in list(queue.pending_messages):
            if message.had_receipt_handle(receipt_handle) and message in queue._messages:
                return message
        return None

    def delete_message(self: Any, receipt_handle: str) -> None:
        if receipt_handle in self.deleted_messages:
            return
        message = in_flight(self, receipt_handle)
        if message is None:
            return scan_delete(self, receipt_handle)
        self._messages.remove(message)  # by identity: moto's messages define no equality
        self.pending_messages.discard(message)
        self.deleted_messages.update(message.all_receipt_handles)
        return None

    def messages(self: Any) -> list[Any]:
        now = unix_time_millis()  # once, not twice per message
        return [m for m in self._messages if now > m.visible_at and now >= m.delayed_until]

    Queue.delete_message = delete_message  # type: ignore[method-assign]
    Queue.messages = property(messages)  # type: ignore[method-assign,assignment]
    setattr(Queue, "_local_cloud_in_flight", True)  # noqa: B010 - a marker on moto's class


def install_fast_moto_backend_lookup() -> None:
    """moto 5.2.5 looks up an account's backends (`BackendDict[account]`, several times a
    request: the IAM visit every request records, then the service's own) under one lock all
    request threads share, listing the dict's keys and comparing the dict with every other
    in-use one on each lookup; under a scrape's load the threads queue on that lock. An account
    already present is returned at once (a dict read is atomic); a missing one still takes
    moto's path, which creates and registers it under the lock. A reset empties every dict it
    registered, so no lookup finds an account moto forgot."""
    from moto.core.base_backend import BackendDict

    if getattr(BackendDict, "_local_cloud_fast_lookup", False):
        return
    create_and_get = BackendDict.__getitem__

    def lookup(self: Any, account_id: str) -> Any:
        found = dict.get(self, account_id)
        return found if found is not None else create_and_get(self, account_id)

    BackendDict.__getitem__ = lookup  # type: ignore[method-assign]
    setattr(BackendDict, "_local_cloud_fast_lookup", True)  # noqa: B010 - a marker on moto's class


def install_fast_moto_dispatch() -> None:
    """moto 5.2.5 lists its package directory (an `isdir` per service, ~150) to route every
    request, inside the server's one dispatch lock, and walks each response class with
    `inspect.getmembers` on every call. Neither answer changes while the process runs, so both are
    computed once: that was most of moto's per-request CPU on the API's hot path."""
    import moto.backends as backends
    import moto.core.responses as responses
    import moto.core.utils as utils

    if getattr(backends, "_local_cloud_fast_dispatch", False):
        return
    modules = tuple(backends.list_of_moto_modules())
    backends.list_of_moto_modules = lambda: modules
    method_names = functools.cache(utils.method_names_from_class)
    utils.method_names_from_class = method_names
    responses.method_names_from_class = method_names  # type: ignore[attr-defined]
    backends._local_cloud_fast_dispatch = True  # type: ignore[attr-defined]


# DynamoDB data-plane replies (and stream reads) are already in wire shape once moto has turned its
# DynamoType values into dicts; these skip moto's generic, shape-walking serializer.
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
KEEP_ALIVE_IDLE_S = 120.0


def keep_alive_handler() -> type:
    """moto's request handler with HTTP/1.1 keep-alive.

    werkzeug's development server closes every connection after one reply (it cannot drain an
    unread request body before the next request line), so each AWS call opened a TCP
    connection and started a server thread: on the API's hot path that was a connect, an
    accept and a thread per GetItem. This handler reads the body (Content-Length) before moto
    sees it, so nothing is left unread, and keeps the connection open. Requests it cannot
    frame that way (chunked bodies, `Expect: 100-continue`) keep werkzeug's close."""
    import io

    from moto.moto_server.werkzeug_app import MotoRequestHandler

    class KeepAliveMotoRequestHandler(MotoRequestHandler):
        timeout = KEEP_ALIVE_IDLE_S
        # A reply's head and body leave in one write: on a kept-alive connection, two small
        # segments meet the client's delayed ACK (40 ms a call, measured).
        wbufsize = 64 * 1024
        _keep_alive = False

        def setup(self) -> None:
            super().setup()
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            connections = getattr(self.server, "local_cloud_connections", None)
            if connections is not None:
                connections.add(self.connection)

        def finish(self) -> None:
            connections = getattr(self.server, "local_cloud_connections", None)
            if connections is not None:
                connections.discard(self.connection)
            super().finish()

        def run_wsgi(self) -> None:
            headers = self.headers
            framed = (
                "chunked" not in headers.get("Transfer-Encoding", "").lower()
                and not headers.get("Expect")
                and headers.get("Content-Length", "0").isdigit()
            )
            wire, self._keep_alive = self.rfile, framed
            if framed:
                self.rfile = io.BytesIO(wire.read(int(headers.get("Content-Length", "0"))))
            try:
                super().run_wsgi()
            finally:
                self.rfile = wire
                self.wfile.flush()  # werkzeug writes a chunked reply's last chunk unflushed

        def send_header(self, keyword: str, value: str) -> None:
            if self._keep_alive and keyword.lower() == "connection" and value.lower() == "close":
                return  # werkzeug's unconditional close; the body was read in full
            super().send_header(keyword, value)

        def log_error(self, format: str, *args: Any) -> None:
            if not format.startswith("Request timed out"):  # an idle kept connection closing
                super().log_error(format, *args)

    return KeepAliveMotoRequestHandler


def install_moto_keep_alive() -> None:
    """ThreadedMotoServer builds its server with `keep_alive_handler()`'s handler."""
    import moto.moto_server.threaded_moto_server as threaded

    if getattr(threaded, "_local_cloud_keep_alive", False):
        return
    threaded.MotoRequestHandler = keep_alive_handler()  # type: ignore[attr-defined,assignment]
    threaded._local_cloud_keep_alive = True  # type: ignore[attr-defined]


# The identity AWS gives a deletion the service made itself (TTL), in GetRecords' shape.
SERVICE_IDENTITY = {"PrincipalId": "dynamodb.amazonaws.com", "Type": "Service"}
_service_deletion = threading.local()


@contextlib.contextmanager
def service_deletion() -> Iterator[None]:
    """Writes in this block are DynamoDB's own (TTL): their stream records carry its identity."""
    _service_deletion.active = True
    try:
        yield
    finally:
        _service_deletion.active = False


def install_service_deletions() -> None:
    """moto's stream records never carry `userIdentity`; AWS's record of a TTL deletion names
    the service. A record made inside `service_deletion()` (this thread) gets it."""
    from moto.dynamodb.models.table import StreamShard

    if getattr(StreamShard, "_local_cloud_service_identity", False):
        return
    add = StreamShard.add

    def add_with_identity(self: Any, old: Any, new: Any) -> None:
        add(self, old, new)
        if getattr(_service_deletion, "active", False) and self.items:
            self.items[-1].record["userIdentity"] = dict(SERVICE_IDENTITY)

    StreamShard.add = add_with_identity  # type: ignore[method-assign]
    StreamShard._local_cloud_service_identity = True  # type: ignore[attr-defined]


class StreamActivity:
    """Records moto appended to any table's stream in this process (and pokes: a drain or a
    stop), so a stream poller can sleep until one arrives instead of asking an idle stream ten
    times a second (GetRecords through HTTP, most of the idle cloud's CPU)."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._count = 0
        self._endpoints: set[str] = set()  # servers of this process, whose writes are seen

    def notify(self) -> None:
        with self._changed:
            self._count += 1
            self._changed.notify_all()

    def seen(self) -> int:
        """A mark to wait from: read it before looking at the streams."""
        return self._count

    def wait(self, since: int, timeout_s: float) -> None:
        """Until a record (or a poke) arrived after `since`, or `timeout_s` passed."""
        with self._changed:
            self._changed.wait_for(lambda: self._count != since, timeout_s)

    def serve(self, endpoint: str) -> None:
        self._endpoints.add(endpoint.rstrip("/"))

    def unserve(self, endpoint: str) -> None:
        self._endpoints.discard(endpoint.rstrip("/"))

    def observes(self, endpoint: str) -> bool:
        """Whether writes through `endpoint` reach this process's moto (and so `notify`)."""
        return endpoint.rstrip("/") in self._endpoints


STREAM_ACTIVITY = StreamActivity()


def install_stream_activity() -> None:
    """Every record moto appends to a table's stream notifies STREAM_ACTIVITY."""
    from moto.dynamodb.models.table import StreamShard

    if getattr(StreamShard, "_local_cloud_activity", False):
        return
    add = StreamShard.add

    def add_and_notify(self: Any, old: Any, new: Any) -> None:
        add(self, old, new)
        STREAM_ACTIVITY.notify()

    StreamShard.add = add_and_notify  # type: ignore[method-assign]
    setattr(StreamShard, "_local_cloud_activity", True)  # noqa: B010 - a marker on moto's class


def install_all() -> None:
    """Every patch, in the order the server relies on (each is applied once per process)."""
    install_fast_moto_transactions()
    install_fast_moto_query()
    install_fast_moto_sqs_retention()
    install_fast_moto_sqs_send()
    install_fast_moto_sqs_in_flight()
    install_fast_moto_list_metrics()
    install_fast_moto_backend_lookup()
    install_fast_moto_dispatch()
    install_fast_moto_json()
    install_moto_keep_alive()
    install_service_deletions()
    install_stream_activity()  # after: a record is announced once its identity is set
    install_direct_dynamodb_dispatch()
