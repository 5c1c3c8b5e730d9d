"""The directory's models, one module per aggregate, re-exported here for their many callers:
artist (artist.py), studio (studio.py), pipeline run and jobs (pipeline.py), removal
(removal.py); the stored form of a moment in values.py.

Every model converts to a plain-JSON DynamoDB item with `to_item()` (PK, SK, `type`, GSI keys,
attribute names as contracts/schemas/*-item.schema.json) and back with `from_item()`, which
checks everything and raises one ValidationError listing every problem. Absent optional values
are left out of items (never stored as NULL), so GSIs stay sparse."""

from compute.domain.artist import (
    Artist,
    Availability,
    ContactInfo,
    Experience,
    PortfolioImage,
    Pricing,
    StudioInfo,
    summary_from_search_document,
)
from compute.domain.pipeline import (
    CANDIDATE_STATUSES,
    RUN_STATUSES,
    ArtistCandidate,
    CandidateStatus,
    PageProfile,
    RosterJob,
    RunStatus,
    RunSummary,
    ScrapeCandidate,
    ScrapeJob,
)
from compute.domain.removal import (
    REMOVAL_REASONS,
    REMOVAL_STATUSES,
    DenylistEntry,
    RemovalBody,
    RemovalReason,
    RemovalRequest,
    RemovalStatus,
)
from compute.domain.studio import Studio, StudioArtistLink
from compute.domain.values import (
    GEOHASH_PRECISION,
    JsonObject,
    format_timestamp,
    parse_timestamp,
)

__all__ = [
    "CANDIDATE_STATUSES",
    "GEOHASH_PRECISION",
    "REMOVAL_REASONS",
    "REMOVAL_STATUSES",
    "RUN_STATUSES",
    "Artist",
    "ArtistCandidate",
    "Availability",
    "CandidateStatus",
    "ContactInfo",
    "DenylistEntry",
    "Experience",
    "JsonObject",
    "PageProfile",
    "PortfolioImage",
    "Pricing",
    "RemovalBody",
    "RemovalReason",
    "RemovalRequest",
    "RemovalStatus",
    "RosterJob",
    "RunStatus",
    "RunSummary",
    "ScrapeCandidate",
    "ScrapeJob",
    "Studio",
    "StudioArtistLink",
    "StudioInfo",
    "format_timestamp",
    "parse_timestamp",
    "summary_from_search_document",
]
