"""Fixtures for the search path against real local services: moto (tables with streams) and a
real OpenSearch node. Every index and alias this run creates carries one unique prefix, so the
shared dev node is never polluted and everything is deleted at the end."""

from __future__ import annotations

import importlib
import os
import uuid
from collections.abc import Iterator
from datetime import datetime
from types import ModuleType
from typing import TYPE_CHECKING, Any

import boto3
import pytest

from tests.main_table import create_main_table as create_table_from_template

if TYPE_CHECKING:
    from opensearchpy import OpenSearch

pytestmark = pytest.mark.integration

RUN_PREFIX = f"it-{uuid.uuid4().hex[:10]}"


def unique(name: str) -> str:
    return f"{RUN_PREFIX}-{name}-{uuid.uuid4().hex[:6]}"


@pytest.fixture(scope="session")
def search_admin(opensearch_url: str) -> Iterator[OpenSearch]:
    from opensearchpy import OpenSearch

    client = OpenSearch(hosts=[opensearch_url], timeout=30)
    yield client
    for name in client.indices.get(index=f"{RUN_PREFIX}-*", ignore_unavailable=True):
        client.indices.delete(index=name, ignore_unavailable=True)


@pytest.fixture
def alias(search_admin: OpenSearch) -> str:
    """A fresh alias name for one test (its indices are removed at the end of the run)."""
    return unique("artists")


# --- DynamoDB ------------------------------------------------------------------------------


def create_main_table(client: Any, name: str) -> str:
    """The main table as the synthesized template defines it; returns its stream's ARN."""
    return str(create_table_from_template(client, name)["LatestStreamArn"])


def create_idempotency_table(client: Any, name: str) -> None:
    """Powertools' DynamoDBPersistenceLayer default layout: partition key `id`."""
    client.create_table(
        TableName=name,
        BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
    )


class StreamReader:
    """Reads a table's stream like the event-source mapping does and hands back records in
    the shape Lambda receives (epoch-second ApproximateCreationDateTime, eventSourceARN)."""

    def __init__(self, endpoint: str, stream_arn: str) -> None:
        self.client = boto3.client("dynamodbstreams", endpoint_url=endpoint)
        self.stream_arn = stream_arn
        self.iterators: dict[str, str | None] = {}

    def read(self) -> list[dict[str, Any]]:
        shards = self.client.describe_stream(StreamArn=self.stream_arn)["StreamDescription"]
        records: list[dict[str, Any]] = []
        for shard in shards["Shards"]:
            shard_id = shard["ShardId"]
            if shard_id not in self.iterators:
                self.iterators[shard_id] = self.client.get_shard_iterator(
                    StreamArn=self.stream_arn, ShardId=shard_id, ShardIteratorType="TRIM_HORIZON"
                )["ShardIterator"]
            iterator = self.iterators[shard_id]
            while iterator:
                reply = self.client.get_records(ShardIterator=iterator, Limit=1000)
                iterator = reply.get("NextShardIterator")
                self.iterators[shard_id] = iterator
                if not reply["Records"]:
                    break
                records.extend(_lambda_shape(r, self.stream_arn) for r in reply["Records"])
        return records


def _lambda_shape(record: dict[str, Any], stream_arn: str) -> dict[str, Any]:
    dynamodb = dict(record["dynamodb"])
    created = dynamodb.get("ApproximateCreationDateTime")
    if isinstance(created, datetime):
        dynamodb["ApproximateCreationDateTime"] = created.timestamp()
    return {**record, "dynamodb": dynamodb, "eventSourceARN": stream_arn}


@pytest.fixture(scope="session")
def ddb(moto_endpoint: str) -> Any:
    return boto3.client("dynamodb", endpoint_url=moto_endpoint)


@pytest.fixture
def main_table(ddb: Any, moto_endpoint: str) -> tuple[str, StreamReader]:
    """A fresh main table with its stream reader."""
    name = unique("main")
    return name, StreamReader(moto_endpoint, create_main_table(ddb, name))


# --- the handlers, as Lambda imports them ---------------------------------------------------


@pytest.fixture(scope="module")
def handler_env(
    moto_endpoint: str, opensearch_url: str, ddb: Any, search_admin: OpenSearch
) -> Iterator[dict[str, Any]]:
    """The function environment the CDK template sets, on a fresh table and alias; the handler
    modules are (re)imported under it, as a cold start would."""
    from compute.adapters import clients

    table = unique("main")
    idempotency = unique("idempotency")
    stream_arn = create_main_table(ddb, table)
    create_idempotency_table(ddb, idempotency)
    # The removal link's key and the SES sender the stack creates (moto verifies at once).
    secret = unique("removal-link")
    secrets = boto3.client("secretsmanager", endpoint_url=moto_endpoint, region_name="eu-west-2")
    secret_arn = secrets.create_secret(Name=secret, SecretString=uuid.uuid4().hex)["ARN"]
    ses = boto3.client("ses", endpoint_url=moto_endpoint, region_name="eu-west-2")
    ses.verify_domain_identity(Domain="tattoo-directory.example")
    env = {
        "TABLE_NAME": table,
        "IDEMPOTENCY_TABLE_NAME": idempotency,
        "SEARCH_ENDPOINT": opensearch_url,
        "SEARCH_INDEX_ALIAS": unique("artists"),
        "AWS_LAMBDA_FUNCTION_NAME": "api",
        "REMOVAL_LINK_SECRET_ARN": secret_arn,
        "REMOVAL_SENDER": "no-reply@tattoo-directory.example",
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    # Clients are cached per container: a new "container" must not reuse another's clients.
    clients.dynamodb_client.cache_clear()
    clients.search_client.cache_clear()
    clients.ses_client.cache_clear()
    modules: dict[str, ModuleType] = {}
    for name in ("compute.handlers.sync", "compute.handlers.api"):
        module = importlib.import_module(name)
        modules[name.rsplit(".", 1)[1]] = importlib.reload(module)
    yield {
        **env,
        "stream": StreamReader(moto_endpoint, stream_arn),
        "sync": modules["sync"],
        "api": modules["api"],
    }
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v
    clients.dynamodb_client.cache_clear()
    clients.search_client.cache_clear()
