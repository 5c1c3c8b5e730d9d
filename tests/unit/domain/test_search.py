from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compute.domain.errors import ValidationError
from compute.domain.search import (
    DEFAULT_RADIUS_KM,
    PARAMETERS,
    SORT_KEYS,
    Cursor,
    SearchRequest,
    decode_cursor,
    encode_cursor,
    parse_search_params,
)

from .strategies import PROPERTY


def test_no_parameters_is_a_paged_browse_by_rating() -> None:
    request = parse_search_params({})
    assert request == SearchRequest(sort="rating", limit=20, page=1)
    assert request.offset == 0


def test_a_full_request() -> None:
    request = parse_search_params(
        {
            "query": "  Jane   Doe ",
            "style": "Fine Line",
            "location": "Leeds",
            "near": "53.8008,-1.5491",
            "radius_km": "10",
            "sort": "rating",
            "limit": "50",
            "page": "3",
        }
    )
    assert request == SearchRequest(
        query="Jane Doe",
        style="linework",
        location="Leeds",
        near=(53.8008, -1.5491),
        radius_km=10.0,
        sort="rating",
        limit=50,
        page=3,
    )
    assert request.offset == 100


def test_default_sort_follows_the_contract() -> None:
    assert parse_search_params({"query": "jane"}).sort == "relevance"
    near = parse_search_params({"near": "51.5,-0.12"})
    assert (near.sort, near.radius_km) == ("distance", DEFAULT_RADIUS_KM)
    assert parse_search_params({"query": "jane", "near": "51.5,-0.12"}).sort == "relevance"
    assert parse_search_params({"sort": "DISTANCE", "near": "51.5,-0.12"}).sort == "distance"
    assert parse_search_params({"sort": "relevance"}).sort == "relevance"


def test_blank_free_text_is_absent_and_single_element_lists_are_values() -> None:
    assert parse_search_params({"query": "  ", "location": " \t"}) == SearchRequest()
    assert parse_search_params({"style": ["trad"], "limit": ["5"]}).limit == 5


@pytest.mark.parametrize("name", PARAMETERS)
def test_an_empty_parameter_is_refused(name: str) -> None:
    # openapi.yaml: minLength 1 (query, location, cursor); "" is no integer, number or enum.
    assert _fields({name: ""}) == [name]
    assert _fields({name: [""]}) == [name]


@pytest.mark.parametrize("name", sorted(set(PARAMETERS) - {"query", "location"}))
def test_a_blank_parameter_other_than_free_text_is_refused(name: str) -> None:
    assert _fields({name: "  "}) == [name]


def test_radius_without_near_has_no_effect() -> None:
    # openapi.yaml: "without near, radius_km has no effect"; its form is still checked.
    assert parse_search_params({"radius_km": "10"}) == SearchRequest()
    assert _fields({"radius_km": "0"}) == ["radius_km"]
    assert _fields({"radius_km": "far"}) == ["radius_km"]


@pytest.mark.parametrize(
    ("radius", "km"), [("5e-1", 0.5), ("5E1", 50.0), ("1.5e+2", 150.0), ("2", 2.0), ("0.25", 0.25)]
)
def test_radius_is_any_json_number(radius: str, km: float) -> None:
    assert parse_search_params({"near": "51,0", "radius_km": radius}).radius_km == km


def test_page_is_at_most_200() -> None:
    assert parse_search_params({"page": "200", "limit": "50"}).offset == 199 * 50
    assert _fields({"page": "201", "limit": "1"}) == ["page"]


def cursor_for(values: list[Any], **params: str) -> str:
    """The cursor the API would issue after a hit with sort values `values` in this search."""
    return encode_cursor(parse_search_params(params).fingerprint, values)


def test_cursor_paging() -> None:
    cursor = cursor_for([4.8, 12, "art_7Kq2mZ9xTb"])
    request = parse_search_params({"cursor": cursor})
    assert request.cursor == [4.8, 12, "art_7Kq2mZ9xTb"]
    assert request.offset == 0


def test_a_cursor_continues_only_the_search_it_came_from() -> None:
    """Reproduction (issue 15): a cursor from another query, style or sort was accepted and
    silently cut the results short."""
    cursor = cursor_for([1.5, "art_1"], query="rose")
    assert parse_search_params({"query": "rose", "cursor": cursor, "limit": "5"}).cursor
    for other in ({"query": "lily"}, {"query": "rose", "style": "realism"}, {"sort": "rating"}):
        with pytest.raises(ValidationError) as caught:
            parse_search_params({**other, "cursor": cursor})
        assert caught.value.fields == ["cursor"]
        assert "another search" in caught.value.problems[0].message


def test_unicode_equal_queries_share_their_cursors() -> None:
    cursor = cursor_for([1.5, "art_1"], query="Chloé")
    assert parse_search_params({"query": "Chloe\u0301", "cursor": cursor}).cursor


def test_the_integer_past_2_63_cursor_is_a_400() -> None:
    """Reproduction (issue 15): GET /v1/artists?cursor=WzQuMCw5MjIzMzcyMDM2ODU0Nzc1ODA4LCJh
    cnRfeCJd ([4.0, 2**63, "art_x"]) reached OpenSearch and answered 500."""
    with pytest.raises(ValidationError) as caught:
        parse_search_params({"cursor": "WzQuMCw5MjIzMzcyMDM2ODU0Nzc1ODA4LCJhcnRfeCJd"})
    assert caught.value.fields == ["cursor"]
    # The same values in a well-formed cursor of this very search: range-checked.
    with pytest.raises(ValidationError) as caught:
        parse_search_params({"cursor": cursor_for([4.0, 2**63, "art_x"])})
    assert caught.value.fields == ["cursor"]


@pytest.mark.parametrize(
    ("params", "values"),
    [
        ({}, [4.0, 2**31, "art_x"]),  # reviewCount is a 32-bit integer field
        ({}, [4.0, 1.5, "art_x"]),
        ({}, [6.0, 1, "art_x"]),  # ratings are 0-5 (unrated: -1)
        ({}, [4.0, True, "art_x"]),
        ({}, [4.0, 1, "art x"]),
        ({}, [4.0, 1, 7]),
        ({}, ["x", 1, "art_1"]),
        ({}, [4.0, "art_x"]),  # too few keys for this order
        ({"query": "x"}, [1e39, "art_x"]),  # past a float's range
        ({"query": "x"}, ["1", "art_x"]),
        ({"near": "51,0"}, [-1.0, "art_x"]),
    ],
)
def test_cursor_values_must_suit_the_order(params: dict[str, str], values: list[Any]) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_search_params({**params, "cursor": cursor_for(values, **params)})
    assert caught.value.fields == ["cursor"]


def test_page_with_cursor_is_a_400_even_for_page_1() -> None:
    """Reproduction (issue 15): `page` together with `cursor` was accepted."""
    cursor = cursor_for([4.8, 12, "art_1"])
    with pytest.raises(ValidationError) as caught:
        parse_search_params({"cursor": cursor, "page": "1"})
    assert caught.value.fields == ["page"]


def test_every_order_has_an_id_tiebreaker_last() -> None:
    assert all(keys[-1].name == "artistId" for keys in SORT_KEYS.values())


def _fields(params: dict[str, Any]) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        parse_search_params(params)
    return caught.value.fields


@pytest.mark.parametrize(
    ("params", "fields"),
    [
        ({"q": "jane"}, ["q"]),
        ({"style": "cubism"}, ["style"]),
        ({"query": "x" * 201}, ["query"]),
        ({"location": "x" * 101}, ["location"]),
        ({"query": "a" + " " * 199 + "b"}, ["query"]),  # maxLength counts what was sent
        ({"location": " " * 101}, ["location"]),
        ({"near": "51.5"}, ["near"]),
        ({"near": "91,0"}, ["near"]),
        ({"near": "0,181"}, ["near"]),
        ({"near": "a,b"}, ["near"]),
        ({"near": "nan,0"}, ["near"]),
        ({"near": "51,0", "radius_km": "0"}, ["radius_km"]),
        ({"near": "51,0", "radius_km": "501"}, ["radius_km"]),
        ({"near": "51,0", "radius_km": "far"}, ["radius_km"]),
        ({"sort": "distance"}, ["sort"]),
        ({"sort": "newest"}, ["sort"]),
        ({"limit": "0"}, ["limit"]),
        ({"limit": "51"}, ["limit"]),
        ({"limit": "ten"}, ["limit"]),
        ({"limit": "-1"}, ["limit"]),
        ({"limit": "1.5"}, ["limit"]),
        ({"page": "0"}, ["page"]),
        ({"page": "501"}, ["page"]),
        ({"limit": "50", "page": "201"}, ["page"]),
        ({"cursor": "not-a-cursor!"}, ["cursor"]),
        ({"cursor": encode_cursor("0" * 16, ["a"]), "page": "2"}, ["page"]),
        ({"style": ["trad", "realism"]}, ["style"]),
        ({"style": 5}, ["style"]),
    ],
)
def test_each_bad_parameter_is_named(params: dict[str, Any], fields: list[str]) -> None:
    assert _fields(params) == fields


def test_every_problem_is_reported_at_once() -> None:
    fields = _fields(
        {"foo": "1", "bar": "2", "sort": "distance", "radius_km": "0", "limit": "0", "style": "x"}
    )
    assert fields == ["bar", "foo", "style", "radius_km", "sort", "limit"]


def test_a_bad_near_does_not_also_blame_sort_or_radius() -> None:
    assert _fields({"near": "x", "sort": "distance", "radius_km": "5"}) == ["near"]


def _b64(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "%%%",
        base64.urlsafe_b64encode(b"not json").decode(),
        _b64({"a": 1}),
        _b64([4.8, "art_1"]),  # the bare list cursors of before issue 15
        _b64({"search": "x", "after": []}),
        _b64({"search": "x", "after": list(range(9))}),
        _b64({"search": "x", "after": [[1]]}),
        _b64({"search": 5, "after": [1]}),
        _b64({"search": "x", "after": [1], "more": 1}),
        base64.urlsafe_b64encode(b'{"search":"x","after":[NaN]}').decode(),
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
        _b64({"search": "x", "after": [1]})[:-2] + "[[",
        "A" * 1025,
    ],
)
def test_decode_cursor_rejects_what_it_did_not_make(cursor: str) -> None:
    with pytest.raises(ValidationError) as caught:
        decode_cursor(cursor)
    assert caught.value.fields == ["cursor"]


cursor_values = st.lists(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40),
    min_size=1,
    max_size=4,
)


@PROPERTY
@given(st.text(max_size=16), cursor_values)
def test_cursors_round_trip_and_are_url_safe(search: str, values: list[Any]) -> None:
    cursor = encode_cursor(search, values)
    assert cursor.replace("-", "").replace("_", "").isalnum()
    assert decode_cursor(cursor) == Cursor(search, values)


@PROPERTY
@given(cursor_values)
def test_any_cursor_of_the_right_search_parses_or_is_a_400(values: list[Any]) -> None:
    try:
        request = parse_search_params({"cursor": cursor_for(values)})
    except ValidationError as error:
        assert error.fields == ["cursor"]
        return
    assert request.cursor == values
    assert all(key.accepts(v) for key, v in zip(SORT_KEYS["rating"], values, strict=True))


params_strategy = st.dictionaries(
    st.sampled_from(PARAMETERS) | st.text(max_size=6),
    st.text(max_size=12)
    | st.lists(st.text(max_size=8), max_size=2)
    | st.sampled_from(["1", "50", "51.5,-0.1", "distance", "trad", "25"]),
    max_size=6,
)


@PROPERTY
@given(params_strategy)
def test_parsing_arbitrary_parameters_only_raises_validation_error(params: dict[str, Any]) -> None:
    try:
        request = parse_search_params(params)
    except ValidationError as error:
        assert error.problems
        return
    assert 1 <= request.limit <= 50 and request.page >= 1
    assert request.sort != "distance" or request.near is not None
    assert (request.radius_km is None) == (request.near is None)


@pytest.mark.parametrize(
    "radius",
    [
        "1_0",
        "inf",
        "nan",
        "-inf",
        "Infinity",
        "0x10",
        "5km",
        "1e",
        "e5",
        "1e1.5",
        "1e999",
        "1" * 40,
    ],
)
def test_numbers_are_json_numbers_and_finite(radius: str) -> None:
    assert _fields({"near": "51,0", "radius_km": radius}) == ["radius_km"]


def test_near_takes_plain_decimals_only() -> None:
    # openapi.yaml's pattern for near has no exponent.
    assert _fields({"near": "5.1e1,0"}) == ["near"]
