"""The pipeline aggregate: one aggregation run (its counters), the artist candidates found on
studio sites, the scrape candidates a run keeps and the scrape jobs it queues, and the parsers
that check them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal
from urllib.parse import urlsplit

from compute.domain import keys, normalise
from compute.domain.errors import Problems, ValidationError
from compute.domain.fields import MAX_NAME, Fields, check_item_identity, require_mapping, url
from compute.domain.identity import identity_key, job_id_for
from compute.domain.values import JsonObject, put

CandidateStatus = Literal["pending", "queued"]
CANDIDATE_STATUSES: tuple[CandidateStatus, ...] = ("pending", "queued")
RunStatus = Literal["running", "succeeded", "failed"]
RUN_STATUSES: tuple[RunStatus, ...] = ("running", "succeeded", "failed")
# Pages we never render: Instagram forbids scraping and answers bots with a login wall.
UNSCRAPABLE_HOSTS = ("instagram.com", "www.instagram.com", "m.instagram.com", "instagr.am")
_REASON_KEY = re.compile(r"[a-z][a-z0-9_-]{0,63}")
# A page profile's bounds: those of extraction.profile (MAX_BIO_CHARS, MAX_PORTFOLIO_IMAGES).
MAX_PROFILE_BIO = 2000
MAX_PROFILE_IMAGES = 50
MAX_PROFILE_URL = 2048


@dataclass(frozen=True, slots=True)
class PageProfile:
    """What a page already read says about one artist (extraction.profile's ArtistProfile, as
    data): find-artists reads it from the page the artist's profile job would read, and it
    travels with the candidate, the scrape candidate and the job, so the scraper does not
    fetch that page again. Absent, the scraper reads the page itself."""

    page_url: str
    own_page: bool
    name: str | None = None
    instagram_handle: str | None = None
    bio: str | None = None
    styles: tuple[str, ...] = ()
    portfolio_images: tuple[str, ...] = ()
    avatar: str | None = None
    email: str | None = None

    def to_dict(self) -> JsonObject:
        out: JsonObject = {"pageUrl": self.page_url, "ownPage": self.own_page}
        put(out, "name", self.name)
        put(out, "instagramHandle", self.instagram_handle)
        put(out, "bio", self.bio)
        put(out, "styles", list(self.styles))
        put(out, "portfolioImages", list(self.portfolio_images))
        put(out, "avatar", self.avatar)
        put(out, "email", self.email)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PageProfile:
        data = require_mapping(data, "profile")
        problems = Problems()
        profile = _page_profile(Fields(data, problems, "profile"))
        problems.raise_if_any()
        return profile


@dataclass(frozen=True, slots=True)
class ArtistCandidate:
    """An artist found on a studio website, before scraping (the `artistCandidate` payload of
    FindArtists and ValidateArtists). Names at least one of name, handle or profile URL."""

    source_url: str
    confidence: float
    studio_id: str
    name: str | None = None
    instagram_handle: str | None = None
    profile_url: str | None = None
    styles: tuple[str, ...] = ()
    profile: PageProfile | None = None  # what the page to scrape said, when already read

    @property
    def identity_key(self) -> str:

        return identity_key(
            instagram_handle=self.instagram_handle,
            website=self.profile_url,
            name=self.name,
            studio_id=self.studio_id,
        )

    @property
    def page_to_scrape(self) -> str:
        """The page a scraper renders: the artist's own page on the studio site, else the studio
        page that lists them (never an Instagram profile)."""
        if self.profile_url:
            host = (urlsplit(self.profile_url).hostname or "").lower()
            if host not in UNSCRAPABLE_HOSTS:
                return self.profile_url
        return self.source_url

    def to_dict(self) -> JsonObject:
        out: JsonObject = {
            "sourceUrl": self.source_url,
            "confidence": self.confidence,
            "studioId": self.studio_id,
        }
        put(out, "name", self.name)
        put(out, "instagramHandle", self.instagram_handle)
        put(out, "profileUrl", self.profile_url)
        put(out, "styles", list(self.styles))
        if self.profile is not None:
            out["profile"] = self.profile.to_dict()
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ArtistCandidate:

        return validate_candidate(data)


@dataclass(frozen=True, slots=True)
class ScrapeCandidate:
    """A validated candidate of one pipeline run, stored once per identity (the SK
    de-duplicates the same artist found at several studios). `page_url` is the page to scrape
    (`ArtistCandidate.page_to_scrape`), as in the scrape job it becomes."""

    run_id: str
    identity_key: str
    studio_id: str
    page_url: str
    source_url: str
    confidence: float
    created_at: str
    name: str | None = None
    instagram_handle: str | None = None
    styles: tuple[str, ...] = ()
    priority: int | None = None
    status: CandidateStatus = "pending"
    queued_at: str | None = None
    expires_at: int | None = None
    profile: PageProfile | None = None

    @classmethod
    def from_candidate(
        cls,
        candidate: ArtistCandidate,
        *,
        run_id: str,
        created_at: str,
        priority: int | None = None,
        expires_at: int | None = None,
    ) -> ScrapeCandidate:
        return cls(
            run_id=keys.check_id(run_id, "runId"),
            identity_key=candidate.identity_key,
            studio_id=candidate.studio_id,
            page_url=candidate.page_to_scrape,
            source_url=candidate.source_url,
            confidence=candidate.confidence,
            created_at=created_at,
            name=candidate.name,
            instagram_handle=candidate.instagram_handle,
            styles=candidate.styles,
            priority=priority,
            expires_at=expires_at,
            profile=candidate.profile,
        )

    def to_item(self) -> JsonObject:
        item: JsonObject = {
            **keys.scrape_candidate_key(self.run_id, self.identity_key),
            "type": "scrape_candidate",
            "runId": self.run_id,
            "identityKey": self.identity_key,
            "studioId": self.studio_id,
            "pageUrl": self.page_url,
            "sourceUrl": self.source_url,
            "confidence": self.confidence,
            "status": self.status,
            "createdAt": self.created_at,
        }
        put(item, "name", self.name)
        put(item, "instagramHandle", self.instagram_handle)
        put(item, "styles", list(self.styles))
        put(item, "priority", self.priority)
        put(item, "queuedAt", self.queued_at)
        put(item, "expiresAt", self.expires_at)
        if self.profile is not None:
            item["profile"] = self.profile.to_dict()
        return item

    @classmethod
    def from_item(cls, item: Mapping[str, Any]) -> ScrapeCandidate:

        return parse_scrape_candidate_item(item)


JobKind = Literal["profile", "roster"]
JOB_KINDS: tuple[JobKind, ...] = ("profile", "roster")
# A roster job goes before profile jobs: the profile jobs of the artists it finds follow it.
ROSTER_PRIORITY = 10


@dataclass(frozen=True, slots=True)
class ScrapeJob:
    """A profile job: one artist's page to render and extract (`page_url`: the artist's own page
    on the studio site, else the page that lists them). The body of a scrape-job message of
    kind `profile` (a message, not a table item, hence to_message)."""

    job_id: str
    run_id: str
    queued_at: str
    priority: int
    identity_key: str
    page_url: str
    studio_id: str
    confidence: float
    name: str | None = None
    instagram_handle: str | None = None
    profile: PageProfile | None = None  # the page already read: the scraper need not fetch it

    kind: ClassVar[JobKind] = "profile"

    @classmethod
    def from_scrape_candidate(
        cls, candidate: ScrapeCandidate, *, queued_at: str, priority: int
    ) -> ScrapeJob:

        return cls(
            job_id=job_id_for(candidate.run_id, candidate.identity_key),
            run_id=candidate.run_id,
            queued_at=queued_at,
            priority=priority,
            identity_key=candidate.identity_key,
            page_url=candidate.page_url,
            studio_id=candidate.studio_id,
            confidence=candidate.confidence,
            name=candidate.name,
            instagram_handle=candidate.instagram_handle,
            profile=candidate.profile,
        )

    def to_message(self) -> JsonObject:
        artist: JsonObject = {"identityKey": self.identity_key, "confidence": self.confidence}
        put(artist, "name", self.name)
        put(artist, "instagramHandle", self.instagram_handle)
        message: JsonObject = {
            "jobId": self.job_id,
            "runId": self.run_id,
            "queuedAt": self.queued_at,
            "priority": self.priority,
            "kind": self.kind,
            "studioId": self.studio_id,
            "pageUrl": self.page_url,
            "artist": artist,
        }
        if self.profile is not None:
            message["profile"] = self.profile.to_dict()
        return message


@dataclass(frozen=True, slots=True)
class RosterJob:
    """A roster job: a studio's site that only a browser can read (`page_url`, its home page),
    for a scraper to render and read as find-artists would. Kind `roster` on the wire."""

    job_id: str
    run_id: str
    queued_at: str
    studio_id: str
    page_url: str
    priority: int = ROSTER_PRIORITY

    kind: ClassVar[JobKind] = "roster"

    @classmethod
    def for_studio(cls, run_id: str, studio_id: str, page_url: str, *, queued_at: str) -> RosterJob:
        """The one roster job of a studio in a run (a retried step sends the same job id)."""
        return cls(
            job_id=job_id_for(run_id, f"roster:{studio_id}"),
            run_id=keys.check_id(run_id, "runId"),
            queued_at=queued_at,
            studio_id=studio_id,
            page_url=url(page_url),
        )

    def to_message(self) -> JsonObject:
        return {
            "jobId": self.job_id,
            "runId": self.run_id,
            "queuedAt": self.queued_at,
            "priority": self.priority,
            "kind": self.kind,
            "studioId": self.studio_id,
            "pageUrl": self.page_url,
        }


@dataclass(frozen=True, slots=True)
class RunSummary:
    """Counters of one pipeline run."""

    run_id: str
    started_at: str
    updated_at: str
    status: RunStatus = "running"
    studios: int = 0
    candidates_accepted: int = 0
    artists_written: int = 0
    queued: int = 0
    dead_lettered: int = 0
    failures: Mapping[str, int] = field(default_factory=dict)
    finished_at: str | None = None
    roster_studios: int = 0  # studios read by roster jobs (a browser was needed)
    roster_artists: int = 0  # scrape candidates those roster jobs added
    studios_rendered: int = 0  # studios with a page drawn in Chromium

    def to_item(self) -> JsonObject:
        item: JsonObject = {
            **keys.run_key(self.run_id),
            "type": "run",
            "runId": self.run_id,
            "status": self.status,
            "studios": self.studios,
            "candidatesAccepted": self.candidates_accepted,
            "artistsWritten": self.artists_written,
            "queued": self.queued,
            "deadLettered": self.dead_lettered,
            "rosterStudios": self.roster_studios,
            "rosterArtists": self.roster_artists,
            "studiosRendered": self.studios_rendered,
            "failures": dict(self.failures),
            "startedAt": self.started_at,
            "updatedAt": self.updated_at,
        }
        put(item, "finishedAt", self.finished_at)
        return item

    @classmethod
    def from_item(cls, item: Mapping[str, Any]) -> RunSummary:

        return parse_run_item(item)


# --- parsing -----------------------------------------------------------------------------

CANDIDATE_FIELDS = frozenset(
    {
        "name",
        "instagramHandle",
        "profileUrl",
        "sourceUrl",
        "confidence",
        "styles",
        "studioId",
        "profile",
    }
)
PROFILE_FIELDS = frozenset(
    {
        "pageUrl",
        "ownPage",
        "name",
        "instagramHandle",
        "bio",
        "styles",
        "portfolioImages",
        "avatar",
        "email",
    }
)


def _exact(value: str) -> str:
    return value  # a profile's text is stored as the page gave it: the scraper writes it so


def _urls(g: Fields, name: str) -> tuple[str, ...]:
    value = g.data.get(name)
    if value is None:
        return ()
    if not isinstance(value, list) or len(value) > MAX_PROFILE_IMAGES:
        g.add(name, f"must be a list of at most {MAX_PROFILE_IMAGES} URLs")
        return ()
    found: list[str] = []
    for index, entry in enumerate(value):
        if not isinstance(entry, str) or not entry or len(entry) > MAX_PROFILE_URL:
            g.add(f"{name}[{index}]", f"must be a URL of at most {MAX_PROFILE_URL} characters")
            continue
        found.append(entry)
    return tuple(found)


def _page_profile(g: Fields) -> PageProfile:
    """A page profile, values kept exactly as extracted (the scraper builds the artist from
    them as it would from the page); only their types and bounds are checked."""
    g.reject_unknown(PROFILE_FIELDS)
    return PageProfile(
        page_url=g.convert("pageUrl", url, required=True) or "",
        own_page=bool(g.boolean("ownPage", required=True)),
        name=g.text("name", max_length=MAX_NAME, clean=_exact),
        instagram_handle=g.convert("instagramHandle", normalise.instagram_handle),
        bio=g.text("bio", max_length=MAX_PROFILE_BIO, clean=_exact),
        styles=g.styles(),
        portfolio_images=_urls(g, "portfolioImages"),
        avatar=g.text("avatar", max_length=MAX_PROFILE_URL, clean=_exact),
        email=g.text("email", max_length=MAX_PROFILE_URL, clean=_exact),
    )


def _candidate_fields(f: Fields) -> dict[str, Any]:
    values: dict[str, Any] = {
        "source_url": f.convert("sourceUrl", url, required=True),
        "confidence": f.number("confidence", low=0, high=1, required=True),
        "studio_id": f.identifier("studioId", required=True),
        "name": f.text("name", max_length=MAX_NAME),
        "instagram_handle": f.convert("instagramHandle", normalise.instagram_handle),
        "profile_url": f.convert("profileUrl", url),
        "styles": f.styles(),
        "profile": f.nested("profile", _page_profile),
    }
    if not any(f.data.get(k) for k in ("name", "instagramHandle", "profileUrl")):
        f.add("name", "a candidate needs at least one of name, instagramHandle or profileUrl")
    return values


def validate_candidate(data: Mapping[str, Any]) -> ArtistCandidate:
    """An ArtistCandidate from the `artistCandidate` payload (FindArtists output)."""
    data = require_mapping(data, "candidate")
    problems = Problems()
    f = Fields(data, problems)
    f.reject_unknown(CANDIDATE_FIELDS)
    values = _candidate_fields(f)
    problems.raise_if_any()
    candidate = ArtistCandidate(**values)
    try:
        candidate.identity_key  # noqa: B018 - proves the candidate names someone
    except ValidationError as exc:
        raise ValidationError(p.under("candidate") for p in exc.problems) from None
    return candidate


# Items written before issue 16 named the page to scrape `profileUrl` (the artist's own page
# elsewhere); they expire 30 days after their run (CANDIDATE_TTL_S): drop this then.
LEGACY_CANDIDATE_PAGE = "profileUrl"
SCRAPE_CANDIDATE_FIELDS = frozenset(
    {
        "PK",
        "SK",
        "type",
        "runId",
        "identityKey",
        "studioId",
        "name",
        "instagramHandle",
        "pageUrl",
        LEGACY_CANDIDATE_PAGE,
        "sourceUrl",
        "confidence",
        "styles",
        "priority",
        "status",
        "queuedAt",
        "createdAt",
        "expiresAt",
        "profile",
    }
)


def parse_scrape_candidate_item(item: Mapping[str, Any]) -> ScrapeCandidate:
    item = require_mapping(item, "item")
    problems = Problems()
    f = Fields(item, problems)
    f.reject_unknown(SCRAPE_CANDIDATE_FIELDS)
    check_item_identity(
        f,
        "scrape_candidate",
        lambda: keys.scrape_candidate_key(item.get("runId"), item.get("identityKey")),  # type: ignore[arg-type]
    )
    legacy = "pageUrl" not in item and LEGACY_CANDIDATE_PAGE in item
    page_field = LEGACY_CANDIDATE_PAGE if legacy else "pageUrl"
    candidate = ScrapeCandidate(
        run_id=f.identifier("runId", required=True) or "",
        identity_key=f.convert("identityKey", keys.check_identity_key, required=True) or "",
        studio_id=f.identifier("studioId", required=True) or "",
        page_url=f.convert(page_field, url, required=True) or "",
        source_url=f.convert("sourceUrl", url, required=True) or "",
        confidence=f.number("confidence", low=0, high=1, required=True) or 0.0,
        created_at=f.timestamp("createdAt", required=True) or "",
        name=f.text("name", max_length=MAX_NAME),
        instagram_handle=f.convert("instagramHandle", normalise.instagram_handle),
        styles=f.styles(),
        priority=f.integer("priority", low=1, high=10),
        status=f.choice("status", CANDIDATE_STATUSES) or "pending",
        queued_at=f.timestamp("queuedAt"),
        expires_at=f.integer("expiresAt", low=0),
        profile=f.nested("profile", _page_profile),
    )
    problems.raise_if_any()
    return candidate


_JOB_HEAD = frozenset({"jobId", "runId", "queuedAt", "priority"})


def parse_scrape_job(message: Mapping[str, Any]) -> ScrapeJob | RosterJob:
    """The job in a scrape-job message body (already JSON-decoded), checked once, where it
    enters the scraper. A message without `kind` is a profile job as queued before jobs had
    a kind (the page to scrape was `artist.profileUrl`, the studio `artist.studioId`)."""
    message = require_mapping(message, "message")
    problems = Problems()
    f = Fields(message, problems)
    kind = f.choice("kind", JOB_KINDS)
    legacy = "kind" not in message
    if legacy:
        f.reject_unknown(_JOB_HEAD | {"artist"})
    elif kind == "roster":
        f.reject_unknown(_JOB_HEAD | {"kind", "studioId", "pageUrl"})
    else:
        f.reject_unknown(_JOB_HEAD | {"kind", "studioId", "pageUrl", "artist", "profile"})
    head: dict[str, Any] = {
        "job_id": f.identifier("jobId", required=True) or "",
        "run_id": f.identifier("runId", required=True) or "",
        "queued_at": f.timestamp("queuedAt", required=True) or "",
        "priority": f.integer("priority", low=1, high=10, required=True) or 1,
    }
    if not legacy:
        head["studio_id"] = f.identifier("studioId", required=True)
        head["page_url"] = f.convert("pageUrl", url, required=True)
    if kind == "roster":
        problems.raise_if_any()
        return RosterJob(**head)

    def artist(g: Fields) -> dict[str, Any]:
        page = {"profileUrl", "studioId"} if legacy else set()
        g.reject_unknown(frozenset({"identityKey", "name", "instagramHandle", "confidence", *page}))
        details = {
            "identity_key": g.convert("identityKey", keys.check_identity_key, required=True),
            "name": g.text("name", max_length=MAX_NAME),
            "instagram_handle": g.convert("instagramHandle", normalise.instagram_handle),
            "confidence": g.number("confidence", low=0, high=1, required=True),
        }
        if legacy:
            details["page_url"] = g.convert("profileUrl", url, required=True)
            details["studio_id"] = g.identifier("studioId", required=True)
        return details

    details = f.nested("artist", artist, required=True)
    profile = None if legacy else f.nested("profile", _page_profile)
    problems.raise_if_any()
    assert details is not None  # required: a problem was raised otherwise
    return ScrapeJob(**head, **details, profile=profile)


def parse_run_item(item: Mapping[str, Any]) -> RunSummary:
    item = require_mapping(item, "item")
    problems = Problems()
    f = Fields(item, problems)
    counters = (
        "studios",
        "candidatesAccepted",
        "artistsWritten",
        "queued",
        "deadLettered",
        "rosterStudios",
        "rosterArtists",
        "studiosRendered",
    )
    f.reject_unknown(
        frozenset(
            {"PK", "SK", "type", "runId", "status", "failures", "startedAt", "updatedAt"}
            | {"finishedAt", *counters}
        )
    )
    check_item_identity(f, "run", lambda: keys.run_key(item.get("runId")))  # type: ignore[arg-type]

    def failures(g: Fields) -> dict[str, int]:
        counts: dict[str, int] = {}
        for reason in g.data:
            if not isinstance(reason, str) or not _REASON_KEY.fullmatch(reason):
                g.add(str(reason), "failure reasons are lower-case words of at most 64 characters")
                continue
            count = g.integer(reason, low=0)
            if count is not None:
                counts[reason] = count
        return counts

    summary = RunSummary(
        run_id=f.identifier("runId", required=True) or "",
        started_at=f.timestamp("startedAt", required=True) or "",
        updated_at=f.timestamp("updatedAt", required=True) or "",
        status=f.choice("status", RUN_STATUSES) or "running",
        studios=f.integer("studios", low=0) or 0,
        candidates_accepted=f.integer("candidatesAccepted", low=0) or 0,
        artists_written=f.integer("artistsWritten", low=0) or 0,
        queued=f.integer("queued", low=0) or 0,
        dead_lettered=f.integer("deadLettered", low=0) or 0,
        roster_studios=f.integer("rosterStudios", low=0) or 0,
        roster_artists=f.integer("rosterArtists", low=0) or 0,
        studios_rendered=f.integer("studiosRendered", low=0) or 0,
        failures=f.nested("failures", failures) or {},
        finished_at=f.timestamp("finishedAt"),
    )
    problems.raise_if_any()
    return summary
