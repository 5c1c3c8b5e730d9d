"""The JSON of the runtime's frames to and from its workers, on the local cloud's side: an
event out, a reply (the function's payload, its log text) back, for every invocation.

orjson writes and reads them at a fraction of the json module's CPU (an API search: its event
out and its ~16 KB reply back cost ~70 us in json, ~15 us here), on the cloud process every API
request goes through. What orjson refuses goes through the json module as before, so a value
that crossed before still crosses, as the same value: an integer over 64 bits, a key that is
not a string, a lone surrogate, a reply with NaN (the worker writes its frames with json,
which allows it); and what json refuses is still refused (a datetime or a dataclass in an event
is handed to json, which raises). The differences, for events no AWS source sends (Lambda
refuses a payload that is not JSON): a float NaN or infinity reaches the function as null
where json's non-standard `NaN` kept it, and a UUID or an Enum is written as its value where
json refused it.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

# Types json does not write go to json (which raises) instead of being written by orjson.
_AS_JSON_DOES = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
# Every digit as "0", anything else as " ": a long run of digits is then one `in` away.
_DIGITS = bytes(0x30 if 0x30 <= c <= 0x39 else 0x20 for c in range(256))
_LONG_RUN = b"0" * 19


def encode(value: Any) -> bytes:
    """`value` as compact JSON (UTF-8), as json.dumps would give it, read back."""
    try:
        return orjson.dumps(value, option=_AS_JSON_DOES)
    except orjson.JSONEncodeError:
        return json.dumps(value).encode("utf-8")


def decode(body: bytes) -> Any:
    """The value of one frame's JSON text. orjson would read an integer over 64 bits as a
    float, so a frame with a run of 19 digits or more (one may be such an integer) is json's."""
    if _LONG_RUN in body.translate(_DIGITS):
        return json.loads(body)
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        return json.loads(body)
