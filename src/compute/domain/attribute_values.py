"""DynamoDB attribute-value JSON (`{"S": ...}`, `{"N": "..."}`, ...) to and from plain items.

Written here rather than with boto3's TypeSerializer so the domain never loads boto3, and so
floats work: numbers travel as their shortest exact string (repr), and come back as int when
the string is integral, else float. Sets are read (as sorted lists) but never written."""

from __future__ import annotations

import base64
import math
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from compute.domain.errors import ValidationError

AttributeValue = dict[str, Any]


def _number_text(value: int | float | Decimal) -> str:
    if isinstance(value, float):
        if not math.isfinite(value):
            raise TypeError(f"DynamoDB cannot store the number {value!r}")
        return repr(value)
    if isinstance(value, Decimal) and not value.is_finite():
        raise TypeError(f"DynamoDB cannot store the number {value!r}")
    return str(value)


def to_attribute_value(value: Any) -> AttributeValue:
    """One plain value as an attribute value; TypeError for what an item cannot hold."""
    if value is None:
        return {"NULL": True}
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, (int, float, Decimal)):
        return {"N": _number_text(value)}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, (bytes, bytearray)):
        return {"B": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, Mapping):
        return {"M": to_attribute_values(value)}
    if isinstance(value, (list, tuple)):
        return {"L": [to_attribute_value(v) for v in value]}
    raise TypeError(f"cannot store a {type(value).__name__} in DynamoDB")


def to_attribute_values(item: Mapping[str, Any]) -> dict[str, AttributeValue]:
    """A plain JSON-like item as DynamoDB attribute-value JSON."""
    out: dict[str, AttributeValue] = {}
    for key, value in item.items():
        if not isinstance(key, str):
            raise TypeError(f"attribute names must be strings, got {key!r}")
        out[key] = to_attribute_value(value)
    return out


def _number(text: Any, where: str) -> int | float:
    if not isinstance(text, str):
        raise ValidationError.single(where, "a number (N) must be sent as a string")
    try:
        decimal = Decimal(text)
    except InvalidOperation:
        raise ValidationError.single(where, f"{text!r:.40} is not a number") from None
    if not decimal.is_finite():
        raise ValidationError.single(where, f"{text!r:.40} is not a finite number")
    if "." not in text and "e" not in text.lower():
        return int(decimal)
    number = float(text)
    if not math.isfinite(number):  # beyond a float's range (DynamoDB allows up to 1E+126)
        raise ValidationError.single(where, f"{text!r:.40} does not fit a float")
    return number


def from_attribute_value(av: Any, where: str = "") -> Any:
    """One attribute value as a plain value; ValidationError naming the path when malformed."""
    if not isinstance(av, Mapping) or len(av) != 1:
        raise ValidationError.single(where or "item", "expected one {type: value} attribute value")
    ((tag, raw),) = av.items()
    if tag == "S" and isinstance(raw, str):
        return raw
    if tag == "N":
        return _number(raw, where or "item")
    if tag == "BOOL" and isinstance(raw, bool):
        return raw
    if tag == "NULL" and raw is True:
        return None
    if tag == "M" and isinstance(raw, Mapping):
        return from_attribute_values(raw, where)
    if tag == "L" and isinstance(raw, Sequence) and not isinstance(raw, str):
        return [from_attribute_value(v, f"{where}[{i}]") for i, v in enumerate(raw)]
    if tag == "SS" and isinstance(raw, Sequence) and all(isinstance(v, str) for v in raw):
        return sorted(raw)
    if tag == "NS" and isinstance(raw, Sequence) and not isinstance(raw, str):
        return sorted(_number(v, f"{where}[{i}]") for i, v in enumerate(raw))
    if tag == "B" and isinstance(raw, (str, bytes)):
        try:
            return base64.b64decode(raw, validate=True) if isinstance(raw, str) else raw
        except ValueError:
            raise ValidationError.single(where or "item", "B must be base64") from None
    raise ValidationError.single(
        where or "item", f"unsupported or malformed attribute value {tag!r:.20}"
    )


def from_attribute_values(av: Mapping[str, Any], where: str = "") -> dict[str, Any]:
    """DynamoDB attribute-value JSON (an item, an image from a stream record) as plain values."""
    if not isinstance(av, Mapping):
        raise ValidationError.single(where or "item", "expected a map of attribute values")
    out: dict[str, Any] = {}
    for key, value in av.items():
        if not isinstance(key, str):
            raise ValidationError.single(where or "item", "attribute names must be strings")
        out[key] = from_attribute_value(value, f"{where}.{key}" if where else key)
    return out
