"""Rosters in plain markup: a list, cards, a table, pages of three, a page per artist, and a
roster in a same-site iframe."""

from __future__ import annotations

from urllib.parse import parse_qs

from emulation.world.city import City, StudioSpec
from emulation.world.markup import (
    Page,
    PageRenderer,
    at_root,
    document,
    escape,
    guest_note,
    hashtags,
    html_page,
    instagram_markup,
    layout,
    obfuscated_email,
    style_text,
)
from emulation.world.people import ArtistSpec

PER_PAGE = 3  # artists per page of the paginated family


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


def paginated_roster(city: City, studio: StudioSpec, page: int) -> str | None:
    artists = studio.artists
    pages = max(1, -(-len(artists) // PER_PAGE))
    if page < 1 or page > pages:
        return None
    members = []
    start = (page - 1) * PER_PAGE
    for n, artist in enumerate(artists[start : start + PER_PAGE], start=start):
        # A WordPress post archive: classes numbered per post, each title in the post's own
        # <header> (a card's header, not the site's banner).
        members.append(
            f'<article class="post-{200 + n} artist type-artist status-publish hentry">'
            f'<header class="entry-header"><h2 class="entry-title">{escape(artist.name)}</h2>'
            f'</header><div class="entry-summary">'
            f"<p>Styles: {escape(style_text(city, studio, artist))}</p>"
            f"<p>{instagram_markup(city, studio, n, artist)}</p></div></article>"
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
    return document('<meta name="robots" content="noindex"><title>Roster</title>', cards)


def paginated_pages(city: City, studio: StudioSpec, path: str, query: str) -> Page | None:
    if path != studio.roster_path:
        return None
    raw = parse_qs(query).get("page", ["1"])[0]
    return html_page(paginated_roster(city, studio, int(raw))) if raw.isdigit() else None


def detail_pages(city: City, studio: StudioSpec, path: str, query: str) -> Page | None:
    """The index at the roster path, and a page per artist under it."""
    root = studio.roster_path
    if path == root:
        return html_page(detail_index(studio))
    slug = path[len(root) :].strip("/") if path.startswith(root) else None
    artist = next((a for a in studio.artists if a.slug == slug), None)
    return html_page(detail_page(city, studio, artist)) if artist is not None else None


def iframe_pages(city: City, studio: StudioSpec, path: str, query: str) -> Page | None:
    if path == studio.roster_path:
        return html_page(iframe_page(studio))
    if path == f"{studio.roster_path}roster-frame.html":
        return html_page(iframe_roster(city, studio))
    return None


PAGES: dict[str, PageRenderer] = {
    "static_list": at_root(static_list_roster),
    "cards": at_root(cards_roster),
    "table": at_root(table_roster),
    "paginated": paginated_pages,
    "detail_pages": detail_pages,
    "iframe": iframe_pages,
}
