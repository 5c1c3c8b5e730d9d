"""What every aggregate's model uses: the stored form of a moment, optional attributes left
out of items (never stored as NULL, so GSIs stay sparse), and the derived geohash."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from compute.domain import geohash as geohash_codec
from compute.domain import normalise

JsonObject = dict[str, Any]

GEOHASH_PRECISION = 9  # ~5 m cells; prefix queries work at any shorter precision


def format_timestamp(moment: datetime) -> str:
    """The stored form of a moment: UTC, millisecond precision, `Z` (sorts as text)."""
    if moment.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


_TIMESTAMP = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|([+-])(\d{2}):(\d{2}))"
)


def parse_timestamp(text: str) -> datetime | None:
    """The moment an RFC 3339 date-time with offset names, or None if it names none."""
    match = _TIMESTAMP.fullmatch(text)
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    fraction, sign, offset_hours, offset_minutes = match.groups()[6:]
    microsecond = int((fraction or "0")[:6].ljust(6, "0"))
    try:
        zone = UTC
        if sign is not None:
            offset = timedelta(hours=int(offset_hours), minutes=int(offset_minutes))
            zone = timezone(-offset if sign == "-" else offset)
        moment = datetime(year, month, day, hour, minute, second, microsecond, tzinfo=zone)
        moment.astimezone(UTC)  # years 1 and 9999 can overflow once moved to UTC
    except (ValueError, OverflowError):
        return None
    return moment


def put(target: JsonObject, name: str, value: Any) -> None:
    """Store an optional attribute only when it has a value (no NULLs, no empty lists)."""
    if value is None or value == () or value == []:
        return
    target[name] = value


def searchable(text: str | None) -> str | None:
    """`normalise.searchable_text` of indexed text; text that is nothing but format
    characters is kept as it is (a document's name may not be empty)."""
    if text is None:
        return None
    return normalise.searchable_text(text) or text


def geohash_of(latitude: float | None, longitude: float | None) -> str | None:
    if latitude is None or longitude is None:
        return None
    return geohash_codec.encode(latitude, longitude, GEOHASH_PRECISION)
