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

# The day the words are read on: the calendar's, unless a reading of a site as on another
# day pinned it (`compute-local find-artists --today`, the corpus written against one day).
_PINNED: date | None = None


def pin_today(day: date | None) -> None:
    """Read every date as on `day` (None: the calendar's today again), for this process."""
    global _PINNED
    _PINNED = day


def current_day() -> date:
    """Today, as dates are read: the pinned day, else the calendar's."""
    return _PINNED or date.today()


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
# Romanian, Hungarian and Turkish, whole words only (their short forms clash with others':
# Turkish "kas", Romanian "noi" are words)
for number, spellings in enumerate(
    (
        "ianuarie január ocak",
        "februarie február şubat",
        "martie március mart",
        "aprilie április nisan",
        "mai május mayıs",  # noqa: RUF001 - Turkish dotless i
        "iunie június haziran",
        "iulie július temmuz",
        "august augusztus ağustos",
        "septembrie szeptember eylül",
        "octombrie október ekim",
        "noiembrie november kasım",  # noqa: RUF001
        "decembrie december aralık",  # noqa: RUF001
    ),
    start=1,
):
    for spelling in spellings.split():
        _MONTHS.setdefault(spelling, number)
# Finnish, whole words only, in the forms a sentence uses ("marraskuu", "marraskuun
# vierailija", "marraskuussa", "1. marraskuuta"): "mar" is no March here
_FINNISH = "tammi helmi maalis huhti touko kesä heinä elo syys loka marras joulu"
for number, stem in enumerate(_FINNISH.split(), start=1):
    for ending in ("kuu", "kuun", "kuussa", "kuuta"):
        _MONTHS[stem + ending] = number
# Lithuanian, as dates write it ("lapkričio 3-14 d."): whole words only ("spa", "lap" are none)
_MONTHS.update(
    (spelling, number)
    for number, spelling in enumerate(
        (
            *("sausio", "vasario", "kovo", "balandžio", "gegužės", "birželio", "liepos"),
            *("rugpjūčio", "rugsėjo", "spalio", "lapkričio", "gruodžio"),
        ),
        start=1,
    )
)

_MONTH = r"([^\W\d_]{3,10})\.?"
_TO = r"\s*(?:[-\u2013\u2014~]|to|till|until|bis|au|al|a|až|do|hingga|sampai|s/d|t/m)\s*"
_DE = r"(?:de\s+)?"  # "de 3 a 12 de novembro de 2026" (pt, es)
_DAY_FIRST = re.compile(
    rf"\b(\d{{1,2}})\.?\s*(?:{_MONTH}\s*)?{_TO}(\d{{1,2}})\.?\s*{_DE}{_MONTH},?\s*{_DE}(20\d\d)\b",
    re.I,
)
_MONTH_FIRST = re.compile(
    rf"\b{_MONTH}\s*(\d{{1,2}}){_TO}(?:{_MONTH}\s*)?(\d{{1,2}}),?\s*(20\d\d)\b", re.I
)
# The same ranges without a year ("Nov 6-15", "5-16 oktober", "de 3 a 12 de novembro"): a
# studio writes them for the weeks around now, so each is the one nearest today.
_NO_YEAR_AFTER = r"(?!\.?,?\s*(?:de\s+)?\d)"
_DAY_FIRST_BARE = re.compile(
    rf"\b(\d{{1,2}})\.?\s*(?:{_MONTH}\s*)?{_TO}(\d{{1,2}})\.?\s*{_DE}{_MONTH}\b{_NO_YEAR_AFTER}",
    re.I,
)
_MONTH_FIRST_BARE = re.compile(
    rf"\b{_MONTH}\s*(\d{{1,2}}){_TO}(?:{_MONTH}\s*)?(\d{{1,2}})\b{_NO_YEAR_AFTER}", re.I
)
_ISO = re.compile(r"\b20\d\d-\d\d-\d\d\s*(?:[-\u2013\u2014~/]|to)\s*(20\d\d)-(\d\d)-(\d\d)\b")
# Numbers only, day first as most of the world writes them: "15/09 - 30/09/2026",
# "01.12. - 14.12.2026", "3. - 5. 10. 2026" (cs, sk: a space after each dot) (a US
# "09/15 - 09/30/2026" is read month first: 30 is no month).
_NUMERIC = re.compile(
    rf"\b\d{{1,2}}(?:[./]\s?\d{{1,2}}\.?(?:[./]\s?20\d\d)?|\.)?{_TO}"
    rf"(\d{{1,2}})[./]\s?(\d{{1,2}})[./]\s?(20\d\d)\b"
)  # ... or the first day's month left to the last's: "6.-10.10.2026" (fi, de, cs), "15-19/09/2026"


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


# Years only ("Órla Byrne (2015-2023)"): a stay at the studio, over when its last year is.
_YEARS = re.compile(
    r"(?<![\d/.-])(?:19|20)\d\d\s*(?:[-\u2013\u2014]|\b(?:to|until|till|al|a|bis|tot|til|do|"
    r"à|au|hasta|até|ao)\b)\s*(20\d\d)(?![\d/.-])"
)  # ... or in words: "from 2015 to 2025", "dal 2015 al 2025", "von 2015 bis 2025"


def _bare_month(word: str | None) -> int | None:
    """A month named without a year; the verb "may" is no month ("2 - 3 may vary")."""
    return None if word == "may" else _month(word)


def _nearest(month: int | None, day: str, today: date | None) -> date | None:
    """The day `month`/`day` nearest to today, this year, last year or next year."""
    now = today or current_day()
    days = [_date(str(year), month, day) for year in (now.year - 1, now.year, now.year + 1)]
    return min((d for d in days if d is not None), key=lambda d: abs(d - now), default=None)


def range_ends(text: str, today: date | None = None) -> list[date]:
    """The last day of every date range written in `text` (one without a year: its nearest
    to today)."""
    ends: list[date | None] = []
    for m in _DAY_FIRST_BARE.finditer(text):
        ends.append(_nearest(_bare_month(m.group(4)), m.group(3), today))
    for m in _MONTH_FIRST_BARE.finditer(text):
        month = _bare_month(m.group(3)) if m.group(3) else _bare_month(m.group(1))
        ends.append(_nearest(month, m.group(4), today))
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
    return bool(ends) and max(ends) < (today or current_day())


def ended(text: str, today: date | None = None) -> bool:
    """Whether `text` gives date ranges and every one of them is over (never while a page
    whose ranges are all over is read: see `reading`), or gives only years of a stay that
    are over (on any page: a stay's years are past by nature)."""
    ranges = range_ends(text, today)
    years = [date(int(m.group(1)), 12, 31) for m in _YEARS.finditer(text)]
    if ranges:
        return not _ALL_PAST.get() and _over(ranges + years, today)
    return _over(years, today)


def to_come(text: str, today: date | None = None) -> bool:
    """Whether `text` gives date ranges and none of them is over ("coming over for a guest
    spot from 9 to 13 February 2027"): a stay still to come, whatever words frame it."""
    ranges = range_ends(text, today)
    return bool(ranges) and min(ranges) >= (today or current_day())


_MONTH_YEAR = re.compile(rf"\b{_MONTH},?\s+(20\d\d)\b", re.I)
# A month given as an entry's whole time: "Oct 2026", "Sept 2026", "agosto de 2026", or a line
# opening with a month alone ("Noviembre: Nico Ferrari").
_MONTH_OF_YEAR = re.compile(rf"\b{_MONTH},?\s*(?:de\s+)?(20\d\d)\b", re.I)
_MONTH_OPENING = re.compile(rf"^\W*{_MONTH}\s*:", re.I)


def _exact_month(word: str) -> int | None:
    """A month word as months are written (a full name, "Nov", "Sept"), not a name that starts
    like one ("Marco", "Junior")."""
    word = word.lower()
    return _MONTHS.get(word) or (9 if word == "sept" else None)


def _nearest_month(month: int, now: date) -> tuple[int, int]:
    """(year, month) of the `month` nearest to `now`: last year's, this year's or next."""
    return min(
        ((now.year + k, month) for k in (-1, 0, 1)),
        key=lambda ym: abs((ym[0] - now.year) * 12 + ym[1] - now.month),
    )


def months_over(text: str, today: date | None = None) -> bool:
    """Whether the months `text` gives as its time ("DONE: Bryce Tan - Oct 2026", "Noviembre:
    Nico Ferrari") are all over, and it gives no range (see `ended`) nor a month to come."""
    if range_ends(text, today):
        return False
    now = today or current_day()
    months: list[tuple[int, int]] = []
    for m in _MONTH_OF_YEAR.finditer(text):
        month = _exact_month(m.group(1))
        if month is not None:
            months.append((int(m.group(2)), month))
    opening = _MONTH_OPENING.match(text)
    month = _exact_month(opening.group(1)) if opening else None
    if month is not None:
        months.append(_nearest_month(month, now))
    return bool(months) and all(m < (now.year, now.month) for m in months)


# A month named as a time, after a preposition or an article ("in October", "the November
# guest spot", "I oktober", "im Oktober", "en octubre", "w listopadzie" is not read), whole
# words of five letters or more: "Jan", "June" and "May" are names too.
_MONTH_NAMED = re.compile(
    r"\b(?:in|during|the|last|i|im|en|em|au|a|ad|op|på|v|ve|u|of|de|di|del|do|da|no|na|bulan|pada|în)\s+"
    r"([^\W\d_]{5,10})\b(?!\.?,?\s*(?:de\s+)?\d)",
    re.I,
)


def named_months_over(text: str, today: date | None = None) -> bool:
    """Whether `text` gives no date range and names months as its time ("Marco was here in
    October", "for the November guest spot") that are all over, each the one nearest to
    today (in December "in January" is next month's)."""
    if range_ends(text, today):
        return False
    now = today or current_day()
    months = []
    for m in [*_MONTH_NAMED.finditer(text), *_MONTH_GENITIVE.finditer(text)]:
        month = _exact_month(m.group(1))
        if month is not None:
            months.append(_nearest_month(month, now))
    return bool(months) and all(m < (now.year, now.month) for m in months)


# A Finnish month in the genitive, with no preposition ("Marraskuun vierailija", November's
# guest).
_MONTH_GENITIVE = re.compile(r"\b(\w{2,6}kuu)n\b", re.I)


def _month_ahead(text: str, today: date | None) -> bool:
    """Whether `text` names a month still to come ("until the end of March 2027"): the page
    is kept up to date, so its ranges that are over are over."""
    now = today or current_day()
    for m in _MONTH_YEAR.finditer(text):
        month = _month(m.group(1))
        if month is not None and (int(m.group(2)), month) > (now.year, now.month):
            return True
    return False


_YEAR = re.compile(r"(?<![\d/.,:-])(20\d\d)(?![\d/.,:-]\d)")


def _year_ahead(text: str, today: date | None) -> bool:
    """Whether `text` names next year or the one after ("Expo Tatuaje CDMX 2027", "books for
    2028"): the page is kept up to date too. (Further years are more often a postcode.)"""
    now = today or current_day()
    return any(now.year < int(m.group(1)) <= now.year + 2 for m in _YEAR.finditer(text))


@contextmanager
def reading(page_text: str, today: date | None = None) -> Iterator[None]:
    """While one page is read: its dates count only if one of its ranges is not over (a
    guest list kept current: "2 - 8 Nov" is over beside "4 - 18 Dec"), or it names a month
    or a year to come."""
    token = _ALL_PAST.set(
        _over(range_ends(page_text, today), today)
        and not _month_ahead(page_text, today)
        and not _year_ahead(page_text, today)
    )
    try:
        yield
    finally:
        _ALL_PAST.reset(token)
