"""The artist writer the scraper uses: a conditional, versioned put of the artist item plus its
studio link, refused for opted-out or denylisted artists.

Check, write, check again: the denylist is read before the write (with the artist and its
version floor, in one strongly consistent BatchGetItem); the artist Put is
conditioned on the version read (`version = :read`, or `attribute_not_exists(PK)` for a new
artist) and on not being opted out, so a removal that opted the artist out in between makes it
fail (we read again and refuse); and the denylist is read once more after the write, so a
removal that landed for a not-yet-existing artist is applied by opting the new item out at
once. A scrape can therefore never re-create or un-opt-out an artist. (No TransactWriteItems:
moto copies the whole table for every transaction, which a 10-task scrape cannot afford.)
An artist created anew starts above its version floor (`artist_version` item: the version its
deleted predecessor used up in the index), so the index never refuses it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from botocore.exceptions import BotoCoreError, ClientError

from compute.adapters.denylist import read_guarded
from compute.adapters.dynamodb import NOT_OPTED_OUT_CONDITION, MainTable, TableUnavailable
from compute.domain import keys
from compute.domain.attribute_values import to_attribute_values
from compute.domain.denylist import denial_hashes
from compute.domain.models import Artist, StudioArtistLink

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

WriteOutcome = Literal["created", "updated", "opted_out", "denylisted", "already_scraped"]
WRITE_ATTEMPTS = 4  # conditional-write races with another writer before we give up


class WriteConflict(TableUnavailable):
    """Another writer kept changing the artist between our read and our write."""


@dataclass(frozen=True, slots=True)
class GuardedRead:
    """What one strongly consistent batch read said of an artist just before its write: a
    denylist item holds one of its hashes, its item and its version floor (None: none). A
    writer given one uses it for its first attempt instead of reading again; its conditional
    Put still refuses a stale one (another version, an opt-out) and the check after the write
    still sees a removal that landed since."""

    denied: bool
    current: Mapping[str, Any] | None
    floor: Mapping[str, Any] | None


@dataclass(frozen=True, slots=True)
class WriteResult:
    outcome: WriteOutcome
    artist_id: str
    version: int | None = None

    @property
    def written(self) -> bool:
        return self.outcome in ("created", "updated")


class ArtistWriter:
    """Writes scraped artists into the main table without ever overriding an opt-out."""

    def __init__(
        self,
        table: MainTable,
        *,
        validate_item: Callable[[Mapping[str, Any]], None] | None = None,
    ) -> None:
        self.table = table
        self.client: DynamoDBClient = table.client
        self.validate_item = validate_item

    def write(
        self,
        artist: Artist,
        *,
        identity_key: str,
        studio_id: str,
        now: str,
        read: GuardedRead | None = None,
        fresh_since: str | None = None,
    ) -> WriteResult:
        """Create or update `artist` (its id derives from `identity_key`) and link it to the
        studio; refuse (no write at all) when it is opted out or denylisted. `read`: the
        caller's guard read of this artist just before (its first attempt needs no other).
        `fresh_since`: when its job was queued; an item scraped at or after it is left as it
        is (`already_scraped`): SQS can deliver one job twice at once, and the second delivery,
        whose read came before the first one's write, must not write (and count) it again."""
        hashes = denial_hashes(identity_key=identity_key, handle=artist.instagram_handle)
        for _ in range(WRITE_ATTEMPTS):
            if read is not None:
                denied, current, floor = read.denied, read.current, read.floor
                read = None  # a conflict re-reads
            else:
                # The denylist, the artist and its version floor: one consistent batch read.
                denied, (current, floor) = read_guarded(
                    self.table,
                    hashes,
                    keys.artist_key(artist.artist_id),
                    keys.artist_version_key(artist.artist_id),
                )
            if denied:
                return WriteResult("denylisted", artist.artist_id)
            if current is not None and current.get("opted_out") is True:
                return WriteResult("opted_out", artist.artist_id)
            if current is not None and fresh_since is not None:
                scraped_at = current.get("scrapedAt")
                if isinstance(scraped_at, str) and scraped_at >= fresh_since:
                    return WriteResult("already_scraped", artist.artist_id)
            read_version = int(current["version"]) if current is not None else None
            # A new artist continues above any version a deleted one used (its floor).
            base = (
                read_version
                if read_version is not None
                else (int(floor["version"]) if floor else 0)
            )
            stored = dataclasses.replace(
                artist,
                version=base + 1,
                created_at=str(current.get("createdAt", artist.created_at))
                if current
                else artist.created_at,
                # A second studio's scrape keeps the artist's first studio; the link records both.
                studio_info=artist.studio_info
                if current is None or "studioInfo" not in current
                else _keep_studio(artist, current),
            )
            item = stored.to_item()
            if self.validate_item is not None:
                self.validate_item(item)
            if self._put(item, read_version, hashes, studio_id, now):
                if self._opt_out_if_denied(artist.artist_id, hashes, now):
                    return WriteResult("denylisted", artist.artist_id)
                return WriteResult(
                    "created" if read_version is None else "updated",
                    artist.artist_id,
                    stored.version,
                )
        raise WriteConflict(f"artist {artist.artist_id}: version kept changing while writing")

    def _put(
        self,
        item: Mapping[str, Any],
        read_version: int | None,
        hashes: list[str],
        studio_id: str,
        now: str,
    ) -> bool:
        """True when written; False when a condition failed (re-read and decide again)."""
        values: dict[str, Any] = {}
        if read_version is None:
            condition = "attribute_not_exists(PK)"
        else:
            condition = f"version = :read AND {NOT_OPTED_OUT_CONDITION}"
            values = {":false": {"BOOL": False}, ":read": {"N": str(read_version)}}
        request: dict[str, Any] = {
            "TableName": self.table.table_name,
            "Item": to_attribute_values(item),
            "ConditionExpression": condition,
        }
        if values:
            request["ExpressionAttributeValues"] = values
        try:
            self.client.put_item(**request)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                return False
            raise _unavailable("PutItem", error) from error
        except BotoCoreError as error:
            raise _unavailable("PutItem", error) from error
        link = StudioArtistLink(
            studio_id=studio_id, artist_id=str(item["artistId"]), created_at=now, updated_at=now
        ).to_item()
        self.table.put_items([link])
        return True

    def _opt_out_if_denied(self, artist_id: str, hashes: list[str], now: str) -> bool:
        """After a write: if a removal landed meanwhile, opt the artist out (True)."""
        if not read_guarded(self.table, hashes)[0]:
            return False
        try:
            self.client.update_item(
                TableName=self.table.table_name,
                Key=to_attribute_values(keys.artist_key(artist_id)),
                UpdateExpression="SET opted_out = :yes, updatedAt = :now, version = version + :one",
                ConditionExpression="attribute_exists(PK)",
                ExpressionAttributeValues={
                    ":yes": {"BOOL": True},
                    ":now": {"S": now},
                    ":one": {"N": "1"},
                },
            )
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") != "ConditionalCheckFailedException":
                raise _unavailable("UpdateItem", error) from error
        except BotoCoreError as error:
            raise _unavailable("UpdateItem", error) from error
        return True


def _unavailable(operation: str, error: Exception) -> TableUnavailable:
    if isinstance(error, ClientError):
        return TableUnavailable(
            f"{operation} failed: {error.response.get('Error', {}).get('Code')}"
        )
    return TableUnavailable(f"{operation} failed: {type(error).__name__}")


def _keep_studio(artist: Artist, current: Mapping[str, Any]) -> Any:
    from compute.domain.models import StudioInfo

    info = current.get("studioInfo")
    if not isinstance(info, Mapping) or not info.get("studioId") or not info.get("studioName"):
        return artist.studio_info
    return StudioInfo(
        studio_id=str(info["studioId"]),
        studio_name=str(info["studioName"]),
        address=info.get("address"),
        postcode=info.get("postcode"),
    )
