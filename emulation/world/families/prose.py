"""Handles written in text: the team told in paragraphs (running-text mentions, IG: labels,
parenthesised handles), and a lazy-loaded figure grid with the account in a caption or in
the image's alt text, behind a consent overlay."""

from __future__ import annotations

from emulation.world.city import City, StudioSpec
from emulation.world.markup import (
    CONSENT_BANNER,
    PageRenderer,
    at_root,
    escape,
    guest_note,
    instagram_markup,
    layout,
    style_text,
)
from emulation.world.people import ArtistSpec


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


PAGES: dict[str, PageRenderer] = {
    "prose": at_root(prose_roster),
    "lazy_grid": at_root(lazy_grid_roster),
}
