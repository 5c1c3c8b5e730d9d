"""GetItem on a short path: the API's artist reads and health probes, one signed POST on a kept
connection, with botocore's full client behind it for everything but a clean answer.

botocore spends ~0.7 ms of CPU on a GetItem around a ~0.3 ms HTTP exchange (ten events, request
and header objects, its urllib3 session, and a response parser that walks the model for each of
an artist's ~60 attribute values); it was most of GET /v1/artists/{id}. Here the request is the
same JSON body, signed by botocore's own SigV4 signer with the client's credentials, region and
endpoint, and sent with http.client. Only a 200 whose CRC32 matches (DynamoDB's `x-amz-crc32`,
which botocore checks too) is read here. Anything else (an error status, a throttle, a timeout,
a dropped connection, a checksum mismatch) is asked again through the botocore client, whose
retries, error parsing and exceptions the callers already handle: a failure looks exactly as it
did. The one difference: binary attribute values (B, BS) stay base64 text, as in stream
records, which `compute.domain.attribute_values` decodes either way.
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from compute.domain import json_text

if TYPE_CHECKING:
    import http.client

TARGET = "DynamoDB_20120810.GetItem"
CONTENT_TYPE = "application/x-amz-json-1.0"


class DirectGetItem:
    """`get_item(**request)` answering as botocore's `client.get_item` does, for requests of
    plain attribute-value JSON (what MainTable sends). `client` builds the botocore client
    (first use only); `credentials` gives its session's credentials."""

    def __init__(
        self,
        client: Callable[[], Any],
        credentials: Callable[[], Any],
        *,
        connect_timeout_s: float = 2.0,
        read_timeout_s: float = 5.0,
    ) -> None:
        self._build_client = client
        self._credentials = credentials
        self._connect_timeout_s = connect_timeout_s
        self._read_timeout_s = read_timeout_s
        self._client: Any = None
        self._lock = threading.Lock()
        self._local = threading.local()  # one kept connection per thread

    @property
    def client(self) -> Any:
        if self._client is None:
            with self._lock:
                if self._client is None:
                    self._client = self._build_client()
        return self._client

    def get_item(self, **request: Any) -> dict[str, Any]:
        try:
            reply = self._direct(request)
        except Exception:  # any failure here is botocore's to retry, raise and name
            self._drop_connection()
            reply = None
        if reply is None:
            return dict(self.client.get_item(**request))
        return reply

    def _direct(self, request: Mapping[str, Any]) -> dict[str, Any] | None:
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest

        client = self.client
        credentials = self._credentials()
        if credentials is None:
            return None
        endpoint = client.meta.endpoint_url
        body = json_text.compact(request).encode("utf-8")
        signed = AWSRequest(
            method="POST",
            url=endpoint.rstrip("/") + "/",
            data=body,
            headers={"Content-Type": CONTENT_TYPE, "X-Amz-Target": TARGET},
        )
        SigV4Auth(
            credentials.get_frozen_credentials(), "dynamodb", client.meta.region_name
        ).add_auth(signed)
        connection = self._connection(endpoint)
        path = urlsplit(endpoint).path.rstrip("/") + "/"
        connection.request("POST", path, body, dict(signed.headers))
        response = connection.getresponse()
        data = response.read()
        if response.will_close:
            self._drop_connection()
        if response.status != 200:
            return None
        crc = response.getheader("x-amz-crc32")
        if crc is not None and int(crc) != zlib.crc32(data):
            return None
        reply = json_text.parse(data)
        if not isinstance(reply, dict):
            return None
        reply["ResponseMetadata"] = {"HTTPStatusCode": 200}
        return reply

    def _connection(self, endpoint: str) -> http.client.HTTPConnection:
        connection: http.client.HTTPConnection | None = getattr(self._local, "connection", None)
        if connection is None:
            import http.client  # with the first read, not the cold start (~6 ms: email parser)

            parts = urlsplit(endpoint)
            host = parts.hostname or ""
            if parts.scheme == "https":
                import ssl

                from botocore.httpsession import get_cert_path

                context = ssl.create_default_context(cafile=get_cert_path(True))
                connection = http.client.HTTPSConnection(
                    host, parts.port, timeout=self._connect_timeout_s, context=context
                )
            else:
                connection = http.client.HTTPConnection(
                    host, parts.port, timeout=self._connect_timeout_s
                )
            connection.connect()
            if connection.sock is not None:
                connection.sock.settimeout(self._read_timeout_s)
            self._local.connection = connection
        return connection

    def _drop_connection(self) -> None:
        connection = getattr(self._local, "connection", None)
        self._local.connection = None
        if connection is not None:
            connection.close()
