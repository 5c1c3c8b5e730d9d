"""The artist search index: its definition, its lifecycle (ensure, reindex behind the alias),
the queries the API sends, and the bulk writes the sync sends.

The index is versioned behind an alias (`artists` -> `artists-v1`); the system creates it
itself (`ensure_index`, called by the sync handler at cold start) and moves to a new version
with `reindex`, which switches the alias atomically. opensearch-py is imported lazily: only
type hints name it at import time, so the API handler's cold start stays small.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from compute.domain.breaker import CLOSED, HALF_OPEN, OPEN, BreakerState
from compute.domain.search import DEFAULT_RADIUS_KM, SearchRequest
from compute.domain.styles import SYNONYMS, VOCABULARY

if TYPE_CHECKING:
    from opensearchpy import OpenSearch

INDEX_VERSION = 1
DEFAULT_ALIAS = "artists"
# DynamoDB streams keep records for 24 h: keep delete tombstones longer, so a replayed or late
# record older than a delete can never bring the document back.
GC_DELETES = "25h"
MAX_RESULT_WINDOW = 10_000
PREFIX_MIN_GRAM = 2
PREFIX_MAX_GRAM = 15

T = TypeVar("T")


def index_name(alias: str, version: int = INDEX_VERSION) -> str:
    """The concrete index behind `alias` at `version` (`artists` -> `artists-v1`)."""
    return f"{alias}-v{version}"


# --- the index definition ------------------------------------------------------------------


def style_token(style: str) -> str:
    """A style as one token (`neo-traditional` -> `neo_traditional`): the standard tokenizer
    would split the hyphen, and "traditional" must not match neo-traditional artists."""
    return style.replace("-", "_")


def style_synonym_rules() -> list[str]:
    """Synonym rules (Solr format) from the one vocabulary of spellings in compute.domain.styles:
    every spelling of a style rewrites to the style's single token (`trad, old school =>
    traditional`). Hyphens become spaces so a rule reads the words the standard tokenizer
    makes of a query; the longest spelling wins ("neo traditional" is not "traditional")."""
    by_style: dict[str, set[str]] = {style: set() for style in VOCABULARY}
    for synonym, style in SYNONYMS.items():
        by_style[style].add(synonym.replace("-", " "))
    for style in VOCABULARY:
        if "-" in style:
            by_style[style].add(style.replace("-", " "))
    return [
        f"{', '.join(sorted(spellings))} => {style_token(style)}"
        for style, spellings in by_style.items()
        if spellings
    ]


def index_settings() -> dict[str, Any]:
    """Analysis and index settings: ASCII-folded names, an edge-n-gram sub-field for prefix
    search (n-grams at index time only), style synonyms at search time."""
    return {
        "index": {
            "number_of_shards": 1,
            "number_of_replicas": 0,
            "max_result_window": MAX_RESULT_WINDOW,
            "gc_deletes": GC_DELETES,
            "max_ngram_diff": PREFIX_MAX_GRAM - PREFIX_MIN_GRAM,
        },
        "analysis": {
            "filter": {
                "folding": {"type": "asciifolding", "preserve_original": False},
                "prefix_grams": {
                    "type": "edge_ngram",
                    "min_gram": PREFIX_MIN_GRAM,
                    "max_gram": PREFIX_MAX_GRAM,
                },
                "style_synonyms": {
                    "type": "synonym_graph",
                    "synonyms": style_synonym_rules(),
                },
            },
            "char_filter": {
                "style_joiner": {"type": "mapping", "mappings": ["- => _"]},
            },
            "normalizer": {
                "folded_keyword": {
                    "type": "custom",
                    "filter": ["lowercase", "asciifolding"],
                }
            },
            "analyzer": {
                "folded_text": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "folding"],
                },
                "folded_prefix": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "folding", "prefix_grams"],
                },
                "style_index": {
                    "type": "custom",
                    "char_filter": ["style_joiner"],
                    "tokenizer": "keyword",
                    "filter": ["lowercase"],
                },
                "style_search": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "folding", "style_synonyms"],
                },
            },
        },
    }


def _text_with_prefix() -> dict[str, Any]:
    return {
        "type": "text",
        "analyzer": "folded_text",
        "fields": {
            "prefix": {
                "type": "text",
                "analyzer": "folded_prefix",
                "search_analyzer": "folded_text",
            },
            "exact": {"type": "keyword", "normalizer": "folded_keyword", "ignore_above": 256},
        },
    }


# Stored for the reply, never searched: kept out of the inverted index.
_STORED_ONLY: dict[str, Any] = {"type": "object", "enabled": False}


def index_mappings() -> dict[str, Any]:
    """The explicit mapping of the search document (contracts/schemas/search-document); strict,
    so a document with a field the mapping does not know is refused instead of guessed."""
    return {
        "dynamic": "strict",
        "properties": {
            "artistId": {"type": "keyword"},
            "name": _text_with_prefix(),
            "instagramHandle": {
                "type": "keyword",
                "normalizer": "folded_keyword",
                "fields": {
                    "prefix": {
                        "type": "text",
                        "analyzer": "folded_prefix",
                        "search_analyzer": "folded_text",
                    }
                },
            },
            "nameKey": {"type": "keyword"},
            "studioId": {"type": "keyword"},
            "studioName": {"type": "text", "analyzer": "folded_text"},
            "location": {"type": "geo_point"},
            "locationDisplay": {"type": "text", "analyzer": "folded_text"},
            "geohash": {"type": "keyword"},
            "styles": {
                "type": "keyword",
                "fields": {
                    "text": {
                        "type": "text",
                        "analyzer": "style_index",
                        "search_analyzer": "style_search",
                    }
                },
            },
            "specialties": {"type": "text", "analyzer": "folded_text"},
            "rating": {"type": "float"},
            "reviewCount": {"type": "integer"},
            "createdAt": {"type": "date"},
            "updatedAt": {"type": "date"},
            "version": {"type": "long"},
            "avatar": {"type": "keyword", "index": False, "doc_values": False},
            "portfolioImages": _STORED_ONLY,
            "contactInfo": _STORED_ONLY,
            "studioInfo": _STORED_ONLY,
            "pricing": _STORED_ONLY,
            "availability": _STORED_ONLY,
            "experience": _STORED_ONLY,
        },
    }


def definition_fingerprint() -> str:
    """A short hash of the settings and mapping, stored in the index's `_meta`, so a running
    system can tell that its index was built from another definition (and needs a reindex)."""
    text = json.dumps([index_settings(), index_mappings()], sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def index_definition() -> dict[str, Any]:
    mappings = {**index_mappings(), "_meta": {"definition": definition_fingerprint()}}
    return {"settings": index_settings(), "mappings": mappings}


# --- lifecycle -----------------------------------------------------------------------------


def _status_of(error: BaseException) -> int | None:
    status = getattr(error, "status_code", None)
    return status if isinstance(status, int) else None


def _error_type(error: BaseException) -> str:
    info = getattr(error, "info", None)
    if isinstance(info, Mapping):
        inner = info.get("error")
        if isinstance(inner, Mapping):
            return str(inner.get("type", ""))
    return str(getattr(error, "error", ""))


def alias_targets(client: OpenSearch, alias: str) -> list[str]:
    """The concrete indices `alias` points at (empty when the alias does not exist)."""
    from opensearchpy import NotFoundError

    try:
        found = client.indices.get_alias(name=alias)
    except NotFoundError:
        return []
    return sorted(found)


def ensure_index(client: OpenSearch, alias: str, version: int = INDEX_VERSION) -> str:
    """Make sure `alias` points at an index; create `{alias}-v{version}` with the alias if not.

    Idempotent and safe to race: every sync container runs it at cold start."""
    from opensearchpy import RequestError

    targets = alias_targets(client, alias)
    if targets:
        return targets[-1]
    name = index_name(alias, version)
    body = {**index_definition(), "aliases": {alias: {"is_write_index": True}}}
    try:
        client.indices.create(index=name, body=body)
    except RequestError as error:
        # Another container won the race; the alias check below says whether it finished.
        if _error_type(error) != "resource_already_exists_exception":
            raise
    if not alias_targets(client, alias):
        client.indices.put_alias(index=name, name=alias)
    return name


def definition_drift(client: OpenSearch, alias: str) -> bool:
    """True when the index behind `alias` was built from a different definition than this
    code's (a changed mapping or analyzer): the cue to run `reindex` to a new version."""
    targets = alias_targets(client, alias)
    if not targets:
        return False
    mapping = client.indices.get_mapping(index=targets[-1])[targets[-1]]["mappings"]
    return bool(mapping.get("_meta", {}).get("definition") != definition_fingerprint())


@dataclass(frozen=True)
class ReindexResult:
    source: str
    target: str
    copied: int
    deleted: int = 0


def reindex(
    client: OpenSearch, alias: str, new_version: int, *, chunk_size: int = 500
) -> ReindexResult:
    """Build `{alias}-v{new_version}` from the index behind `alias` and move the alias to it in
    one `_aliases` call, so searches never see a missing index; writes may go on meanwhile.

    Client-side scan + bulk (the local node has no reindex module), keeping each document's
    external version. After the switch a catch-up pass copies what was written to the old
    index during the first pass, and documents deleted from the old index meanwhile are
    deleted from the new one at the version the sync uses for a delete (last + 1). Version
    conflicts are expected (the sync may already have written something newer) and skipped."""
    from opensearchpy import helpers

    sources = alias_targets(client, alias)
    if len(sources) != 1:
        raise RuntimeError(f"alias {alias!r} must point at exactly one index, found {sources}")
    source = sources[0]
    target = index_name(alias, new_version)
    if target == source:
        raise ValueError(f"{target} already serves {alias!r}")
    if not client.indices.exists(index=target):
        client.indices.create(index=target, body=index_definition())

    def apply(actions: Iterable[dict[str, Any]]) -> int:
        applied = 0
        for ok, item in helpers.streaming_bulk(
            client, actions, chunk_size=chunk_size, raise_on_error=False, max_retries=3
        ):
            outcome = classify_bulk_item(item)
            if not outcome.ok:
                raise RuntimeError(f"reindex into {target} failed: {outcome.reason}")
            applied += int(ok)
        return applied

    def copy(copied: dict[str, int]) -> int:
        def actions() -> Iterable[dict[str, Any]]:
            for hit in helpers.scan(client, index=source, version=True, size=chunk_size):
                copied[hit["_id"]] = int(hit["_version"])
                yield {
                    "_op_type": "index",
                    "_index": target,
                    "_id": hit["_id"],
                    "_source": hit["_source"],
                    "version": hit["_version"],
                    "version_type": "external_gte",
                }

        return apply(actions())

    first_pass: dict[str, int] = {}
    copied = copy(first_pass)
    client.indices.refresh(index=target)
    client.indices.update_aliases(
        body={
            "actions": [
                {"remove": {"index": source, "alias": alias}},
                {"add": {"index": target, "alias": alias, "is_write_index": True}},
            ]
        }
    )
    client.indices.refresh(index=source)
    still_there: dict[str, int] = {}
    copied += copy(still_there)
    gone = sorted(set(first_pass) - set(still_there))
    apply(
        {
            "_op_type": "delete",
            "_index": target,
            "_id": artist_id,
            "version": first_pass[artist_id] + 1,
            "version_type": "external",
        }
        for artist_id in gone
    )
    client.indices.refresh(index=target)
    return ReindexResult(source=source, target=target, copied=copied, deleted=len(gone))


# --- the circuit breaker -------------------------------------------------------------------


class SearchUnavailable(Exception):
    """The search cluster cannot answer now; `retry_after_s` says when to try again."""

    def __init__(self, reason: str, retry_after_s: int) -> None:
        super().__init__(reason)
        self.retry_after_s = retry_after_s


@dataclass
class SearchBreaker:
    """The API's in-process breaker in front of search: opens after `failure_threshold`
    consecutive failures, lets one trial call through after `cooldown_s` (half_open), closes
    again on a success. Its states are adapters/circuit.py's words; that breaker is shared by
    every container through the table, this one guards one container's searches."""

    failure_threshold: int = 5
    cooldown_s: float = 10.0
    clock: Callable[[], float] = time.monotonic
    _failures: int = 0
    _opened_at: float | None = None
    _trial_running: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def state(self) -> BreakerState:
        if self._opened_at is None:
            return CLOSED
        if self.clock() - self._opened_at >= self.cooldown_s:
            return HALF_OPEN
        return OPEN

    def retry_after_s(self) -> int:
        if self._opened_at is None:
            return 1
        left = self.cooldown_s - (self.clock() - self._opened_at)
        return max(1, math.ceil(left))

    def call(self, operation: Callable[[], T], is_failure: Callable[[BaseException], bool]) -> T:
        """Run `operation` unless the breaker is open; count failures `is_failure` accepts."""
        with self._lock:
            state = self.state
            if state == OPEN or (state == HALF_OPEN and self._trial_running):
                raise SearchUnavailable("search circuit is open", self.retry_after_s())
            if state == HALF_OPEN:
                self._trial_running = True
        try:
            result = operation()
        except BaseException as error:
            with self._lock:
                self._trial_running = False
                if is_failure(error):
                    self._failures += 1
                    if state == HALF_OPEN or self._failures >= self.failure_threshold:
                        self._opened_at = self.clock()
            raise
        with self._lock:
            self._trial_running = False
            self._failures = 0
            self._opened_at = None
        return result


# --- errors --------------------------------------------------------------------------------

TRANSIENT_STATUSES = frozenset({408, 429, 500, 502, 503, 504})


def is_transient(error: BaseException) -> bool:
    """True for failures worth retrying: throttling, server errors, unreachable cluster."""
    from opensearchpy import ConnectionError as SearchConnectionError
    from opensearchpy import TransportError

    if isinstance(error, SearchConnectionError):
        return True  # also ConnectionTimeout
    if isinstance(error, TransportError):
        status = _status_of(error)
        return status is None or status in TRANSIENT_STATUSES
    return isinstance(error, OSError)


# --- bulk writes (the sync) ----------------------------------------------------------------


@dataclass(frozen=True)
class IndexOp:
    """Write a document at an external version."""

    artist_id: str
    document: Mapping[str, Any]
    version: int


@dataclass(frozen=True)
class DeleteOp:
    """Delete a document at an external version (higher than any version it ever had)."""

    artist_id: str
    version: int


WriteOp = IndexOp | DeleteOp


@dataclass(frozen=True)
class OpOutcome:
    """How one bulk item ended: `ok` (written, deleted, or already superseded), else why not and
    whether a retry may help."""

    ok: bool
    result: str
    status: int
    transient: bool = False
    reason: str = ""
    # On a version conflict: the version the index holds (a document's or a delete's).
    current_version: int | None = None


_CURRENT_VERSION = re.compile(r"current version \[(\d+)\]")


def _bulk_body(index: str, ops: Sequence[WriteOp]) -> list[Mapping[str, Any]]:
    body: list[Mapping[str, Any]] = []
    for op in ops:
        meta = {
            "_index": index,
            "_id": op.artist_id,
            "version": op.version,
            "version_type": "external",
        }
        if isinstance(op, IndexOp):
            body.append({"index": meta})
            body.append(op.document)
        else:
            body.append({"delete": meta})
    return body


def classify_bulk_item(item: Mapping[str, Any]) -> OpOutcome:
    """One item of a bulk reply -> its outcome. A 409 version conflict means newer data is
    already there (success); a delete of a missing document is done (success)."""
    (action, detail), *_ = item.items()
    status = int(detail.get("status", 500))
    result = str(detail.get("result", ""))
    if 200 <= status < 300:
        return OpOutcome(ok=True, result=result or action, status=status)
    error = detail.get("error") or {}
    error_type = str(error.get("type", "")) if isinstance(error, Mapping) else str(error)
    if status == 409 and error_type == "version_conflict_engine_exception":
        reason = error.get("reason", "") if isinstance(error, Mapping) else error
        found = _CURRENT_VERSION.search(str(reason))
        current = int(found.group(1)) if found else None
        return OpOutcome(ok=True, result="superseded", status=status, current_version=current)
    if status == 404 and action == "delete":
        return OpOutcome(ok=True, result="not_found", status=status)
    return OpOutcome(
        ok=False,
        result="failed",
        status=status,
        transient=status in TRANSIENT_STATUSES,
        reason=error_type or f"status {status}",
    )


# --- the queries (the API) -----------------------------------------------------------------

# Field weights of the free-text query: the artist's own name counts most, then the studio.
TEXT_FIELDS: tuple[str, ...] = (
    "name^3",
    "name.prefix",
    "studioName^1.5",
    "instagramHandle.prefix",
    "styles.text",
    "specialties^0.5",
)
EXACT_NAME_BOOST = 20.0
PHRASE_BOOST = 4.0
# Sorts by rating put unrated artists after every rated one (ratings are 0-5).
UNRATED = -1.0


def sort_clause(request: SearchRequest) -> list[dict[str, Any]]:
    """The hit order (compute.domain.search.SORT_KEYS names its keys, which a cursor carries);
    always ends with artistId so equal keys still page deterministically."""
    tiebreaker = {"artistId": {"order": "asc"}}
    if request.order == "distance" and request.near is not None:
        lat, lon = request.near
        return [
            {
                "_geo_distance": {
                    "location": {"lat": lat, "lon": lon},
                    "order": "asc",
                    "unit": "km",
                    "distance_type": "arc",
                }
            },
            tiebreaker,
        ]
    if request.order == "relevance":
        return [{"_score": {"order": "desc"}}, tiebreaker]
    return [
        {"rating": {"order": "desc", "missing": UNRATED}},
        {"reviewCount": {"order": "desc", "missing": 0}},
        tiebreaker,
    ]


def build_search_body(request: SearchRequest) -> dict[str, Any]:
    """The OpenSearch body of one search: a bool query (free text in `must`, exact-name and
    phrase boosts in `should`, style/location/geo in `filter`), a deterministic sort, and
    `limit + 1` hits so the caller knows whether another page follows."""
    must: list[dict[str, Any]] = []
    should: list[dict[str, Any]] = []
    filters: list[dict[str, Any]] = []
    if request.query is not None:
        must.append(
            {
                "multi_match": {
                    "query": request.query,
                    "type": "best_fields",
                    "operator": "and",
                    "fields": list(TEXT_FIELDS),
                }
            }
        )
        should.append({"term": {"name.exact": {"value": request.query, "boost": EXACT_NAME_BOOST}}})
        should.append({"match_phrase": {"name": {"query": request.query, "boost": PHRASE_BOOST}}})
        handle = request.query.strip().lstrip("@").lower()
        if handle:
            should.append(
                {"term": {"instagramHandle": {"value": handle, "boost": EXACT_NAME_BOOST}}}
            )
    if request.style is not None:
        filters.append({"term": {"styles": request.style}})
    if request.location is not None:
        filters.append(
            {"match": {"locationDisplay": {"query": request.location, "operator": "and"}}}
        )
    if request.near is not None:
        lat, lon = request.near
        radius = request.radius_km if request.radius_km is not None else DEFAULT_RADIUS_KM
        filters.append(
            {
                "geo_distance": {
                    "distance": f"{radius}km",
                    "distance_type": "arc",
                    "location": {"lat": lat, "lon": lon},
                }
            }
        )
    query: dict[str, Any] = {"bool": {}}
    if must:
        query["bool"]["must"] = must
    if should:
        query["bool"]["should"] = should
    if filters:
        query["bool"]["filter"] = filters
    sort = sort_clause(request)
    # One hit more than the page tells whether another follows, within the result window.
    size = request.limit + 1
    if request.cursor is None:
        size = max(0, min(size, MAX_RESULT_WINDOW - request.offset))
    body: dict[str, Any] = {
        "query": query,
        "sort": sort,
        "size": size,
        "track_total_hits": True,
    }
    if request.cursor is not None:
        body["search_after"] = list(request.cursor)
    else:
        body["from"] = request.offset
    return body


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance on a sphere of the mean Earth radius (as OpenSearch's `arc`)."""
    radius_km = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * radius_km * math.asin(min(1.0, math.sqrt(a)))


def style_counts_body() -> dict[str, Any]:
    """The terms aggregation behind GET /v1/styles: every style in use, most used first."""
    return {
        "size": 0,
        "track_total_hits": False,
        "aggs": {
            "styles": {
                "terms": {
                    "field": "styles",
                    "size": len(VOCABULARY) + 10,
                    "order": [{"_count": "desc"}, {"_key": "asc"}],
                }
            }
        },
    }


class GeoPoint(Protocol):
    @property
    def lat(self) -> float: ...
    @property
    def lon(self) -> float: ...


@dataclass(frozen=True)
class SearchHit:
    document: Mapping[str, Any]
    sort: list[Any]


@dataclass(frozen=True)
class SearchPage:
    hits: list[SearchHit]
    total: int


@dataclass(frozen=True)
class StyleCount:
    name: str
    count: int


class ArtistSearchIndex:
    """The artist index behind its alias, as the services see it. Read calls go through the
    circuit breaker; `write` does not (the stream mapping retries the sync on its own)."""

    def __init__(
        self,
        client: OpenSearch | None = None,
        alias: str = DEFAULT_ALIAS,
        breaker: SearchBreaker | None = None,
        *,
        connect: Callable[[], OpenSearch] | None = None,
    ) -> None:
        if (client is None) == (connect is None):
            raise ValueError("give either a client or a connect function")
        self._client = client
        self._connect = connect
        self._ensured = connect is None  # a lazily connected (API) index ensures on first use
        self.alias = alias
        self.breaker = breaker or SearchBreaker()

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
        except SearchUnavailable:
            raise
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

    def search(self, body: Mapping[str, Any]) -> SearchPage:
        """Run one search body (see `build_search_body`) against the alias."""
        reply = self._guarded(lambda: self.client.search(index=self.alias, body=body))
        hits = reply["hits"]
        total = hits["total"]["value"] if isinstance(hits["total"], Mapping) else hits["total"]
        return SearchPage(
            hits=[
                SearchHit(document=h["_source"], sort=list(h.get("sort", []))) for h in hits["hits"]
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
            body=_bulk_body(self.alias, ops), params={"refresh": "true"} if refresh else None
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
