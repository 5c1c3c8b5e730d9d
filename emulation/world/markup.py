"""What every studio website of the world is made of: the reply type, the document and the page
chrome (navigation, footer with the studio's account, an obfuscated e-mail), the default home
page, the ways an artist's Instagram account is written, and a consent overlay. Pure; the
families' modules (emulation.world.families) build their pages from it.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field

from emulation.world.city import City, StudioSpec
from emulation.world.people import ArtistSpec
from emulation.world.traps import NotArtist

HTML = "text/html; charset=utf-8"

ROSTER_LINK_TEXT: dict[str, str] = {
    "static_list": "Our Artists",
    "cards": "Meet the Team",
    "jsonld": "The Crew",
    "js_roster": "Artists",
    "paginated": "Our Artists",
    "detail_pages": "Artists",
    "table": "Artists",
    "iframe": "Our Studio",
    "prose": "The Team",
    "lazy_grid": "The Collective",
    "site_builder": "Artists",
    "wordpress": "Our Team",
    "one_page": "Artists",
    "cookie_consent": "Artists",
    "non_english": "Artists",
    "microdata": "Team",
    "team_page": "Who We Are",  # families.team_page_label varies it per studio
    "robots_rules": "Artists",
    "instagram_forms": "Tattooers",
    "traps": "Artists",
    "js_fetch": "The Team",
    "js_delayed": "Residents",
    "guest_spots": "Artists",
    "link_in_bio": "Links",
    "booking_widget": "Book now",
    "js_payload": "Artists",
    "carousel": "Artists",
    "accordion": "Artists",
    "bilingual": "Artists",
    "multi_location": "Our studios",
    "image_map": "The Crew",
    "news_blog": "Team",
}


# What a team_page studio calls the link to its roster: never "team" or "artist". ("Meet Us"
# and "Who We Are" are real labels too, but the crawler does not follow them yet: issue 14.)
TEAM_PAGE_LABELS: tuple[str, ...] = ("The Family", "Who's Who", "Our People")


def team_page_label(studio: StudioSpec) -> str:
    return TEAM_PAGE_LABELS[studio.index % len(TEAM_PAGE_LABELS)]


def roster_link_text(studio: StudioSpec) -> str:
    if studio.family == "team_page":
        return team_page_label(studio)
    return ROSTER_LINK_TEXT[studio.family]


@dataclass(slots=True)
class Page:
    """What to send for one request. `stream_bytes` > 0 sends that many padding bytes after
    `body` without building them in memory; `stall_s` is waited before the status line."""

    status: int
    body: bytes = b""
    content_type: str = HTML
    headers: dict[str, str] = field(default_factory=dict)
    stall_s: float = 0.0
    stream_bytes: int = 0


# What a family answers for one path of a studio's site (path, query), or None: not its page.
PageRenderer = Callable[[City, StudioSpec, str, str], Page | None]


def html_page(text: str | None) -> Page | None:
    return None if text is None else Page(200, text.encode())


def at_root(render: Callable[[City, StudioSpec], str]) -> PageRenderer:
    """The pages of a family whose whole roster is one page at its roster path."""

    def pages(city: City, studio: StudioSpec, path: str, query: str) -> Page | None:
        return html_page(render(city, studio)) if path == studio.roster_path else None

    return pages


def escape(text: str) -> str:
    return html.escape(text, quote=True)


def profile_url(handle: str) -> str:
    return f"https://www.instagram.com/{handle}/"


def profile_link(handle: str) -> str:
    """An account linked as pages link their own and others': the URL, labelled @handle."""
    return f'<a href="{profile_url(handle)}">@{escape(handle)}</a>'


def trap_link(trap: NotArtist) -> str:
    return profile_link(trap.handle)


def instagram_markup(city: City, studio: StudioSpec, position: int, artist: ArtistSpec) -> str:
    """The artist's Instagram account in the form this studio writes it (link or bare text)."""
    form = city.instagram_form(studio, position).format(h=artist.handle)
    if form.startswith("@") or not form.startswith("http"):
        return f'<span class="social">Insta: {escape(form)}</span>'
    label = ("Instagram", f"@{artist.handle}", "")[position % 3]
    inner = escape(label) if label else '<svg class="icon-instagram" aria-hidden="true"></svg>'
    return f'<a href="{escape(form)}" target="_blank" rel="noopener">{inner}</a>'


def instagram_url(city: City, studio: StudioSpec, position: int, artist: ArtistSpec) -> str:
    form = city.instagram_form(studio, position).format(h=artist.handle)
    return form if form.startswith("http") else profile_url(artist.handle)


def obfuscated_email(address: str, variant: int) -> str:
    """An e-mail address hidden from naive harvesters, the way real sites do it."""
    user, domain = address.split("@", 1)
    if variant % 4 == 0:
        return escape(f"{user} [at] {domain.replace('.', ' [dot] ')}")
    if variant % 4 == 1:
        encoded = "".join(f"&#{ord(c)};" for c in address)
        return f'<a href="mailto:{encoded}">{encoded}</a>'
    if variant % 4 == 2:
        key = 0x5A
        hexed = f"{key:02x}" + "".join(f"{ord(c) ^ key:02x}" for c in address)
        return (
            f'<a href="/cdn-cgi/l/email-protection" class="__cf_email__" '
            f'data-cfemail="{hexed}">[email&#160;protected]</a>'
        )
    return escape(f"{user}(at){domain.replace('.', '(dot)')}")


def document(head: str, body: str, lang: str = "en-GB") -> str:
    """A whole HTML document: `head` follows the charset declaration."""
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">{head}</head>'
        f"<body>{body}</body></html>\n"
    )


def site_header(studio: StudioSpec, nav: list[tuple[str, str]]) -> str:
    """The logo home and the navigation: (href, text) per link."""
    links = "".join(f'<li><a href="{escape(href)}">{escape(text)}</a></li>' for href, text in nav)
    logo = f'<a class="logo" href="/">{escape(studio.name)}</a>'
    return f"<header>{logo}<nav><ul>{links}</ul></nav></header>"


def layout(studio: StudioSpec, title: str, main: str, head: str = "") -> str:
    nav = [
        ("/", "Home"),
        (studio.roster_path, roster_link_text(studio)),
        ("/about", "About"),
        ("/aftercare", "Aftercare"),
        ("/booking", "Book now"),
        ("/contact", "Contact"),
    ]
    if studio.disallow_staff:
        nav.append(("/staff/", "Team login"))
    if studio.family == "guest_spots":  # families.guests: its guests have a page of their own
        nav.insert(2, ("/visiting/", "Visiting"))
    if studio.family == "booking_widget":  # families.widgets: its booking page is the roster
        nav = [entry for entry in nav if entry[0] != "/booking"]
    if studio.family == "news_blog":  # families.structures: its posts say who joined and left
        nav.insert(2, ("/news/", "News"))
    footer = (
        f"<footer><p>{escape(studio.address)}</p>"
        f"<p>Follow the studio {profile_link(studio.studio_handle)} and see our latest "
        f'<a href="https://www.instagram.com/p/C0ffee{studio.index}/">post</a>.</p>'
        f"<p>Email: {obfuscated_email(studio.email, studio.index)}</p></footer>"
    )
    return document(
        f"<title>{escape(title)} | {escape(studio.name)}</title>{head}",
        f"{site_header(studio, nav)}<main>{main}</main>{footer}",
    )


def home(studio: StudioSpec) -> str:
    """The home page of the families that have none of their own."""
    # A team_page studio's home names its roster the way its navigation does.
    label = roster_link_text(studio) if studio.family == "team_page" else "resident artists"
    main = (
        f"<h1>{escape(studio.name)}</h1><p>Custom tattoos in the heart of town since "
        f"{1990 + studio.index % 30}. Walk-ins welcome, bookings preferred.</p>"
        f'<p>Meet our <a href="{escape(studio.roster_path)}">{escape(label)}</a>.</p>'
    )
    if studio.family == "booking_widget":  # its roster is only in the booking form
        main = main.replace(
            f'Meet our <a href="{escape(studio.roster_path)}">{escape(label)}</a>.',
            f'Pick your artist and a date online: <a href="{studio.roster_path}">Book now</a>.',
        )
    return layout(studio, "Home", main)


def style_text(city: City, studio: StudioSpec, artist: ArtistSpec) -> str:
    return ", ".join(city.style_words(studio, artist))


def hashtags(city: City, studio: StudioSpec, artist: ArtistSpec) -> list[str]:
    tags = [
        "#" + w.replace(" ", "") + ("tattoo" if len(w) < 8 else "")
        for w in city.style_words(studio, artist)
    ]
    return [*tags, "#tattoo", f"#{city.name.lower()}tattoo"]


def guest_note(studio: StudioSpec, artist: ArtistSpec) -> str:
    return " <em>(guest artist)</em>" if artist in studio.guests else ""


def styles_and_note(city: City, studio: StudioSpec, artist: ArtistSpec) -> str:
    """The artist's styles as the page writes them, then the guest note (markup)."""
    return escape(style_text(city, studio, artist)) + guest_note(studio, artist)


CONSENT_BANNER = (
    '<div id="cookie-consent" class="consent-overlay" role="dialog" aria-modal="true" '
    'style="position:fixed;inset:0;z-index:9999"><h2>We value your privacy</h2><p>We use '
    "cookies to improve your experience and to show our Instagram feed.</p>"
    '<button class="accept">Accept All Cookies</button> <button class="reject">Reject All'
    '</button> <button class="settings">Cookies Settings</button></div>'
)
