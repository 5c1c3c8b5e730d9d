"""Date ranges in a studio's words ("2 - 8 Nov 2026", "20 Oktober - 2 November 2026",
"Nov 2-8, 2026", "2026-10-03 / 2026-10-10", "15/09 - 30/09/2026", with any dash): a guest
spot whose range is over is ended, even when no word says so. Only ranges count (a single date
is a post's or a photo's). Pure."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

# Set while one page is read: every date range on it is over (an archive, or a page nobody
# keeps up to date), so its dates alone say nothing about who is there now.
_ALL_PAST: ContextVar[bool] = ContextVar("all_past", default=False)

_MONTHS: dict[str, int] = {}
for number, spellings in enumerate(
    (
        "january januari januar janvier enero gennaio janeiro leden styczeń",
        "february februari februar février febrero febbraio fevereiro únor luty",
        "march maret mars märz maart marzo março březen marzec",
        "april avril abril aprile duben kwiecień",
        "may mei maj mai mayo maggio maio květen",
        "june juni juin junio giugno junho červen czerwiec",
        "july juli juillet julio luglio julho červenec lipiec",
        "august agustus augusti augustus août agosto srpen sierpień",
        "september septembre septiembre settembre setembro září wrzesień",
        "october oktober octobre octubre ottobre outubro říjen październik",
        "november novembre noviembre novembro listopad",
        "december desember dezember décembre diciembre dicembre dezembro prosinec grudzień",
    ),
    start=1,
):
    for spelling in spellings.split():
        _MONTHS[spelling] = number
        _MONTHS.setdefault(spelling[:3], number)  # "Nov", "Okt", "Dez", "Des"

_MONTH = r"([^\W\d_]{3,10})\.?"
_TO = r"\s*(?:[-\u2013\u2014~]|to|till|until|bis|au|al|a|až|do|hingga|sampai|s/d|t/m)\s*"
_DAY_FIRST = re.compile(
    rf"\b(\d{{1,2}})\.?\s*(?:{_MONTH}\s*)?{_TO}(\d{{1,2}})\.?\s*{_MONTH},?\s*(20\d\d)\b", re.I
)
_MONTH_FIRST = re.compile(
    rf"\b{_MONTH}\s*(\d{{1,2}}){_TO}(?:{_MONTH}\s*)?(\d{{1,2}}),?\s*(20\d\d)\b", re.I
)
_ISO = re.compile(r"\b20\d\d-\d\d-\d\d\s*(?:[-\u2013\u2014~/]|to)\s*(20\d\d)-(\d\d)-(\d\d)\b")
# Numbers only, day first as most of the world writes them: "15/09 - 30/09/2026",
# "01.12. - 14.12.2026" (a US "09/15 - 09/30/2026" is read month first: 30 is no month).
_NUMERIC = re.compile(
    rf"\b\d{{1,2}}[./]\d{{1,2}}\.?(?:[./]20\d\d)?{_TO}(\d{{1,2}})[./](\d{{1,2}})[./](20\d\d)\b"
)


def _date(year: str, month: int | None, day: str) -> date | None:
    if month is None:
        return None
    try:
        return date(int(year), month, int(day))
    except ValueError:
        return None


def _month(word: str | None) -> int | None:
    if not word:
        return None
    word = word.lower()
    return _MONTHS.get(word) or _MONTHS.get(word[:3])


def range_ends(text: str) -> list[date]:
    """The last day of every date range written in `text`."""
    ends: list[date | None] = []
    for m in _DAY_FIRST.finditer(text):
        ends.append(_date(m.group(5), _month(m.group(4)), m.group(3)))
    for m in _MONTH_FIRST.finditer(text):
        ends.append(_date(m.group(5), _month(m.group(3)) or _month(m.group(1)), m.group(4)))
    for m in _ISO.finditer(text):
        ends.append(_date(m.group(1), int(m.group(2)), m.group(3)))
    for m in _NUMERIC.finditer(text):
        day, month = int(m.group(1)), int(m.group(2))
        if month > 12 >= day:
            day, month = month, day
        ends.append(_date(m.group(3), month, str(day)))
    return [end for end in ends if end is not None]


def _over(ends: list[date], today: date | None) -> bool:
    return bool(ends) and max(ends) < (today or date.today())


def ended(text: str, today: date | None = None) -> bool:
    """Whether `text` gives date ranges and every one of them is over (never while a page
    whose ranges are all over is read: see `reading`)."""
    return not _ALL_PAST.get() and _over(range_ends(text), today)


_MONTH_YEAR = re.compile(rf"\b{_MONTH},?\s+(20\d\d)\b", re.I)


def _month_ahead(text: str, today: date | None) -> bool:
    """Whether `text` names a month still to come ("until the end of March 2027"): the page
    is kept up to date, so its ranges that are over are over."""
    now = today or date.today()
    for m in _MONTH_YEAR.finditer(text):
        month = _month(m.group(1))
        if month is not None and (int(m.group(2)), month) > (now.year, now.month):
            return True
    return False


@contextmanager
def reading(page_text: str, today: date | None = None) -> Iterator[None]:
    """While one page is read: its dates count only if one of its ranges is not over (a
    guest list kept current: "2 - 8 Nov" is over beside "4 - 18 Dec")."""
    token = _ALL_PAST.set(
        _over(range_ends(page_text), today) and not _month_ahead(page_text, today)
    )
    try:
        yield
    finally:
        _ALL_PAST.reset(token)
