"""Instagram accounts as studio pages write them: links in every URL form, `@handle` or
`instagram.com/handle` in running text, and labelled handles (`IG: jane.ink`,
`Insta - jane.ink`, `Instagram: @jane`), never the domain part of an e-mail address."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from compute.domain import normalise
from compute.domain.errors import ValidationError

_INSTAGRAM_HOST = re.compile(
    r"^(?:https?:)?(?://)?(?:www\.|m\.)?(?:instagram\.com|instagr\.am)/", re.I
)
_TEXT_URL = re.compile(
    r"(?<![\w.@/])(?:https?://)?(?:www\.|m\.)?(?:instagram\.com|instagr\.am|ig\.me)/"
    r"[A-Za-z0-9._]+[^\s<>\"']*",
    re.I,
)
# Instagram's short links: ig.me/<handle>, and ig.me/m/<handle> (a message to the account).
_IG_ME = re.compile(
    r"^(?:https?:)?(?://)?(?:www\.)?ig\.me/(?:m/)?([A-Za-z0-9._]{1,30})/?(?:[?#]|$)", re.I
)
# `@` and its full-width form, as some CJK pages write it.
_TEXT_AT = re.compile(r"(?<![\w@.&/])[@\uff20]([A-Za-z0-9._]{1,30})(?![\w@])")
# A label, then the handle without `@`: "IG: jane.ink", "Insta - jane_ink", "Instagram: jane",
# "her IG (jane.ink)", "Instagram → jane", "On the gram: jane"; "as" in the languages studios
# write in ("la trovi su Instagram come kiki.ink", "en Instagram como x", "auf Instagram als x").
_AS = r"as|come|como|comme|sous|als|unter|jako"
_LABELLED = re.compile(
    r"\b(?:instagram|insta|ig|the gram)\s*"
    # (a hyphen joined to a word is a suffix, not a label's dash: id "Instagram-nya", "its
    # Instagram")
    rf"(?:[:\u2013\u2014|>/\uff1a\uff5c(\u2192\u279c\u00bb]|-(?![^\W\d_])|\bis\b|\bat\b|"
    rf"\b(?:{_AS})\b)\s*"
    r"([A-Za-z0-9._]{2,30})(?![\w@])",
    re.I,
)
# A denial right before the label: "not on IG", "Não usa Instagram" (pt),
# "sin Instagram" (es), "kein Instagram" (de), "pas d'Instagram" (fr), "non ha Instagram" (it).
# Not a bare "no": in Portuguese "no Instagram" is "on Instagram".
_NEGATED = re.compile(
    r"\b(not( on)?|n[aã]o (usa|tem|est[aá] n[oa])|sin|no (usa|tiene|est[aá] en|t[ée])|kein|"
    # it "no", nl "(has) no", sv/da/nb "no", pl "no"
    r"niente|nessun|(heeft )?geen|ingen|brak|"
    # vi "not yet (has)", "has no"
    r"chưa có|không có|"
    # "doesn't do Instagram", "don't use IG", "never had Instagram"
    r"(does|do|did)(n['\u2019]t| not) (do|use|have|post on|run)( an?)?|never (had|used|did)|"
    # "isn't on Instagram", "wasn't", "aren't"
    r"(is|are|was|were)n['\u2019]t( on)?|"
    r"nicht (auf|bei)|pas (d['\u2019]|sur|de)|non (usa|ha|è su)|nie ma|nie używa|"
    # da/nb "is not on", sv "is not on / is not found on", nl "is not on"
    r"(er )?ikke på|(är )?inte på|finns inte på|(is|zit) niet op|"
    # hu "has no (Instagram page)", "does not use"
    r"nincs( neki)?|nem haszn[aá]l(ja)?|"
    # cy "is not on"
    r"ddim ar|"
    # "refuses to join", vi "does not use", fr "has no (account)"
    r"refuses to (join|use|be on)|không dùng|không sử dụng|n['\u2019]a pas( de)?)"
    # ... and an account's noun between ("non ha un profilo", "doesn't have an account on",
    # "não tem conta no", "hat kein eigenes")
    r"(\s+(an?|um|uma|un[oa]?|ein(e[nms]?)?|eigenes|own|profil[eo]?|perfil|account|conta|"
    r"i|the|any|os|as|los|las|les|"
    r"cuenta|compte|konto|on|n[oa]|em|en|su|auf|sur|op|på|di|de|do|da|in|sul|sur))*\s*$",
    re.I,
)
# An object pronoun right after a word: the word is a verb ("look me up", "find us").
_OBJECT_AFTER = re.compile(r"\s+(me|us|her|him|them|it)\b", re.I)
_DENIAL_CHARS = 48  # "doesn't have an account on " reaches this far before the label
# A handle-shaped word (a dot or underscore inside it) beside a label with no separator:
# "IG sarabellini.ink", "elena.conti.tattoo (IG)", "इंस्टा पर देखें — x" (a few words between
# a label in another script and its dash). Only handle shapes: "IG stories" is no account.
_SHAPED = r"([A-Za-z0-9]+[._][A-Za-z0-9._]*[A-Za-z0-9_])"
# The network's name with a case ending, as languages that say "on" by one write it
# ("Instagramissa", "Instagram'da", "Instagramon", "Instagramu", "Instagramie").
_INFLECTED = r"\b(?:instagram|insta|ig)(?:['\u2019]?[^\W\d_]{1,6})?"
# "by the name", "as" in those languages: fi, tr, hu, cs/sk, pl, hr, et, id, el, uk, ru
_NAMED_BY = (
    r"nimell[äa]|olarak|ad[ıi]yla|ismiyle|n[eé]ven|pod\s+jm[eé]nem|jm[eé]nem|pod\s+nazw[aą]|"  # noqa: RUF001
    r"kao|nimega|sebagai|ως|як|под\s+ником|під\s+ніком"
)
_LOOSELY_LABELLED = (
    re.compile(rf"\b(?:ig|insta|instagram)\s+{_SHAPED}(?![\w@])", re.I),
    # "on Instagram under eli_trujillo_ink": a handle's shape, after "under"
    re.compile(rf"\b(?:ig|insta|instagram)\s+under\s+{_SHAPED}(?![\w@])", re.I),
    re.compile(rf"(?<![\w@./]){_SHAPED}\s*\((?:ig|insta|instagram)\)", re.I),
    re.compile(
        r"(?:इंस्टाग्राम|इंस्टा|[иі]нста\w*|инсте|інсті)[^\n.:!?@]{0,24}?[:\-\u2013\u2014]\s*" + _SHAPED,
        re.I,  # "Инстаграм: stefan.tattoo.nis"
    ),
    # "on Instagram by the name x" where a case ending says "on" ("Instagramissa nimellä x",
    # fi; "Instagram'da x olarak", tr; "Instagramon x néven", hu; "na Instagramu pod
    # jménem x", cs): the naming word before or after the handle, a few words of the
    # sentence between ("na Instagramu - pronađite je kao x", hr: "find her as x")
    re.compile(
        rf"{_INFLECTED}[^\n.!?@]{{0,40}}?\b(?:{_NAMED_BY}|{_AS})\s+{_SHAPED}(?![\w@])", re.I
    ),
    re.compile(rf"{_INFLECTED}\s+(?:\S+\s+)?{_SHAPED}[\s-]+(?:{_NAMED_BY})\b", re.I),
)
# A handle written bare after an icon ("📷 ewa.nowicka.tattoo", "🖤 lea.morvan.apprentie"): a
# pictograph stands where the word "Instagram" would; a web address or file is no handle.
_AFTER_ICON = re.compile(
    r"[\u2190-\u21ff\u2600-\u27bf\u2b00-\u2bff\U0001f300-\U0001faff]\ufe0f?\s*"
    rf"{_SHAPED}(?![\w@])(?!\.\w)"
)
_ADDRESS = re.compile(
    r"^www\.|\.(com|net|org|co|uk|ie|de|fr|es|pt|it|nl|be|pl|se|no|dk|fi|at|ch|au|nz|ca|us|sg|"
    r"in|io|jp|kr|br|mx|za|html?|php|jpe?g|png|gif|pdf)$",
    re.I,
)
# Words that join a sentence in the languages studios write, never an account written bare
# after a label ("Instagram: per vedere i suoi lavori ...", "Insta: para marcar").
_SENTENCE_WORDS = frozenset(
    " ".join(
        (
            "per di il lo la le gli un una con che su da del della nel non lei lui suo sua",  # it
            "para pra por el los las en de sus ella com em no os as um uma ela ele seu dela",
            "dele",  # es, pt
            "pour les avec sur du des chez elle son ses aussi nous vous",  # fr
            "für der die das mit und auf bei zu sie er ihr ihre sein seine auch",  # de
            "voor het een met op ze hij haar zijn ook",  # nl
            "til og hun han hans hendes også och för hon hennes också",  # da, nb, sv
            "se send skriv ring",  # da, nb, sv imperatives: "ikke på Instagram - se ..."
            "ja hän myös dla na ona on jej jego też pro jeho její için ve o",  # fi, pl, cs, tr
        )
    ).split()
)
# Words a label can be followed by that are not accounts ("Instagram: follow us").
_NOT_LABELLED_HANDLES = frozenset(
    {
        "follow",
        # "isn't on Instagram (never has been)", "(not yet)", "(sadly)"
        "never",
        "not",
        "yet",
        "sadly",
        "us",
        "our",
        "me",
        "her",
        "him",
        "his",
        "he",
        "she",
        "they",
        "their",
        "we",
        "you",
        "your",
        "my",
        "them",
        "here",
        "link",
        "profile",
        "page",
        "account",
        "and",
        "or",
        "the",
        "for",
        "dm",
        "message",
        "stories",
        "story",
        "posts",
        "feed",
        "see",
        "check",
        "find",
        "coming",
        "soon",
        "tbc",
        "tba",
        "none",
        "n",
        "na",
    }
    | _SENTENCE_WORDS
)


@dataclass(frozen=True, slots=True)
class Mention:
    """A handle written in text, and where: `start`/`end` are offsets in that text."""

    handle: str
    start: int
    end: int


_LOGIN_NEXT = re.compile(
    r"^(?:https?:)?(?://)?(?:www\.|m\.)?instagram\.com/accounts/login/?\?(?:[^#]*&)?next="
    r"(%2F[^&#]+|/[^&#]+|https?(?::|%3A)[^&#]+)",
    re.I,
)
_WRAPPED = re.compile(r"[?&](?:u|url|q|target|to|redirect|link)=([^&]+)", re.I)


def handle_from_href(href: str) -> str | None:
    """The profile a link points at, or None (posts, explore pages, other sites). A link
    through a redirector (l.instagram.com/?u=..., a tracker's ?url=...) counts as its target."""
    wrapped = _WRAPPED.search(href)
    if wrapped and "instagram" in unquote(wrapped.group(1)).lower():
        return handle_from_href(unquote(wrapped.group(1)))
    login = _LOGIN_NEXT.match(href.strip())
    if login:  # copied from a logged-out browser: the profile it was asked for is in ?next=
        wanted = unquote(login.group(1))  # a path, or the whole profile URL
        if wanted.startswith("/"):
            wanted = "https://www.instagram.com" + wanted
        return handle_from_href(wanted) if _INSTAGRAM_HOST.match(wanted) else None
    short = _IG_ME.match(href.strip())
    if short:
        return _plain(short.group(1))
    if not _INSTAGRAM_HOST.match(href.strip()):
        return None
    if "%" in href:  # "instagram.com/wren%5Fcastellano/": a browser shows wren_castellano
        href = unquote(href)
    try:
        return normalise.instagram_handle(href)
    except ValidationError:
        return None


# Networks whose accounts studios link beside Instagram ones (Threads accounts are
# Instagram's, so Threads is not among them).
_OTHER_NETWORK_HOST = re.compile(
    r"^(?:https?:)?//(?:[\w-]+\.)*(?:x\.com|twitter\.com|tiktok\.com|vk\.com|vk\.ru|ok\.ru|"
    r"t\.me|telegram\.me|facebook\.com|fb\.com|fb\.me|youtube\.com|youtu\.be|pinterest\.\w+|"
    r"snapchat\.com|twitch\.tv|bsky\.app|tumblr\.com|behance\.net|line\.me|wa\.me|"
    r"whatsapp\.com|weibo\.com|xiaohongshu\.com|xhslink\.com|douyin\.com|linkedin\.com|"
    r"dribbble\.com)(?:[/:?#]|$)",
    re.I,
)


def other_network_href(href: str) -> bool:
    """Whether a link opens a page on another social network (X, Telegram, VK, TikTok...):
    an "@x" written as its words is an account there, not on Instagram."""
    return bool(_OTHER_NETWORK_HOST.match(href.strip()))


_POST_PATH = re.compile(r"^/?(?:[A-Za-z0-9._]+/)?(?:p|reel|reels|tv)/[A-Za-z0-9_-]+", re.I)


def is_post_href(href: str) -> bool:
    """Whether a link opens one Instagram post or reel (a feed widget's tile, an embed)."""
    href = href.strip()
    host = _INSTAGRAM_HOST.match(href)
    return bool(host and _POST_PATH.match(href[host.end() :]))


def _plain(raw: str) -> str | None:
    try:
        return normalise.instagram_handle(raw.rstrip("."))
    except ValidationError:
        return None


def mentions_in_text(text: str) -> list[Mention]:
    """Every handle written in `text` with its position, in order of position."""
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []

    def add(handle: str | None, start: int, end: int) -> None:
        if handle is None or any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append(Mention(handle, start, end))

    for match in _TEXT_URL.finditer(text):
        add(handle_from_href(match.group(0).rstrip(".,;:!?)")), match.start(), match.end())
    for match in _TEXT_AT.finditer(text):
        add(_plain(match.group(1)), match.start(), match.end())
    for match in _LABELLED.finditer(text):
        word = match.group(1)
        if word.lower() in _NOT_LABELLED_HANDLES or word.isdigit() or word.istitle():
            continue  # "Instagram - Jane Doe" names a person; handles are written as handles
        if _OBJECT_AFTER.match(text, match.end(1)):
            continue  # "on Instagram - look me up as ...": a verb, the sentence goes on
        if not re.search(r"[._\d]", word) and _goes_on(text, match.end(1)):
            continue  # "Niente Instagram: chiedi in studio": a word of a sentence, any language
        if _NEGATED.search(text, max(0, match.start() - _DENIAL_CHARS), match.start()):
            continue  # "Não usa Instagram — acompanhe...": no account follows a denial
        between = match.group(0)[: match.start(1) - match.start()]
        if re.search(rf"\b(?:{_AS})\s*$", between, re.I) and (not re.search(r"[._\d]", word)):
            continue  # "on Instagram as well": after "as", only what is spelled as a handle
        add(_plain(word), match.start(1), match.end(1))
    for pattern in _LOOSELY_LABELLED:
        for match in pattern.finditer(text):
            word = match.group(1).rstrip(".")
            if not _NEGATED.search(text, max(0, match.start() - _DENIAL_CHARS), match.start()):
                add(_plain(word), match.start(1), match.start(1) + len(word))
    for match in _AFTER_ICON.finditer(text):
        if not _ADDRESS.search(match.group(1)) and re.search("[a-z]", match.group(1), re.I):
            add(_plain(match.group(1)), match.start(1), match.end(1))
    return sorted(found, key=lambda m: m.start)


# After a word: its hyphenated ending ("demana-la"), then the next word of the sentence.
_NEXT_WORD = re.compile(r"(?:-[^\W\d_]+)?[ \t]+([^\W\d_])")


def _goes_on(text: str, end: int) -> bool:
    """Whether the sentence goes on in lower case after the word ending at `end` ("vraag aan
    de balie", "demana-la a l'estudi"): a handle written bare after a label ends its line or
    its clause; a word that the next one continues is the sentence's own."""
    following = _NEXT_WORD.match(text, end)
    return following is not None and following.group(1).islower()


# Instagram, or social media as a whole ("Non usa i social", "không dùng mạng xã hội").
_NETWORK_WORD = re.compile(
    r"\b(instagram|insta|ig|social media|socials?|mạng xã hội|redes sociales|redes sociais|"
    r"réseaux sociaux|soziale(n)? medien|sociale medier|sociala medier|sosiaalinen media|"
    r"media sosial|social[ei]? media)\b",
    re.I,
)
# ... or the denial after it (cs "Instagram nemá", hu "Instagramja nincs", tr "Instagram yok")
_DENIED_AFTER = re.compile(
    r"(['\u2019]?[^\W\d_]{0,4})\s+(nemá|nemám|nincs|yok|ei ole|nima|nemaju)\b", re.I
)


def denies_account(text: str) -> bool:
    """Whether `text` says someone has no Instagram ("Ikke på Instagram", "isn't on IG",
    "Instagram nemá"), or no social media at all."""
    return any(
        _NEGATED.search(text, max(0, m.start() - _DENIAL_CHARS), m.start())
        or _DENIED_AFTER.match(text, m.end())
        for m in _NETWORK_WORD.finditer(text)
    )


_LABEL_ALONE = re.compile(r"^\W*(instagram|insta|ig)\W*$", re.I)
_VALUE_ALONE = re.compile(r"^\s*@?([A-Za-z0-9._]{2,30})\s*$")


def network_label(text: str) -> bool:
    """Whether a link's words only name the network ("Instagram", "IG"), as an icon would."""
    return bool(_LABEL_ALONE.match(text))


def labelled_value(label: str, value: str) -> str | None:
    """The handle `value` is when it stands alone under a label that stands alone ("Instagram"
    in one cell, "jane.ink" in the next: a properties table, a definition list), or None."""
    if not _LABEL_ALONE.match(label):
        return None
    match = _VALUE_ALONE.match(value)
    word = match.group(1) if match else ""
    if not word or word.lower() in _NOT_LABELLED_HANDLES or word.isdigit() or word.istitle():
        return None
    return _plain(word)


def handles_in_text(text: str) -> list[str]:
    """Handles written in running text, in order, each once."""
    found: list[str] = []
    for mention in mentions_in_text(text):
        if mention.handle not in found:
            found.append(mention.handle)
    return found
