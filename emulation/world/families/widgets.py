"""Rosters inside what a studio embeds or folds away rather than writes: a link-in-bio page as
its only site (link_in_bio: one button per artist, Linktree's links or Taplink's `data-href`
blocks), a booking widget's staff picker behind 'Book now' (booking_widget: a WordPress
booking plugin's employee cards, names, roles and handles in bios), a framework's serialized
props behind an empty shell (js_payload: an Astro island's `props` in `[type, value]` pairs,
or Next.js's `__NEXT_DATA__`), a Slick carousel saved with its cloned slides (carousel) and a
`<details>` roster with former artists folded in their own (accordion), each as the corpus's
families of the same names (tests/corpus)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from emulation.world.city import City, StudioSpec
from emulation.world.markup import (
    PageRenderer,
    at_root,
    document,
    escape,
    instagram_url,
    layout,
    profile_url,
    style_text,
)


def link_in_bio_page(city: City, studio: StudioSpec) -> str:
    """The studio's whole site: its avatar and name, one button per artist (first name and
    styles), then the studio's own, booking and aftercare buttons. Even studios write
    Linktree's `<a>` buttons, odd ones Taplink's blocks whose URL is only in `data-href`."""
    taplink = studio.index % 2 == 1
    rows: list[tuple[str, str]] = [
        (
            f"{artist.name.split(' ')[0]} \u2726 {style_text(city, studio, artist)}",
            instagram_url(city, studio, n, artist),
        )
        for n, artist in enumerate(studio.artists)
    ]
    rows.append((f"{studio.name} on Instagram", profile_url(studio.studio_handle)))
    supplier = studio.trap("supplier")
    if supplier is not None:
        rows.append(("The aftercare balm we stock", profile_url(supplier.handle)))
    rows.append(("Book a consult", "https://forms.gle/x" + studio.place_id[-6:]))
    if taplink:
        buttons = "".join(
            f'<a class="block-link" href="javascript:void(0)" data-href="{escape(url)}">'
            f'<span class="link-title">{escape(text)}</span></a>'
            for text, url in rows
        )
        body = (
            f'<div class="taplink-page"><div class="avatar"><img src="/a.jpg" alt=""></div>'
            f'<h1 class="profile-name">{escape(studio.name)}</h1>'
            f'<div class="blocks">{buttons}</div></div>'
        )
    else:
        buttons = "".join(
            f'<a data-testid="LinkButton" class="sc-link" href="{escape(url)}" '
            f'target="_blank" rel="noopener"><p>{escape(text)}</p></a>'
            for text, url in rows
        )
        body = (
            f'<div id="__next"><div data-testid="ProfileHeader"><img src="/a.jpg" alt="">'
            f'<h1 id="profile-title">@{escape(studio.studio_handle)}</h1></div>'
            f'<div data-testid="LinksList">{buttons}</div>'
            '<footer><a href="https://linktr.ee/">Linktree</a></footer></div>'
        )
    return document(f"<title>{escape(studio.name)} | Links</title>", body)


def booking_widget_page(city: City, studio: StudioSpec) -> str:
    """'Book now': a booking plugin's step one, pick an artist. Each employee card has the
    name, a role line and a bio whose last words give the account."""
    cards = "".join(
        f'<div class="am-select-employee"><label class="am-employee-card">'
        f'<input type="radio" name="employee" value="{n + 1}">'
        f'<span class="am-employee-name">{escape(artist.name)}</span>'
        f'<span class="am-employee-role">'
        f"{'Guest artist' if artist in studio.guests else 'Tattoo artist'}</span>"
        f'<span class="am-employee-description">{escape(style_text(city, studio, artist))}. '
        f"See my work on Instagram @{escape(artist.handle)}</span></label></div>"
        for n, artist in enumerate(studio.artists)
    )
    main = (
        '<h1>Book an appointment</h1><div id="amelia-app-booking0" class="amelia-app-booking">'
        '<div class="am-step"><h2 class="am-step-title">1. Choose your artist</h2>'
        f'<div class="am-employees">{cards}</div></div>'
        '<div class="am-step"><h2 class="am-step-title">2. Pick a date</h2>'
        '<div class="am-calendar"></div></div></div>'
    )
    return layout(studio, "Book now", main)


def _island_pairs(value: Any) -> Any:
    """A value in Astro's serialized props form: `[0, value]`, `[1, [pairs...]]`."""
    if isinstance(value, list):
        return [1, [_island_pairs(item) for item in value]]
    if isinstance(value, dict):
        return [0, {key: _island_pairs(inner) for key, inner in value.items()}]
    return [0, value]


def js_payload_data(city: City, studio: StudioSpec) -> dict[str, Any]:
    """What the page's component draws: every artist, and a former one marked inactive."""
    people: list[dict[str, Any]] = [
        {
            "name": artist.name,
            "instagram": artist.handle,
            "styles": city.style_words(studio, artist),
            "active": True,
        }
        for artist in studio.artists
    ]
    people += [
        {"name": trap.name, "instagram": trap.handle, "styles": [], "active": False}
        for trap in studio.traps("former")
    ]
    return {"heading": "Our artists", "artists": people}


def js_payload_page(city: City, studio: StudioSpec) -> str:
    """An empty shell whose roster is only in a framework's serialized data: an Astro
    `client:only` island's `props` (even studios), or Next.js's `__NEXT_DATA__` (odd ones)."""
    data = js_payload_data(city, studio)
    if studio.index % 2 == 0:
        props = {key: _island_pairs(value) for key, value in data.items()}
        main = (
            '<astro-island uid="Z1x" component-url="/_astro/ArtistGrid.js" '
            'component-export="default" renderer-url="/_astro/client.js" '
            f'props="{escape(json.dumps(props))}" ssr="" client="only" '
            'opts="{&quot;name&quot;:&quot;ArtistGrid&quot;}"></astro-island>'
            "<noscript>Please turn on JavaScript to see our artists.</noscript>"
            '<script type="module" src="/_astro/hoisted.js"></script>'
        )
    else:
        payload = {
            "props": {"pageProps": {"team": data}},
            "page": "/artists",
            "query": {},
            "buildId": f"b{studio.index}",
        }
        main = (
            '<div id="__next"><div class="spinner" aria-label="Loading"></div></div>'
            '<script id="__NEXT_DATA__" type="application/json">'
            f"{json.dumps(payload)}</script>"
            '<script src="/_next/static/chunks/main.js" defer></script>'
        )
    return layout(studio, "Artists", main)


def js_payload_rendered(city: City, studio: StudioSpec) -> str:
    """The roster page's DOM once its component drew the active people (what a browser
    hands over)."""
    cards = "".join(
        f'<article class="artist-card"><h3>{escape(person["name"])}</h3>'
        f"<p>{escape(', '.join(person['styles']))}</p>"
        f'<a href="{profile_url(person["instagram"])}">@{escape(person["instagram"])}</a>'
        "</article>"
        for person in js_payload_data(city, studio)["artists"]
        if person["active"]
    )
    return layout(studio, "Artists", f'<div class="artist-grid">{cards}</div>')


def _slide(city: City, studio: StudioSpec, n: int, index: int, cloned: bool) -> str:
    artist = studio.artists[n]
    kind = "slick-slide slick-cloned" if cloned else "slick-slide"
    hidden = "true" if cloned else "false"
    return (
        f'<div class="{kind}" data-slick-index="{index}" aria-hidden="{hidden}" tabindex="-1" '
        'style="width: 300px;"><div><div class="artist-slide" style="width: 100%; '
        f'display: inline-block;"><img data-lazy="/img/{artist.slug}.jpg" alt="">'
        f"<h3>{escape(artist.name)}</h3><p>{escape(style_text(city, studio, artist))}</p>"
        f'<a href="{escape(instagram_url(city, studio, n, artist))}" tabindex="-1">Instagram</a>'
        "</div></div></div>"
    )


def carousel_page(city: City, studio: StudioSpec) -> str:
    """A Slick slider saved after it ran: every artist's slide, and the slider's cloned
    copies of the last and first slides (aria-hidden) at either end of the track."""
    count = len(studio.artists)
    slides = [_slide(city, studio, n, n, False) for n in range(count)]
    before = [_slide(city, studio, count - 1, -1, True)]
    after = [_slide(city, studio, 0, count, True)]
    track = "".join(before + slides + after)
    main = (
        '<h1>Our artists</h1><div class="artists-slider slick-initialized slick-slider">'
        '<button class="slick-prev slick-arrow" type="button">Previous</button>'
        f'<div class="slick-list draggable"><div class="slick-track">{track}</div></div>'
        '<button class="slick-next slick-arrow" type="button">Next</button></div>'
    )
    return layout(studio, "Artists", main)


def accordion_page(city: City, studio: StudioSpec) -> str:
    """A `<details>` per artist (name in the summary, styles and account inside), and the
    former artists in a `<details>` of their own."""
    items = "".join(
        f'<details class="artist"><summary>{escape(artist.name)}</summary>'
        f"<p>{escape(style_text(city, studio, artist))}</p>"
        f"<p>Instagram: @{escape(artist.handle)}</p></details>"
        for artist in studio.artists
    )
    former = studio.traps("former")
    gone = (
        '<details class="alumni"><summary>Former artists</summary><ul>'
        + "".join(f"<li>{escape(t.name)} (@{escape(t.handle)})</li>" for t in former)
        + "</ul></details>"
        if former
        else ""
    )
    return layout(studio, "Artists", f'<h1>Artists</h1><div class="roster">{items}</div>{gone}')


PAGES: dict[str, PageRenderer] = {
    "link_in_bio": at_root(link_in_bio_page),
    "booking_widget": at_root(booking_widget_page),
    "js_payload": at_root(js_payload_page),
    "carousel": at_root(carousel_page),
    "accordion": at_root(accordion_page),
}


# The DOM each family's script draws, by family.
RENDERED: dict[str, Callable[[City, StudioSpec], str]] = {"js_payload": js_payload_rendered}
