"""Checking outside input and stored items, all problems at once.

Every function here takes anything (JSON from an event, an item from the table, a request
body) and either returns a model or raises one ValidationError naming each offending field;
it never raises anything else. Values are normalised on the way in (handles, URLs, phone
numbers, postcodes, styles), so a model always holds canonical values."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, TypeVar

from compute.domain import keys, normalise
from compute.domain.denylist import handle_hash as denylist_handle_hash
from compute.domain.errors import Problem, Problems, ValidationError
from compute.domain.models import (
    CANDIDATE_STATUSES,
    REMOVAL_REASONS,
    REMOVAL_STATUSES,
    RUN_STATUSES,
    Artist,
    ArtistCandidate,
    Availability,
    ContactInfo,
    DenylistEntry,
    Experience,
    PortfolioImage,
    Pricing,
    RemovalReason,
    RemovalRequest,
    RemovalStatus,
    RunSummary,
    ScrapeCandidate,
    ScrapeJob,
    Studio,
    StudioArtistLink,
    StudioInfo,
    format_timestamp,
    parse_timestamp,
)
from compute.domain.request_body import json_type
from compute.domain.styles import VOCABULARY, canonical_style

T = TypeVar("T")

MAX_NAME = 200
MAX_BIO = 2000
MAX_LOCATION = 200
MAX_ADDRESS = 300
MAX_CITY = 100
MAX_MESSAGE = 2000
MAX_SPECIALTIES = 30
MAX_SPECIALTY = 100
MAX_IMAGES = 50
MAX_IMAGE_DESCRIPTION = 500
MAX_TAGS = 30
MAX_TAG = 50
MAX_APPRENTICESHIP = 200
MAX_YEARS_ACTIVE = 80

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_CURRENCY = re.compile(r"[A-Z]{3}")
_REASON_KEY = re.compile(r"[a-z][a-z0-9_-]{0,63}")
_IDEMPOTENCY_KEY = re.compile(r"[A-Za-z0-9_.:-]{8,128}")
_INDEX_ATTRIBUTES = frozenset({"GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK", "GSI3PK", "GSI3SK"})


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


class _Fields:
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
        self, name: str, parse: Callable[[_Fields], T], *, required: bool = False
    ) -> T | None:
        value = self._raw(name, required)
        if value is None:
            return None
        if not isinstance(value, Mapping):
            self.add(name, "must be an object")
            return None
        return parse(_Fields(value, self.problems, self.path(name)))

    def nested_list(
        self, name: str, parse: Callable[[_Fields], T], *, max_items: int
    ) -> tuple[T, ...]:
        parsed: list[T] = []
        for index, entry in enumerate(self._list(name, max_items)):
            where = f"{name}[{index}]"
            if not isinstance(entry, Mapping):
                self.add(where, "must be an object")
                continue
            before = len(self.problems.found)
            value = parse(_Fields(entry, self.problems, self.path(where)))
            if len(self.problems.found) == before:
                parsed.append(value)
        return tuple(parsed)


def _require_mapping(data: object, what: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise ValidationError.single(what, f"must be an object, not {json_type(data)}")
    return data


def _check_item_identity(
    fields: _Fields, item_type: str, expected_key: Callable[[], keys.TableKey] | None
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


def _phone(value: str) -> str:
    return normalise.phone_e164(value)


def _trim(value: str) -> str:
    return value.strip()


def _url(value: str) -> str:
    return normalise.http_url(value)


# --- value objects -------------------------------------------------------------------------


def _portfolio_image(f: _Fields) -> PortfolioImage:
    f.reject_unknown(frozenset({"url", "description", "style", "tags"}))
    url = f.convert("url", _url, required=True)
    style = None
    if f.data.get("style") is not None:
        raw = f.data["style"]
        style = canonical_style(raw) if isinstance(raw, str) else None
        if style is None:
            f.add("style", "must be one of " + ", ".join(VOCABULARY))
    return PortfolioImage(
        url=url or "",
        description=f.text("description", max_length=MAX_IMAGE_DESCRIPTION, clean=_trim),
        style=style,
        tags=f.texts("tags", max_items=MAX_TAGS, max_length=MAX_TAG),
    )


def _contact_info(f: _Fields) -> ContactInfo:
    f.reject_unknown(frozenset({"instagram", "website", "email", "phone"}))
    return ContactInfo(
        instagram=f.convert("instagram", normalise.instagram_handle),
        website=f.convert("website", normalise.website_url),
        email=f.convert("email", normalise.email),
        phone=f.convert("phone", _phone),
    )


def _studio_info(f: _Fields) -> StudioInfo:
    f.reject_unknown(frozenset({"studioId", "studioName", "address", "postcode"}))
    return StudioInfo(
        studio_id=f.identifier("studioId", required=True) or "",
        studio_name=f.text("studioName", max_length=MAX_NAME, required=True) or "",
        address=f.text("address", max_length=MAX_ADDRESS),
        postcode=f.convert("postcode", normalise.uk_postcode),
    )


def _pricing(f: _Fields) -> Pricing:
    f.reject_unknown(frozenset({"currency", "hourlyRate", "minimumCharge"}))
    currency = f.text("currency", max_length=3, required=True, clean=_trim)
    if currency is not None and not _CURRENCY.fullmatch(currency):
        f.add("currency", "must be an ISO 4217 code such as GBP")
    return Pricing(
        currency=currency or "",
        hourly_rate=f.number("hourlyRate", low=0),
        minimum_charge=f.number("minimumCharge", low=0),
    )


def _availability(f: _Fields) -> Availability:
    f.reject_unknown(frozenset({"bookingOpen", "waitingList", "nextAvailable"}))
    return Availability(
        booking_open=bool(f.boolean("bookingOpen", required=True)),
        waiting_list=f.boolean("waitingList"),
        next_available=f.date("nextAvailable"),
    )


def _experience(f: _Fields) -> Experience:
    f.reject_unknown(frozenset({"yearsActive", "apprenticeship"}))
    return Experience(
        years_active=f.integer("yearsActive", low=0, high=MAX_YEARS_ACTIVE),
        apprenticeship=f.text("apprenticeship", max_length=MAX_APPRENTICESHIP),
    )


def _point(f: _Fields, lat_name: str, lon_name: str) -> tuple[float | None, float | None]:
    latitude = f.number(lat_name, low=-90, high=90)
    longitude = f.number(lon_name, low=-180, high=180)
    if (f.data.get(lat_name) is None) != (f.data.get(lon_name) is None):
        f.add(
            lat_name if f.data.get(lat_name) is None else lon_name,
            "latitude and longitude go together",
        )
        return None, None
    return latitude, longitude


# --- artist --------------------------------------------------------------------------------

_ARTIST_FIELDS = frozenset(
    {
        "artistId",
        "artistName",
        "bio",
        "avatar",
        "instagramHandle",
        "locationDisplay",
        "latitude",
        "longitude",
        "styles",
        "specialties",
        "portfolioImages",
        "contactInfo",
        "studioInfo",
        "rating",
        "reviewCount",
        "pricing",
        "availability",
        "experience",
        "profileUrl",
        "scrapedAt",
        "opted_out",
        "version",
        "createdAt",
        "updatedAt",
    }
)
# Attributes an item carries that are derived from the others (recomputed, never trusted).
_ARTIST_DERIVED = frozenset({"PK", "SK", "type", "nameKey", "geohash"}) | _INDEX_ATTRIBUTES


def _artist_name(f: _Fields, name: str) -> str | None:
    value = f.text(name, max_length=MAX_NAME, required=True)
    if value is not None:
        key = normalise.name_key(value)
        if not key:
            f.add(name, "must contain letters or digits")
        elif len(key) > MAX_NAME:
            f.add(name, f"must be at most {MAX_NAME} characters once normalised")
    return value


def _artist(f: _Fields, *, latitude: float | None, longitude: float | None) -> Artist:
    artist_id = f.identifier("artistId", required=True)
    return Artist(
        artist_id=artist_id or "",
        name=_artist_name(f, "artistName") or "",
        created_at=f.timestamp("createdAt", required=True) or "",
        updated_at=f.timestamp("updatedAt", required=True) or "",
        styles=f.styles(),
        bio=f.text("bio", max_length=MAX_BIO, clean=_trim),
        avatar=f.convert("avatar", _url),
        instagram_handle=f.convert("instagramHandle", normalise.instagram_handle),
        location_display=f.text("locationDisplay", max_length=MAX_LOCATION),
        latitude=latitude,
        longitude=longitude,
        specialties=f.texts("specialties", max_items=MAX_SPECIALTIES, max_length=MAX_SPECIALTY),
        portfolio_images=f.nested_list("portfolioImages", _portfolio_image, max_items=MAX_IMAGES),
        contact_info=f.nested("contactInfo", _contact_info),
        studio_info=f.nested("studioInfo", _studio_info),
        rating=f.number("rating", low=0, high=5),
        review_count=f.integer("reviewCount", low=0),
        pricing=f.nested("pricing", _pricing),
        availability=f.nested("availability", _availability),
        experience=f.nested("experience", _experience),
        profile_url=f.convert("profileUrl", _url),
        scraped_at=f.timestamp("scrapedAt"),
        opted_out=bool(f.boolean("opted_out")),
        version=f.integer("version", low=1) or 1,
    )


def validate_artist(data: Mapping[str, Any]) -> Artist:
    """An Artist from attributes named as in the artist item (artistId, artistName, ...);
    key, type, nameKey, geohash and GSI attributes may be present and are recomputed."""
    data = _require_mapping(data, "artist")
    problems = Problems()
    f = _Fields(data, problems)
    f.reject_unknown(_ARTIST_FIELDS | _ARTIST_DERIVED)
    _check_item_identity(f, "artist", lambda: keys.artist_key(data.get("artistId")))  # type: ignore[arg-type]
    latitude, longitude = _point(f, "latitude", "longitude")
    artist = _artist(f, latitude=latitude, longitude=longitude)
    problems.raise_if_any()
    return artist


def parse_artist_item(item: Mapping[str, Any]) -> Artist:
    return validate_artist(item)


_SEARCH_DOCUMENT_FIELDS = frozenset(
    {
        "artistId",
        "name",
        "nameKey",
        "instagramHandle",
        "studioId",
        "studioName",
        "styles",
        "specialties",
        "location",
        "locationDisplay",
        "geohash",
        "rating",
        "reviewCount",
        "portfolioImages",
        "avatar",
        "contactInfo",
        "studioInfo",
        "pricing",
        "availability",
        "experience",
        "version",
        "createdAt",
        "updatedAt",
    }
)


def parse_search_document(document: Mapping[str, Any]) -> Artist:
    """The Artist a search hit describes (no bio: the index does not hold it)."""
    document = _require_mapping(document, "document")
    problems = Problems()
    f = _Fields(document, problems)
    f.reject_unknown(_SEARCH_DOCUMENT_FIELDS)
    point = f.nested("location", lambda g: _point(g, "lat", "lon"))
    latitude, longitude = point if point is not None else (None, None)
    renamed = {("artistName" if k == "name" else k): v for k, v in document.items()}
    artist = _artist(
        _Fields({k: v for k, v in renamed.items() if k in _ARTIST_FIELDS}, problems),
        latitude=latitude,
        longitude=longitude,
    )
    # Name problems after the document's own fields.
    problems.found[:] = [
        Problem("name", p.message) if p.field == "artistName" else p for p in problems.found
    ]
    problems.raise_if_any()
    return artist


# --- studio --------------------------------------------------------------------------------

_STUDIO_FIELDS = frozenset(
    {
        "studioId",
        "name",
        "placeId",
        "address",
        "postcode",
        "city",
        "latitude",
        "longitude",
        "website",
        "phone",
        "rating",
        "reviewCount",
        "runId",
        "createdAt",
        "updatedAt",
    }
)
_PLACE_ID = re.compile(r"[A-Za-z0-9_-]{1,256}")


def _place_id(value: str) -> str:
    if not _PLACE_ID.fullmatch(value):
        raise ValidationError.single("placeId", "expected a Google Places id")
    return value


def validate_studio(data: Mapping[str, Any]) -> Studio:
    data = _require_mapping(data, "studio")
    problems = Problems()
    f = _Fields(data, problems)
    f.reject_unknown(_STUDIO_FIELDS | {"PK", "SK", "type", "geohash"})
    _check_item_identity(f, "studio", lambda: keys.studio_key(data.get("studioId")))  # type: ignore[arg-type]
    latitude, longitude = _point(f, "latitude", "longitude")
    studio = Studio(
        studio_id=f.identifier("studioId", required=True) or "",
        name=f.text("name", max_length=MAX_NAME, required=True) or "",
        place_id=f.convert("placeId", _place_id, required=True) or "",
        created_at=f.timestamp("createdAt", required=True) or "",
        updated_at=f.timestamp("updatedAt", required=True) or "",
        address=f.text("address", max_length=MAX_ADDRESS),
        postcode=f.convert("postcode", normalise.uk_postcode),
        city=f.text("city", max_length=MAX_CITY),
        latitude=latitude,
        longitude=longitude,
        website=f.convert("website", normalise.website_url),
        phone=f.convert("phone", _phone),
        rating=f.number("rating", low=0, high=5),
        review_count=f.integer("reviewCount", low=0),
        run_id=f.identifier("runId"),
    )
    problems.raise_if_any()
    return studio


def parse_studio_item(item: Mapping[str, Any]) -> Studio:
    return validate_studio(item)


def parse_studio_artist_item(item: Mapping[str, Any]) -> StudioArtistLink:
    item = _require_mapping(item, "item")
    problems = Problems()
    f = _Fields(item, problems)
    f.reject_unknown(
        frozenset({"PK", "SK", "type", "studioId", "artistId", "createdAt", "updatedAt"})
    )
    _check_item_identity(
        f,
        "studio_artist",
        lambda: keys.studio_artist_key(item.get("studioId"), item.get("artistId")),  # type: ignore[arg-type]
    )
    link = StudioArtistLink(
        studio_id=f.identifier("studioId", required=True) or "",
        artist_id=f.identifier("artistId", required=True) or "",
        created_at=f.timestamp("createdAt", required=True) or "",
        updated_at=f.timestamp("updatedAt"),
    )
    problems.raise_if_any()
    return link


# --- pipeline ------------------------------------------------------------------------------

_CANDIDATE_FIELDS = frozenset(
    {"name", "instagramHandle", "profileUrl", "sourceUrl", "confidence", "styles", "studioId"}
)


def _candidate_fields(f: _Fields) -> dict[str, Any]:
    values: dict[str, Any] = {
        "source_url": f.convert("sourceUrl", _url, required=True),
        "confidence": f.number("confidence", low=0, high=1, required=True),
        "studio_id": f.identifier("studioId", required=True),
        "name": f.text("name", max_length=MAX_NAME),
        "instagram_handle": f.convert("instagramHandle", normalise.instagram_handle),
        "profile_url": f.convert("profileUrl", _url),
        "styles": f.styles(),
    }
    if not any(f.data.get(k) for k in ("name", "instagramHandle", "profileUrl")):
        f.add("name", "a candidate needs at least one of name, instagramHandle or profileUrl")
    return values


def validate_candidate(data: Mapping[str, Any]) -> ArtistCandidate:
    """An ArtistCandidate from the `artistCandidate` payload (FindArtists output)."""
    data = _require_mapping(data, "candidate")
    problems = Problems()
    f = _Fields(data, problems)
    f.reject_unknown(_CANDIDATE_FIELDS)
    values = _candidate_fields(f)
    problems.raise_if_any()
    candidate = ArtistCandidate(**values)
    try:
        candidate.identity_key  # noqa: B018 - proves the candidate names someone
    except ValidationError as exc:
        raise ValidationError(p.under("candidate") for p in exc.problems) from None
    return candidate


_SCRAPE_CANDIDATE_FIELDS = frozenset(
    {
        "PK",
        "SK",
        "type",
        "runId",
        "identityKey",
        "studioId",
        "name",
        "instagramHandle",
        "profileUrl",
        "sourceUrl",
        "confidence",
        "styles",
        "priority",
        "status",
        "queuedAt",
        "createdAt",
        "expiresAt",
    }
)


def parse_scrape_candidate_item(item: Mapping[str, Any]) -> ScrapeCandidate:
    item = _require_mapping(item, "item")
    problems = Problems()
    f = _Fields(item, problems)
    f.reject_unknown(_SCRAPE_CANDIDATE_FIELDS)
    _check_item_identity(
        f,
        "scrape_candidate",
        lambda: keys.scrape_candidate_key(item.get("runId"), item.get("identityKey")),  # type: ignore[arg-type]
    )
    candidate = ScrapeCandidate(
        run_id=f.identifier("runId", required=True) or "",
        identity_key=f.convert("identityKey", keys.check_identity_key, required=True) or "",
        studio_id=f.identifier("studioId", required=True) or "",
        profile_url=f.convert("profileUrl", _url, required=True) or "",
        source_url=f.convert("sourceUrl", _url, required=True) or "",
        confidence=f.number("confidence", low=0, high=1, required=True) or 0.0,
        created_at=f.timestamp("createdAt", required=True) or "",
        name=f.text("name", max_length=MAX_NAME),
        instagram_handle=f.convert("instagramHandle", normalise.instagram_handle),
        styles=f.styles(),
        priority=f.integer("priority", low=1, high=10),
        status=f.choice("status", CANDIDATE_STATUSES) or "pending",
        queued_at=f.timestamp("queuedAt"),
        expires_at=f.integer("expiresAt", low=0),
    )
    problems.raise_if_any()
    return candidate


def parse_scrape_job(message: Mapping[str, Any]) -> ScrapeJob:
    """A ScrapeJob from a scrape-job queue message body (already JSON-decoded)."""
    message = _require_mapping(message, "message")
    problems = Problems()
    f = _Fields(message, problems)
    f.reject_unknown(frozenset({"jobId", "runId", "queuedAt", "priority", "artist"}))

    def artist(g: _Fields) -> dict[str, Any]:
        g.reject_unknown(
            frozenset(
                {"identityKey", "name", "instagramHandle", "profileUrl", "studioId", "confidence"}
            )
        )
        return {
            "identity_key": g.convert("identityKey", keys.check_identity_key, required=True),
            "name": g.text("name", max_length=MAX_NAME),
            "instagram_handle": g.convert("instagramHandle", normalise.instagram_handle),
            "profile_url": g.convert("profileUrl", _url, required=True),
            "studio_id": g.identifier("studioId", required=True),
            "confidence": g.number("confidence", low=0, high=1, required=True),
        }

    job_id = f.identifier("jobId", required=True)
    run_id = f.identifier("runId", required=True)
    queued_at = f.timestamp("queuedAt", required=True)
    priority = f.integer("priority", low=1, high=10, required=True)
    details = f.nested("artist", artist, required=True)
    problems.raise_if_any()
    assert details is not None  # required: a problem was raised otherwise
    return ScrapeJob(
        job_id=job_id or "",
        run_id=run_id or "",
        queued_at=queued_at or "",
        priority=priority or 1,
        **details,
    )


def parse_run_item(item: Mapping[str, Any]) -> RunSummary:
    item = _require_mapping(item, "item")
    problems = Problems()
    f = _Fields(item, problems)
    counters = ("studios", "candidatesAccepted", "artistsWritten", "queued", "deadLettered")
    f.reject_unknown(
        frozenset(
            {"PK", "SK", "type", "runId", "status", "failures", "startedAt", "updatedAt"}
            | {"finishedAt", *counters}
        )
    )
    _check_item_identity(f, "run", lambda: keys.run_key(item.get("runId")))  # type: ignore[arg-type]

    def failures(g: _Fields) -> dict[str, int]:
        counts: dict[str, int] = {}
        for reason in g.data:
            if not isinstance(reason, str) or not _REASON_KEY.fullmatch(reason):
                g.add(str(reason), "failure reasons are lower-case words of at most 64 characters")
                continue
            count = g.integer(reason, low=0)
            if count is not None:
                counts[reason] = count
        return counts

    summary = RunSummary(
        run_id=f.identifier("runId", required=True) or "",
        started_at=f.timestamp("startedAt", required=True) or "",
        updated_at=f.timestamp("updatedAt", required=True) or "",
        status=f.choice("status", RUN_STATUSES) or "running",
        studios=f.integer("studios", low=0) or 0,
        candidates_accepted=f.integer("candidatesAccepted", low=0) or 0,
        artists_written=f.integer("artistsWritten", low=0) or 0,
        queued=f.integer("queued", low=0) or 0,
        dead_lettered=f.integer("deadLettered", low=0) or 0,
        failures=f.nested("failures", failures) or {},
        finished_at=f.timestamp("finishedAt"),
    )
    problems.raise_if_any()
    return summary


# --- removal -------------------------------------------------------------------------------

_REMOVAL_BODY_FIELDS = frozenset(
    {"artistId", "instagramHandle", "reason", "contactEmail", "message"}
)


def _email(value: str) -> str:
    return normalise.email(value)


def validate_removal_request(
    body: Mapping[str, Any],
    *,
    request_id: str | None = None,
    received_at: datetime | None = None,
    idempotency_key: str | None = None,
) -> RemovalRequest:
    """A RemovalRequest from the body of POST /v1/removal-requests: artistId or
    instagramHandle (at least one), reason (one of REMOVAL_REASONS), contactEmail, and an
    optional message of at most 2000 characters. The handle is kept only as its denylist hash
    in the stored item."""
    body = _require_mapping(body, "body")
    problems = Problems()
    f = _Fields(body, problems)
    f.reject_unknown(_REMOVAL_BODY_FIELDS)
    artist_id = f.identifier("artistId")
    handle = f.convert("instagramHandle", normalise.instagram_handle)
    if body.get("artistId") is None and body.get("instagramHandle") is None:
        f.add("artistId", "give artistId or instagramHandle (or both)")
    reason = f.choice("reason", REMOVAL_REASONS, required=True)
    email = f.convert("contactEmail", _email, required=True)
    message = f.text("message", max_length=MAX_MESSAGE, clean=_trim)
    if idempotency_key is not None and not _IDEMPOTENCY_KEY.fullmatch(idempotency_key):
        problems.add("Idempotency-Key", "must be 8-128 letters, digits, '_', '.', ':' or '-'")
    problems.raise_if_any()
    assert reason is not None and email is not None
    now = format_timestamp(received_at or datetime.now(UTC))
    return RemovalRequest(
        request_id=keys.check_id(request_id, "requestId") if request_id else _new_request_id(),
        reason=reason,
        contact_email=email,
        created_at=now,
        updated_at=now,
        artist_id=artist_id,
        handle_hash=denylist_handle_hash(handle) if handle else None,
        message=message,
        idempotency_key=idempotency_key,
        instagram_handle=handle,
    )


def _new_request_id() -> str:
    import uuid  # only removal requests need it; keeps the module's import light

    return "rem_" + uuid.uuid4().hex


def parse_removal_request_item(item: Mapping[str, Any]) -> RemovalRequest:
    item = _require_mapping(item, "item")
    problems = Problems()
    f = _Fields(item, problems)
    f.reject_unknown(
        frozenset(
            {"PK", "SK", "type", "requestId", "status", "reason", "artistId", "handleHash"}
            | {"contactEmail", "message", "idempotencyKey", "createdAt", "updatedAt"}
            | {"completedAt", "expiresAt"}
        )
    )
    _check_item_identity(
        f,
        "removal_request",
        lambda: keys.removal_request_key(item.get("requestId")),  # type: ignore[arg-type]
    )
    reason: RemovalReason | None = f.choice("reason", REMOVAL_REASONS, required=True)
    status: RemovalStatus | None = f.choice("status", REMOVAL_STATUSES, required=True)
    request = RemovalRequest(
        request_id=f.identifier("requestId", required=True) or "",
        reason=reason or "other",
        contact_email=f.convert("contactEmail", _email, required=True) or "",
        created_at=f.timestamp("createdAt", required=True) or "",
        updated_at=f.timestamp("updatedAt", required=True) or "",
        status=status or "accepted",
        artist_id=f.identifier("artistId"),
        handle_hash=f.convert("handleHash", keys.check_handle_hash),
        message=f.text("message", max_length=MAX_MESSAGE, clean=_trim),
        idempotency_key=f.convert("idempotencyKey", _idempotency_key),
        completed_at=f.timestamp("completedAt"),
        expires_at=f.integer("expiresAt", low=0),
    )
    if item.get("artistId") is None and item.get("handleHash") is None:
        f.add("artistId", "a removal request names artistId or handleHash")
    problems.raise_if_any()
    return request


def _idempotency_key(value: str) -> str:
    if not _IDEMPOTENCY_KEY.fullmatch(value):
        raise ValidationError.single("idempotencyKey", "must be 8-128 letters, digits, _.:-")
    return value


def parse_denylist_item(item: Mapping[str, Any]) -> DenylistEntry:
    item = _require_mapping(item, "item")
    problems = Problems()
    f = _Fields(item, problems)
    f.reject_unknown(
        frozenset(
            {"PK", "SK", "type", "handleHash", "artistId", "requestId", "reason", "createdAt"}
        )
    )
    _check_item_identity(f, "denylist", lambda: keys.denylist_key(item.get("handleHash")))  # type: ignore[arg-type]
    entry = DenylistEntry(
        handle_hash=f.convert("handleHash", keys.check_handle_hash, required=True) or "",
        reason=f.choice("reason", REMOVAL_REASONS, required=True) or "other",
        created_at=f.timestamp("createdAt", required=True) or "",
        artist_id=f.identifier("artistId"),
        request_id=f.identifier("requestId"),
    )
    problems.raise_if_any()
    return entry


def parse_item(item: Mapping[str, Any]) -> object:
    """Any main-table item as its model, chosen by its PK and SK (circuit and lock items,
    which belong to their adapters, come back as their typed key)."""
    item = _require_mapping(item, "item")
    key = keys.parse_key(item.get("PK"), item.get("SK"))  # type: ignore[arg-type]
    parsers: dict[str, Callable[[Mapping[str, Any]], object]] = {
        "artist": parse_artist_item,
        "studio": parse_studio_item,
        "studio_artist": parse_studio_artist_item,
        "denylist": parse_denylist_item,
        "removal_request": parse_removal_request_item,
        "scrape_candidate": parse_scrape_candidate_item,
        "run": parse_run_item,
    }
    parser = parsers.get(key.type)
    return parser(item) if parser is not None else key
