"""GET /v1/artists/{artistId}: one listed artist, read from the table."""

from __future__ import annotations

from typing import Any, Protocol

from compute.domain import keys
from compute.domain.artist import Artist
from compute.services import NotFound


class ArtistReader(Protocol):
    def get_artist(self, artist_id: str, *, consistent: bool = False) -> dict[str, Any] | None: ...


def artist_not_found(artist_id: str) -> NotFound:
    return NotFound(f"Artist with ID '{artist_id}' was not found.")


def get_artist(artist_id: str, table: ArtistReader) -> dict[str, Any]:
    """The artist in the API's `Artist` shape; NotFound when absent or opted out (an opted-out
    artist is indistinguishable from one that never existed)."""
    keys.check_id(artist_id, "artistId")
    item = table.get_artist(artist_id)
    if item is None or item.get("opted_out") is True:
        raise artist_not_found(artist_id)
    artist = Artist.from_item(item)
    if not artist.listed:
        raise artist_not_found(artist_id)
    return artist.to_api()
