"""opensearch-py's connection to one node over `http.client`: one kept connection per thread.

opensearch-py's default connection goes through urllib3's pool for every request: a pool
checkout and return under a lock, URL parsing, Retry and Timeout objects, urllib3's response
object and its header dict around `http.client`'s, about a tenth of a search's CPU in the API's
worker, for one request at a time on one connection (a Lambda container serves one invocation
at a time). This class is opensearch-py's `Connection` (its transport, serializer, retries,
logging and errors are unchanged) sending each request with `http.client` on a connection
kept per thread, head and body in one write (see `one_write`: two writes meet delayed ACK).

It behaves as `Urllib3HttpConnection` does with the options the project passes: a kept
connection the server has closed is replaced before use (urllib3's `is_connection_dropped`);
any failure closes the connection and is raised as opensearch-py's `ConnectionError`, a read
timeout as `ConnectionTimeout`, a TLS failure as `SSLError`; a status outside 2xx (and not in
`ignore`) is opensearch-py's `TransportError` subclass for it; the reply is the body as text;
`http_auth` is a callable signer (SigV4 for Amazon OpenSearch Service) or basic credentials;
`https` verifies the certificate and host name against opensearch-py's default CA bundle.
"""

from __future__ import annotations

import base64
import http.client
import select
import ssl
import threading
import time
from collections.abc import Callable, Collection, Mapping
from typing import Any
from urllib.parse import urlencode

from opensearchpy.connection.base import Connection
from opensearchpy.exceptions import ConnectionError as SearchConnectionError
from opensearchpy.exceptions import ConnectionTimeout, ImproperlyConfigured, SSLError
from opensearchpy.metrics import MetricsNone


class KeptHTTPConnection(Connection):
    """`opensearchpy.Connection` over `http.client`, one kept connection per thread."""

    def __init__(
        self,
        host: str = "localhost",
        port: int | None = None,
        http_auth: Any = None,
        use_ssl: bool = False,
        verify_certs: bool = True,
        ca_certs: str | None = None,
        metrics: Any = None,
        **kwargs: Any,
    ) -> None:
        for unsupported in ("client_cert", "client_key", "ssl_context", "ssl_version"):
            if kwargs.pop(unsupported, None) is not None:
                raise ImproperlyConfigured(f"{type(self).__name__} does not take {unsupported}")
        for ignored in ("pool_maxsize", "ssl_show_warn", "ssl_assert_hostname"):
            kwargs.pop(ignored, None)  # one connection per thread; certificates always checked
        kwargs.pop("ssl_assert_fingerprint", None)
        super().__init__(host=host, port=port, use_ssl=use_ssl, **kwargs)
        self.metrics = metrics or MetricsNone()
        self.http_auth: Callable[..., Mapping[str, str]] | None = None
        if callable(http_auth):
            self.http_auth = http_auth
        elif http_auth is not None:
            user_password = (
                ":".join(http_auth) if isinstance(http_auth, tuple | list) else http_auth
            )
            token = base64.b64encode(str(user_password).encode("utf-8")).decode("ascii")
            self.headers["authorization"] = f"Basic {token}"
        self._context: ssl.SSLContext | None = None
        if self.use_ssl:
            if not verify_certs:
                raise ImproperlyConfigured(f"{type(self).__name__} always verifies certificates")
            cafile = ca_certs or self.default_ca_certs()
            self._context = ssl.create_default_context(cafile=cafile)
        self._local = threading.local()

    def perform_request(
        self,
        method: str,
        url: str,
        params: Mapping[str, Any] | None = None,
        body: bytes | None = None,
        timeout: float | None = None,
        ignore: Collection[int] = (),
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        url = self.url_prefix + url
        if params:
            url = f"{url}?{urlencode(params)}"
        full_url = self.host + url
        start = time.time()
        orig_body = body
        read_started = False
        try:
            request_headers = self.headers.copy()
            request_headers.update(headers or ())
            if self.http_compress and body:
                body = self._gzip_compress(body)
                request_headers["content-encoding"] = "gzip"
            if self.http_auth is not None:
                request_headers.update(self.http_auth(method, full_url, body))
            self.metrics.request_start()
            connection = self._connection(timeout or self.timeout)
            read_started = True
            connection.request(method, url, body, request_headers)
            response = connection.getresponse()
            data = response.read()
            if response.will_close:
                self._drop()
            duration = time.time() - start
            raw_data = data.decode("utf-8", "surrogatepass")
        except Exception as e:
            self._drop()
            self.log_request_fail(
                method, full_url, url, orig_body, time.time() - start, exception=e
            )
            if isinstance(e, ssl.SSLError):
                raise SSLError("N/A", str(e), e) from e
            if read_started and isinstance(e, TimeoutError):
                raise ConnectionTimeout("TIMEOUT", str(e), e) from e
            raise SearchConnectionError("N/A", str(e), e) from e
        finally:
            self.metrics.request_end()

        self._raise_warnings(response.headers.get_all("warning", ()))
        if not (200 <= response.status < 300) and response.status not in ignore:
            self.log_request_fail(
                method, full_url, url, orig_body, duration, response.status, raw_data
            )
            self._raise_error(
                response.status, raw_data, self.get_response_headers(response).get("content-type")
            )
        self.log_request_success(
            method, full_url, url, orig_body, response.status, raw_data, duration
        )
        return response.status, response.headers, raw_data

    def get_response_headers(self, response: Any) -> dict[str, str]:
        return {name.lower(): value for name, value in response.headers.items()}

    def close(self) -> None:
        """Closes this thread's connection (others close with their threads' end)."""
        self._drop()

    def _connection(self, timeout: float) -> http.client.HTTPConnection:
        """This thread's kept connection, replaced when the server closed it meanwhile."""
        connection: http.client.HTTPConnection | None = getattr(self._local, "connection", None)
        if connection is not None and _dropped(connection):
            self._drop()
            connection = None
        if connection is None:
            connection = self._new_connection(timeout)
            self._local.connection = connection
        elif connection.sock is not None:
            connection.sock.settimeout(timeout)
        return connection

    def _new_connection(self, timeout: float) -> http.client.HTTPConnection:
        from compute.adapters.one_write import OneWriteHTTPConnection

        if self._context is not None:
            from compute.adapters.one_write import OneWriteHTTPSConnection

            return OneWriteHTTPSConnection(
                self.hostname, self.port, timeout=timeout, context=self._context
            )
        return OneWriteHTTPConnection(self.hostname, self.port, timeout=timeout)

    def _drop(self) -> None:
        connection = getattr(self._local, "connection", None)
        self._local.connection = None
        if connection is not None:
            connection.close()


def _dropped(connection: http.client.HTTPConnection) -> bool:
    """True when the peer closed (or broke) a kept connection: an idle socket that is readable
    has only an end of file or an error to give (urllib3's `is_connection_dropped`)."""
    sock = connection.sock
    if sock is None:
        return False  # not connected yet: `request` connects
    try:
        readable, _, _ = select.select([sock], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)
