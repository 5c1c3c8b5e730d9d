"""Hypothesis strategies for the domain's inputs: valid raw records (as the outside world sends
them, not yet normalised) and arbitrary JSON for the "never raises anything else" properties."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from compute.domain.models import REMOVAL_REASONS, format_timestamp
from compute.domain.normalise import name_key
from compute.domain.styles import SYNONYMS, VOCABULARY

# Shared CPUs: no per-example deadline; enough examples to find edge cases, few enough for speed.
PROPERTY = settings(deadline=None, max_examples=80, suppress_health_check=[HealthCheck.too_slow])
HEAVY = settings(deadline=None, max_examples=30, suppress_health_check=[HealthCheck.too_slow])

ids = st.from_regex(r"[A-Za-z0-9_-]{1,64}", fullmatch=True)
handles = st.from_regex(r"[a-z0-9_](?:[a-z0-9_]|\.(?!\.)){0,28}[a-z0-9_]?", fullmatch=True).filter(
    lambda h: ".." not in h and not h.endswith(".") and h not in {"p", "s", "tv", "ar", "_n", "_u"}
)
style_terms = st.sampled_from(VOCABULARY + tuple(SYNONYMS))
display_names = (
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc")),
        min_size=1,
        max_size=40,
    )
    .map(lambda s: s.strip())
    .filter(lambda s: 0 < len(name_key(s)) <= 200 and len(" ".join(s.split())) <= 200)
)
timestamps = st.builds(
    lambda moment, offset: format_timestamp(moment.replace(tzinfo=timezone(offset))),
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)),
    st.integers(-12 * 60, 14 * 60).map(lambda m: timedelta(minutes=m)),
) | st.sampled_from(["2026-01-31T09:30:00Z", "2026-11-28T17:45:08.351+01:00"])
latitudes = st.floats(-90, 90, allow_nan=False)
longitudes = st.floats(-180, 180, allow_nan=False)
ratings = st.floats(0, 5, allow_nan=False)
confidences = st.floats(0, 1, allow_nan=False)
uk_postcodes = st.sampled_from(
    ["sw1a1aa", "SW1A 1AA", "m1 1ae", "B33 8TH", "cr2 6xh", "DN55 1PT", "EC1A1BB", "w1a 0ax"]
)
uk_phones = st.sampled_from(
    ["07911 123456", "+44 7911 123456", "020 7946 0000", "0161 496 0000", "+442079460000"]
)
websites = st.builds(
    lambda scheme, host, path: f"{scheme}{host}{path}",
    st.sampled_from(["", "http://", "https://", "HTTPS://"]),
    st.sampled_from(["Example.com", "www.inkhouse.co.uk", "studio-9.example", "bücher.de"]),
    st.sampled_from(["", "/", "/artists/jane/", "/a?b=2&a=1&utm_source=x", "/#top"]),
)
image_urls = st.builds(
    lambda n: f"https://cdn.example.com/img/{n}.jpg?sig=abc", st.integers(0, 10**6)
)
emails = st.sampled_from(["jane@example.com", "Bookings@Ink.Example.CO.UK", "a.b+c@x.io"])


def _put_optional(
    draw: st.DrawFn, out: dict[str, Any], name: str, strategy: st.SearchStrategy[Any]
) -> None:
    if draw(st.booleans()):
        out[name] = draw(strategy)


@st.composite
def portfolio_images(draw: st.DrawFn) -> dict[str, Any]:
    image: dict[str, Any] = {"url": draw(image_urls)}
    _put_optional(draw, image, "description", st.text(max_size=50))
    _put_optional(draw, image, "style", style_terms)
    _put_optional(
        draw,
        image,
        "tags",
        st.lists(
            st.text(st.characters(categories=("L", "N")), min_size=1, max_size=10), max_size=4
        ),
    )
    return image


@st.composite
def raw_artists(draw: st.DrawFn) -> dict[str, Any]:
    """An artist as a scraper might hand it over: valid, but spelled any which way."""
    raw: dict[str, Any] = {
        "artistId": draw(ids),
        "artistName": draw(display_names),
        "createdAt": draw(timestamps),
        "updatedAt": draw(timestamps),
        "styles": draw(st.lists(style_terms, max_size=5)),
    }
    _put_optional(draw, raw, "bio", st.text(max_size=200))
    _put_optional(draw, raw, "avatar", image_urls)
    _put_optional(draw, raw, "instagramHandle", handles.map(lambda h: "@" + h.upper()))
    _put_optional(
        draw, raw, "locationDisplay", st.sampled_from(["Manchester, UK", "  Leeds ", "Bristol"])
    )
    if draw(st.booleans()):
        raw["latitude"] = draw(latitudes)
        raw["longitude"] = draw(longitudes)
    _put_optional(
        draw,
        raw,
        "specialties",
        st.lists(st.sampled_from(["cover-ups", "Script", "animals"]), max_size=3),
    )
    _put_optional(draw, raw, "portfolioImages", st.lists(portfolio_images(), max_size=3))
    _put_optional(
        draw,
        raw,
        "contactInfo",
        st.fixed_dictionaries(
            {},
            optional={
                "instagram": handles.map(lambda h: f"https://instagram.com/{h}/"),
                "website": websites,
                "email": emails,
                "phone": uk_phones,
            },
        ),
    )
    _put_optional(
        draw,
        raw,
        "studioInfo",
        st.fixed_dictionaries(
            {"studioId": ids, "studioName": display_names},
            optional={"address": st.just("1 High St, Leeds"), "postcode": uk_postcodes},
        ),
    )
    _put_optional(draw, raw, "rating", ratings)
    _put_optional(draw, raw, "reviewCount", st.integers(0, 10**6))
    _put_optional(
        draw,
        raw,
        "pricing",
        st.fixed_dictionaries(
            {"currency": st.sampled_from(["GBP", "EUR"])},
            optional={
                "hourlyRate": st.floats(0, 1000, allow_nan=False),
                "minimumCharge": st.integers(0, 500),
            },
        ),
    )
    _put_optional(
        draw,
        raw,
        "availability",
        st.fixed_dictionaries(
            {"bookingOpen": st.booleans()},
            optional={"waitingList": st.booleans(), "nextAvailable": st.just("2026-12-01")},
        ),
    )
    _put_optional(
        draw,
        raw,
        "experience",
        st.fixed_dictionaries(
            {}, optional={"yearsActive": st.integers(0, 80), "apprenticeship": st.just("Ink House")}
        ),
    )
    _put_optional(draw, raw, "pageUrl", image_urls)
    _put_optional(draw, raw, "scrapedAt", timestamps)
    _put_optional(draw, raw, "opted_out", st.booleans())
    _put_optional(draw, raw, "version", st.integers(1, 10**9))
    return raw


@st.composite
def raw_candidates(draw: st.DrawFn) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "sourceUrl": draw(image_urls),
        "confidence": draw(confidences),
        "studioId": draw(ids),
        "styles": draw(st.lists(st.sampled_from(VOCABULARY), max_size=3, unique=True)),
    }
    named = draw(st.sets(st.sampled_from(["name", "instagramHandle", "profileUrl"]), min_size=1))
    if "name" in named:
        raw["name"] = draw(display_names)
    if "instagramHandle" in named:
        raw["instagramHandle"] = draw(handles)
    if "profileUrl" in named:
        raw["profileUrl"] = "https://studio.example/artists/" + draw(handles)
    return raw


removal_bodies = st.fixed_dictionaries(
    {"reason": st.sampled_from(REMOVAL_REASONS), "contactEmail": emails},
    optional={"message": st.text(max_size=100)},
).flatmap(
    lambda body: st.sampled_from(
        [
            {**body, "artistId": "art_0123456789abcdef"},
            {**body, "instagramHandle": "@Some.Artist"},
            {**body, "artistId": "art_1", "instagramHandle": "some_artist"},
        ]
    )
)

json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


def json_objects_with(field_names: tuple[str, ...]) -> st.SearchStrategy[dict[str, Any]]:
    """Objects whose keys are mostly the real field names, with arbitrary values: the input
    that exercises every check of a validator."""
    return st.dictionaries(
        st.sampled_from(field_names) | st.text(max_size=8), json_values, max_size=10
    )


NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


@st.composite
def raw_studios(draw: st.DrawFn) -> dict[str, Any]:
    """A studio as discovery might hand it over from the Places API."""
    raw: dict[str, Any] = {
        "studioId": draw(ids),
        "name": draw(display_names),
        "placeId": draw(st.from_regex(r"[A-Za-z0-9_-]{1,60}", fullmatch=True)),
        "createdAt": draw(timestamps),
        "updatedAt": draw(timestamps),
    }
    _put_optional(draw, raw, "address", st.just("1 High St, Leeds"))
    _put_optional(draw, raw, "postcode", uk_postcodes)
    _put_optional(draw, raw, "city", st.sampled_from(["Leeds", " Manchester "]))
    if draw(st.booleans()):
        raw["latitude"] = draw(latitudes)
        raw["longitude"] = draw(longitudes)
    _put_optional(draw, raw, "website", websites)
    _put_optional(draw, raw, "phone", uk_phones)
    _put_optional(draw, raw, "rating", ratings)
    _put_optional(draw, raw, "reviewCount", st.integers(0, 10**6))
    _put_optional(draw, raw, "runId", ids)
    return raw
