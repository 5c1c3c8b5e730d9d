"""The API's short GetItem path answers exactly as botocore's client does, against the moto
server: the same items (every attribute-value type), the same absence, and on any failure the
botocore client's own answer and exception, so MainTable's callers see no difference."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from compute.adapters.clients import aws_session, dynamodb_client
from compute.adapters.direct_get import DirectGetItem
from compute.adapters.dynamodb import MainTable, TableUnavailable
from compute.domain.attribute_values import to_attribute_values
from tests.integration.search.conftest import create_main_table, unique

pytestmark = pytest.mark.integration


class CountingClient:
    """The botocore client, counting the calls that reach it (the fallback)."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.calls = 0
        self.meta = client.meta

    def get_item(self, **request: Any) -> Any:
        self.calls += 1
        return self.client.get_item(**request)


@pytest.fixture
def table(ddb: Any, moto_endpoint: str) -> tuple[str, CountingClient, DirectGetItem]:
    name = unique("direct")
    create_main_table(ddb, name)
    client = CountingClient(dynamodb_client(moto_endpoint))
    return name, client, DirectGetItem(lambda: client, lambda: aws_session().get_credentials())


ITEM: dict[str, Any] = {
    "PK": "ARTIST#a1",
    "SK": "PROFILE",
    "artistName": "Zoë Ødegård",
    "rating": 4.5,
    "reviewCount": 12,
    "opted_out": False,
    "gone": None,
    "contactInfo": {"email": "z@example.com", "phones": ["+44 20 7946 0000"]},
    "styles": ["blackwork", "fine-line"],
}


def test_an_item_reads_the_same_as_through_botocore_without_calling_it(
    ddb: Any, table: tuple[str, CountingClient, DirectGetItem]
) -> None:
    name, client, direct = table
    raw = {
        **to_attribute_values(ITEM),
        "tags": {"SS": ["b", "a"]},
        "sizes": {"NS": ["1", "2.5"]},
        "blob": {"B": b"\x00\xffbytes"},
    }
    ddb.put_item(TableName=name, Item=raw)
    key = to_attribute_values({"PK": "ARTIST#a1", "SK": "PROFILE"})
    via_botocore = MainTable(client.client, name).get_item({"PK": "ARTIST#a1", "SK": "PROFILE"})
    via_direct = MainTable(client.client, name, reads=direct).get_item(
        {"PK": "ARTIST#a1", "SK": "PROFILE"}
    )
    assert via_direct == via_botocore
    assert via_direct is not None and via_direct["blob"] == b"\x00\xffbytes"
    assert direct.get_item(TableName=name, Key=key)["Item"]["blob"] == {
        "B": base64.b64encode(b"\x00\xffbytes").decode()
    }
    assert client.calls == 0


def test_an_absent_item_is_none_and_the_probe_answers(
    table: tuple[str, CountingClient, DirectGetItem],
) -> None:
    name, client, direct = table
    main = MainTable(client.client, name, reads=direct)
    assert main.get_item({"PK": "ARTIST#none", "SK": "PROFILE"}) is None
    assert main.ping() is True
    assert client.calls == 0


def test_an_error_is_botocores_own_answer(table: tuple[str, CountingClient, DirectGetItem]) -> None:
    _, client, direct = table
    missing = unique("no-such-table")
    main = MainTable(client.client, missing, reads=direct)
    with pytest.raises(TableUnavailable) as direct_error:
        main.get_item({"PK": "ARTIST#a1", "SK": "PROFILE"})
    with pytest.raises(TableUnavailable) as botocore_error:
        MainTable(client.client, missing).get_item({"PK": "ARTIST#a1", "SK": "PROFILE"})
    assert str(direct_error.value) == str(botocore_error.value)
    assert client.calls == 1  # the 400 was asked again through botocore, which raised
    assert main.ping() is False


def test_a_dropped_connection_falls_back_and_the_next_read_reconnects(
    ddb: Any, moto_endpoint: str, table: tuple[str, CountingClient, DirectGetItem]
) -> None:
    name, client, direct = table
    ddb.put_item(TableName=name, Item=to_attribute_values(ITEM))
    key = to_attribute_values({"PK": "ARTIST#a1", "SK": "PROFILE"})
    assert "Item" in direct.get_item(TableName=name, Key=key)
    # A kept connection whose peer went away between two requests.
    stale = direct._connection(moto_endpoint)
    assert stale.sock is not None
    stale.sock.close()
    assert "Item" in direct.get_item(TableName=name, Key=key)
    assert client.calls == 1
    assert "Item" in direct.get_item(TableName=name, Key=key)
    assert client.calls == 1
