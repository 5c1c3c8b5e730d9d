from __future__ import annotations

import contextlib
import math
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compute.domain.attribute_values import (
    from_attribute_value,
    from_attribute_values,
    to_attribute_value,
    to_attribute_values,
)
from compute.domain.errors import ValidationError

from .strategies import PROPERTY


def test_every_type_to_attribute_values() -> None:
    item = {
        "s": "x",
        "i": 12,
        "f": 0.1,
        "neg": -3.5e-7,
        "d": Decimal("4.50"),
        "t": True,
        "n": None,
        "l": [1, "a", None],
        "m": {"k": [False]},
        "b": b"\x00\x01",
        "tuple": (1, 2),
    }
    assert to_attribute_values(item) == {
        "s": {"S": "x"},
        "i": {"N": "12"},
        "f": {"N": "0.1"},
        "neg": {"N": "-3.5e-07"},
        "d": {"N": "4.50"},
        "t": {"BOOL": True},
        "n": {"NULL": True},
        "l": {"L": [{"N": "1"}, {"S": "a"}, {"NULL": True}]},
        "m": {"M": {"k": {"L": [{"BOOL": False}]}}},
        "b": {"B": "AAE="},
        "tuple": {"L": [{"N": "1"}, {"N": "2"}]},
    }


@pytest.mark.parametrize("value", [float("nan"), float("inf"), Decimal("NaN"), {1, 2}, object()])
def test_what_an_item_cannot_hold_is_a_type_error(value: object) -> None:
    with pytest.raises(TypeError):
        to_attribute_value(value)


def test_attribute_names_must_be_strings() -> None:
    with pytest.raises(TypeError):
        to_attribute_values({1: "x"})  # type: ignore[dict-item]


def test_numbers_come_back_as_int_or_float() -> None:
    assert from_attribute_values(
        {"a": {"N": "5"}, "b": {"N": "5.0"}, "c": {"N": "1E+3"}, "d": {"N": "-0"}}
    ) == {
        "a": 5,
        "b": 5.0,
        "c": 1000.0,
        "d": 0,
    }
    assert isinstance(from_attribute_value({"N": "5"}), int)
    assert isinstance(from_attribute_value({"N": "5.0"}), float)


def test_sets_and_binary_are_read() -> None:
    assert from_attribute_value({"SS": ["b", "a"]}) == ["a", "b"]
    assert from_attribute_value({"NS": ["2", "1.5"]}) == [1.5, 2]
    assert from_attribute_value({"B": "AAE="}) == b"\x00\x01"
    assert from_attribute_value({"B": b"\x00"}) == b"\x00"


@pytest.mark.parametrize(
    ("av", "where"),
    [
        ({"a": {"N": "abc"}}, "a"),
        ({"a": {"N": 5}}, "a"),
        ({"a": {"N": "Infinity"}}, "a"),
        ({"a": {"N": "1e400"}}, "a"),
        ({"a": {"S": 5}}, "a"),
        ({"a": {"BOOL": "true"}}, "a"),
        ({"a": {"NULL": False}}, "a"),
        ({"a": {"X": "y"}}, "a"),
        ({"a": {"S": "x", "N": "1"}}, "a"),
        ({"a": "plain"}, "a"),
        ({"a": {"L": [{"S": "ok"}, {"N": "bad"}]}}, "a[1]"),
        ({"a": {"M": {"b": {"Q": 1}}}}, "a.b"),
        ({"a": {"B": "***"}}, "a"),
        ({"a": {"SS": [1]}}, "a"),
    ],
)
def test_malformed_attribute_values_name_where(av: dict[str, Any], where: str) -> None:
    with pytest.raises(ValidationError) as caught:
        from_attribute_values(av)
    assert caught.value.problems[0].field == where


def test_not_a_map_at_all() -> None:
    with pytest.raises(ValidationError):
        from_attribute_values(["x"])  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        from_attribute_values({1: {"S": "x"}})  # type: ignore[dict-item]


plain_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=15,
)


def _same(a: Any, b: Any) -> bool:
    """Equal, and floats stay floats (bit-for-bit), ints stay ints."""
    if isinstance(a, float):
        return isinstance(b, float) and (a == b and math.copysign(1, a) == math.copysign(1, b))
    if isinstance(a, (bool, int)):
        return type(a) is type(b) and a == b
    if isinstance(a, list):
        return (
            isinstance(b, list)
            and len(a) == len(b)
            and all(_same(x, y) for x, y in zip(a, b, strict=True))
        )
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return bool(a == b)


@PROPERTY
@given(st.dictionaries(st.text(max_size=10), plain_values, max_size=6))
def test_plain_items_round_trip_exactly(item: dict[str, Any]) -> None:
    assert _same(from_attribute_values(to_attribute_values(item)), item)


json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=4), children, max_size=3)
    ),
    max_leaves=10,
)


@PROPERTY
@given(st.dictionaries(st.text(max_size=5), json_like, max_size=4))
def test_reading_arbitrary_json_only_raises_validation_error(av: dict[str, Any]) -> None:
    with contextlib.suppress(ValidationError):
        from_attribute_values(av)
