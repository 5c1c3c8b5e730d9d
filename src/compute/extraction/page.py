"""Reading a page: parsing, the parts that are site chrome, and whether JavaScript draws it."""

from __future__ import annotations

import contextlib
import json
import re
from html import escape as html_escape
from typing import Any
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from compute.extraction.payload import (
    assigned_literals,
    component_state,
    framework_payload,
    island_props,
)

# Site chrome and what sits over the page (cookie banners, dialogs, buttons): never a roster
# (the studio's own links live here). A <nav> is chrome when it is a list of links:
# `chrome_navs`.
CHROME = (
    "script, style, noscript, template, svg, dialog, "
    "[class~=footer], [id~=footer], [class~=site-footer], "
    "[role=dialog], [aria-modal=true], [id*=cookie], [class*=cookie], [id*=consent], "
    "[class*=consent], [id*=onetrust], [id*=gdpr], [class*=gdpr], [id*=cmp-], [class*=cmp-]"
)
_MOUNT_IDS = re.compile(r"^(root|app|__next|__nuxt|roster|artists|team|main-app)$", re.I)
# Empty containers a script fills: id or class naming the roster ("artist-grid", "team-list").
_ROSTER_CONTAINER = re.compile(
    # a word of its own, or the first of a camelCase id ("teamGrid", "artistList")
    r"(^|[\s_-])(?i:roster|artists?|team|crew|residents|staff)([\s_-]|[A-Z]|$)"
)
_FETCH_LITERAL = re.compile(r"""fetch\(\s*['"`]([^'"`]+)['"`]""")
# URL literals in scripts that look like data: .json files and API paths.
_DATA_LITERAL = re.compile(
    r"""['"`]((?:https?://[^'"`\s]+|\.{0,2}/)?[^'"`\s]*?(?:\.json|/api/|/wp-json/|/feed)[^'"`\s]*)['"`]"""
)
_ASSIGNED_JSON = re.compile(r"=\s*(\{.*\}|\[.*\])\s*;?\s*$", re.S)
_MIN_VISIBLE_CHARS = 80
# Attributes by which client-side templating repeats an element once per item of script data
# (Alpine, Vue, AngularJS, Angular, Knockout): the list they draw is not in the served HTML.
_REPEAT_ATTRIBUTES = frozenset(
    {"x-for", "v-for", "ng-repeat", "data-ng-repeat", "*ngfor", "ng-for"}
)
# An unfilled placeholder of such templating in the page's text: "{{ artist.name }}".
_PLACEHOLDER = re.compile(r"\{\{\s*[\w$.\[\]'\"]+\s*\}\}")


# Elementor's and Divi's "hide on desktop, tablet and mobile" together: an editor's setting no
# visitor can undo (unlike Bootstrap's d-none, which a "Show more" button often lifts).
HIDDEN_AT_EVERY_WIDTH = (
    ".elementor-hidden-desktop.elementor-hidden-tablet.elementor-hidden-mobile, "
    ".et_pb_hidden_desktop.et_pb_hidden_tablet.et_pb_hidden_phone"
)


def parse(html: str) -> LexborHTMLParser:
    return LexborHTMLParser(html)


# A <header>/<footer> is the site's banner or footer only outside these (the HTML landmark rule):
# inside an <article> or <section> it is that card's own header (a WordPress post's title).
_SECTIONING = frozenset({"article", "aside", "main", "nav", "section"})


def site_landmarks(root: LexborNode) -> list[LexborNode]:
    """The site's own <header> and <footer> elements, not those of an article or section."""
    found = []
    for node in root.css("header, footer"):
        parent = node.parent
        while parent is not None and parent.tag not in _SECTIONING:
            parent = parent.parent
        if parent is None:
            found.append(node)
    return found


# Words outside a nav's links, beyond which it reads as paragraphs, not as a menu.
_NAV_PROSE_CHARS = 120


def holds_content(nav: LexborNode) -> bool:
    """Whether a <nav> holds the page's content rather than a list of links: an <article>
    (a GeneratePress archive keeps its posts inside its paging nav), or more of its words
    outside its links than in them, as paragraphs a browser shows."""
    if nav.css_first("article") is not None:
        return True
    words = len(" ".join(nav.text(separator=" ", strip=True).split()))
    linked = sum(len(" ".join(a.text(separator=" ", strip=True).split())) for a in nav.css("a"))
    return words - linked >= _NAV_PROSE_CHARS and words - linked > linked


def chrome_navs(root: LexborNode) -> list[LexborNode]:
    """The page's <nav> elements that are site chrome: menus and paging links, not a nav
    holding content (`holds_content`)."""
    return [nav for nav in root.css("nav") if not holds_content(nav)]


def content_root(tree: LexborHTMLParser) -> LexborNode | None:
    """The page body with site chrome removed (modifies `tree`)."""
    body = tree.body
    if body is None:
        return None
    for node in [*body.css(CHROME), *site_landmarks(body), *chrome_navs(body)]:
        node.decompose()
    # What a browser never shows: Webflow's unmet conditions, inline display:none, and an
    # element a page builder hides at every screen width (a departed artist's card kept).
    for node in body.css(
        '.w-condition-invisible, [style*="display:none"], [style*="display: none"], '
        + HIDDEN_AT_EVERY_WIDTH
    ):
        node.decompose()
    # A tab panel is hidden until its tab is clicked; anything else `hidden` is not shown.
    for node in body.css("[hidden]:not([role=tabpanel])"):
        node.decompose()
    for node in body.css("*"):
        if "-" in (node.tag or "") and node.child is None:
            drawn = _drawn_from_attributes(node)
            if drawn is not None:
                node.insert_child(drawn)
    for node in body.css("button"):
        # A button is an action ("Accept", "Menu"), unless it opens an account's page, or it
        # is the title of what it opens: an accordion's header ("Bruno Saldívar").
        if any("instagr" in str(v or "").lower() for v in node.attributes.values()):
            continue
        if _is_title(node):
            continue
        node.decompose()
    return body


def _is_title(button: LexborNode) -> bool:
    """Whether a button titles the panel it opens right below it: an accordion's header
    (inside a heading, or expanding what follows). A tab's title is not kept: its panel is
    elsewhere, so the tabs' row would read as the first panel's labels ("Front desk")."""
    if button.attributes.get("role") == "tab":
        return False
    parent = button.parent
    if parent is not None and parent.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return True
    return "aria-expanded" in button.attributes


# The attributes a web component draws its card from, inside a shadow root a crawler (and
# a rendered page's HTML) does not show: <artist-card name="..." handle="..." role="...">.
_SHOWN_NAME = re.compile(r"^(name|full-?name|artist|title|heading|label)$", re.I)
_SHOWN_ACCOUNT = re.compile(r"^(handle|instagram|insta|ig|username)$", re.I)
_SHOWN_TEXT = re.compile(r"^(role|subtitle|description|bio|specialty|styles?|tags)$", re.I)


def _drawn_from_attributes(node: LexborNode) -> LexborNode | None:
    """The card an empty custom element draws from its attributes, as markup, or None."""
    name, lines, accounts = "", [], []  # drawn as cards are: name, words, then the link
    for key, value in node.attributes.items():
        text = html_escape(str(value or "").strip())
        if not text:
            continue
        if _SHOWN_NAME.match(key):
            name = f"<h3>{text}</h3>"
        elif _SHOWN_ACCOUNT.match(key):
            bare = text.lstrip("@")
            href = bare if "instagram.com/" in bare else f"https://www.instagram.com/{bare}/"
            accounts.append(f'<a href="{href}">@{bare.rstrip("/").rsplit("/", 1)[-1]}</a>')
        elif _SHOWN_TEXT.match(key):
            lines.append(f"<p>{text}</p>")
    if not name:
        return None
    card = parse(f"<div>{name}{''.join(lines)}{''.join(accounts)}</div>")
    return card.body.css_first("div")  # type: ignore[union-attr]


def visible_text(node: LexborNode) -> str:
    return node.text(separator=" ", strip=True)


_CONTAINER_TAGS = frozenset({"div", "section", "main", "article", "ul", "ol", "table", "tbody"})
# "Loading..." in the languages studios write in: the line a script replaces with what it fetched.
_LOADING = re.compile(
    r"^\W*(loading|wird geladen|l[äa]dt|laden|chargement|cargando|caricamento|carregando|"
    r"a carregar|ładowanie|načítání|načítavam|yükleniyor|φόρτωση|betöltés|se încarcă|"
    r"încărcare|ladataan|đang tải|memuat|laddar|indlæser|laster|загрузка|завантаження|טוען|"
    r"جار التحميل|กำลังโหลด|加载中|載入中|読み込み中|로딩|불러오는)\b",
    re.I,
)


def _shown_text(node: LexborNode) -> str:
    """An element's text less what no one sees there: its <noscript> (what it says is read
    apart), a loader's own <style> and <script>, a <template>."""
    text = node.text(strip=True)
    for quiet in node.css("noscript, style, script, template"):
        text = text.replace(quiet.text(strip=True), "", 1)
    return text


def _placeholder(node: LexborNode, *, mount: bool = False) -> bool:
    """An element with nothing in it yet, or only a "Loading..." line (an app's mount point:
    any short line without a link, image or heading, "잠시만 기다려 주세요…", and what its
    <noscript> says)."""
    if node.css_first("img, a") is not None:
        return False
    text = _shown_text(node)
    if not text:
        return True
    if mount and len(text) < 40 and node.css_first("h1, h2, h3") is None:
        return True
    return bool(_LOADING.match(text) and len(text) < 40)


# A loading indicator: a class word ("w-loading-spinner", "loader") or an accessible name
# ("Loading") that says so, or a progress bar.
_SPINNER_CLASS = re.compile(r"(^|[\s_-])(spinner|loader|loading|preloader)([\s_-]|$)", re.I)


_CONTENT_PLACE = re.compile(r"(^|[\s_-])(content|main)([\s_-]|$)", re.I)


def _only_a_spinner(node: LexborNode) -> bool:
    """Whether `node` is a loading indicator standing alone in the content's place (Square
    Online's `<div class="site-content"><div class="w-loading-spinner">`): what a visitor
    sees there comes later, from a script. A spinner beside content (a button's) is not."""
    label = str(node.attributes.get("aria-label") or "")
    if not (
        _SPINNER_CLASS.search(str(node.attributes.get("class") or ""))
        or _LOADING.match(label)
        or str(node.attributes.get("role") or "") == "progressbar"
    ):
        return False
    parent = node.parent
    if parent is None or parent.tag not in _CONTAINER_TAGS or parent.tag == "ul":
        return False
    if parent.tag in ("body", "html") or parent.css_first("img, a, h1, h2, h3") is not None:
        return False
    place = f"{parent.attributes.get('class') or ''} {parent.attributes.get('id') or ''}"
    if parent.tag != "main" and not _CONTENT_PLACE.search(place):
        return False  # a theme's preloader, a "loading more" under posts: not the content
    return len(parent.text(strip=True)) < 40


def needs_javascript(html: str, *, rendered: bool = False) -> bool:
    """Whether a page draws its content with JavaScript, so a plain fetch sees an empty shell:
    an app mount point (id root/app/roster..., or data-src) left empty while scripts are
    present; without a mount point, a <noscript> asking for JavaScript or scripts with almost
    no visible text."""
    tree = parse(html)
    has_script = tree.css_first("script[src], script:not([type='application/ld+json'])")
    if has_script is None:
        return False
    mounts = [
        node
        for node in tree.css("[id], [data-src]")
        if _MOUNT_IDS.match(str(node.attributes.get("id") or ""))
        or ("data-src" in node.attributes and node.tag in _CONTAINER_TAGS)
    ]
    if any(_placeholder(node, mount=True) for node in mounts):
        return True
    if not rendered and _drawn_by_templating(tree):
        return True  # a script repeats a template per item: what it lists is not here yet
    if tree.css_first('[aria-busy="true"], [data-state="loading"], [data-loading="true"]'):
        return True  # the page says it is still loading what it shows
    containers = [
        node
        for node in tree.css("main [class], main [id], body [class], body [id]")
        if node.tag in _CONTAINER_TAGS
        and (
            _ROSTER_CONTAINER.search(str(node.attributes.get("id") or ""))
            or _ROSTER_CONTAINER.search(str(node.attributes.get("class") or ""))
        )
    ]
    if any(_placeholder(node) for node in containers):
        return True  # the roster's place is there, empty: a script fills it
    holes = awaited_holes(tree)
    if holes and (not rendered or any(_shows_waiting(hole) for hole in holes)):
        # A band of the page shows only that its content is on its way; in a browser's DOM,
        # one still showing a skeleton or a spinner is drawn by a timer that has not fired yet
        return True
    if not rendered and any(_only_a_spinner(node) for node in tree.css("[class], [aria-label]")):
        return True  # the content's place shows only a loading indicator: a script fills it
    if mounts:
        return False  # an app's mount point, drawn
    # A browser's DOM keeps its <noscript>: it no longer says anything about the page.
    asks = not rendered and any(
        "javascript" in n.text(strip=True).lower() for n in tree.css("noscript")
    )
    root = content_root(tree)
    text = len(visible_text(root)) if root is not None else 0
    return text < (_MIN_VISIBLE_CHARS * 4 if asks else _MIN_VISIBLE_CHARS)


def still_drawing(html: str) -> bool:
    """Whether a browser's DOM may still change into what a person reads: it looks like a shell
    (`needs_javascript(rendered=True)`), or a titled band is still empty that the page's own
    script fills (a roster drawn by a timer 1.5 s after load). A renderer waits, within its
    bound, while this holds; a band that only a click fills keeps it waiting to that bound."""
    return needs_javascript(html, rendered=True) or bool(awaited_holes(parse(html)))


# What a page shows while a script fetches what goes in its place: a spinner or loader (Font
# Awesome's `fa-spin`, "kat-team-loading"), a skeleton, a progress bar. Class names are the
# developer's words, English whatever the page's language ("Ładowanie…", "Even geduld…").
_WAITING_CLASS = re.compile(
    r"(^|[\s_-])(spin|spinner|spinning|loader|loading|preloader|skeleton|shimmer|lds-\w+|"
    # Bootstrap 5's skeleton: "placeholder-glow" around "placeholder col-12" bars; Tailwind's:
    # grey boxes that "animate-pulse"
    r"placeholder|pulse)"
    r"([\s_-]|$)",
    re.I,
)
# A script writing markup into the page (innerHTML, jQuery's .html()/.append(), DOM insertion).
_WRITES_MARKUP = re.compile(
    r"\.innerHTML\s*[+]?=|\.(html|append|appendChild|prepend|insertAdjacentHTML|replaceChildren|"
    r"replaceWith|after|before)\s*\("
)
_MARKUP_LITERAL = re.compile(r"""['"`]\s*<(div|li|article|section|a|h[1-6]|p|figure|tr|td|img)\b""")
_BAND_LEVELS = 3  # how far up from a hole its band (its heading's section) is looked for
_BAND_WORDS_CHARS = 240
# What a band shows a person besides words: links, pictures, media, a form's fields.
_SHOWN = "a[href], img, picture, video, iframe, input, select, textarea"


def _shows_waiting(node: LexborNode) -> bool:
    """Whether an empty band shows that its content is on its way: a spinner, loader or
    skeleton class, a progress bar, or a "Cargando equipo…" line in the page's language."""
    text = _shown_text(node)
    if _LOADING.match(text) and len(text) < 40:
        return True
    for inner in [node, *node.css("*")]:
        attributes = inner.attributes
        if _WAITING_CLASS.search(str(attributes.get("class") or "")) or _WAITING_CLASS.search(
            str(attributes.get("id") or "")
        ):
            return True
        if inner.tag == "progress" or attributes.get("role") == "progressbar":
            return True
    return False


def _filled_by(node: LexborNode, scripts: list[str]) -> bool:
    """Whether one of the page's own scripts writes markup into `node`, named by its id or
    one of its classes: `getElementById("team")`, `$('#team')`, `querySelector(".team")`."""
    names = []
    if node.attributes.get("id"):
        names.append(re.escape(str(node.attributes.get("id"))))
    names += [re.escape(c) for c in str(node.attributes.get("class") or "").split()]
    if not names:
        return False
    named = re.compile("['\"`][#.]?(" + "|".join(names) + ")['\"`]")
    return any(
        named.search(s) and _WRITES_MARKUP.search(s) and _MARKUP_LITERAL.search(s) for s in scripts
    )


def _titled_band(node: LexborNode) -> bool:
    """Whether a hole is the content of a band of the page a person sees apart: an element
    a few levels up holds a heading, and shows no link or picture outside the hole (a blog's
    "loading more" spinner sits under posts already shown; a theme's preloader covers the whole
    body, not a band)."""
    band = node.parent
    for _ in range(_BAND_LEVELS):
        if band is None or band.tag in ("body", "html"):
            return False
        if band.css_first("h1, h2, h3, h4") is not None:
            shown = band.css(_SHOWN)
            inside = {n.mem_id for n in node.css(_SHOWN)}
            if any(n.mem_id not in inside for n in shown):
                return False
            # Beside its heading, a line or two saying what will be there, not a band's text.
            copy = parse(band.html or "")
            for quiet in copy.css("script, style, template, noscript, h1, h2, h3, h4"):
                quiet.decompose()
            return len(copy.text(separator=" ", strip=True)) <= _BAND_WORDS_CHARS
        band = band.parent
    return False


def awaited_holes(tree: LexborHTMLParser) -> list[LexborNode]:
    """Bands of a served page whose content a script puts in place after load, however the
    script is written (fetch, XHR, jQuery, a timer): under the band's heading an element
    with an id or class holds nothing a person reads yet (no link, image or heading; at
    most a short line) and either shows that it is waiting (a spinner, a loader, a skeleton,
    "Even geduld…" in a `loading` class) or is filled with markup by an inline script that
    names it. A map or a slider's dots are filled by no such markup."""
    body = tree.body
    if body is None:
        return []
    scripts = [
        s.text() or ""
        for s in body.css("script:not([src])")
        if "json" not in str(s.attributes.get("type") or "").lower()
    ]
    scripts += [
        s.text() or ""
        for s in (tree.head.css("script:not([src])") if tree.head is not None else [])
        if "json" not in str(s.attributes.get("type") or "").lower()
    ]
    holes: list[LexborNode] = []
    for node in body.css("[id], [class]"):
        if node.tag not in _CONTAINER_TAGS or not _placeholder(node, mount=True):
            continue
        if any(node.mem_id == hole.mem_id for hole in holes):
            continue
        if (_shows_waiting(node) or _filled_by(node, scripts)) and _titled_band(node):
            holes.append(node)
    return holes


def _drawn_by_templating(tree: LexborHTMLParser) -> bool:
    """Whether the page leaves a list to client-side templating: an element that repeats per
    item (`<template x-for>`, `v-for`, `ng-repeat`, `*ngFor`, `data-bind="foreach: ..."`) or
    at least two unfilled `{{ placeholders }}` in its text. (A browser's DOM still holds
    Alpine's `<template>`s once drawn: callers ask only of served HTML.)"""
    for node in tree.root.traverse() if tree.root is not None else ():
        attributes = node.attributes
        if any(name.lower() in _REPEAT_ATTRIBUTES for name in attributes):
            return True
        if str(attributes.get("data-bind") or "").lstrip().startswith("foreach"):
            return True
    body = tree.body
    return body is not None and len(_PLACEHOLDER.findall(body.text(separator=" "))) >= 2


def data_urls_in_script(script: str, page_url: str) -> list[str]:
    """Same-site data URLs a script names (`fetch('...')`, "*.json", "/api/...")."""
    found = _FETCH_LITERAL.findall(script) + _DATA_LITERAL.findall(script)
    return _same_host(found, page_url)


# Script files a page loads that are a library or a CMS's own, named after it (jQuery,
# Bootstrap, WordPress's wp-includes): they never name the page's data, so the page's own
# scripts (often loaded after them, "js/ekipa.js") are read first.
_LIBRARY_SCRIPT = re.compile(
    r"(^|/)(wp-includes|vendor|vendors|node_modules|libs?)/|"
    r"(^|[/._-])(jquery|bootstrap|popper|modernizr|lodash|underscore|moment|swiper|slick|"
    r"owl\.carousel|gsap|lightbox|fancybox|isotope|masonry|imagesloaded|polyfills?|"
    r"fontawesome|font-awesome|html5shiv|respond|analytics|gtag|gtm)([/._-]|$)",
    re.I,
)


def script_urls(html: str, page_url: str) -> list[str]:
    """The page's own (same-site) script files: where its data URLs may be written; a
    library's files last."""
    tree = parse(html)
    urls = _same_host(
        [str(n.attributes.get("src") or "") for n in tree.css("script[src]")], page_url
    )
    return sorted(urls, key=lambda url: bool(_LIBRARY_SCRIPT.search(urlsplit(url).path)))


def inline_data(html: str) -> list[Any]:
    """JSON the page carries for its scripts (`<script type="application/json">`,
    `__NEXT_DATA__`, `window.x = {...}`, Nuxt's payload function, `var x = [{ name: ... }]`,
    an `x-data="{ team: [...] }"` attribute, an empty component's JSON attribute such as an
    Astro island's `props`): what they draw, without a request."""
    tree = parse(html)
    found: list[Any] = []
    for script in tree.css("script"):
        kind = str(script.attributes.get("type") or "").lower()
        text = (script.text() or "").strip()
        if not text or kind == "application/ld+json":
            continue
        if "json" in kind:
            with contextlib.suppress(ValueError):
                found.append(json.loads(text))
            continue
        payload = framework_payload(text)
        if payload is not None:
            found.append(payload)
            continue
        for statement in re.split(r";\s*\n", text):
            match = _ASSIGNED_JSON.search(statement.strip())
            if match:
                with contextlib.suppress(ValueError):
                    found.append(json.loads(match.group(1)))
        found.extend(v for v in assigned_literals(text) if v not in found)
    # A component's state written in its markup (Alpine `x-data`, petite-vue `v-scope`).
    for node in tree.css("[x-data], [v-scope]"):
        for name in ("x-data", "v-scope"):
            state = component_state(str(node.attributes.get(name) or ""))
            if state is not None and state not in found:
                found.append(state)
    # An empty component's props (an Astro island's too): what it draws once scripts run. One
    # rule for every component: a server-rendered island shows its content already.
    if tree.body is not None:
        found.extend(v for v in component_props(tree.body) if v not in found)
    return found


def component_props(root: LexborNode) -> list[Any]:
    """The data empty components are drawn from, read from their attributes as JSON (an
    Astro island's `props`, React-on-Rails' `data-props`, Inertia's `data-page`): what a
    browser shows in their place once scripts run. Elements with text of their own are
    drawn already (a server-rendered island), their attributes say nothing more."""
    found: list[Any] = []
    for node in root.traverse():
        if node.tag in ("-text", "script", "style", "template") or node.text(strip=True):
            continue
        for value in node.attributes.values():
            text = str(value or "").strip()
            if text[:1] not in ("{", "[") or len(text) < 20:
                continue
            data = island_props(text)
            if data is not None and data not in found:
                found.append(data)
    return found


def data_urls(html: str, page_url: str) -> list[str]:
    """Same-site JSON the page's scripts load (`data-src` on a mount point, `fetch('...')`
    and other data literals in inline scripts): the data behind a JavaScript-drawn roster,
    readable without a browser."""
    tree = parse(html)
    found: list[str] = []
    for node in tree.css("[data-src], [data-url], [data-feed], [data-endpoint], [data-json]"):
        if node.tag in ("img", "iframe", "source", "video", "audio"):
            continue
        for name in ("data-src", "data-url", "data-feed", "data-endpoint", "data-json"):
            if node.attributes.get(name):
                found.append(str(node.attributes.get(name)))
    for script in tree.css("script:not([src])"):
        text = script.text() or ""
        found.extend(_FETCH_LITERAL.findall(text) + _DATA_LITERAL.findall(text))
    return _same_host(found, page_url)


def _same_host(found: list[str], page_url: str) -> list[str]:
    host = urlsplit(page_url).hostname
    urls: list[str] = []
    for raw in found:
        url = urljoin(page_url, raw.strip())
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.hostname == host and url not in urls:
            urls.append(url)
    return urls
