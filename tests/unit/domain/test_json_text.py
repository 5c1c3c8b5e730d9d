"""The API's fast JSON writes and reads what the json module does: the same compact text for
every JSON value (floats are the same number; only an exponent may be spelled `1e16` for
`1e+16`), and what orjson refuses still goes through the json module instead of failing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compute.domain import json_text

# JSON values as the API's replies hold them: text (any Unicode, no lone surrogates), whole
# numbers, finite floats, booleans, null, lists and string-keyed objects.
TEXT = st.text(st.characters(exclude_categories=("Cs",)))
SCALARS = st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | TEXT
JSON_VALUES = st.recursive(
    SCALARS | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(TEXT, inner, max_size=5),
    max_leaves=30,
)
NO_FLOATS = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(TEXT, inner, max_size=5),
    max_leaves=30,
)


def _json_module(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


@given(NO_FLOATS)
def test_compact_text_is_the_json_modules_text(value: Any) -> None:
    assert json_text.compact(value) == _json_module(value)


@given(JSON_VALUES)
def test_compact_text_reads_back_as_the_same_value(value: Any) -> None:
    assert json.loads(json_text.compact(value)) == value
    assert json_text.parse(json_text.compact(value)) == value


@pytest.mark.parametrize(
    "value",
    [
        {"big": 2**70},  # beyond orjson's 64 bits
        {1: "a key that is not text"},
        ["\ud800"],  # a lone surrogate
    ],
)
def test_what_orjson_refuses_is_written_by_the_json_module(value: Any) -> None:
    assert json_text.compact(value) == _json_module(value)


def test_a_default_turns_other_values_into_json_as_the_json_module_does() -> None:
    class Opaque:
        def __str__(self) -> str:
            return "opaque"

    assert json_text.compact({"x": Opaque()}, default=str) == '{"x":"opaque"}'
    with pytest.raises(TypeError):
        json_text.compact({"x": Opaque()})


@pytest.mark.parametrize(
    ("text", "value"), [("[NaN]", "nan"), ("[Infinity]", "inf"), ('"\\ud800"', "\ud800")]
)
def test_what_orjson_refuses_to_read_is_read_by_the_json_module(text: str, value: str) -> None:
    parsed = json_text.parse(text)
    assert repr(parsed[0] if isinstance(parsed, list) else parsed) == repr(
        float(value) if value in ("nan", "inf") else value
    )


def test_text_that_is_no_json_raises_value_error() -> None:
    with pytest.raises(ValueError, match="Expecting"):
        json_text.parse("{not json")
