"""discover-studios: every (city, query) through Places Text Search, de-duplicated by place id,
written as studio items; only the ids of studios worth crawling travel on.

Decisions: permanently closed places are skipped (not written). Places without a website are
written (they are real studios the directory can list) but not crawled, and counted in
`skipped.noWebsite`. A place id seen again (another query, another page) counts in
`skipped.duplicate`. A record that cannot be read is logged and counted as a metric, never
dropped silently."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from compute import contracts
from compute.adapters.places import Place
from compute.adapters.studio_store import StudioWriteReport
from compute.domain import normalise
from compute.domain.errors import ValidationError
from compute.domain.identity import studio_id_for
from compute.domain.models import Studio, format_timestamp

logger = logging.getLogger(__name__)

CLOSED_PERMANENTLY = "CLOSED_PERMANENTLY"
_POSTCODE_IN_ADDRESS = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})\b")


class PlacesSearch(Protocol):
    def search_text(self, text_query: str) -> Iterator[Place]: ...


class StudioStore(Protocol):
    def write(self, items: Sequence[dict[str, Any]]) -> StudioWriteReport: ...


@dataclass(slots=True)
class Discovery:
    run_id: str
    studio_ids: list[str] = field(default_factory=list)
    closed: int = 0
    no_website: int = 0
    duplicate: int = 0
    unreadable: int = 0
    written: StudioWriteReport = field(default_factory=StudioWriteReport)

    def to_output(self) -> dict[str, Any]:
        return {
            "runId": self.run_id,
            "studios": [{"studioId": s} for s in self.studio_ids],
            "studioCount": len(self.studio_ids),
            "skipped": {
                "closed": self.closed,
                "noWebsite": self.no_website,
                "duplicate": self.duplicate,
            },
        }


def studio_from_place(place: Place, city: str, run_id: str, now: str) -> Studio:
    """The studio a Places record describes; fields that fail normalisation are left out
    (a bad phone number must not lose the studio)."""
    postcode = None
    if place.address:
        match = _POSTCODE_IN_ADDRESS.search(place.address.upper())
        if match:
            try:
                postcode = normalise.uk_postcode(match.group(1))
            except ValidationError:
                postcode = None
    website = phone = None
    if place.website:
        try:
            website = normalise.website_url(place.website)
        except ValidationError:
            logger.info("place website unusable", extra={"placeId": place.place_id})
    if place.phone:
        try:
            phone = normalise.phone_e164(place.phone)
        except ValidationError:
            phone = None
    name = " ".join(place.name.split())
    if not name:
        raise ValidationError.single("displayName", "a studio needs a name")
    return Studio(
        studio_id=studio_id_for(place.place_id),
        name=name[:200],
        place_id=place.place_id,
        created_at=now,
        updated_at=now,
        address=place.address[:300] if place.address else None,
        postcode=postcode,
        city=city[:100],
        latitude=place.latitude,
        longitude=place.longitude,
        website=website,
        phone=phone,
        rating=place.rating,
        review_count=place.rating_count,
        run_id=run_id,
    )


def discover_studios(
    run_id: str,
    cities: Sequence[str],
    queries: Sequence[str],
    *,
    places: PlacesSearch,
    store: StudioStore,
    max_studios: int | None = None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    on_unreadable: Callable[[str, ValidationError], None] | None = None,
) -> Discovery:
    """Search, de-duplicate, write; return the crawlable studio ids (raises on API failure,
    so the state machine's Retry and Catch see it)."""
    discovery = Discovery(run_id=run_id)
    seen: set[str] = set()
    items: list[dict[str, Any]] = []
    now = format_timestamp(clock())

    def full() -> bool:
        return max_studios is not None and len(discovery.studio_ids) >= max_studios

    for city in cities:
        for query in queries:
            if full():
                break
            text = f"{query.strip()} in {city.strip()}"
            for place in places.search_text(text):
                if full():
                    break
                if place.place_id in seen:
                    discovery.duplicate += 1
                    continue
                seen.add(place.place_id)
                if place.business_status == CLOSED_PERMANENTLY:
                    discovery.closed += 1
                    continue
                try:
                    studio = studio_from_place(place, city, run_id, now)
                    item = studio.to_item()
                    contracts.validate("studio-item", item)
                except (ValidationError, contracts.ContractError) as error:
                    discovery.unreadable += 1
                    logger.warning(
                        "unreadable Places record",
                        extra={"placeId": place.place_id, "error": str(error)},
                    )
                    if on_unreadable is not None and isinstance(error, ValidationError):
                        on_unreadable(place.place_id, error)
                    continue
                items.append(item)
                if studio.website is None:
                    discovery.no_website += 1
                else:
                    discovery.studio_ids.append(studio.studio_id)
    discovery.written = store.write(items)
    return discovery
