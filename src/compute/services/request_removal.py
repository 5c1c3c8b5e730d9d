"""Removal requests: asked by anyone, confirmed by the mailbox, decided by a moderator.

    POST /v1/removal-requests        -> pending    (link e-mailed; the artist stays listed)
    GET  .../{id}/confirmation?token -> confirmed  (the requester read that mailbox)
    POST .../{id}/decision (SigV4)   -> completed  (approve: denylist + opt-out + purge)
                                     -> rejected   (nothing else changes)
    a pending request past `expiresAt` is expired (TTL deletes it; moto never does, so every
    read checks the time too)

Nothing an anonymous caller sends changes what the directory shows: only an approval by a
moderator (IAM on the route) opts an artist out. Approval is the old one-transaction effect:
store the request, put the denylist item(s) (hashes only), opt the artist out with a version
bump so the sync deletes the document. A later scrape can never bring the artist back: the
scraper checks `adapters.denylist.is_denied` before writing, and an artist writer must keep
`opted_out` (its condition includes `NOT_OPTED_OUT_CONDITION`).

New requests are limited per client (its address, hashed) and per artist, in fixed windows.
With an `Idempotency-Key` a request runs at most once per key (Powertools idempotency on
IDEMPOTENCY_TABLE_NAME); the same key with a different body is a conflict.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal, Protocol

from compute.adapters.dynamodb import ArtistNotFound, Item, RemovalStateChanged
from compute.domain import confirmation, keys
from compute.domain.denylist import handle_identity_key_hash
from compute.domain.removal import DenylistEntry, RemovalBody, RemovalRequest, new_request_id
from compute.domain.values import format_timestamp
from compute.services import NotFound

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.typing import LambdaContext
    from mypy_boto3_dynamodb import DynamoDBClient

# Idempotency records live a day: long enough for any client's retries.
IDEMPOTENCY_TTL_S = 24 * 3600
Decision = Literal["approve", "reject"]


class RemovalConflict(Exception):
    """The request is not in a state that allows this step, or an Idempotency-Key clash."""


class RemovalLimited(Exception):
    """Too many new requests from this client or for this artist in the current window."""

    def __init__(self, message: str, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


@dataclasses.dataclass(frozen=True)
class RemovalRules:
    """How long a link lives and how many new requests a window allows (compute.bootstrap
    reads them from the REMOVAL_* settings)."""

    confirm_window_s: int = 24 * 3600
    client_limit: int = 5
    client_window_s: int = 3600
    artist_limit: int = 3
    artist_window_s: int = 24 * 3600
    # A rejected request (and the address in it) is kept this long for the record, then TTL.
    rejected_retention_s: int = 30 * 24 * 3600


class RemovalTable(Protocol):
    def get_artist(self, artist_id: str, *, consistent: bool = False) -> Item | None: ...
    def find_artist_by_handle(self, handle: str) -> Item | None: ...
    def is_denied(self, identity_key_hash: str) -> bool: ...
    def record_removal(
        self,
        removal_request: Mapping[str, Any],
        denylist_items: list[dict[str, Any]],
        artist_id: str | None,
        updated_at: str,
        *,
        expected_status: str | None = None,
    ) -> None: ...


class RequestStore(Protocol):
    def create(self, item: Mapping[str, Any]) -> None: ...
    def get(self, request_id: str) -> Item | None: ...
    def confirm(self, request_id: str, *, now: str, now_epoch: int) -> None: ...
    def reject(self, request_id: str, *, now: str, delete_at: int) -> None: ...
    def count(self, name: str, *, window_start: int, window_end: int, limit: int) -> bool: ...


class Mailer(Protocol):
    def send(self, to: str, subject: str, text: str) -> str: ...


@dataclasses.dataclass(frozen=True)
class RemovalDeps:
    """The ports the three steps use; `signing_key` reads the secret (cached by the adapter)."""

    table: RemovalTable
    store: RequestStore
    mailer: Mailer
    signing_key: Callable[[], bytes]
    rules: RemovalRules = RemovalRules()
    clock: Callable[[], float] = time.time
    new_id: Callable[[], str] = new_request_id

    def accepted(self, body: RemovalBody) -> RemovalRequest:
        """The request a parsed body asks for, with a fresh id and this moment: parsing stays
        pure and happens once, at the edge; the clock and ids come from here."""
        return body.accepted(
            request_id=self.new_id(), received_at=datetime.fromtimestamp(self.clock(), UTC)
        )


def _artist_of(request: RemovalRequest, table: RemovalTable) -> Item | None:
    if request.artist_id is not None:
        found = table.get_artist(request.artist_id, consistent=True)
        if found is not None:
            return found
    if request.instagram_handle is not None:
        return table.find_artist_by_handle(request.instagram_handle)
    return None


def record_removal(
    request: RemovalRequest, table: RemovalTable, *, expected_status: str | None = None
) -> dict[str, str]:
    """Store the request, deny the handle(s), opt the artist out: the effect of an approval."""
    artist = _artist_of(request, table)
    artist_id = str(artist["artistId"]) if artist else request.artist_id
    hashes = {request.identity_key_hash} if request.identity_key_hash else set()
    if artist and isinstance(artist.get("instagramHandle"), str):
        hashes.add(handle_identity_key_hash(artist["instagramHandle"]))
    denylist = [
        DenylistEntry(
            identity_key_hash=h,
            reason=request.reason,
            created_at=request.updated_at,
            artist_id=artist_id,
            request_id=request.request_id,
        ).to_item()
        for h in sorted(hashes)
    ]
    stored = dataclasses.replace(request, artist_id=artist_id).to_item()
    opt_out = str(artist["artistId"]) if artist and artist.get("opted_out") is not True else None
    try:
        table.record_removal(
            stored, denylist, opt_out, request.updated_at, expected_status=expected_status
        )
    except ArtistNotFound:
        # The artist item vanished between the read and the write: nothing left to opt out.
        table.record_removal(
            stored, denylist, None, request.updated_at, expected_status=expected_status
        )
    return {"requestId": request.request_id, "status": request.status}


# --- the three steps -----------------------------------------------------------------------


def _limit_name(scope: str, subject: str) -> str:
    """A limit's item name: the subject (an address, an artist) only as a short hash."""
    return f"removal-{scope}:" + hashlib.sha256(subject.encode("utf-8")).hexdigest()[:32]


def _take(deps: RemovalDeps, name: str, limit: int, window_s: int, what: str) -> None:
    now = int(deps.clock())
    start = now - now % window_s
    if not deps.store.count(name, window_start=start, window_end=start + window_s, limit=limit):
        raise RemovalLimited(
            f"Too many removal requests {what}; try again later.",
            retry_after_s=start + window_s - now,
        )


def confirmation_text(link: str, request: RemovalRequest, hours: int) -> str:
    return (
        "Someone asked the tattoo directory to remove an artist's listing and gave this "
        "address.\n\n"
        f"If it was you, confirm the request within {hours} hours:\n{link}\n\n"
        "A moderator then reviews it. If it was not you, ignore this message: nothing changes.\n"
        f"Request {request.request_id}, reason: {request.reason}.\n"
    )


def request_removal(
    request: RemovalRequest, deps: RemovalDeps, *, client: str, link_base: str
) -> dict[str, str]:
    """Store a pending request and e-mail its confirmation link; the directory is unchanged.
    `client` is the caller's address (limits only; stored nowhere), `link_base` the API's URL."""
    _take(
        deps,
        _limit_name("client", client),
        deps.rules.client_limit,
        deps.rules.client_window_s,
        "from this client",
    )
    artist = _artist_of(request, deps.table)
    artist_id = str(artist["artistId"]) if artist else request.artist_id
    subject = artist_id or request.identity_key_hash or ""
    _take(
        deps,
        _limit_name("artist", subject),
        deps.rules.artist_limit,
        deps.rules.artist_window_s,
        "for this artist",
    )
    now = deps.clock()
    pending = dataclasses.replace(
        request,
        artist_id=artist_id,
        status="pending",
        expires_at=int(now) + deps.rules.confirm_window_s,
    )
    deps.store.create(pending.to_item())
    assert pending.expires_at is not None
    token = confirmation.sign(deps.signing_key(), pending.request_id, pending.expires_at)
    link = f"{link_base}/v1/removal-requests/{pending.request_id}/confirmation?token={token}"
    deps.mailer.send(
        pending.contact_email,
        "Confirm your removal request",
        confirmation_text(link, pending, deps.rules.confirm_window_s // 3600),
    )
    return {"requestId": pending.request_id, "status": "pending"}


def _stored(request_id: str, deps: RemovalDeps) -> RemovalRequest:
    keys.check_id(request_id, "requestId")
    item = deps.store.get(request_id)
    if item is None:
        raise NotFound(f"Removal request '{request_id}' was not found.")
    return RemovalRequest.from_item(item)


def _expired(request: RemovalRequest, now: float) -> bool:
    return request.expires_at is not None and now >= request.expires_at


def confirm_removal(request_id: str, token: str, deps: RemovalDeps) -> dict[str, str]:
    """Follow the e-mailed link: pending -> confirmed, once. LinkInvalid for a token this API
    did not issue for this request, LinkExpired past its time, RemovalConflict when the
    request is no longer pending (the link was used)."""
    keys.check_id(request_id, "requestId")
    now = deps.clock()
    confirmation.verify(deps.signing_key(), request_id, token, now=now)
    request = _stored(request_id, deps)
    if request.status == "pending" and _expired(request, now):
        raise confirmation.LinkExpired("the removal request expired before it was confirmed")
    if request.status != "pending":
        raise RemovalConflict(f"This removal request was already confirmed ({request.status}).")
    try:
        deps.store.confirm(
            request_id, now=format_timestamp(datetime.fromtimestamp(now, UTC)), now_epoch=int(now)
        )
    except RemovalStateChanged:
        raise RemovalConflict("This removal request was already confirmed.") from None
    return {"requestId": request_id, "status": "confirmed"}


def decide_removal(request_id: str, decision: Decision, deps: RemovalDeps) -> dict[str, str]:
    """A moderator's decision on a confirmed request: approve applies the removal (denylist,
    opt-out, purge), reject changes nothing else. RemovalConflict for any other status."""
    request = _stored(request_id, deps)
    now = deps.clock()
    if request.status != "confirmed":
        state = "expired" if _expired(request, now) else request.status
        raise RemovalConflict(
            f"Only a confirmed removal request can be decided; this one is {state}."
        )
    stamp = format_timestamp(datetime.fromtimestamp(now, UTC))
    try:
        if decision == "reject":
            deps.store.reject(
                request_id, now=stamp, delete_at=int(now) + deps.rules.rejected_retention_s
            )
            return {"requestId": request_id, "status": "rejected"}
        completed = dataclasses.replace(
            request, status="completed", updated_at=stamp, decided_at=stamp, completed_at=stamp
        )
        return record_removal(completed, deps.table, expected_status="confirmed")
    except RemovalStateChanged:
        raise RemovalConflict("Another decision on this removal request came first.") from None


class RemovalService:
    """The removal routes' use cases; POST runs at most once per Idempotency-Key."""

    def __init__(
        self,
        deps: RemovalDeps,
        *,
        idempotency_table: str | None = None,
        client: DynamoDBClient | None = None,
    ) -> None:
        self.deps = deps
        self.idempotency_table = idempotency_table
        self.client = client
        self._config: Any = None
        self._context: LambdaContext | None = None
        self._accept_once: Callable[..., dict[str, str]] | None = None

    def _idempotent(self) -> Callable[..., dict[str, str]]:
        """Built on first use: Powertools' idempotency import is not free at cold start."""
        if self._accept_once is None:
            from aws_lambda_powertools.utilities.idempotency import (
                DynamoDBPersistenceLayer,
                IdempotencyConfig,
                idempotent_function,
            )

            if not self.idempotency_table:
                raise RuntimeError("no idempotency table configured")
            self._config = IdempotencyConfig(
                event_key_jmespath="idempotencyKey",
                payload_validation_jmespath="body",
                raise_on_no_idempotency_key=True,
                expires_after_seconds=IDEMPOTENCY_TTL_S,
            )
            persistence = DynamoDBPersistenceLayer(
                table_name=self.idempotency_table, boto3_client=self.client
            )
            deps = self.deps

            @idempotent_function(  # type: ignore[untyped-decorator]
                data_keyword_argument="removal",
                persistence_store=persistence,
                config=self._config,
            )
            def accept_once(
                removal: dict[str, Any], *, request: RemovalRequest, client: str, link_base: str
            ) -> dict[str, str]:
                # `removal` (the key and the body as sent) is what a repeated key must match.
                return request_removal(request, deps, client=client, link_base=link_base)

            self._accept_once = accept_once
            if self._context is not None:
                self._config.register_lambda_context(self._context)
        return self._accept_once

    def register_lambda_context(self, context: LambdaContext) -> None:
        """Lets idempotency records expire in-progress state with the invocation's deadline."""
        self._context = context
        if self._config is not None:
            self._config.register_lambda_context(context)

    def accept(
        self,
        body: RemovalBody,
        *,
        as_sent: Any,
        client: str,
        link_base: str,
    ) -> dict[str, str]:
        """Store pending and send the link for a body parsed at the edge; at most once per
        Idempotency-Key, whose repeats must send the same body (`as_sent`, the JSON as sent)."""
        request = self.deps.accepted(body)
        idempotency_key = body.idempotency_key
        if idempotency_key is None or self.idempotency_table is None:
            return request_removal(request, self.deps, client=client, link_base=link_base)
        from aws_lambda_powertools.utilities.idempotency.exceptions import (
            IdempotencyAlreadyInProgressError,
            IdempotencyPersistenceLayerError,
            IdempotencyValidationError,
        )

        from compute.adapters.dynamodb import TableUnavailable

        try:
            return self._idempotent()(
                removal={"idempotencyKey": idempotency_key, "body": as_sent},
                request=request,
                client=client,
                link_base=link_base,
            )
        except IdempotencyValidationError:
            raise RemovalConflict(
                "This Idempotency-Key was already used for a different request body."
            ) from None
        except IdempotencyAlreadyInProgressError:
            raise RemovalConflict(
                "The first request with this Idempotency-Key is still being processed."
            ) from None
        except IdempotencyPersistenceLayerError as error:
            raise TableUnavailable("the idempotency table did not answer") from error

    def confirm(self, request_id: str, token: str) -> dict[str, str]:
        return confirm_removal(request_id, token, self.deps)

    def decide(self, request_id: str, decision: Decision) -> dict[str, str]:
        return decide_removal(request_id, decision, self.deps)
