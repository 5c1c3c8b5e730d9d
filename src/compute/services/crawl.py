"""One way to read a studio's page, for find-artists and the scraper alike: what a person
would see in a browser, at the least cost.

    fetch (polite: robots.txt, the shared host gate)
      -> drawn by script? no  -> the HTML as fetched
      -> the data its scripts read: JSON carried in the page, else same-site feeds named by
         the page or its own script files (bounded) -> when that data names people, it
      -> a renderer (Chromium, where one runs) -> the DOM once it settles
      -> else `needs_browser`: the caller hands the page to a process with a browser; it
         never concludes from an empty shell that the studio has no artists.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from compute.adapters.browser import RenderError
from compute.adapters.web import Fetcher, FetchError, Renderer
from compute.extraction.page import (
    data_urls,
    data_urls_in_script,
    inline_data,
    needs_javascript,
    script_urls,
)
from compute.extraction.structured import extract_candidates_from_json

MAX_DATA_URLS = 3  # a roster page loads its data from one or two URLs
MAX_SCRIPTS = 2  # own script files read for the data URLs they name


@dataclass(frozen=True, slots=True)
class ReadPage:
    url: str  # after redirects
    html: str
    rendered: bool = False
    data: Any = None  # the JSON a script-drawn page is drawn from, when read instead
    data_url: str | None = None  # where `data` came from, when a feed (its next page: links)
    needs_browser: bool = False  # drawn by script; neither its data nor a browser read it
    requests: int = 1  # requests this reading made (page, scripts, feeds)
    incomplete: bool = False  # rendered, yet still looks like an empty shell


def _names_people(data: Any, url: str) -> bool:
    return bool(extract_candidates_from_json(data, url, "data"))


def _fetch_json(fetcher: Fetcher, url: str) -> Any:
    try:
        return json.loads(fetcher.fetch(url).html)
    except (FetchError, ValueError):
        return None  # the browser may still draw the page


def drawn_from(fetcher: Fetcher, url: str, html: str) -> tuple[Any, int, str | None]:
    """The data a script-drawn page shows, when it names people, the requests spent, and the
    feed it came from (None: carried in the page)."""
    # Every set that names people: a page draws its team and its guests from two arrays.
    carried = [data for data in inline_data(html) if _names_people(data, url)]
    if carried:
        return (carried[0] if len(carried) == 1 else carried), 0, None
    requests = 0
    tried: list[str] = []

    def first_with_people(feeds: list[str]) -> Any:
        nonlocal requests
        for feed in feeds:
            if feed in tried or len(tried) >= MAX_DATA_URLS:
                continue
            tried.append(feed)
            requests += 1
            data = _fetch_json(fetcher, feed)
            if data is not None and _names_people(data, url):
                return data
        return None

    def source() -> str | None:
        return tried[-1] if data is not None else None

    # Feeds the page names first; its own script files only when those gave nobody.
    data = first_with_people(data_urls(html, url))
    for script_url in script_urls(html, url)[:MAX_SCRIPTS]:
        if data is not None or len(tried) >= MAX_DATA_URLS:
            break
        requests += 1
        try:
            script = fetcher.fetch(script_url).html
        except FetchError:
            continue
        data = first_with_people(data_urls_in_script(script, url))
    return data, requests, source()


_MARKUP = re.compile(r"<(a|div|li|article|section|p|h[1-6]|figure|img)\b", re.I)


def _strings_in(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for inner in value.values() for s in _strings_in(inner)]
    if isinstance(value, list):
        return [s for inner in value for s in _strings_in(inner)]
    return []


def _json_page(url: str, text: str) -> ReadPage:
    try:
        data = json.loads(text)
    except ValueError:
        return ReadPage(url, text)
    markup = [s for s in _strings_in(data) if _MARKUP.search(s)]
    if markup:
        return ReadPage(url, "<html><body>" + "\n".join(markup) + "</body></html>")
    return ReadPage(url, "", data=data, data_url=url)


def read_page(url: str, fetcher: Fetcher, renderer: Renderer | None = None) -> ReadPage:
    """The page at `url` as a person sees it (see the module docstring). Raises FetchError
    when it cannot be read (a browser failure is a transient `render_failed`)."""
    page = fetcher.fetch(url)
    if "json" in page.content_type:
        # A list's next page fetched as JSON ("load more"): the cards it carries as HTML,
        # else its data.
        return _json_page(page.url, page.html)
    if not needs_javascript(page.html):
        return ReadPage(page.url, page.html)
    data, requests, data_url = drawn_from(fetcher, page.url, page.html)
    if data is not None:
        return ReadPage(page.url, page.html, data=data, data_url=data_url, requests=1 + requests)
    if renderer is None:
        return ReadPage(page.url, page.html, needs_browser=True, requests=1 + requests)
    try:
        html = renderer.render(page.url, html=page.html)
    except RenderError as error:
        raise FetchError(url, "render_failed", error.reason, transient=True) from error
    # Still looks like a shell after the browser settled: scripts had not drawn it yet (the
    # scraper tries again later), or the page only looks so (find-artists reads what is there).
    incomplete = needs_javascript(html, rendered=True)
    return ReadPage(page.url, html, rendered=True, requests=1 + requests, incomplete=incomplete)
