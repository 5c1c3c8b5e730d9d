"""The studio aggregate: a tattoo studio found through Google Places, the link of an artist to
a studio, and the parsers that check them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from compute.domain import keys, normalise
from compute.domain.artist import StudioInfo
from compute.domain.errors import Problems, ValidationError
from compute.domain.fields import (
    MAX_ADDRESS,
    MAX_NAME,
    Fields,
    check_item_identity,
    phone,
    point,
    require_mapping,
)
from compute.domain.values import JsonObject, geohash_of, put

MAX_CITY = 100


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
        return geohash_of(self.latitude, self.longitude)

    def to_attributes(self) -> JsonObject:
        """The stored attributes without keys or the derived geohash."""
        attributes: JsonObject = {
            "studioId": self.studio_id,
            "name": self.name,
            "placeId": self.place_id,
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
        }
        put(attributes, "address", self.address)
        put(attributes, "postcode", self.postcode)
        put(attributes, "city", self.city)
        put(attributes, "latitude", self.latitude)
        put(attributes, "longitude", self.longitude)
        put(attributes, "website", self.website)
        put(attributes, "phone", self.phone)
        put(attributes, "rating", self.rating)
        put(attributes, "reviewCount", self.review_count)
        put(attributes, "runId", self.run_id)
        return attributes

    def to_item(self) -> JsonObject:
        item: JsonObject = {**keys.studio_key(self.studio_id), "type": "studio"}
        item.update(self.to_attributes())
        put(item, "geohash", self.geohash)
        return item

    def checked(self) -> Studio:
        """This studio validated and normalised; ValidationError lists every problem."""

        return validate_studio(self.to_attributes())

    @classmethod
    def from_item(cls, item: Mapping[str, Any]) -> Studio:

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
        put(item, "updatedAt", self.updated_at)
        return item

    @classmethod
    def from_item(cls, item: Mapping[str, Any]) -> StudioArtistLink:

        return parse_studio_artist_item(item)


# --- parsing -----------------------------------------------------------------------------

STUDIO_FIELDS = frozenset(
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
    data = require_mapping(data, "studio")
    problems = Problems()
    f = Fields(data, problems)
    f.reject_unknown(STUDIO_FIELDS | {"PK", "SK", "type", "geohash"})
    check_item_identity(f, "studio", lambda: keys.studio_key(data.get("studioId")))  # type: ignore[arg-type]
    latitude, longitude = point(f, "latitude", "longitude")
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
        phone=f.convert("phone", phone),
        rating=f.number("rating", low=0, high=5),
        review_count=f.integer("reviewCount", low=0),
        run_id=f.identifier("runId"),
    )
    problems.raise_if_any()
    return studio


def parse_studio_item(item: Mapping[str, Any]) -> Studio:
    return validate_studio(item)


def parse_studio_artist_item(item: Mapping[str, Any]) -> StudioArtistLink:
    item = require_mapping(item, "item")
    problems = Problems()
    f = Fields(item, problems)
    f.reject_unknown(
        frozenset({"PK", "SK", "type", "studioId", "artistId", "createdAt", "updatedAt"})
    )
    check_item_identity(
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
