"""Google Places API (New) Text Search: field mask, paging, retries that honour Retry-After,
and a shared circuit breaker for the API's host."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import urllib3
from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt
from tenacity.wait import wait_random_exponential

from compute.adapters.circuit import CircuitBreaker

logger = logging.getLogger(__name__)

DEFAULT_PLACES_URL = "https://places.googleapis.com"
# Only what discover-studios stores: Google bills by the fields asked for.
FIELD_MASK = ",".join(
    [
        "places.id",
        "places.displayName",
        "places.formattedAddress",
        "places.location",
        "places.websiteUri",
        "places.nationalPhoneNumber",
        "places.businessStatus",
        "places.rating",
        "places.userRatingCount",
        "nextPageToken",
    ]
)
MAX_PAGE_SIZE = 20


@dataclass(frozen=True, slots=True)
class Place:
    """One Text Search result, as the API gave it (normalised later, in the domain)."""

    place_id: str
    name: str
    address: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    website: str | None = None
    phone: str | None = None
    business_status: str | None = None
    rating: float | None = None
    rating_count: int | None = None

    @classmethod
    def from_api(cls, raw: dict[str, Any]) -> Place:
        location = raw.get("location") or {}
        return cls(
            place_id=str(raw["id"]),
            name=str((raw.get("displayName") or {}).get("text") or ""),
            address=raw.get("formattedAddress"),
            latitude=location.get("latitude"),
            longitude=location.get("longitude"),
            website=raw.get("websiteUri"),
            phone=raw.get("nationalPhoneNumber"),
            business_status=raw.get("businessStatus"),
            rating=raw.get("rating"),
            rating_count=raw.get("userRatingCount"),
        )


class PlacesError(Exception):
    """The Places API did not answer usefully; `transient` says whether a retry may help."""

    transient = False

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class PlacesUnavailable(PlacesError):
    """5xx, a timeout or a broken connection."""

    transient = True


class PlacesQuotaExceeded(PlacesError):
    """429: wait `retry_after` seconds (from the Retry-After header) before asking again."""

    transient = True

    def __init__(self, message: str, retry_after: float | None) -> None:
        super().__init__(message, 429)
        self.retry_after = retry_after


class PlacesRequestRejected(PlacesError):
    """4xx other than 429: a bad key, a bad field mask or request. Retrying will not help."""


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP-date; fall back to our own backoff


class PlacesClient:
    """Text Search with paging. `api_key` is a string or a callable (read lazily, so the
    secret is fetched once per container by adapters.secrets)."""

    def __init__(
        self,
        api_key: str | Callable[[], str],
        base_url: str = DEFAULT_PLACES_URL,
        *,
        breaker: CircuitBreaker | None = None,
        http: urllib3.PoolManager | None = None,
        max_attempts: int = 5,
        max_wait_s: float = 30.0,
        timeout_s: float = 10.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._api_key = api_key
        self.endpoint = base_url.rstrip("/") + "/v1/places:searchText"
        self.host = urlsplit(base_url).netloc.lower()
        self._breaker = breaker
        self._http = http or urllib3.PoolManager(
            num_pools=2, maxsize=4, timeout=urllib3.Timeout(connect=timeout_s, read=timeout_s)
        )
        self._max_attempts = max_attempts
        self._max_wait_s = max_wait_s
        self._sleep = sleep
        self.requests = 0
        self.retries = 0

    def _key(self) -> str:
        return self._api_key() if callable(self._api_key) else self._api_key

    def _wait(self, state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, PlacesQuotaExceeded) and error.retry_after is not None:
            return min(error.retry_after, self._max_wait_s)
        return float(wait_random_exponential(multiplier=0.5, max=self._max_wait_s)(state))

    def _post_once(self, body: dict[str, Any]) -> dict[str, Any]:
        self.requests += 1
        try:
            reply = self._http.request(
                "POST",
                self.endpoint,
                body=json.dumps(body).encode(),
                headers={
                    "Content-Type": "application/json",
                    "X-Goog-Api-Key": self._key(),
                    "X-Goog-FieldMask": FIELD_MASK,
                },
                retries=False,
            )
        except urllib3.exceptions.HTTPError as error:
            raise PlacesUnavailable(f"Places API unreachable: {type(error).__name__}") from error
        status = reply.status
        if status == 200:
            try:
                parsed = json.loads(reply.data)
            except ValueError as error:
                raise PlacesUnavailable("Places API sent invalid JSON", status) from error
            if not isinstance(parsed, dict):
                raise PlacesUnavailable("Places API sent a non-object reply", status)
            return parsed
        detail = _error_message(reply.data)
        if status == 429:
            raise PlacesQuotaExceeded(
                f"Places API quota exceeded: {detail}",
                _retry_after(reply.headers.get("Retry-After")),
            )
        if status >= 500:
            raise PlacesUnavailable(f"Places API error {status}: {detail}", status)
        raise PlacesRequestRejected(f"Places API refused the request ({status}): {detail}", status)

    def _post(self, body: dict[str, Any]) -> dict[str, Any]:
        def attempt() -> dict[str, Any]:
            if self._breaker is None:
                return self._post_once(body)
            return self._breaker.call(
                lambda: self._post_once(body),
                lambda error: isinstance(error, PlacesError) and error.transient,
            )

        retrying = Retrying(
            retry=retry_if_exception_type((PlacesUnavailable, PlacesQuotaExceeded)),
            wait=self._wait,
            stop=stop_after_attempt(self._max_attempts),
            sleep=self._sleep,
            before_sleep=self._count_retry,
            reraise=True,
        )
        return retrying(attempt)

    def _count_retry(self, state: RetryCallState) -> None:
        self.retries += 1
        error = state.outcome.exception() if state.outcome else None
        logger.info("retrying Places request", extra={"error": type(error).__name__})

    def search_text(
        self, text_query: str, *, page_size: int = MAX_PAGE_SIZE, max_results: int | None = None
    ) -> Iterator[Place]:
        """Every place the query finds, page after page (until `max_results`)."""
        token: str | None = None
        yielded = 0
        while True:
            body: dict[str, Any] = {
                "textQuery": text_query,
                "pageSize": min(page_size, MAX_PAGE_SIZE),
            }
            if token:
                body["pageToken"] = token
            reply = self._post(body)
            for raw in reply.get("places") or []:
                if not isinstance(raw, dict) or not raw.get("id"):
                    raise PlacesUnavailable("Places API sent a place without an id")
                yield Place.from_api(raw)
                yielded += 1
                if max_results is not None and yielded >= max_results:
                    return
            token = reply.get("nextPageToken")
            if not token:
                return


def _error_message(data: bytes) -> str:
    try:
        parsed = json.loads(data)
        return str(parsed["error"]["message"])[:300]
    except (ValueError, KeyError, TypeError):
        return data[:200].decode("utf-8", "replace")
