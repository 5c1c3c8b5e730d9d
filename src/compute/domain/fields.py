"""Reading outside input field by field, every problem at once: the reader each aggregate's
parser uses (`Fields`), and the checks several aggregates share.

A parser takes anything (JSON from an event, an item from the table, a request body) and either
returns a model or raises one ValidationError naming each offending field; it never raises
anything else. Values are normalised on the way in (handles, URLs, phone numbers, postcodes,
styles), so a model always holds canonical values."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar

from compute.domain import keys, normalise
from compute.domain.errors import Problem, Problems, ValidationError
from compute.domain.request_body import json_type
from compute.domain.styles import VOCABULARY, canonical_style
from compute.domain.values import format_timestamp, parse_timestamp

T = TypeVar("T")

MAX_NAME = 200
MAX_ADDRESS = 300
INDEX_ATTRIBUTES = frozenset({"GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK", "GSI3PK", "GSI3SK"})

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _valid_date(text: str) -> bool:
    match = _DATE.fullmatch(text)
    if match is None:
        return False
    year, month, day = (int(g) for g in match.groups())
    try:
        datetime(year, month, day)
    except ValueError:
        return False
    return True


class Fields:
    """Reads one JSON object field by field, recording every problem under its full path."""

    def __init__(self, data: Mapping[str, Any], problems: Problems, prefix: str = "") -> None:
        self.data = data
        self.problems = problems
        self.prefix = prefix

    def path(self, name: str) -> str:
        return f"{self.prefix}.{name}" if self.prefix else name

    def add(self, name: str, message: str) -> None:
        self.problems.add(self.path(name), message)

    def reject_unknown(self, allowed: frozenset[str]) -> None:
        for name in sorted(set(self.data) - allowed, key=str):
            self.add(str(name), "is not a known field")

    def _raw(self, name: str, required: bool) -> Any:
        value = self.data.get(name)
        if value is None and required:
            self.add(name, "is required")
        return value

    def _string(self, name: str, required: bool) -> str | None:
        value = self._raw(name, required)
        if value is None:
            return None
        if not isinstance(value, str):
            self.add(name, f"must be a string, not {json_type(value)}")
            return None
        return value

    def text(
        self,
        name: str,
        *,
        max_length: int,
        required: bool = False,
        clean: Callable[[str], str] = normalise.name,
    ) -> str | None:
        """A string, cleaned; an empty optional string counts as absent."""
        value = self._string(name, required)
        if value is None:
            return None
        cleaned = clean(value)
        if not cleaned:
            if required:
                self.add(name, "must not be empty")
            return None
        if len(cleaned) > max_length:
            self.add(name, f"must be at most {max_length} characters")
            return None
        return cleaned

    def convert(
        self, name: str, convert: Callable[[str], T], *, required: bool = False
    ) -> T | None:
        """A string turned into its canonical form by a normaliser (problems renamed to `name`)."""
        value = self._string(name, required)
        if value is None:
            return None
        if not value.strip() and not required:
            return None
        try:
            return convert(value)
        except ValidationError as exc:
            self.problems.found.extend(Problem(self.path(name), p.message) for p in exc.problems)
            return None

    def identifier(self, name: str, *, required: bool = False) -> str | None:
        return self.convert(name, lambda v: keys.check_id(v, name), required=required)

    def number(
        self, name: str, *, low: float, high: float | None = None, required: bool = False
    ) -> float | None:
        value = self._raw(name, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
            self.add(name, "must be a number")
            return None
        number = float(value)
        if not math.isfinite(number) or number < low or (high is not None and number > high):
            bound = f"from {low:g} to {high:g}" if high is not None else f"of at least {low:g}"
            self.add(name, f"must be a number {bound}")
            return None
        return number

    def integer(
        self, name: str, *, low: int, high: int | None = None, required: bool = False
    ) -> int | None:
        value = self._raw(name, required)
        if value is None:
            return None
        whole: int | None = None
        if isinstance(value, int) and not isinstance(value, bool):
            whole = value
        elif isinstance(value, (float, Decimal)) and math.isfinite(value) and value == int(value):
            whole = int(value)
        if whole is None or whole < low or (high is not None and whole > high):
            bound = f"from {low} to {high}" if high is not None else f"of at least {low}"
            self.add(name, f"must be a whole number {bound}")
            return None
        return whole

    def boolean(self, name: str, *, required: bool = False) -> bool | None:
        value = self._raw(name, required)
        if value is None:
            return None
        if not isinstance(value, bool):
            self.add(name, "must be true or false")
            return None
        return value

    def timestamp(self, name: str, *, required: bool = False) -> str | None:
        value = self._string(name, required)
        if value is None:
            return None
        moment = parse_timestamp(value)
        if moment is None:
            self.add(name, "must be an RFC 3339 date-time with offset, e.g. 2026-01-31T09:30:00Z")
            return None
        # One form (UTC, milliseconds, Z) so stored times compare correctly as text.
        return format_timestamp(moment)

    def date(self, name: str) -> str | None:
        value = self._string(name, False)
        if value is None:
            return None
        if not _valid_date(value):
            self.add(name, "must be a date such as 2026-01-31")
            return None
        return value

    def choice(self, name: str, options: tuple[T, ...], *, required: bool = False) -> T | None:
        value = self._raw(name, required)
        if value is None:
            return None
        for option in options:
            if value == option:
                return option
        self.add(name, "must be one of " + ", ".join(str(o) for o in options))
        return None

    def _list(self, name: str, max_items: int) -> list[Any]:
        value = self._raw(name, False)
        if value is None:
            return []
        if not isinstance(value, (list, tuple)):
            self.add(name, "must be a list")
            return []
        if len(value) > max_items:
            self.add(name, f"must have at most {max_items} entries")
            return []
        return list(value)

    def texts(self, name: str, *, max_items: int, max_length: int) -> tuple[str, ...]:
        found: dict[str, None] = {}
        for index, entry in enumerate(self._list(name, max_items)):
            where = f"{name}[{index}]"
            if not isinstance(entry, str) or not normalise.name(entry):
                self.add(where, "must be a non-empty string")
                continue
            cleaned = normalise.name(entry)
            if len(cleaned) > max_length:
                self.add(where, f"must be at most {max_length} characters")
                continue
            found[cleaned] = None
        return tuple(found)

    def styles(self, name: str = "styles") -> tuple[str, ...]:
        found: dict[str, None] = {}
        for index, entry in enumerate(self._list(name, 4 * len(VOCABULARY))):
            style = canonical_style(entry) if isinstance(entry, str) else None
            if style is None:
                self.add(f"{name}[{index}]", "must be one of " + ", ".join(VOCABULARY))
                continue
            found[style] = None
        return tuple(found)

    def nested(
        self, name: str, parse: Callable[[Fields], T], *, required: bool = False
    ) -> T | None:
        value = self._raw(name, required)
        if value is None:
            return None
        if not isinstance(value, Mapping):
            self.add(name, "must be an object")
            return None
        return parse(Fields(value, self.problems, self.path(name)))

    def nested_list(
        self, name: str, parse: Callable[[Fields], T], *, max_items: int
    ) -> tuple[T, ...]:
        parsed: list[T] = []
        for index, entry in enumerate(self._list(name, max_items)):
            where = f"{name}[{index}]"
            if not isinstance(entry, Mapping):
                self.add(where, "must be an object")
                continue
            before = len(self.problems.found)
            value = parse(Fields(entry, self.problems, self.path(where)))
            if len(self.problems.found) == before:
                parsed.append(value)
        return tuple(parsed)


def require_mapping(data: object, what: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise ValidationError.single(what, f"must be an object, not {json_type(data)}")
    return data


def check_item_identity(
    fields: Fields, item_type: str, expected_key: Callable[[], keys.TableKey] | None
) -> None:
    """An item's `type`, PK and SK, when present, must be the ones its ids imply."""
    data = fields.data
    if "type" in data and data["type"] != item_type:
        fields.add("type", f"must be '{item_type}'")
    if ("PK" in data or "SK" in data) and expected_key is not None:
        try:
            expected = expected_key()
        except ValidationError:
            return  # the id itself is already reported
        for name in ("PK", "SK"):
            if data.get(name) != expected[name]:
                fields.add(name, f"must be '{expected[name]}' for this item")


def phone(value: str) -> str:
    return normalise.phone_e164(value)


def trim(value: str) -> str:
    return value.strip()


def url(value: str) -> str:
    return normalise.http_url(value)


def email(value: str) -> str:
    return normalise.email(value)


def point(f: Fields, lat_name: str, lon_name: str) -> tuple[float | None, float | None]:
    latitude = f.number(lat_name, low=-90, high=90)
    longitude = f.number(lon_name, low=-180, high=180)
    if (f.data.get(lat_name) is None) != (f.data.get(lon_name) is None):
        f.add(
            lat_name if f.data.get(lat_name) is None else lon_name,
            "latitude and longitude go together",
        )
        return None, None
    return latitude, longitude
