"""Artist candidates on a studio page: schema.org Person data, repeated artist blocks (lists,
cards, team members, rendered JavaScript rosters), single profile pages and every Instagram
account a person sees, each kept or rejected with the words around it. Pure."""

from __future__ import annotations

import re
from typing import Any, cast
from urllib.parse import urlsplit

from selectolax.lexbor import LexborNode

from compute.domain.models import ArtistCandidate
from compute.extraction import dates, passing, rejection
from compute.extraction.blocks import blocks
from compute.extraction.candidates import DECISIVE, Found, Roster, Shape, roster_of, styles_of
from compute.extraction.instagram import mentions_in_text, network_label
from compute.extraction.names import after_article, looks_like_name, person_name
from compute.extraction.page import (
    chrome_navs,
    component_props,
    content_root,
    parse,
    site_landmarks,
)
from compute.extraction.reading import (
    POST_WORD,
    Context,
    HandleSeen,
    Reading,
    attribute_handle,
    read,
    sentences_naming,
)
from compute.extraction.reading import STRUCK_TAGS as reading_struck_tags
from compute.extraction.structured import (
    json_ld_objects,
    markup_items,
    organisation_handles,
    people,
    people_in_data,
)


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


def _chrome_handles(tree: Any) -> set[str]:
    """Accounts the site's header, footer and navigation point at: the studio's own (not a
    nav that holds the page's content, a post archive inside its paging nav)."""
    found: set[str] = set()
    body = tree.body
    landmarks = [*site_landmarks(body), *chrome_navs(body)] if body is not None else []
    for chrome in [*landmarks, *tree.css("[role=banner], [role=contentinfo]")]:
        for node in chrome.traverse():
            handle = attribute_handle(node)
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


_LINE_TAGS = frozenset(
    {"div", "p", "span", "small", "em", "li", "dd", "figcaption", "h4", "h5", "h6"}
)  # a role is often a sub-heading under the name ("<h2>Shaz</h2><h4>Front of house</h4>")


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def _under_heading(member: LexborNode) -> str:
    """The words a heading that is a person's card stands over: the paragraph right after it,
    before the next heading (a page that writes each person as a heading and a paragraph).
    "" for any other block."""
    if member.tag not in _HEADINGS:
        return ""
    following = member.next
    while following is not None and not (following.tag or "").isalnum():  # text, comments
        following = following.next
    if following is None or following.tag not in ("p", "div"):
        return ""
    return " ".join(following.text(separator=" ", strip=True).split())


def _block_reason(
    member: LexborNode,
    name_node: LexborNode | None,
    name: str | None,
    reading: Reading,
    names: list[str],
    card: LexborNode | None = None,
) -> tuple[str | None, str]:
    """Why the person of the block `member` is not an artist: struck through, her section,
    her block's words, or a line of it up to the end of `card` (the smallest block holding
    her) read as a label. (None, "") if nothing says so."""
    if name_node is not None:
        named = reading.contexts.get(name_node.mem_id)
        if (named is not None and named.struck) or name_node.tag in reading_struck_tags:
            return rejection.STRUCK, name or ""
    # The sections open where its name is: a block that opens with its own heading ("In the
    # guest chair: Dec 1-19") has closed the section before it ("Past residents").
    where = reading.contexts.get(name_node.mem_id) if name_node is not None else None
    reason, said = _section_reason(where or reading.contexts.get(member.mem_id), names)
    if reason:
        return reason, said
    # The other cells of its table row ("Kimberly Lewis | Body Piercer | ..."), as labels.
    for cell in where.row if where is not None else ():
        if (name and name in cell) or mentions_in_text(cell):
            continue
        reason = rejection.reason_in_label(cell)
        if reason:
            return reason, cell
    rest = " ".join(member.text(separator=" ", strip=True).split())
    below = _under_heading(member)
    if below:  # "<h3>Martina Sosa</h3><p>Recepción y turnos. No tatúa ...</p>"
        rest = f"{rest} {below}"
    for mention in reversed(mentions_in_text(rest)):  # an account's own words say nothing
        rest = rest[: mention.start] + " " + rest[mention.end :]
    if name:
        rest = rest.replace(name, " ")
    rest = " ".join(rest.split()).strip(" -\u2013\u2014:|,()@")
    short = len(rest) <= rejection.SHORT_LABEL_CHARS
    reason = rejection.reason_in_label(rest) if short else rejection.reason_in_bio(rest)
    if reason:
        return reason, rest
    # Each line of the block on its own is a label too ("<div>15-22 Jan</div><div>Ended</div>").
    # Lines after her card are not its labels ("Powered by Square Appointments" under a
    # booking widget's one staff row); the lines before it are ("過去のゲスト" over it).
    after_card = _after(member, card) if card is not None else set()
    for node in member.traverse():
        if node is member or node.tag not in _LINE_TAGS or node.mem_id in after_card:
            continue
        line = " ".join(node.text(separator=" ", strip=True).split())
        if len(line) > rejection.SHORT_LABEL_CHARS:
            # A bio opening with a role as a sentence of its own ("Piercer. APP member,
            # implant-grade titanium only."): the role is the card's (not "Traditional, done
            # properly.", whose words are a style's).
            opening = _OPENING_SENTENCE.split(line, maxsplit=1)[0]
            # ... its words in brackets are the role's detail ("Piercing (titanio y oro).")
            opening = re.sub(r"\s*\([^)]*\)", "", opening)
            if opening.endswith(".") and len(opening.split()) <= _ROLE_WORDS:
                reason = rejection.reason_in_label(opening)
                if reason == rejection.STAFF:
                    return reason, opening
            continue
        if not line or (name and name in line):
            continue
        if mentions_in_text(line):
            continue
        reason = rejection.reason_in_label(line)
        if reason:
            return reason, line
    return None, ""


_ROLE_WORDS = 5  # "Shop manager & front desk."


_OPENING_SENTENCE = re.compile(r"(?<=\.)\s+")


_SENTENCE_END = re.compile(r"[.!?\u3002\uff01\uff1f]\s*$")
# An account given as something's own ("their Instagram", "its page"): theirs is whoever the
# sentence before named (not "her"/"his": a person's own account, whatever her bio says).
_BACK_REFERENCE = re.compile(
    r"\b(their|its)\s+(own\s+)?(instagram|insta|ig|account|page|feed|profile)\W*$", re.I
)


def _mention_reason(
    seen: HandleSeen, names: list[str], organisation: set[str], chrome: set[str]
) -> tuple[str | None, str]:
    """Why one sighting of an account is not an artist's: the studio's own, struck through,
    its section, the words before and after it, its link's own words, its table row, the
    words of its name. `chrome`: the studio's accounts less those an artist's block lists."""
    if (
        rejection.is_studio_handle(seen.handle, names)
        or seen.handle in organisation
        or seen.handle in chrome
    ):
        return rejection.STUDIO, seen.lead
    if seen.name_struck:
        return rejection.STRUCK, seen.name or ""
    # "@x" as the words of a link to X or Telegram, or written in a table column headed by
    # another network ("X", "VK"): an account there, whatever its row's other cells say.
    if seen.elsewhere:
        return rejection.OTHER_PLATFORM, seen.lead
    if seen.bare and rejection.network_in_header(seen.context.column):
        return rejection.OTHER_PLATFORM, seen.context.column
    reason, said = _section_reason(seen.context, names)
    if reason:
        return reason, said
    # An icon link after a sentence that ended ("... a lot of coffee from @perch next door.",
    # then Dana Whitlock's card opening with her Instagram icon) starts something else: only
    # the sentence's strong phrases count. (Words above an embed's "@x" still say what the
    # embed is.)
    iconic = not seen.label.strip() or network_label(seen.label)  # an icon, or "Instagram"
    finished = bool(seen.link and iconic) and bool(_SENTENCE_END.search(seen.lead))
    reason = (rejection.reason_in_bio if finished else rejection.reason_in_lead)(seen.lead)
    if finished and reason is None and seen.label.strip():
        # ... but what the sentence says the person does still counts ("Body piercing and
        # solid gold jewellery. Instagram ->"), not where she goes or was seen.
        does = rejection.reason_in_lead(seen.lead)
        # (not where she goes, was seen or gets her coffee: "Loves a big back piece and a
        # bigger coffee. Instagram")
        elsewhere = (rejection.CONVENTION, rejection.PRESS, rejection.NEIGHBOUR)
        reason = None if does in elsewhere else does
    if reason is None and seen.bare:  # a link or URL says Instagram itself
        reason = rejection.network_in_lead(seen.lead)
    if reason:
        return reason, seen.lead
    if _BACK_REFERENCE.search(seen.lead):
        # "... Saltscapes magazine's summer issue! Read it on their Instagram (@x)": the
        # account is the one the sentence before named, in that sentence's words.
        reason = rejection.reason_in_lead(seen.clause)
        if reason:
            return reason, seen.clause
    reason = rejection.reason_in_trail(seen.trail)
    if reason:
        return reason, seen.trail
    reason = rejection.reason_in_bio(seen.clause)
    if reason:
        return reason, seen.clause
    entry = " ".join((seen.clause, seen.trail)).strip()
    reason = rejection.reason_in_entry(entry)
    if reason:
        return reason, entry
    label = seen.label
    for mention in reversed(mentions_in_text(label)):  # the handle's own letters say nothing
        label = label[: mention.start] + label[mention.end :]
    reason = rejection.reason_in_trail(label)
    if reason is None and dates.ended(label):
        # A link-in-bio button's own words: "Guest spot noviembre: Rafa Luna (3 al 9 de nov)"
        reason = rejection.GUEST_ENDED
    if reason:
        return reason, label
    # The other cells of its table row ("12-16 Feb", "Finished"), read as short labels.
    for cell in seen.context.row:
        if seen.handle in cell.lower() or (seen.name and seen.name in cell):
            continue
        if mentions_in_text(cell):
            continue  # another account's cell (a layout table's column): its words are its own
        reason = rejection.reason_in_label(cell)
        if reason:
            return reason, cell
    reason = rejection.reason_in_handle(seen.handle)
    if reason:
        return reason, seen.handle
    # A feed widget's or embed's caption tags whoever the post is about (a client, an ink);
    # the post's author, as an embed names it, is the page's. A caption that says the account
    # works here ("our newest resident", "is with us December 1-12") names an artist.
    around = " ".join((seen.lead, seen.trail, seen.clause))
    if POST_WORD in seen.context.words and not rejection.works_here(around):
        return rejection.POST_CAPTION, seen.lead
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


def _one_phrase(reading: Reading, first: HandleSeen, then: HandleSeen) -> bool:
    return first.block == then.block and _joined(reading, first, then)


_CARD_CHARS = 400


def _card_reason(card: LexborNode | None, seen: HandleSeen) -> tuple[str | None, str]:
    if card is None:
        return None, ""
    text = " ".join(card.text(separator=" ", strip=True).split())
    embed = _embed_of(card)
    if embed is not None and embed.parent is not None:
        # An embedded post's author line: the card is what holds the embed, and its words
        # are the lines beside the embed ("Thanks Yuki for a guest spot, 1-12 Sept 2026").
        own = " ".join(embed.text(separator=" ", strip=True).split())
        card = embed.parent
        text = " ".join(card.text(separator=" ", strip=True).split()).replace(own, " ")
        if seen.handle not in own.lower():
            return None, ""
    if not text or len(text) > _CARD_CHARS:
        return None, ""
    shown = {attribute_handle(node) for node in card.traverse()} - {None}
    shown |= {m.handle for m in mentions_in_text(text)}
    if shown - {seen.handle}:
        return None, ""  # another account's words may be about it, not this one
    if seen.name:
        text = text.replace(seen.name, " ")
    reason = rejection.reason_in_bio(text)
    return (reason, text) if reason else (None, "")


# A person named only by a pronoun in the account's own sentence ("You can still follow him
# at @x", "find her at"): the sentence before named them.
# ... in the languages that say it as a word of its own (en, da/nb/sv, de, nl, pl) or
# joined to the verb ("suivez-le", "síguela", "seguitelo", "segue-o", "segueix-lo").
_PRONOUN = re.compile(
    r"(\b(him|her|them|ham|hende|henne|honom|ihm|ihn|hem|haar|jego|ją)\b|"
    r"-(le|la|lo|los|las|o|a)\b|\b(sígue|segui|seguite)(lo|la|le)\b)[^.!?]{0,30}$",
    re.I,
)
_BEFORE_CHARS = 400


def _pronoun_reason(reading: Reading, seen: HandleSeen) -> tuple[str | None, str]:
    """Why the person an account's sentence points back to is not at the studio, in the
    sentences before it in the same paragraph ("Ryan Gilmore has hung up his machine at
    Basalt ... You can still follow him at @ryan"): strong phrases only, as in a bio."""
    if seen.name or not _PRONOUN.search(seen.lead):
        return None, ""
    before = reading.text[max(0, seen.start - _BEFORE_CHARS) : seen.start]
    before = before[before.rfind("\n") + 1 :]
    reason = rejection.reason_in_bio(before)
    return (reason, before) if reason else (None, "")


def _label_styles(seen: HandleSeen) -> list[str]:
    """The styles a link's own words give after its person's name: an image map's area
    announced as "Ana Silva - blackwork, fineline"."""
    if not seen.name or seen.name not in seen.label:
        return []
    return styles_of(seen.label, seen.name)


def _embed_of(node: LexborNode) -> LexborNode | None:
    """The embedded Instagram post (`blockquote.instagram-media`) `node` sits in, or None."""
    at: LexborNode | None = node
    while at is not None:
        if at.tag == "blockquote" and (
            "instagram-media" in str(at.attributes.get("class") or "")
            or "data-instgrm-permalink" in at.attributes
        ):
            return at
        at = at.parent
    return None


def _said_elsewhere(reading: Reading, name: str) -> tuple[str | None, str]:
    for sentence in sentences_naming(reading, name):
        reason = rejection.reason_in_bio(sentence)
        if reason is not None:
            return reason, sentence
    return None, ""


def read_roster(
    html: str, page_url: str, studio_id: str, listed: frozenset[Shape] = frozenset()
) -> Roster:
    """Every artist a studio page names, de-duplicated, with confidence, and every handle or
    name it shows that is not an artist, with the reason. `listed`: where the earlier pages
    of the same list had their cards (`Roster.shapes`). Pure."""
    tree = parse(html)
    with dates.reading(tree.body.text(separator=" ") if tree.body is not None else ""):
        return _read_roster(tree, page_url, studio_id, listed)


def _after(member: LexborNode, card: LexborNode) -> set[int]:
    """The elements of `member` that come after `card` and its contents, as `mem_id`s."""
    inside = {node.mem_id for node in card.traverse()}
    found: set[int] = set()
    passed = False
    for node in member.traverse():
        if node.mem_id in inside:
            passed = True
        elif passed:
            found.add(node.mem_id)
    return found


def _innermost(
    member: LexborNode,
    item: Found,
    on_page: list[tuple[Found, LexborNode, LexborNode | None]],
) -> LexborNode:
    """The smallest of the page's blocks for the same person (name and account) that lies
    inside `member`; `member` itself if none does."""
    best: LexborNode | None = None
    depth = -1
    for other, node, _ in on_page:
        if (other.name, other.handle) != (item.name, item.handle):
            continue
        steps, parent = 0, cast("LexborNode | None", node)
        while parent is not None and parent.mem_id != member.mem_id:
            parent, steps = parent.parent, steps + 1
        if parent is not None and steps > depth:
            best, depth = node, steps
    return best or member


def _read_roster(tree: Any, page_url: str, studio_id: str, listed: frozenset[Shape]) -> Roster:
    documents = [*json_ld_objects(tree), *markup_items(tree)]
    names = studio_names(tree, page_url)
    organisation = organisation_handles(documents)
    chrome = _chrome_handles(tree)
    found: list[Found] = []
    shapes: frozenset[Shape] = frozenset()
    for document in documents:
        found.extend(people(document, page_url))
    root = content_root(tree)
    if root is not None:
        # The studio's own name ("Tinta Lunar") is no person: a sentence about an artist
        # runs on past it ("... left Tinta Lunar to open his own studio").
        def not_the_studio(text: str) -> str | None:
            name = person_name(text)
            return None if name and rejection.is_studio_name(name, names) else name

        # An empty component is drawn from its props: the cards a browser shows in its place.
        for data in component_props(root):
            found.extend(people_in_data(data, page_url))
        reading = read(root, not_the_studio)
        decided: dict[str, tuple[str | None, str]] = {}
        on_page, shapes = blocks(root, page_url, listed)
        for item, member, name_node in on_page:
            # A person's card inside a larger block naming her alone (a booking page's <main>
            # around its one staff row): the card's lines are labels of hers, the page's other
            # lines are not ("Powered by Square Appointments" is the widget's, not Ari
            # Montoya's); the larger block's words still say what she is.
            card = _innermost(member, item, on_page)
            item.reason, item.context = _block_reason(
                member, name_node, item.name, reading, names, card
            )
            found.append(item)
        # An account in an artist's own block is theirs, even if the footer shows it too.
        chrome -= {f.handle for f in found if f.name and f.handle and f.repeated}
        sightings = sorted(reading.handles, key=lambda h: h.start)
        verdicts = [_mention_reason(seen, names, organisation, chrome) for seen in sightings]
        # The card an account sits in, alone, says what it is in its other lines too ("Oct 8 -
        # Oct 19 · Mara Quinn · @mara · Thanks for visiting, Mara!"): strong phrases only.
        elements = {node.mem_id: node for node in root.traverse()}
        for i, seen in enumerate(sightings):
            before = reading.text[max(0, seen.start - 120) : seen.start]
            if verdicts[i][0] is None and rejection.names_the_shop_before(seen.handle, before):
                # "guesting at Seven Seas Tattoo in Kuala Lumpur (@sevenseas_tattoo_kl)"
                verdicts[i] = (rejection.OTHER_STUDIO, before)
            if (
                verdicts[i][0] is None
                and seen.link
                and looks_like_name(seen.label)
                and after_article(before)
            ):
                # A link named like a person after "the" ("flash at the <a>Nelson Market</a>"):
                # a place or an organisation, whose account it is
                verdicts[i] = (rejection.ORGANISATION, before)
            if verdicts[i][0] is None:
                verdicts[i] = _card_reason(elements.get(seen.block), seen)
            if verdicts[i][0] is None:
                verdicts[i] = _pronoun_reason(reading, seen)

        # "thanks to @a and @b", "@a and @b machines": one phrase, one reason, either way
        # (the words of the phrase, not a link's own label, which is that account's alone).
        def phrase(i: int) -> bool:
            if verdicts[i][0] == rejection.STUDIO:  # the studio's own account, not its words
                return False
            return bool(verdicts[i][0]) and verdicts[i][1] in (
                sightings[i].lead,
                sightings[i].trail,
            )

        for i in range(1, len(sightings)):
            a, b = sightings[i - 1], sightings[i]
            if verdicts[i][0] is None and phrase(i - 1) and _one_phrase(reading, a, b):
                verdicts[i] = verdicts[i - 1]
        for i in range(len(sightings) - 1, 0, -1):
            a, b = sightings[i - 1], sightings[i]
            if verdicts[i - 1][0] is None and phrase(i) and _one_phrase(reading, a, b):
                verdicts[i - 1] = verdicts[i]
        for seen, (reason, said) in zip(sightings, verdicts, strict=True):
            earlier = decided.get(seen.handle)
            # An account is not an artist if every place says so, or one place decisively.
            if earlier is None or (earlier[0] is not None and earlier[0] not in DECISIVE):
                if reason is None or earlier is None or reason in DECISIVE:
                    decided[seen.handle] = (reason, said)
            elif reason in DECISIVE:
                decided[seen.handle] = (reason, said)
            found.append(
                Found(
                    source_url=page_url,
                    name=seen.name,
                    handle=seen.handle,
                    styles=_label_styles(seen),
                    prose=True,
                    # ... or its words say the person tattoos here ("Jun is with us now")
                    vouched=passing.vouched(seen.handle, seen.name, seen.lead, seen.label)
                    or rejection.works_here(" ".join((seen.lead, seen.clause, seen.trail))),
                    reason=reason,
                    context=said,
                )
            )
        # Tagged in a post's caption says nothing against an account the page lists elsewhere.
        found = [
            f
            for f in found
            if f.reason != rejection.POST_CAPTION
            or decided.get(f.handle or "", ("",))[0] is not None
        ]
        said_of: dict[str, tuple[str | None, str]] = {}
        for item in found:
            if item.handle is None and item.name and rejection.is_studio_handle(item.name, names):
                item.reason, item.context = rejection.STUDIO, item.name  # "Tinta Viva"
            verdict = decided.get(item.handle) if item.handle else None
            if verdict is not None and verdict[0] == rejection.OTHER_PLATFORM and item.repeated:
                # A card whose only account is on another network ("TikTok: @x") still lists
                # its artist: by name, without that account.
                item.handle = None
                continue
            if verdict is not None and (item.reason is None or verdict[0] in DECISIVE):
                item.reason, item.context = verdict
            if item.reason is None and item.name:
                # What the page says of the person elsewhere, by name alone ("Above: Jonny
                # Shard's guest spot back in March"): strong phrases only, as in a bio.
                if item.name not in said_of:
                    said_of[item.name] = _said_elsewhere(reading, item.name)
                if said_of[item.name][0] is not None:
                    item.reason, item.context = said_of[item.name]
    roster = roster_of(found, studio_id)
    roster.shapes = shapes
    return roster


def extract_candidates(html: str, page_url: str, studio_id: str) -> list[ArtistCandidate]:
    """Every artist a studio page names, de-duplicated, with confidence. Pure."""
    return read_roster(html, page_url, studio_id).candidates
