"""Artist candidates on a studio page: schema.org Person data, repeated artist blocks (lists,
cards, team members, rendered JavaScript rosters), single profile pages, and roster JSON.

Every candidate carries a confidence in 0..1: a person-like name in a repeated block is weak
evidence; an Instagram account and styles next to it, or structured data, make it strong."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

from selectolax.lexbor import LexborNode

from compute.domain import normalise
from compute.domain.errors import ValidationError
from compute.domain.models import ArtistCandidate
from compute.domain.styles import infer_styles
from compute.extraction import rejection
from compute.extraction.instagram import handle_from_href, handles_in_text, mentions_in_text
from compute.extraction.page import content_root, parse
from compute.extraction.reading import STRUCK_TAGS as reading_struck_tags
from compute.extraction.reading import Context, HandleSeen, Reading, read

MAX_CANDIDATES = 200
_HASHTAG = re.compile(r"(?<![\w&])#([^\W_][\w-]{1,49})")
_LABELS = "h1, h2, h3, h4, h5, h6, strong, b, a, p, span, li, td, dt, figcaption, div"
_QUOTES = frozenset("\"'\u201c\u201d\u201e\u00ab\u00bb\u2039\u203a\u2018\u2019")
_PARTICLES = frozenset({"de", "da", "di", "van", "von", "der", "den", "le", "la", "del", "du"})
# Words of site furniture that look like names when capitalised ("Our Artists", "Book Now").
_NOT_NAME_WORDS = frozenset(
    [
        "our",
        "artists",
        "artist",
        "team",
        "meet",
        "the",
        "crew",
        "book",
        "now",
        "about",
        "us",
        "contact",
        "aftercare",
        "home",
        "studio",
        "studios",
        "tattoo",
        "tattoos",
        "tattooing",
        "gallery",
        "page",
        "previous",
        "next",
        "residents",
        "resident",
        "guest",
        "guests",
        "spots",
        "spot",
        "welcome",
        "opening",
        "hours",
        "prices",
        "faq",
        "shop",
        "find",
        "follow",
        "privacy",
        "policy",
        "terms",
        "news",
        "blog",
        "booking",
        "bookings",
        "enquiries",
        "enquiry",
        "instagram",
        "facebook",
        "email",
        "read",
        "more",
        "view",
        "profile",
        "portfolio",
        "ink",
        "parlour",
        "co",
        "co.",
        "of",
        "and",
        "city",
        "centre",
        "street",
        "road",
        "lane",
        "walk",
        "ins",
        "walk-ins",
        "gift",
        "vouchers",
        "voucher",
        "latest",
        "work",
        "flash",
        "day",
        "days",
        "our",
        "story",
        "why",
        "choose",
        "piercing",
        "piercings",
        "appointments",
        "appointment",
        "location",
        "locations",
        "map",
        "healed",
        "fresh",
        # styles, often set like names next to an artist ("Neo Traditional")
        "neo",
        "traditional",
        "realism",
        "blackwork",
        "fineline",
        "japanese",
        "illustrative",
        "geometric",
        "dotwork",
        "lettering",
        "watercolour",
        "watercolor",
        "ornamental",
        "tribal",
        "colour",
        "color",
        "black",
        "grey",
        "gray",
        "owner",
        "apprentice",
        "resident",
        # roster words in other languages ("Unsere Künstler", "Nuestros artistas")
        "unsere",
        "künstler",
        "kuenstler",
        "nuestros",
        "artistas",
        "nos",
        "artistes",
        "équipe",
        "equipo",
    ]
)


def person_name(text: str) -> str | None:
    """The person's name `text` is, or None: two to five capitalised words of letters
    (particles like "van" allowed), no site furniture words: "Jane Doe", "Ines de la Cruz",
    not "Our Artists" or "Book Now". A name set in capitals ("HANNAH BRIGGS", as site
    builders style headings) is given in title case."""
    words = text.split()
    if not 2 <= len(words) <= 5 or len(text) > 60:
        return None
    shouting = all(w.isupper() for w in words if len(w) > 1)
    if shouting:
        words = [w if w.lower() in _PARTICLES else w.capitalize() for w in words]
        words = [w.lower() if w.lower() in _PARTICLES else w for w in words]
    capitalised = 0
    for word in words:
        if word.lower() in _NOT_NAME_WORDS:
            return None
        if word in _PARTICLES:
            continue
        if word[0] in _QUOTES and word[-1] in _QUOTES and len(word) > 2:
            word = word[1:-1]  # a nickname: Gareth "Gaz" Price, Manuel «Manolo» Ortega
            if not word[:1].isupper():
                return None
            continue
        if not (word[0].isupper() and all(c.isalpha() or c in "'\u2019-." for c in word)):
            return None
        if (len(word) > 2 and word.isupper()) or (len(word) > 2 and word.endswith(".")):
            return None  # an acronym, or the end of a sentence ("Owner. Realism.")
        capitalised += 1
    return " ".join(words) if capitalised >= 2 else None


def looks_like_name(text: str) -> bool:
    """Whether `text` is a person's name (see `person_name`)."""
    return person_name(text) is not None


@dataclass(slots=True)
class _Found:
    """A candidate while it is being assembled from one page."""

    source_url: str
    name: str | None = None
    handle: str | None = None
    profile_url: str | None = None
    styles: list[str] = field(default_factory=list)
    structured: bool = False
    repeated: bool = False
    sources: int = 1
    reason: str | None = None  # why this is not one of the studio's artists
    context: str = ""  # the words that said so

    def confidence(self) -> float:
        score = 0.3 if self.name else 0.0
        if self.handle:
            score += 0.4
        if self.profile_url:
            score += 0.1
        if self.styles:
            score += 0.1
        if self.structured:
            score += 0.1
        if self.repeated:
            score += 0.05
        if self.sources > 1:
            score += 0.05
        return round(min(score, 0.99), 2)


def _direct_text(node: LexborNode) -> str:
    own = " ".join((node.text(deep=False) or "").split())
    return own or " ".join(node.text(separator=" ", strip=True).split())


def _name_in(member: LexborNode) -> tuple[str | None, LexborNode | None]:
    names: list[tuple[str, LexborNode]] = []
    candidates = [member, *member.css(_LABELS)]
    for node in candidates:
        text = person_name(
            " ".join((node.text(deep=False) or "").split()).strip(" -\u2013\u2014:|,")
        )
        if text and text not in (n for n, _ in names):
            names.append((text, node))
    if len(names) != 1:
        return None, None  # none, or several people: not one artist's block
    return names[0]


def _handles_in(member: LexborNode) -> list[str]:
    found: list[str] = []
    for anchor in member.css("a[href]"):
        handle = handle_from_href(str(anchor.attributes.get("href") or ""))
        if handle and handle not in found:
            found.append(handle)
    for handle in handles_in_text(member.text(separator=" ", strip=True)):
        if handle not in found:
            found.append(handle)
    return found


def _styles_of(text: str, name: str | None) -> list[str]:
    hashtags = _HASHTAG.findall(text)
    prose = _HASHTAG.sub(" ", text)
    if name:
        prose = prose.replace(name, " ")
    return infer_styles(prose, hashtags)


_PROFILE_TEXT = re.compile(
    r"^\W*(read more|more|profile|view profile|portfolio|see (more|work|portfolio)|about|"
    r"bio|mehr|plus|m[aá]s|ver m[aá]s|en savoir plus|詳しく)\b",
    re.I,
)


def _slug_words(name: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", name.lower())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return [w for w in re.split(r"[^a-z0-9]+", plain) if len(w) >= 3]


def _profile_link(member: LexborNode, name: str, page_url: str) -> str | None:
    """A same-site link in the block that leads to the artist's own page: it names them, its
    path spells their name (/artists/lucy-kane.html), or it says "Read more"."""
    host = urlsplit(page_url).hostname
    here = urldefrag(page_url)[0]
    by_path = by_text = None
    for anchor in member.css("a[href]"):
        url = urldefrag(urljoin(page_url, str(anchor.attributes.get("href") or "")))[0]
        if urlsplit(url).hostname != host or url == here:
            continue
        text = " ".join(anchor.text(separator=" ", strip=True).split())
        if text == name or person_name(text) == name:
            return url
        path = urlsplit(url).path.lower()
        if by_path is None and any(w in path for w in _slug_words(name)):
            by_path = url
        if by_text is None and _PROFILE_TEXT.match(text):
            by_text = url
    return by_path or by_text


def _signature(node: LexborNode) -> tuple[str, str]:
    return (node.tag or "", str(node.attributes.get("class") or ""))


def _elements(node: LexborNode) -> Iterator[LexborNode]:
    yield node
    for child in node.iter():
        yield from _elements(child)


def _blocks(root: LexborNode, page_url: str) -> list[tuple[_Found, LexborNode, LexborNode | None]]:
    """Artist blocks: members of a group of same-shaped siblings naming one person each, or a
    lone block naming one person next to one Instagram account (a profile page). Each with
    its block and the element holding the name."""
    found: list[tuple[_Found, LexborNode, LexborNode | None]] = []
    for parent in _elements(root):
        groups: dict[tuple[str, str], list[LexborNode]] = {}
        for child in parent.iter():
            groups.setdefault(_signature(child), []).append(child)
        for members in groups.values():
            assessed = []
            for member in members:
                name, name_node = _name_in(member)
                handles = _handles_in(member)
                if len(handles) > 1:
                    continue  # a container of several artists, not one artist's block
                assessed.append((member, name, name_node, handles[0] if handles else None))
            named = [a for a in assessed if a[1]]
            repeated = len(named) >= 2
            for member, name, name_node, handle in assessed:
                if not name and not handle:
                    continue
                if not repeated and not (name and handle):
                    continue
                text = member.text(separator=" ", strip=True)
                item = _Found(
                    source_url=page_url,
                    name=name,
                    handle=handle,
                    profile_url=_profile_link(member, name, page_url) if name else None,
                    styles=_styles_of(text, name),
                    repeated=repeated,
                )
                found.append((item, member, name_node))
    return found


def _json_ld_objects(tree: Any) -> Iterator[Any]:
    for script in tree.css('script[type="application/ld+json"]'):
        try:
            yield json.loads(script.text() or "")
        except ValueError:
            continue  # malformed structured data is common; the visible page still counts


def _walk(value: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(value, Mapping):
        yield value
        for inner in value.values():
            yield from _walk(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _walk(inner)


def _as_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


# Roles of people a studio lists who do not tattoo (its artists' titles say tattooist, artist).
_STAFF_ROLE = re.compile(
    r"recep|front[\s-]?desk|manager|management|admin|accueil|empfang|rezeption|recepci|"
    r"piercer|piercing|booking|office",
    re.I,
)


def _people(document: Any, page_url: str) -> list[_Found]:
    found = []
    for thing in _walk(document):
        kinds = _as_strings(thing.get("@type"))
        name = thing.get("name")
        if "Person" not in kinds or not isinstance(name, str) or not name.strip():
            continue
        handle = next(
            (h for h in map(handle_from_href, _as_strings(thing.get("sameAs"))) if h), None
        )
        profile = None
        for url in _as_strings(thing.get("url")):
            absolute = urldefrag(urljoin(page_url, url))[0]
            handle = handle or handle_from_href(absolute)  # "url": an Instagram profile
            if absolute != urldefrag(page_url)[0] and not handle_from_href(absolute):
                profile = absolute
        role = " ".join(_as_strings(thing.get("jobTitle")) + _as_strings(thing.get("roleName")))
        topics = " , ".join(
            _as_strings(thing.get("knowsAbout")) + _as_strings(thing.get("description"))
        )
        found.append(
            _Found(
                source_url=page_url,
                name=" ".join(name.split()),
                handle=handle,
                profile_url=profile,
                styles=infer_styles(topics),
                structured=True,
                reason=rejection.STAFF if _STAFF_ROLE.search(role) else None,
                context=role,
            )
        )
    return found


def _merge_found(found: Iterable[_Found]) -> list[_Found]:
    """One entry per person: the same handle, or the same name when a handle is missing."""
    merged: list[_Found] = []
    by_handle: dict[str, _Found] = {}
    by_name: dict[str, _Found] = {}
    ordered = sorted(found, key=lambda f: f.handle is None)  # handles first, order kept
    for item in ordered:
        name_key = normalise.name_key(item.name) if item.name else None
        target = by_handle.get(item.handle) if item.handle else None
        if target is None and name_key:
            namesake = by_name.get(name_key)
            # Two people may share a name: only merge when the handles do not disagree.
            if namesake is not None and not (item.handle and namesake.handle):
                target = namesake
        if target is None:
            merged.append(item)
            target = item
        elif target is not item:
            target.name = target.name or item.name
            target.handle = target.handle or item.handle
            target.profile_url = target.profile_url or item.profile_url
            target.styles += [s for s in item.styles if s not in target.styles]
            target.structured = target.structured or item.structured
            target.repeated = target.repeated or item.repeated
            target.sources += 1
        if target.handle:
            by_handle[target.handle] = target
        if target.name:
            by_name[normalise.name_key(target.name)] = target
    return merged


def _to_candidates(found: Iterable[_Found], studio_id: str) -> list[ArtistCandidate]:
    out = []
    for item in _merge_found(found):
        out.append(
            ArtistCandidate(
                source_url=item.source_url,
                confidence=item.confidence(),
                studio_id=studio_id,
                name=item.name[:200] if item.name else None,
                instagram_handle=item.handle,
                profile_url=item.profile_url,
                styles=tuple(item.styles),
            )
        )
    return out[:MAX_CANDIDATES]


@dataclass(frozen=True, slots=True)
class Rejected:
    """A handle or name on a studio page that is not one of its artists, and why."""

    reason: str
    source_url: str
    handle: str | None = None
    name: str | None = None
    context: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"reason": self.reason, "sourceUrl": self.source_url}
        if self.handle:
            out["handle"] = self.handle
        if self.name:
            out["name"] = self.name
        if self.context:
            out["context"] = self.context[:200]
        return out


@dataclass(slots=True)
class Roster:
    """What one page (or one site) says about a studio's people: its artists, and the
    handles and names it shows that are not artists, with the reason."""

    candidates: list[ArtistCandidate] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)

    def __iadd__(self, other: Roster) -> Roster:
        self.candidates += other.candidates
        seen = {(r.handle, r.name, r.reason) for r in self.rejected}
        self.rejected += [r for r in other.rejected if (r.handle, r.name, r.reason) not in seen]
        return self


# Reasons that hold wherever else the same account shows up on the page.
DECISIVE = frozenset({rejection.STUDIO, rejection.STRUCK, rejection.FORMER})


def studio_names(tree: Any, page_url: str) -> list[str]:
    """What the studio calls itself: its host, site name, title parts and organisation."""
    names = [urlsplit(page_url).hostname or ""]
    for node in tree.css('meta[property="og:site_name"], meta[name="application-name"]'):
        names.append(str(node.attributes.get("content") or ""))
    title = tree.css_first("title")
    if title is not None:
        # A profile page's title names its artist too ("Dan Okoro | Red Lantern Tattoo").
        parts = re.split(r"\s[|\-\u2013\u2014:\u00b7]\s", title.text(strip=True))
        home = urlsplit(page_url).path.strip("/") in ("", "index.html", "index.php")
        names += [p for p in parts if home or not looks_like_name(p)]
    return [n for n in names if n.strip()]


def _organisation_handles(documents: list[Any]) -> set[str]:
    """Accounts the page's structured data gives to the studio itself, not a Person."""
    handles: set[str] = set()
    for document in documents:
        for thing in _walk(document):
            kinds = _as_strings(thing.get("@type"))
            if kinds and "Person" not in kinds:
                for url in _as_strings(thing.get("sameAs")):
                    handle = handle_from_href(url)
                    if handle:
                        handles.add(handle)
    return handles


def _chrome_handles(tree: Any) -> set[str]:
    found: set[str] = set()
    for anchor in tree.css("header a[href], footer a[href], nav a[href]"):
        handle = handle_from_href(str(anchor.attributes.get("href") or ""))
        if handle:
            found.add(handle)
    return found


def _section_reason(context: Context | None, names: list[str]) -> tuple[str | None, str]:
    """Why everyone in a section is not an artist: struck through, or its headings or class
    words say former, suppliers, press... (a heading that is the studio's name says nothing)."""
    if context is None:
        return None, ""
    if context.struck:
        return rejection.STRUCK, "struck through"
    for level, heading in reversed(context.headings):
        if level == 1 or rejection.is_studio_handle(heading, names):
            continue
        reason = rejection.reason_in_label(heading)
        if reason:
            return reason, heading
    reason = rejection.reason_in_words(context.words)
    return (reason, " ".join(context.words)) if reason else (None, "")


def _block_reason(
    member: LexborNode,
    name_node: LexborNode | None,
    name: str | None,
    reading: Reading,
    names: list[str],
) -> tuple[str | None, str]:
    if name_node is not None:
        named = reading.contexts.get(name_node.mem_id)
        if (named is not None and named.struck) or name_node.tag in reading_struck_tags:
            return rejection.STRUCK, name or ""
    reason, said = _section_reason(reading.contexts.get(member.mem_id), names)
    if reason:
        return reason, said
    rest = " ".join(member.text(separator=" ", strip=True).split())
    for mention in reversed(mentions_in_text(rest)):  # an account's own words say nothing
        rest = rest[: mention.start] + " " + rest[mention.end :]
    if name:
        rest = rest.replace(name, " ")
    rest = " ".join(rest.split()).strip(" -\u2013\u2014:|,()@")
    short = len(rest) <= rejection.SHORT_LABEL_CHARS
    reason = rejection.reason_in_label(rest) if short else rejection.reason_in_bio(rest)
    return reason, rest if reason else ""


def _mention_reason(
    seen: HandleSeen, names: list[str], organisation: set[str], chrome: set[str]
) -> tuple[str | None, str]:
    if (
        rejection.is_studio_handle(seen.handle, names)
        or seen.handle in organisation
        or (seen.handle in chrome and not seen.name)
    ):
        return rejection.STUDIO, seen.lead
    if seen.name_struck:
        return rejection.STRUCK, seen.name or ""
    reason, said = _section_reason(seen.context, names)
    if reason:
        return reason, said
    reason = rejection.reason_in_lead(seen.lead)
    if reason:
        return reason, seen.lead
    reason = rejection.reason_in_trail(seen.trail)
    if reason:
        return reason, seen.trail
    label = seen.label
    for mention in reversed(mentions_in_text(label)):  # the handle's own letters say nothing
        label = label[: mention.start] + label[mention.end :]
    reason = rejection.reason_in_trail(label)
    if reason:
        return reason, label
    # The other cells of its table row ("12-16 Feb", "Finished"), read as short labels.
    for cell in seen.context.row:
        if seen.handle in cell.lower() or (seen.name and seen.name in cell):
            continue
        reason = rejection.reason_in_label(cell)
        if reason:
            return reason, cell
    return None, ""


# What may stand between two accounts of one phrase: "and", ",", "&", a year.
_CONJUNCTION = re.compile(
    r"[\s,;/&+()\d\u00b7\u30fb\u3001-]*(and|or|und|oder|y|o|et|ou|e|i|en|og|och|\u3068)?"
    r"[\s,;/&+()\d\u00b7\u30fb\u3001-]*",
    re.I,
)


_ENDS_WITH_CONJUNCTION = re.compile(
    r"(^|[\s,;/&+()])(and|or|und|oder|y|o|et|ou|e|i|en|og|och|\u3068|,|&|\+|/)[\s()]*$", re.I
)


def _joined(reading: Reading, first: HandleSeen, then: HandleSeen) -> bool:
    """Whether two accounts are one phrase's ("@a and @b", "@a machines and @b"): a few
    words between them, ending in "and" or a comma, naming no one."""
    gap = reading.text[first.end : then.start]
    if len(gap) > 24 or any(first.end <= n.start < then.start for n in reading.names):
        return False
    return bool(_CONJUNCTION.fullmatch(gap) or _ENDS_WITH_CONJUNCTION.search(gap))


def read_roster(html: str, page_url: str, studio_id: str) -> Roster:
    """Every artist a studio page names, de-duplicated, with confidence, and every handle or
    name it shows that is not an artist, with the reason. Pure."""
    tree = parse(html)
    documents = list(_json_ld_objects(tree))
    names = studio_names(tree, page_url)
    organisation = _organisation_handles(documents)
    chrome = _chrome_handles(tree)
    found: list[_Found] = []
    for document in documents:
        found.extend(_people(document, page_url))
    root = content_root(tree)
    if root is not None:
        reading = read(root, person_name)
        decided: dict[str, tuple[str | None, str]] = {}
        blocks = _blocks(root, page_url)
        for item, member, name_node in blocks:
            item.reason, item.context = _block_reason(member, name_node, item.name, reading, names)
            found.append(item)
        previous: tuple[HandleSeen, str | None, str] | None = None
        for seen in sorted(reading.handles, key=lambda h: h.start):
            reason, said = _mention_reason(seen, names, organisation, chrome)
            if (
                reason is None
                and previous is not None
                and previous[1] is not None
                and previous[0].block == seen.block
                and _joined(reading, previous[0], seen)
            ):
                # "thanks to @a and @b", "uses @x machines and @y": one phrase, one reason.
                reason, said = previous[1], previous[2]
            previous = (seen, reason, said)
            earlier = decided.get(seen.handle)
            # An account is not an artist if every place says so, or one place decisively.
            if earlier is None or (earlier[0] is not None and earlier[0] not in DECISIVE):
                if reason is None or earlier is None or reason in DECISIVE:
                    decided[seen.handle] = (reason, said)
            elif reason in DECISIVE:
                decided[seen.handle] = (reason, said)
            found.append(
                _Found(
                    source_url=page_url,
                    name=seen.name,
                    handle=seen.handle,
                    reason=reason,
                    context=said,
                )
            )
        for item in found:
            if item.handle is None and item.name and rejection.is_studio_handle(item.name, names):
                item.reason, item.context = rejection.STUDIO, item.name  # "Tinta Viva"
            verdict = decided.get(item.handle) if item.handle else None
            if verdict is not None and (item.reason is None or verdict[0] in DECISIVE):
                item.reason, item.context = verdict
    return _roster(found, studio_id)


def _roster(found: list[_Found], studio_id: str) -> Roster:
    rejected_handles = {f.handle for f in found if f.reason and f.handle}
    # A name whose account was rejected is not listed again on its own ("thanks to <b>Marco
    # Bellini</b> (@marco)" also reads as a bold name among others).
    gone_names = {
        normalise.name_key(f.name)
        for f in found
        if f.reason and f.reason != rejection.STUDIO and f.name  # the studio's is no one's
    }
    kept: list[_Found] = []
    rejected: dict[tuple[str | None, str | None], Rejected] = {}
    for item in found:
        gone = item.reason is None and (
            (item.handle in rejected_handles)
            or (item.handle is None and item.name and normalise.name_key(item.name) in gone_names)
        )
        if item.reason is None and not gone:
            kept.append(item)
            continue
        key = (item.handle, None if item.handle else item.name)
        if key not in rejected and item.reason is not None:
            rejected[key] = Rejected(
                reason=item.reason,
                source_url=item.source_url,
                handle=item.handle,
                name=item.name,
                context=" ".join(item.context.split()),
            )
    return Roster(_to_candidates(kept, studio_id), list(rejected.values()))


def extract_candidates(html: str, page_url: str, studio_id: str) -> list[ArtistCandidate]:
    """Every artist a studio page names, de-duplicated, with confidence. Pure."""
    return read_roster(html, page_url, studio_id).candidates


_INSTAGRAM_KEYS = re.compile(r"insta|^ig$|social|sameas|handle", re.I)
_STYLE_KEYS = re.compile(r"tags|styles?|special|knowsabout|genres?|bio|about", re.I)


_GONE_KEYS = re.compile(r"status|role|state|position|type|group|section|active|current", re.I)


def _json_reason(thing: Mapping[str, Any]) -> str | None:
    """Why a roster entry in JSON is not a current artist (`"active": false`,
    `"status": "former"`, `"role": "supplier"`), or None."""
    for key, value in thing.items():
        if not _GONE_KEYS.search(str(key)):
            continue
        if value is False and re.search(r"active|current", str(key), re.I):
            return rejection.FORMER
        for text in _as_strings(value):
            if _STAFF_ROLE.search(text):
                return rejection.STAFF
            reason = rejection.reason_in_label(text)
            if reason:
                return reason
    return None


def _strings_within(value: Any) -> list[str]:
    """Every string in a value, however nested ({"socials": {"instagram": "..."}})."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, Mapping):
        return [s for inner in value.values() for s in _strings_within(inner)]
    if isinstance(value, list):
        return [s for inner in value for s in _strings_within(inner)]
    return []


def _bare_handle(text: str) -> str | None:
    """A handle a feed gives without `@` under an Instagram key ("ig": "jane.ink")."""
    try:
        return normalise.instagram_handle(text) if " " not in text.strip() else None
    except ValidationError:
        return None


_NAME_KEYS = re.compile(r"^(name|display_?name|full_?name|artist(_?name)?|title)$", re.I)


def _json_name(thing: Mapping[str, Any]) -> str | None:
    """A roster entry's person: `name`, `displayName`, `fullName`..., or first + last name."""
    for key, value in thing.items():
        if isinstance(value, str) and _NAME_KEYS.match(str(key)):
            name = person_name(" ".join(value.split()))
            if name:
                return name
    first, last = thing.get("firstName") or thing.get("first_name"), thing.get("lastName")
    last = last or thing.get("last_name")
    if isinstance(first, str) and isinstance(last, str):
        return person_name(f"{first.strip()} {last.strip()}")
    return None


def read_roster_json(data: Any, source_url: str, studio_id: str) -> Roster:
    """Artists in the JSON a JavaScript roster is drawn from: objects with a person's name and
    an Instagram account or styles; entries marked former or not artists are rejected."""
    found: list[_Found] = []
    for thing in _walk(data):
        name = _json_name(thing)
        if not name:
            continue
        handle = None
        styles_text: list[str] = []
        for key, value in thing.items():
            if _INSTAGRAM_KEYS.search(str(key)):
                for text in _strings_within(value):
                    handle = (
                        handle
                        or handle_from_href(text)
                        or next(iter(handles_in_text(text)), None)
                        or _bare_handle(text)
                    )
            if _STYLE_KEYS.search(str(key)):
                styles_text.extend(_as_strings(value))
        joined = " ".join(styles_text)
        reason = _json_reason(thing)
        found.append(
            _Found(
                source_url=source_url,
                name=name,
                handle=handle,
                styles=_styles_of(joined, None),
                structured=True,
                reason=reason,
                context=json.dumps({k: v for k, v in thing.items() if isinstance(v, str | bool)})
                if reason
                else "",
            )
        )
    return _roster(found, studio_id)


def extract_candidates_from_json(
    data: Any, source_url: str, studio_id: str
) -> list[ArtistCandidate]:
    """The artists of `read_roster_json`."""
    return read_roster_json(data, source_url, studio_id).candidates


def merge(candidates: Iterable[ArtistCandidate]) -> list[ArtistCandidate]:
    """Candidates of one studio found on several pages, one per person (same handle, or the
    same name where a handle is missing); evidence from two pages raises confidence."""
    by_key: dict[str, ArtistCandidate] = {}
    order: list[str] = []
    handles_by_name: dict[str, str] = {}
    listed = sorted(candidates, key=lambda c: c.instagram_handle is None)
    for candidate in listed:
        name_key = normalise.name_key(candidate.name) if candidate.name else None
        key = (
            f"ig:{candidate.instagram_handle}"
            if candidate.instagram_handle
            else handles_by_name.get(name_key or "", f"name:{name_key}")
            if name_key
            else f"url:{candidate.profile_url}"
        )
        if candidate.instagram_handle and name_key:
            handles_by_name.setdefault(name_key, key)
        existing = by_key.get(key)
        if existing is None:
            by_key[key] = candidate
            order.append(key)
            continue
        styles = existing.styles + tuple(s for s in candidate.styles if s not in existing.styles)
        by_key[key] = replace(
            existing,
            name=existing.name or candidate.name,
            instagram_handle=existing.instagram_handle or candidate.instagram_handle,
            profile_url=existing.profile_url or candidate.profile_url,
            styles=styles,
            confidence=round(min(0.99, max(existing.confidence, candidate.confidence) + 0.05), 2),
        )
    return [by_key[k] for k in order][:MAX_CANDIDATES]
