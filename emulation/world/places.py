"""The Google Places API (New) Text Search, as the world's city answers it: what a request means
(query matching, field masks, paging, errors). The HTTP transport lives in
emulation.world.server.

Differences from Google, on purpose: no 60-result cap per query unless `max_results` is set (so
one query can list a 5,000-studio city), and only the fields the directory reads exist.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from emulation.world.city import City, StudioSpec
from emulation.world.vocabulary import QUERY_WORDS

MAX_PAGE_SIZE = 20
PLACE_FIELDS = (
    "id",
    "displayName",
    "formattedAddress",
    "location",
    "websiteUri",
    "nationalPhoneNumber",
    "businessStatus",
    "rating",
    "userRatingCount",
)


@dataclass(frozen=True, slots=True)
class PlacesReply:
    status: int
    body: dict[str, Any]
    headers: dict[str, str]


def error(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> PlacesReply:
    """Google's error envelope."""
    return PlacesReply(
        status, {"error": {"code": status, "message": message, "status": code}}, headers or {}
    )


def place_record(city: City, studio: StudioSpec) -> dict[str, Any]:
    """Every field the world knows for a studio, in the API's shape (absent fields omitted)."""
    record: dict[str, Any] = {
        "id": studio.place_id,
        "displayName": {"text": studio.name, "languageCode": "en"},
        "formattedAddress": studio.address,
        "location": {"latitude": studio.latitude, "longitude": studio.longitude},
        "businessStatus": studio.business_status,
    }
    if studio.website_uri:
        record["websiteUri"] = studio.website_uri
    if studio.phone:
        record["nationalPhoneNumber"] = studio.phone
    if studio.rating is not None:
        record["rating"] = studio.rating
        record["userRatingCount"] = studio.rating_count
    return record


def parse_field_mask(raw: str | None) -> tuple[set[str], bool] | None:
    """Place fields asked for and whether nextPageToken was; None if the mask is missing."""
    if raw is None or not raw.strip():
        return None
    fields: set[str] = set()
    wants_token = False
    for part in (p.strip() for p in raw.split(",")):
        if part == "*":
            return set(PLACE_FIELDS), True
        if part == "nextPageToken":
            wants_token = True
        elif part == "places.*" or part == "places":
            fields.update(PLACE_FIELDS)
        elif part.startswith("places."):
            fields.add(part.removeprefix("places.").split(".", 1)[0])
    return fields, wants_token


def matches(city: City, studio: StudioSpec, text: str) -> bool:
    """A studio is found by a tattoo query in its city, naming one of its words or none."""
    words = text.lower()
    if "tattoo" not in words or city.name.lower() not in words:
        return False
    named = [w for w in QUERY_WORDS if w in words]
    return not named or any(w in studio.query_words for w in named)


def _token(text: str, offset: int) -> str:
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    raw = json.dumps({"q": digest, "o": offset}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _untoken(token: str, text: str) -> int | None:
    try:
        padded = token + "=" * (-len(token) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded))
        offset = int(data["o"])
        if data["q"] != hashlib.sha256(text.encode()).hexdigest()[:12] or offset < 0:
            return None
        return offset
    except (ValueError, KeyError, TypeError):
        return None


def search_text(
    city: City, body: Any, field_mask: str | None, max_results: int | None = None
) -> PlacesReply:
    """POST /v1/places:searchText, once the API key and quota have been checked."""
    mask = parse_field_mask(field_mask)
    if mask is None:
        return error(
            400,
            "INVALID_ARGUMENT",
            "FieldMask is a required parameter. See how to provide it: "
            "https://developers.google.com/maps/documentation/places/web-service/choose-fields",
        )
    if not isinstance(body, dict) or not isinstance(body.get("textQuery"), str):
        return error(400, "INVALID_ARGUMENT", "Invalid JSON payload: textQuery is required.")
    text = body["textQuery"]
    page_size = body.get("pageSize", MAX_PAGE_SIZE)
    if not isinstance(page_size, int) or page_size < 0:
        return error(400, "INVALID_ARGUMENT", "pageSize must be a non-negative integer.")
    page_size = min(page_size or MAX_PAGE_SIZE, MAX_PAGE_SIZE)
    offset = 0
    if body.get("pageToken"):
        found = _untoken(str(body["pageToken"]), text)
        if found is None:
            return error(400, "INVALID_ARGUMENT", "Invalid page token for this textQuery.")
        offset = found
    hits = [s for s in city.studios if matches(city, s, text)]
    if max_results is not None:
        hits = hits[:max_results]
    fields, wants_token = mask
    page = hits[offset : offset + page_size]
    reply: dict[str, Any] = {}
    if page and fields:
        reply["places"] = [
            {k: v for k, v in place_record(city, s).items() if k in fields} for s in page
        ]
    if wants_token and offset + page_size < len(hits):
        reply["nextPageToken"] = _token(text, offset + page_size)
    return PlacesReply(200, reply, {})
