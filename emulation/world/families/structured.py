"""Rosters as schema.org data: JSON-LD in the head, and Person microdata in the markup."""

from __future__ import annotations

import json

from emulation.world.city import City, StudioSpec
from emulation.world.markup import (
    PageRenderer,
    at_root,
    escape,
    instagram_url,
    layout,
    styles_and_note,
    trap_link,
)


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


def microdata_roster(city: City, studio: StudioSpec) -> str:
    """schema.org microdata: the parlour's employees as Persons with givenName, familyName and
    sameAs; a magazine and an ended guest spot beside them."""
    people = []
    for n, artist in enumerate(studio.artists):
        given, _, family = artist.name.partition(" ")
        people.append(
            '<div class="staff" itemprop="employee" itemscope '
            'itemtype="https://schema.org/Person"><h3><span itemprop="givenName">'
            f'{escape(given)}</span> <span itemprop="familyName">{escape(family)}</span></h3>'
            '<meta itemprop="jobTitle" content="Tattoo Artist">'
            f'<p itemprop="description">{styles_and_note(city, studio, artist)}</p>'
            f'<a itemprop="sameAs" href="{escape(instagram_url(city, studio, n, artist))}">'
            "Instagram</a></div>"
        )
    notes = []
    magazine = studio.trap("magazine")
    if magazine is not None:
        notes.append(f"<p>As seen in {trap_link(magazine)}, issue {200 + studio.index}.</p>")
    guest = studio.trap("guest_ended")
    if guest is not None:
        notes.append(
            f"<p>{escape(guest.name)} ({trap_link(guest)}) was with us as a guest in May "
            "&ndash; thank you!</p>"
        )
    main = (
        '<div itemscope itemtype="https://schema.org/TattooParlor">'
        f'<h1 itemprop="name">{escape(studio.name)}</h1><p itemprop="address">'
        f"{escape(studio.address)}</p><h2>Our team</h2>{''.join(people)}</div>{''.join(notes)}"
    )
    return layout(studio, "Team", main)


PAGES: dict[str, PageRenderer] = {
    "jsonld": at_root(jsonld_roster),
    "microdata": at_root(microdata_roster),
}
