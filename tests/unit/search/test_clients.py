"""The AWS clients' cold-start savings keep botocore's behaviour: a lazily built client is built
once, on first use, and stands in for it; a service name is checked without listing every
service, and unknown names are still refused."""

from __future__ import annotations

import threading
from typing import Any

import botocore.session
import pytest
from botocore.exceptions import UnknownServiceError

from compute.adapters.clients import LazyClient, _check_service_names_directly


class FakeClient:
    def get_item(self, **kwargs: Any) -> dict[str, Any]:
        return {"Item": kwargs}


def test_a_lazy_client_is_built_on_first_use_and_only_once() -> None:
    built: list[FakeClient] = []

    def build() -> FakeClient:
        built.append(FakeClient())
        return built[-1]

    client: Any = LazyClient(build)
    assert built == []
    threads = [threading.Thread(target=lambda: client.get_item(Key=1)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(built) == 1
    assert client.get_item(Key=2) == {"Item": {"Key": 2}}


def test_a_known_service_is_found_without_listing_every_service() -> None:
    session = botocore.session.Session()
    _check_service_names_directly(session)
    loader = session.get_component("data_loader")
    names = loader.list_available_services("service-2")

    assert "dynamodb" in names
    assert names._names is None  # nothing was listed
    assert "dynamodb" in list(names)  # the full list is still there for those who iterate
    assert session.create_client("dynamodb", region_name="eu-west-2").meta.service_model


def test_an_unknown_service_is_still_refused_by_name() -> None:
    session = botocore.session.Session()
    _check_service_names_directly(session)
    with pytest.raises(UnknownServiceError, match="no-such-service"):
        session.create_client("no-such-service", region_name="eu-west-2")


def test_the_search_client_writes_and_reads_json_as_opensearch_py_does() -> None:
    """Bodies as compact text (strings unchanged, bulk lines joinable), replies read back, and
    bad replies raise opensearch-py's own SerializationError."""
    from opensearchpy.client.utils import _bulk_body
    from opensearchpy.exceptions import SerializationError
    from opensearchpy.serializer import JSONSerializer

    from compute.adapters.clients import _search_serializer, search_client

    fast = _search_serializer()
    body = {"query": {"match": {"name": "Zoë"}}, "size": 21, "sort": [{"rating": "desc"}]}
    assert fast.dumps(body) == JSONSerializer().dumps(body)
    assert fast.dumps('{"already":"text"}') == '{"already":"text"}'
    assert fast.loads(fast.dumps(body)) == body
    lines = [{"index": {"_id": "a"}}, {"name": "x"}]
    assert _bulk_body(fast, lines) == _bulk_body(JSONSerializer(), lines)
    with pytest.raises(SerializationError):
        fast.loads("{not json")
    client = search_client("http://127.0.0.1:9")
    assert client.transport.serializer is fast
