"""POST /v1/removal-requests.

Accepting a request, in one DynamoDB transaction: store the removal_request item, put the
denylist item (the handle's hash only), and opt the artist out with a conditional update that
bumps `version`, so the sync deletes the document from the index. A later scrape can never
bring the artist back: the scraper checks `adapters.denylist.is_denied` before writing, and an
artist writer must keep `opted_out` (its condition includes `NOT_OPTED_OUT_CONDITION`).

With an `Idempotency-Key` the request runs at most once per key (Powertools idempotency on
IDEMPOTENCY_TABLE_NAME); the same key with a different body is a conflict.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from compute.adapters.dynamodb import ArtistNotFound, Item, TableUnavailable
from compute.domain.denylist import handle_hash
from compute.domain.models import DenylistEntry, RemovalRequest
from compute.domain.validation import new_request_id, validate_removal_request

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.typing import LambdaContext
    from mypy_boto3_dynamodb import DynamoDBClient

# Idempotency records live a day: long enough for any client's retries.
IDEMPOTENCY_TTL_S = 24 * 3600


class RemovalConflict(Exception):
    """The Idempotency-Key was used with another body, or its first request is still running."""


class RemovalTable(Protocol):
    def get_artist(self, artist_id: str, *, consistent: bool = False) -> Item | None: ...
    def find_artist_by_handle(self, handle: str) -> Item | None: ...
    def is_denied(self, handle_hash: str) -> bool: ...
    def record_removal(
        self,
        removal_request: Mapping[str, Any],
        denylist_items: list[dict[str, Any]],
        artist_id: str | None,
        updated_at: str,
    ) -> None: ...


def _artist_of(request: RemovalRequest, table: RemovalTable) -> Item | None:
    if request.artist_id is not None:
        found = table.get_artist(request.artist_id, consistent=True)
        if found is not None:
            return found
    if request.instagram_handle is not None:
        return table.find_artist_by_handle(request.instagram_handle)
    return None


def record_removal(request: RemovalRequest, table: RemovalTable) -> dict[str, str]:
    """Store the request, deny the handle(s), opt the artist out; the 202 reply body."""
    artist = _artist_of(request, table)
    artist_id = str(artist["artistId"]) if artist else request.artist_id
    hashes = {request.handle_hash} if request.handle_hash else set()
    if artist and isinstance(artist.get("instagramHandle"), str):
        hashes.add(handle_hash(artist["instagramHandle"]))
    denylist = [
        DenylistEntry(
            handle_hash=h,
            reason=request.reason,
            created_at=request.created_at,
            artist_id=artist_id,
            request_id=request.request_id,
        ).to_item()
        for h in sorted(hashes)
    ]
    stored = dataclasses.replace(request, artist_id=artist_id).to_item()
    opt_out = str(artist["artistId"]) if artist and artist.get("opted_out") is not True else None
    try:
        table.record_removal(stored, denylist, opt_out, request.updated_at)
    except ArtistNotFound:
        # The artist item vanished between the read and the write: nothing left to opt out.
        table.record_removal(stored, denylist, None, request.updated_at)
    return {"requestId": request.request_id, "status": "accepted"}


class RemovalService:
    """Accepts removal requests, idempotently when the client sends an Idempotency-Key."""

    def __init__(
        self,
        table: RemovalTable,
        *,
        idempotency_table: str | None = None,
        client: DynamoDBClient | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        new_id: Callable[[], str] = new_request_id,
    ) -> None:
        self.table = table
        self.idempotency_table = idempotency_table
        self.client = client
        self.now = now
        self.new_id = new_id
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
            table = self.table

            @idempotent_function(  # type: ignore[untyped-decorator]
                data_keyword_argument="removal",
                persistence_store=persistence,
                config=self._config,
            )
            def accept_once(removal: dict[str, Any]) -> dict[str, str]:
                request = validate_removal_request(
                    removal["body"],
                    idempotency_key=removal["idempotencyKey"],
                    request_id=self.new_id(),
                    received_at=self.now(),
                )
                return record_removal(request, table)

            self._accept_once = accept_once
            if self._context is not None:
                self._config.register_lambda_context(self._context)
        return self._accept_once

    def register_lambda_context(self, context: LambdaContext) -> None:
        """Lets idempotency records expire in-progress state with the invocation's deadline."""
        self._context = context
        if self._config is not None:
            self._config.register_lambda_context(context)

    def accept(self, body: Any, *, idempotency_key: str | None = None) -> dict[str, str]:
        """Validate (every problem at once), then record; at most once per Idempotency-Key."""
        request = validate_removal_request(
            body, idempotency_key=idempotency_key, request_id=self.new_id(), received_at=self.now()
        )
        if idempotency_key is None or self.idempotency_table is None:
            return record_removal(request, self.table)
        from aws_lambda_powertools.utilities.idempotency.exceptions import (
            IdempotencyAlreadyInProgressError,
            IdempotencyPersistenceLayerError,
            IdempotencyValidationError,
        )

        try:
            return self._idempotent()(removal={"idempotencyKey": idempotency_key, "body": body})
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
