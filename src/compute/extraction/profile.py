"""One artist's profile from the page a scrape job points at: their own profile page, or the
studio page that lists them among others. Pure: HTML and hints in, a profile (or None) out.

The artist's block is the smallest element naming them (by Instagram account, else by name),
grown while it names no other artist on the page, so a card keeps its portrait and a profile
page keeps its portfolio, but a list item never swallows its neighbours."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from selectolax.lexbor import LexborNode

from compute.domain import normalise
from compute.domain.errors import ValidationError
from compute.domain.models import ArtistCandidate
from compute.domain.styles import infer_styles
from compute.extraction.artists import extract_candidates
from compute.extraction.instagram import handle_from_href, handles_in_text
from compute.extraction.page import content_root, parse
from compute.extraction.structured import extract_candidates_from_json

MAX_PORTFOLIO_IMAGES = 50
MAX_BIO_CHARS = 2000
_HASHTAG = re.compile(r"(?<![\w&])#([^\W_][\w-]{1,49})")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# "name [at] host [dot] tld" and "name(at)host(dot)tld": the usual hiding from harvesters.
_AT = re.compile(r"\s*[\[(]\s*at\s*[\])]\s*", re.I)
_DOT = re.compile(r"\s*[\[(]\s*dot\s*[\])]\s*", re.I)
_PORTFOLIO = "figure img, .portfolio img, .gallery img, .work img"
_PROFILE_ID = "profile"  # extraction needs a studio id; the profile has none of its own


@dataclass(frozen=True, slots=True)
class ArtistProfile:
    """What a page says about one artist; every value is normalised or absent."""

    name: str | None
    instagram_handle: str | None
    bio: str | None
    styles: tuple[str, ...]
    portfolio_images: tuple[str, ...]
    avatar: str | None
    email: str | None
    page_url: str
    own_page: bool  # the page is about this artist alone (a profile page)


def _handle(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return normalise.instagram_handle(value)
    except ValidationError:
        return None


def _handles_of(node: LexborNode) -> set[str]:
    found = {
        h
        for a in node.css("a[href]")
        if (h := handle_from_href(str(a.attributes.get("href") or ""))) is not None
    }
    found.update(handles_in_text(node.text(separator=" ", strip=True)))
    return found


def _names_in(node: LexborNode) -> str:
    return normalise.name_key(node.text(separator=" ", strip=True))


def _elements(node: LexborNode) -> list[LexborNode]:
    out = [node]
    for child in node.iter():
        out.extend(_elements(child))
    return out


def _mentions(node: LexborNode, handle: str | None, name_key: str | None) -> bool:
    if handle and handle in _handles_of(node):
        return True
    return bool(name_key) and name_key in _names_in(node)  # type: ignore[operator]


def _find_block(
    root: LexborNode, handle: str | None, name_key: str | None, others: list[ArtistCandidate]
) -> LexborNode | None:
    """The deepest element naming the artist (account and name together when the page has
    such an element), grown while it names nobody else."""
    elements = _elements(root)
    both = [
        n
        for n in elements
        if handle and name_key and handle in _handles_of(n) and name_key in _names_in(n)
    ]
    named = both or [n for n in elements if _mentions(n, handle, name_key)]
    if not named:
        return None
    block = named[-1]  # pre-order: the last element that names them is the deepest
    while block is not root and block.parent is not None:
        parent = block.parent
        if any(_mentions(parent, _handle(o.instagram_handle), _key(o.name)) for o in others):
            break
        block = parent
    return block


def _key(name: str | None) -> str | None:
    if not name:
        return None
    key = normalise.name_key(name)
    return key or None


def _cf_email(hexed: str) -> str | None:
    """Cloudflare's e-mail protection: the first byte is the XOR key of the rest."""
    try:
        data = bytes.fromhex(hexed)
    except ValueError:
        return None
    if len(data) < 2:
        return None
    return "".join(chr(b ^ data[0]) for b in data[1:])


def _email_in(block: LexborNode) -> str | None:
    raw: list[str] = []
    for node in block.css("[data-cfemail]"):
        decoded = _cf_email(str(node.attributes.get("data-cfemail") or ""))
        if decoded:
            raw.append(decoded)
    for anchor in block.css("a[href^='mailto:']"):
        raw.append(unquote(str(anchor.attributes.get("href") or "")[len("mailto:") :]))
    text = _DOT.sub(".", _AT.sub("@", block.text(separator=" ", strip=True)))
    raw.extend(_EMAIL.findall(text))
    for candidate in raw:
        with contextlib.suppress(ValidationError):
            return normalise.email(candidate.split("?")[0])
    return None


def _images(block: LexborNode, page_url: str) -> tuple[list[str], str | None]:
    portfolio: list[str] = []
    for img in block.css(_PORTFOLIO):
        url = _absolute(str(img.attributes.get("src") or ""), page_url)
        if url and url not in portfolio:
            portfolio.append(url)
    avatar = None
    for img in block.css("img[src]"):
        url = _absolute(str(img.attributes.get("src") or ""), page_url)
        if url and url not in portfolio:
            avatar = url
            break
    return portfolio[:MAX_PORTFOLIO_IMAGES], avatar


def _absolute(src: str, page_url: str) -> str | None:
    src = src.strip()
    if not src or src.startswith("data:"):
        return None
    url = urljoin(page_url, src)
    return url if urlsplit(url).scheme in ("http", "https") and len(url) <= 2048 else None


def _bio(block: LexborNode) -> str | None:
    node = block.css_first(".bio, .about, [itemprop='description']")
    if node is None:
        return None
    text = " ".join(node.text(separator=" ", strip=True).split())
    return text[:MAX_BIO_CHARS] or None


def _styles(block: LexborNode, name: str | None, known: tuple[str, ...]) -> tuple[str, ...]:
    text = block.text(separator=" ", strip=True)
    hashtags = _HASHTAG.findall(text)
    prose = _HASHTAG.sub(" ", text)
    if name:
        prose = prose.replace(name, " ")
    found = list(known)
    for style in infer_styles(prose, hashtags):
        if style not in found:
            found.append(style)
    return tuple(found)


def extract_profile(
    html: str,
    page_url: str,
    *,
    name: str | None = None,
    instagram_handle: str | None = None,
) -> ArtistProfile | None:
    """The profile of the artist known as `instagram_handle` / `name` on this page, or None
    when the page does not name them."""
    return extract_profiles(html, page_url, [(name, instagram_handle)])[0]


def extract_profiles(
    html: str, page_url: str, artists: Sequence[tuple[str | None, str | None]]
) -> list[ArtistProfile | None]:
    """`extract_profile` of each (name, instagram_handle) on one page, the page read once: a
    roster of N artists costs one reading of it, not N (its tree is only read after
    content_root)."""
    read: tuple[list[ArtistCandidate], LexborNode | None] | None = None
    profiles: list[ArtistProfile | None] = []
    for name, instagram_handle in artists:
        handle = _handle(instagram_handle)
        name_key = _key(name)
        if handle is None and name_key is None:
            profiles.append(None)
            continue
        if read is None:
            read = (extract_candidates(html, page_url, _PROFILE_ID), content_root(parse(html)))
        profiles.append(_profile_of(*read, page_url, name, handle, name_key))
    return profiles


def _profile_of(
    candidates: list[ArtistCandidate],
    root: LexborNode | None,
    page_url: str,
    name: str | None,
    handle: str | None,
    name_key: str | None,
) -> ArtistProfile | None:
    match = next((c for c in candidates if handle and c.instagram_handle == handle), None)
    if match is None and name_key:
        match = next((c for c in candidates if _key(c.name) == name_key), None)
    if match is not None:
        handle = handle or match.instagram_handle
        name_key = name_key or _key(match.name)
    others = [c for c in candidates if c is not match]
    block = _find_block(root, handle, name_key, others) if root is not None else None
    if block is None and match is None:
        return None
    display = (match.name if match and match.name else None) or name
    known = match.styles if match else ()
    if block is None:
        return ArtistProfile(
            name=display,
            instagram_handle=handle,
            bio=None,
            styles=tuple(known),
            portfolio_images=(),
            avatar=None,
            email=None,
            page_url=page_url,
            own_page=False,
        )
    if handle is None:
        found = _handles_of(block)
        handle = next(iter(sorted(found))) if len(found) == 1 else None
    portfolio, avatar = _images(block, page_url)
    own_page = not others
    return ArtistProfile(
        name=display,
        instagram_handle=handle,
        bio=_bio(block),
        styles=_styles(block, display, tuple(known)),
        portfolio_images=tuple(portfolio),
        avatar=avatar,
        email=_email_in(block) if own_page else None,
        page_url=page_url,
        own_page=own_page,
    )


def extract_profile_from_json(
    data: Any,
    page_url: str,
    *,
    name: str | None = None,
    instagram_handle: str | None = None,
) -> ArtistProfile | None:
    """The profile of the artist known as `instagram_handle` / `name` in the JSON a
    JavaScript-drawn page is built from (what a browser would have drawn: name, account,
    styles), or None when the data does not name them."""
    handle = _handle(instagram_handle)
    name_key = _key(name)
    if handle is None and name_key is None:
        return None
    candidates = extract_candidates_from_json(data, page_url, _PROFILE_ID)
    match = next((c for c in candidates if handle and c.instagram_handle == handle), None)
    if match is None and name_key:
        match = next((c for c in candidates if _key(c.name) == name_key), None)
    if match is None:
        return None
    return ArtistProfile(
        name=match.name or name,
        instagram_handle=handle or match.instagram_handle,
        bio=None,
        styles=tuple(match.styles),
        portfolio_images=(),
        avatar=None,
        email=None,
        page_url=page_url,
        own_page=False,
    )
