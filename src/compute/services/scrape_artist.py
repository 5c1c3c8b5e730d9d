"""ScrapeArtist: one scrape job -> one artist item (and its studio link), or a reason why not.

A job may carry the profile find-artists already read from its page (`ScrapeJob.profile`): then
the page is not fetched again, and the artist is built from that profile as it would be from
the page (the same extraction on the same page, read through the same polite crawl).

Order matters for privacy: the denylist and opt-out are checked before the page is fetched, so a
removed artist's page is never even read again; the writer checks both once more, atomically,
when it writes. The job is idempotent: an artist scraped after the job was queued is not
scraped again (a standard queue may deliver a job twice): checked before the fetch, and again
by the writer on every read it makes, so two deliveries of one job at once (each read before
the other wrote) write and count the artist once.

A consumer's batch of jobs that carry their profile (usually one studio's, queued together) has
its guard reads made at once (`read_guards`: the denylist, each artist and its version floor in
one strongly consistent BatchGetItem): such a job fetches nothing, so its check before the
fetch and the writer's read before its Put were two reads of the same keys a moment apart; the
writer takes the batch's read for its first attempt, and its conditional Put and the check
after the write keep every guarantee. A job that reads its page keeps its own read just before
the fetch.

Outcomes: `written` (created or updated), `skipped` (denylisted, opted out, already scraped),
or a `ScrapeFailed` carrying a snake-case reason and whether a retry can help.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from compute.adapters.artists import GuardedRead, WriteResult
from compute.adapters.denylist import read_guarded
from compute.adapters.web import FetchError
from compute.contracts import ContractError
from compute.domain import keys, normalise
from compute.domain.denylist import denial_hashes
from compute.domain.errors import ValidationError
from compute.domain.identity import artist_id_for
from compute.domain.models import (
    Artist,
    ContactInfo,
    PageProfile,
    PortfolioImage,
    ScrapeJob,
    StudioInfo,
    format_timestamp,
)
from compute.extraction.profile import (
    ArtistProfile,
    extract_profile,
    extract_profile_from_json,
)


class ScrapeFailed(Exception):
    """The job could not be done: `reason` (snake case) and whether a retry may help."""

    def __init__(self, reason: str, *, transient: bool, detail: str = "") -> None:
        super().__init__(f"{reason}" + (f": {detail}" if detail else ""))
        self.reason = reason
        self.transient = transient


class ArtistTable(Protocol):
    def get_items(
        self, item_keys: Sequence[Mapping[str, str]], *, consistent: bool = False
    ) -> list[Any]: ...
    def get_artist(self, artist_id: str, *, consistent: bool = False) -> Any: ...
    def find_artist_by_handle(self, handle: str) -> Any: ...
    def get_item(self, key: Mapping[str, str], *, consistent: bool = False) -> Any: ...


class ReadPage(Protocol):
    @property
    def url(self) -> str: ...
    @property
    def html(self) -> str: ...
    @property
    def rendered(self) -> bool: ...
    @property
    def data(self) -> Any: ...


class Pages(Protocol):
    def read(self, url: str) -> ReadPage: ...


class Writer(Protocol):
    def write(
        self,
        artist: Artist,
        *,
        identity_key: str,
        studio_id: str,
        now: str,
        read: GuardedRead | None = None,
        fresh_since: str | None = None,
    ) -> WriteResult: ...


@dataclass(frozen=True, slots=True)
class ScrapeOutcome:
    job_id: str
    outcome: str  # created | updated | denylisted | opted_out | already_scraped
    artist_id: str
    rendered: bool = False

    @property
    def written(self) -> bool:
        return self.outcome in ("created", "updated")


def _studio_info(studio: Mapping[str, Any] | None, studio_id: str) -> StudioInfo | None:
    if not studio or not studio.get("name"):
        return None
    return StudioInfo(
        studio_id=studio_id,
        studio_name=str(studio["name"]),
        address=studio.get("address"),
        postcode=studio.get("postcode"),
    )


def build_artist(
    job: ScrapeJob, profile: ArtistProfile, studio: Mapping[str, Any] | None, now: str
) -> Artist:
    """The artist item's model from what the page said and what the job and studio know."""
    name = profile.name or job.name
    if not name:
        raise ScrapeFailed("no_name", transient=False, detail="the page names no one")
    handle = profile.instagram_handle or job.instagram_handle
    if job.instagram_handle and profile.instagram_handle != job.instagram_handle:
        handle = job.instagram_handle  # the job's identity wins over a page's other account
    contact = ContactInfo(
        website=profile.page_url if profile.own_page else None, email=profile.email
    )
    latitude = studio.get("latitude") if studio else None
    longitude = studio.get("longitude") if studio else None
    return Artist(
        artist_id=artist_id_for(job.identity_key),
        name=normalise.name(name),
        created_at=now,
        updated_at=now,
        styles=profile.styles,
        bio=profile.bio,
        avatar=profile.avatar,
        instagram_handle=handle,
        location_display=(studio.get("city") or studio.get("address")) if studio else None,
        latitude=float(latitude) if latitude is not None else None,
        longitude=float(longitude) if longitude is not None else None,
        portfolio_images=tuple(PortfolioImage(url=u) for u in profile.portfolio_images),
        contact_info=contact if (contact.website or contact.email) else None,
        studio_info=_studio_info(studio, job.studio_id),
        page_url=profile.page_url,
        scraped_at=now,
    )


def profile_from(read: PageProfile) -> ArtistProfile:
    """The extraction's profile from the one a job carries (the same fields, as data)."""
    return ArtistProfile(
        name=read.name,
        instagram_handle=read.instagram_handle,
        bio=read.bio,
        styles=read.styles,
        portfolio_images=read.portfolio_images,
        avatar=read.avatar,
        email=read.email,
        page_url=read.page_url,
        own_page=read.own_page,
    )


def page_profile(profile: ArtistProfile) -> PageProfile:
    """The profile as data, to travel with a candidate to its scrape job."""
    return PageProfile(
        page_url=profile.page_url,
        own_page=profile.own_page,
        name=profile.name,
        instagram_handle=profile.instagram_handle,
        bio=profile.bio,
        styles=tuple(profile.styles),
        portfolio_images=tuple(profile.portfolio_images),
        avatar=profile.avatar,
        email=profile.email,
    )


def read_profile(job: ScrapeJob, pages: Pages) -> tuple[ArtistProfile | None, bool]:
    """The artist's profile from the job's page (and whether it was rendered): the one the job
    carries, else the page read now."""
    if job.profile is not None:
        return profile_from(job.profile), False
    try:
        page = pages.read(job.page_url)
    except FetchError as error:
        raise ScrapeFailed(error.reason, transient=error.transient, detail=str(error)) from error
    profile = (
        extract_profile_from_json(
            page.data, page.url, name=job.name, instagram_handle=job.instagram_handle
        )
        if page.data is not None
        else extract_profile(
            page.html, page.url, name=job.name, instagram_handle=job.instagram_handle
        )
    )
    return profile, page.rendered


def read_guards(table: ArtistTable, jobs: Sequence[ScrapeJob]) -> dict[str, GuardedRead]:
    """The guard reads of the `jobs` that carry their profile, by job id, in one strongly
    consistent batch read (the table's get_items: one BatchGetItem per 100 keys). A job whose
    artist an earlier job of the batch also names gets none: it reads after that one's write."""
    chosen: list[tuple[ScrapeJob, list[str]]] = []
    artists: set[str] = set()
    for job in jobs:
        artist_id = artist_id_for(job.identity_key)
        if job.profile is None or artist_id in artists:
            continue
        artists.add(artist_id)
        chosen.append(
            (job, denial_hashes(identity_key=job.identity_key, handle=job.instagram_handle))
        )
    if not chosen:
        return {}
    wanted: list[Mapping[str, str]] = []
    for job, hashes in chosen:
        artist_id = artist_id_for(job.identity_key)
        wanted += [keys.denylist_key(h) for h in hashes]
        wanted += [keys.artist_key(artist_id), keys.artist_version_key(artist_id)]
    found = table.get_items(wanted, consistent=True)
    reads: dict[str, GuardedRead] = {}
    at = 0
    for job, hashes in chosen:
        denied = any(item is not None for item in found[at : at + len(hashes)])
        at += len(hashes)
        reads[job.job_id] = GuardedRead(denied, found[at], found[at + 1])
        at += 2
    return reads


def scrape_artist(
    job: ScrapeJob,
    *,
    table: ArtistTable,
    pages: Pages,
    writer: Writer,
    studios: Callable[[str], Mapping[str, Any] | None] | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    guard: GuardedRead | None = None,
) -> ScrapeOutcome:
    """Scrape one job (see the module's doc); `guard`: its batch's read of its artist
    (`read_guards`), used only when the job fetches nothing."""
    artist_id = artist_id_for(job.identity_key)
    if guard is not None and job.profile is not None:
        denied, existing = guard.denied, guard.current
    else:
        guard = None
        hashes = denial_hashes(identity_key=job.identity_key, handle=job.instagram_handle)
        denied, (existing,) = read_guarded(table, hashes, keys.artist_key(artist_id))
    if denied:
        return ScrapeOutcome(job.job_id, "denylisted", artist_id)
    if existing is not None:
        if existing.get("opted_out") is True:
            return ScrapeOutcome(job.job_id, "opted_out", artist_id)
        scraped_at = existing.get("scrapedAt")
        if isinstance(scraped_at, str) and scraped_at >= job.queued_at:
            return ScrapeOutcome(job.job_id, "already_scraped", artist_id)
    profile, rendered = read_profile(job, pages)
    if profile is None:
        raise ScrapeFailed("artist_not_on_page", transient=False)
    studio = (
        studios(job.studio_id)
        if studios is not None
        else table.get_item(keys.studio_key(job.studio_id))
    )
    stamp = format_timestamp(now())
    try:
        artist = build_artist(job, profile, studio, stamp)
        result = writer.write(
            artist,
            identity_key=job.identity_key,
            studio_id=job.studio_id,
            now=stamp,
            read=guard,
            fresh_since=job.queued_at,
        )
    except (ValidationError, ContractError) as error:
        raise ScrapeFailed("invalid_profile", transient=False, detail=str(error)) from error
    return ScrapeOutcome(job.job_id, result.outcome, artist_id, rendered=rendered)
