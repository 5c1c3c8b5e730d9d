"""Who an artist is, independent of how a page spelled them: the identity key that
de-duplicates candidates across studios and runs, and the artist id derived from it."""

from __future__ import annotations

import hashlib

from compute.domain import normalise
from compute.domain.errors import Problem, ValidationError
from compute.domain.keys import ID_PATTERN, MAX_IDENTITY_KEY_BYTES

ARTIST_ID_PREFIX = "art_"
STUDIO_ID_PREFIX = "stu_"


def _escape_name(key: str) -> str:
    # '#' separates key parts and '@' separates name from studio; keep both out of the name.
    escaped = key.replace("%", "%25").replace("#", "%23").replace("@", "%40")
    return "".join(f"%{ord(ch):02X}" if ord(ch) < 0x20 or ord(ch) == 0x7F else ch for ch in escaped)


def _same_site(url: str) -> str:
    """One identity for the http/https and www./bare spellings of a page, which studios
    serve alike and link interchangeably."""
    rest = url.split("://", 1)[1]
    return "https://" + rest.removeprefix("www.")


def _bounded(kind: str, value: str) -> str:
    """`kind:value`, or `kind:sha256:<hex>` when that would not fit a sort key (a very long URL
    or name); either way one fact always yields one key."""
    key = f"{kind}:{value}"
    if len(key.encode("utf-8")) <= MAX_IDENTITY_KEY_BYTES:
        return key
    return f"{kind}:sha256:{hashlib.sha256(value.encode('utf-8')).hexdigest()}"


def identity_key(
    *,
    instagram_handle: str | None = None,
    website: str | None = None,
    name: str | None = None,
    studio_id: str | None = None,
) -> str:
    """The strongest identity the facts support: `ig:{handle}`, else `web:{canonical url}`
    (https, without `www.`), else `name:{name_key}@{studio_id}`. A fact that is present but
    malformed is an error, not a reason to fall back to a weaker identity."""
    if instagram_handle is not None and instagram_handle.strip():
        return f"ig:{normalise.instagram_handle(instagram_handle)}"
    if website is not None and website.strip():
        return _bounded("web", _same_site(normalise.website_url(website)))
    if name is not None and studio_id is not None:
        key = normalise.name_key(name)
        if key and ID_PATTERN.fullmatch(studio_id):
            return _bounded("name", f"{_escape_name(key)}@{studio_id}")
        problems = []
        if not key:
            problems.append(Problem("name", "must not be empty"))
        if not ID_PATTERN.fullmatch(studio_id):
            problems.append(Problem("studioId", "expected 1-64 letters, digits, '_' or '-'"))
        raise ValidationError(problems)
    raise ValidationError.single(
        "identity", "needs an Instagram handle, a website, or a name together with a studio id"
    )


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def artist_id_for(identity_key: str) -> str:
    """A stable, short artist id for an identity key: `art_` + 16 hex digits of its sha256."""
    if not identity_key:
        raise ValidationError.single("identityKey", "must not be empty")
    return ARTIST_ID_PREFIX + _short_hash(identity_key)


def studio_id_for(place_id: str) -> str:
    """A stable studio id for a Google Places place id (which can outgrow the 64-char id rule)."""
    if not place_id or not place_id.strip():
        raise ValidationError.single("placeId", "must not be empty")
    return STUDIO_ID_PREFIX + _short_hash(place_id.strip())


def job_id_for(run_id: str, identity_key: str) -> str:
    """A stable scrape-job id: the same candidate queued twice in one run is one job."""
    if not run_id or not identity_key:
        raise ValidationError.single("jobId", "needs a run id and an identity key")
    return "job_" + _short_hash(f"{run_id}\x00{identity_key}")
