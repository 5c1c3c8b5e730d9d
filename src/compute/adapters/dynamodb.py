"""The main table as the search path sees it: artists, studios with their artist links, the
denylist, and the removal request that opts an artist out.

Items travel as plain values (`compute.domain.attribute_values` converts them), keys come from
`compute.domain.keys`; nothing here formats a key itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError, ClientError, ParamValidationError

from compute.domain import keys
from compute.domain.attribute_values import from_attribute_values, to_attribute_values

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

Item = dict[str, Any]

# BatchGetItem takes at most 100 keys per call.
BATCH_GET_LIMIT = 100
# A key no item ever has: GetItem on it proves the table answers without reading data.
HEALTH_PROBE_KEY = {"PK": "HEALTH#probe", "SK": "PROBE"}
HANDLE_INDEX = "GSI3"
# Items a Scan page reads: pages stay short, so each call answers well inside its timeout.
SCAN_PAGE_ITEMS = 1000
# Every writer of an artist item adds this to its ConditionExpression (with ":false" bound to
# false), so no scrape can clear an opt-out; a failed condition means "skip this artist".
NOT_OPTED_OUT_CONDITION = "(attribute_not_exists(opted_out) OR opted_out = :false)"


class TableUnavailable(Exception):
    """The table did not answer (throttled, unreachable, or a server error)."""


class TableRejected(Exception):
    """The table refused a request as malformed (ValidationException and kin): a bug in what
    we sent, never an outage, so it must not be reported as "try again later"."""

    def __init__(self, code: str, operation: str = "") -> None:
        super().__init__(f"DynamoDB {operation or 'call'} refused: {code}")
        self.code = code


class RemovalStateChanged(Exception):
    """The removal request was not in the status the write expected."""


class ArtistNotFound(Exception):
    """No artist item has this id (or it vanished while a removal was being recorded)."""


@dataclass(frozen=True, slots=True)
class TableVersion:
    """An artist item's version, and whether the table lists it (present, not opted out)."""

    version: int
    listed: bool


@dataclass(frozen=True)
class StudioListing:
    studio: Item
    artist_ids: list[str]


# Error codes that mean "this request is wrong", which retrying cannot fix.
REJECTED_CODES = frozenset({"ValidationException", "SerializationException"})


def _wrap(error: Exception) -> TableUnavailable | TableRejected:
    if isinstance(error, ClientError):
        code = str(error.response.get("Error", {}).get("Code", ""))
        if code in REJECTED_CODES:
            return TableRejected(code, str(error.operation_name or ""))
    if isinstance(error, ParamValidationError):
        return TableRejected(type(error).__name__)
    return TableUnavailable(f"DynamoDB call failed: {type(error).__name__}")


class MainTable:
    """One DynamoDB table holding every item type, read and written with a low-level client."""

    def __init__(self, client: DynamoDBClient, table_name: str, *, reads: Any = None) -> None:
        self.client = client
        self.table_name = table_name
        # GetItem's caller: `reads` (a DirectGetItem: the API's short path) or the client.
        self._reads: Any = reads if reads is not None else client

    # --- reads -----------------------------------------------------------------------------

    def get_item(self, key: Mapping[str, str], *, consistent: bool = False) -> Item | None:
        try:
            reply = self._reads.get_item(
                TableName=self.table_name,
                Key=to_attribute_values(key),
                ConsistentRead=consistent,
            )
        except (ClientError, BotoCoreError) as error:
            raise _wrap(error) from error
        raw = reply.get("Item")
        return from_attribute_values(raw) if raw else None

    def get_artist(self, artist_id: str, *, consistent: bool = False) -> Item | None:
        return self.get_item(keys.artist_key(artist_id), consistent=consistent)

    def find_artist_by_handle(self, handle: str) -> Item | None:
        """The artist item whose normalised Instagram handle is `handle` (GSI3), if any."""
        try:
            reply = self.client.query(
                TableName=self.table_name,
                IndexName=HANDLE_INDEX,
                KeyConditionExpression="GSI3PK = :pk",
                ExpressionAttributeValues={":pk": {"S": keys.handle_partition(handle)}},
                Limit=1,
            )
        except (ClientError, BotoCoreError) as error:
            raise _wrap(error) from error
        found = reply.get("Items") or []
        if not found:
            return None
        # A GSI may project only keys: read the item itself for the full record.
        artist_id = from_attribute_values(found[0]).get("artistId")
        return self.get_artist(str(artist_id)) if artist_id else None

    def studio_listing(self, studio_id: str) -> StudioListing | None:
        """The studio item and the ids of its artist links (one Query on PK=STUDIO#id)."""
        pk = keys.studio_key(studio_id)["PK"]
        items: list[Item] = []
        start: dict[str, Any] | None = None
        try:
            while True:
                request: dict[str, Any] = {
                    "TableName": self.table_name,
                    "KeyConditionExpression": "PK = :pk",
                    "ExpressionAttributeValues": {":pk": {"S": pk}},
                }
                if start:
                    request["ExclusiveStartKey"] = start
                reply = self.client.query(**request)
                items.extend(from_attribute_values(raw) for raw in reply.get("Items", []))
                start = reply.get("LastEvaluatedKey")
                if not start:
                    break
        except (ClientError, BotoCoreError) as error:
            raise _wrap(error) from error
        studio = next((i for i in items if i.get("SK") == keys.METADATA), None)
        if studio is None:
            return None
        artist_ids = sorted(
            str(i["artistId"])
            for i in items
            if i.get("type") == "studio_artist" and i.get("artistId")
        )
        return StudioListing(studio=studio, artist_ids=artist_ids)

    def get_artists(self, artist_ids: Iterable[str]) -> list[Item]:
        """The artist items of `artist_ids` that exist, in the order of the ids."""
        wanted = list(dict.fromkeys(artist_ids))
        items = self.get_items([keys.artist_key(artist_id) for artist_id in wanted])
        return [item for item in items if item is not None]

    def get_items(
        self, item_keys: Sequence[Mapping[str, str]], *, consistent: bool = False
    ) -> list[Item | None]:
        """The items of `item_keys` (None where there is none), in their order: one
        BatchGetItem per 100 keys instead of a GetItem each (a scrape job's guard reads)."""
        wanted = list(dict.fromkeys((k["PK"], k["SK"]) for k in item_keys))
        found: dict[tuple[str, str], Item] = {}
        for start in range(0, len(wanted), BATCH_GET_LIMIT):
            pending: dict[str, Any] = {
                self.table_name: {
                    "Keys": [
                        {"PK": {"S": pk}, "SK": {"S": sk}}
                        for pk, sk in wanted[start : start + BATCH_GET_LIMIT]
                    ],
                    "ConsistentRead": consistent,
                }
            }
            attempts = 0
            while pending and attempts < 5:
                attempts += 1
                try:
                    reply = self.client.batch_get_item(RequestItems=pending)
                except (ClientError, BotoCoreError) as error:
                    raise _wrap(error) from error
                for raw in reply.get("Responses", {}).get(self.table_name, []):
                    item = from_attribute_values(raw)
                    found[(str(item["PK"]), str(item["SK"]))] = item
                pending = dict(reply.get("UnprocessedKeys") or {})
            if pending:
                raise TableUnavailable("BatchGetItem kept returning unprocessed keys")
        return [found.get((k["PK"], k["SK"])) for k in item_keys]

    def listed_version(self, artist_id: str) -> int | None:
        """The version of the artist item if the table lists it (present, not opted out)."""
        item = self.get_artist(artist_id, consistent=True)
        if item is None or item.get("opted_out") is True:
            return None
        return int(item["version"])

    def artist_versions(self) -> dict[str, TableVersion]:
        """Every artist item's version and whether it is listed (one paged Scan reading only
        the keys, version and opt-out: the reconcile job's view of the table)."""
        found: dict[str, TableVersion] = {}
        request: dict[str, Any] = {
            "TableName": self.table_name,
            "FilterExpression": "#type = :artist",
            "ProjectionExpression": "artistId, version, opted_out",
            "Limit": SCAN_PAGE_ITEMS,
            "ExpressionAttributeNames": {"#type": "type"},
            "ExpressionAttributeValues": {":artist": {"S": "artist"}},
        }
        try:
            while True:
                reply = self.client.scan(**request)
                for raw in reply.get("Items", []):
                    item = from_attribute_values(raw)
                    found[str(item["artistId"])] = TableVersion(
                        version=int(item.get("version", 0)),
                        listed=item.get("opted_out") is not True,
                    )
                start = reply.get("LastEvaluatedKey")
                if not start:
                    return found
                request["ExclusiveStartKey"] = start
        except (ClientError, BotoCoreError) as error:
            raise _wrap(error) from error

    def bump_artist_version(self, artist_id: str, read_version: int, new_version: int) -> bool:
        """Set the artist's version to `new_version` if it is still `read_version` (False when
        another writer changed it first); the stream carries the change to the sync."""
        try:
            self.client.update_item(
                TableName=self.table_name,
                Key=to_attribute_values(keys.artist_key(artist_id)),
                UpdateExpression="SET version = :new",
                ConditionExpression="version = :read",
                ExpressionAttributeValues={
                    ":new": {"N": str(new_version)},
                    ":read": {"N": str(read_version)},
                },
            )
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                return False
            raise _wrap(error) from error
        except BotoCoreError as error:
            raise _wrap(error) from error
        return True

    def artist_version_floor(self, artist_id: str) -> int:
        """The highest version the artist ever used once deleted (0 when never deleted): a
        writer creating the artist continues above it (`artist_version` item)."""
        item = self.get_item(keys.artist_version_key(artist_id), consistent=True)
        return int(item["version"]) if item else 0

    def raise_artist_version_floor(self, artist_id: str, version: int, now: str) -> None:
        """Keep `version` as the artist's floor unless a higher one is already kept."""
        try:
            self.client.update_item(
                TableName=self.table_name,
                Key=to_attribute_values(keys.artist_version_key(artist_id)),
                UpdateExpression=(
                    "SET #type = :type, artistId = :id, version = :v, updatedAt = :now"
                ),
                ConditionExpression="attribute_not_exists(version) OR version < :v",
                ExpressionAttributeNames={"#type": "type"},
                ExpressionAttributeValues={
                    ":type": {"S": "artist_version"},
                    ":id": {"S": artist_id},
                    ":v": {"N": str(version)},
                    ":now": {"S": now},
                },
            )
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") != "ConditionalCheckFailedException":
                raise _wrap(error) from error
        except BotoCoreError as error:
            raise _wrap(error) from error

    def is_denied(self, identity_key_hash: str) -> bool:
        """Whether a denylist item exists for this identity key hash (strongly consistent)."""
        return self.get_item(keys.denylist_key(identity_key_hash), consistent=True) is not None

    def ping(self) -> bool:
        try:
            self._reads.get_item(
                TableName=self.table_name, Key=to_attribute_values(HEALTH_PROBE_KEY)
            )
        except (ClientError, BotoCoreError):
            return False
        return True

    # --- writes ----------------------------------------------------------------------------

    def record_removal(
        self,
        removal_request: Mapping[str, Any],
        denylist_items: Sequence[Mapping[str, Any]],
        artist_id: str | None,
        updated_at: str,
        *,
        expected_status: str | None = None,
    ) -> None:
        """In one transaction: store the removal request, put the denylist entries, and opt the
        artist out (bumping `version`, so the sync deletes it from the index).

        The request is new, or (`expected_status`) replaces a stored request still in that
        status: a moderator's approval applies once. The artist update is conditional on the
        item being an artist; the version grows atomically, so it never races a scraper's
        versioned write into an older version. RemovalStateChanged: the request had moved on."""
        request_put: dict[str, Any] = {
            "TableName": self.table_name,
            "Item": to_attribute_values(removal_request),
            "ConditionExpression": "attribute_not_exists(PK)",
        }
        if expected_status is not None:
            request_put["ConditionExpression"] = "#status = :expected"
            request_put["ExpressionAttributeNames"] = {"#status": "status"}
            request_put["ExpressionAttributeValues"] = {":expected": {"S": expected_status}}
        actions: list[Any] = [{"Put": request_put}]
        actions.extend(
            {"Put": {"TableName": self.table_name, "Item": to_attribute_values(entry)}}
            for entry in denylist_items
        )
        if artist_id is not None:
            actions.append(
                {
                    "Update": {
                        "TableName": self.table_name,
                        "Key": to_attribute_values(keys.artist_key(artist_id)),
                        "UpdateExpression": (
                            "SET opted_out = :yes, updatedAt = :now, version = version + :one"
                        ),
                        "ConditionExpression": "attribute_exists(PK) AND #type = :artist",
                        "ExpressionAttributeNames": {"#type": "type"},
                        "ExpressionAttributeValues": {
                            ":yes": {"BOOL": True},
                            ":now": {"S": updated_at},
                            ":one": {"N": "1"},
                            ":artist": {"S": "artist"},
                        },
                    }
                }
            )
        try:
            self.client.transact_write_items(TransactItems=actions)
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "")
            reasons = [
                r.get("Code", "") for r in error.response.get("CancellationReasons", []) or []
            ]
            artist_missing = (
                code == "TransactionCanceledException"
                and artist_id is not None
                and len(reasons) == len(actions)
                and reasons[-1] == "ConditionalCheckFailed"
            )
            if reasons and reasons[0] == "ConditionalCheckFailed":
                raise RemovalStateChanged(str(removal_request.get("requestId"))) from error
            if artist_missing:
                raise ArtistNotFound(str(artist_id)) from error
            raise _wrap(error) from error
        except BotoCoreError as error:
            raise _wrap(error) from error

    def put_items(self, items: Sequence[Mapping[str, Any]]) -> None:
        """Write items with BatchWriteItem (25 per call), retrying unprocessed ones."""
        for start in range(0, len(items), 25):
            pending: dict[str, Any] = {
                self.table_name: [
                    {"PutRequest": {"Item": to_attribute_values(item)}}
                    for item in items[start : start + 25]
                ]
            }
            attempts = 0
            while pending and attempts < 8:
                attempts += 1
                try:
                    reply = self.client.batch_write_item(RequestItems=pending)
                except (ClientError, BotoCoreError) as error:
                    raise _wrap(error) from error
                pending = dict(reply.get("UnprocessedItems") or {})
            if pending:
                raise TableUnavailable("BatchWriteItem kept returning unprocessed items")
