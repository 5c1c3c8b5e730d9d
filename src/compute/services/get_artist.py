"""GET /v1/artists/{artistId}: one listed artist, read from the table."""

from __future__ import annotations

import threading
from typing import Any, Protocol

from compute.domain import json_text, keys
from compute.domain.artist import Artist
from compute.services import NotFound

# Artists parsed from items, by the item's JSON text: one item is one artist, so a warm
# container validates each stored version once (the full validation, IDNA checks of websites
# above all, was most of the route's CPU in the handler), not on every read. Bounded, oldest out.
PARSED_MAX = 4096
_parsed: dict[str, Artist] = {}
_parsed_lock = threading.Lock()


class ArtistReader(Protocol):
    def get_artist(self, artist_id: str, *, consistent: bool = False) -> dict[str, Any] | None: ...


def artist_not_found(artist_id: str) -> NotFound:
    return NotFound(f"Artist with ID '{artist_id}' was not found.")


def parsed_artist(item: dict[str, Any]) -> Artist:
    """`Artist.from_item(item)` (ValidationError when the item is not a valid artist), parsed
    once per distinct item in this container."""
    try:
        text = json_text.compact(item)
    except (TypeError, ValueError):  # a value JSON cannot hold (bytes): parsed every time
        return Artist.from_item(item)
    found = _parsed.get(text)
    if found is None:
        found = Artist.from_item(item)
        with _parsed_lock:
            if len(_parsed) >= PARSED_MAX:
                _parsed.pop(next(iter(_parsed)), None)
            _parsed[text] = found
    return found


def get_artist(artist_id: str, table: ArtistReader) -> dict[str, Any]:
    """The artist in the API's `Artist` shape; NotFound when absent or opted out (an opted-out
    artist is indistinguishable from one that never existed)."""
    keys.check_id(artist_id, "artistId")
    item = table.get_artist(artist_id)
    if item is None or item.get("opted_out") is True:
        raise artist_not_found(artist_id)
    artist = parsed_artist(item)
    if not artist.listed:
        raise artist_not_found(artist_id)
    return artist.to_api()
