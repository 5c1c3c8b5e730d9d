"""robots.txt rules shared by every reader of studio sites (find-artists' containers and the
scraper tasks), one `robots` item per origin in the main table (PK `ROBOTS#{host}`, SK `HTTP` or
`HTTPS`): find-artists reads a studio's robots.txt, and the scraper tasks that later take that
studio's jobs use its copy instead of each asking the site again.

RFC 9309 (2.4) lets a crawler use a cached robots.txt for up to 24 hours: an item older than
`MAX_AGE_S` (by its `fetchedAt`) is not used, and its `expiresAt` (TTL) removes it. Only a
robots.txt that was read (2xx) or is missing (4xx, 3xx: everything allowed) is shared; an
unreachable one is never cached. The cache is an optimisation: a failed read or write only means
this process asks the site itself.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

from botocore.exceptions import BotoCoreError, ClientError

from compute.domain.errors import ValidationError
from compute.domain.keys import robots_key
from compute.domain.values import format_timestamp, parse_timestamp

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

logger = logging.getLogger(__name__)

MAX_AGE_S = 86_400.0  # RFC 9309: a cached robots.txt is used for at most 24 hours
# A longer robots.txt (rare; Google reads up to 500 KB) is read by each process itself: a
# DynamoDB item holds 400 KB, and the text travels on every read of the item.
MAX_SHARED_CHARS = 65_536


@dataclass(frozen=True, slots=True)
class SharedRobots:
    """An origin's robots.txt text ('' when it has none) and when it was read (epoch s)."""

    text: str
    fetched_at: float


class RobotsCache(Protocol):
    """Where readers of a site share what its robots.txt said (compute.adapters.web)."""

    def get(self, origin: str) -> SharedRobots | None:
        """The origin's rules read less than MAX_AGE_S ago, or None."""

    def put(self, origin: str, robots: SharedRobots) -> None:
        """Share rules this process just read."""


def _key(origin: str) -> dict[str, str]:
    parts = urlsplit(origin)
    return robots_key(parts.scheme, parts.netloc.lower())


class DynamoDbRobotsCache:
    """`robots` items in the main table, read eventually consistent (a stale miss only costs
    one more robots.txt request)."""

    def __init__(
        self,
        client: DynamoDBClient,
        table_name: str,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.client = client
        self.table_name = table_name
        self._clock = clock

    def get(self, origin: str) -> SharedRobots | None:
        try:
            key = _key(origin)
            reply = self.client.get_item(
                TableName=self.table_name,
                Key={name: {"S": value} for name, value in key.items()},
                ProjectionExpression="#r, fetchedAt",
                ExpressionAttributeNames={"#r": "rules"},
            )
        except ValidationError:
            return None  # a host no key can name (compute.domain.keys): read it directly
        except (ClientError, BotoCoreError) as error:
            logger.warning("robots cache not read: %s", type(error).__name__)
            return None
        item = reply.get("Item")
        if not item or "rules" not in item or "fetchedAt" not in item:
            return None
        moment = parse_timestamp(item["fetchedAt"]["S"])
        if moment is None or self._clock() - moment.timestamp() >= MAX_AGE_S:
            return None
        return SharedRobots(text=item["rules"]["S"], fetched_at=moment.timestamp())

    def put(self, origin: str, robots: SharedRobots) -> None:
        if len(robots.text) > MAX_SHARED_CHARS:
            return
        try:
            key = _key(origin)
        except ValidationError:
            return
        moment = datetime.fromtimestamp(robots.fetched_at, UTC)
        item = {
            **{name: {"S": value} for name, value in key.items()},
            "type": {"S": "robots"},
            "origin": {"S": origin},
            "rules": {"S": robots.text},
            "fetchedAt": {"S": format_timestamp(moment)},
            "expiresAt": {"N": str(int(robots.fetched_at + MAX_AGE_S) + 1)},
        }
        try:
            self.client.put_item(TableName=self.table_name, Item=item)
        except (ClientError, BotoCoreError) as error:
            logger.warning("robots cache not written: %s", type(error).__name__)
