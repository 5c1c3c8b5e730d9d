"""Rosters drawn by script: from a JSON file the page fetches (js_roster), from a nested feed a
script file fetches (js_fetch), and inserted after a delay by code, from no data a plain fetch
can read (js_delayed: only a browser sees it). Each family's `*_rendered` is the DOM once its
script ran: what a browser hands to extraction."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from emulation.world.city import City, StudioSpec
from emulation.world.markup import (
    Page,
    PageRenderer,
    at_root,
    escape,
    hashtags,
    html_page,
    instagram_url,
    layout,
    profile_link,
    style_text,
)


def js_roster_shell(studio: StudioSpec) -> str:
    main = (
        '<h1>Artists</h1><div id="roster" data-src="/api/roster.json"></div>'
        "<noscript>Please enable JavaScript to see our artists.</noscript>"
        '<script src="/assets/roster.js" defer></script>'
    )
    return layout(studio, "Artists", main)


def js_roster_data(city: City, studio: StudioSpec) -> dict[str, list[dict[str, Any]]]:
    return {
        "artists": [
            {
                "name": artist.name,
                "instagram": instagram_url(city, studio, n, artist),
                "tags": hashtags(city, studio, artist),
            }
            for n, artist in enumerate(studio.artists)
        ]
    }


# The client-side renderer of the js_roster family; `js_roster_rendered` mirrors its output.
ROSTER_JS = """
(async function () {
  const mount = document.getElementById('roster');
  const reply = await fetch(mount.dataset.src);
  const data = await reply.json();
  const entities = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'};
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => entities[c]);
  mount.innerHTML = data.artists.map((a) =>
    '<article class="artist"><h2>' + esc(a.name) + '</h2><a href="' + esc(a.instagram) +
    '">Instagram</a><p class="tags">' + esc(a.tags.join(' ')) + '</p></article>').join('');
})();
""".lstrip()


def js_roster_rendered(city: City, studio: StudioSpec) -> str:
    """The roster page's DOM after ROSTER_JS ran: what a browser renderer hands to extraction."""
    articles = "".join(
        f'<article class="artist"><h2>{escape(str(a["name"]))}</h2>'
        f'<a href="{escape(str(a["instagram"]))}">Instagram</a>'
        f'<p class="tags">{escape(" ".join(a["tags"]))}</p></article>'
        for a in js_roster_data(city, studio)["artists"]
    )
    return js_roster_shell(studio).replace(
        '<div id="roster" data-src="/api/roster.json"></div>',
        f'<div id="roster" data-src="/api/roster.json">{articles}</div>',
    )


JS_FETCH_SCRIPT = "/js/team.js"


JS_FETCH_FEED = "/data/team.json"


def js_fetch_shell(studio: StudioSpec) -> str:
    main = (
        '<h1>The Team</h1><div class="team-grid" id="team-grid"></div>'
        "<noscript>This page needs JavaScript to show our team.</noscript>"
        f'<script src="{JS_FETCH_SCRIPT}" defer></script>'
    )
    return layout(studio, "The Team", main)


def js_fetch_data(city: City, studio: StudioSpec) -> dict[str, Any]:
    """The feed: nested, each member's account under socials, a former member marked
    inactive (still in the feed, as CMS exports keep them)."""
    members: list[dict[str, Any]] = [
        {
            "id": artist.artist_id,
            "displayName": artist.name,
            "active": True,
            "socials": {"instagram": instagram_url(city, studio, n, artist)},
            "specialities": city.style_words(studio, artist),
        }
        for n, artist in enumerate(studio.artists)
    ]
    for trap in studio.traps("former"):
        members.append(
            {
                "id": f"x-{trap.handle}",
                "displayName": trap.name,
                "active": False,
                "socials": {"instagram": f"@{trap.handle}"},
                "specialities": [],
            }
        )
    return {"updated": "2026-11-01", "team": {"members": members}}


# The client of the js_fetch family; `js_fetch_rendered` mirrors what it draws.
JS_FETCH_JS = f"""
document.addEventListener('DOMContentLoaded', async () => {{
  const grid = document.getElementById('team-grid');
  const feed = await (await fetch('{JS_FETCH_FEED}')).json();
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => '&#' + c.charCodeAt(0) + ';');
  grid.innerHTML = feed.team.members.filter((m) => m.active).map((m) =>
    '<div class="member"><h3>' + esc(m.displayName) + '</h3><p>' +
    esc(m.specialities.join(', ')) + '</p><a href="' + esc(m.socials.instagram) +
    '">Instagram</a></div>').join('');
}});
""".lstrip()


def js_fetch_rendered(city: City, studio: StudioSpec) -> str:
    """The roster page's DOM after JS_FETCH_JS ran."""
    members = "".join(
        f'<div class="member"><h3>{escape(m["displayName"])}</h3>'
        f"<p>{escape(', '.join(m['specialities']))}</p>"
        f'<a href="{escape(m["socials"]["instagram"])}">Instagram</a></div>'
        for m in js_fetch_data(city, studio)["team"]["members"]
        if m["active"]
    )
    return js_fetch_shell(studio).replace(
        '<div class="team-grid" id="team-grid"></div>',
        f'<div class="team-grid" id="team-grid">{members}</div>',
    )


def _js_delayed_calls(city: City, studio: StudioSpec) -> str:
    return "\n".join(
        f"    add({json.dumps(artist.name)}, {json.dumps(artist.handle)}, "
        f"{json.dumps(style_text(city, studio, artist))});"
        for artist in studio.artists
    )


def js_delayed_page(city: City, studio: StudioSpec) -> str:
    """Browser only: the roster is inserted 0.8 s after load by code that calls a function
    per artist (no JSON, no feed): only a browser running it sees the names."""
    script = (
        "window.addEventListener('load', function () {\n"
        "  setTimeout(function () {\n"
        "    var list = document.getElementById('residents');\n"
        "    function add(name, handle, styles) {\n"
        "      var li = document.createElement('li');\n"
        "      var h = document.createElement('h3'); h.textContent = name; li.appendChild(h);\n"
        "      var p = document.createElement('p'); p.textContent = styles; li.appendChild(p);\n"
        "      var a = document.createElement('a'); a.textContent = '@' + handle;\n"
        "      a.href = 'https://www.instagram.com/' + handle + '/'; li.appendChild(a);\n"
        "      list.appendChild(li);\n"
        "    }\n"
        f"{_js_delayed_calls(city, studio)}\n"
        "    list.removeAttribute('aria-busy');\n"
        "  }, 800);\n"
        "});\n"
    )
    main = (
        '<h1>Residents</h1><ul id="residents" class="residents" aria-busy="true">'
        "<li>Loading&hellip;</li></ul>"
        f"<script>\n{script}</script>"
    )
    return layout(studio, "Residents", main)


def js_delayed_rendered(city: City, studio: StudioSpec) -> str:
    """The DOM once the delayed script ran (what the roster job's browser hands over)."""
    items = "".join(
        f"<li><h3>{escape(artist.name)}</h3><p>{escape(style_text(city, studio, artist))}</p>"
        f"{profile_link(artist.handle)}</li>"
        for artist in studio.artists
    )
    page = js_delayed_page(city, studio)
    return page.replace(
        '<ul id="residents" class="residents" aria-busy="true"><li>Loading&hellip;</li></ul>',
        f'<ul id="residents" class="residents">{items}</ul>',
    )


def js_roster_pages(city: City, studio: StudioSpec, path: str, query: str) -> Page | None:
    if path == "/assets/roster.js":
        return Page(200, ROSTER_JS.encode(), "application/javascript")
    if path == "/api/roster.json":
        return Page(200, json.dumps(js_roster_data(city, studio)).encode(), "application/json")
    return html_page(js_roster_shell(studio)) if path == studio.roster_path else None


def js_fetch_pages(city: City, studio: StudioSpec, path: str, query: str) -> Page | None:
    if path == JS_FETCH_SCRIPT:
        return Page(200, JS_FETCH_JS.encode(), "application/javascript")
    if path == JS_FETCH_FEED:
        return Page(200, json.dumps(js_fetch_data(city, studio)).encode(), "application/json")
    return html_page(js_fetch_shell(studio)) if path == studio.roster_path else None


PAGES: dict[str, PageRenderer] = {
    "js_roster": js_roster_pages,
    "js_fetch": js_fetch_pages,
    "js_delayed": at_root(js_delayed_page),
}
# The DOM each family's script draws, by family.
RENDERED: dict[str, Callable[[City, StudioSpec], str]] = {
    "js_roster": js_roster_rendered,
    "js_fetch": js_fetch_rendered,
    "js_delayed": js_delayed_rendered,
}
