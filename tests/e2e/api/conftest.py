"""The API tier's world: 300 synthetic artists written once per session to the session cloud's
table, and served only after the real path indexed them (DynamoDB stream -> event-source poller
-> sync Lambda -> OpenSearch). Every test here talks HTTP to the local API gateway."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests

from compute.domain.models import Artist, Studio, StudioArtistLink
from emulation.cloud import LocalCloud
from emulation.seed import seed_artists, synthetic_world

ARTISTS = 300
# Not the seed other tiers use (0), so these artists are ours alone.
SEED = 5150
INDEX_TIMEOUT_S = 150.0
HTTP_TIMEOUT_S = 35.0  # above the gateway's 30 s integration limit: its 503 arrives first


@dataclass(frozen=True)
class SeededApi:
    """The session's API base URL, its cloud, and what was seeded into it."""

    url: str
    cloud: LocalCloud
    http: requests.Session
    artists: tuple[Artist, ...]
    studios: tuple[Studio, ...]
    links: tuple[StudioArtistLink, ...]

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.http.get(self.url + path, timeout=HTTP_TIMEOUT_S, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.http.post(self.url + path, timeout=HTTP_TIMEOUT_S, **kwargs)


def search_total(http: requests.Session, url: str) -> int | None:
    reply = http.get(f"{url}/v1/artists", params={"limit": 1}, timeout=HTTP_TIMEOUT_S)
    return int(reply.json()["total"]) if reply.status_code == 200 else None


def listed_ids(http: requests.Session, url: str) -> set[str]:
    """Every artist id the search lists, following nextCursor page by page."""
    found: set[str] = set()
    params: dict[str, Any] = {"limit": 50}
    while True:
        reply = http.get(f"{url}/v1/artists", params=params, timeout=HTTP_TIMEOUT_S)
        reply.raise_for_status()
        page = reply.json()
        found.update(item["artistId"] for item in page["items"])
        if not page["nextCursor"]:
            return found
        params = {"limit": 50, "cursor": page["nextCursor"]}


def wait_until_indexed(http: requests.Session, url: str, ids: set[str], timeout_s: float) -> float:
    """Seconds until every id in `ids` is listed by the search; TimeoutError naming how many
    are still missing."""
    start = time.monotonic()
    missing = len(ids)
    while time.monotonic() - start < timeout_s:
        total = search_total(http, url)
        if total is not None and total >= len(ids):
            missing = len(ids - listed_ids(http, url))
            if missing == 0:
                return time.monotonic() - start
        time.sleep(0.5)
    raise TimeoutError(
        f"{missing} of {len(ids)} seeded artists still not searchable after {timeout_s:.0f} s "
        "(stream -> sync -> OpenSearch); see the sync function's log in the cloud's log_dir"
    )


@pytest.fixture(scope="package")
def seeded_api(local_cloud: LocalCloud) -> Iterator[SeededApi]:
    """300 artists (with their studios and links) seeded once, searchable before any test."""
    http = requests.Session()
    url = local_cloud.api_url.rstrip("/")
    ids = seed_artists(
        local_cloud.outputs["TableName"], ARTISTS, seed=SEED, endpoint_url=local_cloud.endpoint_url
    )
    artists, studios, links = synthetic_world(ARTISTS, seed=SEED)
    assert ids == [a.artist_id for a in artists]
    waited = wait_until_indexed(http, url, set(ids), INDEX_TIMEOUT_S)
    print(f"\n{ARTISTS} seeded artists searchable through stream -> sync after {waited:.1f} s")
    try:
        yield SeededApi(url, local_cloud, http, tuple(artists), tuple(studios), tuple(links))
    finally:
        http.close()
