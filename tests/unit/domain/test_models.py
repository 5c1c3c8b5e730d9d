from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given

from compute import contracts
from compute.domain.attribute_values import from_attribute_values, to_attribute_values
from compute.domain.errors import ValidationError
from compute.domain.identity import identity_key
from compute.domain.models import (
    Artist,
    ArtistCandidate,
    ContactInfo,
    DenylistEntry,
    RemovalRequest,
    RunSummary,
    ScrapeCandidate,
    ScrapeJob,
    Studio,
    StudioArtistLink,
    format_timestamp,
    summary_from_search_document,
)
from compute.domain.validation import (
    parse_item,
    parse_scrape_job,
    validate_artist,
    validate_candidate,
    validate_removal_request,
    validate_studio,
)

from .strategies import (
    HEAVY,
    NOW,
    PROPERTY,
    raw_artists,
    raw_candidates,
    raw_studios,
    removal_bodies,
)

T0 = "2026-01-31T09:30:00.000Z"
T1 = "2026-02-01T10:00:00.250Z"

FULL_ARTIST: dict[str, Any] = {
    "artistId": "art_7Kq2mZ9xTb",
    "artistName": "  Isla   Penrose ",
    "bio": "Fine-line botanicals.\nBooks open monthly.",
    "avatar": "https://cdn.example.com/isla.jpg",
    "instagramHandle": "https://www.instagram.com/Isla.Penrose.Tattoo/",
    "locationDisplay": "Bristol, UK",
    "latitude": 51.4545,
    "longitude": -2.5879,
    "styles": ["fineline", "dotwork", "linework"],
    "specialties": ["botanicals", " florals ", "botanicals"],
    "portfolioImages": [
        {
            "url": "https://cdn.example.com/1.jpg",
            "description": "Fern",
            "style": "fine line",
            "tags": ["fern"],
        }
    ],
    "contactInfo": {
        "instagram": "@isla.penrose.tattoo",
        "website": "Harbourside-Tattoo.example.co.uk/isla/",
        "email": "bookings@Harbourside-Tattoo.example.co.uk",
        "phone": "0117 496 0000",
    },
    "studioInfo": {
        "studioId": "stu_Harbour22",
        "studioName": "Harbourside Tattoo",
        "postcode": "bs15tr",
    },
    "rating": 4.8,
    "reviewCount": 132,
    "pricing": {"hourlyRate": 120, "minimumCharge": 80, "currency": "GBP"},
    "availability": {"bookingOpen": True, "waitingList": False, "nextAvailable": "2026-03-01"},
    "experience": {"yearsActive": 9, "apprenticeship": "Ink House"},
    "pageUrl": "https://harbourside-tattoo.example.co.uk/isla",
    "scrapedAt": T1,
    "opted_out": False,
    "version": 3,
    "createdAt": T0,
    "updatedAt": T1,
}


def full_artist() -> Artist:
    return validate_artist(FULL_ARTIST)


def test_validation_normalises_every_field() -> None:
    artist = full_artist()
    assert artist.name == "Isla Penrose"
    assert artist.name_key == "isla penrose"
    assert artist.instagram_handle == "isla.penrose.tattoo"
    assert artist.styles == ("linework", "dotwork")
    assert artist.specialties == ("botanicals", "florals")
    assert artist.portfolio_images[0].style == "linework"
    assert artist.contact_info is not None
    assert artist.contact_info.website == "https://harbourside-tattoo.example.co.uk/isla"
    assert artist.contact_info.email == "bookings@harbourside-tattoo.example.co.uk"
    assert artist.contact_info.phone == "+441174960000"
    assert artist.studio_info is not None and artist.studio_info.postcode == "BS1 5TR"
    assert artist.pricing is not None and artist.pricing.hourly_rate == 120.0
    assert artist.geohash is not None and len(artist.geohash) == 9
    assert artist.studio_id == "stu_Harbour22" and artist.studio_name == "Harbourside Tattoo"
    assert artist.listed


def test_artist_item_has_keys_type_gsi_and_reference_attribute_names() -> None:
    item = full_artist().to_item()
    assert item["PK"] == "ARTIST#art_7Kq2mZ9xTb" and item["SK"] == "METADATA"
    assert item["type"] == "artist"
    assert item["GSI1PK"].startswith("STYLE#linework#SHARD#")
    assert item["GSI1SK"] == f"GEO#{item['geohash']}#ARTIST#art_7Kq2mZ9xTb"
    assert item["GSI2PK"] == "NAME#isla penrose"
    assert item["GSI3PK"] == "HANDLE#isla.penrose.tattoo"
    reference = {
        "artistId",
        "artistName",
        "nameKey",
        "bio",
        "avatar",
        "instagramHandle",
        "locationDisplay",
        "latitude",
        "longitude",
        "geohash",
        "styles",
        "portfolioImages",
        "contactInfo",
        "studioInfo",
        "rating",
        "reviewCount",
        "pricing",
        "availability",
        "experience",
        "specialties",
        "opted_out",
        "version",
        "createdAt",
        "updatedAt",
    }
    assert reference <= set(item)
    # The handle is stored once (instagramHandle); the API's contactInfo.instagram derives it.
    assert item["instagramHandle"] == "isla.penrose.tattoo"
    assert "instagram" not in item["contactInfo"]
    assert full_artist().to_api()["contactInfo"]["instagram"] == "@isla.penrose.tattoo"
    assert item["pricing"] == {"currency": "GBP", "hourlyRate": 120.0, "minimumCharge": 80.0}


def test_minimal_artist_item_leaves_absent_values_out() -> None:
    artist = Artist("art_1", "Jane", T0, T0)
    assert artist.to_item() == {
        "PK": "ARTIST#art_1",
        "SK": "METADATA",
        "type": "artist",
        "artistId": "art_1",
        "artistName": "Jane",
        "nameKey": "jane",
        "styles": [],
        "opted_out": False,
        "version": 1,
        "createdAt": T0,
        "updatedAt": T0,
        "GSI2PK": "NAME#jane",
        "GSI2SK": "ARTIST#art_1",
    }


def test_an_item_keeps_the_scraped_page_as_page_url_and_still_reads_profile_url() -> None:
    item = full_artist().to_item()
    assert item["pageUrl"] == FULL_ARTIST["pageUrl"] and "profileUrl" not in item
    # An item written before issue 16 names it `profileUrl`: the same artist, rewritten as pageUrl.
    legacy = {("profileUrl" if k == "pageUrl" else k): v for k, v in item.items()}
    assert validate_artist(_through_dynamodb(legacy)) == full_artist()
    contracts.validate("artist-item", legacy)


def test_search_document_shape() -> None:
    doc = full_artist().to_search_document()
    assert doc["name"] == "Isla Penrose" and doc["nameKey"] == "isla penrose"
    assert doc["coordinates"] == {"lat": 51.4545, "lon": -2.5879}
    assert "location" not in doc  # the API's `location` is the display text, not a point
    assert doc["studioId"] == "stu_Harbour22" and doc["studioName"] == "Harbourside Tattoo"
    assert "bio" not in doc and "opted_out" not in doc and "PK" not in doc
    # The index holds no bio, profile URL or scrape time (nor opted-out artists).
    expected = replace(full_artist(), bio=None, page_url=None, scraped_at=None)
    assert Artist.from_search_document(doc) == expected


def test_api_shape_uses_the_frontend_names() -> None:
    api = full_artist().to_api()
    assert api["name"] == "Isla Penrose"
    assert api["location"] == "Bristol, UK"
    assert api["studioName"] == "Harbourside Tattoo"
    assert api["bio"].startswith("Fine-line")
    for name in (
        "artistId",
        "instagramHandle",
        "styles",
        "specialties",
        "rating",
        "reviewCount",
        "portfolioImages",
        "contactInfo",
        "studioInfo",
        "pricing",
        "availability",
        "experience",
        "geohash",
        "latitude",
        "longitude",
        "createdAt",
        "updatedAt",
    ):
        assert name in api, name
    assert None not in api.values()
    summary = full_artist().to_api(summary=True, distance_km=1.23456)
    assert "bio" not in summary and summary["distanceKm"] == 1.235


def test_search_document_problems_use_the_document_names() -> None:
    with pytest.raises(ValidationError) as caught:
        Artist.from_search_document(
            {"artistId": "a", "name": "", "createdAt": T0, "updatedAt": T0, "bio": "x"}
        )
    assert caught.value.fields == ["bio", "name"]
    with pytest.raises(ValidationError):
        Artist.from_search_document(
            {"artistId": "a", "name": "A", "createdAt": T0, "updatedAt": T0, "coordinates": "x"}
        )


def _through_dynamodb(item: dict[str, Any]) -> dict[str, Any]:
    return from_attribute_values(to_attribute_values(item))


def test_artist_round_trips_through_attribute_values() -> None:
    artist = full_artist()
    assert Artist.from_item(_through_dynamodb(artist.to_item())) == artist


def test_artist_reads_boto3_resource_decimals() -> None:
    item = full_artist().to_item()
    decimals = {
        **item,
        "latitude": Decimal("51.4545"),
        "rating": Decimal("4.8"),
        "version": Decimal(3),
    }
    assert Artist.from_item(decimals) == full_artist()


def test_dynamodb_normalised_numbers_still_read() -> None:
    # DynamoDB returns 5.0 as "5": a whole-number rating comes back as an int.
    item = {**Artist("art_1", "J", T0, T0, rating=5.0).to_item()}
    back = _through_dynamodb({**item, "rating": 5})
    assert Artist.from_item(back).rating == 5.0


def test_artist_item_with_wrong_key_or_type_is_rejected() -> None:
    item = full_artist().to_item()
    with pytest.raises(ValidationError) as caught:
        Artist.from_item({**item, "PK": "ARTIST#someone_else", "type": "studio"})
    assert caught.value.fields == ["type", "PK"]


@HEAVY
@given(raw_artists())
def test_any_valid_artist_round_trips_through_dynamodb_json(raw: dict[str, Any]) -> None:
    artist = validate_artist(raw)
    item = artist.to_item()
    assert Artist.from_item(_through_dynamodb(item)) == artist
    assert Artist.from_item(item).to_item() == item
    assert validate_artist(item) == artist  # validation is idempotent on its own output


@HEAVY
@given(raw_artists())
def test_search_document_and_api_agree_with_the_item(raw: dict[str, Any]) -> None:
    artist = validate_artist(raw)
    doc = artist.to_search_document()
    hit = Artist.from_search_document(doc)
    assert hit.to_search_document() == doc
    assert hit.to_api(summary=True) == artist.to_api(summary=True)
    # The API's fast path shapes a contract-checked document directly: the same summary, in the
    # same key order (the reply's ETag is computed over its text).
    direct = summary_from_search_document(doc)
    assert list(direct.items()) == list(artist.to_api(summary=True).items())


def test_studio_round_trip_and_item() -> None:
    studio = validate_studio(
        {
            "studioId": "stu_1",
            "name": " Ink  House ",
            "placeId": "ChIJN1t_tDeuEmsRUsoyG83frY4",
            "address": "1 High St, Leeds",
            "postcode": "ls14ap",
            "city": "Leeds",
            "latitude": 53.8,
            "longitude": -1.55,
            "website": "InkHouse.example",
            "phone": "0113 496 0000",
            "rating": 4.5,
            "reviewCount": 10,
            "runId": "run-1",
            "createdAt": T0,
            "updatedAt": T0,
        }
    )
    item = studio.to_item()
    assert item["PK"] == "STUDIO#stu_1" and item["type"] == "studio" and item["name"] == "Ink House"
    assert item["website"] == "https://inkhouse.example/" and item["postcode"] == "LS1 4AP"
    assert item["geohash"] == studio.geohash
    assert Studio.from_item(_through_dynamodb(item)) == studio
    assert studio.to_info().studio_name == "Ink House"


def test_link_round_trip() -> None:
    link = StudioArtistLink("stu_1", "art_1", T0)
    item = link.to_item()
    assert item == {
        "PK": "STUDIO#stu_1",
        "SK": "ARTIST#art_1",
        "type": "studio_artist",
        "studioId": "stu_1",
        "artistId": "art_1",
        "createdAt": T0,
    }
    assert StudioArtistLink.from_item(_through_dynamodb(item)) == link
    with pytest.raises(ValidationError):
        StudioArtistLink.from_item({**item, "SK": "ARTIST#art_2"})


def test_candidate_payload_and_identity() -> None:
    candidate = validate_candidate(
        {
            "sourceUrl": "https://ink.example/artists",
            "confidence": 0.95,
            "studioId": "stu_1",
            "instagramHandle": "@Jane.Ink",
            "styles": ["trad"],
        }
    )
    assert candidate.identity_key == "ig:jane.ink"
    # A handle alone names no page to render: Instagram is never scraped.
    assert candidate.page_to_scrape == "https://ink.example/artists"
    assert ArtistCandidate.from_dict(candidate.to_dict()) == candidate
    named = ArtistCandidate("https://ink.example/artists", 0.5, "stu_1", name="Jane")
    assert named.page_to_scrape == "https://ink.example/artists"
    assert named.identity_key == "name:jane@stu_1"


@PROPERTY
@given(raw_candidates())
def test_candidates_round_trip_through_a_scrape_candidate_item_and_a_job(
    raw: dict[str, Any],
) -> None:
    candidate = validate_candidate(raw)
    assert ArtistCandidate.from_dict(candidate.to_dict()) == candidate
    stored = ScrapeCandidate.from_candidate(
        candidate, run_id="run-1", created_at=T0, priority=7, expires_at=1
    )
    item = stored.to_item()
    assert item["SK"] == f"CANDIDATE#{candidate.identity_key}"
    # One name for the page to scrape, in the item as in the job (issue 16).
    assert item["pageUrl"] == candidate.page_to_scrape and "profileUrl" not in item
    assert ScrapeCandidate.from_item(_through_dynamodb(item)) == stored
    # An item written before names it `profileUrl`: it still reads as the same candidate.
    legacy = {("profileUrl" if k == "pageUrl" else k): v for k, v in item.items()}
    assert ScrapeCandidate.from_item(_through_dynamodb(legacy)) == stored
    job = ScrapeJob.from_scrape_candidate(stored, queued_at=T1, priority=7)
    assert parse_scrape_job(job.to_message()) == job
    assert job.identity_key == identity_key(
        instagram_handle=candidate.instagram_handle,
        website=candidate.profile_url,
        name=candidate.name,
        studio_id=candidate.studio_id,
    )


def test_run_summary_round_trip() -> None:
    summary = RunSummary(
        "run-1",
        T0,
        T1,
        status="succeeded",
        studios=3,
        queued=2,
        failures={"timeout": 1, "robots-denied": 2},
    )
    item = summary.to_item()
    assert item["PK"] == "RUN#run-1" and item["SK"] == "SUMMARY"
    assert RunSummary.from_item(_through_dynamodb(item)) == summary
    with pytest.raises(ValidationError) as caught:
        RunSummary.from_item({**item, "failures": {"Bad Reason": 1, "ok": -1}, "status": "done"})
    assert caught.value.fields == ["status", "failures.Bad Reason", "failures.ok"]


@PROPERTY
@given(removal_bodies)
def test_removal_requests_round_trip_without_the_raw_handle(body: dict[str, Any]) -> None:
    request = validate_removal_request(body, request_id="rem_1", received_at=NOW)
    item = request.to_item()
    assert "instagramHandle" not in item and "some.artist" not in str(item).lower()
    assert RemovalRequest.from_item(_through_dynamodb(item)) == request
    assert item["createdAt"] == "2026-11-28T12:00:00.000Z"


def test_denylist_entry_round_trip() -> None:
    entry = DenylistEntry("a" * 64, "opt-out", T0, artist_id="art_1", request_id="rem_1")
    item = entry.to_item()
    assert item["PK"] == "DENYLIST#" + "a" * 64
    assert DenylistEntry.from_item(_through_dynamodb(item)) == entry


def test_denylist_and_removal_items_name_the_identity_key_hash() -> None:
    # The hash is of the identity key (`ig:`, `web:`, `name:`), not of a handle (issue 16).
    entry = DenylistEntry("a" * 64, "opt-out", T0, request_id="rem_1")
    request = RemovalRequest(
        "rem_1", "opt-out", "a@example.com", T0, T0, identity_key_hash="a" * 64
    )
    for item in (entry.to_item(), request.to_item()):
        assert item["identityKeyHash"] == "a" * 64 and "handleHash" not in item


def test_items_written_under_handle_hash_read_as_the_same_entry() -> None:
    # Denylist items are permanent: one written before the rename must still deny.
    entry = DenylistEntry("a" * 64, "opt-out", T0, artist_id="art_1", request_id="rem_1")
    request = RemovalRequest(
        "rem_1", "opt-out", "a@example.com", T0, T0, identity_key_hash="b" * 64
    )
    for model, schema in ((entry, "denylist-item"), (request, "removal-request-item")):
        item = model.to_item()
        legacy = {("handleHash" if k == "identityKeyHash" else k): v for k, v in item.items()}
        assert type(model).from_item(_through_dynamodb(legacy)) == model
        contracts.validate(schema, legacy)


def test_parse_item_dispatches_on_the_key() -> None:
    assert parse_item(full_artist().to_item()) == full_artist()
    assert parse_item({"PK": "LOCK#x", "SK": "LOCK"}).__class__.__name__ == "LockKey"
    with pytest.raises(ValidationError):
        parse_item({"PK": "NOPE#1", "SK": "X"})
    with pytest.raises(ValidationError):
        parse_item("not an item")  # type: ignore[arg-type]


def test_format_timestamp() -> None:
    moment = datetime(2026, 1, 31, 10, 30, 0, 123456, tzinfo=timezone(timedelta(hours=1)))
    assert format_timestamp(moment) == "2026-01-31T09:30:00.123Z"
    assert format_timestamp(datetime(2026, 1, 1, tzinfo=UTC)) == "2026-01-01T00:00:00.000Z"
    with pytest.raises(ValueError, match="timezone-aware"):
        format_timestamp(datetime(2026, 1, 1))


def test_checked_normalises_an_artist_built_field_by_field() -> None:
    built = Artist(
        "art_1",
        "  Jane   Doe ",
        T0,
        T0,
        styles=("fine line", "trad"),
        instagram_handle="@Jane.Ink",
        contact_info=ContactInfo(phone="0113 496 0000"),
    )
    checked = built.checked()
    assert checked.name == "Jane Doe"
    assert checked.styles == ("linework", "traditional")
    assert checked.instagram_handle == "jane.ink"
    assert checked.contact_info == ContactInfo(phone="+441134960000")
    assert checked.checked() == checked


def test_checked_lists_every_problem_of_a_bad_artist() -> None:
    bad = Artist("a#1", "", "today", T0, latitude=95.0, longitude=0.0, bio="x" * 2001)
    with pytest.raises(ValidationError) as caught:
        bad.checked()
    assert set(caught.value.fields) == {"artistId", "artistName", "createdAt", "bio", "latitude"}


def test_checked_studio() -> None:
    studio = Studio("stu_1", " Ink ", "place_1", T0, T0, postcode="ls14ap", website="Ink.example")
    assert studio.checked() == replace(
        studio, name="Ink", postcode="LS1 4AP", website="https://ink.example/"
    )
    with pytest.raises(ValidationError):
        replace(studio, place_id="bad id").checked()


@PROPERTY
@given(raw_studios())
def test_any_valid_studio_round_trips_through_dynamodb_json(raw: dict[str, Any]) -> None:
    studio = validate_studio(raw)
    assert Studio.from_item(_through_dynamodb(studio.to_item())) == studio
    assert studio.checked() == studio
