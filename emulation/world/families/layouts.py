"""Where the roster sits: on the home page of a one-page site, behind a consent platform's
overlay, or behind a link whose label says neither "team" nor "artist"."""

from __future__ import annotations

from emulation.world.city import City, StudioSpec
from emulation.world.markup import (
    CONSENT_BANNER,
    PageRenderer,
    at_root,
    document,
    escape,
    guest_note,
    instagram_markup,
    layout,
    obfuscated_email,
    profile_link,
    style_text,
    styles_and_note,
    team_page_label,
    trap_link,
)


def one_page_site(city: City, studio: StudioSpec) -> str:
    """The whole site on its home page: sections under #anchors, press mentions, and now and
    then a resident who has moved on."""
    people = "".join(
        f'<div class="artist"><h3>{escape(artist.name)}</h3>{guest_note(studio, artist)}'
        f"<p>{escape(style_text(city, studio, artist))}</p>"
        f"<p>{instagram_markup(city, studio, n, artist)}</p></div>"
        for n, artist in enumerate(studio.artists)
    )
    former = studio.trap("former")
    goodbye = (
        f"<p>Sadly we said goodbye to {escape(former.name)} ({trap_link(former)}), who has moved "
        "on to pastures new. Good luck!</p>"
        if former is not None
        else ""
    )
    press = " ".join(trap_link(t) for t in studio.traps("featured_in"))
    nav = "".join(
        f'<a href="#{anchor}">{label}</a>'
        for anchor, label in (
            ("home", "Home"),
            ("about", "About"),
            ("artists", "Artists"),
            ("booking", "Booking"),
            ("contact", "Contact"),
        )
    )
    body = (
        f'<header class="sticky"><a class="logo" href="#home">{escape(studio.name)}</a>'
        f"<nav>{nav}</nav></header>"
        f'<section id="home" class="hero"><h1>{escape(studio.name)}</h1><p>Custom tattoos by '
        "appointment.</p></section>"
        f'<section id="about"><h2>About</h2><p>A friendly studio since {1995 + studio.index % 25}.'
        f"</p>{goodbye}</section>"
        f'<section id="artists"><h2>Artists</h2><div class="artists">{people}</div></section>'
        f'<section id="press"><h2>As featured in</h2><p>{press}</p></section>'
        '<section id="booking"><h2>Booking</h2><p>Fill in the form and we will get back to '
        "you.</p></section>"
        f'<section id="contact"><h2>Contact</h2><p>{escape(studio.address)}</p>'
        f"<p>Email: {obfuscated_email(studio.email, studio.index)}</p></section>"
        f"<footer><p>Follow {profile_link(studio.studio_handle)} &middot; "
        f'<a href="https://www.instagram.com/p/C1ne{studio.index}/">latest post</a></p></footer>'
    )
    return document(f"<title>{escape(studio.name)}</title>", body)


def _consent_platform(studio: StudioSpec) -> str:
    if studio.index % 3 == 0:
        return CONSENT_BANNER
    if studio.index % 3 == 1:
        return (
            '<div id="onetrust-consent-sdk"><div class="onetrust-pc-dark-filter ot-fade-in">'
            '</div><div id="onetrust-banner-sdk" class="otFlat" tabindex="0" role="region" '
            'aria-label="Cookie banner"><div class="ot-sdk-container"><div class="ot-sdk-row">'
            '<div id="onetrust-group-container"><div id="onetrust-policy"><h2 id="onetrust-'
            'policy-title">We use cookies</h2><div id="onetrust-policy-text">We and our '
            "partners use cookies to personalise content, to provide social media features "
            'and to analyse our traffic. <a href="/cookie-policy">Cookie Policy</a></div></div>'
            '</div><div id="onetrust-button-group-parent"><button id="onetrust-accept-btn-'
            'handler">Accept All Cookies</button><button id="onetrust-reject-all-handler">Reject'
            ' All</button><button id="onetrust-pc-btn-handler">Cookies Settings</button></div>'
            "</div></div></div></div>"
        )
    return (
        '<div id="CybotCookiebotDialog" name="CybotCookiebotDialog" role="dialog" '
        'aria-modal="true" class="CybotCookiebotDialogActive" lang="en"><div class="Cybot'
        'CookiebotDialogContentWrapper"><h2 id="CybotCookiebotDialogBodyContentTitle">This '
        'website uses cookies</h2><div id="CybotCookiebotDialogBodyContentText">We use cookies '
        "to show you our artists' Instagram feeds and to measure visits.</div>"
        '<button id="CybotCookiebotDialogBodyButtonDecline">Deny</button><button id="Cybot'
        'CookiebotDialogBodyLevelButtonLevelOptinAllowAll">Allow all</button></div></div>'
    )


def cookie_consent_roster(city: City, studio: StudioSpec) -> str:
    """A consent platform's overlay first in the body, then the roster cards."""
    cards = "".join(
        f'<div class="artist-tile"><h2>{escape(artist.name)}</h2>'
        f"<p>{styles_and_note(city, studio, artist)}</p>"
        f"{instagram_markup(city, studio, n, artist)}</div>"
        for n, artist in enumerate(studio.artists)
    )
    convention = studio.trap("convention")
    event = (
        f"<p>Find us at {trap_link(convention)} &ndash; booth 14, all weekend.</p>"
        if convention
        else ""
    )
    main = f'<h1>Artists</h1><div class="tiles">{cards}</div><h2>Events</h2>{event}'
    page = layout(studio, "Artists", main)
    return page.replace("<body>", "<body>" + _consent_platform(studio), 1)


def team_page_roster(city: City, studio: StudioSpec) -> str:
    people = "".join(
        f'<div class="person"><h2>{escape(artist.name)}</h2><p>{escape(artist.name.split(" ")[0])} '
        f"works in {escape(style_text(city, studio, artist))}.{guest_note(studio, artist)}</p>"
        f"{instagram_markup(city, studio, n, artist)}</div>"
        for n, artist in enumerate(studio.artists)
    )
    photographer = studio.trap("photographer")
    credit = (
        f"<p><small>Photos: {escape(photographer.name)} {trap_link(photographer)}</small></p>"
        if photographer
        else ""
    )
    main = f'<h1>{escape(team_page_label(studio))}</h1><section class="people">{people}</section>'
    return layout(studio, team_page_label(studio), main + credit)


# The one-page family has no roster page of its own: its home page is the roster.
PAGES: dict[str, PageRenderer] = {
    "cookie_consent": at_root(cookie_consent_roster),
    "team_page": at_root(team_page_roster),
}
