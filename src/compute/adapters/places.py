"""Google Places API (New) Text Search: field mask, paging, retries that honour Retry-After,
and a shared circuit breaker for the API's host."""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import urllib3
from tenacity import RetryCallState, Retrying, retry_if_exception_type
from tenacity.wait import wait_random_exponential

from compute.adapters.circuit import CircuitBreaker, CircuitOpen

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


def _retry_after(value: str | None, now: Callable[[], float] = time.time) -> float | None:
    """Seconds a Retry-After header asks for: delay-seconds or an HTTP-date (RFC 9110)."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if math.isfinite(seconds) else None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None  # unreadable: fall back to our own backoff
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - datetime.fromtimestamp(now(), UTC)).total_seconds())


def counts_against_host(error: Exception) -> bool:
    """What the breaker counts: 5xx, timeouts and broken connections say the host is
    unhealthy. A 429 is the API's flow control (honoured through Retry-After), and another
    4xx is our own request's fault: neither trips the breaker."""
    return isinstance(error, PlacesUnavailable)


def retry_after_of(error: Exception) -> float | None:
    return error.retry_after if isinstance(error, PlacesQuotaExceeded) else None


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

    def _required_wait(self, state: RetryCallState) -> float | None:
        """How long the host (or its shared breaker) told us to stay away; None if it did not."""
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, PlacesQuotaExceeded):
            return error.retry_after
        if isinstance(error, CircuitOpen):
            return error.wait_s
        return None

    def _wait(self, state: RetryCallState) -> float:
        required = self._required_wait(state)
        if required is not None:
            return required
        return float(wait_random_exponential(multiplier=0.5, max=self._max_wait_s)(state))

    def _stop(self, state: RetryCallState) -> bool:
        """Out of attempts, or asked to wait longer than we may here: then the caller (the
        state machine's Retry) comes back later, rather than us calling early."""
        if state.attempt_number >= self._max_attempts:
            return True
        required = self._required_wait(state)
        return required is not None and required > self._max_wait_s

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
                lambda: self._post_once(body), counts_against_host, retry_after_of
            )

        retrying = Retrying(
            # An open breaker is waited out like a 429: until the moment it names.
            retry=retry_if_exception_type((PlacesUnavailable, PlacesQuotaExceeded, CircuitOpen)),
            wait=self._wait,
            stop=self._stop,
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
