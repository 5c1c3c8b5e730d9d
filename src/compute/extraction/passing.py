"""Accounts a studio site mentions only in passing. A site that lists its artists (cards, a
team section, structured data: at least MIN_LISTED accounts) lists them there; an account it
shows nowhere in that list, only inside a sentence or a caption, is someone the page talks
about: a neighbour, a shelter, a festival, the friend who took the photos. It is an artist only
when the mention speaks for itself: the handle says tattooing (`mira.saarinen.art`,
`kenji.tattoo`), or it is the person's own name as the page gives it (`samirhaddix` beside
"Samir Haddix"). A guest spot, a new resident or an apprentice announced in a post almost
always is one of those.

This is a judgement on where and how an account appears, not on the words around it, so it
holds on sites in any language and in any phrasing (the trap words in `rejection` do not).
Pure."""

from __future__ import annotations

import re
import unicodedata

from compute.extraction.names import person_name

MIN_LISTED = 2  # accounts in roster blocks or structured data before a site "lists" its artists
# What a tattooer's handle tends to carry, in the languages the handles are written in: the
# trade's words, and the styles only tattooing has (`matteo_kraus_realism`, `bea.handpoke`).
_TATTOOING = re.compile(
    r"tatt?oo|tatts|tatu|tatou|tetov|tatov|tatto|ink|irezumi|tebori|hori(?!zon)|apprentice|"
    r"needle|"
    r"(?:^|[._])art(?:$|[._])|art$|"
    r"realis[mt]|handpoke|sticknpoke|oldschool|neotrad|dotwork|blackwork|linework|fineline|"
    r"ornament|lettering",
    re.I,
)
_FULL_NAME_SLACK = 3  # letters a handle may add to its owner's full name ("jdoe_tt")
_FIRST_NAME_SLACK = 8  # ... to the first name alone ("Manon" -> manon.pique)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))


def _words(text: str) -> list[str]:
    return [w for w in (_fold(word) for word in re.findall(r"\w+", text)) if w]


def spelled_words(name: str) -> list[str]:
    """A name's words as an account spells them: lower case, without accents."""
    return _words(name)


def spelled_in(handle: str, name: str | None) -> int:
    """How many words of `name` (of three letters or more) `handle` spells: "Tomasz Wójcik"
    two in "tomaszwojcik.ink", "Hosť" (a guest's label) none."""
    folded = _fold(handle)
    return sum(1 for word in _words(name or "") if len(word) >= 3 and word in folded)


def says_tattooing(handle: str) -> bool:
    return bool(_TATTOOING.search(handle))


def named_for(handle: str, name: str | None, lead: str = "") -> bool:
    """Whether `handle` is the name it is shown with: every word of `name` in it, and at most
    a few letters more; without a name, the word just before it as a first name."""
    words, slack = [w for w in _words(name or "") if len(w) >= 2], _FULL_NAME_SLACK
    if not words:
        words, slack = [w for w in _words(lead)[-1:] if len(w) >= 3], _FIRST_NAME_SLACK
    folded = _fold(handle)
    if not words or not all(w in folded for w in words):
        return False
    rest = folded
    for word in words:
        rest = rest.replace(word, "", 1)
    return len(re.sub(r"\d", "", rest)) <= slack


# A proper name's words: capitalised (or a number), joined by small words ("Stockholm Ink
# Bash", "Tattoo Konwencie", "Bar & Grill", "Festival of Ink").
_PROPER_WORD = re.compile(r"[^\W\d_][\w'\u2019.-]*|\d+|&|\+")
_TRADE_WORD = re.compile(r"tatt?oo|tatu|tatou|ink(?!a)", re.I)  # in one word of a name


def names_a_thing(label: str) -> bool:
    """Whether a link's own words are the proper name of something that is not a person:
    two to six capitalised words that are no person's name ("Fusion Ink", "Korpen Tatuering",
    "Northern Ink Xpo"). The page says what the account is, so the trade's word in its handle
    says nothing about a tattooer."""
    words = label.split()
    if len(words) == 1 and words[0][:1].isupper() and _TRADE_WORD.search(words[0]):
        return True  # "Easytattoo", "InkJecta": no one's first name has the trade in it
    if not 2 <= len(words) <= 6 or "@" in label or person_name(label) is not None:
        return False
    capitalised = [w for w in words if _PROPER_WORD.fullmatch(w) and not w[0].islower()]
    small = [w for w in words if w.islower() and len(w) <= 3]  # "of", "and", "de"
    return len(capitalised) >= 2 and len(capitalised) + len(small) == len(words)


def vouched(handle: str, name: str | None, lead: str = "", label: str = "") -> bool:
    """Whether an account seen in passing speaks for itself as a tattooer's: its handle says
    tattooing (unless its link calls it by another thing's name), or it is its person's name."""
    if named_for(handle, name, lead):
        return True
    return says_tattooing(handle) and not (name is None and names_a_thing(label))


def in_passing(listed: set[str], vouched_for: set[str], passing: set[str]) -> set[str]:
    """The accounts a site mentions only in passing, unvouched, when it lists its artists:
    `listed` in roster blocks or data, `vouched_for` in sentences that speak for them,
    `passing` in sentences that do not (each over every page read)."""
    if len(listed) < MIN_LISTED:
        return set()
    return passing - listed - vouched_for
