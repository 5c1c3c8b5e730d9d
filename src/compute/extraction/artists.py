"""Artist candidates on a studio page: schema.org Person data, repeated artist blocks (lists,
cards, team members, rendered JavaScript rosters), single profile pages, and roster JSON.

Every candidate carries a confidence in 0..1: a person-like name in a repeated block is weak
evidence; an Instagram account and styles next to it, or structured data, make it strong."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

from selectolax.lexbor import LexborNode

from compute.domain import normalise
from compute.domain.models import ArtistCandidate
from compute.domain.styles import infer_styles
from compute.extraction.instagram import handle_from_href, handles_in_text
from compute.extraction.page import content_root, parse

MAX_CANDIDATES = 200
_HASHTAG = re.compile(r"(?<![\w&])#([^\W_][\w-]{1,49})")
_LABELS = "h1, h2, h3, h4, h5, h6, strong, b, a, p, span, li, td, dt, figcaption, div"
_PARTICLES = frozenset({"de", "da", "di", "van", "von", "der", "den", "le", "la", "del", "du"})
# Words of site furniture that look like names when capitalised ("Our Artists", "Book Now").
_NOT_NAME_WORDS = frozenset(
    [
        "our",
        "artists",
        "artist",
        "team",
        "meet",
        "the",
        "crew",
        "book",
        "now",
        "about",
        "us",
        "contact",
        "aftercare",
        "home",
        "studio",
        "studios",
        "tattoo",
        "tattoos",
        "tattooing",
        "gallery",
        "page",
        "previous",
        "next",
        "residents",
        "resident",
        "guest",
        "guests",
        "spots",
        "spot",
        "welcome",
        "opening",
        "hours",
        "prices",
        "price",
        "faq",
        "shop",
        "find",
        "follow",
        "privacy",
        "policy",
        "terms",
        "news",
        "blog",
        "booking",
        "bookings",
        "enquiries",
        "enquiry",
        "instagram",
        "facebook",
        "email",
        "read",
        "more",
        "view",
        "profile",
        "portfolio",
        "ink",
        "parlour",
        "co",
        "co.",
        "of",
        "and",
        "city",
        "centre",
        "street",
        "road",
        "lane",
        "walk",
        "ins",
        "walk-ins",
        "gift",
        "vouchers",
        "voucher",
        "latest",
        "work",
        "flash",
        "day",
        "days",
        "our",
        "story",
        "why",
        "choose",
        "piercing",
        "piercings",
        "appointments",
        "appointment",
        "location",
        "locations",
        "map",
        "healed",
        "fresh",
    ]
)


def looks_like_name(text: str) -> bool:
    """Two to four capitalised words of letters (particles like "van" allowed), no site
    furniture words: "Jane Doe", "Ines de la Cruz", not "Our Artists" or "Book Now"."""
    words = text.split()
    if not 2 <= len(words) <= 5 or len(text) > 60:
        return False
    capitalised = 0
    for word in words:
        if word.lower() in _NOT_NAME_WORDS:
            return False
        if word in _PARTICLES:
            continue
        if not (word[0].isupper() and all(c.isalpha() or c in "'\u2019-." for c in word)):
            return False
        if len(word) > 2 and word.isupper():
            return False
        capitalised += 1
    return capitalised >= 2


@dataclass(slots=True)
class _Found:
    """A candidate while it is being assembled from one page."""

    source_url: str
    name: str | None = None
    handle: str | None = None
    profile_url: str | None = None
    styles: list[str] = field(default_factory=list)
    structured: bool = False
    repeated: bool = False
    sources: int = 1

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


def _direct_text(node: LexborNode) -> str:
    own = " ".join((node.text(deep=False) or "").split())
    return own or " ".join(node.text(separator=" ", strip=True).split())


def _name_in(member: LexborNode) -> tuple[str | None, LexborNode | None]:
    names: list[tuple[str, LexborNode]] = []
    candidates = [member, *member.css(_LABELS)]
    for node in candidates:
        text = " ".join((node.text(deep=False) or "").split()).strip(" -\u2013\u2014:|,")
        if looks_like_name(text) and text not in (n for n, _ in names):
            names.append((text, node))
    if len(names) != 1:
        return None, None  # none, or several people: not one artist's block
    return names[0]


def _handles_in(member: LexborNode) -> list[str]:
    found: list[str] = []
    for anchor in member.css("a[href]"):
        handle = handle_from_href(str(anchor.attributes.get("href") or ""))
        if handle and handle not in found:
            found.append(handle)
    for handle in handles_in_text(member.text(separator=" ", strip=True)):
        if handle not in found:
            found.append(handle)
    return found


def _styles_of(text: str, name: str | None) -> list[str]:
    hashtags = _HASHTAG.findall(text)
    prose = _HASHTAG.sub(" ", text)
    if name:
        prose = prose.replace(name, " ")
    return infer_styles(prose, hashtags)


def _profile_link(member: LexborNode, name: str, page_url: str) -> str | None:
    """A same-site link in the block that names the artist: their profile page."""
    host = urlsplit(page_url).hostname
    for anchor in member.css("a[href]"):
        if " ".join(anchor.text(separator=" ", strip=True).split()) != name:
            continue
        url = urldefrag(urljoin(page_url, str(anchor.attributes.get("href") or "")))[0]
        if urlsplit(url).hostname == host and url != urldefrag(page_url)[0]:
            return url
    return None


def _signature(node: LexborNode) -> tuple[str, str]:
    return (node.tag or "", str(node.attributes.get("class") or ""))


def _elements(node: LexborNode) -> Iterator[LexborNode]:
    yield node
    for child in node.iter():
        yield from _elements(child)


def _blocks(root: LexborNode, page_url: str) -> list[_Found]:
    """Artist blocks: members of a group of same-shaped siblings naming one person each, or a
    lone block naming one person next to one Instagram account (a profile page)."""
    found: list[_Found] = []
    for parent in _elements(root):
        groups: dict[tuple[str, str], list[LexborNode]] = {}
        for child in parent.iter():
            groups.setdefault(_signature(child), []).append(child)
        for members in groups.values():
            assessed = []
            for member in members:
                name, _ = _name_in(member)
                handles = _handles_in(member)
                if len(handles) > 1:
                    continue  # a container of several artists, not one artist's block
                assessed.append((member, name, handles[0] if handles else None))
            named = [a for a in assessed if a[1]]
            repeated = len(named) >= 2
            for member, name, handle in assessed:
                if not name and not handle:
                    continue
                if not repeated and not (name and handle):
                    continue
                text = member.text(separator=" ", strip=True)
                found.append(
                    _Found(
                        source_url=page_url,
                        name=name,
                        handle=handle,
                        profile_url=_profile_link(member, name, page_url) if name else None,
                        styles=_styles_of(text, name),
                        repeated=repeated,
                    )
                )
    return found


def _json_ld_objects(tree: Any) -> Iterator[Any]:
    for script in tree.css('script[type="application/ld+json"]'):
        try:
            yield json.loads(script.text() or "")
        except ValueError:
            continue  # malformed structured data is common; the visible page still counts


def _walk(value: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(value, Mapping):
        yield value
        for inner in value.values():
            yield from _walk(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _walk(inner)


def _as_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _people(document: Any, page_url: str) -> list[_Found]:
    found = []
    for thing in _walk(document):
        kinds = _as_strings(thing.get("@type"))
        name = thing.get("name")
        if "Person" not in kinds or not isinstance(name, str) or not name.strip():
            continue
        handle = next(
            (h for h in map(handle_from_href, _as_strings(thing.get("sameAs"))) if h), None
        )
        profile = None
        for url in _as_strings(thing.get("url")):
            absolute = urldefrag(urljoin(page_url, url))[0]
            if absolute != urldefrag(page_url)[0]:
                profile = absolute
        topics = " , ".join(
            _as_strings(thing.get("knowsAbout")) + _as_strings(thing.get("description"))
        )
        found.append(
            _Found(
                source_url=page_url,
                name=" ".join(name.split()),
                handle=handle,
                profile_url=profile,
                styles=infer_styles(topics),
                structured=True,
            )
        )
    return found


def _merge_found(found: Iterable[_Found]) -> list[_Found]:
    """One entry per person: the same handle, or the same name when a handle is missing."""
    merged: list[_Found] = []
    by_handle: dict[str, _Found] = {}
    by_name: dict[str, _Found] = {}
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


def _to_candidates(found: Iterable[_Found], studio_id: str) -> list[ArtistCandidate]:
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


def extract_candidates(html: str, page_url: str, studio_id: str) -> list[ArtistCandidate]:
    """Every artist a studio page names, de-duplicated, with confidence. Pure."""
    tree = parse(html)
    found: list[_Found] = []
    for document in _json_ld_objects(tree):
        found.extend(_people(document, page_url))
    root = content_root(tree)
    if root is not None:
        found.extend(_blocks(root, page_url))
    return _to_candidates(found, studio_id)


_INSTAGRAM_KEYS = re.compile(r"insta|^ig$|social|sameas|handle", re.I)
_STYLE_KEYS = re.compile(r"tags|styles?|special|knowsabout|genres?", re.I)


def extract_candidates_from_json(
    data: Any, source_url: str, studio_id: str
) -> list[ArtistCandidate]:
    """Artists in the JSON a JavaScript roster is drawn from: objects with a person's name and
    an Instagram account or styles."""
    found: list[_Found] = []
    for thing in _walk(data):
        name = thing.get("name") if isinstance(thing.get("name"), str) else None
        if not name or not looks_like_name(" ".join(name.split())):
            continue
        handle = None
        styles_text: list[str] = []
        for key, value in thing.items():
            if _INSTAGRAM_KEYS.search(str(key)):
                for text in _as_strings(value):
                    handle = (
                        handle or handle_from_href(text) or next(iter(handles_in_text(text)), None)
                    )
            if _STYLE_KEYS.search(str(key)):
                styles_text.extend(_as_strings(value))
        joined = " ".join(styles_text)
        found.append(
            _Found(
                source_url=source_url,
                name=" ".join(name.split()),
                handle=handle,
                styles=_styles_of(joined, None),
                structured=True,
            )
        )
    return _to_candidates(found, studio_id)


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
        by_key[key] = replace(
            existing,
            name=existing.name or candidate.name,
            instagram_handle=existing.instagram_handle or candidate.instagram_handle,
            profile_url=existing.profile_url or candidate.profile_url,
            styles=styles,
            confidence=round(min(0.99, max(existing.confidence, candidate.confidence) + 0.05), 2),
        )
    return [by_key[k] for k in order][:MAX_CANDIDATES]
