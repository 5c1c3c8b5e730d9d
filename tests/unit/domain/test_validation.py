from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compute.domain import artist, pipeline, removal, studio, validation
from compute.domain.denylist import handle_identity_key_hash
from compute.domain.errors import ValidationError
from compute.domain.models import Artist

from .strategies import NOW, PROPERTY, json_objects_with, raw_artists

T0 = "2026-01-31T09:30:00.000Z"


def _problems(validate: Callable[[Any], object], data: Any) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        validate(data)
    return {p.field: p.message for p in caught.value.problems}


def test_artist_reports_every_problem_at_once_with_field_names() -> None:
    problems = _problems(
        validation.validate_artist,
        {
            "artistId": "has space",
            "artistName": "",
            "createdAt": "yesterday",
            "instagramHandle": "a..b",
            "latitude": 51.5,
            "styles": ["realism", "cubism"],
            "rating": 7,
            "reviewCount": -1,
            "version": 0,
            "opted_out": "no",
            "portfolioImages": [{"url": "https://x.example/1.jpg"}, {"url": "not a url"}, "x"],
            "contactInfo": {"email": "nope", "phone": "123", "fax": "1"},
            "studioInfo": {"studioName": "Ink"},
            "pricing": {"currency": "pounds", "hourlyRate": -5},
            "availability": {"nextAvailable": "2026-02-30"},
            "experience": {"yearsActive": 81},
            "colour": "red",
        },
    )
    assert set(problems) == {
        "colour",
        "artistId",
        "artistName",
        "createdAt",
        "updatedAt",
        "instagramHandle",
        "longitude",
        "styles[1]",
        "rating",
        "reviewCount",
        "version",
        "opted_out",
        "portfolioImages[1].url",
        "portfolioImages[2]",
        "contactInfo.fax",
        "contactInfo.email",
        "contactInfo.phone",
        "studioInfo.studioId",
        "pricing.currency",
        "pricing.hourlyRate",
        "availability.bookingOpen",
        "availability.nextAvailable",
        "experience.yearsActive",
    }
    assert problems["updatedAt"] == "is required"
    assert "consecutive periods" in problems["instagramHandle"]
    assert problems["longitude"] == "latitude and longitude go together"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("artistName", 5, "must be a string, not a number"),
        ("artistName", "x" * 201, "at most 200"),
        ("bio", "x" * 2001, "at most 2000"),
        ("rating", True, "must be a number"),
        ("rating", float("nan"), "from 0 to 5"),
        ("reviewCount", 1.5, "whole number"),
        ("styles", "realism", "must be a list"),
        ("styles", ["realism"] * 45, "at most 44"),
        ("specialties", [""], "non-empty string"),
        ("specialties", ["x" * 101], "at most 100"),
        ("portfolioImages", [{"url": "https://x/1", "tags": "x"}], "must be a list"),
        ("portfolioImages", [{"url": "https://x/1", "style": "cubism"}], "must be one of"),
        ("contactInfo", "x", "must be an object"),
        ("scrapedAt", "2026-13-01T00:00:00Z", "RFC 3339"),
        ("scrapedAt", "2026-01-01T00:00:00+25:00", "RFC 3339"),
        ("scrapedAt", 5, "must be a string"),
        ("latitude", 95, "from -90 to 90"),
        ("availability", {"bookingOpen": True, "nextAvailable": "next week"}, "a date such as"),
    ],
)
def test_one_bad_field(field: str, value: Any, message: str) -> None:
    data = {"artistId": "art_1", "artistName": "J", "createdAt": T0, "updatedAt": T0, field: value}
    if field == "latitude":
        data["longitude"] = 0
    problems = _problems(validation.validate_artist, data)
    assert any(message in text for text in problems.values()), problems


def test_optional_blank_strings_count_as_absent() -> None:
    artist = validation.validate_artist(
        {
            "artistId": "art_1",
            "artistName": "J",
            "createdAt": T0,
            "updatedAt": T0,
            "bio": "   ",
            "instagramHandle": "",
            "locationDisplay": " ",
            "contactInfo": {"website": " "},
        }
    )
    assert artist.bio is None and artist.instagram_handle is None
    assert artist.location_display is None and artist.contact_info is not None
    assert artist.contact_info.website is None


@pytest.mark.parametrize("data", [None, "artist", 5, ["artistId"]])
def test_artist_must_be_an_object(data: Any) -> None:
    assert list(_problems(validation.validate_artist, data)) == ["artist"]


def test_candidate_needs_someone_to_name() -> None:
    problems = _problems(
        validation.validate_candidate,
        {"sourceUrl": "https://x.example", "confidence": 1.5, "studioId": "s", "extra": 1},
    )
    assert set(problems) == {"extra", "confidence", "name"}


def test_candidate_with_a_malformed_handle_reports_it() -> None:
    problems = _problems(
        validation.validate_candidate,
        {
            "sourceUrl": "https://x.example",
            "confidence": 1,
            "studioId": "s",
            "instagramHandle": "a b",
        },
    )
    assert list(problems) == ["instagramHandle"]


def test_removal_request_by_handle_keeps_only_its_hash() -> None:
    request = validation.validate_removal_request(
        {
            "instagramHandle": "@Jane.Ink",
            "reason": "opt-out",
            "contactEmail": " Jane@Example.COM ",
            "message": "  Please remove me. ",
        },
        request_id="rem_1",
        received_at=NOW,
        idempotency_key="key-12345678",
    )
    assert request.request_id == "rem_1"
    assert request.identity_key_hash == handle_identity_key_hash("jane.ink")
    assert request.instagram_handle == "jane.ink"  # for the look-up only
    assert request.contact_email == "Jane@example.com"
    assert request.message == "Please remove me."
    assert request.status == "pending"
    assert request.created_at == request.updated_at == "2026-11-28T12:00:00.000Z"
    assert "jane.ink" not in str(request.to_item())


def test_a_new_request_id_is_fresh_and_well_formed() -> None:
    first, second = validation.new_request_id(), validation.new_request_id()
    assert re.fullmatch(r"rem_[0-9a-f]{32}", first) and first != second


def test_a_removal_body_is_checked_without_a_clock_or_an_id() -> None:
    body = validation.parse_removal_body(
        {"artistId": "art_1", "reason": "other", "contactEmail": "a@b.co"}
    )
    assert body.artist_id == "art_1" and body.instagram_handle is None
    request = body.accepted(request_id="rem_2", received_at=NOW)
    assert request.request_id == "rem_2" and request.identity_key_hash is None
    assert request.created_at == "2026-11-28T12:00:00.000Z"


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"reason": "other", "contactEmail": "a@b.co"}, ["artistId"]),
        ({"artistId": "art_1", "reason": "bored", "contactEmail": "a@b.co"}, ["reason"]),
        ({"artistId": "art_1", "reason": "other"}, ["contactEmail"]),
        ({"artistId": "art_1", "reason": "other", "contactEmail": "nope"}, ["contactEmail"]),
        (
            {
                "artistId": "art_1",
                "reason": "other",
                "contactEmail": "a@b.co",
                "message": "x" * 2001,
            },
            ["message"],
        ),
        ({"artistId": "a#1", "reason": "other", "contactEmail": "a@b.co"}, ["artistId"]),
        (
            {"instagramHandle": "explore", "reason": "other", "contactEmail": "a@b.co"},
            ["instagramHandle"],
        ),
        (
            {"artistId": "art_1", "reason": "other", "contactEmail": "a@b.co", "phone": "1"},
            ["phone"],
        ),
        ({}, ["artistId", "reason", "contactEmail"]),
    ],
)
def test_removal_request_problems(body: dict[str, Any], fields: list[str]) -> None:
    with pytest.raises(ValidationError) as caught:
        validation.validate_removal_request(body, request_id="rem_1", received_at=NOW)
    assert caught.value.fields == fields


def test_removal_request_rejects_a_bad_idempotency_key() -> None:
    with pytest.raises(ValidationError) as caught:
        validation.parse_removal_body(
            {"artistId": "art_1", "reason": "other", "contactEmail": "a@b.co"},
            idempotency_key="short",
        )
    assert caught.value.fields == ["Idempotency-Key"]


def test_removal_request_item_needs_artist_or_hash() -> None:
    item = validation.validate_removal_request(
        {"artistId": "art_1", "reason": "other", "contactEmail": "a@b.co"},
        request_id="r",
        received_at=NOW,
    ).to_item()
    del item["artistId"]
    with pytest.raises(ValidationError) as caught:
        validation.parse_removal_request_item(item)
    assert caught.value.fields == ["artistId"]


def test_scrape_job_message_problems() -> None:
    problems = _problems(
        validation.parse_scrape_job,
        {
            "jobId": "j",
            "runId": "r",
            "queuedAt": T0,
            "priority": 11,
            "kind": "profile",
            "artist": {"identityKey": "a#b"},
        },
    )
    assert set(problems) == {
        "priority",
        "studioId",
        "pageUrl",
        "artist.identityKey",
        "artist.confidence",
    }
    # Without a kind it is the earlier profile job: the page and studio sit in `artist`.
    assert set(_problems(validation.parse_scrape_job, {})) == {
        "jobId",
        "runId",
        "queuedAt",
        "priority",
        "artist",
    }
    assert set(_problems(validation.parse_scrape_job, {"kind": "roster", "artist": {}})) == {
        "jobId",
        "runId",
        "queuedAt",
        "priority",
        "studioId",
        "pageUrl",
        "artist",
    }


# --- arbitrary input only ever raises ValidationError -------------------------------------

ARTIST_FIELDS = (*sorted(artist.ARTIST_FIELDS), "PK", "SK", "type")
VALIDATORS: dict[str, tuple[Callable[[Any], object], tuple[str, ...]]] = {
    "artist": (validation.validate_artist, ARTIST_FIELDS),
    "search_document": (
        Artist.from_search_document,
        tuple(sorted(artist.SEARCH_DOCUMENT_FIELDS)),
    ),
    "studio": (validation.validate_studio, tuple(sorted(studio.STUDIO_FIELDS))),
    "candidate": (validation.validate_candidate, tuple(sorted(pipeline.CANDIDATE_FIELDS))),
    "scrape_candidate": (
        validation.parse_scrape_candidate_item,
        tuple(sorted(pipeline.SCRAPE_CANDIDATE_FIELDS)),
    ),
    "scrape_job": (
        validation.parse_scrape_job,
        ("jobId", "runId", "queuedAt", "priority", "kind", "studioId", "pageUrl", "artist"),
    ),
    "removal": (
        lambda body: validation.validate_removal_request(body, request_id="r", received_at=NOW),
        tuple(sorted(removal.REMOVAL_BODY_FIELDS)),
    ),
    "removal_item": (
        validation.parse_removal_request_item,
        (
            "requestId",
            "status",
            "reason",
            "artistId",
            "identityKeyHash",
            "contactEmail",
            "createdAt",
        ),
    ),
    "denylist": (
        validation.parse_denylist_item,
        ("identityKeyHash", "reason", "createdAt", "artistId"),
    ),
    "run": (validation.parse_run_item, ("runId", "startedAt", "updatedAt", "failures", "queued")),
    "link": (
        validation.parse_studio_artist_item,
        ("studioId", "artistId", "createdAt", "PK", "SK"),
    ),
    "item": (validation.parse_item, ("PK", "SK", "type", "artistId")),
}


@pytest.mark.parametrize("name", sorted(VALIDATORS))
def test_validators_only_raise_validation_error_on_arbitrary_input(name: str) -> None:
    validate, fields = VALIDATORS[name]

    @PROPERTY
    @given(json_objects_with(fields) | st.none() | st.integers() | st.text(max_size=5))
    def check(data: Any) -> None:
        try:
            validate(data)
        except ValidationError as error:
            assert error.problems

    check()


@PROPERTY
@given(
    raw_artists(),
    st.sampled_from(sorted(artist.ARTIST_FIELDS)),
    st.none()
    | st.integers()
    | st.text(max_size=5)
    | st.lists(st.integers(), max_size=2)
    | st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
def test_corrupting_one_field_of_a_valid_artist_blames_that_field(
    raw: dict[str, Any], field: str, value: Any
) -> None:
    corrupted = {**raw, field: value}
    try:
        validation.validate_artist(corrupted)
    except ValidationError as error:
        blamed = {p.field.split(".")[0].split("[")[0] for p in error.problems}
        # A lone coordinate is reported against its partner.
        assert blamed <= {field, "latitude", "longitude"}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("artistName", "\u0301\u0302", "must contain letters or digits"),
        ("artistName", "\ufdfa" * 12, "once normalised"),  # one character, 18 once decomposed
        ("createdAt", "2026-02-30T00:00:00Z", "RFC 3339"),
    ],
)
def test_names_and_times_checked_beyond_their_shape(field: str, value: str, message: str) -> None:
    data = {"artistId": "art_1", "artistName": "J", "createdAt": T0, "updatedAt": T0, field: value}
    problems = _problems(validation.validate_artist, data)
    assert message in problems[field]


def test_currency_must_be_an_iso_code() -> None:
    data = {
        "artistId": "art_1",
        "artistName": "J",
        "createdAt": T0,
        "updatedAt": T0,
        "pricing": {"currency": "gbp"},
    }
    assert "ISO 4217" in _problems(validation.validate_artist, data)["pricing.currency"]


def test_candidate_whose_name_folds_to_nothing_names_no_one() -> None:
    problems = _problems(
        validation.validate_candidate,
        {"sourceUrl": "https://x.example", "confidence": 1, "studioId": "s", "name": "\u0301"},
    )
    assert list(problems) == ["candidate.name"]


def test_removal_item_checks_its_idempotency_key() -> None:
    item = validation.validate_removal_request(
        {"artistId": "art_1", "reason": "other", "contactEmail": "a@b.co"},
        request_id="r",
        received_at=NOW,
        idempotency_key="key-12345678",
    ).to_item()
    assert validation.parse_removal_request_item(item).idempotency_key == "key-12345678"
    problems = _problems(validation.parse_removal_request_item, {**item, "idempotencyKey": "x"})
    assert list(problems) == ["idempotencyKey"]


@pytest.mark.parametrize(
    ("given_time", "stored"),
    [
        ("2026-01-31T09:30:00Z", "2026-01-31T09:30:00.000Z"),
        ("2026-01-31T10:30:00.123456789+01:00", "2026-01-31T09:30:00.123Z"),
        ("2026-01-31T00:30:00-09:00", "2026-01-31T09:30:00.000Z"),
        ("2026-01-31T09:30:00.5Z", "2026-01-31T09:30:00.500Z"),
    ],
)
def test_times_are_stored_in_one_sortable_form(given_time: str, stored: str) -> None:
    data = {"artistId": "a", "artistName": "J", "createdAt": given_time, "updatedAt": T0}
    assert validation.validate_artist(data).created_at == stored


@pytest.mark.parametrize(
    "bad",
    [
        "2026-01-31 09:30:00Z",
        "2026-01-31T09:30:00",
        "2026-01-31T24:00:00Z",
        "0001-01-01T00:00:00+01:00",
    ],
)
def test_times_that_name_no_moment(bad: str) -> None:
    data = {"artistId": "a", "artistName": "J", "createdAt": bad, "updatedAt": T0}
    assert list(_problems(validation.validate_artist, data)) == ["createdAt"]
