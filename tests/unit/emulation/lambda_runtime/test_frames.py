"""The runtime's frames carry the values json would carry: orjson where it writes and reads
the same, json for what it would not (big integers, non-string keys, lone surrogates, NaN)."""

from __future__ import annotations

import dataclasses
import datetime
import json
from typing import Any

import pytest

from emulation.lambda_runtime import frames

SAME = [
    {"version": "2.0", "headers": {"host": "h"}, "body": '{"a":1}', "isBase64Encoded": False},
    {"text": "café ☕ \u2028", "n": [0, -1, 2**63 - 1, -(2**63), 1.5, 1e16], "none": None},
    {"big": 2**70, "negative": -(2**64)},  # beyond 64 bits: json's
    {"lone": "\ud800"},  # a lone surrogate: json's \\ud800 escape
    {1: "int key", None: "null key"},  # keys json turns into strings
    [],
    "text",
]


@pytest.mark.parametrize("value", SAME)
def test_a_value_crosses_as_json_would_carry_it(value: Any) -> None:
    assert frames.decode(frames.encode(value)) == json.loads(json.dumps(value))


def test_a_worker_frame_reads_as_json_reads_it() -> None:
    for text in (
        '{"payload": NaN}',
        '{"n": 123456789012345678901234}',
        '{"a": "1234567890123456789"}',
    ):
        read = frames.decode(text.encode())
        expected = json.loads(text)
        assert repr(read) == repr(expected)
        assert type(read) is type(expected)


@dataclasses.dataclass
class _Point:
    x: int


@pytest.mark.parametrize("value", [{"at": datetime.datetime(2026, 1, 1)}, {"p": _Point(1)}, {1, 2}])
def test_what_json_refuses_is_refused(value: Any) -> None:
    with pytest.raises(TypeError):
        json.dumps(value)
    with pytest.raises(TypeError):
        frames.encode(value)
