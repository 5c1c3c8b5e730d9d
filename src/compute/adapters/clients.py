"""Clients for the outside systems, built once per container and reused by every invocation.

botocore honours `AWS_ENDPOINT_URL` natively, so the same code talks to AWS or to the local
cloud. Clients come from a botocore session rather than boto3: `import boto3` also loads
s3transfer (~0.2 s), which the handlers never use. opensearch-py is imported only when a search
client is first built, for the same reason: the API handler's cold start must stay small.
"""

from __future__ import annotations

import os
from functools import cache
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

import botocore.session
from botocore.config import Config

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from opensearchpy import OpenSearch

# Lambda gives a request 30 s at most: fail fast and let the caller (mapping, breaker) retry.
AWS_CONFIG = Config(
    retries={"mode": "standard", "max_attempts": 3},
    connect_timeout=2,
    read_timeout=5,
    max_pool_connections=16,
)

SEARCH_TIMEOUT_S = 5.0


@cache
def aws_session() -> botocore.session.Session:
    """One botocore session per container: credentials and endpoint data load once."""
    return botocore.session.get_session()


@cache
def dynamodb_client(endpoint_url: str | None = None) -> DynamoDBClient:
    """The low-level DynamoDB client; `endpoint_url` overrides AWS_ENDPOINT_URL (tests, seed)."""
    client = aws_session().create_client(
        "dynamodb", endpoint_url=endpoint_url, region_name=aws_region(), config=AWS_CONFIG
    )
    return cast("DynamoDBClient", client)


def aws_region() -> str:
    """Lambda sets AWS_REGION; boto3 itself reads only AWS_DEFAULT_REGION."""
    return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "eu-west-2"


@cache
def search_client(endpoint: str, *, max_retries: int = 1) -> OpenSearch:
    """An OpenSearch client for `endpoint`: `https://` is signed with SigV4 (Amazon OpenSearch
    Service), `http://` is the local node with no auth."""
    from opensearchpy import OpenSearch, Urllib3AWSV4SignerAuth, Urllib3HttpConnection

    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"SEARCH_ENDPOINT must be an http(s) URL, got {endpoint!r}")
    options: dict[str, Any] = {
        "hosts": [endpoint],
        "connection_class": Urllib3HttpConnection,
        "timeout": SEARCH_TIMEOUT_S,
        "max_retries": max_retries,
        "retry_on_timeout": False,
        "pool_maxsize": 16,
        "http_compress": False,
    }
    if parts.scheme == "https":
        credentials = aws_session().get_credentials()
        if credentials is None:
            raise RuntimeError("no AWS credentials to sign OpenSearch requests with")
        options["http_auth"] = Urllib3AWSV4SignerAuth(credentials, aws_region(), "es")
        options["use_ssl"] = True
        options["verify_certs"] = True
    return OpenSearch(**options)
