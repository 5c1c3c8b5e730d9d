"""Canonical forms of the values people type in many ways: names, Instagram handles, website
URLs, UK postcodes and phone numbers. Every function is idempotent (f(f(x)) == f(x)) and raises
only ValidationError."""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit

import idna

from compute.domain.errors import ValidationError

# --- names ---------------------------------------------------------------------------------


def _visible(s: str) -> str:
    """Without format characters (Unicode category Cf: zero-width space, joiners, soft hyphen,
    bidi marks): invisible, they only keep equal text from comparing equal."""
    return "".join(ch for ch in s if unicodedata.category(ch) != "Cf")


def name(s: str) -> str:
    """A display name: format characters removed, Unicode NFC, runs of whitespace collapsed to
    one space, trimmed. Removal comes first: a format character between a letter and its
    accent would otherwise keep them from composing. (Joiners go too: a name loses an emoji
    sequence's join or a Persian non-joiner's shaping, and gains one spelling.)"""
    return " ".join(unicodedata.normalize("NFC", _visible(s)).split())


def searchable_text(s: str) -> str:
    """Text as the search index compares it, at index and at query time: the display-name form,
    so "Chloe" + U+0301 and "Chlo" + U+200B + "é" both read "Chloé", which the index's ASCII
    folding then matches as "chloe"; and a stored name is already in it, so a search hit shows
    the name exactly as the artist's own reply does."""
    return name(s)


def _fold_name(s: str) -> str:
    decomposed = unicodedata.normalize("NFKD", s.casefold())
    unmarked = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(unicodedata.normalize("NFKC", unmarked).split())


def name_key(s: str) -> str:
    """The key two spellings of one name share (GSI2, identity): format characters removed,
    compatibility-normalised (NFKC), case-folded, accents removed, whitespace collapsed and
    trimmed (so the key of a document's searchable name equals the item's).

    Accents are folded because the same artist is spelled "José" on one site and "Jose" on
    another; letters without a decomposition (ø, ł, ß -> ss) are kept as case folding leaves
    them."""
    key = _fold_name(_visible(s))
    # Folding can expose text that folds further (a compatibility character decomposing into
    # a capital, say); repeat to the fixed point so name_key is idempotent.
    for _ in range(4):
        again = _fold_name(key)
        if again == key:
            break
        key = again
    return key


# --- Instagram handles ---------------------------------------------------------------------

INSTAGRAM_HOSTS: frozenset[str] = frozenset({"instagram.com", "instagr.am"})

# First path segments of instagram.com URLs that are pages, not profiles.
RESERVED_INSTAGRAM_PATHS: frozenset[str] = frozenset(
    {
        "p",
        "reel",
        "reels",
        "tv",
        "explore",
        "accounts",
        "stories",
        "direct",
        "about",
        "developer",
        "legal",
        "privacy",
        "terms",
        "web",
        "emails",
        "challenge",
        "session",
        "login",
        "logout",
        "signup",
        "oauth",
        "graphql",
        "api",
        "static",
        "press",
        "help",
        "download",
        "nametag",
        "s",
        "ar",
        "topics",
        "locations",
        "tags",
        "_n",
        "_u",
    }
)

_HANDLE = re.compile(r"[a-z0-9._]{1,30}")
_LOOKS_LIKE_URL = re.compile(
    r"^(?:[a-z][a-z0-9+.-]*:)?//|^(?:www\.|m\.)?instagr(?:am\.com|\.am)(?:[/:?#]|$)"
)


def _handle_from_url(text: str) -> str:
    candidate = text if "//" in text else "https://" + text
    try:
        parts = urlsplit(candidate)
        host = (parts.hostname or "").rstrip(".")
    except ValueError as exc:
        raise ValidationError.single("instagramHandle", f"not a valid URL: {exc}") from None
    for prefix in ("www.", "m."):
        if host.startswith(prefix):
            host = host[len(prefix) :]
    if host not in INSTAGRAM_HOSTS:
        raise ValidationError.single(
            "instagramHandle", "expected an Instagram profile URL (instagram.com/<handle>)"
        )
    segments = [seg for seg in parts.path.split("/") if seg]
    # Deep links to a profile: instagram.com/_u/<handle> and instagram.com/stories/<handle>/...
    if len(segments) >= 2 and segments[0].lower() in {"_u", "stories"}:
        if segments[:2] == ["stories", "highlights"]:
            # instagram.com/stories/highlights/<id>/: a highlight reel, owner not in the URL
            raise ValidationError.single("instagramHandle", "a story highlight, not a profile")
        segments = segments[1:]
    if not segments:
        raise ValidationError.single("instagramHandle", "the URL names no Instagram profile")
    return segments[0]


def instagram_handle(s: str) -> str:
    """The lowercase Instagram username in `s`: a bare handle, `@handle`, or any profile URL
    (instagram.com, www./m., instagr.am, with or without scheme, query, fragment, trailing
    slash or a tab such as `/reels`). Instagram's rules apply: 1-30 letters, digits, periods
    and underscores, no period first, last or twice in a row, and not a reserved page name."""
    text = unicodedata.normalize("NFKC", s).strip()
    if _LOOKS_LIKE_URL.match(text.lower()):
        text = _handle_from_url(text)
    text = text.strip().removeprefix("@").lower()
    if not text:
        raise ValidationError.single("instagramHandle", "must not be empty")
    if not _HANDLE.fullmatch(text):
        raise ValidationError.single(
            "instagramHandle",
            "expected 1-30 letters, digits, periods or underscores (an Instagram username)",
        )
    if text.startswith(".") or text.endswith("."):
        raise ValidationError.single("instagramHandle", "must not start or end with a period")
    if ".." in text:
        raise ValidationError.single("instagramHandle", "must not contain consecutive periods")
    if text in RESERVED_INSTAGRAM_PATHS:
        raise ValidationError.single(
            "instagramHandle", f"'{text}' is an Instagram page, not a username"
        )
    return text


# --- website URLs --------------------------------------------------------------------------

_DROPPED_QUERY_KEYS: frozenset[str] = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "igshid", "igsh", "mc_cid", "mc_eid", "_ga"}
)
_DEFAULT_PORTS: dict[str, int] = {"http": 80, "https": 443}
_HOST_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*)://")
# `mailto:x`, `tel:x`, `javascript:x`: a scheme without `//` (but `host:8080` is a port).
_OPAQUE_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:(?![0-9])")
MAX_URL_LENGTH = 2048


def _idna_host(host: str) -> str:
    """UTS #46 mapping, then IDNA 2008 (non-transitional, as browsers resolve names): `faß.de`
    is `xn--fa-hia.de`; Python's own "idna" codec (IDNA 2003) makes it `fass.de`, another
    domain."""
    try:
        ascii_host = idna.encode(host, uts46=True, transitional=False).decode("ascii")
    except UnicodeError:  # idna.IDNAError is one
        raise ValidationError.single("website", f"'{host}' is not a valid host name") from None
    labels = ascii_host.split(".")
    if len(ascii_host) > 253 or not all(_HOST_LABEL.fullmatch(label) for label in labels):
        raise ValidationError.single("website", f"'{host}' is not a valid host name")
    return ascii_host


def _canonical_host(raw_host: str) -> str:
    host = raw_host.rstrip(".")
    if not host:
        raise ValidationError.single("website", "the URL has no host")
    if host.startswith("["):
        try:
            return f"[{ipaddress.IPv6Address(host[1:-1]).compressed}]"
        except ValueError:
            raise ValidationError.single("website", f"'{host}' is not a valid address") from None
    try:
        return str(ipaddress.IPv4Address(host))
    except ValueError:
        return _idna_host(host)


def website_url(s: str) -> str:
    """The canonical form of a website address, so one site is one string.

    https is assumed when no scheme is given; only http and https are accepted. The host is
    lowercased and IDNA 2008-encoded (UTS #46; `www.` is kept: it can be a different site); a
    default port, the fragment, `utm_*` and click-id parameters are dropped; the remaining query
    parameters are sorted; the root path is `/` and other paths lose a trailing slash."""
    text = unicodedata.normalize("NFC", s).strip()
    if not text:
        raise ValidationError.single("website", "must not be empty")
    if any(ch.isspace() for ch in text):
        raise ValidationError.single("website", "must not contain spaces")
    if len(text) > MAX_URL_LENGTH:
        raise ValidationError.single("website", f"must be at most {MAX_URL_LENGTH} characters")
    if text.startswith("//"):
        text = "https:" + text
    elif _OPAQUE_SCHEME.match(text) and not _SCHEME.match(text):
        raise ValidationError.single("website", "expected an http or https URL")
    elif not _SCHEME.match(text):
        text = "https://" + text
    try:
        parts = urlsplit(text)
        port = parts.port
        raw_host = parts.netloc.rpartition("@")[2]
    except ValueError as exc:
        raise ValidationError.single("website", f"not a valid URL: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise ValidationError.single("website", "expected an http or https URL")
    if parts.username is not None or parts.password is not None:
        raise ValidationError.single("website", "must not carry a user name or password")
    if raw_host.startswith("["):
        host_text = raw_host[: raw_host.index("]") + 1] if "]" in raw_host else raw_host
    else:
        host_text = raw_host.rsplit(":", 1)[0] if ":" in raw_host else raw_host
    host = _canonical_host(host_text.lower())
    netloc = host if port is None or port == _DEFAULT_PORTS[scheme] else f"{host}:{port}"
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query_pairs = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith("utm_") and key.lower() not in _DROPPED_QUERY_KEYS
    ]
    query = urlencode(sorted(query_pairs))
    return f"{scheme}://{netloc}{path}" + (f"?{query}" if query else "")


def http_url(s: str, field: str = "url") -> str:
    """An absolute http(s) URL kept as given (image URLs carry signatures; never rewrite them),
    only trimmed and checked."""
    text = s.strip()
    problem = None
    if not text:
        problem = "must not be empty"
    elif len(text) > MAX_URL_LENGTH:
        problem = f"must be at most {MAX_URL_LENGTH} characters"
    elif any(ch.isspace() for ch in text):
        problem = "must not contain spaces"
    else:
        try:
            parts = urlsplit(text)
            if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
                problem = "expected an absolute http or https URL"
            else:
                _ = parts.port
                text = parts.scheme + text[len(parts.scheme) :]  # HTTPS:// -> https://
        except ValueError as exc:
            problem = f"not a valid URL: {exc}"
    if problem is not None:
        raise ValidationError.single(field, problem)
    return text


# --- UK postcodes --------------------------------------------------------------------------

# The Royal Mail rules for which letters may stand where (outward code, then inward code).
_UK_POSTCODE = re.compile(
    r"(?P<outward>[A-PR-UWYZ](?:[0-9][0-9A-HJKPSTUW]?|[A-HK-Y][0-9][0-9ABEHMNPRV-Y]?))"
    r"(?P<inward>[0-9][ABD-HJLNP-UW-Z]{2})"
)


def uk_postcode(s: str) -> str:
    """A UK postcode in its written form, upper case with one space: `sw1a1aa` -> `SW1A 1AA`."""
    compact = "".join(s.split()).upper()
    match = _UK_POSTCODE.fullmatch(compact)
    if match is None:
        raise ValidationError.single("postcode", "expected a UK postcode such as 'SW1A 1AA'")
    return f"{match['outward']} {match['inward']}"


# --- phone numbers -------------------------------------------------------------------------


def phone_e164(s: str, region: str = "GB") -> str:
    """A valid phone number in E.164 (`+442079460000`); national numbers are read in
    `region`. phonenumbers is imported here, not at module import, to keep cold starts short."""
    import phonenumbers

    text = s.strip()
    if not text:
        raise ValidationError.single("phone", "must not be empty")
    if len(text) > 64:
        raise ValidationError.single("phone", "must be at most 64 characters")
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError.single("phone", f"not a phone number: {exc}") from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError.single("phone", f"not a valid phone number for region {region}")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# --- e-mail --------------------------------------------------------------------------------

_EMAIL = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)


def email(s: str) -> str:
    """An e-mail address, trimmed with its domain lowercased; the practical subset of RFC 5322
    that mail actually uses (no quoted local parts, no IP-literal domains)."""
    text = s.strip()
    if len(text) > 254 or not _EMAIL.fullmatch(text):
        raise ValidationError.single("email", "expected an e-mail address such as a@example.com")
    local, _, domain = text.rpartition("@")
    if local.startswith(".") or local.endswith(".") or ".." in local:
        raise ValidationError.single("email", "expected an e-mail address such as a@example.com")
    return f"{local}@{domain.lower()}"
