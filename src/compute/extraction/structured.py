"""People in structured data: schema.org JSON-LD (Person, the organisation's own accounts) and
the roster JSON a JavaScript page is drawn from (any name key, nested socials, bare handles,
entries marked former or not tattooing). Pure."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any
from urllib.parse import urldefrag, urljoin

from selectolax.lexbor import LexborNode

from compute.domain import normalise
from compute.domain.errors import ValidationError
from compute.domain.models import ArtistCandidate
from compute.domain.styles import infer_styles
from compute.extraction import dates, rejection
from compute.extraction.candidates import Found, Roster, roster_of, styles_of
from compute.extraction.instagram import handle_from_href, handles_in_text
from compute.extraction.names import caseless_name, person_name


def json_ld_objects(tree: Any) -> Iterator[Any]:
    for script in tree.css('script[type="application/ld+json"]'):
        try:
            yield json.loads(script.text() or "")
        except ValueError:
            continue  # malformed structured data is common; the visible page still counts


# Where a Person in markup is one of the studio's people (employee, member, alumni...), not a
# review's author or a page's writer.
_STAFF_PROPERTIES = frozenset(
    {"employee", "employees", "member", "members", "founder", "founders", "alumni"}
)


def _property_names(node: LexborNode) -> list[str]:
    """The schema.org properties an element gives (microdata itemprop, RDFa property), with
    any vocabulary prefix or URL dropped ("schema:name", "https://schema.org/name")."""
    raw = f"{node.attributes.get('itemprop') or ''} {node.attributes.get('property') or ''}"
    return [re.split(r"[:/#]", word)[-1] for word in raw.split() if word]


def _is_item(node: LexborNode) -> bool:
    return "itemscope" in node.attributes or "typeof" in node.attributes


def _markup_value(node: LexborNode) -> str:
    """A property's value as microdata and RDFa define it: `content`, else a link's or
    medium's URL, else a time's datetime, else the element's text."""
    attributes = node.attributes
    if attributes.get("content") is not None:
        return str(attributes.get("content"))
    for name in {"a": ("href", "resource"), "link": ("href",), "area": ("href",)}.get(
        node.tag or "", ("resource",)
    ):
        if attributes.get(name):
            return str(attributes.get(name))
    if node.tag in ("img", "audio", "video", "source", "embed", "iframe") and attributes.get("src"):
        return str(attributes.get("src"))
    if node.tag == "time" and attributes.get("datetime"):
        return str(attributes.get("datetime"))
    return " ".join(node.text(separator=" ", strip=True).split())


def _markup_item(node: LexborNode) -> dict[str, Any]:
    kinds = f"{node.attributes.get('itemtype') or ''} {node.attributes.get('typeof') or ''}"
    item: dict[str, Any] = {"@type": [re.split(r"[:/#]", k)[-1] for k in kinds.split() if k]}

    def add(name: str, value: Any) -> None:
        item.setdefault(name, [])
        item[name].append(value)

    def visit(parent: LexborNode) -> None:
        for child in parent.iter():
            names = _property_names(child)
            if _is_item(child):
                inner = _markup_item(child)
                if "Person" in inner["@type"] and not _STAFF_PROPERTIES & set(names):
                    inner = {"name": inner.get("name")}  # a review's author: no one of ours
                for name in names:
                    add(name, inner)
                continue  # its properties are its own
            for name in names:
                add(name, _markup_value(child))
            visit(child)

    visit(node)
    return {k: v[0] if isinstance(v, list) and len(v) == 1 else v for k, v in item.items()}


def markup_items(tree: Any) -> list[dict[str, Any]]:
    """schema.org items written into the markup (microdata itemscope/itemprop, RDFa
    typeof/property), shaped as JSON-LD is: what `people` reads."""
    found: list[dict[str, Any]] = []
    for node in tree.css("[itemscope], [typeof]"):
        parent = node.parent
        while parent is not None and not _is_item(parent):
            parent = parent.parent
        if parent is None:  # outermost items only: the inner ones are inside them
            found.append(_markup_item(node))
    return found


def _walk(value: Any) -> Iterator[Mapping[str, Any]]:
    for _, thing in _walk_under(value):
        yield thing


def _walk_under(value: Any, key: str = "") -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Every object in `value` with the property it is the value of ("alumni": a Person)."""
    if isinstance(value, Mapping):
        yield key, value
        for inner_key, inner in value.items():
            yield from _walk_under(inner, str(inner_key))
    elif isinstance(value, list):
        for inner in value:
            yield from _walk_under(inner, key)


def _as_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


# Roles of people a studio lists who do not tattoo (its artists' titles say tattooist, artist).
_STAFF_ROLE = re.compile(
    r"rece[pç]|front[\s-]?desk|manager|management|admin|accueil|empfang|rezeption|recepci|"
    r"piercer|piercing|booking|office|"
    # ar "manager", "reception"; ko "manager (실장)", "bookings"; th "piercer"
    r"مدير|استقبال|실장|매니저|예약|ช่างเจาะ|"
    # zh "shop manager", "reception", "front desk"
    r"店长|店長|接待|前台",
    re.I,
)


def _person_name(thing: Mapping[str, Any]) -> str:
    """A Person's `name`, else givenName + familyName (as markup often splits it)."""
    names = _as_strings(thing.get("name"))
    if names and names[0].strip():
        return " ".join(names[0].split())
    parts = [_as_strings(thing.get(k))[:1] for k in ("givenName", "familyName")]
    return " ".join(" ".join(p[0].split()) for p in parts if p and p[0].strip())


# Properties whose Person made or holds a work (an ImageObject's "author"): a credit, not one
# of the studio's people.
_CREDIT_PROPERTIES = frozenset({"author", "creator", "copyrightHolder", "photographer"})


def _reason_by_reference(document: Any) -> dict[str, str]:
    """What the graph says of a Person it gives by "@id" elsewhere: under the studio's
    "alumni" a former artist ({"alumni": [{"@id": "#gergo"}]} beside the Person "#gergo")."""
    reasons: dict[str, str] = {}
    for key, thing in _walk_under(document):
        reference = thing.get("@id")
        if key == "alumni" and isinstance(reference, str) and len(thing) == 1:
            reasons[reference] = rejection.FORMER
    return reasons


def _role_reason(role: str) -> str | None:
    """Why a Person's jobTitle says she is not one of the studio's artists: she does other
    work there, or she was one ("Ancien tatoueur de la maison (2019-2024)")."""
    if _STAFF_ROLE.search(role):
        return rejection.STAFF
    said = rejection.reason_in_label(role)
    return said if said in (rejection.FORMER, rejection.GUEST_ENDED) else None


def people(document: Any, page_url: str) -> list[Found]:
    found = []
    by_reference = _reason_by_reference(document)
    for key, thing in _walk_under(document):
        kinds = _as_strings(thing.get("@type"))
        name = _person_name(thing)
        if "Person" not in kinds or not name:
            continue
        reference = thing.get("@id")
        referenced = by_reference.get(reference) if isinstance(reference, str) else None
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
            Found(
                source_url=page_url,
                name=name,
                handle=handle,
                profile_url=profile,
                styles=infer_styles(topics),
                structured=True,
                reason=rejection.FORMER
                if key == "alumni"
                else rejection.PHOTOGRAPHER
                if key in _CREDIT_PROPERTIES and key not in _STAFF_PROPERTIES
                else referenced or _role_reason(role),
                context=key if key == "alumni" or key in _CREDIT_PROPERTIES else role,
            )
        )
    return found


def organisation_handles(documents: list[Any]) -> set[str]:
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


_INSTAGRAM_KEYS = re.compile(r"insta|^ig$|social|sameas|handle", re.I)
# Keys that name another network: what they hold is an account there, never an Instagram
# handle, also inside "socials" ({"socials": {"tiktok": "x"}}) or as "tiktokHandle".
_OTHER_NETWORK_KEYS = re.compile(
    r"tik_?tok|facebook|^fb$|twitter|^x$|youtube|^yt$|pinterest|snapchat|twitch|bluesky|"
    r"tumblr|behance|telegram|whatsapp|^vk$|weibo|xiaohongshu|douyin|linkedin|kakao|line_?id|"
    r"notion|linktree",
    re.I,
)


def _account_strings(value: Any) -> list[str]:
    """The strings an account key holds, leaving out those under a key naming another
    network."""
    if isinstance(value, Mapping):
        return [
            s
            for key, inner in value.items()
            if not _OTHER_NETWORK_KEYS.search(str(key))
            for s in _account_strings(inner)
        ]
    return _strings_within(value)


_STYLE_KEYS = re.compile(r"tags|styles?|special|knowsabout|genres?|bio|about", re.I)


# ... and the same keys where a site names them in its language (de, es/pt, it, fr, nl, pl).
# "display": false: an entry the site's script does not draw.
_ACTIVE_KEYS = (
    r"active|current|aktiv|aktiivi|activo|ativo|attivo|actif|actief|aktywn|display|visible|show|"
    # ca, ro, tr/id, cs, hu
    r"published|actiu|activ|aktif|aktivn|aktív"
)
_GONE_KEYS = re.compile(
    rf"status|role|state|position|type|kind|group|section|tags?|label|badge|{_ACTIVE_KEYS}|"
    # fr/es/pt/it/de/cs "state"
    r"[ée]tat|estado|stato|zustand|stav|"
    r"rolle|\brol\b|ruolo|fun[ck]tion|funzione|fun[cç][aã]o|funci[oó]n|stanowisko",
    re.I,
)
# A flag named for tattooing ("tatua", "tattoos", "isTattooer"): false says someone who does not.
# Only the word itself, not a flag about something of the trade ("tattooBooksOpen": false).
_TATTOOS_KEY = re.compile(
    r"(is_?|does_?)?(tat[tu]\w{0,5}|tatou\w{0,5}|t[aä]tow\w{0,7}|tetov\w{0,4})", re.I
)
# Flags whose true says an entry is no longer at the studio ("archived": true).
_GONE_FLAGS = re.compile(
    r"(is_?)?(archived|hidden|inactive|former|retired|deleted|left|alumni|past)", re.I
)
# Status values of an entry that is no longer at the studio ("status": "left").
_GONE_VALUES = re.compile(
    r"^(left|former|alumni|inactive|past|archived|gone|ex|stopped|quit|retired|"
    # da/nb "stopped", sv, de, nl, es/pt/it/fr "inactive", fi "left"
    r"stoppet|sluttet|slutat|ausgeschieden|ehemalig|gestopt|vertrokken|inactiv[oa]|inativ[oa]|"
    r"inattiv[oa]|inactif|inactive|lopettanut|poistunut)$",
    re.I,
)
# A state that says a stay is over ("etat": "terminé", "status": "ya pasó").
_ENDED_VALUES = re.compile(
    r"^(ended|finished|over|done|past|termin[ée]e?|fini|terminad[oa]|finalizad[oa]|ya pas[oó]|"
    r"conclus[oa]|terminat[oa]|beendet|vorbei|afgelopen|geweest|avslutad|afsluttet|ferdig|"
    r"päättynyt|ukončeno|zakończon[ey]|bitti|종료|終了|已结束|已結束)$",
    re.I,
)
# The property a list of people is the value of, when it says they are not the studio's
# artists ("partners": [...], "press": [...], "alumni": [...]).
_LISTED_UNDER: dict[str, str] = {
    **dict.fromkeys(("partners", "sponsors", "suppliers", "brands"), rejection.SUPPLIER),
    **dict.fromkeys(("press", "features"), rejection.PRESS),
    **dict.fromkeys(("alumni", "former", "formerartists", "pastartists"), rejection.FORMER),
}


def _under_reason(listed_under: str) -> str | None:
    """Why everyone of a list is not an artist, by the key it is kept under, read as a
    heading is ("exIntegrantes", "ehemalige", "patrocinadores"), in any language the labels
    are read in; "ex" before a noun is a former one."""
    known = _LISTED_UNDER.get(re.sub(r"[\s_-]", "", listed_under.lower()))
    words = _key_words(listed_under)
    if known or re.match(r"ex\b", words, re.I):
        return known or rejection.FORMER
    return rejection.reason_in_label(words) if words else None


# A value that is nothing but a role of someone who does not tattoo, under any key.
_STAFF_VALUE = re.compile(
    r"^(body[\s-]?)?(piercer(in)?|piercing|receptionist|reception|front[\s-]?desk|"
    r"(studio |shop )?manager)$",
    re.I,
)


# A key that gives the day something ends ("end", "endDate", "until", "date_to", "bis"): a
# script compares its value with today and files the entry as past, whatever the rest of the
# feed's dates say.
_END_KEYS = re.compile(
    r"^(end|ends|end_?date|end_?day|date_?end|date_?to|to_?date|until|till|to|last_?day|"
    r"bis|hasta|fin|fine|fim|tot|do|loppuu|slut)$",
    re.I,
)
# "2026-10-18", "2026-10-18T23:59Z", and as East Asian sites write it: "2026/10/18", "2026.10.18"
_ISO_DAY = re.compile(r"^\s*(20\d\d)([-/.])(\d\d?)\2(\d\d?)(?:[T ][\d:.+\-Z]*)?\s*$")


def _ended_by_key(thing: Mapping[str, Any]) -> bool:
    for key, value in thing.items():
        if not isinstance(value, str) or not _END_KEYS.match(str(key)):
            continue
        found = _ISO_DAY.match(value)
        if found is None:
            continue
        try:
            day = date(int(found.group(1)), int(found.group(3)), int(found.group(4)))
        except ValueError:
            continue
        if day < dates.current_day():
            return True
    return False


def _json_reason(thing: Mapping[str, Any]) -> str | None:
    """Why a roster entry in JSON is not a current artist (`"active": false`,
    `"status": "former"`, `"role": "supplier"`, a guest spot's dates all past or its `end`
    before today), or None."""
    if dates.ended(" \u2013 ".join(_strings_within(thing))) or _ended_by_key(thing):
        return rejection.GUEST_ENDED
    for text in _strings_within(thing):  # a note: "seit 09/2026 nicht mehr im Studio"
        reason = rejection.reason_in_bio(text)
        if reason:
            return reason
    for key, value in thing.items():
        if any(_STAFF_VALUE.match(text.strip()) for text in _as_strings(value)):
            return rejection.STAFF  # "szerep": "piercer": a role, whatever the key's language
        if value is True and (
            _GONE_FLAGS.fullmatch(str(key))
            or rejection.reason_in_label(_key_words(key)) == rejection.FORMER
        ):
            return rejection.FORMER  # "archived": true, "isFormer": true, "ist-ehemalig": true
        if value is False and _TATTOOS_KEY.fullmatch(str(key)):
            return rejection.STAFF  # "tatua": false, "tattoos": false: on the team, not an artist
        if not _GONE_KEYS.search(str(key)):
            continue
        if value is False and re.search(_ACTIVE_KEYS, str(key), re.I):
            return rejection.FORMER
        for text in _as_strings(value):
            if _GONE_VALUES.match(text.strip()):
                return rejection.FORMER
            if _ENDED_VALUES.match(text.strip()):
                return rejection.GUEST_ENDED
            if text.strip().lower() == "staff" or _STAFF_ROLE.search(text):
                return rejection.STAFF
            reason = rejection.reason_in_label(text)
            if reason:
                return reason
    return None


def _key_words(key: object) -> str:
    """A key's words, as a label says them ("ist-ehemalig", "isFormer": "ist ehemalig", "is
    Former")."""
    return " ".join(re.findall(r"[A-Z]?[a-z\u00c0-\uffff]+|[A-Z]+(?![a-z])|\d+", str(key)))


def _strings_within(value: Any) -> list[str]:
    """Every string in a value, however nested ({"socials": {"instagram": "..."}})."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, Mapping):
        return [s for inner in value.values() for s in _strings_within(inner)]
    if isinstance(value, list):
        return [s for inner in value for s in _strings_within(inner)]
    return []


def _items_within(thing: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """An entry's keys and those of the objects it holds ("sns": {"instagram": "x"})."""
    items: list[tuple[str, Any]] = []
    for key, value in thing.items():
        items.append((str(key), value))
        if isinstance(value, Mapping):
            items.extend((str(k), v) for k, v in value.items())
    return items


def _bare_handle(text: str) -> str | None:
    """A handle a feed gives without `@` under an Instagram key ("ig": "jane.ink")."""
    try:
        return normalise.instagram_handle(text) if " " not in text.strip() else None
    except ValidationError:
        return None


_NAME_KEYS = re.compile(
    r"^(name|display_?name|full_?name|artist(_?name)?|title|"
    # "name" where a feed's keys are in the site's language (sv, nb, nl, pt/it, es, fr, cs...)
    r"namn|navn|naam|nome|nombre|nom|jm[eé]no|imi[eę]|nimi|isim|ime|n[eé]v|meno)$",
    re.I,
)


# A person's name given in two fields, in English or the site's language: the given name
# (under `name` too: "imie" + "nazwisko", "nombre" + "apellido", "prenom" + "nom")
_GIVEN_KEYS = re.compile(
    r"^(first_?name|given_?name|forename|vorname|pr[eé]nom|voornaam|fornavn|f[oö]rnamn|"
    r"etunimi|k[rř]estn[ií]_?jm[eé]no|keresztn[eé]v|" + _NAME_KEYS.pattern[2:-2] + r")$",
    re.I,
)
_FAMILY_KEYS = re.compile(
    r"^(last_?name|family_?name|surname|nom|nachname|familienname|nom_?de_?famille|apellidos?|"
    r"cognome|achternaam|sobrenome|apelido|efternavn|etternavn|efternamn|sukunimi|"
    r"p[rř][ií]jmen[ií]|priezvisko|nazwisko|vezet[eé]kn[eé]v|soyad[ıi]?|prezime|"  # noqa: RUF001
    r"επώνυμο|фамилия|прізвище)$",
    re.I,
)


# One word an entry with an account goes by under its name key ("KENTA", "Mäx"): a stage name.
_ONE_WORD_NAME = re.compile(r"^[^\W\d_][^\W\d_'\u2019.-]{1,19}$")


def _stage_name(thing: Mapping[str, Any]) -> str | None:
    """One word under an entry's name key ("KENTA"): a stage name, if its list is people's."""
    for key, value in thing.items():
        if isinstance(value, str) and _NAME_KEYS.match(str(key)) and _ONE_WORD_NAME.match(value):
            return value.strip()
    return None


_INITIALS = re.compile(r"[A-Z]{2} \S.*")


def _initialled(words: str) -> str | None:
    """A name under a name key whose first name is two initials ("TK Ishikawa"): a person
    there, where "WB Amsterdam" in running text is not one."""
    if not _INITIALS.fullmatch(words):
        return None
    rest = person_name(f"Tk {words[3:]}")  # the rest read as a name's
    return words if rest else None


def _json_name(thing: Mapping[str, Any]) -> str | None:
    """A roster entry's person: `name`, `displayName`, `fullName`..., or first + last name."""
    for key, value in thing.items():
        if isinstance(value, str) and _NAME_KEYS.match(str(key)):
            words = " ".join(value.split())
            name = person_name(words) or caseless_name(value) or _initialled(words)
            if name:
                return name
    first = next(
        (
            v
            for k, v in thing.items()
            if isinstance(v, str) and _GIVEN_KEYS.match(str(k)) and not _FAMILY_KEYS.match(str(k))
        ),
        None,
    )
    last = next(
        (v for k, v in thing.items() if isinstance(v, str) and _FAMILY_KEYS.match(str(k))), None
    )
    if isinstance(first, str) and isinstance(last, str):
        return person_name(" ".join(f"{first} {last}".split()))
    return None


def read_roster_json(
    data: Any, source_url: str, studio_id: str, studio_names: list[str] | None = None
) -> Roster:
    """Artists in the JSON a JavaScript roster is drawn from: objects with a person's name and
    an Instagram account or styles; entries marked former or not artists are rejected, and so
    is the studio's own entry (its account or name spells one of `studio_names`: the page's
    host, title, site name; a payload's `"estudio": {"nombre": ..., "instagram": ...}`)."""
    with dates.reading(" \u2013 ".join(_strings_within(data))):
        found = people_in_data(data, source_url)
    for item in found:
        if item.reason is None and studio_names:
            own = item.handle or item.name
            if own and rejection.is_studio_handle(own, studio_names):
                item.reason, item.context = rejection.STUDIO, own
    return roster_of(found, studio_id)


# Keys only an offer or a business has: a booking tool lists its services ("Consultation",
# 20 minutes, price 0) and the business itself beside its staff, and a person has no price,
# duration, currency or time zone.
_NOT_PERSON_KEYS = re.compile(
    r"^(price|prices|cost|amount|fee|minutes|duration(_?min(utes)?)?|length_?min(utes)?|"
    r"currency|time_?zone|sku)$",
    re.I,
)


def people_in_data(data: Any, source_url: str) -> list[Found]:
    """The people of `read_roster_json`, each kept or rejected, before merging."""
    found: list[Found] = []
    # An entry named by one word with an account ("KENTA") is a person only in a list that
    # names people in full too; alone ("site": {"name": "Hibr", ...}) it is the studio.
    people_under: set[str] = set()
    staged: list[tuple[str, Found]] = []
    for listed_under, thing in _walk_under(data):
        handle = None
        styles_text: list[str] = []
        for key, value in _items_within(thing):
            if _INSTAGRAM_KEYS.search(str(key)) and not _OTHER_NETWORK_KEYS.search(str(key)):
                for text in _account_strings(value):
                    handle = (
                        handle
                        or handle_from_href(text)
                        or next(iter(handles_in_text(text)), None)
                        or _bare_handle(text)
                    )
            if _STYLE_KEYS.search(str(key)):
                styles_text.extend(_as_strings(value))
        if handle is None:
            # An Instagram profile's URL under any key ("link", "url", "href"): her account
            handle = next(
                (
                    found
                    for value in thing.values()
                    if isinstance(value, str) and "instagr" in value.lower()
                    for found in [handle_from_href(value.strip())]
                    if found
                ),
                None,
            )
        if handle is None and any(_NOT_PERSON_KEYS.match(str(key)) for key in thing):
            continue
        name = _json_name(thing)
        stage = None if name or handle is None else _stage_name(thing)
        if name:
            people_under.add(listed_under)
        elif stage is None:
            continue
        joined = " ".join(styles_text)
        reason = _json_reason(thing) or _under_reason(listed_under)
        item = Found(
            source_url=source_url,
            name=name or stage,
            handle=handle,
            styles=styles_of(joined, None),
            structured=True,
            reason=reason,
            context=json.dumps({k: v for k, v in thing.items() if isinstance(v, str | bool)})
            if reason
            else "",
        )
        if stage is None:
            found.append(item)
        else:
            staged.append((listed_under, item))
    found.extend(item for under, item in staged if under in people_under)
    return found


def extract_candidates_from_json(
    data: Any, source_url: str, studio_id: str
) -> list[ArtistCandidate]:
    """The artists of `read_roster_json`."""
    return read_roster_json(data, source_url, studio_id).candidates
