"""What the domain builds satisfies the shared contracts (contracts/schemas), so writers,
readers, the sync Lambda and the API agree on every item, message and document. Reads the
schema files once (local files; no servers)."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from hypothesis import given

from compute import contracts
from compute.domain import styles
from compute.domain.models import (
    REMOVAL_REASONS,
    DenylistEntry,
    RunSummary,
    ScrapeCandidate,
    ScrapeJob,
    StudioArtistLink,
)
from compute.domain.validation import (
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


def _defs() -> dict[str, Any]:
    defs: dict[str, Any] = contracts.schema("common")["$defs"]
    return defs


def test_vocabularies_match_the_contract() -> None:
    assert tuple(_defs()["style"]["enum"]) == styles.VOCABULARY
    assert tuple(_defs()["removalReason"]["enum"]) == REMOVAL_REASONS


@HEAVY
@given(raw_artists())
def test_artist_item_and_search_document_match_their_schemas(raw: dict[str, Any]) -> None:
    artist = validate_artist(raw)
    contracts.validate("artist-item", artist.to_item())
    contracts.validate("search-document", artist.to_search_document())


@PROPERTY
@given(raw_candidates())
def test_candidate_payloads_items_and_jobs_match_their_schemas(raw: dict[str, Any]) -> None:
    candidate = validate_candidate(raw)
    contracts.validate(
        "find-artists-output",
        {"runId": "run-1", "studioId": candidate.studio_id, "candidates": [candidate.to_dict()]},
    )
    stored = ScrapeCandidate.from_candidate(candidate, run_id="run-1", created_at=T0, priority=6)
    contracts.validate("scrape-candidate-item", stored.to_item())
    job = ScrapeJob.from_scrape_candidate(stored, queued_at=T0, priority=6)
    contracts.validate("scrape-job", job.to_message())


@PROPERTY
@given(removal_bodies)
def test_removal_bodies_and_items_match_their_schemas(body: dict[str, Any]) -> None:
    contracts.validate("removal-request", body)
    request = validate_removal_request(body, request_id="rem_1", received_at=NOW)
    contracts.validate("removal-request-item", request.to_item())


@pytest.mark.parametrize(
    "build",
    [
        lambda: (
            "studio-item",
            validate_studio(
                {
                    "studioId": "stu_1",
                    "name": "Ink House",
                    "placeId": "ChIJN1t_tDeuEmsRUsoyG83frY4",
                    "postcode": "ls14ap",
                    "latitude": 53.8,
                    "longitude": -1.55,
                    "website": "inkhouse.example",
                    "phone": "0113 496 0000",
                    "createdAt": T0,
                    "updatedAt": T0,
                }
            ).to_item(),
        ),
        lambda: ("studio-artist-item", StudioArtistLink("stu_1", "art_1", T0, T0).to_item()),
        lambda: (
            "denylist-item",
            DenylistEntry("f" * 64, "opt-out", T0, "art_1", "rem_1").to_item(),
        ),
        lambda: (
            "run-item",
            RunSummary("run-1", T0, T0, "succeeded", 3, 2, 2, 2, 0, {"timeout": 1}, T0).to_item(),
        ),
    ],
)
def test_other_items_match_their_schemas(build: Any) -> None:
    name, item = build()
    contracts.validate(name, item)


@cache
def _openapi_validator(component: str) -> Any:
    from jsonschema import Draft202012Validator

    document = contracts.openapi()
    return Draft202012Validator(
        {"$ref": f"#/components/schemas/{component}", "components": document["components"]}
    )


@HEAVY
@given(raw_artists())
def test_api_shapes_match_the_openapi_document(raw: dict[str, Any]) -> None:
    artist = validate_artist(raw)
    _openapi_validator("Artist").validate(artist.to_api())
    _openapi_validator("ArtistSummary").validate(artist.to_api(summary=True, distance_km=1.5))


@PROPERTY
@given(raw_studios())
def test_studio_items_match_their_schema(raw: dict[str, Any]) -> None:
    contracts.validate("studio-item", validate_studio(raw).to_item())
