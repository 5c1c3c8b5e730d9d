"""Unicode-equal spellings find the same artists on a real OpenSearch node (issue 15: a query
in decomposed Unicode, `Chloe%CC%81`, or with a zero-width space found nothing while `Chloé`
found 28). Documents are indexed as the sync indexes them (`to_search_document`), queries go
through the API's own parsing (`search_artists`)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compute.adapters.clients import search_client
from compute.adapters.search.bulk import IndexOp
from compute.adapters.search.index import ArtistSearchIndex
from compute.domain.models import Artist
from compute.services.search_artists import search_artists
from tests.integration.search.conftest import unique
from tests.unit.search.factories import artist

pytestmark = pytest.mark.integration

NAMES = ["Chloé Martin", "Chloé Dubois", "Zoë Brontë", "José Ñúñez", "Renée Åström"]
INVISIBLE = ["\u200b", "\u200d", "\u2060", "\ufeff", "\u00ad"]


@pytest.fixture(scope="module")
def indexed(opensearch_url: str, search_admin: Any) -> Iterator[ArtistSearchIndex]:
    """The names stored in every spelling a site might use: composed, decomposed, with a
    zero-width space inside."""
    index = ArtistSearchIndex(search_client(opensearch_url), alias=unique("unicode"))
    index.ensure()
    stored: list[Artist] = []
    for name in NAMES:
        stored.append(artist(name=unicodedata.normalize("NFC", name)))
        stored.append(artist(name=unicodedata.normalize("NFD", name)))
        stored.append(artist(name=name[:3] + "\u200b" + name[3:]))
    outcomes = index.write(
        [IndexOp(a.artist_id, a.to_search_document(), a.version) for a in stored], refresh=True
    )
    assert all(o.ok for o in outcomes)
    yield index


def found(index: ArtistSearchIndex, query: str) -> set[str]:
    page = search_artists({"query": query, "limit": "50"}, index)
    return {item["artistId"] for item in page["items"]}


def test_the_issue_15_queries_find_what_the_composed_one_finds(indexed: ArtistSearchIndex) -> None:
    composed = found(indexed, "Chloé")
    assert len(composed) == 6  # both Chloés, each stored three ways
    assert found(indexed, "Chloe\u0301") == composed
    assert found(indexed, "Chlo\u200bé") == composed


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    name=st.sampled_from(NAMES),
    form=st.sampled_from(["NFC", "NFD"]),
    invisible=st.lists(st.tuples(st.integers(0, 12), st.sampled_from(INVISIBLE)), max_size=3),
)
def test_any_unicode_equal_spelling_finds_the_same_artists(
    indexed: ArtistSearchIndex, name: str, form: str, invisible: list[tuple[int, str]]
) -> None:
    spelled = unicodedata.normalize(form, name)
    for position, character in invisible:
        spelled = spelled[:position] + character + spelled[position:]
    expected = found(indexed, unicodedata.normalize("NFC", name))
    assert len(expected) >= 3
    assert found(indexed, spelled) == expected
