"""The robots_rules family: several robots.txt groups and wildcards, and an archive robots.txt
disallows that names people a polite crawler never reads."""

from __future__ import annotations

from emulation.world.city import City, StudioSpec
from emulation.world.markup import (
    Page,
    PageRenderer,
    escape,
    html_page,
    instagram_markup,
    layout,
    styles_and_note,
    trap_link,
)

ROBOTS_ARCHIVE = "/archive/guests/"


# The robots_rules family's rules for every crawler: wildcards and a disallowed archive ...
ROBOTS_RULES_FOR_ALL: tuple[str, ...] = (
    "Disallow: /archive/",
    "Disallow: /*?print=",
    "Disallow: /*.pdf$",
)


# ... and groups for other crawlers, which ours must not take for its own.
ROBOTS_RULES_OTHER_GROUPS: tuple[str, ...] = (
    "",
    "User-agent: GPTBot",
    "Disallow: /",
    "",
    "User-agent: Googlebot",
    "Allow: /",
)


def robots_rules_roster(city: City, studio: StudioSpec) -> str:
    people = "".join(
        f"<li><h3>{escape(artist.name)}</h3><p>{styles_and_note(city, studio, artist)}"
        f"</p>{instagram_markup(city, studio, n, artist)}</li>"
        for n, artist in enumerate(studio.artists)
    )
    main = (
        f'<h1>Artists</h1><ul class="residents">{people}</ul>'
        f'<p><a href="{studio.roster_path}?print=1">Print this page</a> &middot; '
        f'<a href="/artists.pdf">Download our portfolio (PDF)</a> &middot; '
        f'<a href="{ROBOTS_ARCHIVE}">Guest artist archive</a></p>'
    )
    return layout(studio, "Artists", main)


def robots_archive(studio: StudioSpec) -> str:
    """A page robots.txt disallows that names people: a polite crawler never reads it."""
    people = "".join(
        f"<li><h3>{escape(t.name)}</h3>{trap_link(t)}</li>"
        for t in studio.traps("robots_disallowed")
    )
    return layout(studio, "Archive", f'<h1>Guest artists</h1><ul class="residents">{people}</ul>')


def robots_rules_pages(city: City, studio: StudioSpec, path: str, query: str) -> Page | None:
    if path == ROBOTS_ARCHIVE:
        return html_page(robots_archive(studio))
    return html_page(robots_rules_roster(city, studio)) if path == studio.roster_path else None


PAGES: dict[str, PageRenderer] = {"robots_rules": robots_rules_pages}
