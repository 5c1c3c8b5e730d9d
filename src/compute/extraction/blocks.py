"""Artist blocks: members of a group of same-shaped siblings (cards, list items, team members)
that name one person each, or a lone block naming one person next to one Instagram account (a
profile page); each with its profile link and styles. Pure."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator
from urllib.parse import urldefrag, urljoin, urlsplit

from selectolax.lexbor import LexborNode

from compute.extraction.candidates import Found, Shape, styles_of
from compute.extraction.instagram import handle_from_href, handles_in_text
from compute.extraction.names import (
    CJK_TEXT,
    after_article,
    caseless_name,
    first_name,
    lone_first_name,
    person_name,
    short_chinese_name,
)
from compute.extraction.reading import attribute_handle

_LABELS = (
    "h1, h2, h3, h4, h5, h6, strong, b, a, p, span, li, td, dt, figcaption, div, label, summary, "
    "button"
)


def _direct_text(node: LexborNode) -> str:
    own = " ".join((node.text(deep=False) or "").split())
    return own or " ".join(node.text(separator=" ", strip=True).split())


# Where a one-line entry's name ends and its description starts: "Ben Hall - lettering",
# "Ben Hall (guest)", "Ben Hall, script", "Ben Hall | colour".
_AFTER_NAME = re.compile(r"\s[-\u2013\u2014|]\s|\s?\(|,\s")


def _entry_name(text: str, title: bool = False) -> str | None:
    """The person a one-line entry names: the whole line, else its words before the first
    separator (a form's option, a list line 'Name - styles'); in a `title` (a heading, bold),
    after a label's colon too ("Hosť: Tomasz Wójcik (Krakov)", a guest's post title)."""
    found = person_name(text) or person_name(_AFTER_NAME.split(text, maxsplit=1)[0])
    label, colon, after = text.partition(":")
    if found or not title or not colon or len(label.split()) > 2:
        return found
    after = after.strip()
    return person_name(after) or person_name(_AFTER_NAME.split(after, maxsplit=1)[0])


_TITLE_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "dt", "summary"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def _in_title(node: LexborNode, member: LexborNode) -> bool:
    """Whether `node` is (inside) a heading or bold title of the card `member`."""
    at: LexborNode | None = node
    while at is not None:
        if at.tag in _TITLE_TAGS:
            return True
        if at.mem_id == member.mem_id:
            return False
        at = at.parent
    return False


def _name_in(member: LexborNode, *, caseless: bool = False) -> tuple[str | None, LexborNode | None]:
    """The one person `member` names; with `caseless`, a title in a script without capitals
    (Hebrew, Arabic, Thai) counts as a name too, and so does a first name leading a line
    ("Isla \u2726 fine line": a link-in-bio button)."""
    names: list[tuple[str, LexborNode]] = []
    candidates = [member, *member.css(_LABELS)]
    titled = False  # a button's title is its first line; what follows is its subtext
    for node in candidates:
        line = " ".join((node.text(deep=False) or "").split()).strip(" -\u2013\u2014:|,")
        text = _entry_name(line, title=node.tag in _TITLE_TAGS)
        if not text and node.tag in _TITLE_TAGS and lone_first_name(line):
            text = _named_in_full(member, line)
        if not text and node.tag in _TITLE_TAGS and line in _pictured(member):
            # "<img alt="陈默"><h3>陈默 <small>Chen Mo</small></h3>": the pictured person
            text = short_chinese_name(line)
        if text and node.prev is not None and node.prev.tag == "-text":
            # "... donate the proceeds to the <a>Kenya Red Cross</a>": an organisation
            text = None if after_article(node.prev.text_content or "") else text
        if not text and caseless and _in_title(node, member):
            text = caseless_name(line)
            titled = titled or text is not None  # the lines after a title are its subtext
        if (
            not text
            and caseless
            and not titled
            and (node.mem_id != member.mem_id or member.tag == "a")
        ):
            text = first_name(line)  # a button's own first words ("서윤 · 파인라인") too
            if text is not None and text in _pictured(member):
                text = None  # "Kielo - Saana" under a picture whose alt is "Kielo": its title
            titled = text is not None
        if caseless and line and _in_title(node, member):
            titled = True  # a title that is no name: the lines under it are its subtext
        if text and text not in (n for n, _ in names):
            names.append((text, node))
    if len(names) > 1 and all(_within(node, names[0][1]) for _, node in names[1:]):
        return names[0]  # a title with the name transliterated inside it: one person
    titles = [(n, node) for n, node in names if _whole_title(node, n)]
    if len(names) > 1 and len(titles) == 1 and CJK_TEXT.search(titles[0][0]):
        # A staff row's label "강도윤" over a bio whose words look like names in a script
        # without capitals ("호랑이, 용, 모란 등..."): the title is the person.
        return titles[0]
    if len(names) != 1:
        return None, None  # none, or several people: not one artist's block
    return names[0]


def _pictured(member: LexborNode) -> set[str]:
    """The first words of the alt texts of the card's pictures: what a gallery item titles."""
    return {
        str(img.attributes.get("alt") or "").split()[0]
        for img in member.css("img[alt]")
        if str(img.attributes.get("alt") or "").strip()
    }


def _whole_title(node: LexborNode, name: str) -> bool:
    """Whether `node` is a title or label whose whole line is `name`."""
    line = " ".join(node.text(separator=" ", strip=True).split())
    return (node.tag in _TITLE_TAGS or node.tag == "label") and line == name


def _named_in_full(member: LexborNode, first: str) -> str | None:
    """The full name a card titled by a first name opens its next line with ("<h3>Sami</h3>
    <p>Sami Haddad tatoue le mardi..."), or None (a name further on, such as an embedded
    post's author, is not the title's)."""
    lines = [" ".join(t.split()) for t in member.text(separator="\n").splitlines()]
    lines = [t for t in lines if t]
    for title, after in itertools.pairwise(lines):
        if title == first:
            opens = re.match(rf"{re.escape(first)}\s+([^\W\d_][\w'\u2019-]*)", after)
            return person_name(f"{first} {opens.group(1)}") if opens else None
    return None


def _within(node: LexborNode, title: LexborNode) -> bool:
    """Whether `node` is inside the heading or bold title `title`."""
    if title.tag not in _TITLE_TAGS:
        return False
    at = node.parent
    while at is not None:
        if at.mem_id == title.mem_id:
            return True
        at = at.parent
    return False


def _linked_title(member: LexborNode, page_url: str) -> tuple[str, str, LexborNode] | None:
    """The card's first heading when it is a link to another page of the site whose words are
    a name in a script without capitals: (name, that page, the heading's link)."""
    heading = member.css_first("h1, h2, h3, h4, h5, h6")
    anchor = heading.css_first("a[href]") if heading is not None else None
    if anchor is None:
        return None
    name = caseless_name(" ".join(anchor.text(separator=" ", strip=True).split()))
    url = urldefrag(urljoin(page_url, str(anchor.attributes.get("href") or "")))[0]
    if not name or urlsplit(url).hostname != urlsplit(page_url).hostname:
        return None
    return (name, url, anchor) if url != urldefrag(page_url)[0] else None


def _handles_in(member: LexborNode) -> list[str]:
    found: list[str] = []
    text = member.text(separator=" ", strip=True)
    for anchor in member.css("a[href]"):
        href = str(anchor.attributes.get("href") or "")
        # a link, or a button whose URL only a script follows (Taplink's data-href)
        handle = handle_from_href(href) or attribute_handle(anchor)
        if handle and handle not in found:
            found.append(handle)
        elif handle is None and href.startswith(("http://", "https://")):
            # "@x" as the words of a link to another network (TikTok) is an account there.
            text = text.replace(anchor.text(separator=" ", strip=True), " ")
    for handle in handles_in_text(text):
        if handle not in found:
            found.append(handle)
    return found


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
    if member.tag == "a":  # a card that is one link (`<a class="card" href="/masters/x/">`)
        url = urldefrag(urljoin(page_url, str(member.attributes.get("href") or "")))[0]
        if urlsplit(url).hostname == host and url != here:
            return url
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
    """A sibling's shape: its tag and class; items of one list, as the page tells a screen
    reader (role="listitem"), are one shape whatever classes a builder numbers them with
    ("comp-x1__item-d4": Wix repeater items), and a class that only numbers the item
    ("post-204": a WordPress post) is the same class whatever its number."""
    if str(node.attributes.get("role") or "") == "listitem":
        return (node.tag or "", "listitem")
    classes = _NUMBERED.sub(r"\1#", str(node.attributes.get("class") or ""))
    classes = " ".join(w for w in classes.split() if not _POSITION.match(w))
    unhashed = _HASHED.sub(r"\1#", classes)
    if any("#" not in word for word in unhashed.split()):
        classes = unhashed  # a class they share ("framer-card") says the shape, not the hash
    elif unhashed.split():
        # Only hashed classes (a Framer card "framer-c1d2e3" beside "framer-f4g5h6"): one
        # shape when built alike inside, as cards of one component are; sections are not.
        classes = unhashed + " " + _inner_shape(node)
    return (node.tag or "", classes)


def _inner_shape(node: LexborNode, depth: int = 2) -> str:
    """The tags an element is built of, two levels down: `div(div(img)div(h3 p p))`."""
    if depth == 0:
        return ""
    inner = "".join(
        (child.tag or "") + "(" + _inner_shape(child, depth - 1) + ")"
        for child in node.iter()
        if child.tag and not child.tag.startswith("-")
    )
    return inner


# A class that says where an item sits or what state it is in ("last", "et-last-child",
# "is-active", "odd"): the last card of a row is the same shape as the others.
_POSITION = re.compile(
    r"^([\w]+[-_])*(first|last|odd|even|active|current|selected|alt)([-_](child|item|col|"
    r"column|of-type))?$",
    re.I,
)
# A class a CMS numbers per item ("post-204", "et_pb_team_member_3"): one shape, any number.
_NUMBERED = re.compile(r"(\b[^\W\d][\w-]*?[-_])\d+\b")
# A class a builder hashes per element ("framer-card framer-h4j5k6l" on each Framer card):
# letters and digits mixed after a prefix of one or more words ("elementor-element-4f2a9c1"
# on each Elementor container); beside a class they share, one shape.
_HASHED = re.compile(
    r"(?<![\w-])((?:[a-z]+-)+)(?=[a-z\d]*\d)(?=[a-z\d]*[a-z])[a-z\d]{5,10}(?![\w-])"
)


_Assessed = tuple[LexborNode, str | None, LexborNode | None, str | None]


def _first_names_in_slot(assessed: list[_Assessed]) -> list[_Assessed]:
    """Cards whose title slot (the heading or classed element that holds every other card's
    full name) holds one capitalised word: that word is the person's first name ("Veera",
    "Burak" among "Aino Korhonen", "Deniz Arslan"), as a person reading the grid takes it."""
    slots = {
        (node.tag, str(node.attributes.get("class") or ""))
        for _, name, node, _ in assessed
        if name and node is not None
    }
    if len(slots) != 1:
        return assessed
    tag, classes = next(iter(slots))
    if tag not in _HEADINGS and not classes:
        return assessed  # a bare <span>, or bold in running text ("And finally <b>Rob</b>")
    out: list[_Assessed] = []
    for member, name, name_node, handle in assessed:
        if not name:
            for node in member.css(tag or "*"):
                if str(node.attributes.get("class") or "") != classes:
                    continue
                word = lone_first_name(" ".join(node.text(separator=" ", strip=True).split()))
                if word:
                    name, name_node = word, node
                break
        out.append((member, name, name_node, handle))
    return out


def _elements(node: LexborNode) -> Iterator[LexborNode]:
    yield node
    for child in node.iter():
        yield from _elements(child)


def blocks(
    root: LexborNode, page_url: str, listed: frozenset[Shape] = frozenset()
) -> tuple[list[tuple[Found, LexborNode, LexborNode | None]], frozenset[Shape]]:
    """Artist blocks: members of a group of same-shaped siblings naming one person each, or a
    lone block naming one person next to one Instagram account (a profile page). Each with
    its block and the element holding the name; and the shapes of the lists found.

    `listed`: the shapes of the lists on the earlier pages of the same list (a paginated
    archive): its last page's one card is a member of that list too."""
    found: list[tuple[Found, LexborNode, LexborNode | None]] = []
    # A grid a builder splits into rows of three: its last row's one card is a member too,
    # when a row of the same shape repeats the same card ((row shape, card shape) below).
    repeated_shapes: set[Shape] = set()
    lone: list[tuple[Shape, LexborNode, str, LexborNode]] = []
    for parent in _elements(root):
        groups: dict[tuple[str, str], list[LexborNode]] = {}
        for child in parent.iter():
            groups.setdefault(_signature(child), []).append(child)
        for shape, members in groups.items():
            assessed = []
            for member in members:
                name, name_node = _name_in(member)
                handles = _handles_in(member)
                if len(handles) > 1:
                    continue  # a container of several artists, not one artist's block
                assessed.append((member, name, name_node, handles[0] if handles else None))
            # Cards of accounts whose titles are in a script without capitals or first names
            # alone: the titles are their names, also on a card without an account (a page's
            # sections' headings are not).
            # One card in Latin letters among them (a guest's "Lucas Moreau") leaves the others'
            # titles names still.
            if sum(1 for a in assessed if a[3]) >= 2 and sum(1 for a in assessed if a[1]) < 2:
                assessed = [
                    (member, *_name_in(member, caseless=True), handle)
                    if not name
                    else (member, name, name_node, handle)
                    for member, name, name_node, handle in assessed
                ]
            elif len(assessed) >= 2 and not any(a[1] or a[3] for a in assessed):
                # A post archive in a script without capitals (a WordPress Query Loop of
                # `artist` posts in Persian): each card's heading links to its own page, the
                # person's, so the headings are names; the accounts are on those pages.
                titled = [_linked_title(member, page_url) for member, *_ in assessed]
                urls = {t[1] for t in titled if t is not None}
                if all(titled) and len(urls) == len(titled):
                    assessed = [
                        (member, t[0], t[2], None)
                        for (member, *_), t in zip(assessed, titled, strict=True)
                        if t is not None
                    ]
            named = [a for a in assessed if a[1]]
            repeated = len(named) >= 2
            if repeated:
                repeated_shapes.add((_signature(parent), shape))
            if repeated and len(named) < len(assessed):
                assessed = _first_names_in_slot(assessed)
            for member, name, name_node, handle in assessed:
                if not name and not handle:
                    continue
                if not repeated and not (name and handle):
                    if name and name_node is not None and len(members) == 1:
                        lone.append(((_signature(parent), shape), member, name, name_node))
                    continue
                found.append(
                    (_block_found(member, name, handle, page_url, repeated), member, name_node)
                )
    for shapes, member, name, name_node in lone:
        if shapes in repeated_shapes or shapes in listed:
            found.append((_block_found(member, name, None, page_url, True), member, name_node))
    return found, frozenset(repeated_shapes)


def _block_found(
    member: LexborNode, name: str | None, handle: str | None, page_url: str, repeated: bool
) -> Found:
    text = member.text(separator=" ", strip=True)
    return Found(
        source_url=page_url,
        name=name,
        handle=handle,
        profile_url=_profile_link(member, name, page_url) if name else None,
        styles=styles_of(text, name),
        repeated=repeated,
    )
