"""A page as a person reads it: its text in document order, block by block, with what each
part sits under (headings, class and id words, struck-through text), the Instagram accounts it
shows (links, running text, labels, image alt text and captions, data attributes) and the
person-like names around them. Each account is tied to the nearest name: before it in the same
block, else right after it in the same block ("@jane (Jane Doe)"), else the last name read
before it with no other account in between ("<h3>Jane Doe</h3><p>IG: jane.ink</p>"). Pure."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from selectolax.lexbor import LexborNode

from compute.extraction.instagram import (
    Mention,
    denies_account,
    handle_from_href,
    is_post_href,
    labelled_value,
    mentions_in_text,
    other_network_href,
)
from compute.extraction.names import after_article
from compute.extraction.passing import spelled_in, spelled_words

BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "caption",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
        "body",
    ]
)
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements a page draws as bands or cards of their own: a name in one is not an account's in
# the next ("<section>Diego</section><section>tintas @brand</section>").
_SECTIONS = frozenset({"section", "article"})


def is_block(tag: str) -> bool:
    """Whether an element stands on its own line: a block tag, a custom element (design
    systems' <market-row>, <wow-image> are styled as blocks) or a <label> (a form's option
    card: name, role and bio inside one)."""
    return tag in BLOCK_TAGS or tag == "label" or ("-" in tag and not tag.startswith("-"))


_EMPHASIS = HEADINGS | {"strong", "b", "dt", "th", "caption"}
STRUCK_TAGS = frozenset({"s", "del", "strike"})
SKIPPED = frozenset({"script", "style", "noscript", "template", "svg", "head"})
# Attributes whose words say what a section is (class="former-artists", id="suppliers").
_LABEL_ATTRIBUTES = ("class", "id", "role", "data-section", "data-status", "data-role")
# Attributes a person sees or a link carries, where handles are written.
_TEXT_ATTRIBUTES = ("alt", "title", "aria-label")
_QUOTE_CHARS = "\"'\u201c\u201d\u201e\u00ab\u00bb\u2039\u203a\u2018\u2019"
# Between two words of one name: white space (a browser shows any run of it as one space,
# "<span>Rosa</span><span> Delgado</span>"), or that and a nickname's quote.
_NAME_GAP = re.compile(
    r"\s+[\"\u201c\u201e\u00ab\u2039\u2018]?|[\"\u201d\u201c\u00bb\u203a\u2019]\s+"
)


_WORD = re.compile(r"[^\W\d_][\w'\u2019.-]*")
# What joins people of one list: commas, brackets, "and" in the languages studios write in;
# the next person's name comes between (up to a few words of it).
_LIST_JOINT = re.compile(
    r"[\s,()&/]*(and|og|och|und|y|e|et|en|i|a|ja)?[\s,()&/]*"
    r"([^\W\d_][\w.'\u2019-]*\s*){0,4}[\s(:\u2013\u2014-]*"
)
_SENTENCE_END = re.compile(r"[.!?;\u3002]\s|[|\u2022\u00b7]")
# Words an embedded post writes around its account: not the page's own words about it.
_EMBED_WORDS = re.compile(
    r"\b(a post shared by|view this post on instagram|ein beitrag geteilt von|"
    r"une publication partag[ée]e par|una publicaci[oó]n compartida de|"
    r"un post condiviso da|een bericht gedeeld door|uma publica[cç][aã]o partilhada por|"
    # ... as Instagram writes it in the other languages of its embeds (vi, tr, hu, cs, sk,
    # pl, fi, da, nb, sv, hr, el, uk, ru, id, he)
    r"b[àa]i vi[ếe]t do|taraf[ıi]ndan payla[sş][ıi]lan|[aá]ltal megosztott|"  # noqa: RUF001
    r"p[řr][íi]sp[ěe]vek sd[íi]len[ýy]|pr[íi]spevok zdie[lľ]an[ýy]|post udost[ęe]pniony przez|"
    r"jakama julkaisu|et opslag delt af|et innlegg delt av|ett inl[äa]gg delat av|"
    r"objava koju je podijeli[ol]a?|δημοσίευση που κοινοποιήθηκε|допис, поширений|"
    r"публикация от|kiriman dibagikan oleh|פוסט ששותף על ידי)\b.*$"
    # th, zh, ja, ko: no word edges in their scripts
    r"|(โพสต์ที่แชร์โดย|分享的貼文|分享的帖子|がシェアした投稿|님의 공유 게시물).*$",
    re.I,
)
# The word a link to one Instagram post adds to what its contents sit under.
POST_WORD = "instagram-post"
# How far a name may sit from its account in the same block, and across blocks.
FOLLOWING_NAME_CHARS = 40
PRECEDING_NAME_CHARS = 300


@dataclass(frozen=True, slots=True)
class Context:
    """What an element sits under."""

    headings: tuple[tuple[int, str], ...]  # (level, text) of the open sections
    words: tuple[str, ...]  # class/id/role words of it and its ancestors
    struck: bool
    row: tuple[str, ...] = ()  # the cells of the table row it sits in
    emphasised: bool = False  # in a heading, bold text or an element whose class says name
    section: int = 0  # the nearest <section>/<article> it sits in (a band a person sees apart)
    column: str = ""  # the header of the table column its cell sits in ("Instagram", "X")


@dataclass(slots=True)
class Piece:
    text: str
    block: int
    context: Context
    handle: str | None = None  # an Instagram link's account
    start: int = 0
    row: tuple[str, ...] = ()
    elsewhere: bool = False  # the words of a link to another network ("@x" on X.com)
    link: int = 0  # the link (or button) whose words it is, if any
    broken: bool = False  # a <br> follows it: the next piece starts a line of its own
    address: str = ""  # the web address of the link it is inside, a card-sized one included


@dataclass(frozen=True, slots=True)
class NameSpan:
    name: str
    start: int
    end: int
    block: int
    struck: bool
    emphasised: bool = False
    section: int = 0
    headings: tuple[tuple[int, str], ...] = ()  # the headings open where it is written
    # Right after "the" ("donate to the Kenya Red Cross"): an organisation's, an event's or a
    # place's name, never tied to an account as its person's; still where a sentence about
    # it starts.
    thing: bool = False


@dataclass(slots=True)
class HandleSeen:
    """One place an account is shown, with the words around it and the name tied to it."""

    handle: str
    start: int
    end: int
    block: int
    context: Context
    name: str | None = None
    name_struck: bool = False
    lead: str = ""  # text of its sentence before it (after the previous account or name)
    trail: str = ""  # text of its sentence after it (up to the next account or name)
    label: str = ""  # a link's own text ("Expo Tattoo Cádiz")
    # its line before it, back to the previous account or name: earlier sentences about the
    # same person ("Ola runs reception and does not tattoo yet. Write to her: @ola")
    clause: str = ""
    bare: bool = False  # written "@x": only the words before it say which network it is on
    elsewhere: bool = False  # the words of a link to another network: an account there
    link: int = 0  # the link or button it is (0: written in text)


@dataclass(slots=True)
class Reading:
    text: str
    pieces: list[Piece] = field(default_factory=list)
    names: list[NameSpan] = field(default_factory=list)
    handles: list[HandleSeen] = field(default_factory=list)
    contexts: dict[int, Context] = field(default_factory=dict)  # element mem_id -> context


def _label_words(node: LexborNode) -> tuple[str, ...]:
    """The words an element's class, id and role give its part of the page. Not the page's
    own (<html>, <body>): a site builder's settings go there for every page ("event-show-past-
    events" on a Squarespace site whose roster is current)."""
    if node.tag in ("html", "body"):
        return ()
    words: list[str] = []
    for name in _LABEL_ATTRIBUTES:
        value = node.attributes.get(name)
        if value:
            words.extend(w for w in re.split(r"[\s_\-]+", str(value).lower()) if w)
    return tuple(words)


_LINK_TAGS = frozenset({"a", "button", "area"})
_URL_ATTRIBUTES = ("href", "data-href", "data-url", "data-link", "data-target", "onclick")
# An attribute named for Instagram may hold a bare handle ("data-instagram="@jane.ink"").
_NAMED_FOR_INSTAGRAM = re.compile(r"insta|(^|[-_])ig($|[-_])", re.I)


def attribute_handle(node: LexborNode) -> str | None:
    """The Instagram account an element points at through any of its attributes: a link's
    href, a URL a script follows (data-href, data-url, onclick), or an attribute named for
    Instagram holding a handle."""
    for name, value in node.attributes.items():
        text = str(value or "").strip()
        if not text or name in ("src", "srcset", "data-src", "data-srcset", "data-full-res"):
            continue
        if name in _URL_ATTRIBUTES or name.startswith("data-"):
            handle = handle_from_href(text)
            if handle is not None:
                return handle
            for candidate in re.findall(r"(?:https?:)?//[^\s'\"()]+|ig\.me/[^\s'\"()]+", text):
                handle = handle_from_href(candidate)
                if handle is not None:
                    return handle
        if name.startswith("data-") and _NAMED_FOR_INSTAGRAM.search(name[5:]):
            handle = handle_from_href(text) or _bare(text)
            if handle is not None:
                return handle
    return None


def _bare(text: str) -> str | None:
    found = mentions_in_text(text if text.startswith("@") else f"@{text}")
    return found[0].handle if len(found) == 1 and " " not in text else None


def _has_blocks(node: LexborNode) -> bool:
    return any(is_block(child.tag or "") for child in node.traverse() if child is not node)


def _struck(node: LexborNode) -> bool:
    style = str(node.attributes.get("style") or "").replace(" ", "").lower()
    return node.tag in STRUCK_TAGS or "line-through" in style


def _accessible_name(node: LexborNode) -> str:
    """What a browser announces for a link without words (a tile whose picture is a CSS
    background): its aria-label, else an image map area's alt, else its title (its images' alt
    text is read apart)."""
    for name in ("aria-label", "alt", "title"):
        value = " ".join(str(node.attributes.get(name) or "").split())
        if value:
            return value
    return ""


_WHITESPACE = re.compile(r"\s+")
_PREFORMATTED = frozenset({"pre", "textarea", "code"})


class _Walker:
    def __init__(self) -> None:
        self.pieces: list[Piece] = []
        self.contexts: dict[int, Context] = {}
        self.headings: list[tuple[int, str]] = []
        self.section = 0
        self.column = ""
        self.columns: dict[int, str] = {}  # a table cell's mem_id -> its column's header
        self.link = 0  # the link or button being read
        self.address = ""  # the href of the link being read, even one holding blocks

    def walk(
        self,
        node: LexborNode,
        block: int,
        words: tuple[str, ...],
        struck: bool,
        row: tuple[str, ...] = (),
        emphasised: bool = False,
    ) -> None:
        tag = node.tag or ""
        if tag == "-text":
            text = node.text_content or ""
            parent = node.parent
            if parent is None or parent.tag not in _PREFORMATTED:
                # A browser shows the source's line breaks and runs of spaces as one space
                # ("... (<a>@mika</a>)\nis with us 9 - 13 December": one sentence).
                text = _WHITESPACE.sub(" ", text)
            if text.strip():
                context = self._context(words, struck, row, emphasised)
                self.pieces.append(
                    Piece(text, block, context, link=self.link, address=self.address)
                )
            return
        if tag == "br":
            if self.pieces:  # a line break ends a line, as a browser shows it
                self.pieces[-1].broken = True
            return
        if tag in SKIPPED or tag.startswith("-"):
            return
        own_words = _label_words(node)
        if (
            tag == "a"
            and is_post_href(str(node.attributes.get("href") or ""))
            and not _EMBED_WORDS.search(node.text(separator=" ", strip=True))
        ):  # a feed tile's words are its post's caption (an embed's author line is not)
            own_words += (POST_WORD,)
        words = words + own_words
        struck = struck or _struck(node)
        emphasised = emphasised or tag in _EMPHASIS or any("name" in w for w in own_words)
        if is_block(tag):
            block = node.mem_id
        outer_section = self.section
        if tag in _SECTIONS:
            self.section = node.mem_id
        if tag == "table":
            self.columns.update(column_headers(node))
        outer_column = self.column
        if tag in ("td", "th"):
            self.column = self.columns.get(node.mem_id, "")
        if tag == "tr":
            row = tuple(
                " ".join(cell.text(separator=" ", strip=True).split())
                for cell in node.iter()
                if cell.tag in ("td", "th")
            )
            # A row with a wholly struck-through cell (a crossed-out date) is crossed out.
            struck = struck or any(_wholly_struck(cell) for cell in node.iter())
        context = self._context(words, struck, row, emphasised)
        self.contexts[node.mem_id] = context
        for name in _TEXT_ATTRIBUTES:
            value = node.attributes.get(name)
            if value and str(value).strip() and (tag == "img" or "@" in str(value)):
                self.pieces.append(Piece(str(value), block, context))
        handle = attribute_handle(node)
        if handle is not None and (tag in _LINK_TAGS or not _has_blocks(node)):
            # A link, or what a script makes one (data-href, a button's data-url): its own
            # words are its label, as a person reads the button.
            text = " ".join(node.text(separator=" ", strip=True).split()) or _accessible_name(node)
            link = node.mem_id if tag in _LINK_TAGS else 0
            self.pieces.append(Piece(text, block, context, handle=handle, link=link))
            self.column = outer_column
            return
        if handle is None and tag == "a" and not _has_blocks(node):
            text = " ".join(node.text(separator=" ", strip=True).split())
            if other_network_href(str(node.attributes.get("href") or "")) and mentions_in_text(
                text
            ):  # "@x" as the words of a link to X or Telegram is an account there
                self.pieces.append(Piece(text, block, context, elsewhere=True))
                self.column = outer_column
                return

        if tag in HEADINGS:
            level = int(tag[1])
            text = " ".join(node.text(separator=" ", strip=True).split())
            while self.headings and self.headings[-1][0] >= level:
                self.headings.pop()
        outer_link, outer_address = self.link, self.address
        if tag in _LINK_TAGS and not _has_blocks(node):
            self.link = node.mem_id
        if tag == "a":
            self.address = str(node.attributes.get("href") or "")
        for child in node.iter(include_text=True):
            self.walk(child, block, words, struck, row, emphasised)
        self.link, self.address = outer_link, outer_address
        if handle is not None:  # a card that carries its artist's account (data-instagram),
            self.pieces.append(Piece("", block, context, handle=handle))  # read after it
        self.section = outer_section
        self.column = outer_column
        if tag in HEADINGS and text:
            self.headings.append((level, text))

    def _context(
        self, words: tuple[str, ...], struck: bool, row: tuple[str, ...], emphasised: bool
    ) -> Context:
        return Context(
            tuple(self.headings), words, struck, row, emphasised, self.section, self.column
        )


def column_headers(table: LexborNode) -> dict[int, str]:
    """The header of each cell's column, by the cell's mem_id: the text of the header row's
    `<th>` above it, counting the columns the cells before it span (rowspan and colspan), as a
    browser lays the grid out. A cell spanning several columns has none."""
    rows = [tr for tr in table.css("tr") if _table_of(tr) == table.mem_id]
    taken: set[tuple[int, int]] = set()
    spans: dict[int, tuple[int, int]] = {}  # cell -> (first column, columns spanned)
    cells_of: list[list[LexborNode]] = []
    for r, tr in enumerate(rows):
        cells = [cell for cell in tr.iter() if cell.tag in ("td", "th")]
        cells_of.append(cells)
        column = 0
        for cell in cells:
            while (r, column) in taken:
                column += 1
            width, height = _span(cell, "colspan"), _span(cell, "rowspan")
            taken.update((r + i, column + j) for i in range(height) for j in range(width))
            spans[cell.mem_id] = (column, width)
            column += width
    header_row = next(
        (cells for cells in cells_of if cells and all(c.tag == "th" for c in cells)), None
    )
    if header_row is None:
        return {}
    headers = {
        spans[th.mem_id][0]: " ".join(th.text(separator=" ", strip=True).split())
        for th in header_row
        if spans[th.mem_id][1] == 1
    }
    return {
        cell.mem_id: headers[spans[cell.mem_id][0]]
        for cells in cells_of
        for cell in cells
        if cell.tag == "td" and spans[cell.mem_id][1] == 1 and spans[cell.mem_id][0] in headers
    }


def _table_of(node: LexborNode) -> int | None:
    at = node.parent
    while at is not None and at.tag != "table":
        at = at.parent
    return at.mem_id if at is not None else None


def _span(cell: LexborNode, name: str) -> int:
    value = str(cell.attributes.get(name) or "1").strip()
    return min(max(int(value), 1), 50) if value.isdigit() else 1


def _name_spans(
    text: str, start: int, block: int, struck: bool, check: Callable[[str], str | None]
) -> list[NameSpan]:
    """Person-like names in one piece of text: the longest run of capitalised words that
    reads as a name ("Meet Jane Doe" gives "Jane Doe")."""
    spans: list[NameSpan] = []
    runs: list[list[re.Match[str]]] = []
    for match in _WORD.finditer(text):
        word = match.group(0)
        previous = runs[-1][-1].group(0) if runs and runs[-1] else ""
        # A sentence ends a name ("Abbeydale Road. Best of"), an initial does not ("J. Doe").
        ended = len(previous) > 2 and previous.endswith(".")
        gap = text[runs[-1][-1].end() : match.start()] if previous else ""
        joined = bool(previous) and not ended and bool(_NAME_GAP.fullmatch(gap))
        usable = word[0].isupper() or word in ("de", "da", "van", "von", "der", "la", "le", "del")
        if usable and joined:
            runs[-1].append(match)
        elif usable:
            runs.append([match])
        else:
            runs.append([])
    for run in runs:
        best: tuple[int, int, str] | None = None
        for i in range(len(run)):
            for j in range(len(run), i + 1, -1):
                a, b = run[i].start(), run[j - 1].end()
                candidate = text[a:b].rstrip(".")
                name = check(candidate)
                if name and (best is None or j - i > best[1] - best[0]):
                    best = (i, j, name)
        if best is not None:
            a, b = run[best[0]].start(), run[best[1] - 1].end()
            if b < len(text) and text[b] in _QUOTE_CHARS and text[a - 1 : a] in _QUOTE_CHARS:
                a, b = a - 1, b + 1
            length = len(text[a:b].rstrip("."))
            thing = after_article(text[:a])  # "the Kenya Red Cross" is no one
            spans.append(
                NameSpan(best[2], start + a, start + a + length, block, struck, thing=thing)
            )
    return spans


def _same_emphasis(line: list[Piece]) -> list[list[Piece]]:
    """A line's pieces in runs of equal emphasis."""
    runs: list[list[Piece]] = []
    for piece in line:
        if runs and runs[-1][-1].context.emphasised == piece.context.emphasised:
            runs[-1].append(piece)
        else:
            runs.append([piece])
    return runs


def read(root: LexborNode, person_name: Callable[[str], str | None]) -> Reading:
    """The page under `root` as a person reads it (see the module docstring)."""
    walker = _Walker()
    walker.walk(root, root.mem_id, (), False)
    parts: list[str] = []
    offset = 0
    previous: Piece | None = None
    for piece in walker.pieces:
        gap = (
            "\n"
            if previous is not None and (piece.block != previous.block or previous.broken)
            else " "
        )
        if parts:
            parts.append(gap)
            offset += 1
        piece.start = offset
        parts.append(piece.text)
        offset += len(piece.text)
        previous = piece
    reading = Reading(text="".join(parts), pieces=walker.pieces, contexts=walker.contexts)
    # Names are read over a block's whole line: "<span>Harriet</span> <span>Pugh</span>", but
    # not across bold or a heading's edge ("Der Gastspot von <b>Eva Novák</b>").
    line: list[Piece] = []
    pieces: list[Piece | None] = [*walker.pieces, None]
    for next_piece in pieces:
        if line and (next_piece is None or next_piece.block != line[0].block):
            for run in _same_emphasis(line):
                start, end = run[0].start, run[-1].start + len(run[-1].text)
                for span in _name_spans(
                    reading.text[start:end], start, run[0].block, False, person_name
                ):
                    under = [
                        p for p in run if p.start < span.end and span.start < p.start + len(p.text)
                    ]
                    reading.names.append(
                        dataclasses.replace(
                            span,
                            struck=all(p.context.struck for p in under),
                            emphasised=all(p.context.emphasised for p in under),
                            section=run[0].context.section,
                            headings=run[0].context.headings,
                        )
                    )
            # A piece that is a name on its own: names in scripts without capitals ("佐藤 蓮").
            for piece in line:
                end = piece.start + len(piece.text)
                if any(n.start < end and piece.start < n.end for n in reading.names):
                    continue
                name = person_name(piece.text.strip())
                if name is not None and not after_article(reading.text[: piece.start]):
                    reading.names.append(
                        NameSpan(
                            name,
                            piece.start,
                            end,
                            piece.block,
                            piece.context.struck,
                            piece.context.emphasised,
                            piece.context.section,
                            piece.context.headings,
                        )
                    )
            line = []
        if next_piece is not None:
            line.append(next_piece)
    label = ""
    previous = None
    before: Piece | None = None
    for piece in walker.pieces:
        label, above = piece.text if piece.handle is None else "", label
        before, previous = previous, piece
        if piece.handle is not None:
            reading.handles.append(
                HandleSeen(
                    piece.handle,
                    piece.start,
                    piece.start + len(piece.text),
                    piece.block,
                    piece.context,
                    label=piece.text,
                    link=piece.link,
                )
            )
            continue
        mentions = mentions_in_text(piece.text)
        if not mentions and before is not None and before.handle is None:
            mentions = _labelled_across(before, piece)
        for mention in mentions:
            written = piece.text[mention.start : mention.end]
            reading.handles.append(
                HandleSeen(
                    mention.handle,
                    piece.start + mention.start,
                    piece.start + mention.end,
                    piece.block,
                    piece.context,
                    bare="/" not in written,
                    elsewhere=piece.elsewhere,
                )
            )
        # A word that spells the name of the person just named, shaped as an account ("He's
        # on Instagram as earlbeasleytattoo", "She's niamhgallagher.tattoo on the gram",
        # "sous le nom yanis.blackwork"): her account, whatever words lead to it.
        shown = {m.handle for m in mentions}
        for word_start, word in _spelling_accounts(piece, reading.names):
            if word in shown:
                continue
            reading.handles.append(
                HandleSeen(
                    word,
                    piece.start + word_start,
                    piece.start + word_start + len(word),
                    piece.block,
                    piece.context,
                    bare=True,
                )
            )
        value = (
            None
            if mentions_in_text(piece.text)
            # ... or under a column headed "Instagram": the cell's bare handle is its account
            else labelled_value(above, piece.text) or _column_value(piece)
        )
        if value is not None:  # "Instagram" in one cell, the handle alone in the next
            reading.handles.append(
                HandleSeen(
                    value, piece.start, piece.start + len(piece.text), piece.block, piece.context
                )
            )
    reading.names.sort(key=lambda n: n.start)
    _tie(reading)
    return reading


_SHAPED_HANDLE = re.compile(r"[._]")
# A bare word that could be an account: lower case, letters, digits, dots and underscores, not
# part of a web address, an e-mail or a file name.
_BARE_WORD = re.compile(r"(?<![\w@./:-])([a-z0-9][a-z0-9._]{2,28}[a-z0-9_])(?![\w@/-]|\.[a-z0-9])")
_NOT_AN_ACCOUNT = re.compile(
    r"\.(com|net|org|co|uk|de|fr|es|it|nl|io|jpe?g|png|gif|webp|svg|pdf|html?|php|js|css)$"
)
# A country's domain ending (a website: "devinair.my"), unless an underscore says account.
_NOT_AN_ACCOUNT_CC = re.compile(r"^[^_]*\.[a-z]{2}$")
_WEBSITE = re.compile(
    r"\b(site|website|web|www|homepage|portfolio|stránk\w*|sitio|página|strona|nettside|"
    r"hjemmeside|webbplats|webseite|sito)\b",
    re.I,
)
_NAME_BEFORE_CHARS = 300  # how far back the person a word spells may be named


def _spelling_accounts(piece: Piece, names: list[NameSpan]) -> list[tuple[int, str]]:
    """The words of `piece` that spell the name of a person named in its block or just before
    it: all of her name's words, or her first name as the first part of a dotted word
    ("lowri.draws.things"). (offset in the piece, word)."""
    near = [
        n
        for n in names
        if not n.thing
        and (n.block == piece.block or 0 <= piece.start - n.end <= _NAME_BEFORE_CHARS)
    ]
    if not near or piece.link or piece.address:  # a link's words are about where it goes
        return []
    found = []
    for match in _BARE_WORD.finditer(piece.text):
        word = match.group(1)
        if word.isdigit() or _NOT_AN_ACCOUNT.search(word) or _NOT_AN_ACCOUNT_CC.match(word):
            continue
        if _WEBSITE.search(piece.text[max(0, match.start() - 40) : match.start()]):
            continue  # "Bookings through her site: devinair.my", "portfolio ... na ondrejmarek.cz"
        if any(_spells(word, n.name) for n in near):
            found.append((match.start(1), word))
    return found


def _spells(word: str, name: str) -> bool:
    parts = [p for p in spelled_words(name) if len(p) >= 3]
    if not parts:
        return False
    if spelled_in(word, name) == len(parts) and len(parts) >= 2:
        return True
    first = re.split(r"[._]", word)[0]
    return bool(_SHAPED_HANDLE.search(word)) and first == parts[0]


def _column_value(piece: Piece) -> str | None:
    """A cell's bare handle under a column headed "Instagram" ("ria.moh.tattoo"); only what
    is spelled as a handle, not the cell's "none" in the page's language ("nincs")."""
    value = labelled_value(piece.context.column, piece.text)
    return value if value is not None and _SHAPED_HANDLE.search(value) else None


def _labelled_across(before: Piece, piece: Piece) -> list[Mention]:
    """A handle set apart from its label by inline markup ("look me up on Instagram as
    <strong>maggie.tattoos</strong>"): the label's words end the piece before, in the same
    block. Only what is spelled as a handle (a dot or underscore inside it)."""
    if before.block != piece.block or before.broken:
        return []
    tail = before.text[-80:] + " "
    return [
        Mention(m.handle, m.start - len(tail), m.end - len(tail))
        for m in mentions_in_text(tail + piece.text)
        if m.start >= len(tail) and _SHAPED_HANDLE.search(m.handle)
    ]


def _wholly_struck(cell: LexborNode) -> bool:
    if cell.tag not in ("td", "th"):
        return False
    text = "".join(cell.text(separator="", strip=True).split())
    crossed = "".join(
        "".join(n.text(separator="", strip=True).split())
        for n in cell.traverse()
        if n is not cell and _struck(n)
    )
    return bool(text) and crossed == text


def _sentence_start(text: str, before: int, floor: int) -> int:
    cut = floor
    for match in _SENTENCE_END.finditer(text, floor, before):
        cut = match.end()
    newline = text.rfind("\n", floor, before)
    return max(cut, newline + 1 if newline >= 0 else floor)


def _sentence_end(text: str, after: int, ceiling: int) -> int:
    match = _SENTENCE_END.search(text, after, ceiling)
    end = match.start() + 1 if match else ceiling
    newline = text.find("\n", after, ceiling)
    return min(end, newline) if newline >= 0 else end


def _line_above(text: str, floor: int, anchor: int) -> str:
    """Nothing before an account on its own line: the line above says what it is
    ("<p>Biscuit - Studio dog</p><a href=ig/biscuit>"), past an embed's own words."""
    end = anchor
    for _ in range(4):
        above = text.rfind("\n", floor, end)
        if above < 0:
            return ""
        start = max(text.rfind("\n", floor, above) + 1, floor)
        line = _EMBED_WORDS.sub("", text[start:above]).strip()
        if line:
            return line[-120:] + "\n"  # a line of its own: what ends it is not a label's end
        end = start
    return ""


def sentences_naming(reading: Reading, name: str) -> list[str]:
    """The page's sentences that name a person without showing any account: what it says of
    them apart from their card ("Above: Jonny Shard's guest spot back in March"). Each is cut
    at other people's names, so their words stay theirs."""
    text = reading.text
    said: list[str] = []
    for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
        others = [n for n in reading.names if n.name != name]
        floor = max([n.end for n in others if n.end <= match.start()] + [0])
        ceiling = min([n.start for n in others if n.start >= match.end()] + [len(text)])
        start = _sentence_start(text, match.start(), floor)
        end = _sentence_end(text, match.end(), ceiling)
        if any(start <= h.start < end or start < h.end <= end for h in reading.handles):
            continue  # an account's own sentence: its words are read with it
        said.append(text[start:end].strip())
    return said


def _next_link(reading: Reading, seen: HandleSeen) -> int:
    """Where the next link's words start when nothing but white space or a separator stands
    between it and the link `seen` (links side by side are buttons, each with its own
    words), else the end of the text."""
    for piece in reading.pieces:
        if piece.start < seen.end or not piece.text.strip():
            continue
        between = reading.text[seen.end : piece.start]
        if piece.link and piece.link != seen.link and not re.search(r"[^\W_]", between):
            return piece.start
        return len(reading.text)
    return len(reading.text)


def _under_same_headings(name: NameSpan, headings: tuple[tuple[int, str], ...]) -> bool:
    """Whether an account under `headings` is still where `name` was written: no heading
    came between them but the name's own ("<h4>Kasia Dąbrowska</h4> ... <h3>Gościnnie</h3>
    ... Marta z Warszawy (@marta.ink.waw)": the guests' heading starts another part)."""
    if headings[: len(name.headings)] != name.headings:
        return False
    return all(name.name in text for _, text in headings[len(name.headings) :])


def _tie(reading: Reading) -> None:
    """Each account's name and the words of its sentence around it."""
    text = reading.text
    used: dict[int, str] = {}  # names already tied to an account: start -> handle

    def other_account_between(seen: HandleSeen, a: int, b: int) -> bool:
        return any(a <= h.start < b and h.handle != seen.handle for h in reading.handles)

    handles = sorted(reading.handles, key=lambda h: h.start)
    # A name inside a link's own text is that account's ("<a href=ig/x>Tattoo Tea Party</a>").
    for seen in handles:
        inside = [
            n for n in reading.names if seen.start <= n.start and n.end <= seen.end and not n.thing
        ]
        if inside and seen.label:
            seen.name, seen.name_struck = inside[0].name, inside[0].struck
            used[inside[0].start] = seen.handle
    for seen in handles:
        if seen.name is not None:
            continue
        before = [
            n
            for n in reading.names
            if n.end <= seen.start and used.get(n.start, seen.handle) == seen.handle and not n.thing
        ]
        name: NameSpan | None = None
        # Who says they have no Instagram ("Ikke på Instagram") owns no account after that.
        before = [n for n in before if not denies_account(text[n.end : seen.start])]
        same_block = [
            n
            for n in before
            if n.block == seen.block and not other_account_between(seen, n.end, seen.start)
        ]
        if same_block:
            # A name the account spells beats the others ("Manon Pique ... @manon.pique" after
            # a colleague's name); then a name set in bold or a heading beats a place in the
            # text ("Tomás Herrera aus Buenos Aires - @tomas"): the nearest emphasised one,
            # else the nearest.
            spelled = [n for n in same_block if spelled_in(seen.handle, n.name)]
            emphasised = [n for n in same_block if n.emphasised]
            name = (spelled or emphasised or same_block)[-1]
        if name is None:
            after = [
                n
                for n in reading.names
                if n.block == seen.block
                and 0 <= n.start - seen.end <= FOLLOWING_NAME_CHARS
                and "\n" not in text[seen.end : n.start]  # a line's name is not the line above's
                and used.get(n.start, seen.handle) == seen.handle
                and not n.thing
            ]
            if after and not other_account_between(seen, seen.end, after[0].start):
                name = after[0]
        if name is None and before:
            last = before[-1]
            if (
                seen.start - last.end <= PRECEDING_NAME_CHARS
                and last.section == seen.context.section
                and _under_same_headings(last, seen.context.headings)
                and not other_account_between(seen, last.end, seen.start)
            ):
                name = last
        if name is not None:
            seen.name = name.name
            seen.name_struck = name.struck
            used[name.start] = seen.handle
    previous: HandleSeen | None = None
    for seen in handles:
        named = [n for n in reading.names if n.name == seen.name and n.end <= seen.start]
        name = named[-1] if named and seen.name else None
        anchor = name.start if name is not None else seen.start
        # Back to its sentence's start, past other accounts ("thanks to @a, @b and @c") but
        # not past another person's name (their clause is theirs; "the Guelph Humane
        # Society" is no one's).
        people = [n for n in reading.names if not n.thing or n is name]
        floor = max([n.end for n in people if n.end <= anchor] + [0])
        ceiling = min(
            [h.start for h in reading.handles if h.start >= seen.end and h.handle != seen.handle]
            + [n.start for n in people if n.start >= seen.end and n is not name]
            + [len(text)]
        )
        start = _sentence_start(text, anchor, floor)
        if start > floor and text[start : seen.start].strip() in ("(", "[", "\uff08"):
            # "Photos by Marta, thanks! (@marta)": an account in brackets after a sentence
            # is that sentence's.
            start = _sentence_start(text, start - 2, floor)
        seen.lead = _EMBED_WORDS.sub("", text[start : seen.start].strip()).strip()
        if seen.lead and text[start : seen.start].rstrip(" \t").endswith("\n"):
            seen.lead += "\n"  # the account on a line of its own: its lead's end is no label's
        if not seen.lead and floor < anchor:
            seen.lead = _line_above(text, floor, anchor)
        if seen.link:
            # A row of buttons: the next link's words are that button's, not this one's
            # ("Book with Marcus" | "Aftercare guide (PDF)").
            ceiling = min(ceiling, _next_link(reading, seen))
        seen.trail = text[seen.end : _sentence_end(text, seen.end, ceiling)].strip()
        earlier = [h.end for h in reading.handles if h.end <= seen.start and h is not seen]
        line_start = text.rfind("\n", 0, anchor) + 1
        seen.clause = text[max([floor, line_start, *earlier]) : seen.start].strip()
        # The next person of one list shares its opening words ("Past guests: Ann (@a) and
        # Bo (@b)"): a lead that is only the list's joints takes the previous one's lead.
        if (
            previous is not None
            and previous.block == seen.block
            and previous.end <= seen.start
            and _LIST_JOINT.fullmatch(text[previous.end : seen.start])
        ):
            seen.lead = f"{previous.lead} {seen.lead}".strip()
        previous = seen
