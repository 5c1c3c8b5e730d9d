"""The artist aggregate: the directory's listing of one tattoo artist (its value objects, its
item, search-document and API shapes) and the parsers that check an artist from outside."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from compute.domain import keys, normalise
from compute.domain.errors import Problem, Problems
from compute.domain.fields import (
    INDEX_ATTRIBUTES,
    MAX_ADDRESS,
    MAX_NAME,
    Fields,
    check_item_identity,
    phone,
    point,
    require_mapping,
    trim,
    url,
)
from compute.domain.styles import VOCABULARY, canonical_style
from compute.domain.values import JsonObject, geohash_of, put, searchable

MAX_BIO = 2000
MAX_LOCATION = 200
MAX_SPECIALTIES = 30
MAX_SPECIALTY = 100
MAX_IMAGES = 50
MAX_IMAGE_DESCRIPTION = 500
MAX_TAGS = 30
MAX_TAG = 50
MAX_APPRENTICESHIP = 200
MAX_YEARS_ACTIVE = 80
_CURRENCY = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True, slots=True)
class PortfolioImage:
    url: str
    description: str | None = None
    style: str | None = None
    tags: tuple[str, ...] = ()

    def to_dict(self) -> JsonObject:
        out: JsonObject = {"url": self.url}
        put(out, "description", self.description)
        put(out, "style", self.style)
        put(out, "tags", list(self.tags))
        return out


@dataclass(frozen=True, slots=True)
class ContactInfo:
    """How to reach an artist besides Instagram. The handle is `Artist.instagram_handle`, kept
    once; the API's `contactInfo.instagram` ("@handle") is derived from it (`api_contact`)."""

    website: str | None = None
    email: str | None = None
    phone: str | None = None

    def to_dict(self) -> JsonObject:
        out: JsonObject = {}
        put(out, "website", self.website)
        put(out, "email", self.email)
        put(out, "phone", self.phone)
        return out


def api_contact(handle: str | None, stored: Mapping[str, Any] | None) -> JsonObject | None:
    """The API's `contactInfo`: "@handle" from the one stored handle, then the stored ways to
    reach the artist. An item or document written before the handle was kept once may still
    carry `contactInfo.instagram`; it is the same handle and is not read."""
    if stored is None and not handle:
        return None
    out: JsonObject = {}
    put(out, "instagram", f"@{handle}" if handle else None)
    out.update((name, value) for name, value in (stored or {}).items() if name != "instagram")
    return out


@dataclass(frozen=True, slots=True)
class StudioInfo:
    studio_id: str
    studio_name: str
    address: str | None = None
    postcode: str | None = None

    def to_dict(self) -> JsonObject:
        out: JsonObject = {"studioId": self.studio_id, "studioName": self.studio_name}
        put(out, "address", self.address)
        put(out, "postcode", self.postcode)
        return out


@dataclass(frozen=True, slots=True)
class Pricing:
    currency: str
    hourly_rate: float | None = None
    minimum_charge: float | None = None

    def to_dict(self) -> JsonObject:
        out: JsonObject = {"currency": self.currency}
        put(out, "hourlyRate", self.hourly_rate)
        put(out, "minimumCharge", self.minimum_charge)
        return out


@dataclass(frozen=True, slots=True)
class Availability:
    booking_open: bool
    waiting_list: bool | None = None
    next_available: str | None = None  # ISO date

    def to_dict(self) -> JsonObject:
        out: JsonObject = {"bookingOpen": self.booking_open}
        put(out, "waitingList", self.waiting_list)
        put(out, "nextAvailable", self.next_available)
        return out


@dataclass(frozen=True, slots=True)
class Experience:
    years_active: int | None = None
    apprenticeship: str | None = None

    def to_dict(self) -> JsonObject:
        out: JsonObject = {}
        put(out, "yearsActive", self.years_active)
        put(out, "apprenticeship", self.apprenticeship)
        return out


# --- the artist --------------------------------------------------------------------------------


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
    page_url: str | None = None  # the page it was last scraped from (the scrape job's pageUrl)
    scraped_at: str | None = None
    opted_out: bool = False
    version: int = 1

    @property
    def name_key(self) -> str:
        return normalise.name_key(self.name)

    @property
    def geohash(self) -> str | None:
        return geohash_of(self.latitude, self.longitude)

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

    def _content(self, out: JsonObject, contact: JsonObject | None) -> None:
        put(out, "avatar", self.avatar)
        put(out, "instagramHandle", self.instagram_handle)
        put(out, "specialties", list(self.specialties))
        put(out, "portfolioImages", [image.to_dict() for image in self.portfolio_images])
        put(out, "contactInfo", contact)
        put(out, "studioInfo", self.studio_info.to_dict() if self.studio_info else None)
        put(out, "rating", self.rating)
        put(out, "reviewCount", self.review_count)
        put(out, "pricing", self.pricing.to_dict() if self.pricing else None)
        put(out, "availability", self.availability.to_dict() if self.availability else None)
        put(out, "experience", self.experience.to_dict() if self.experience else None)

    def _stored_contact(self) -> JsonObject | None:
        return self.contact_info.to_dict() if self.contact_info else None

    def _shared(self, out: JsonObject, contact: JsonObject | None) -> None:
        self._content(out, contact)
        put(out, "geohash", self.geohash)

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
        put(attributes, "bio", self.bio)
        put(attributes, "locationDisplay", self.location_display)
        put(attributes, "latitude", self.latitude)
        put(attributes, "longitude", self.longitude)
        put(attributes, "pageUrl", self.page_url)
        put(attributes, "scrapedAt", self.scraped_at)
        self._content(attributes, self._stored_contact())
        return attributes

    def to_item(self) -> JsonObject:
        item: JsonObject = {**keys.artist_key(self.artist_id), "type": "artist"}
        item.update(self.to_attributes())
        item["nameKey"] = self.name_key
        put(item, "geohash", self.geohash)
        item.update(keys.artist_gsi_keys(self))
        return item

    @classmethod
    def from_item(cls, item: Mapping[str, Any]) -> Artist:

        return parse_artist_item(item)

    def checked(self) -> Artist:
        """This artist with every value validated and normalised, for an artist built field by
        field (the constructor checks nothing); ValidationError lists every problem."""

        return validate_artist(self.to_attributes())

    def to_search_document(self) -> JsonObject:
        """The document the sync Lambda indexes (id = artistId, external version = version).
        Its searched text is in `searchable_text` form, as queries are, so that Unicode-equal
        spellings match (the artist's own reply keeps the text as stored)."""
        doc: JsonObject = {
            "artistId": self.artist_id,
            "name": searchable(self.name) or self.name,
            "nameKey": self.name_key,
            "styles": list(self.styles),
            "version": self.version,
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
        }
        put(doc, "studioId", self.studio_id)
        put(doc, "studioName", searchable(self.studio_name))
        if self.latitude is not None and self.longitude is not None:
            doc["coordinates"] = {"lat": self.latitude, "lon": self.longitude}
        put(doc, "locationDisplay", searchable(self.location_display))
        self._shared(doc, self._stored_contact())
        if "specialties" in doc:
            doc["specialties"] = [searchable(s) for s in doc["specialties"]]
        return doc

    @classmethod
    def from_search_document(cls, document: Mapping[str, Any]) -> Artist:

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
        put(out, "location", self.location_display)
        put(out, "studioName", self.studio_name)
        put(out, "latitude", self.latitude)
        put(out, "longitude", self.longitude)
        self._shared(out, api_contact(self.instagram_handle, self._stored_contact()))
        if not summary:
            put(out, "bio", self.bio)
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
    put(out, "location", document.get("locationDisplay"))
    put(out, "studioName", document.get("studioName"))
    coordinates = document.get("coordinates")
    if coordinates is not None:
        out["latitude"] = coordinates["lat"]
        out["longitude"] = coordinates["lon"]
    for name in _SUMMARY_CONTENT:
        if name == "contactInfo":
            handle = document.get("instagramHandle")
            put(out, name, api_contact(handle, document.get("contactInfo")))
        else:
            put(out, name, document.get(name))
    return out


# --- parsing -----------------------------------------------------------------------------


def _portfolio_image(f: Fields) -> PortfolioImage:
    f.reject_unknown(frozenset({"url", "description", "style", "tags"}))
    image_url = f.convert("url", url, required=True)
    style = None
    if f.data.get("style") is not None:
        raw = f.data["style"]
        style = canonical_style(raw) if isinstance(raw, str) else None
        if style is None:
            f.add("style", "must be one of " + ", ".join(VOCABULARY))
    return PortfolioImage(
        url=image_url or "",
        description=f.text("description", max_length=MAX_IMAGE_DESCRIPTION, clean=trim),
        style=style,
        tags=f.texts("tags", max_items=MAX_TAGS, max_length=MAX_TAG),
    )


def _contact_info(f: Fields) -> ContactInfo:
    # `instagram`: written before the handle was kept once (contracts/README.md); not kept.
    f.reject_unknown(frozenset({"instagram", "website", "email", "phone"}))
    return ContactInfo(
        website=f.convert("website", normalise.website_url),
        email=f.convert("email", normalise.email),
        phone=f.convert("phone", phone),
    )


def _studio_info(f: Fields) -> StudioInfo:
    f.reject_unknown(frozenset({"studioId", "studioName", "address", "postcode"}))
    return StudioInfo(
        studio_id=f.identifier("studioId", required=True) or "",
        studio_name=f.text("studioName", max_length=MAX_NAME, required=True) or "",
        address=f.text("address", max_length=MAX_ADDRESS),
        postcode=f.convert("postcode", normalise.uk_postcode),
    )


def _pricing(f: Fields) -> Pricing:
    f.reject_unknown(frozenset({"currency", "hourlyRate", "minimumCharge"}))
    currency = f.text("currency", max_length=3, required=True, clean=trim)
    if currency is not None and not _CURRENCY.fullmatch(currency):
        f.add("currency", "must be an ISO 4217 code such as GBP")
    return Pricing(
        currency=currency or "",
        hourly_rate=f.number("hourlyRate", low=0),
        minimum_charge=f.number("minimumCharge", low=0),
    )


def _availability(f: Fields) -> Availability:
    f.reject_unknown(frozenset({"bookingOpen", "waitingList", "nextAvailable"}))
    return Availability(
        booking_open=bool(f.boolean("bookingOpen", required=True)),
        waiting_list=f.boolean("waitingList"),
        next_available=f.date("nextAvailable"),
    )


def _experience(f: Fields) -> Experience:
    f.reject_unknown(frozenset({"yearsActive", "apprenticeship"}))
    return Experience(
        years_active=f.integer("yearsActive", low=0, high=MAX_YEARS_ACTIVE),
        apprenticeship=f.text("apprenticeship", max_length=MAX_APPRENTICESHIP),
    )


# Items written before issue 16 named the page an artist was scraped from `profileUrl`, which
# on an artist candidate means the artist's own page; read, never written (the next write of
# the artist stores `pageUrl`).
LEGACY_ARTIST_PAGE = "profileUrl"
ARTIST_FIELDS = frozenset(
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
        "pageUrl",
        LEGACY_ARTIST_PAGE,
        "scrapedAt",
        "opted_out",
        "version",
        "createdAt",
        "updatedAt",
    }
)
# Attributes an item carries that are derived from the others (recomputed, never trusted).
ARTIST_DERIVED = frozenset({"PK", "SK", "type", "nameKey", "geohash"}) | INDEX_ATTRIBUTES


def _artist_name(f: Fields, name: str) -> str | None:
    value = f.text(name, max_length=MAX_NAME, required=True)
    if value is not None:
        key = normalise.name_key(value)
        if not key:
            f.add(name, "must contain letters or digits")
        elif len(key) > MAX_NAME:
            f.add(name, f"must be at most {MAX_NAME} characters once normalised")
    return value


def _page_field(data: Mapping[str, Any]) -> str:
    """Where an item keeps the page it was scraped from (`profileUrl` before issue 16)."""
    return LEGACY_ARTIST_PAGE if "pageUrl" not in data and LEGACY_ARTIST_PAGE in data else "pageUrl"


def _artist(f: Fields, *, latitude: float | None, longitude: float | None) -> Artist:
    artist_id = f.identifier("artistId", required=True)
    return Artist(
        artist_id=artist_id or "",
        name=_artist_name(f, "artistName") or "",
        created_at=f.timestamp("createdAt", required=True) or "",
        updated_at=f.timestamp("updatedAt", required=True) or "",
        styles=f.styles(),
        bio=f.text("bio", max_length=MAX_BIO, clean=trim),
        avatar=f.convert("avatar", url),
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
        page_url=f.convert(_page_field(f.data), url),
        scraped_at=f.timestamp("scrapedAt"),
        opted_out=bool(f.boolean("opted_out")),
        version=f.integer("version", low=1) or 1,
    )


def validate_artist(data: Mapping[str, Any]) -> Artist:
    """An Artist from attributes named as in the artist item (artistId, artistName, ...);
    key, type, nameKey, geohash and GSI attributes may be present and are recomputed."""
    data = require_mapping(data, "artist")
    problems = Problems()
    f = Fields(data, problems)
    f.reject_unknown(ARTIST_FIELDS | ARTIST_DERIVED)
    check_item_identity(f, "artist", lambda: keys.artist_key(data.get("artistId")))  # type: ignore[arg-type]
    latitude, longitude = point(f, "latitude", "longitude")
    artist = _artist(f, latitude=latitude, longitude=longitude)
    problems.raise_if_any()
    return artist


def parse_artist_item(item: Mapping[str, Any]) -> Artist:
    return validate_artist(item)


SEARCH_DOCUMENT_FIELDS = frozenset(
    {
        "artistId",
        "name",
        "nameKey",
        "instagramHandle",
        "studioId",
        "studioName",
        "styles",
        "specialties",
        "coordinates",
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


# Index definitions before v2 held the coordinates as `location`, the API's name for the
# display text (issue 16); a reindex or a reader of a not-yet-moved hit upgrades them here.
LEGACY_COORDINATES = "location"


def upgrade_search_document(document: Mapping[str, Any]) -> JsonObject:
    """A search document in today's shape: an older document's `location` ({lat, lon}) moves
    to `coordinates`; anything else is copied as it is (a current document is unchanged)."""
    legacy = document.get(LEGACY_COORDINATES)
    if not isinstance(legacy, Mapping):
        return dict(document)
    upgraded = {k: v for k, v in document.items() if k != LEGACY_COORDINATES}
    upgraded.setdefault("coordinates", dict(legacy))
    return upgraded


def parse_search_document(document: Mapping[str, Any]) -> Artist:
    """The Artist a search hit describes (no bio: the index does not hold it)."""
    document = upgrade_search_document(require_mapping(document, "document"))
    problems = Problems()
    f = Fields(document, problems)
    f.reject_unknown(SEARCH_DOCUMENT_FIELDS)
    located = f.nested("coordinates", lambda g: point(g, "lat", "lon"))
    latitude, longitude = located if located is not None else (None, None)
    renamed = {("artistName" if k == "name" else k): v for k, v in document.items()}
    artist = _artist(
        Fields({k: v for k, v in renamed.items() if k in ARTIST_FIELDS}, problems),
        latitude=latitude,
        longitude=longitude,
    )
    # Name problems after the document's own fields.
    problems.found[:] = [
        Problem("name", p.message) if p.field == "artistName" else p for p in problems.found
    ]
    problems.raise_if_any()
    return artist
