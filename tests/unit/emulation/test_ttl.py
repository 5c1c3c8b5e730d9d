"""The TTL sweeper's read of a moto table: every item, hash-only and hash+range, without moto's
sort (in-process moto, no server)."""

from __future__ import annotations

import boto3
import pytest
from moto import mock_aws
from moto.dynamodb.models import dynamodb_backends

from emulation.ttl import unsorted_items


@pytest.mark.parametrize("with_range", [False, True])
def test_unsorted_items_are_all_the_items_of_the_table(with_range: bool) -> None:
    table_name = f"unsorted-{with_range}"
    mock = mock_aws()
    mock.start(reset=False)  # a reset would wipe the in-process clouds of other tests
    try:
        dynamodb = boto3.client("dynamodb", region_name="ap-southeast-2")
        keys = [{"AttributeName": "pk", "KeyType": "HASH"}]
        attributes = [{"AttributeName": "pk", "AttributeType": "S"}]
        if with_range:
            keys.append({"AttributeName": "sk", "KeyType": "RANGE"})
            attributes.append({"AttributeName": "sk", "AttributeType": "S"})
        dynamodb.create_table(
            TableName=table_name,
            KeySchema=keys,  # type: ignore[arg-type]
            AttributeDefinitions=attributes,  # type: ignore[arg-type]
            BillingMode="PAY_PER_REQUEST",
        )
        for n in range(30):
            item = {"pk": {"S": f"p{n % 7}" if with_range else f"p{n}"}}
            if with_range:
                item["sk"] = {"S": f"s{n}"}
            dynamodb.put_item(TableName=table_name, Item=item)
        table = dynamodb_backends["123456789012"]["ap-southeast-2"].get_table(table_name)

        got = unsorted_items(table)

        assert len(got) == 30
        assert {id(item) for item in got} == {id(item) for item in table.all_items()}
    finally:
        mock.stop(remove_data=False)
