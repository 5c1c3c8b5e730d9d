"""The AWS APIs of the local cloud: moto's server, embedded in this process, and its clients.

One endpoint serves every service; it is handed to everything as AWS_ENDPOINT_URL. Step Functions
execution is switched on, and MOTO_PORT is set because moto's Step Functions engine calls the other
services through `localhost:$MOTO_PORT`. moto's patches are in `emulation.moto_patches`.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import socket
import threading
import urllib.request
from datetime import UTC, datetime
from typing import Any

import boto3
import boto3.session
import botocore.session
from botocore.config import Config
from botocore.utils import parse_timestamp

from emulation import moto_patches

# The local account lives in emulation.credentials; many callers import it from here.
from emulation.credentials import ACCOUNT_ID as ACCOUNT_ID
from emulation.credentials import FAKE_CREDENTIALS as FAKE_CREDENTIALS
from emulation.credentials import REGION as REGION

MOTO_CONFIG: dict[str, Any] = {
    "stepfunctions": {"execute_state_machine": True},
    "lambda": {"use_docker": False},
}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


_SESSION_LOCK = threading.Lock()


def _epoch_or_text_timestamp(value: Any) -> datetime:
    """botocore's timestamp parser builds a tzlocal() per number; the stream pollers parse one
    per record (a third of the cloud's CPU while a table is bulk-loaded). Same instant, UTC."""
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC)
    parsed: datetime = parse_timestamp(value)
    return parsed


@functools.cache
def _session() -> boto3.session.Session:
    """One boto3 session for the local cloud's clients, with the fast timestamp parser."""
    core = botocore.session.get_session()
    core.get_component("response_parser_factory").set_parser_defaults(
        timestamp_parser=_epoch_or_text_timestamp
    )
    return boto3.session.Session(botocore_session=core)


def client(service: str, endpoint_url: str | None = None, **config: Any) -> Any:
    """A boto3 client bound to the local endpoint (or AWS_ENDPOINT_URL), fake credentials."""
    endpoint = endpoint_url or os.environ.get("AWS_ENDPOINT_URL")
    if not endpoint:
        raise RuntimeError(
            f"no endpoint for a local {service} client: start MotoServer or set AWS_ENDPOINT_URL"
        )
    with _SESSION_LOCK:  # a boto3 Session is not thread-safe; the clients it makes are
        return _session().client(  # type: ignore[call-overload]
            service,
            endpoint_url=endpoint,
            region_name=REGION,
            config=Config(retries={"max_attempts": 2, "mode": "standard"}, **config),
            **FAKE_CREDENTIALS,
        )


def in_process_moto(endpoint_url: str) -> bool:
    """Whether `endpoint_url` is served by moto in this process (a `MotoServer` started here),
    so its backends can be called directly."""
    return moto_patches.STREAM_ACTIVITY.observes(endpoint_url)


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


class MotoServer:
    """moto's ThreadedMotoServer on 127.0.0.1 and a free port, configured for the local cloud."""

    def __init__(self, port: int | None = None) -> None:
        self._requested_port = port
        self._server: Any = None
        self._previous_env: dict[str, str | None] = {}
        self.port: int = 0
        self.endpoint: str = ""

    def start(self) -> str:
        """Start the server, apply the local cloud's moto config, export the endpoint."""
        from moto.server import ThreadedMotoServer

        if self._server is not None:
            return self.endpoint
        moto_patches.check_moto_version()
        self.port = self._requested_port or free_port()
        # werkzeug logs every request at INFO; the local cloud's own logs must stay readable.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        moto_patches.install_all()
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self._server.start()
        # Kept-alive connections are closed at stop(): a stopped server must not answer.
        self._server._server.local_cloud_connections = set()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        moto_patches.STREAM_ACTIVITY.serve(self.endpoint)  # its stream writes wake the pollers
        # What stop() puts back: a server started inside another's scope (a test module inside
        # a session) must not leave the outer one's clients without an endpoint.
        self._previous_env = {k: os.environ.get(k) for k in ("MOTO_PORT", "AWS_ENDPOINT_URL")}
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
        connections = self._server._server.local_cloud_connections
        moto_patches.STREAM_ACTIVITY.unserve(self.endpoint)
        self._server.stop()
        for connection in list(connections):
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        self._server = None
        if os.environ.get("AWS_ENDPOINT_URL") == self.endpoint:
            for key, value in self._previous_env.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value

    def client(self, service: str, **config: Any) -> Any:
        """A boto3 client bound to this server."""
        if not self.endpoint:
            raise RuntimeError("MotoServer.client() called before start()")
        return client(service, self.endpoint, **config)
