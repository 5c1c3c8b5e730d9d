"""Every log event put into moto's CloudWatch Logs passes the deployed metric filters: the
functions' and tasks' shipped output, and events a rule delivers to a log group."""

from __future__ import annotations

import logging
from typing import Any

from emulation.alarms.log_filters import MetricFilters

log = logging.getLogger(__name__)

_ACTIVE: list[MetricFilters] = []  # the running clouds' filters (one in practice)


def install_into_moto(filters: MetricFilters) -> None:
    """Route moto's PutLogEvents through `filters` too (undone by `uninstall`)."""
    from moto.logs.models import LogsBackend

    if not getattr(LogsBackend.put_log_events, "_metric_filters", False):
        original = LogsBackend.put_log_events

        def put_log_events(
            self: Any, log_group_name: str, log_stream_name: str, log_events: list[dict[str, Any]]
        ) -> Any:
            result = original(self, log_group_name, log_stream_name, log_events)
            messages = [str(e.get("message", "")) for e in log_events]
            for active in list(_ACTIVE):
                try:
                    active.events(log_group_name, messages)
                except Exception:
                    log.warning("metric filters on %s failed", log_group_name, exc_info=True)
            return result

        put_log_events._metric_filters = True  # type: ignore[attr-defined]
        LogsBackend.put_log_events = put_log_events  # type: ignore[method-assign]
    _ACTIVE.append(filters)


def uninstall(filters: MetricFilters) -> None:
    if filters in _ACTIVE:
        _ACTIVE.remove(filters)
