"""Which accounts a roster shows: each artist's in a different one of the ways pages write a
profile URL beside links that name no profile, and more accounts that are not artists than
accounts that are."""

from __future__ import annotations

from emulation.world.city import INSTAGRAM_FORMS, City, StudioSpec
from emulation.world.markup import (
    PageRenderer,
    at_root,
    escape,
    guest_note,
    instagram_markup,
    layout,
    style_text,
    styles_and_note,
    trap_link,
)

# Profile URL forms beyond city.INSTAGRAM_FORMS, as pages really write them.
MORE_FORMS: tuple[str, ...] = (
    "https://www.instagram.com/_u/{h}/",
    "https://instagram.com/{h}/reels/",
    "https://www.instagram.com/{h}/?igsh=MWQ1ZGUxMzBkMA%3D%3D",
    "www.instagram.com/{h}",
    "https://www.instagram.com/{h}/tagged/",
    "HTTPS://WWW.INSTAGRAM.COM/{h}",
    "IG: @{h}",
)


NOT_PROFILE_URLS: dict[str, str] = {
    "reel": "https://www.instagram.com/reel/C4xYz{n}AbCd/",
    "stories": "https://www.instagram.com/stories/highlights/1791234567{n}/",
    "explore": "https://www.instagram.com/explore/tags/leedstattoo/",
}


def _any_form(form: str, handle: str) -> str:
    account = form.format(h=handle)
    if account.lower().startswith(("http", "www.", "instagram.com")):
        href = account if account.lower().startswith("http") else f"https://{account}"
        label = account if "reels" in account or account.startswith("www") else "Instagram"
        return f'<a href="{escape(href)}" rel="me">{escape(label)}</a>'
    return f"<span>{escape(account)}</span>"


def instagram_forms_roster(city: City, studio: StudioSpec) -> str:
    """Each artist's account in a different form, and links to posts, reels, stories and
    tags that name no profile."""
    forms = MORE_FORMS + INSTAGRAM_FORMS
    rows = "".join(
        f'<div class="tattooer"><h3>{escape(artist.name)}</h3>'
        f"<p>{styles_and_note(city, studio, artist)}</p>"
        f"<p>{_any_form(forms[(studio.index + n) % len(forms)], artist.handle)}</p></div>"
        for n, artist in enumerate(studio.artists)
    )
    links = "".join(
        f'<li><a href="{NOT_PROFILE_URLS[t.handle].format(n=studio.index)}">'
        f"{escape(t.handle.title())}</a></li>"
        for t in studio.traps("post_not_profile")
        if t.handle in NOT_PROFILE_URLS
    )
    main = (
        f'<h1>Tattooers</h1><div class="tattooers">{rows}</div>'
        f'<h2>Latest on Instagram</h2><ul class="feed">{links}</ul>'
    )
    return layout(studio, "Tattooers", main)


def traps_roster(city: City, studio: StudioSpec) -> str:
    """A short roster, then more accounts that are not artists than accounts that are: the
    shop account, suppliers, press, a convention, a photographer, alumni, a past guest."""
    people = "".join(
        f'<li class="resident"><strong>{escape(artist.name)}</strong>{guest_note(studio, artist)}'
        f" &ndash; {escape(style_text(city, studio, artist))} &ndash; "
        f"{instagram_markup(city, studio, n, artist)}</li>"
        for n, artist in enumerate(studio.artists)
    )
    shop = studio.trap("studio", 1)
    suppliers = " and ".join(trap_link(t) for t in studio.traps("supplier"))
    magazine, convention = studio.trap("magazine"), studio.trap("convention")
    press, photographer = studio.trap("featured_in"), studio.trap("photographer")
    alumni = "".join(
        f"<li><s>{escape(t.name)}</s> ({trap_link(t)})</li>" for t in studio.traps("former")
    )
    guest = studio.trap("guest_ended")
    blocks = [f'<h1>Artists</h1><ul class="residents">{people}</ul>']
    if shop is not None:
        blocks.append(f"<p>Aftercare, prints and merch: shop with us at {trap_link(shop)}.</p>")
    if suppliers:
        blocks.append(f"<p>We only use the best: inks and needles by {suppliers}.</p>")
    if magazine is not None and press is not None:
        blocks.append(f"<p>As featured in {trap_link(magazine)} and {trap_link(press)}.</p>")
    if convention is not None:
        blocks.append(f"<p>Winners of Best Blackwork at {trap_link(convention)} 2024.</p>")
    if photographer is not None:
        blocks.append(f"<p>Photos by {escape(photographer.name)} ({trap_link(photographer)}).</p>")
    if alumni:
        blocks.append(f'<h2>Alumni</h2><ul class="alumni">{alumni}</ul>')
    if guest is not None:
        blocks.append(
            f"<h2>Past guests</h2><p>{escape(guest.name)} ({trap_link(guest)}) &ndash; thanks "
            "for a great guest spot in the spring!</p>"
        )
    return layout(studio, "Artists", "".join(blocks))


PAGES: dict[str, PageRenderer] = {
    "instagram_forms": at_root(instagram_forms_roster),
    "traps": at_root(traps_roster),
}
