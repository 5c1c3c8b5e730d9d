"""Artist candidates while a page is read, and what comes out: one `Found` per sighting, merged
into one `ArtistCandidate` per person, and every handle or name that is not an artist as a
`Rejected` with its reason. Every candidate carries a confidence in 0..1: a person-like name in
a repeated block is weak evidence; an Instagram account and styles next to it, or structured
data, make it strong. Pure."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from compute.domain import normalise
from compute.domain.models import ArtistCandidate
from compute.domain.styles import infer_styles
from compute.extraction import passing, rejection

MAX_CANDIDATES = 200
# Where a list's cards sit: (the shape of the element holding them, the card's shape), each a
# (tag, classes) pair.
Shape = tuple[tuple[str, str], tuple[str, str]]
_HASHTAG = re.compile(r"(?<![\w&])#([^\W_][\w-]{1,49})")


@dataclass(slots=True)
class Found:
    """A candidate while it is being assembled from one page."""

    source_url: str
    name: str | None = None
    handle: str | None = None
    profile_url: str | None = None
    styles: list[str] = field(default_factory=list)
    structured: bool = False
    repeated: bool = False
    sources: int = 1
    prose: bool = False  # seen inside the page's words, not in a block or structured data
    vouched: bool = False  # ... and the mention speaks for itself (extraction.passing)
    reason: str | None = None  # why this is not one of the studio's artists
    context: str = ""  # the words that said so

    def confidence(self) -> float:
        score = 0.3 if self.name else 0.0
        if self.handle:
            score += 0.4
        if self.profile_url:
            score += 0.1
        if self.styles:
            score += 0.1
        if self.structured:
            score += 0.1
        if self.repeated:
            score += 0.05
        if self.sources > 1:
            score += 0.05
        return round(min(score, 0.99), 2)


def styles_of(text: str, name: str | None) -> list[str]:
    hashtags = _HASHTAG.findall(text)
    prose = _HASHTAG.sub(" ", text)
    if name:
        prose = prose.replace(name, " ")
    return infer_styles(prose, hashtags)


def _merge_found(found: Iterable[Found]) -> list[Found]:
    """One entry per person: the same handle, or the same name when a handle is missing."""
    merged: list[Found] = []
    by_handle: dict[str, Found] = {}
    by_name: dict[str, Found] = {}
    ordered = sorted(found, key=lambda f: f.handle is None)  # handles first, order kept
    for item in ordered:
        name_key = normalise.name_key(item.name) if item.name else None
        target = by_handle.get(item.handle) if item.handle else None
        if target is None and name_key:
            namesake = by_name.get(name_key)
            # Two people may share a name: only merge when the handles do not disagree.
            if namesake is not None and not (item.handle and namesake.handle):
                target = namesake
        if target is None:
            merged.append(item)
            target = item
        elif target is not item:
            target.name = target.name or item.name
            target.handle = target.handle or item.handle
            target.profile_url = target.profile_url or item.profile_url
            target.styles += [s for s in item.styles if s not in target.styles]
            target.structured = target.structured or item.structured
            target.repeated = target.repeated or item.repeated
            target.sources += 1
        if target.handle:
            by_handle[target.handle] = target
        if target.name:
            by_name[normalise.name_key(target.name)] = target
    return merged


def _to_candidates(found: Iterable[Found], studio_id: str) -> list[ArtistCandidate]:
    out = []
    for item in _merge_found(found):
        out.append(
            ArtistCandidate(
                source_url=item.source_url,
                confidence=item.confidence(),
                studio_id=studio_id,
                name=item.name[:200] if item.name else None,
                instagram_handle=item.handle,
                profile_url=item.profile_url,
                styles=tuple(item.styles),
            )
        )
    return out[:MAX_CANDIDATES]


@dataclass(frozen=True, slots=True)
class Rejected:
    """A handle or name on a studio page that is not one of its artists, and why."""

    reason: str
    source_url: str
    handle: str | None = None
    name: str | None = None
    context: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"reason": self.reason, "sourceUrl": self.source_url}
        if self.handle:
            out["handle"] = self.handle
        if self.name:
            out["name"] = self.name
        if self.context:
            out["context"] = self.context[:200]
        return out


@dataclass(slots=True)
class Roster:
    """What one page (or one site) says about a studio's people: its artists, and the
    handles and names it shows that are not artists, with the reason."""

    candidates: list[ArtistCandidate] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    # The kept accounts by where they were seen (extraction.passing): in repeated roster
    # blocks or structured data, in sentences that vouch for them, in sentences that do not
    # (a lone block, a person's own page or a "Meet the shop dog" box, is neither a list nor
    # a sentence).
    listed: set[str] = field(default_factory=set)
    vouched: set[str] = field(default_factory=set)
    passing: set[str] = field(default_factory=set)
    # The kept accounts a page shows (not only in its structured data, which nobody reads).
    shown: set[str] = field(default_factory=set)
    # ... and those in a block of their own, beside their person's name (a booking page's one
    # staff row, an about page's card): a one-chair shop's artist, if no page lists more.
    alone: set[str] = field(default_factory=set)
    # Where its lists of people sit (`blocks.blocks`): the next page of a list has them too.
    shapes: frozenset[Shape] = frozenset()

    def __iadd__(self, other: Roster) -> Roster:
        self.candidates += other.candidates
        seen = {(r.handle, r.name, r.reason) for r in self.rejected}
        self.rejected += [r for r in other.rejected if (r.handle, r.name, r.reason) not in seen]
        self.listed |= other.listed
        self.vouched |= other.vouched
        self.passing |= other.passing
        self.shown |= other.shown
        self.alone |= other.alone
        self.shapes |= other.shapes
        return self

    def in_passing(self) -> set[str]:
        """The accounts mentioned only in passing, unvouched, on a site that lists its artists."""
        return passing.in_passing(self.listed, self.vouched, self.passing)


# Reasons that hold wherever else the same account shows up on the page.
DECISIVE = frozenset({rejection.STUDIO, rejection.STRUCK, rejection.FORMER})


# Reasons that say an account is nobody's (a business, a place, another network's).
_NO_ONES = frozenset(
    {
        rejection.STUDIO,
        rejection.OTHER_PLATFORM,
        rejection.SUPPLIER,
        rejection.PRESS,
        rejection.CONVENTION,
        rejection.NEIGHBOUR,
        rejection.ORGANISATION,
        rejection.OTHER_STUDIO,
    }
)


def roster_of(found: list[Found], studio_id: str) -> Roster:
    rejected_handles = {f.handle for f in found if f.reason and f.handle}
    # A name whose account was rejected is not listed again on its own ("thanks to <b>Marco
    # Bellini</b> (@marco)" also reads as a bold name among others).
    # Not for the studio's account (no one's), an account on another network ("her TikTok:
    # @x" says nothing against her), nor a business's: a name it was read beside is no
    # person's it could be ("Ravi Sandhu" on the last card, then "Find us ... @smithysbarbers").
    gone_names = {
        normalise.name_key(f.name)
        for f in found
        if f.reason and f.reason not in _NO_ONES and f.name
    }
    kept: list[Found] = []
    rejected: dict[tuple[str | None, str | None], Rejected] = {}
    for item in found:
        gone = item.reason is None and (
            (item.handle in rejected_handles)
            or (item.handle is None and item.name and normalise.name_key(item.name) in gone_names)
        )
        if item.reason is None and not gone:
            kept.append(item)
            continue
        key = (item.handle, None if item.handle else item.name)
        if key not in rejected and item.reason is not None:
            rejected[key] = Rejected(
                reason=item.reason,
                source_url=item.source_url,
                handle=item.handle,
                name=item.name,
                context=" ".join(item.context.split()),
            )
    return Roster(
        _to_candidates(kept, studio_id),
        list(rejected.values()),
        listed={f.handle for f in kept if f.handle and (f.repeated or f.structured)},
        vouched={f.handle for f in kept if f.handle and f.prose and f.vouched},
        passing={f.handle for f in kept if f.handle and f.prose and not f.vouched},
        shown={f.handle for f in kept if f.handle and not f.structured},
        alone={
            f.handle
            for f in kept
            if f.handle and f.name and not (f.prose or f.repeated or f.structured)
        },
    )


def merge(candidates: Iterable[ArtistCandidate]) -> list[ArtistCandidate]:
    """Candidates of one studio found on several pages, one per person (same handle, or the
    same name where a handle is missing); evidence from two pages raises confidence."""
    by_key: dict[str, ArtistCandidate] = {}
    order: list[str] = []
    handles_by_name: dict[str, str] = {}
    listed = sorted(candidates, key=lambda c: c.instagram_handle is None)
    for candidate in listed:
        name_key = normalise.name_key(candidate.name) if candidate.name else None
        key = (
            f"ig:{candidate.instagram_handle}"
            if candidate.instagram_handle
            else handles_by_name.get(name_key or "", f"name:{name_key}")
            if name_key
            else f"url:{candidate.profile_url}"
        )
        if candidate.instagram_handle and name_key:
            handles_by_name.setdefault(name_key, key)
        existing = by_key.get(key)
        if existing is None:
            by_key[key] = candidate
            order.append(key)
            continue
        styles = existing.styles + tuple(s for s in candidate.styles if s not in existing.styles)
        name = existing.name or candidate.name
        handle = existing.instagram_handle or candidate.instagram_handle
        # Two pages give two names for one account: the one it spells ("Tomasz Wójcik" of a
        # post's text, not "Hosť" of its "Hosť: Tomasz Wójcik (Krakov)" title).
        if (
            handle
            and existing.name
            and candidate.name
            and passing.spelled_in(handle, candidate.name)
            > passing.spelled_in(handle, existing.name)
        ):
            name = candidate.name
        by_key[key] = replace(
            existing,
            name=name,
            instagram_handle=existing.instagram_handle or candidate.instagram_handle,
            profile_url=existing.profile_url or candidate.profile_url,
            styles=styles,
            confidence=round(min(0.99, max(existing.confidence, candidate.confidence) + 0.05), 2),
        )
    return [by_key[k] for k in order][:MAX_CANDIDATES]
