"""Reading a page: parsing, the parts that are site chrome, and whether JavaScript draws it."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

# Site chrome: repeated on every page, never a roster (the studio's own links live here).
CHROME = "header, footer, nav, script, style, noscript, template, svg"
_MOUNT_IDS = re.compile(r"^(root|app|__next|__nuxt|roster|artists|team|main-app)$", re.I)
_FETCH_LITERAL = re.compile(r"""fetch\(\s*['"]([^'"]+)['"]""")
_MIN_VISIBLE_CHARS = 80


def parse(html: str) -> LexborHTMLParser:
    return LexborHTMLParser(html)


def content_root(tree: LexborHTMLParser) -> LexborNode | None:
    """The page body with site chrome removed (modifies `tree`)."""
    body = tree.body
    if body is None:
        return None
    for node in body.css(CHROME):
        node.decompose()
    return body


def visible_text(node: LexborNode) -> str:
    return node.text(separator=" ", strip=True)


def needs_javascript(html: str) -> bool:
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
        if _MOUNT_IDS.match(str(node.attributes.get("id") or "")) or "data-src" in node.attributes
    ]
    if mounts:
        return any(not node.text(strip=True) for node in mounts)
    asks = any("javascript" in n.text(strip=True).lower() for n in tree.css("noscript"))
    root = content_root(tree)
    text = len(visible_text(root)) if root is not None else 0
    return text < (_MIN_VISIBLE_CHARS * 4 if asks else _MIN_VISIBLE_CHARS)


def data_urls(html: str, page_url: str) -> list[str]:
    """Same-site JSON the page's scripts load (`data-src` on a mount point, `fetch('...')`
    literals): the data behind a JavaScript-drawn roster, readable without a browser."""
    tree = parse(html)
    found: list[str] = []
    for node in tree.css("[data-src]"):
        found.append(str(node.attributes.get("data-src") or ""))
    for script in tree.css("script"):
        found.extend(_FETCH_LITERAL.findall(script.text() or ""))
    host = urlsplit(page_url).hostname
    urls: list[str] = []
    for raw in found:
        url = urljoin(page_url, raw.strip())
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.hostname == host and url not in urls:
            urls.append(url)
    return urls
