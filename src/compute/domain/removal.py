"""The removal aggregate: a request to be removed from the directory, and the denylist entry
that keeps someone out for good (by hash only), with the parsers that check them. The clock and
the request id are given by the caller, so parsing stays pure."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from compute.domain import keys, normalise
from compute.domain.denylist import handle_identity_key_hash
from compute.domain.errors import Problems, ValidationError
from compute.domain.fields import Fields, check_item_identity, email, require_mapping, trim
from compute.domain.values import JsonObject, format_timestamp, put

# As contracts/schemas/common.schema.json#/$defs/removalReason (the API's source of truth).
RemovalReason = Literal["opt-out", "privacy", "incorrect-information", "impersonation", "other"]
REMOVAL_REASONS: tuple[RemovalReason, ...] = (
    "opt-out",
    "privacy",
    "incorrect-information",
    "impersonation",
    "other",
)
# pending (link sent) -> confirmed (link followed) -> completed (approved) | rejected; a pending
# request past its expiresAt is expired whether or not TTL has deleted it yet.
RemovalStatus = Literal["pending", "confirmed", "completed", "rejected", "failed"]
REMOVAL_STATUSES: tuple[RemovalStatus, ...] = (
    "pending",
    "confirmed",
    "completed",
    "rejected",
    "failed",
)
MAX_MESSAGE = 2000
# Items written before issue 16 named the identity key's hash `handleHash`, though it hashes the
# identity key (`ig:`, `web:` or `name:`), not a handle; read, never written. Denylist items are
# permanent, so the legacy read stays until a scan finds no `handleHash` left.
LEGACY_IDENTITY_KEY_HASH = "handleHash"
_IDEMPOTENCY_KEY = re.compile(r"[A-Za-z0-9_.:-]{8,128}")


@dataclass(frozen=True, slots=True)
class RemovalRequest:
    """An artist (or someone for them) asks to be removed. The raw handle is kept in memory
    for the look-up only; the stored item carries its denylist hash, never the handle."""

    request_id: str
    reason: RemovalReason
    contact_email: str
    created_at: str
    updated_at: str
    status: RemovalStatus = "pending"
    artist_id: str | None = None
    identity_key_hash: str | None = None
    message: str | None = None
    idempotency_key: str | None = None
    confirmed_at: str | None = None
    decided_at: str | None = None
    completed_at: str | None = None
    expires_at: int | None = None
    instagram_handle: str | None = field(default=None, compare=False, repr=False)

    def to_item(self) -> JsonObject:
        item: JsonObject = {
            **keys.removal_request_key(self.request_id),
            "type": "removal_request",
            "requestId": self.request_id,
            "status": self.status,
            "reason": self.reason,
            "contactEmail": self.contact_email,
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
        }
        put(item, "artistId", self.artist_id)
        put(item, "identityKeyHash", self.identity_key_hash)
        put(item, "message", self.message)
        put(item, "idempotencyKey", self.idempotency_key)
        put(item, "confirmedAt", self.confirmed_at)
        put(item, "decidedAt", self.decided_at)
        put(item, "completedAt", self.completed_at)
        put(item, "expiresAt", self.expires_at)
        return item

    @classmethod
    def from_item(cls, item: Mapping[str, Any]) -> RemovalRequest:

        return parse_removal_request_item(item)


@dataclass(frozen=True, slots=True)
class DenylistEntry:
    """Someone who must never be scraped or shown again, by hash only."""

    identity_key_hash: str
    reason: RemovalReason
    created_at: str
    artist_id: str | None = None
    request_id: str | None = None

    def to_item(self) -> JsonObject:
        item: JsonObject = {
            **keys.denylist_key(self.identity_key_hash),
            "type": "denylist",
            "identityKeyHash": self.identity_key_hash,
            "reason": self.reason,
            "createdAt": self.created_at,
        }
        put(item, "artistId", self.artist_id)
        put(item, "requestId", self.request_id)
        return item

    @classmethod
    def from_item(cls, item: Mapping[str, Any]) -> DenylistEntry:

        return parse_denylist_item(item)


# --- parsing -----------------------------------------------------------------------------

REMOVAL_BODY_FIELDS = frozenset(
    {"artistId", "instagramHandle", "reason", "contactEmail", "message"}
)


@dataclass(frozen=True, slots=True)
class RemovalBody:
    """The checked body of POST /v1/removal-requests, before it is given an id and a time."""

    reason: RemovalReason
    contact_email: str
    artist_id: str | None = None
    instagram_handle: str | None = None
    message: str | None = None
    idempotency_key: str | None = None

    def accepted(self, *, request_id: str, received_at: datetime) -> RemovalRequest:
        """The request, accepted at `received_at` under `request_id`; the handle is kept
        only as its denylist hash in the stored item."""
        now = format_timestamp(received_at)
        handle = self.instagram_handle
        return RemovalRequest(
            request_id=keys.check_id(request_id, "requestId"),
            reason=self.reason,
            contact_email=self.contact_email,
            created_at=now,
            updated_at=now,
            artist_id=self.artist_id,
            identity_key_hash=handle_identity_key_hash(handle) if handle else None,
            message=self.message,
            idempotency_key=self.idempotency_key,
            instagram_handle=handle,
        )


def parse_removal_body(
    body: Mapping[str, Any], *, idempotency_key: str | None = None
) -> RemovalBody:
    """The body of POST /v1/removal-requests: artistId or instagramHandle (at least one),
    reason (one of REMOVAL_REASONS), contactEmail, and an optional message of at most 2000
    characters; ValidationError names every problem."""
    body = require_mapping(body, "body")
    problems = Problems()
    f = Fields(body, problems)
    f.reject_unknown(REMOVAL_BODY_FIELDS)
    artist_id = f.identifier("artistId")
    handle = f.convert("instagramHandle", normalise.instagram_handle)
    if body.get("artistId") is None and body.get("instagramHandle") is None:
        f.add("artistId", "give artistId or instagramHandle (or both)")
    reason = f.choice("reason", REMOVAL_REASONS, required=True)
    contact = f.convert("contactEmail", email, required=True)
    message = f.text("message", max_length=MAX_MESSAGE, clean=trim)
    if idempotency_key is not None and not _IDEMPOTENCY_KEY.fullmatch(idempotency_key):
        problems.add("Idempotency-Key", "must be 8-128 letters, digits, '_', '.', ':' or '-'")
    problems.raise_if_any()
    assert reason is not None and contact is not None
    return RemovalBody(
        reason=reason,
        contact_email=contact,
        artist_id=artist_id,
        instagram_handle=handle,
        message=message,
        idempotency_key=idempotency_key,
    )


def validate_removal_request(
    body: Mapping[str, Any],
    *,
    request_id: str,
    received_at: datetime,
    idempotency_key: str | None = None,
) -> RemovalRequest:
    """A RemovalRequest from the body of POST /v1/removal-requests (see
    `parse_removal_body`), accepted at `received_at` under `request_id`."""
    checked = parse_removal_body(body, idempotency_key=idempotency_key)
    return checked.accepted(request_id=request_id, received_at=received_at)


def new_request_id() -> str:
    """A fresh removal request id (the caller makes it: parsing stays pure)."""
    return "rem_" + uuid.uuid4().hex


def parse_removal_request_item(item: Mapping[str, Any]) -> RemovalRequest:
    item = require_mapping(item, "item")
    problems = Problems()
    f = Fields(item, problems)
    f.reject_unknown(
        frozenset(
            {"PK", "SK", "type", "requestId", "status", "reason", "artistId", "identityKeyHash"}
            | {LEGACY_IDENTITY_KEY_HASH}
            | {"contactEmail", "message", "idempotencyKey", "createdAt", "updatedAt"}
            | {"confirmedAt", "decidedAt", "completedAt", "expiresAt"}
        )
    )
    check_item_identity(
        f,
        "removal_request",
        lambda: keys.removal_request_key(item.get("requestId")),  # type: ignore[arg-type]
    )
    reason: RemovalReason | None = f.choice("reason", REMOVAL_REASONS, required=True)
    status: RemovalStatus | None = f.choice("status", REMOVAL_STATUSES, required=True)
    request = RemovalRequest(
        request_id=f.identifier("requestId", required=True) or "",
        reason=reason or "other",
        contact_email=f.convert("contactEmail", email, required=True) or "",
        created_at=f.timestamp("createdAt", required=True) or "",
        updated_at=f.timestamp("updatedAt", required=True) or "",
        status=status or "pending",
        artist_id=f.identifier("artistId"),
        identity_key_hash=f.convert(_hash_field(item), keys.check_identity_key_hash),
        message=f.text("message", max_length=MAX_MESSAGE, clean=trim),
        idempotency_key=f.convert("idempotencyKey", _idempotency_key),
        confirmed_at=f.timestamp("confirmedAt"),
        decided_at=f.timestamp("decidedAt"),
        completed_at=f.timestamp("completedAt"),
        expires_at=f.integer("expiresAt", low=0),
    )
    if item.get("artistId") is None and item.get(_hash_field(item)) is None:
        f.add("artistId", "a removal request names artistId or identityKeyHash")
    problems.raise_if_any()
    return request


def _hash_field(item: Mapping[str, Any]) -> str:
    """Where an item keeps its identity key's hash (`handleHash` before issue 16)."""
    legacy = LEGACY_IDENTITY_KEY_HASH
    return legacy if "identityKeyHash" not in item and legacy in item else "identityKeyHash"


def _idempotency_key(value: str) -> str:
    if not _IDEMPOTENCY_KEY.fullmatch(value):
        raise ValidationError.single("idempotencyKey", "must be 8-128 letters, digits, _.:-")
    return value


def parse_denylist_item(item: Mapping[str, Any]) -> DenylistEntry:
    item = require_mapping(item, "item")
    problems = Problems()
    f = Fields(item, problems)
    f.reject_unknown(
        frozenset(
            {"PK", "SK", "type", "identityKeyHash", "artistId", "requestId", "reason", "createdAt"}
            | {LEGACY_IDENTITY_KEY_HASH}
        )
    )
    hash_field = _hash_field(item)
    check_item_identity(f, "denylist", lambda: keys.denylist_key(item.get(hash_field)))  # type: ignore[arg-type]
    entry = DenylistEntry(
        identity_key_hash=f.convert(hash_field, keys.check_identity_key_hash, required=True) or "",
        reason=f.choice("reason", REMOVAL_REASONS, required=True) or "other",
        created_at=f.timestamp("createdAt", required=True) or "",
        artist_id=f.identifier("artistId"),
        request_id=f.identifier("requestId"),
    )
    problems.raise_if_any()
    return entry
