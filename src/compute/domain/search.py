"""The artist search request: every query parameter of GET /v1/artists checked at once, and the
opaque cursor that pages through results past the first ones."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from compute.domain.errors import Problems, ValidationError
from compute.domain.normalise import searchable_text
from compute.domain.styles import VOCABULARY, canonical_style

Sort = Literal["relevance", "rating", "distance"]
SORTS: tuple[Sort, ...] = ("relevance", "rating", "distance")
CursorValue = str | int | float | bool | None

DEFAULT_LIMIT = 20
MAX_LIMIT = 50
DEFAULT_RADIUS_KM = 25.0
MAX_RADIUS_KM = 500.0
MAX_QUERY_LENGTH = 200
MAX_LOCATION_LENGTH = 100
# MAX_PAGE * MAX_LIMIT is OpenSearch's max_result_window (10,000); deeper pages use the cursor.
MAX_PAGE = 200
MAX_CURSOR_LENGTH = 1024
MAX_CURSOR_VALUES = 8
# The largest finite value of OpenSearch's `float` (rating, _score) and `integer` fields.
MAX_FLOAT32 = 3.4028234663852886e38
MAX_INT32 = 2**31 - 1
ARTIST_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
CURSOR_PROBLEM = "is not a cursor this API returned; start from page 1"

# Parameters whose spec allows any non-empty string (so blank is valid, and means nothing).
FREE_TEXT = frozenset({"query", "location"})

PARAMETERS: tuple[str, ...] = (
    "query",
    "style",
    "location",
    "near",
    "radius_km",
    "sort",
    "limit",
    "page",
    "cursor",
)


@dataclass(frozen=True, slots=True)
class SortKey:
    """One key of a hit order, and the values a cursor may carry for it: what OpenSearch's
    `search_after` can parse for that field (a value outside fails the whole search)."""

    name: str
    kind: Literal["number", "integer", "artist_id"]
    low: float = -MAX_FLOAT32
    high: float = MAX_FLOAT32

    def accepts(self, value: object) -> bool:
        if self.kind == "artist_id":
            return isinstance(value, str) and ARTIST_ID.fullmatch(value) is not None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        if self.kind == "integer" and not isinstance(value, int):
            return False
        return math.isfinite(value) and self.low <= value <= self.high


_BY_ID = SortKey("artistId", "artist_id")
# The keys of each order, as adapters.search.query.sort_clause sorts: ties always end on the id.
SORT_KEYS: dict[Sort, tuple[SortKey, ...]] = {
    "relevance": (SortKey("_score", "number"), _BY_ID),
    # Unrated artists sort as -1 (adapters.search.query.UNRATED), below every rating of 0-5.
    "rating": (
        SortKey("rating", "number", -1.0, 5.0),
        SortKey("reviewCount", "integer", 0, MAX_INT32),
        _BY_ID,
    ),
    "distance": (SortKey("_geo_distance", "number", 0.0), _BY_ID),
}


@dataclass(frozen=True, slots=True)
class SearchRequest:
    """A checked search: with nothing set it is a browse of every artist, best rated first,
    one page at a time."""

    query: str | None = None
    style: str | None = None
    location: str | None = None
    near: tuple[float, float] | None = None
    radius_km: float | None = None
    sort: Sort = "rating"
    limit: int = DEFAULT_LIMIT
    page: int = 1
    cursor: list[CursorValue] | None = None

    @property
    def offset(self) -> int:
        """How many hits precede this page (0 when paging by cursor)."""
        return 0 if self.cursor is not None else (self.page - 1) * self.limit

    @property
    def order(self) -> Sort:
        """The order the hits come in: relevance needs a query and distance a point, else
        rating (`sort=relevance` without a query ranks by rating)."""
        if self.sort == "distance" and self.near is not None:
            return "distance"
        if self.sort == "relevance" and self.query is not None:
            return "relevance"
        return "rating"

    @property
    def fingerprint(self) -> str:
        """A digest of what selects and orders the hits (not the page or its size), carried in
        every cursor so that a cursor only continues the search it came from."""
        criteria = [self.query, self.style, self.location, self.near, self.radius_km, self.order]
        text = json.dumps(criteria, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Cursor:
    """What a cursor carries: the fingerprint of its search and the sort values (search_after)
    of the last hit it saw."""

    search: str
    after: list[CursorValue]


def encode_cursor(search: str, values: list[CursorValue]) -> str:
    """An opaque, URL-safe cursor for the sort values (search_after) of a page's last hit in
    the search with fingerprint `search`."""
    text = json.dumps({"search": search, "after": values}, separators=(",", ":"), allow_nan=False)
    return base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(s: str) -> Cursor:
    """What a cursor carries; ValidationError (field `cursor`) if it was not made by
    encode_cursor. Its values are checked against a search by `check_cursor`."""
    bad = ValidationError.single("cursor", CURSOR_PROBLEM)
    if not s or len(s) > MAX_CURSOR_LENGTH:
        raise bad
    try:
        raw = base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))
        decoded = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except (binascii.Error, ValueError, RecursionError):
        raise bad from None
    if not isinstance(decoded, dict) or set(decoded) != {"search", "after"}:
        raise bad
    search, values = decoded["search"], decoded["after"]
    if (
        not isinstance(search, str)
        or not isinstance(values, list)
        or not 1 <= len(values) <= MAX_CURSOR_VALUES
        or not all(_is_cursor_value(v) for v in values)
    ):
        raise bad
    return Cursor(search, values)


def check_cursor(cursor: Cursor, request: SearchRequest) -> list[CursorValue]:
    """The cursor's sort values if it continues `request`'s search; ValidationError (field
    `cursor`) if it came from another search or holds values its order cannot take."""
    if cursor.search != request.fingerprint:
        raise ValidationError.single(
            "cursor",
            "was issued for another search: send query, style, location, near, radius_km and "
            "sort unchanged with it, or start from page 1",
        )
    keys = SORT_KEYS[request.order]
    if len(cursor.after) != len(keys) or not all(
        key.accepts(value) for key, value in zip(keys, cursor.after, strict=True)
    ):
        raise ValidationError.single("cursor", CURSOR_PROBLEM)
    return list(cursor.after)


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def _is_cursor_value(value: object) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    return value is None or isinstance(value, (str, int, bool))


def _single(
    params: Mapping[str, str | list[str]],
    name: str,
    problems: Problems,
    max_length: int | None = None,
) -> str | None:
    raw = params.get(name)
    if raw is None:
        return None
    if isinstance(raw, list):
        if len(raw) > 1:
            problems.add(name, "must be given at most once")
            return None
        raw = raw[0] if raw else ""
    if not isinstance(raw, str):
        problems.add(name, "must be a string")
        return None
    if not raw:
        # openapi.yaml: no parameter may be empty (minLength 1, or a type "" cannot meet).
        problems.add(name, "must not be empty; leave the parameter out instead")
        return None
    if max_length is not None and len(raw) > max_length:
        # Measured as sent, as openapi.yaml's maxLength is, not after spaces are collapsed.
        problems.add(name, f"must be at most {max_length} characters")
        return None
    text = " ".join(raw.split())
    if not text and name not in FREE_TEXT:
        problems.add(name, "must not be blank")
        return None
    return text or None  # blank free text carries no criterion: as if absent


def _int(text: str | None, name: str, low: int, high: int | None, problems: Problems) -> int | None:
    if text is None:
        return None
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        problems.add(name, f"must be a whole number from {low}" + (f" to {high}" if high else ""))
        return None
    value = int(text)
    if value < low or (high is not None and value > high):
        problems.add(name, f"must be from {low}" + (f" to {high}" if high else " upwards"))
        return None
    return value


_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
# A number in any form JSON allows, exponent included ("5e-1"); never "inf", "nan" or "1_0".
_NUMBER = re.compile(_DECIMAL.pattern + r"(?:[eE][+-]?[0-9]+)?")


def _float(
    text: str | None,
    name: str,
    low: float,
    high: float,
    problems: Problems,
    *,
    exponent: bool = False,
) -> float | None:
    """A decimal in [low, high]; with `exponent` also in exponent notation, as a parameter of
    type number allows (near's pattern does not)."""
    if text is None:
        return None
    form = _NUMBER if exponent else _DECIMAL
    if not form.fullmatch(text) or len(text) > 32:
        problems.add(name, f"must be a number from {low:g} to {high:g}")
        return None
    value = float(text)
    if not (math.isfinite(value) and low <= value <= high):
        problems.add(name, f"must be a number from {low:g} to {high:g}")
        return None
    return value


def _near(params: Mapping[str, str | list[str]], problems: Problems) -> tuple[float, float] | None:
    near = _single(params, "near", problems)
    if near is None:
        return None
    parts = near.split(",")
    if len(parts) != 2:
        problems.add("near", "expected '<lat>,<lon>' in decimal degrees, e.g. near=51.5074,-0.1278")
        return None
    lat = _float(parts[0].strip(), "near", -90.0, 90.0, problems)
    lon = _float(parts[1].strip(), "near", -180.0, 180.0, problems)
    if lat is None or lon is None:
        return None
    return (lat, lon)


def parse_search_params(params: Mapping[str, str | list[str]]) -> SearchRequest:
    """A SearchRequest from query-string parameters, or ValidationError naming every bad one.

    Accepted (contracts/openapi.yaml): query, style (any synonym), location, near=<lat>,<lon>,
    radius_km (a number, 5e-1 too; no effect without near; 25 km when near is given without
    it), sort
    (relevance|rating|distance; distance needs near; default relevance with a query, else
    distance with near, else rating), limit (1-50, 20), page (1-200) or cursor (not both).
    No parameter may be empty; blank free text (query, location) counts as absent."""
    problems = Problems()
    for unknown in sorted(set(params) - set(PARAMETERS)):
        problems.add(
            unknown, "is not a parameter of this search; expected " + ", ".join(PARAMETERS)
        )

    query = _searchable(_single(params, "query", problems, MAX_QUERY_LENGTH))

    style = None
    style_text = _single(params, "style", problems)
    if style_text is not None:
        style = canonical_style(style_text)
        if style is None:
            problems.add("style", "expected one of " + ", ".join(VOCABULARY))

    location = _searchable(_single(params, "location", problems, MAX_LOCATION_LENGTH))

    near = _near(params, problems)
    radius_text = _single(params, "radius_km", problems)
    radius_km = _float(radius_text, "radius_km", 0.0, MAX_RADIUS_KM, problems, exponent=True)
    if radius_km is not None and radius_km <= 0:
        problems.add("radius_km", f"must be greater than 0 and at most {MAX_RADIUS_KM:g}")
    if near is None:
        radius_km = None  # openapi.yaml: without near, radius_km has no effect
    elif radius_km is None:
        radius_km = DEFAULT_RADIUS_KM

    sort_text = _single(params, "sort", problems)
    sort: Sort = "relevance" if query is not None else "distance" if near is not None else "rating"
    if sort_text is not None:
        lowered = sort_text.lower()
        if lowered == "relevance":
            sort = "relevance"
        elif lowered == "rating":
            sort = "rating"
        elif lowered == "distance":
            sort = "distance"
            if near is None and "near" not in problems.fields():
                problems.add("sort", "sort=distance needs a point: give near=<lat>,<lon>")
        else:
            problems.add("sort", "expected one of " + ", ".join(SORTS))

    limit = _int(_single(params, "limit", problems), "limit", 1, MAX_LIMIT, problems)
    page = _int(_single(params, "page", problems), "page", 1, MAX_PAGE, problems)
    cursor_text = _single(params, "cursor", problems)
    cursor = None
    if cursor_text is not None:
        try:
            cursor = decode_cursor(cursor_text)
        except ValidationError as exc:
            problems.extend(exc)
        if "page" in params:
            problems.add("page", "give either page or cursor, not both")
    effective_limit = limit or DEFAULT_LIMIT
    problems.raise_if_any()
    request = SearchRequest(
        query=query,
        style=style,
        location=location,
        near=near,
        radius_km=radius_km,
        sort=sort,
        limit=effective_limit,
        page=page or 1,
    )
    if cursor is None:
        return request
    return replace(request, cursor=check_cursor(cursor, request))


def _searchable(text: str | None) -> str | None:
    """Free text as the index holds it (NFC, no format characters); blank after that: absent."""
    if text is None:
        return None
    return searchable_text(text) or None
