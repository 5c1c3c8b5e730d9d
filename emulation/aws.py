"""The AWS APIs of the local cloud: moto's server, embedded in this process.

One endpoint serves every service; it is handed to everything as AWS_ENDPOINT_URL. Step Functions
execution is switched on, and MOTO_PORT is set because moto's Step Functions engine calls the other
services through `localhost:$MOTO_PORT`.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import urllib.request
from typing import Any

import boto3
from botocore.config import Config

REGION = "eu-west-2"
# moto's default account; ARNs the local cloud builds use it.
ACCOUNT_ID = "123456789012"
MOTO_CONFIG: dict[str, Any] = {
    "stepfunctions": {"execute_state_machine": True},
    "lambda": {"use_docker": False},
}
# Credentials that can never reach a real account.
FAKE_CREDENTIALS = {
    "aws_access_key_id": "testing",
    "aws_secret_access_key": "testing",
    "aws_session_token": "testing",
}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def client(service: str, endpoint_url: str | None = None, **config: Any) -> Any:
    """A boto3 client bound to the local endpoint (or AWS_ENDPOINT_URL), fake credentials."""
    endpoint = endpoint_url or os.environ.get("AWS_ENDPOINT_URL")
    if not endpoint:
        raise RuntimeError(
            f"no endpoint for a local {service} client: start MotoServer or set AWS_ENDPOINT_URL"
        )
    return boto3.client(  # type: ignore[call-overload]
        service,
        endpoint_url=endpoint,
        region_name=REGION,
        config=Config(retries={"max_attempts": 2, "mode": "standard"}, **config),
        **FAKE_CREDENTIALS,
    )


def configure(endpoint_url: str) -> None:
    """Apply MOTO_CONFIG to a moto server (e.g. one a test fixture started)."""
    _post(endpoint_url, "/moto-api/config", MOTO_CONFIG)


def _post(endpoint_url: str, path: str, body: Any) -> None:
    data = b"" if body is None else json.dumps(body).encode()
    request = urllib.request.Request(  # noqa: S310 - the local moto endpoint
        endpoint_url.rstrip("/") + path, data=data, method="POST"
    )
    # The moto endpoint the local cloud started (http://127.0.0.1:port), never a file: URL.
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310  # nosec B310
        response.read()


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


class MotoServer:
    """moto's ThreadedMotoServer on 127.0.0.1 and a free port, configured for the local cloud."""

    def __init__(self, port: int | None = None) -> None:
        self._requested_port = port
        self._server: Any = None
        self.port: int = 0
        self.endpoint: str = ""

    def start(self) -> str:
        """Start the server, apply the local cloud's moto config, export the endpoint."""
        from moto.server import ThreadedMotoServer

        if self._server is not None:
            return self.endpoint
        self.port = self._requested_port or free_port()
        # werkzeug logs every request at INFO; the local cloud's own logs must stay readable.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        install_fast_moto_transactions()
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self._server.start()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        os.environ["MOTO_PORT"] = str(self.port)
        os.environ["AWS_ENDPOINT_URL"] = self.endpoint
        # Stream calls go to an account-specific host moto does not route unless this is off.
        os.environ.setdefault("AWS_ACCOUNT_ID_ENDPOINT_MODE", "disabled")
        self.configure()
        return self.endpoint

    def configure(self) -> None:
        """Apply MOTO_CONFIG (Step Functions execution on, Lambda without Docker)."""
        configure(self.endpoint)

    def reset(self) -> None:
        """Clear every backend's state; the config is applied again."""
        _post(self.endpoint, "/moto-api/reset", None)
        self.configure()

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.stop()
        self._server = None
        if os.environ.get("AWS_ENDPOINT_URL") == self.endpoint:
            os.environ.pop("AWS_ENDPOINT_URL", None)

    def client(self, service: str, **config: Any) -> Any:
        """A boto3 client bound to this server."""
        if not self.endpoint:
            raise RuntimeError("MotoServer.client() called before start()")
        return client(service, self.endpoint, **config)
