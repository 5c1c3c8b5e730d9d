"""How a search failure reads: the cluster cannot answer now (SearchUnavailable), and which
failures are worth a retry (is_transient). opensearch-py is imported only when asked."""

from __future__ import annotations

from collections.abc import Mapping


class SearchUnavailable(Exception):
    """The search cluster cannot answer now; `retry_after_s` says when to try again."""

    def __init__(self, reason: str, retry_after_s: int) -> None:
        super().__init__(reason)
        self.retry_after_s = retry_after_s


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


def _status_of(error: BaseException) -> int | None:
    status = getattr(error, "status_code", None)
    return status if isinstance(status, int) else None


def error_type(error: BaseException) -> str:
    info = getattr(error, "info", None)
    if isinstance(info, Mapping):
        inner = info.get("error")
        if isinstance(inner, Mapping):
            return str(inner.get("type", ""))
    return str(getattr(error, "error", ""))
