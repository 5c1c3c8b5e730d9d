"""The console's HTML vocabulary: escaping, times, tables, links, badges, cards (pure).

Every value from the cloud goes through `h()`; `Raw` marks HTML already built from escaped parts.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from datetime import datetime
from html import escape
from typing import Any

NONE = "\u2013"  # an en dash where there is no value


def h(value: Any) -> str:
    return escape("" if value is None else str(value))


def when(epoch: float | None) -> str:
    if not epoch:
        return NONE
    return datetime.fromtimestamp(epoch).astimezone().strftime("%H:%M:%S")


def ago(epoch: float | None) -> str:
    if not epoch:
        return NONE
    delta = max(0.0, time.time() - epoch)
    if delta < 90:
        return f"{delta:.0f} s ago"
    if delta < 5400:
        return f"{delta / 60:.0f} min ago"
    if delta < 172800:
        return f"{delta / 3600:.1f} h ago"
    return f"{delta / 86400:.0f} days ago"


def ms(value: float | None) -> str:
    if value is None:
        return NONE
    return f"{value:,.0f} ms" if value >= 100 else f"{value:.1f} ms"


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    numeric: set[int] | None = None,
    empty: str = "Nothing yet.",
) -> str:
    """A table; cells are escaped unless they are `Raw`."""
    numeric = numeric or set()
    head = "".join(
        f'<th class="{"num" if i in numeric else ""}">{h(title)}</th>'
        for i, title in enumerate(headers)
    )
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="{"num" if i in numeric else ""}">'
            f"{cell if isinstance(cell, Raw) else h(cell)}</td>"
            for i, cell in enumerate(row)
        )
        body.append(f"<tr>{cells}</tr>")
    if not body:
        return f'<p class="empty">{h(empty)}</p>'
    thead = f"<thead><tr>{head}</tr></thead>" if any(headers) else ""
    return f"<table>{thead}<tbody>{''.join(body)}</tbody></table>"


class Raw(str):
    """HTML that is already safe (built here from escaped parts)."""


def link(href: str, text: Any) -> Raw:
    return Raw(f'<a href="{h(href)}">{h(text)}</a>')


def badge(status: str) -> Raw:
    return Raw(f'<span class="badge {h(status.lower())}">{h(status)}</span>')


def card(title: str, body: str, *, extra: str = "") -> str:
    return f'<section class="card {extra}"><h2>{h(title)}</h2>{body}</section>'
