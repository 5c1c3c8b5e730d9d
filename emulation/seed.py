"""Synthetic UK artists for the local cloud: `compute-local seed --artists N` calls
`seed_artists`.

Artists, their studios and the studio-artist links are written *through the table* with
BatchWriteItem, so the index fills the way it does in production: the stream, the sync
function, external versions. Item shapes come from compute's domain models (one source of
truth); everything is deterministic for a given `seed`.
"""

from __future__ import annotations

import math
import os
import random
import time
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
from botocore.config import Config

from compute.domain.attribute_values import to_attribute_values
from compute.domain.identity import artist_id_for, identity_key, studio_id_for
from compute.domain.models import (
    Artist,
    Availability,
    ContactInfo,
    Experience,
    PortfolioImage,
    Pricing,
    Studio,
    StudioArtistLink,
    StudioInfo,
    format_timestamp,
)
from compute.domain.styles import VOCABULARY

BATCH_WRITE_LIMIT = 25
REGION = "eu-west-2"  # the local cloud's region, when the environment names none
ARTISTS_PER_STUDIO = (1, 6)


@dataclass(frozen=True)
class City:
    name: str
    lat: float
    lon: float
    postcode_area: str


# Town centres; artists scatter within a few kilometres of them.
CITIES: tuple[City, ...] = (
    City("London", 51.5072, -0.1276, "E1"),
    City("Manchester", 53.4808, -2.2426, "M4"),
    City("Birmingham", 52.4862, -1.8904, "B5"),
    City("Leeds", 53.8008, -1.5491, "LS1"),
    City("Glasgow", 55.8642, -4.2518, "G1"),
    City("Edinburgh", 55.9533, -3.1883, "EH1"),
    City("Bristol", 51.4545, -2.5879, "BS1"),
    City("Liverpool", 53.4084, -2.9916, "L1"),
    City("Sheffield", 53.3811, -1.4701, "S1"),
    City("Newcastle upon Tyne", 54.9783, -1.6178, "NE1"),
    City("Cardiff", 51.4816, -3.1791, "CF10"),
    City("Belfast", 54.5973, -5.9301, "BT1"),
    City("Nottingham", 52.9548, -1.1581, "NG1"),
    City("Brighton", 50.8225, -0.1372, "BN1"),
    City("Leicester", 52.6369, -1.1398, "LE1"),
)

FIRST_NAMES: tuple[str, ...] = (
    "Rowan", "Isla", "Amara", "Callum", "Freya", "Jack", "Niamh", "Ollie", "Priya", "Zoë",
    "Eilidh", "Tomasz", "Seren", "Kofi", "Maisie", "Dylan", "Aoife", "Ravi", "Lowri", "Finley",
    "Chloé", "Hamish", "Imani", "Rhys", "Saoirse", "Theo", "Yasmin", "Euan", "Bethan", "Marek",
)  # fmt: skip
LAST_NAMES: tuple[str, ...] = (
    "Ashby", "Penrose", "Okafor", "MacLeod", "Whitaker", "Nowak", "Gallagher", "Patel",
    "Thorne", "Llewellyn", "O'Neill", "Brannigan", "Fairclough", "Mensah", "Kowalski",
    "Sutherland", "Hughes", "Reyes", "Doyle", "Pritchard", "Castellano", "Byrne", "Adeyemi",
    "Walsh", "Ferguson", "Kaur", "Henderson", "Lindqvist", "Morgan", "Blackwood",
)  # fmt: skip
STUDIO_WORDS: tuple[tuple[str, ...], tuple[str, ...]] = (
    ("Northern", "Iron", "Black", "Electric", "Old Town", "Harbourside", "Velvet", "Lucky",
     "Crown", "Anchor", "Red Rose", "Thistle", "Dragon", "Golden", "Wild Fern"),
    ("Ink", "Tattoo", "Tattoo Co.", "Tattoo Studio", "Ink Parlour", "Collective", "Atelier"),
)  # fmt: skip
STREETS: tuple[str, ...] = (
    "High Street", "Tib Street", "Market Street", "Church Lane", "King Street", "Mill Road",
    "Queen Street", "Castle Street", "Station Road", "Victoria Road",
)  # fmt: skip
SPECIALTIES: tuple[str, ...] = (
    "mandalas", "botanicals", "portraits", "lettering", "animals", "cover-ups", "sleeves",
    "ornamental", "flash", "script", "koi", "roses", "skulls", "fine detail",
)  # fmt: skip


def _jitter(rng: random.Random, city: City, km: float) -> tuple[float, float]:
    # ~111 km per degree of latitude; longitude degrees shrink with cos(latitude).
    dlat = rng.uniform(-km, km) / 111.0
    dlon = rng.uniform(-km, km) / (111.0 * max(0.2, math.cos(math.radians(city.lat))))
    return round(city.lat + dlat, 6), round(city.lon + dlon, 6)


def _postcode(rng: random.Random, city: City) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return f"{city.postcode_area} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"


def _handle(first: str, last: str, rng: random.Random, taken: set[str]) -> str:
    base = f"{first}.{last}".lower().replace("'", "")
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii")
    suffix = rng.choice(("", ".ink", ".tattoo", "_tattoos", ".art"))
    handle = (base + suffix)[:30]
    n = 1
    while handle in taken:
        n += 1
        handle = f"{base[:24]}{n}{suffix}"[:30]
    taken.add(handle)
    return handle


def _unique_name(first: str, last: str, rng: random.Random, taken: set[str]) -> str:
    """A name nobody in this world has yet: plain, else double-barrelled, else with a middle
    initial, else numbered, so any N terminates (and small worlds stay as they always were)."""
    name = f"{first} {last}"
    for _ in range(50):
        if name not in taken:
            break
        name = f"{first} {rng.choice(LAST_NAMES)}-{rng.choice(LAST_NAMES)}"
    fallbacks = (f"{first} {i}. {last}" for i in "ABCDEFGHJKLMNPRSTW")
    number = 2
    while name in taken:
        name = next(fallbacks, f"{first} {last} {number}")
        number += 1
    taken.add(name)
    return name


def synthetic_world(
    n: int, *, seed: int = 0
) -> tuple[list[Artist], list[Studio], list[StudioArtistLink]]:
    """N artists spread over UK cities, grouped into studios; deterministic for `seed`."""
    rng = random.Random(seed)
    epoch = datetime(2026, 1, 1, tzinfo=UTC)
    artists: list[Artist] = []
    studios: list[Studio] = []
    links: list[StudioArtistLink] = []
    handles: set[str] = set()
    names: set[str] = set()
    studio_index = 0
    while len(artists) < n:
        city = rng.choice(CITIES)
        studio_index += 1
        lat, lon = _jitter(rng, city, 4.0)
        created = format_timestamp(epoch + timedelta(days=rng.randint(0, 300)))
        studio_name = f"{rng.choice(STUDIO_WORDS[0])} {rng.choice(STUDIO_WORDS[1])}"
        studio = Studio(
            studio_id=studio_id_for(f"seed-place-{seed}-{studio_index}"),
            name=studio_name,
            place_id=f"seed-place-{seed}-{studio_index}",
            created_at=created,
            updated_at=created,
            address=f"{rng.randint(1, 200)} {rng.choice(STREETS)}, {city.name}",
            postcode=_postcode(rng, city),
            city=city.name,
            latitude=lat,
            longitude=lon,
            website=f"https://{studio_name.lower().replace(' ', '-').replace('.', '')}"
            f"-{studio_index}.example.co.uk/",
            rating=round(rng.uniform(3.5, 5.0), 1),
            review_count=rng.randint(5, 400),
        )
        studios.append(studio)
        for _ in range(min(rng.randint(*ARTISTS_PER_STUDIO), n - len(artists))):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            name = _unique_name(first, last, rng, names)
            handle = _handle(first, last, rng, handles)
            artist_id = artist_id_for(identity_key(instagram_handle=handle))
            styles = tuple(rng.sample(VOCABULARY, rng.randint(1, 3)))
            alat, alon = _jitter(rng, city, 0.3)
            updated = format_timestamp(epoch + timedelta(days=rng.randint(301, 330)))
            artists.append(
                Artist(
                    artist_id=artist_id,
                    name=name,
                    created_at=created,
                    updated_at=updated,
                    styles=styles,
                    bio=f"{styles[0].capitalize()} work in {city.name}; bookings open monthly.",
                    instagram_handle=handle,
                    location_display=f"{city.name}, UK",
                    latitude=alat,
                    longitude=alon,
                    specialties=tuple(rng.sample(SPECIALTIES, rng.randint(0, 3))),
                    portfolio_images=tuple(
                        PortfolioImage(
                            url=f"https://images.tattoo-directory.example/{artist_id}/{i}.jpg",
                            description=f"{rng.choice(styles)} piece",
                            style=rng.choice(styles),
                        )
                        for i in range(1, rng.randint(1, 4) + 1)
                    ),
                    contact_info=ContactInfo(website=studio.website),
                    studio_info=StudioInfo(
                        studio.studio_id, studio.name, studio.address, studio.postcode
                    ),
                    rating=round(rng.uniform(3.0, 5.0), 1) if rng.random() > 0.1 else None,
                    review_count=rng.randint(0, 250),
                    pricing=Pricing(
                        currency="GBP",
                        hourly_rate=float(rng.choice((80, 90, 100, 120, 150))),
                        minimum_charge=float(rng.choice((50, 60, 80))),
                    ),
                    availability=Availability(
                        booking_open=rng.random() > 0.3, waiting_list=rng.random() > 0.7
                    ),
                    experience=Experience(years_active=rng.randint(1, 25)),
                    version=1,
                )
            )
            links.append(StudioArtistLink(studio.studio_id, artist_id, created_at=created))
    return artists, studios, links


def _batches(items: Sequence[Mapping[str, Any]]) -> Iterator[Sequence[Mapping[str, Any]]]:
    for start in range(0, len(items), BATCH_WRITE_LIMIT):
        yield items[start : start + BATCH_WRITE_LIMIT]


def write_items(
    table_name: str, items: Sequence[Mapping[str, Any]], *, endpoint_url: str | None = None
) -> None:
    """BatchWriteItem in chunks of 25, retrying unprocessed items with a short backoff."""
    client = boto3.client(
        "dynamodb",
        endpoint_url=endpoint_url,
        region_name=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or REGION,
        config=Config(retries={"mode": "standard", "max_attempts": 5}),
    )
    for batch in _batches(items):
        pending: Any = {
            table_name: [{"PutRequest": {"Item": to_attribute_values(item)}} for item in batch]
        }
        for attempt in range(10):
            reply = client.batch_write_item(RequestItems=pending)
            pending = reply.get("UnprocessedItems") or {}
            if not pending:
                break
            time.sleep(min(1.0, 0.05 * 2**attempt))
        if pending:
            raise RuntimeError(f"BatchWriteItem on {table_name} kept returning unprocessed items")


def seed_artists(
    table_name: str, n: int, *, seed: int = 0, endpoint_url: str | None = None
) -> list[str]:
    """Write N synthetic UK artists (with their studios and links) to the table; their ids."""
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    artists, studios, links = synthetic_world(n, seed=seed)
    items = [s.to_item() for s in studios] + [a.to_item() for a in artists]
    items += [link.to_item() for link in links]
    write_items(table_name, items, endpoint_url=endpoint_url)
    return [a.artist_id for a in artists]
