"""Where a studio lists its artists: roster-page links and pagination."""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urljoin, urlsplit

from selectolax.lexbor import LexborNode

from compute.extraction.names import person_name
from compute.extraction.page import parse

_ROSTER_WORDS = re.compile(
    r"\b(our[\s_-]*artists?|artists?|team|roster|crew|residents?|tattooists?|tattooers|"
    r"meet[\s_-]+the|the[\s_-]+crew|guest[\s_-]+spots?|staff|people|who'?s[\s_-]+who|"
    r"the[\s_-]+family|"
    # the same pages in the languages studios write in most
    r"equipo|[eé]quipe|equipa|artistas?|artistes?|tatuador(es|as)?|tatoueurs?|k[uü]nstler(innen)?|"
    r"t[aä]towierer(innen)?|artisti|tatuatori|tatuatori|kunstenaars|tatoeëerders|"
    r"ueber[\s_-]+uns|wir|nosotros|qui[\s_-]+sommes|"
    # Nordic, Czech, Polish, Finnish; "The Collective" of an artist-owned shop
    r"tatuerare|tatov[øo]rere?|tat[eé][rř]i|tateri|tatua[zż]y[sś]ci|tatuatorzy|tatuoijat|"
    r"kunstnere|konstn[aä]rer|collective|"
    # pl "artists", "team", "crew"; nl "artists"; it "team"; pt "the team"
    r"arty[sś]ci|artystki|zesp[oó][lł]|ekipa|artiesten|squadra|a[\s_-]+equipe|"
    # Languages that inflect a word by its ending, so a link says "get to know our makers"
    # with the stem only (fi "Tutustu tekijöihin", hu "Ismerd meg a csapatot", "Művészek",
    # tr "Ekibimiz", et "Meie meeskond"): the stem and any ending
    r"tekij[äaöo]\w*|tatuoij\w*|tiimi\w*|m[uű]v[eé]sz\w*|tetov[aá]l[oó](k|i)\w*|csapat\w*|"
    r"sanat[cç][iı](lar|m[iı]z)\w*|d[oö]vmeciler\w*|ekib\w*|ekip|meeskon\w*|tätoveerij\w*|"  # noqa: RUF001
    # hr/sr/bs "artists", "tattooists", "our team"; el "artists", "team"; uk "masters"; he
    # "artists", "team"; id "artists", "our team"
    r"umjetni\w*|tetovator\w*|na[sš][\s_-]+tim|καλλιτέχν\w*|ομάδα|μάστορ\w*|майстр\w*|"
    r"אמנים|האמנים|צוות|הצוות|seniman|tim[\s_-]+kami)\b",
    re.I,
)
# Scripts without spaces between words: matched anywhere in the text.
_ROSTER_WORDS_CJK = re.compile(
    r"スタッフ|アーティスト|彫師|タトゥーアーティスト|艺术家|纹身师|아티스트|타투이스트|"
    # zh-TW "tattooists", "artists", "team"; th "artists", "tattooists", "team"
    r"刺青師|紋身師|藝術家|團隊|ศิลปิน|ช่างสัก|ทีมงาน|"
    # and in scripts whose letters \b does not bound well: hi "artists", "team"; ru "masters",
    # "artists", "team"; vi "artists"
    r"कलाकार|टीम|мастера|художники|команда|nghệ sĩ",
    re.I,
)
# Where a studio lists its guests ("Visiting", "Guests", "Gastspiele"): current guests are its
# artists too, so such a page is read after the roster links, even when home lists residents.
_GUEST_WORDS = re.compile(
    r"\b(guests?|visiting|visiting[\s_-]+artists?|guest[\s_-]+(artists?|chair)|gastspiele?|"
    r"g[äa]ste|invitad[oa]s?|invitée?s?|ospiti|gasten|guest(artists?|spots?)|"
    # de/nl compounds of "guest" ("Gastartists", "Gastkünstler", "Gasttätowierer")
    r"gast(artist|artiest|k[uü]nstler|kunstenaar|t[aä]towierer|tatowierer|spot|plek)\w*|"
    r"go[śs]cie|go[śs]cinnie|vierailijat|vierailevat|misafir\w*|gjester|g[äa]ster|g[æe]ster|"
    # pt/ca "guests", cs/sk, hu, ro, el, id/ms; ko, ja, zh
    r"convidad[oa]s?|convidats|host[ée]|hos[ťt]ia|vend[ée]g\w*|oaspe[țt]i|invita[țt]i|"
    r"φιλοξενούμενοι|καλεσμένοι|artis[\s_-]+tamu|tamu|게스트|ゲスト|客座|"
    # vi "guest artists" (with and without its marks, as a path writes it)
    r"nghệ sĩ khách|khách mời|nghe[\s_-]+si[\s_-]+khach)\b",
    re.I,
)
# Pages about the studio, where small studios introduce their people in prose: read when no
# better roster link is left ("Who we are", "About us", "Chi siamo", "Over ons").
_ABOUT_WORDS = re.compile(
    r"\b(about([\s_-]+us)?|who[\s_-]+we[\s_-]+are|our[\s_-]+story|[uü]ber[\s_-]+uns|"
    r"chi[\s_-]+siamo|quem[\s_-]+somos|sobre[\s_-]+n[oó]s|over[\s_-]+ons|o[\s_-]+nas|"
    r"[àa][\s_-]+propos|"
    # "get to know us" (pl, es, pt, it, de, nl), "meet the team" (fr)
    r"poznaj[\s_-]+nas|con[oó]cenos|conhe[çc]a[\s_-]+(nos|a[\s_-]+equipe)|conoscici|"
    r"lernt?[\s_-]+uns[\s_-]+kennen|leer[\s_-]+ons[\s_-]+kennen|"
    r"d[ée]couvrez[\s_-]+l['\u2019]?[ée]quipe|"
    # "about us" in fi, hu, tr, da/nb, sv, hr, cs, et, id, uk
    r"meist[äa]|r[oó]lunk|hakk[ıi]m[ıi]zda|om[\s_-]+os|om[\s_-]+oss|o[\s_-]+nama|o[\s_-]+nás|"  # noqa: RUF001
    r"meist|tentang[\s_-]+kami|про[\s_-]+нас)\b",
    re.I,
)
_NOT_ROSTER = re.compile(
    # "Shop" alone is a store; "The Shop" / "our shop" is the tattoo shop itself
    r"\b(log\s*in|sign\s*in|admin|cart|checkout|(?<!the )(?<!our )shop|jobs?|careers?)\b",
    re.I,
)


def _studio_shop(text: str) -> bool:
    """A menu label naming the tattoo shop itself ("The Shop"), where its people are shown."""
    return bool(re.search(r"\b(the|our)\s+shop\b", text, re.I))


def _not_roster(text: str, path: str, named: bool) -> bool:
    """A log-in, cart, store or jobs link: its words say so, or its path does unless its
    words name the roster ("Meet the Crew" on `shop.html`: a person reads the words)."""
    return bool(_NOT_ROSTER.search(text)) or (not named and bool(_NOT_ROSTER.search(path)))


# A link's words that call to book an appointment (en, de, nl, es/pt/ca, it, fr, sv/da/nb,
# fi, pl, cs, hu, tr, ro, ko, ja, zh).
_BOOKING = re.compile(
    r"\b(book( now| online| an appointment| a session)?|booking|termin\w*|afspraak|"
    r"reserv\w*|agenda\w*|cita|prenota\w*|boka|bestil\w*|varaa|rezerw\w*|objedn\w*|"
    r"foglal\w*|randevu|programare)\b|예약|予約|预约|預約",
    re.I,
)
_NOT_PAGE = re.compile(r"\.(jpe?g|png|gif|webp|svg|pdf|css|js|json|xml|zip)$", re.I)
_NEXT_TEXT = re.compile(
    r"^\s*(next( page)?|older|more artists|[\u203a\u00bb>]+)\s*[\u203a\u00bb>]*\s*$", re.I
)
MAX_ROSTER_LINKS = 5


def _bare(host: str | None) -> str:
    return (host or "").removeprefix("www.")


def _same_site(url: str, page_url: str) -> bool:
    a, b = urlsplit(url), urlsplit(page_url)
    return a.scheme in ("http", "https") and _bare(a.hostname) == _bare(b.hostname)


def roster_links(html: str, page_url: str) -> list[str]:
    """Same-site pages whose link text or path suggests the studio's artists, best first
    (text and path both matching beat either alone; the page itself is left out)."""
    tree = parse(html)
    scored: dict[str, int] = {}
    here = urldefrag(page_url)[0]
    for anchor in tree.css("a[href]"):
        href = str(anchor.attributes.get("href") or "").strip()
        if not href or href.startswith(("mailto:", "tel:", "javascript:", "#")):
            continue
        url = urldefrag(urljoin(page_url, href))[0]
        if url == here or not _same_site(url, page_url):
            continue
        path = urlsplit(url).path
        if _NOT_PAGE.search(path):
            continue
        text = anchor.text(separator=" ", strip=True)
        named = _ROSTER_WORDS.search(text) or _ROSTER_WORDS_CJK.search(text)
        if _not_roster(text, path, bool(named)):
            continue
        score = (4 if named else 0) + (2 if _ROSTER_WORDS.search(path.replace("/", " ")) else 0)
        # Deep paths under a roster (/artists/jane/) are profiles, not the roster itself.
        depth = path.strip("/").count("/")
        if score < 3 and (_GUEST_WORDS.search(text) or _GUEST_WORDS.search(path.replace("/", " "))):
            score = 3
        if score == 0 and _ABOUT_WORDS.search(text) and depth == 0:
            score = 1
        if (score >= 4 and depth <= 1) or (score in (1, 2, 3) and depth == 0):
            scored[url] = max(scored.get(url, 0), score)
    ranked = sorted(scored, key=lambda u: -scored[u])
    return ranked[:MAX_ROSTER_LINKS]


# Where a site keeps its menu: navigation landmarks and elements whose class or id says so.
_MENU = (
    "nav, header, [role=navigation], [role=menubar], [role=menu], [class*=menu], [id*=menu], "
    "[class*=nav], [id*=nav]"
)
MAX_MENU_LINKS = 8
_MENU_ANCHORS = ", ".join(f"{part.strip()} a[href]" for part in _MENU.split(","))


def menu_links(html: str, page_url: str) -> list[str]:
    """The site's own pages its menu links to, in menu order, whatever their labels say
    ("Meet Us", "Tekijät", "Book now"): where a person looks for the artists when no link
    says "artists". Without a menu element, the body's same-site links. The page itself,
    in-page anchors, files, log-in and shop pages and deep paths are left out."""
    tree = parse(html)
    here = urldefrag(page_url)[0]
    anchors = [a for menu in tree.css(_MENU) for a in menu.css("a[href]")]
    if not anchors and tree.body is not None:
        anchors = list(tree.body.css("a[href]"))
    elif tree.body is not None:
        # A call to book outside the menu (a builder's header button "Book now"): a booking
        # page lists whom one can book.
        anchors += [
            a
            for a in tree.body.css("a[href]")
            if _BOOKING.search(a.text(separator=" ", strip=True))
        ]
    found: list[str] = []
    for anchor in anchors:
        href = str(anchor.attributes.get("href") or "").strip()
        if not href or href.startswith(("mailto:", "tel:", "javascript:", "#")):
            continue
        url = urldefrag(urljoin(page_url, href))[0]
        path = urlsplit(url).path
        if url == here or url in found or not _same_site(url, page_url):
            continue
        if path.strip("/") in ("", "index.html", "index.php") and not urlsplit(url).query:
            continue  # the home page again
        text = anchor.text(separator=" ", strip=True)
        if _NOT_PAGE.search(path) or _not_roster(text, path, _studio_shop(text)):
            continue
        if path.strip("/").count("/") <= 1:
            found.append(url)
    return found[:MAX_MENU_LINKS]


def people_links(html: str, page_url: str, *, menu: bool = True) -> list[tuple[str, str]]:
    """The site's own pages a link names by a person's name, as (page, name) in page order:
    with `menu`, the menu's ("Artisten" > "Lena Schmit", "Jeff Weber": a portfolio builder's
    folder of one gallery page per artist), none unless it names at least two people; else
    every link of the page ("s nama radi <a>Ivana Radić</a>": a guest's page)."""
    tree = parse(html)
    found: dict[str, str] = {}
    places = tree.css(_MENU) if menu else [tree.body] if tree.body is not None else []
    for place in places:
        for anchor in place.css("a[href]"):
            name = person_name(" ".join(anchor.text(separator=" ", strip=True).split()))
            if name is None:  # a card that is one link: its title, or its first line
                name = person_name(_card_title(anchor))
            href = str(anchor.attributes.get("href") or "").strip()
            if not name or not href or href.startswith(("mailto:", "tel:", "javascript:", "#")):
                continue
            url = urldefrag(urljoin(page_url, href))[0]
            if url != urldefrag(page_url)[0] and _same_site(url, page_url):
                found.setdefault(url, name)
    pairs = list(found.items())
    return pairs if not menu or len({name for _, name in pairs}) >= 2 else []


def _card_title(anchor: LexborNode) -> str:
    """The title of a card that is one link: its heading or bold words, else its first line of
    text (`<a><img><span>Μαρία Παπαδάκη</span><small>Fine line</small></a>`)."""
    title = anchor.css_first("h1, h2, h3, h4, h5, h6, strong, b")
    if title is None:
        title = next((n for n in anchor.css("*") if n.text(deep=False, strip=True)), None)
    return " ".join(title.text(separator=" ", strip=True).split()) if title is not None else ""


def menu_folder(html: str, page_url: str, url: str, *, dropdown: bool = False) -> list[str]:
    """The other pages of the menu folder that links to `url` ("Our studios" > Saint-Roch,
    Lévis): pages of one kind, so a studio with two shops has a roster on each. A flat
    menu (the links' nearest shared parent is the nav or header itself) is no folder; with
    `dropdown`, nor is a menu's top list (only a list inside one of its items is)."""
    tree = parse(html)
    target = urldefrag(url)[0]
    for anchor in tree.css(_MENU_ANCHORS):
        href = str(anchor.attributes.get("href") or "").strip()
        if not href or urldefrag(urljoin(page_url, href))[0] != target:
            continue
        parent = anchor.parent
        while parent is not None and len(parent.css("a[href]")) < 2:
            parent = parent.parent
        if parent is None or parent.tag in ("body", "html"):
            continue
        top = parent.tag in ("nav", "header") or str(parent.attributes.get("role") or "") in (
            "navigation",
            "menubar",
            "banner",
        )
        if top and not _inside_menu(parent):
            continue  # the menu itself; a dropdown's own nav inside it is a folder
        if dropdown and not _under_item(parent):
            continue
        found = []
        for other in parent.css("a[href]"):
            link = urldefrag(urljoin(page_url, str(other.attributes.get("href") or "")))[0]
            if link != target and link not in found and _same_site(link, page_url):
                found.append(link)
        return found
    return []


def _under_item(node: LexborNode) -> bool:
    """Whether `node` is inside a list item: a sub-menu ("The Crew" > Maroochydore, Noosa)."""
    parent = node.parent
    while parent is not None and parent.tag not in ("nav", "header", "body"):
        if parent.tag == "li":
            return True
        parent = parent.parent
    return False


def _inside_menu(node: LexborNode) -> bool:
    """Whether `node` sits inside a site's menu (a `nav`, a navigation role): a dropdown."""
    parent = node.parent
    while parent is not None:
        role = str(parent.attributes.get("role") or "")
        if parent.tag == "nav" or role in ("navigation", "menubar"):
            return True
        parent = parent.parent
    return False


MAX_LANGUAGE_VERSIONS = 2


def language_versions(html: str, page_url: str) -> list[str]:
    """The same page in the site's other languages (`<link rel=alternate hreflang>`, a
    language switcher's `hreflang` / `lang` links), same site, without the page itself: a
    bilingual studio often lists its artists in one language only."""
    tree = parse(html)
    here = urldefrag(page_url)[0]
    hrefs = [
        n.attributes.get("href")
        for n in tree.css("link[rel~=alternate][hreflang], a[hreflang], a[lang]")
        if str(n.attributes.get("hreflang") or "").lower() != "x-default"
    ]
    found: list[str] = []
    for href in hrefs:
        if not href or str(href).startswith(("#", "javascript:", "mailto:")):
            continue
        url = urldefrag(urljoin(page_url, str(href)))[0]
        if url != here and url not in found and _same_site(url, page_url):
            found.append(url)
    return found[:MAX_LANGUAGE_VERSIONS]


def next_page_url(html: str, page_url: str) -> str | None:
    """The next page of a paginated roster (rel=next, or a "Next" link), same site only."""
    tree = parse(html)
    candidates = [n.attributes.get("href") for n in tree.css("a[rel~=next], link[rel~=next]")]
    candidates += [
        a.attributes.get("href")
        for a in tree.css("a[href]")
        if _NEXT_TEXT.match(a.text(separator=" ", strip=True) or "")
    ]
    for href in candidates:
        if not href:
            continue
        url = urldefrag(urljoin(page_url, str(href)))[0]
        if url != urldefrag(page_url)[0] and _same_site(url, page_url):
            return url
    return None


_PAGE_NUMBER = re.compile(r"^\s*(page\s*)?\d{1,3}\s*$", re.I)
# "More residents ->", "Older", "Load more", "Weitere", "Suivant": short links to more of a list.
_MORE_TEXT = re.compile(
    r"^\W*(more|older|newer|next|previous|prev|load more|show more|see more|view more|"
    r"all artists|weitere|mehr|n[aä]chste|plus|suivant|siguiente|m[aá]s|altri|volgende|"
    # cs "load", "next"; pl "more"; fi "more"; tr "more"; pt/es "load more"
    r"na[čc][íi]st|dal[šs][íi]|wi[ęe]cej|lis[äa][äa]|daha fazla|"
    r"carregar mais|cargar m[aá]s|ver m[aá]s|"
    # "next" in da/nb, sv, fi, pl, tr, pt/es, it
    r"n[æe]ste|n[äa]sta|seuraava|nast[ęe]pna|sonraki|pr[óo]xim[ao]|successiv[ao]|"
    r"次へ|もっと見る|더 ?보기)\b",
    re.I,
)
MAX_PAGINATION_LINKS = 10
# A page link in any language: a short word then its number ("Side 2", "Seite 2", "Strona
# 2"), the number also in its address ("/page/2/", "?paged=2", "/strona/2").
_WORD_THEN_NUMBER = re.compile(r"^\s*[^\W\d_]{1,12}\s+(\d{1,3})\s*$")


def _numbered(text: str, href: str) -> bool:
    found = _WORD_THEN_NUMBER.match(text)
    if found is None:
        return False
    return re.search(rf"[/=]{found.group(1)}(/|&|$)", href) is not None


_NEXT_ATTRIBUTES = ("data-next", "data-url", "data-href", "data-next-page", "data-load")


def pagination_urls(html: str, page_url: str) -> list[str]:
    """Every further page of a roster this page links to: rel=next, "Next"/"Older"/"More"
    links and numbered page links (1 2 3 ...), same site, without the page itself."""
    tree = parse(html)
    here = urldefrag(page_url)[0]
    found: list[str] = []
    hrefs = [n.attributes.get("href") for n in tree.css("a[rel~=next], link[rel~=next]")]
    for anchor in tree.css("a[href]"):
        text = anchor.text(separator=" ", strip=True) or ""
        label = str(anchor.attributes.get("aria-label") or "")
        if (
            _NEXT_TEXT.match(text)
            or _MORE_TEXT.match(text)
            or _PAGE_NUMBER.match(text)
            or _numbered(text, str(anchor.attributes.get("href") or ""))
            or re.match(r"^\s*(next|page \d+|go to page)", label, re.I)
        ):
            hrefs.append(anchor.attributes.get("href"))
    # A "Load more" button: the next page's URL in its data attributes (often a JSON file).
    loads = []
    for control in tree.css("button, [role=button], a"):
        if _MORE_TEXT.match(control.text(separator=" ", strip=True) or ""):
            loads += [control.attributes.get(a) for a in _NEXT_ATTRIBUTES]
    loads += [n.attributes.get("data-next") for n in tree.css("[data-next]")]
    for href in hrefs + loads:
        if not href or str(href).startswith(("#", "javascript:", "mailto:")):
            continue
        url = urldefrag(urljoin(page_url, str(href)))[0]
        fresh = url != here and url not in found and _same_site(url, page_url)
        readable = not _NOT_PAGE.search(urlsplit(url).path) or (
            href in loads and urlsplit(url).path.endswith(".json")
        )
        if fresh and readable:
            found.append(url)
    return found[:MAX_PAGINATION_LINKS]


# A control that shows more of a list on the same page (a person presses it to see every
# artist): "Load more", "Show more artists", in the languages studios write in.
_LOAD_MORE = re.compile(
    r"^\W*(load|show|see|view|display)\s+(more|all)\b|^\W*more\s+(artists|tattooists)\b|"
    r"^\W*(mehr\s+(laden|anzeigen)|weitere\s+(laden|anzeigen)|alle\s+anzeigen)|"
    r"^\W*(voir|afficher|charger)\s+plus|^\W*(cargar|ver|mostrar)\s+m[aá]s|"
    r"^\W*(carregar|ver|mostrar)\s+mais|^\W*(mostra|carica)\s+(altr[io]|di\s+pi[uù])|"
    r"^\W*(meer\s+(laden|tonen|weergeven)|toon\s+meer)|^\W*(visa|ladda)\s+fler|"
    r"^\W*(vis|last\s+inn)\s+flere|^\W*n[aä]yt[aä]\s+lis[aä][aä]|^\W*lataa\s+lis[aä][aä]|"
    r"^\W*(na[čc][íi]st|zobrazit)\s+(dal[šs][íi]|v[íi]ce)|^\W*(poka[żz]|za[łl]aduj)\s+wi[ęe]cej|"
    r"^\W*daha\s+fazla|^\W*(もっと見る|さらに表示)|^\W*더\s?보기|^\W*(加载更多|載入更多|顯示更多)",
    re.I,
)


def is_load_more(text: str) -> bool:
    """Whether a button's words ask for more of the same list ("Load more artists")."""
    text = " ".join(text.split())
    return 0 < len(text) <= 40 and bool(_LOAD_MORE.search(text))


# A paged JSON feed says where its next page is ("next": "/data/artists-2.json"), or that there
# is one ("hasMore": true, "page": 1 of "totalPages": 2) and lets its script count pages.
_FEED_NEXT_KEYS = (
    "next", "next_page", "nextPage", "next_url", "nextUrl", "next_page_url", "nextPageUrl",
    "next_href", "nextHref",
)  # fmt: skip
_FEED_MORE_KEYS = (
    "hasMore", "has_more", "hasNextPage", "has_next_page", "hasNext", "has_next", "more",
    "moreAvailable", "more_available",
)  # fmt: skip
_FEED_PAGE_KEYS = ("page", "currentPage", "current_page", "pageNumber", "page_number")
_FEED_LAST_KEYS = ("totalPages", "total_pages", "pageCount", "page_count", "lastPage", "last_page")
_FEED_WRAPPERS = ("links", "_links", "meta", "pagination", "paging", "pageInfo", "page_info")
_PAGE_PARAMETERS = ("page", "p", "paged", "pg", "pageNumber", "page_number")


def feed_next_url(data: object, feed_url: str) -> str | None:
    """The next page of a paged JSON feed that `feed_url` answered with `data` (a roster a
    "Load more" button goes on with): the same-site URL it names, else, when it says there
    is more, its own URL with the page number one up (`?page=2`, `artists-2.json`)."""
    if not isinstance(data, dict):
        return None
    parts = [data] + [data[k] for k in _FEED_WRAPPERS if isinstance(data.get(k), dict)]
    for part in parts:
        for key in _FEED_NEXT_KEYS:
            value = part.get(key)
            if isinstance(value, dict):  # HAL / JSON:API: {"next": {"href": ...}}
                value = value.get("href") or value.get("url")
            if isinstance(value, str) and value.strip() and not value.startswith("#"):
                url = urldefrag(urljoin(feed_url, value.strip()))[0]
                return url if _same_site(url, feed_url) and url != feed_url else None
    for part in parts:
        # A next link under a key in the site's language ("dalsi", "siguiente", "seuraava"):
        # a value that is this feed's own URL with a higher page number.
        for value in part.values():
            if isinstance(value, str) and _next_sibling(value, feed_url):
                return urldefrag(urljoin(feed_url, value.strip()))[0]
    page = _first_number(parts, _FEED_PAGE_KEYS)
    last = _first_number(parts, _FEED_LAST_KEYS)
    more = any(part.get(key) is True for part in parts for key in _FEED_MORE_KEYS)
    if not (more or (page is not None and last is not None and page < last)):
        return None
    return _page_url(feed_url, page if page is not None else 1)


_PAGE_NUMBER = re.compile(r"[-_/=]?\d+")


def _next_sibling(value: str, feed_url: str) -> bool:
    """Whether `value` is a same-site URL that differs from `feed_url` only by a page number,
    and a higher one (`/data/artists-2.json` -> `/data/artists-3.json`, `?page=3`)."""
    value = value.strip()
    if not value or value.startswith("#") or len(value) > 300 or " " in value:
        return False
    url = urldefrag(urljoin(feed_url, value))[0]
    if url == feed_url or not _same_site(url, feed_url):
        return False
    a, b = urlsplit(feed_url), urlsplit(url)
    here, there = a.path + "?" + a.query, b.path + "?" + b.query
    if _PAGE_NUMBER.sub("", here) != _PAGE_NUMBER.sub("", there):
        return False
    numbers = [int(n) for n in re.findall(r"\d+", there)]
    before = [int(n) for n in re.findall(r"\d+", here)] or [1]
    return bool(numbers) and numbers[-1] > before[-1]


def _first_number(parts: list[dict[str, object]], keys: tuple[str, ...]) -> int | None:
    for part in parts:
        for key in keys:
            value = part.get(key)
            if isinstance(value, int) and not isinstance(value, bool):
                return value
            if isinstance(value, str) and value.isdigit():
                return int(value)
    return None


def _page_url(url: str, page: int) -> str | None:
    """`url` with its page number `page` one up: a page parameter of the query, else the
    last `page` standing alone in the path (`artists-1.json`, `/page/1/`)."""
    parts = urlsplit(url)
    query = parts.query.split("&") if parts.query else []
    for index, pair in enumerate(query):
        name, _, value = pair.partition("=")
        if name in _PAGE_PARAMETERS and value == str(page):
            query[index] = f"{name}={page + 1}"
            return parts._replace(query="&".join(query)).geturl()
    numbers = list(re.finditer(rf"(?<!\d){page}(?!\d)", parts.path))
    if not numbers:
        return None
    at = numbers[-1]
    path = parts.path[: at.start()] + str(page + 1) + parts.path[at.end() :]
    return parts._replace(path=path).geturl()


def frame_urls(html: str, page_url: str) -> list[str]:
    """Same-site pages shown inside this one (iframe, frame): a person sees them as part of
    the page."""
    tree = parse(html)
    found: list[str] = []
    for node in tree.css("iframe, frame"):
        src = str(node.attributes.get("src") or node.attributes.get("data-src") or "").strip()
        if not src or src.startswith(("about:", "javascript:", "data:")):
            continue
        url = urldefrag(urljoin(page_url, src))[0]
        if _same_site(url, page_url) and url != urldefrag(page_url)[0] and url not in found:
            found.append(url)
    return found


def frame_documents(html: str) -> list[str]:
    """Documents written into the page itself (`<iframe srcdoc>`)."""
    tree = parse(html)
    return [str(n.attributes.get("srcdoc")) for n in tree.css("iframe[srcdoc]")]
