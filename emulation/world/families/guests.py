"""Guest spots on a page of their own, as studios that host travelling artists keep them: the
residents on the roster page, and a "Visiting" page with the guests here now or booked (artists
of the studio while their spot lasts) above the guests whose spot has ended (not artists of it:
traps of reason `guest_ended`), each with dates, as a WordPress events list writes them."""

from __future__ import annotations

from emulation.world.city import City, StudioSpec
from emulation.world.markup import (
    Page,
    PageRenderer,
    escape,
    html_page,
    instagram_markup,
    layout,
    profile_link,
    style_text,
)

GUEST_PATH = "/visiting/"
GUEST_LINK_TEXT = "Visiting"
_MONTHS = ("March", "April", "May", "June", "September", "October", "November")


def _month(studio: StudioSpec, n: int) -> str:
    return _MONTHS[(studio.index + n) % len(_MONTHS)]


def residents_roster(city: City, studio: StudioSpec) -> str:
    cards = "".join(
        f'<div class="team-member"><h3>{escape(artist.name)}</h3>'
        f"<p>{escape(style_text(city, studio, artist))}</p>"
        f"<p>{instagram_markup(city, studio, n, artist)}</p></div>"
        for n, artist in enumerate(studio.residents)
    )
    main = (
        f'<h1>Resident Artists</h1><div class="team-grid">{cards}</div>'
        f'<p>Travelling artists join us often: see who is <a href="{GUEST_PATH}">'
        f"{GUEST_LINK_TEXT.lower()}</a>.</p>"
    )
    return layout(studio, "Resident Artists", main)


def guest_page(city: City, studio: StudioSpec) -> str:
    """Guests here now or booked first (as artists), then the ended spots (as traps)."""
    current = "".join(
        f'<article class="tribe-events-calendar-list__event guest-spot">'
        f'<time datetime="2026-{(studio.index + n) % 9 + 1:02d}-10">'
        f"{_month(studio, n)} 10 - {_month(studio, n + 1)} 2</time>"
        f"<h3>{escape(artist.name)}</h3><p>Guesting with us: "
        f"{escape(style_text(city, studio, artist))}. Books open now, "
        f"DM {instagram_markup(city, studio, n, artist)}</p></article>"
        for n, artist in enumerate(studio.guests)
    )
    if not current:
        current = "<p>No guest spots booked right now: check back soon.</p>"
    ended = "".join(
        f'<li class="tribe-events-calendar-list__event--past">'
        f"<h4>{escape(trap.name)}</h4><p>{_month(studio, n + 3)} 2024, "
        f"thanks for the great week! {profile_link(trap.handle)}</p></li>"
        for n, trap in enumerate(studio.traps("guest_ended"))
    )
    main = (
        f"<h1>Guest Spots</h1><section><h2>Upcoming &amp; current guests</h2>{current}</section>"
        f'<section class="past-events"><h2>Past guest spots</h2><ul>{ended}</ul></section>'
    )
    return layout(studio, "Guest Spots", main)


def guest_spots_pages(city: City, studio: StudioSpec, path: str, query: str) -> Page | None:
    if path == studio.roster_path:
        return html_page(residents_roster(city, studio))
    if path == GUEST_PATH:
        return html_page(guest_page(city, studio))
    return None


PAGES: dict[str, PageRenderer] = {"guest_spots": guest_spots_pages}
