"""The local cloud's TransactWriteItems (moto_patches.install_fast_moto_transactions): every
MotoServer gets it, and it keeps DynamoDB's semantics: all-or-nothing, conditions checked
against the current items, cancellation reasons in request order, ALL_OLD on failure."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulation.aws import MotoServer
from tests.main_table import create_main_table

pytestmark = pytest.mark.integration

TABLE = "transactions"


@pytest.fixture(scope="module")
def dynamodb(aws_env: None) -> Iterator[Any]:
    server = MotoServer()
    server.start()
    client = server.client("dynamodb")
    create_main_table(client, TABLE)  # the table our transactions write to
    yield client
    server.stop()


def key(pk: str) -> dict[str, Any]:
    return {"PK": {"S": pk}, "SK": {"S": "A"}}


def put_new(pk: str, value: str) -> dict[str, Any]:
    return {
        "Put": {
            "TableName": TABLE,
            "Item": {**key(pk), "value": {"S": value}},
            "ConditionExpression": "attribute_not_exists(PK)",
            "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
        }
    }


def test_the_motoserver_installs_the_fast_transactions(dynamodb: Any) -> None:
    import moto.dynamodb.models as models

    assert getattr(models.DynamoDBBackend, "_local_cloud_fast_transactions", False) is True


def test_writes_apply_together_and_a_failed_condition_cancels_all(dynamodb: Any) -> None:
    dynamodb.transact_write_items(
        TransactItems=[
            put_new("t1", "first"),
            {
                "Update": {
                    "TableName": TABLE,
                    "Key": key("counter"),
                    "UpdateExpression": "ADD n :one",
                    "ExpressionAttributeValues": {":one": {"N": "1"}},
                }
            },
        ]
    )
    assert dynamodb.get_item(TableName=TABLE, Key=key("t1"))["Item"]["value"]["S"] == "first"

    with pytest.raises(ClientError) as raised:
        dynamodb.transact_write_items(
            TransactItems=[
                put_new("t2", "second"),
                put_new("t1", "again"),
                {"Delete": {"TableName": TABLE, "Key": key("counter")}},
            ]
        )
    error = raised.value.response
    assert error["Error"]["Code"] == "TransactionCanceledException"
    reasons = error["CancellationReasons"]
    assert [r["Code"] for r in reasons] == ["None", "ConditionalCheckFailed", "None"]
    assert reasons[1]["Item"]["value"]["S"] == "first"
    # Nothing of the cancelled transaction was written or deleted.
    assert "Item" not in dynamodb.get_item(TableName=TABLE, Key=key("t2"))
    counter = dynamodb.get_item(TableName=TABLE, Key=key("counter"))["Item"]
    assert counter["n"]["N"] == "1"
    assert dynamodb.get_item(TableName=TABLE, Key=key("t1"))["Item"]["value"]["S"] == "first"


def test_one_item_twice_in_a_transaction_is_refused(dynamodb: Any) -> None:
    with pytest.raises(ClientError) as raised:
        dynamodb.transact_write_items(
            TransactItems=[put_new("t3", "a"), {"Delete": {"TableName": TABLE, "Key": key("t3")}}]
        )
    assert raised.value.response["Error"]["Code"] == "ValidationException"
    assert "Item" not in dynamodb.get_item(TableName=TABLE, Key=key("t3"))


def race(writers: list[Any], key: str) -> list[int]:
    """Every writer puts `key` with attribute_not_exists at once: which of them succeeded."""
    import threading

    barrier = threading.Barrier(len(writers))
    winners: list[int] = []

    def write(n: int) -> None:
        barrier.wait()
        try:
            writers[n].put_item(**put_new(key, str(n))["Put"])
            winners.append(n)
        except writers[n].exceptions.ConditionalCheckFailedException:
            pass

    threads = [threading.Thread(target=write, args=(n,)) for n in range(len(writers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return winners


def test_concurrent_conditional_puts_have_one_winner(dynamodb: Any) -> None:
    """Eight writers race for one key with attribute_not_exists: DynamoDB lets exactly one in
    (moto alone let two in ~5 % of rounds: check, then write, unlocked)."""
    import sys

    from emulation.aws import client

    writers = [client("dynamodb", dynamodb.meta.endpoint_url) for _ in range(8)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible: the race shows
    try:
        for round_ in range(30):
            winners = race(writers, f"race-{round_}")
            assert len(winners) == 1, f"round {round_}: {len(winners)} writers won"
    finally:
        sys.setswitchinterval(interval)
