"""Table keys of every item type: the only place that formats or parses a PK, SK or GSI key.

Layout (docs/DESIGN.md, "The main table"):
    artist            ARTIST#{artistId}      METADATA
    studio            STUDIO#{studioId}      METADATA
    studio_artist     STUDIO#{studioId}      ARTIST#{artistId}
    denylist          DENYLIST#{identityKeyHash}  METADATA
    removal_request   REMOVAL#{requestId}    METADATA
    circuit           CIRCUIT#{host}         STATE
    lock              LOCK#{name}            LOCK
    scrape_candidate  RUN#{runId}            CANDIDATE#{identityKey}
    run               RUN#{runId}            SUMMARY
    rate_limit        LIMIT#{name}           WINDOW#{windowStart}
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal, Protocol

from compute.domain.errors import ValidationError

ItemType = Literal[
    "artist",
    "studio",
    "studio_artist",
    "denylist",
    "removal_request",
    "circuit",
    "lock",
    "scrape_candidate",
    "run",
    "artist_version",
    "rate_limit",
    "robots",
]
ITEM_TYPES: tuple[ItemType, ...] = (
    "artist",
    "studio",
    "studio_artist",
    "denylist",
    "removal_request",
    "circuit",
    "lock",
    "scrape_candidate",
    "run",
    "artist_version",
    "rate_limit",
    "robots",
)

TableKey = dict[str, str]

ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")
IDENTITY_KEY_HASH_PATTERN = re.compile(r"[0-9a-f]{64}")
HOST_PATTERN = re.compile(r"(?:[a-z0-9][a-z0-9.-]{0,252}|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?")
IDENTITY_KEY_PATTERN = re.compile(r"[^#\x00-\x1f\x7f]+")
LOCK_NAME_PATTERN = re.compile(r"[A-Za-z0-9_.:-]{1,128}")
WINDOW_PATTERN = re.compile(r"WINDOW#[0-9]{1,12}")
# Sort keys are at most 1024 bytes; leave room for the "CANDIDATE#" prefix.
MAX_IDENTITY_KEY_BYTES = 1000

METADATA = "METADATA"
ARTIST_VERSION = "VERSION"
GSI_SHARDS = 4
NO_GEOHASH = "-"  # sorts before every geohash character, so unlocated artists never match a prefix


def _check(value: object, pattern: re.Pattern[str], field: str, expected: str) -> str:
    if not isinstance(value, str) or not pattern.fullmatch(value):
        # The value itself is not echoed: ids can be typed by people and end up in logs.
        raise ValidationError.single(field, f"expected {expected}")
    return value


def check_id(value: object, field: str = "id") -> str:
    """An id as stored in keys: 1-64 of A-Z a-z 0-9 _ - (never `#`)."""
    return _check(value, ID_PATTERN, field, "1-64 letters, digits, '_' or '-'")


def check_identity_key_hash(value: object, field: str = "identityKeyHash") -> str:
    return _check(value, IDENTITY_KEY_HASH_PATTERN, field, "64 lowercase hex digits (sha256)")


def check_host(value: object, field: str = "host") -> str:
    return _check(value, HOST_PATTERN, field, "a lowercase host name, optionally with a port")


def check_lock_name(value: object, field: str = "name") -> str:
    return _check(value, LOCK_NAME_PATTERN, field, "1-128 letters, digits, '_', '.', ':' or '-'")


def check_identity_key(value: object, field: str = "identityKey") -> str:
    if (
        not isinstance(value, str)
        or not IDENTITY_KEY_PATTERN.fullmatch(value)
        or len(value.encode("utf-8")) > MAX_IDENTITY_KEY_BYTES
    ):
        raise ValidationError.single(
            field,
            "expected an identity key without '#' or control characters, "
            f"at most {MAX_IDENTITY_KEY_BYTES} bytes",
        )
    return value


# --- typed keys ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArtistKey:
    type: ClassVar[ItemType] = "artist"
    artist_id: str

    def key(self) -> TableKey:
        return {"PK": f"ARTIST#{self.artist_id}", "SK": METADATA}


@dataclass(frozen=True, slots=True)
class ArtistVersionKey:
    """The highest version an artist ever used, kept beside (and after) its item: a delete uses
    up a version in the search index, so a re-created artist must continue above it."""

    type: ClassVar[ItemType] = "artist_version"
    artist_id: str

    def key(self) -> TableKey:
        return {"PK": f"ARTIST#{self.artist_id}", "SK": ARTIST_VERSION}


@dataclass(frozen=True, slots=True)
class StudioKey:
    type: ClassVar[ItemType] = "studio"
    studio_id: str

    def key(self) -> TableKey:
        return {"PK": f"STUDIO#{self.studio_id}", "SK": METADATA}


@dataclass(frozen=True, slots=True)
class StudioArtistKey:
    type: ClassVar[ItemType] = "studio_artist"
    studio_id: str
    artist_id: str

    def key(self) -> TableKey:
        return {"PK": f"STUDIO#{self.studio_id}", "SK": f"ARTIST#{self.artist_id}"}


@dataclass(frozen=True, slots=True)
class DenylistKey:
    type: ClassVar[ItemType] = "denylist"
    identity_key_hash: str

    def key(self) -> TableKey:
        return {"PK": f"DENYLIST#{self.identity_key_hash}", "SK": METADATA}


@dataclass(frozen=True, slots=True)
class RemovalRequestKey:
    type: ClassVar[ItemType] = "removal_request"
    request_id: str

    def key(self) -> TableKey:
        return {"PK": f"REMOVAL#{self.request_id}", "SK": METADATA}


@dataclass(frozen=True, slots=True)
class CircuitKey:
    type: ClassVar[ItemType] = "circuit"
    host: str

    def key(self) -> TableKey:
        return {"PK": f"CIRCUIT#{self.host}", "SK": "STATE"}


@dataclass(frozen=True, slots=True)
class LockKey:
    type: ClassVar[ItemType] = "lock"
    name: str

    def key(self) -> TableKey:
        return {"PK": f"LOCK#{self.name}", "SK": "LOCK"}


@dataclass(frozen=True, slots=True)
class ScrapeCandidateKey:
    type: ClassVar[ItemType] = "scrape_candidate"
    run_id: str
    identity_key: str

    def key(self) -> TableKey:
        return {"PK": f"RUN#{self.run_id}", "SK": f"CANDIDATE#{self.identity_key}"}


@dataclass(frozen=True, slots=True)
class RunKey:
    type: ClassVar[ItemType] = "run"
    run_id: str

    def key(self) -> TableKey:
        return {"PK": f"RUN#{self.run_id}", "SK": "SUMMARY"}


@dataclass(frozen=True, slots=True)
class RateLimitKey:
    type: ClassVar[ItemType] = "rate_limit"
    name: str
    window_start: int

    def key(self) -> TableKey:
        return {"PK": f"LIMIT#{self.name}", "SK": f"WINDOW#{self.window_start}"}


@dataclass(frozen=True, slots=True)
class RobotsKey:
    """One origin's robots.txt rules, shared by every reader of the site."""

    type: ClassVar[ItemType] = "robots"
    host: str
    scheme: Literal["http", "https"]

    def key(self) -> TableKey:
        return {"PK": f"ROBOTS#{self.host}", "SK": self.scheme.upper()}


ItemKey = (
    ArtistKey
    | StudioKey
    | StudioArtistKey
    | DenylistKey
    | RemovalRequestKey
    | CircuitKey
    | LockKey
    | ScrapeCandidateKey
    | RunKey
    | ArtistVersionKey
    | RateLimitKey
    | RobotsKey
)


# --- builders ------------------------------------------------------------------------------


def artist_key(artist_id: str) -> TableKey:
    return ArtistKey(check_id(artist_id, "artistId")).key()


def artist_version_key(artist_id: str) -> TableKey:
    return ArtistVersionKey(check_id(artist_id, "artistId")).key()


def studio_key(studio_id: str) -> TableKey:
    return StudioKey(check_id(studio_id, "studioId")).key()


def studio_artist_key(studio_id: str, artist_id: str) -> TableKey:
    return StudioArtistKey(check_id(studio_id, "studioId"), check_id(artist_id, "artistId")).key()


def denylist_key(identity_key_hash: str) -> TableKey:
    return DenylistKey(check_identity_key_hash(identity_key_hash)).key()


def removal_request_key(request_id: str) -> TableKey:
    return RemovalRequestKey(check_id(request_id, "requestId")).key()


def circuit_key(host: str) -> TableKey:
    return CircuitKey(check_host(host)).key()


def robots_key(scheme: str, host: str) -> TableKey:
    if scheme not in ("http", "https"):
        raise ValidationError.single("scheme", "expected http or https")
    return RobotsKey(check_host(host), "https" if scheme == "https" else "http").key()


def lock_key(name: str) -> TableKey:
    return LockKey(check_lock_name(name)).key()


def scrape_candidate_key(run_id: str, identity_key: str) -> TableKey:
    return ScrapeCandidateKey(check_id(run_id, "runId"), check_identity_key(identity_key)).key()


def run_key(run_id: str) -> TableKey:
    return RunKey(check_id(run_id, "runId")).key()


def rate_limit_key(name: str, window_start: int) -> TableKey:
    """One counting window of a limit (`removal-client:<hash>`), its start in epoch seconds."""
    if not isinstance(window_start, int) or window_start < 0:
        raise ValidationError.single("windowStart", "expected whole epoch seconds")
    return RateLimitKey(check_lock_name(name), window_start).key()


def studio_artists_prefix(studio_id: str) -> tuple[str, str]:
    """(PK, SK prefix) that a Query uses to list a studio's artist links."""
    return f"STUDIO#{check_id(studio_id, 'studioId')}", "ARTIST#"


def run_candidates_prefix(run_id: str) -> tuple[str, str]:
    """(PK, SK prefix) that a Query uses to list one run's scrape candidates."""
    return f"RUN#{check_id(run_id, 'runId')}", "CANDIDATE#"


# --- parser --------------------------------------------------------------------------------


def parse_key(pk: str, sk: str) -> ItemKey:
    """The typed key an item's PK and SK spell; ValidationError for anything else."""
    if not isinstance(pk, str) or not isinstance(sk, str):
        raise ValidationError.single("PK", "PK and SK must be strings")
    prefix, sep, rest = pk.partition("#")
    if not sep:
        raise ValidationError.single("PK", "expected '<TYPE>#<id>'")
    if prefix == "ARTIST" and sk == METADATA:
        return ArtistKey(check_id(rest, "PK"))
    if prefix == "ARTIST" and sk == ARTIST_VERSION:
        return ArtistVersionKey(check_id(rest, "PK"))
    if prefix == "STUDIO" and sk == METADATA:
        return StudioKey(check_id(rest, "PK"))
    if prefix == "STUDIO" and sk.startswith("ARTIST#"):
        return StudioArtistKey(check_id(rest, "PK"), check_id(sk[len("ARTIST#") :], "SK"))
    if prefix == "DENYLIST" and sk == METADATA:
        return DenylistKey(check_identity_key_hash(rest, "PK"))
    if prefix == "REMOVAL" and sk == METADATA:
        return RemovalRequestKey(check_id(rest, "PK"))
    if prefix == "CIRCUIT" and sk == "STATE":
        return CircuitKey(check_host(rest, "PK"))
    if prefix == "ROBOTS" and sk in ("HTTP", "HTTPS"):
        return RobotsKey(check_host(rest, "PK"), "https" if sk == "HTTPS" else "http")
    if prefix == "LOCK" and sk == "LOCK":
        return LockKey(check_lock_name(rest, "PK"))
    if prefix == "RUN" and sk.startswith("CANDIDATE#"):
        return ScrapeCandidateKey(
            check_id(rest, "PK"), check_identity_key(sk[len("CANDIDATE#") :], "SK")
        )
    if prefix == "RUN" and sk == "SUMMARY":
        return RunKey(check_id(rest, "PK"))
    if prefix == "LIMIT" and WINDOW_PATTERN.fullmatch(sk):
        return RateLimitKey(check_lock_name(rest, "PK"), int(sk[len("WINDOW#") :]))
    # Only the type prefixes are named: a candidate's SK holds a handle or a name.
    raise ValidationError.single(
        "SK", f"no item type has a PK of type {prefix!r:.20} with SK {sk.partition('#')[0]!r:.20}"
    )


# --- GSI keys of an artist -----------------------------------------------------------------


class IndexedArtist(Protocol):
    """What the GSI builders read from an artist (the Artist model satisfies it)."""

    @property
    def artist_id(self) -> str: ...
    @property
    def name_key(self) -> str: ...
    @property
    def styles(self) -> Sequence[str]: ...
    @property
    def geohash(self) -> str | None: ...
    @property
    def instagram_handle(self) -> str | None: ...


def style_shard(artist_id: str) -> int:
    """A stable shard (0..GSI_SHARDS-1) for an artist, so one style's GSI1 partition is spread
    over several; the same id always lands on the same shard (Python's hash() is salted)."""
    digest = hashlib.sha256(artist_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % GSI_SHARDS


def style_partition(style: str, shard: int) -> str:
    return f"STYLE#{style}#SHARD#{shard}"


def artist_gsi_keys(artist: IndexedArtist) -> dict[str, str]:
    """GSI1 (primary style, sharded; sorted by geohash), GSI2 (name key) and GSI3 (Instagram
    handle) attributes; an index is left out (sparse) when the artist lacks its value."""
    artist_id = check_id(artist.artist_id, "artistId")
    keys: dict[str, str] = {}
    if artist.styles:
        keys["GSI1PK"] = style_partition(artist.styles[0], style_shard(artist_id))
        keys["GSI1SK"] = f"GEO#{artist.geohash or NO_GEOHASH}#ARTIST#{artist_id}"
    if artist.name_key:
        keys["GSI2PK"] = f"NAME#{artist.name_key}"
        keys["GSI2SK"] = f"ARTIST#{artist_id}"
    if artist.instagram_handle:
        keys["GSI3PK"] = f"HANDLE#{artist.instagram_handle}"
        keys["GSI3SK"] = f"ARTIST#{artist_id}"
    return keys


def name_partition(name_key: str) -> str:
    return f"NAME#{name_key}"


def handle_partition(handle: str) -> str:
    return f"HANDLE#{handle}"
