"""GET /v1/studios/{studioId}: a studio and its listed artists (one Query on PK=STUDIO#id,
then one BatchGetItem for the artists)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from compute.adapters.dynamodb import StudioListing
from compute.domain import keys
from compute.domain.artist import Artist
from compute.domain.studio import Studio
from compute.services import NotFound


class StudioReader(Protocol):
    def studio_listing(self, studio_id: str) -> StudioListing | None: ...
    def get_artists(self, artist_ids: Iterable[str]) -> list[dict[str, Any]]: ...


def studio_to_api(studio: Studio) -> dict[str, Any]:
    """The API's `Studio` fields (without `artists`); absent values are left out."""
    out: dict[str, Any] = {"studioId": studio.studio_id, "name": studio.name}
    optional = {
        "address": studio.address,
        "postcode": studio.postcode,
        "latitude": studio.latitude,
        "longitude": studio.longitude,
        "website": studio.website,
        "phone": studio.phone,
        "geohash": studio.geohash,
        "rating": studio.rating,
    }
    out.update({name: value for name, value in optional.items() if value is not None})
    return out


def get_studio(studio_id: str, table: StudioReader) -> dict[str, Any]:
    """The studio with its listed artists (summaries, best rated first, then by name)."""
    keys.check_id(studio_id, "studioId")
    listing = table.studio_listing(studio_id)
    if listing is None:
        raise NotFound(f"Studio with ID '{studio_id}' was not found.")
    artists = [Artist.from_item(item) for item in table.get_artists(listing.artist_ids)]
    listed = sorted(
        (a for a in artists if a.listed),
        key=lambda a: (-(a.rating if a.rating is not None else -1.0), a.name_key, a.artist_id),
    )
    return {
        **studio_to_api(Studio.from_item(listing.studio)),
        "artists": [a.to_api(summary=True) for a in listed],
    }
