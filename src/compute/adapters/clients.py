"""Clients for the outside systems, built once per container and reused by every invocation.

botocore honours `AWS_ENDPOINT_URL` natively, so the same code talks to AWS or to the local
cloud. Clients come from a botocore session rather than boto3: `import boto3` also loads
s3transfer (~0.2 s), which the handlers never use. opensearch-py is imported only when a search
client is first built, for the same reason: the API handler's cold start must stay small. So
the composition root hands out DynamoDB clients built on first use (`lazy_dynamodb_client`),
and the session checks a service name without listing every service botocore knows. botocore's
session and client modules (~0.1 s of CPU) are imported with the first client, not with this
module: a container whose requests never reach AWS's APIs never loads them. urllib3 (~40 ms of
CPU) likewise comes with the first search or AWS client, not with the import.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

from compute.domain import json_text

if TYPE_CHECKING:
    import botocore.session
    from botocore.config import Config
    from mypy_boto3_dynamodb import DynamoDBClient
    from opensearchpy import OpenSearch

SEARCH_TIMEOUT_S = 5.0


@cache
def aws_config() -> Config:
    """Lambda gives a request 30 s at most: fail fast and let the caller (mapping, breaker)
    retry."""
    from botocore.config import Config

    return Config(
        retries={"mode": "standard", "max_attempts": 3},
        connect_timeout=2,
        read_timeout=5,
        max_pool_connections=16,
    )


@cache
def aws_session() -> botocore.session.Session:
    """One botocore session per container: credentials and endpoint data load once."""
    import botocore.session

    session = botocore.session.get_session()
    _check_service_names_directly(session)
    return session


class _ServiceNames(Sequence[str]):
    """The services botocore knows, as `Loader.list_available_services` answers, except that
    `name in ...` looks at that one service's directory instead of listing all ~450 of them.
    botocore lists every service (twice: model and endpoint rules) to check a name before the
    first client of a process is built: ~20 ms of every cold start."""

    def __init__(self, loader: Any, type_name: str, list_all: Callable[[str], list[str]]) -> None:
        self._loader = loader
        self._type_name = type_name
        self._list_all = list_all
        self._names: list[str] | None = None

    def __contains__(self, name: object) -> bool:
        from botocore.exceptions import DataNotFoundError

        if self._names is not None or not isinstance(name, str):
            return name in self._everything()
        try:
            return bool(self._loader.list_api_versions(name, self._type_name))
        except DataNotFoundError:
            return False

    def _everything(self) -> list[str]:
        if self._names is None:
            self._names = self._list_all(self._type_name)
        return self._names

    def __getitem__(self, index: Any) -> Any:
        return self._everything()[index]

    def __len__(self) -> int:
        return len(self._everything())


def _check_service_names_directly(session: botocore.session.Session) -> None:
    loader = session.get_component("data_loader")
    list_all = loader.list_available_services
    loader.list_available_services = lambda type_name: _ServiceNames(loader, type_name, list_all)


class LazyClient:
    """A botocore client built on its first use (then kept): an API container whose first
    requests are searches never pays the ~60-90 ms of building a DynamoDB client at cold start.
    Attribute access is the only interface, so it stands in for the client it builds."""

    def __init__(self, build: Callable[[], Any]) -> None:
        self._build = build
        self._client: Any = None
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        client = self._client
        if client is None:
            with self._lock:
                if self._client is None:
                    self._client = self._build()
                client = self._client
        return getattr(client, name)


def lazy_dynamodb_client() -> DynamoDBClient:
    """`dynamodb_client()`, built on first use (see LazyClient)."""
    return cast("DynamoDBClient", LazyClient(dynamodb_client))


@cache
def dynamodb_client(endpoint_url: str | None = None) -> DynamoDBClient:
    """The low-level DynamoDB client; `endpoint_url` overrides AWS_ENDPOINT_URL (tests, seed)."""
    client = aws_session().create_client(
        "dynamodb", endpoint_url=endpoint_url, region_name=aws_region(), config=aws_config()
    )
    return cast("DynamoDBClient", client)


@cache
def dynamodb_batch_client() -> DynamoDBClient:
    """The DynamoDB client of a scheduled job. Its long reads (the reconcile job's Scan of every
    artist, page by page) have no 30 s request to fit in: it waits longer and retries more."""
    from botocore.config import Config

    config = Config(
        retries={"mode": "standard", "max_attempts": 5},
        connect_timeout=5,
        read_timeout=60,
        max_pool_connections=4,
    )
    client = aws_session().create_client("dynamodb", region_name=aws_region(), config=config)
    return cast("DynamoDBClient", client)


@cache
def ses_client() -> Any:
    """Amazon SES (v1 API: SendEmail), for the removal confirmation e-mail."""
    return aws_session().create_client("ses", region_name=aws_region(), config=aws_config())


def aws_region() -> str:
    """Lambda sets AWS_REGION; boto3 itself reads only AWS_DEFAULT_REGION."""
    return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "eu-west-2"


@cache
def _search_serializer() -> Any:
    """opensearch-py's JSON serializer with `compute.domain.json_text`'s orjson: a search reply
    (~15 KB) is read at half json's CPU. Built on first use, like the connection class."""
    from opensearchpy.exceptions import SerializationError
    from opensearchpy.serializer import JSONSerializer

    class FastJSONSerializer(JSONSerializer):
        def loads(self, s: str) -> Any:
            try:
                return json_text.parse(s)
            except ValueError as error:
                raise SerializationError(s, error) from None

        def dumps(self, data: Any) -> Any:
            if isinstance(data, str):  # opensearch-py sends strings as they are
                return data
            try:
                return json_text.compact(data, default=self.default)
            except (ValueError, TypeError) as error:
                raise SerializationError(data, error) from None

    return FastJSONSerializer()


@cache
def search_client(
    endpoint: str,
    *,
    max_retries: int = 1,
    timeout_s: float = SEARCH_TIMEOUT_S,
    retry_on_timeout: bool = False,
) -> OpenSearch:
    """An OpenSearch client for `endpoint`: `https://` is signed with SigV4 (Amazon OpenSearch
    Service), `http://` is the local node with no auth."""
    from opensearchpy import OpenSearch, Urllib3AWSV4SignerAuth

    from compute.adapters.search.connection import KeptHTTPConnection

    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"SEARCH_ENDPOINT must be an http(s) URL, got {endpoint!r}")
    options: dict[str, Any] = {
        "hosts": [endpoint],
        # http.client, one kept connection per thread, instead of urllib3's pool (a tenth of a
        # search's CPU in the API's worker): opensearch-py's transport and errors unchanged.
        "connection_class": KeptHTTPConnection,
        "timeout": timeout_s,
        "max_retries": max_retries,
        "retry_on_timeout": retry_on_timeout,
        "http_compress": False,
        "serializer": _search_serializer(),
    }
    if parts.scheme == "https":
        credentials = aws_session().get_credentials()
        if credentials is None:
            raise RuntimeError("no AWS credentials to sign OpenSearch requests with")
        options["http_auth"] = Urllib3AWSV4SignerAuth(credentials, aws_region(), "es")
        options["use_ssl"] = True
        options["verify_certs"] = True
    return OpenSearch(**options)
