"""Studio websites, rendered on demand from a `StudioSpec`: the first ten template families (the
later ones are emulation.world.families), robots.txt, and the ways real sites break. Pure:
`respond()` says what to send and how long to stall; the server (emulation.world.server) sends.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from emulation.world import families
from emulation.world.city import ArtistSpec, City, StudioSpec
from emulation.world.markup import (
    CONSENT_BANNER,
    HTML,
    escape,
    guest_note,
    hashtags,
    instagram_markup,
    instagram_url,
    layout,
    obfuscated_email,
    roster_link_text,
    style_text,
)
from emulation.world.markup import (
    Page as Page,  # the reply type, re-exported: the server and tests send sites.Page
)

PER_PAGE = 3  # artists per page of the paginated family


@dataclass(frozen=True, slots=True)
class SiteTiming:
    """How long misbehaving sites stall; tests shrink these."""

    slow_s: float = 2.5
    hang_s: float = 40.0
    crawl_delay_s: float = 2.0
    huge_bytes: int = 6 * 1024 * 1024


def home_page(studio: StudioSpec, city: City | None = None) -> str:
    if studio.family in ("one_page", "non_english") and city is not None:
        return families.home_page(city, studio)
    # A team_page studio's home names its roster the way its navigation does.
    label = roster_link_text(studio) if studio.family == "team_page" else "resident artists"
    main = (
        f"<h1>{escape(studio.name)}</h1><p>Custom tattoos in the heart of town since "
        f"{1990 + studio.index % 30}. Walk-ins welcome, bookings preferred.</p>"
        f'<p>Meet our <a href="{escape(studio.roster_path)}">{escape(label)}</a>.</p>'
    )
    return layout(studio, "Home", main)


def static_list_roster(city: City, studio: StudioSpec) -> str:
    items = []
    for n, artist in enumerate(studio.artists):
        items.append(
            f"<li><strong>{escape(artist.name)}</strong>{guest_note(studio, artist)} &ndash; "
            f"{escape(style_text(city, studio, artist))} &ndash; "
            f"{instagram_markup(city, studio, n, artist)}</li>"
        )
    main = f'<h1>Our Artists</h1><ul class="artist-list">{"".join(items)}</ul>'
    return layout(studio, "Our Artists", main)


def cards_roster(city: City, studio: StudioSpec) -> str:
    cards = []
    for n, artist in enumerate(studio.artists):
        first = artist.name.split(" ")[0]
        cards.append(
            '<div class="card artist-card">'
            f'<img class="card-img-top" src="/img/{artist.slug}.jpg" '
            f'alt="Portrait of {escape(first)}">'
            f'<div class="card-body"><h3 class="card-title">{escape(artist.name)}</h3>'
            f'<p class="card-text">{escape(first)} specialises in '
            f"{escape(style_text(city, studio, artist))}.{guest_note(studio, artist)}</p>"
            f"{instagram_markup(city, studio, n, artist)}</div></div>"
        )
    main = f'<h1>Meet the Team</h1><section class="team row">{"".join(cards)}</section>'
    return layout(studio, "Meet the Team", main)


def jsonld_roster(city: City, studio: StudioSpec) -> str:
    people = [
        {
            "@type": "Person",
            "name": artist.name,
            "jobTitle": "Tattoo Artist",
            "url": f"http://{studio.host}{studio.roster_path}#{artist.slug}",
            "sameAs": [instagram_url(city, studio, n, artist)],
            "knowsAbout": city.style_words(studio, artist),
        }
        for n, artist in enumerate(studio.artists)
    ]
    document = {
        "@context": "https://schema.org",
        "@type": "TattooParlor",
        "name": studio.name,
        "address": studio.address,
        "employee": people,
    }
    data = json.dumps(document, indent=1).replace("</", "<\\/")
    head = f'<script type="application/ld+json">{data}</script>'
    names = "".join(
        f'<p id="{artist.slug}" class="crew-member">{escape(artist.name)}</p>'
        for artist in studio.artists
    )
    main = f'<h1>The Crew</h1><div class="crew">{names}</div>'
    return layout(studio, "The Crew", main, head=head)


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


def paginated_roster(city: City, studio: StudioSpec, page: int) -> str | None:
    artists = studio.artists
    pages = max(1, -(-len(artists) // PER_PAGE))
    if page < 1 or page > pages:
        return None
    members = []
    start = (page - 1) * PER_PAGE
    for n, artist in enumerate(artists[start : start + PER_PAGE], start=start):
        members.append(
            f'<div class="member"><h4>{escape(artist.name)}</h4>'
            f"<p>Styles: {escape(style_text(city, studio, artist))}</p>"
            f"<p>{instagram_markup(city, studio, n, artist)}</p></div>"
        )
    links = []
    if page > 1:
        links.append(
            f'<a rel="prev" href="{studio.roster_path}?page={page - 1}">&laquo; Previous</a>'
        )
    if page < pages:
        links.append(f'<a rel="next" href="{studio.roster_path}?page={page + 1}">Next &raquo;</a>')
    main = (
        f'<h1>Our Artists</h1><div class="members">{"".join(members)}</div>'
        f'<nav class="pagination">{" ".join(links)} <span>Page {page} of {pages}</span></nav>'
    )
    return layout(studio, f"Our Artists - page {page}", main)


def detail_index(studio: StudioSpec) -> str:
    items = "".join(
        f'<li><a href="{studio.roster_path}{artist.slug}/">{escape(artist.name)}</a></li>'
        for artist in studio.artists
    )
    main = f'<h1>Artists</h1><ul class="artists">{items}</ul>'
    return layout(studio, "Artists", main)


def detail_page(city: City, studio: StudioSpec, artist: ArtistSpec) -> str:
    position = studio.artists.index(artist)
    tags = hashtags(city, studio, artist)
    figures = "".join(
        f'<figure><img src="/img/{artist.slug}-{k}.jpg" alt="Healed piece {k}">'
        f"<figcaption>{escape(' '.join(tags[k % len(tags) :] + tags[: k % len(tags)]))}"
        "</figcaption>"
        "</figure>"
        for k in range(1, 4)
    )
    user = artist.slug.split("-")[0]
    main = (
        f'<article class="artist-profile"><h1>{escape(artist.name)}</h1>'
        f'<p class="bio">{escape(artist.name.split(" ")[0])} has been tattooing for '
        f"{3 + position} years.{guest_note(studio, artist)}</p>"
        f'<div class="portfolio">{figures}</div>'
        f"<p>Book with me: {instagram_markup(city, studio, position, artist)}</p>"
        f"<p>Enquiries: {obfuscated_email(f'{user}@{studio.host}', position)}</p></article>"
    )
    return layout(studio, artist.name, main)


def table_roster(city: City, studio: StudioSpec) -> str:
    rows = "".join(
        f"<tr><td><b>{escape(artist.name)}</b>{guest_note(studio, artist)}</td>"
        f"<td>{escape(style_text(city, studio, artist))}</td>"
        f"<td>{instagram_markup(city, studio, n, artist)}</td></tr>"
        for n, artist in enumerate(studio.artists)
    )
    main = (
        '<h1>Artists</h1><table class="roster"><thead><tr><th>Artist</th><th>Style</th>'
        f"<th>Instagram</th></tr></thead><tbody>{rows}</tbody></table>"
        "<h2>Opening hours</h2><table><tr><td>Tue - Fri</td><td>11am - 6pm</td></tr>"
        "<tr><td>Sat</td><td>10am - 5pm</td></tr></table>"
    )
    return layout(studio, "Artists", main)


def iframe_page(studio: StudioSpec) -> str:
    main = (
        f"<h1>Our Studio</h1><p>{escape(studio.name)} is a private studio working by appointment."
        "</p><h2>Our artists</h2>"
        f'<iframe src="{studio.roster_path}roster-frame.html" title="Our artists" '
        'loading="lazy" style="width:100%;border:0;min-height:600px"></iframe>'
    )
    return layout(studio, "Our Studio", main)


def iframe_roster(city: City, studio: StudioSpec) -> str:
    """The framed roster: a bare document with no headings or navigation."""
    cards = "".join(
        f'<div class="card"><strong>{escape(artist.name)}</strong>{guest_note(studio, artist)}'
        f"<br><em>{escape(style_text(city, studio, artist))}</em><br>"
        f"{instagram_markup(city, studio, n, artist)}</div>"
        for n, artist in enumerate(studio.artists)
    )
    return (
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="robots" content="noindex"><title>Roster</title></head>'
        f"<body>{cards}</body></html>\n"
    )


def _prose_sentence(city: City, studio: StudioSpec, n: int, artist: ArtistSpec) -> str:
    name, first, handle = escape(artist.name), escape(artist.name.split(" ")[0]), artist.handle
    styles = escape(style_text(city, studio, artist))
    guest = guest_note(studio, artist)
    year = 2010 + (studio.index + n) % 14
    sentences = (
        f"<p>{name}{guest} has been tattooing with us since {year}, mostly {styles}. "
        f"You can find {first} on Instagram as @{handle}.</p>",
        f"<p><b>{name}</b>{guest} (@{handle}) loves {styles} and opens books monthly.</p>",
        f"<p>{name}{guest} joined the studio in {year}: {styles}. IG: {handle}</p>",
        f'<figure><img src="/img/{artist.slug}.jpg" alt="{name} at work">'
        f"<figcaption>{name}{guest}, {styles}. Insta - @{handle}</figcaption></figure>",
        f"<p>Say hello to {name}{guest}, who does {styles}: "
        f"{instagram_markup(city, studio, n, artist)}</p>",
    )
    return sentences[(studio.index + n) % len(sentences)]


def prose_roster(city: City, studio: StudioSpec) -> str:
    """The team told in paragraphs, then the accounts a real page thanks or remembers."""
    people = "".join(
        _prose_sentence(city, studio, n, artist) for n, artist in enumerate(studio.artists)
    )
    supplier = studio.traps("supplier")[0].handle
    traps = f"<p>Massive thanks to @{supplier} for keeping us stocked with supplies.</p>"
    for former in studio.traps("former"):
        traps += (
            f"<p>We miss <s>{escape(former.name)}</s> (@{former.handle}), who moved on to open a "
            "studio of their own.</p>"
        )
    main = f'<article class="about"><h1>The Team</h1>{people}<h2>Friends</h2>{traps}</article>'
    return layout(studio, "The Team", main)


def lazy_grid_roster(city: City, studio: StudioSpec) -> str:
    """A grid of figures with lazily loaded images; the name, styles and account in the
    caption, or the account only in the image's alt text; a consent overlay comes first."""
    figures = []
    for n, artist in enumerate(studio.artists):
        name = escape(artist.name)
        styles = escape(style_text(city, studio, artist))
        in_alt = n % 4 == 3
        alt = f"{name}, @{artist.handle}" if in_alt else f"Portrait of {name}"
        caption = f"{name}{guest_note(studio, artist)} &middot; {styles}"
        if not in_alt:
            caption += f" &middot; {instagram_markup(city, studio, n, artist)}"
        figures.append(
            '<li><figure><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" '
            f'data-src="/img/{artist.slug}-640.webp" data-srcset="/img/{artist.slug}-320.webp '
            f'320w, /img/{artist.slug}-640.webp 640w" loading="lazy" class="lazyload" '
            f'alt="{alt}"><figcaption>{caption}</figcaption></figure></li>'
        )
    main = f'<h1>The Collective</h1><ul class="grid" role="list">{"".join(figures)}</ul>'
    return layout(studio, "The Collective", CONSENT_BANNER + main)


def robots_txt(studio: StudioSpec, timing: SiteTiming) -> str:
    lines = ["User-agent: BadBot", "Disallow: /", "", "User-agent: *", "Disallow: /booking"]
    if studio.disallow_staff:
        lines.append("Disallow: /staff/")
    if studio.condition == "robots_blocks_roster":
        lines.append(f"Disallow: {studio.roster_path}")
    if studio.crawl_delay_s is not None:
        lines.append(f"Crawl-delay: {timing.crawl_delay_s:g}")
    if studio.family == "robots_rules":
        lines += [*families.ROBOTS_RULES_FOR_ALL, *families.ROBOTS_RULES_OTHER_GROUPS]
    return "\n".join(lines) + "\n"


def mangle(page: str) -> str:
    """Broken markup as real sites serve it: closers dropped, stray closers, a bad byte."""
    broken = page.replace("</li>", "").replace("</p>", "").replace("</h4>", "")
    broken = broken.replace("<main>", "<main></div></div><table><tr>")
    broken = broken.replace("</body></html>\n", "<div><span>\x00\ufffd")
    return broken


def _html(page: str, status: int = 200) -> Page:
    return Page(status=status, body=page.encode("utf-8"))


def not_found() -> Page:
    return _html("<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>", 404)


def roster_page(city: City, studio: StudioSpec, path: str, query: str) -> str | None:
    """The HTML a roster path of this studio serves, or None if it is no roster page."""
    family = studio.family
    root = studio.roster_path
    if families.handles(studio):
        found = families.page(city, studio, path)
        return found.body.decode() if found is not None and found.content_type == HTML else None
    if family == "detail_pages" and path.startswith(root) and path != root:
        slug = path[len(root) :].strip("/")
        for artist in studio.artists:
            if artist.slug == slug:
                return detail_page(city, studio, artist)
        return None
    if family == "iframe" and path == f"{root}roster-frame.html":
        return iframe_roster(city, studio)
    if path != root:
        return None
    if family == "table":
        return table_roster(city, studio)
    if family == "iframe":
        return iframe_page(studio)
    if family == "prose":
        return prose_roster(city, studio)
    if family == "lazy_grid":
        return lazy_grid_roster(city, studio)
    if family == "static_list":
        return static_list_roster(city, studio)
    if family == "cards":
        return cards_roster(city, studio)
    if family == "jsonld":
        return jsonld_roster(city, studio)
    if family == "js_roster":
        return js_roster_shell(studio)
    if family == "paginated":
        raw = parse_qs(query).get("page", ["1"])[0]
        return paginated_roster(city, studio, int(raw)) if raw.isdigit() else None
    return detail_index(studio)


def respond(
    city: City, studio: StudioSpec, path: str, query: str, attempt: int, timing: SiteTiming
) -> Page:
    """The reply for one request to a studio's site. `attempt` counts earlier requests for the
    same path (1 for the first), so flaky sites fail once and then work."""
    condition = studio.condition
    if path == "/robots.txt":
        if condition == "server_error":
            return Page(500, b"Internal Server Error", "text/plain")
        if condition == "not_found":
            return Page(404, b"Not Found", "text/plain")
        return Page(200, robots_txt(studio, timing).encode(), "text/plain")
    if condition == "server_error":
        return _html("<h1>500 Internal Server Error</h1>", 500)
    if condition == "not_found":
        return not_found()
    if condition == "flaky" and attempt == 1:
        return _html("<h1>502 Bad Gateway</h1>", 502)
    stall = timing.slow_s if condition == "slow" else 0.0
    if families.handles(studio) and path not in ("/", "/index.html", "/home/"):
        asset = families.page(city, studio, path)
        if asset is not None and asset.content_type != HTML:  # scripts and feeds
            asset.stall_s = stall
            return asset
    if path in ("/", "/index.html", "/home/"):
        if condition == "redirect_loop":
            target = "/home/" if path == "/" else "/"
            return Page(302, b"", headers={"Location": f"http://{studio.host}{target}"})
        if condition == "timeout":
            return Page(200, home_page(studio, city).encode(), stall_s=timing.hang_s)
        if condition == "huge":
            return Page(200, home_page(studio, city).encode(), stream_bytes=timing.huge_bytes)
        return Page(200, home_page(studio, city).encode(), stall_s=stall)
    if path == "/assets/roster.js" and studio.family == "js_roster":
        return Page(200, ROSTER_JS.encode(), "application/javascript", stall_s=stall)
    if path == "/api/roster.json" and studio.family == "js_roster":
        body = json.dumps(js_roster_data(city, studio)).encode()
        return Page(200, body, "application/json", stall_s=stall)
    if path.startswith("/img/"):
        return Page(200, b"\xff\xd8\xff\xe0JFIF-placeholder", "image/jpeg")
    roster = roster_page(city, studio, path, query)
    if roster is not None:
        if condition == "malformed":
            roster = mangle(roster)
        body = roster.encode("utf-8")
        if condition == "malformed":
            body += b"\xff\xfe<"  # bytes that are not UTF-8, as a broken CMS sends them
        return Page(200, body, stall_s=stall)
    simple = {
        "/about": "About us",
        "/aftercare": "Aftercare",
        "/contact": "Contact",
        "/booking": "Book an appointment",
        "/staff/": "Staff login",
    }
    if path in simple:
        return _html(layout(studio, simple[path], f"<h1>{simple[path]}</h1><p>...</p>"))
    return not_found()
