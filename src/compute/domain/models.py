"""The directory's records as frozen dataclasses, and their stored, indexed and API shapes.

Every model converts to a plain-JSON DynamoDB item with `to_item()` (PK, SK, `type`, GSI keys,
attribute names as contracts/schemas/*-item.schema.json) and back with `from_item()`, which
checks everything and raises one ValidationError listing every problem. Absent optional values
are left out of items (never stored as NULL), so GSIs stay sparse."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, Literal

from compute.domain import geohash as geohash_codec
from compute.domain import keys, normalise

JsonObject = dict[str, Any]

GEOHASH_PRECISION = 9  # ~5 m cells; prefix queries work at any shorter precision
INSTAGRAM_PROFILE_URL = "https://www.instagram.com/{handle}/"

# As contracts/schemas/common.schema.json#/$defs/removalReason (the API's source of truth).
RemovalReason = Literal["opt-out", "privacy", "incorrect-information", "impersonation", "other"]
REMOVAL_REASONS: tuple[RemovalReason, ...] = (
    "opt-out",
    "privacy",
    "incorrect-information",
    "impersonation",
    "other",
)
RemovalStatus = Literal["accepted", "completed", "failed"]
REMOVAL_STATUSES: tuple[RemovalStatus, ...] = ("accepted", "completed", "failed")
CandidateStatus = Literal["pending", "queued"]
CANDIDATE_STATUSES: tuple[CandidateStatus, ...] = ("pending", "queued")
RunStatus = Literal["running", "succeeded", "failed"]
RUN_STATUSES: tuple[RunStatus, ...] = ("running", "succeeded", "failed")


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


def _put(target: JsonObject, name: str, value: Any) -> None:
    """Store an optional attribute only when it has a value (no NULLs, no empty lists)."""
    if value is None or value == () or value == []:
        return
    target[name] = value


def _searchable(text: str | None) -> str | None:
    """`normalise.searchable_text` of indexed text; text that is nothing but format
    characters is kept as it is (a document's name may not be empty)."""
    if text is None:
        return None
    return normalise.searchable_text(text) or text


def _geohash(latitude: float | None, longitude: float | None) -> str | None:
    if latitude is None or longitude is None:
        return None
    return geohash_codec.encode(latitude, longitude, GEOHASH_PRECISION)


# --- value objects -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PortfolioImage:
    url: str
    description: str | None = None
    style: str | None = None
    tags: tuple[str, ...] = ()

    def to_dict(self) -> JsonObject:
        out: JsonObject = {"url": self.url}
        _put(out, "description", self.description)
        _put(out, "style", self.style)
        _put(out, "tags", list(self.tags))
        return out


@dataclass(frozen=True, slots=True)
class ContactInfo:
    """How to reach an artist; `instagram` is the normalised handle (shown as `@handle`)."""

    instagram: str | None = None
    website: str | None = None
    email: str | None = None
    phone: str | None = None

    def to_dict(self) -> JsonObject:
        out: JsonObject = {}
        _put(out, "instagram", f"@{self.instagram}" if self.instagram else None)
        _put(out, "website", self.website)
        _put(out, "email", self.email)
        _put(out, "phone", self.phone)
        return out


@dataclass(frozen=True, slots=True)
class StudioInfo:
    studio_id: str
    studio_name: str
    address: str | None = None
    postcode: str | None = None

    def to_dict(self) -> JsonObject:
        out: JsonObject = {"studioId": self.studio_id, "studioName": self.studio_name}
        _put(out, "address", self.address)
        _put(out, "postcode", self.postcode)
        return out


@dataclass(frozen=True, slots=True)
class Pricing:
    currency: str
    hourly_rate: float | None = None
    minimum_charge: float | None = None

    def to_dict(self) -> JsonObject:
        out: JsonObject = {"currency": self.currency}
        _put(out, "hourlyRate", self.hourly_rate)
        _put(out, "minimumCharge", self.minimum_charge)
        return out


@dataclass(frozen=True, slots=True)
class Availability:
    booking_open: bool
    waiting_list: bool | None = None
    next_available: str | None = None  # ISO date

    def to_dict(self) -> JsonObject:
        out: JsonObject = {"bookingOpen": self.booking_open}
        _put(out, "waitingList", self.waiting_list)
        _put(out, "nextAvailable", self.next_available)
        return out


@dataclass(frozen=True, slots=True)
class Experience:
    years_active: int | None = None
    apprenticeship: str | None = None

    def to_dict(self) -> JsonObject:
        out: JsonObject = {}
        _put(out, "yearsActive", self.years_active)
        _put(out, "apprenticeship", self.apprenticeship)
        return out


# --- artist --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Artist:
    """One tattoo artist as the directory lists them. `name_key` and `geohash` are derived."""

    artist_id: str
    name: str
    created_at: str
    updated_at: str
    styles: tuple[str, ...] = ()
    bio: str | None = None
    avatar: str | None = None
    instagram_handle: str | None = None
    location_display: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    specialties: tuple[str, ...] = ()
    portfolio_images: tuple[PortfolioImage, ...] = ()
    contact_info: ContactInfo | None = None
    studio_info: StudioInfo | None = None
    rating: float | None = None
    review_count: int | None = None
    pricing: Pricing | None = None
    availability: Availability | None = None
    experience: Experience | None = None
    profile_url: str | None = None
    scraped_at: str | None = None
    opted_out: bool = False
    version: int = 1

    @property
    def name_key(self) -> str:
        return normalise.name_key(self.name)

    @property
    def geohash(self) -> str | None:
        return _geohash(self.latitude, self.longitude)

    @property
    def studio_id(self) -> str | None:
        return self.studio_info.studio_id if self.studio_info else None

    @property
    def studio_name(self) -> str | None:
        return self.studio_info.studio_name if self.studio_info else None

    @property
    def listed(self) -> bool:
        """Whether the artist may be shown at all (opted-out artists never are)."""
        return not self.opted_out

    def _content(self, out: JsonObject) -> None:
        _put(out, "avatar", self.avatar)
        _put(out, "instagramHandle", self.instagram_handle)
        _put(out, "specialties", list(self.specialties))
        _put(out, "portfolioImages", [image.to_dict() for image in self.portfolio_images])
        _put(out, "contactInfo", self.contact_info.to_dict() if self.contact_info else None)
        _put(out, "studioInfo", self.studio_info.to_dict() if self.studio_info else None)
        _put(out, "rating", self.rating)
        _put(out, "reviewCount", self.review_count)
        _put(out, "pricing", self.pricing.to_dict() if self.pricing else None)
        _put(out, "availability", self.availability.to_dict() if self.availability else None)
        _put(out, "experience", self.experience.to_dict() if self.experience else None)

    def _shared(self, out: JsonObject) -> None:
        self._content(out)
        _put(out, "geohash", self.geohash)

    def to_attributes(self) -> JsonObject:
        """The stored attributes as given, without keys or derived values (nameKey, geohash):
        what validate_artist reads."""
        attributes: JsonObject = {
            "artistId": self.artist_id,
            "artistName": self.name,
            "styles": list(self.styles),
            "opted_out": self.opted_out,
            "version": self.version,
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
        }
        _put(attributes, "bio", self.bio)
        _put(attributes, "locationDisplay", self.location_display)
        _put(attributes, "latitude", self.latitude)
        _put(attributes, "longitude", self.longitude)
        _put(attributes, "profileUrl", self.profile_url)
        _put(attributes, "scrapedAt", self.scraped_at)
        self._content(attributes)
        return attributes

    def to_item(self) -> JsonObject:
        item: JsonObject = {**keys.artist_key(self.artist_id), "type": "artist"}
        item.update(self.to_attributes())
        item["nameKey"] = self.name_key
        _put(item, "geohash", self.geohash)
        item.update(keys.artist_gsi_keys(self))
        return item

    @classmethod
    def from_item(cls, item: Mapping[str, Any]) -> Artist:
        from compute.domain.validation import parse_artist_item

        return parse_artist_item(item)

    def checked(self) -> Artist:
        """This artist with every value validated and normalised, for an artist built field by
        field (the constructor checks nothing); ValidationError lists every problem."""
        from compute.domain.validation import validate_artist

        return validate_artist(self.to_attributes())

    def to_search_document(self) -> JsonObject:
        """The document the sync Lambda indexes (id = artistId, external version = version).
        Its searched text is in `searchable_text` form, as queries are, so that Unicode-equal
        spellings match (the artist's own reply keeps the text as stored)."""
        doc: JsonObject = {
            "artistId": self.artist_id,
            "name": _searchable(self.name) or self.name,
            "nameKey": self.name_key,
            "styles": list(self.styles),
            "version": self.version,
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
        }
        _put(doc, "studioId", self.studio_id)
        _put(doc, "studioName", _searchable(self.studio_name))
        if self.latitude is not None and self.longitude is not None:
            doc["location"] = {"lat": self.latitude, "lon": self.longitude}
        _put(doc, "locationDisplay", _searchable(self.location_display))
        self._shared(doc)
        if "specialties" in doc:
            doc["specialties"] = [_searchable(s) for s in doc["specialties"]]
        return doc

    @classmethod
    def from_search_document(cls, document: Mapping[str, Any]) -> Artist:
        from compute.domain.validation import parse_search_document

        return parse_search_document(document)

    def to_api(self, *, summary: bool = False, distance_km: float | None = None) -> JsonObject:
        """The API's `Artist` (or, with summary=True, `ArtistSummary`: no bio) shape; absent
        values are left out, as the OpenAPI document allows no nulls."""
        out: JsonObject = {
            "artistId": self.artist_id,
            "name": self.name,
            "styles": list(self.styles),
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
        }
        _put(out, "location", self.location_display)
        _put(out, "studioName", self.studio_name)
        _put(out, "latitude", self.latitude)
        _put(out, "longitude", self.longitude)
        self._shared(out)
        if not summary:
            _put(out, "bio", self.bio)
        if distance_km is not None:
            out["distanceKm"] = round(distance_km, 3)
        return out


# The content fields a summary copies from a search document, in `Artist._shared`'s order.
_SUMMARY_CONTENT = (
    "avatar",
    "instagramHandle",
    "specialties",
    "portfolioImages",
    "contactInfo",
    "studioInfo",
    "rating",
    "reviewCount",
    "pricing",
    "availability",
    "experience",
    "geohash",
)


def summary_from_search_document(document: Mapping[str, Any]) -> JsonObject:
    """`Artist.to_api(summary=True)` of the artist a search document describes, read straight
    from the document. Only for a document the search-document contract accepted: the sync
    writes documents from validated artists (`to_search_document`), so the values are already
    normalised and this is the same reply without re-validating each hit."""
    out: JsonObject = {
        "artistId": document["artistId"],
        "name": document["name"],
        "styles": list(document["styles"]),
        "createdAt": document["createdAt"],
        "updatedAt": document["updatedAt"],
    }
    _put(out, "location", document.get("locationDisplay"))
    _put(out, "studioName", document.get("studioName"))
    point = document.get("location")
    if point is not None:
        out["latitude"] = point["lat"]
        out["longitude"] = point["lon"]
    for name in _SUMMARY_CONTENT:
        _put(out, name, document.get(name))
    return out


# --- studio --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Studio:
    """A tattoo studio found through Google Places."""

    studio_id: str
    name: str
    place_id: str
    created_at: str
    updated_at: str
    address: str | None = None
    postcode: str | None = None
    city: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    website: str | None = None
    phone: str | None = None
    rating: float | None = None
    review_count: int | None = None
    run_id: str | None = None

    @property
    def geohash(self) -> str | None:
        return _geohash(self.latitude, self.longitude)

    def to_attributes(self) -> JsonObject:
        """The stored attributes without keys or the derived geohash."""
        attributes: JsonObject = {
            "studioId": self.studio_id,
            "name": self.name,
            "placeId": self.place_id,
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
        }
        _put(attributes, "address", self.address)
        _put(attributes, "postcode", self.postcode)
        _put(attributes, "city", self.city)
        _put(attributes, "latitude", self.latitude)
        _put(attributes, "longitude", self.longitude)
        _put(attributes, "website", self.website)
        _put(attributes, "phone", self.phone)
        _put(attributes, "rating", self.rating)
        _put(attributes, "reviewCount", self.review_count)
        _put(attributes, "runId", self.run_id)
        return attributes

    def to_item(self) -> JsonObject:
        item: JsonObject = {**keys.studio_key(self.studio_id), "type": "studio"}
        item.update(self.to_attributes())
        _put(item, "geohash", self.geohash)
        return item

    def checked(self) -> Studio:
        """This studio validated and normalised; ValidationError lists every problem."""
        from compute.domain.validation import validate_studio

        return validate_studio(self.to_attributes())

    @classmethod
    def from_item(cls, item: Mapping[str, Any]) -> Studio:
        from compute.domain.validation import parse_studio_item

        return parse_studio_item(item)

    def to_info(self) -> StudioInfo:
        """What an artist item carries about its studio."""
        return StudioInfo(self.studio_id, self.name, self.address, self.postcode)


@dataclass(frozen=True, slots=True)
class StudioArtistLink:
    """An artist works at a studio."""

    studio_id: str
    artist_id: str
    created_at: str
    updated_at: str | None = None

    def to_item(self) -> JsonObject:
        item: JsonObject = {
            **keys.studio_artist_key(self.studio_id, self.artist_id),
            "type": "studio_artist",
            "studioId": self.studio_id,
            "artistId": self.artist_id,
            "createdAt": self.created_at,
        }
        _put(item, "updatedAt", self.updated_at)
        return item

    @classmethod
    def from_item(cls, item: Mapping[str, Any]) -> StudioArtistLink:
        from compute.domain.validation import parse_studio_artist_item

        return parse_studio_artist_item(item)


# --- pipeline ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArtistCandidate:
    """An artist found on a studio website, before scraping (the `artistCandidate` payload of
    FindArtists and ValidateArtists). Names at least one of name, handle or profile URL."""

    source_url: str
    confidence: float
    studio_id: str
    name: str | None = None
    instagram_handle: str | None = None
    profile_url: str | None = None
    styles: tuple[str, ...] = ()

    @property
    def identity_key(self) -> str:
        from compute.domain.identity import identity_key

        return identity_key(
            instagram_handle=self.instagram_handle,
            website=self.profile_url,
            name=self.name,
            studio_id=self.studio_id,
        )

    @property
    def page_to_scrape(self) -> str:
        """The page a scraper renders: the profile URL, else the Instagram profile, else the
        studio page the candidate was found on."""
        if self.profile_url:
            return self.profile_url
        if self.instagram_handle:
            return INSTAGRAM_PROFILE_URL.format(handle=self.instagram_handle)
        return self.source_url

    def to_dict(self) -> JsonObject:
        out: JsonObject = {
            "sourceUrl": self.source_url,
            "confidence": self.confidence,
            "studioId": self.studio_id,
        }
        _put(out, "name", self.name)
        _put(out, "instagramHandle", self.instagram_handle)
        _put(out, "profileUrl", self.profile_url)
        _put(out, "styles", list(self.styles))
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ArtistCandidate:
        from compute.domain.validation import validate_candidate

        return validate_candidate(data)


@dataclass(frozen=True, slots=True)
class ScrapeCandidate:
    """A validated candidate of one pipeline run, stored once per identity (the SK
    de-duplicates the same artist found at several studios)."""

    run_id: str
    identity_key: str
    studio_id: str
    profile_url: str
    source_url: str
    confidence: float
    created_at: str
    name: str | None = None
    instagram_handle: str | None = None
    styles: tuple[str, ...] = ()
    priority: int | None = None
    status: CandidateStatus = "pending"
    queued_at: str | None = None
    expires_at: int | None = None

    @classmethod
    def from_candidate(
        cls,
        candidate: ArtistCandidate,
        *,
        run_id: str,
        created_at: str,
        priority: int | None = None,
        expires_at: int | None = None,
    ) -> ScrapeCandidate:
        return cls(
            run_id=keys.check_id(run_id, "runId"),
            identity_key=candidate.identity_key,
            studio_id=candidate.studio_id,
            profile_url=candidate.page_to_scrape,
            source_url=candidate.source_url,
            confidence=candidate.confidence,
            created_at=created_at,
            name=candidate.name,
            instagram_handle=candidate.instagram_handle,
            styles=candidate.styles,
            priority=priority,
            expires_at=expires_at,
        )

    def to_item(self) -> JsonObject:
        item: JsonObject = {
            **keys.scrape_candidate_key(self.run_id, self.identity_key),
            "type": "scrape_candidate",
            "runId": self.run_id,
            "identityKey": self.identity_key,
            "studioId": self.studio_id,
            "profileUrl": self.profile_url,
            "sourceUrl": self.source_url,
            "confidence": self.confidence,
            "status": self.status,
            "createdAt": self.created_at,
        }
        _put(item, "name", self.name)
        _put(item, "instagramHandle", self.instagram_handle)
        _put(item, "styles", list(self.styles))
        _put(item, "priority", self.priority)
        _put(item, "queuedAt", self.queued_at)
        _put(item, "expiresAt", self.expires_at)
        return item

    @classmethod
    def from_item(cls, item: Mapping[str, Any]) -> ScrapeCandidate:
        from compute.domain.validation import parse_scrape_candidate_item

        return parse_scrape_candidate_item(item)


@dataclass(frozen=True, slots=True)
class ScrapeJob:
    """One artist page to render and extract: the body of a scrape-job queue message (it is a
    message, not a table item, hence to_message/from_message)."""

    job_id: str
    run_id: str
    queued_at: str
    priority: int
    identity_key: str
    profile_url: str
    studio_id: str
    confidence: float
    name: str | None = None
    instagram_handle: str | None = None

    @classmethod
    def from_scrape_candidate(
        cls, candidate: ScrapeCandidate, *, queued_at: str, priority: int
    ) -> ScrapeJob:
        from compute.domain.identity import job_id_for

        return cls(
            job_id=job_id_for(candidate.run_id, candidate.identity_key),
            run_id=candidate.run_id,
            queued_at=queued_at,
            priority=priority,
            identity_key=candidate.identity_key,
            profile_url=candidate.profile_url,
            studio_id=candidate.studio_id,
            confidence=candidate.confidence,
            name=candidate.name,
            instagram_handle=candidate.instagram_handle,
        )

    def to_message(self) -> JsonObject:
        artist: JsonObject = {
            "identityKey": self.identity_key,
            "profileUrl": self.profile_url,
            "studioId": self.studio_id,
            "confidence": self.confidence,
        }
        _put(artist, "name", self.name)
        _put(artist, "instagramHandle", self.instagram_handle)
        return {
            "jobId": self.job_id,
            "runId": self.run_id,
            "queuedAt": self.queued_at,
            "priority": self.priority,
            "artist": artist,
        }

    @classmethod
    def from_message(cls, message: Mapping[str, Any]) -> ScrapeJob:
        from compute.domain.validation import parse_scrape_job

        return parse_scrape_job(message)


@dataclass(frozen=True, slots=True)
class RunSummary:
    """Counters of one pipeline run."""

    run_id: str
    started_at: str
    updated_at: str
    status: RunStatus = "running"
    studios: int = 0
    candidates_accepted: int = 0
    artists_written: int = 0
    queued: int = 0
    dead_lettered: int = 0
    failures: Mapping[str, int] = field(default_factory=dict)
    finished_at: str | None = None

    def to_item(self) -> JsonObject:
        item: JsonObject = {
            **keys.run_key(self.run_id),
            "type": "run",
            "runId": self.run_id,
            "status": self.status,
            "studios": self.studios,
            "candidatesAccepted": self.candidates_accepted,
            "artistsWritten": self.artists_written,
            "queued": self.queued,
            "deadLettered": self.dead_lettered,
            "failures": dict(self.failures),
            "startedAt": self.started_at,
            "updatedAt": self.updated_at,
        }
        _put(item, "finishedAt", self.finished_at)
        return item

    @classmethod
    def from_item(cls, item: Mapping[str, Any]) -> RunSummary:
        from compute.domain.validation import parse_run_item

        return parse_run_item(item)


# --- removal -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RemovalRequest:
    """An artist (or someone for them) asks to be removed. The raw handle is kept in memory
    for the look-up only; the stored item carries its denylist hash, never the handle."""

    request_id: str
    reason: RemovalReason
    contact_email: str
    created_at: str
    updated_at: str
    status: RemovalStatus = "accepted"
    artist_id: str | None = None
    handle_hash: str | None = None
    message: str | None = None
    idempotency_key: str | None = None
    completed_at: str | None = None
    expires_at: int | None = None
    instagram_handle: str | None = field(default=None, compare=False, repr=False)

    def to_item(self) -> JsonObject:
        item: JsonObject = {
            **keys.removal_request_key(self.request_id),
            "type": "removal_request",
            "requestId": self.request_id,
            "status": self.status,
            "reason": self.reason,
            "contactEmail": self.contact_email,
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
        }
        _put(item, "artistId", self.artist_id)
        _put(item, "handleHash", self.handle_hash)
        _put(item, "message", self.message)
        _put(item, "idempotencyKey", self.idempotency_key)
        _put(item, "completedAt", self.completed_at)
        _put(item, "expiresAt", self.expires_at)
        return item

    @classmethod
    def from_item(cls, item: Mapping[str, Any]) -> RemovalRequest:
        from compute.domain.validation import parse_removal_request_item

        return parse_removal_request_item(item)


@dataclass(frozen=True, slots=True)
class DenylistEntry:
    """Someone who must never be scraped or shown again, by hash only."""

    handle_hash: str
    reason: RemovalReason
    created_at: str
    artist_id: str | None = None
    request_id: str | None = None

    def to_item(self) -> JsonObject:
        item: JsonObject = {
            **keys.denylist_key(self.handle_hash),
            "type": "denylist",
            "handleHash": self.handle_hash,
            "reason": self.reason,
            "createdAt": self.created_at,
        }
        _put(item, "artistId", self.artist_id)
        _put(item, "requestId", self.request_id)
        return item

    @classmethod
    def from_item(cls, item: Mapping[str, Any]) -> DenylistEntry:
        from compute.domain.validation import parse_denylist_item

        return parse_denylist_item(item)
