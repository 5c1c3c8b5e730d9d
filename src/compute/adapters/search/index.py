"""The artist index behind its alias as the services see it (ArtistSearchIndex): searches
through the in-process breaker, bulk writes, version reads for reconcile. opensearch-py is
imported lazily: only type hints name it at import time, so the API handler's cold start stays
small."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from compute.adapters.search.bulk import OpOutcome, WriteOp, bulk_body, classify_bulk_item
from compute.adapters.search.definition import DEFAULT_ALIAS
from compute.adapters.search.errors import SearchUnavailable, is_transient
from compute.adapters.search.lifecycle import (
    accept_new_fields,
    alias_targets,
    definition_drift,
    ensure_index,
)
from compute.adapters.search.query import SearchHit, SearchPage, StyleCount, style_counts_body
from compute.domain.breaker import Breaker, BreakerOpen

if TYPE_CHECKING:
    from opensearchpy import OpenSearch

T = TypeVar("T")


class ArtistSearchIndex:
    """The artist index behind its alias, as the services see it. Read calls go through the
    circuit breaker; `write` does not (the stream mapping retries the sync on its own)."""

    def __init__(
        self,
        client: OpenSearch | None = None,
        alias: str = DEFAULT_ALIAS,
        breaker: Breaker | None = None,
        *,
        connect: Callable[[], OpenSearch] | None = None,
    ) -> None:
        if (client is None) == (connect is None):
            raise ValueError("give either a client or a connect function")
        self._client = client
        self._connect = connect
        self._ensured = connect is None  # a lazily connected (API) index ensures on first use
        self.alias = alias
        self.breaker = breaker or Breaker(clock=time.monotonic)

    @property
    def client(self) -> OpenSearch:
        """The client, built on first use when made with `connect` (keeps cold starts small).

        A fresh deployment has no index until the first stream record reaches the sync, so
        the first use also ensures it: an empty directory then answers with no hits, not 503.
        """
        if self._client is None:
            assert self._connect is not None
            self._client = self._connect()
        if not self._ensured:
            try:
                ensure_index(self._client, self.alias)
                self._ensured = True
            except Exception:  # noqa: S110 - unreachable now; searches report it, next use retries
                pass
        return self._client

    def _guarded(self, operation: Callable[[], T]) -> T:
        try:
            return self.breaker.call(operation, is_transient)
        except BreakerOpen as error:
            raise SearchUnavailable("search circuit is open", error.retry_after_s) from None
        except Exception as error:
            if is_transient(error):
                raise SearchUnavailable(
                    f"search failed: {type(error).__name__}", self.breaker.retry_after_s()
                ) from error
            raise

    def ensure(self) -> str:
        return ensure_index(self.client, self.alias)

    def definition_drift(self) -> bool:
        """See `definition_drift`: the index was built from another definition."""
        return definition_drift(self.client, self.alias)

    def accept_new_fields(self) -> list[str]:
        """See `accept_new_fields`: the serving index learns this definition's new fields."""
        return [
            name
            for concrete in alias_targets(self.client, self.alias)
            for name in accept_new_fields(self.client, concrete)
        ]

    def search(self, body: Mapping[str, Any]) -> SearchPage:
        """Run one search body (see `build_search_body`) against the alias."""
        reply = self._guarded(lambda: self.client.search(index=self.alias, body=body))
        hits = reply["hits"]
        total = hits["total"]["value"] if isinstance(hits["total"], Mapping) else hits["total"]
        return SearchPage(
            hits=[
                SearchHit(
                    document=h["_source"],
                    sort=list(h.get("sort", [])),
                    doc_id=h.get("_id"),
                    version=h.get("_version"),
                )
                for h in hits["hits"]
            ],
            total=int(total),
        )

    def style_counts(self) -> list[StyleCount]:
        """Every style that at least one listed artist has, most used first (ties by name)."""
        body = style_counts_body()
        reply = self._guarded(lambda: self.client.search(index=self.alias, body=body))
        buckets = reply["aggregations"]["styles"]["buckets"]
        return [StyleCount(name=str(b["key"]), count=int(b["doc_count"])) for b in buckets]

    def ping(self) -> bool:
        """True when the alias answers a count (not through the breaker: health must probe)."""
        try:
            self.client.count(index=self.alias)
        except Exception:
            return False
        return True

    def write(self, ops: Sequence[WriteOp], *, refresh: bool = False) -> list[OpOutcome]:
        """One bulk request for `ops`, in order; one outcome per op. A failure of the whole
        request (unreachable, throttled) is raised for the caller to fail every op."""
        if not ops:
            return []
        reply = self.client.bulk(
            body=bulk_body(self.alias, ops), params={"refresh": "true"} if refresh else None
        )
        return [classify_bulk_item(item) for item in reply["items"]]

    def refresh(self) -> None:
        self.client.indices.refresh(index=self.alias)

    def all_versions(self) -> dict[str, int]:
        """The version of every document the index holds (a scroll over ids, no sources)."""
        from opensearchpy import helpers

        self.client.indices.refresh(index=self.alias)
        return {
            hit["_id"]: int(hit["_version"])
            for hit in helpers.scan(
                self.client, index=self.alias, version=True, _source=False, size=1000
            )
        }

    def versions(self, ids: Sequence[str]) -> dict[str, int]:
        """The version of each document of `ids` the index holds now (a real-time get: no
        refresh needed); a deleted or never written document is absent."""
        if not ids:
            return {}
        reply = self.client.mget(
            index=self.alias, body={"ids": list(ids)}, params={"_source": "false"}
        )
        return {d["_id"]: int(d["_version"]) for d in reply["docs"] if d.get("found")}

    def documents(self, ids: Iterable[str] | None = None) -> dict[str, Mapping[str, Any]]:
        """Every document by id (tests and tools; scans the whole index)."""
        from opensearchpy import helpers

        wanted = set(ids) if ids is not None else None
        found: dict[str, Mapping[str, Any]] = {}
        for hit in helpers.scan(self.client, index=self.alias, version=True):
            if wanted is None or hit["_id"] in wanted:
                found[hit["_id"]] = {**hit["_source"], "_version": hit["_version"]}
        return found
