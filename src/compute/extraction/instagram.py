"""Instagram accounts as studio pages write them: links in every URL form, and `@handle` or
`instagram.com/handle` in running text (never the domain part of an e-mail address)."""

from __future__ import annotations

import re

from compute.domain import normalise
from compute.domain.errors import ValidationError

_INSTAGRAM_HOST = re.compile(
    r"^(?:https?:)?(?://)?(?:www\.|m\.)?(?:instagram\.com|instagr\.am)/", re.I
)
_TEXT_URL = re.compile(
    r"(?<![\w.@/])(?:https?://)?(?:www\.|m\.)?(?:instagram\.com|instagr\.am)/[A-Za-z0-9._]+[^\s<>\"']*",
    re.I,
)
_TEXT_AT = re.compile(r"(?<![\w@.&/])@([A-Za-z0-9._]{1,30})(?![\w@])")


def handle_from_href(href: str) -> str | None:
    """The profile a link points at, or None (posts, explore pages, other sites)."""
    if not _INSTAGRAM_HOST.match(href.strip()):
        return None
    try:
        return normalise.instagram_handle(href)
    except ValidationError:
        return None


def handles_in_text(text: str) -> list[str]:
    """Handles written in running text, in order, each once."""
    found: list[str] = []
    for match in _TEXT_URL.finditer(text):
        handle = handle_from_href(match.group(0).rstrip(".,;:!?)"))
        if handle and handle not in found:
            found.append(handle)
    for match in _TEXT_AT.finditer(text):
        raw = match.group(1).rstrip(".")
        try:
            handle = normalise.instagram_handle(raw)
        except ValidationError:
            continue
        if handle not in found:
            found.append(handle)
    return found
