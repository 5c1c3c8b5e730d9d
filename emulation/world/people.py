"""The city's artists: who they are, how each one's Instagram handle is made, and how a
non-English studio's artists are named in its page's language (and script)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from emulation.world.rolls import roll
from emulation.world.vocabulary import FIRST_NAMES, LOCAL_NAMES, STYLES, SURNAMES


@dataclass(frozen=True, slots=True)
class ArtistSpec:
    """One artist as the world knows them (the truth extraction is scored against)."""

    artist_id: str
    name: str
    handle: str
    styles: tuple[str, ...]
    slug: str


def draw_residents(rng: random.Random, index: int, taken: set[str]) -> tuple[ArtistSpec, ...]:
    """A studio's resident artists, drawn from the studio's own roll; handles unique city-wide."""
    residents = []
    for position in range(rng.randint(2, 9)):
        artist_name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
        styles = tuple(sorted(rng.sample(STYLES, rng.randint(1, 3)), key=STYLES.index))
        slug = f"{artist_name.lower().replace(' ', '-')}-{position}"
        residents.append(
            ArtistSpec(
                artist_id=f"{index}-{position}",
                name=artist_name,
                handle=handle_for(artist_name, rng, taken),
                styles=styles,
                slug=slug,
            )
        )
    return tuple(residents)


def handle_for(name: str, rng: random.Random, taken: set[str]) -> str:
    first, last = name.lower().split(" ", 1)
    last = last.replace(" ", "")
    patterns = (
        f"{first}{last}",
        f"{first}.{last}.tattoo",
        f"{first}_{last}_ink",
        f"inkby{first}",
        f"{first}tattoos",
        f"{last}.{first}",
        f"{first[0]}{last}_tattoo",
    )
    handle = rng.choice(patterns)[:24]
    while handle in taken:
        handle = f"{handle[:24]}{rng.randint(2, 99)}"
    taken.add(handle)
    return handle


def local_artists(
    seed: int, index: int, language: str, residents: tuple[ArtistSpec, ...], taken: set[str]
) -> tuple[ArtistSpec, ...]:
    """A non-English studio's artists, named in the page's language (and script): same ids
    and styles, handles made of the romanised name."""
    rng = roll(seed, "local-names", index)
    given_names, family_names = LOCAL_NAMES[language]
    renamed = []
    for position, artist in enumerate(residents):
        (given, given_latin), (family, family_latin) = (
            rng.choice(given_names),
            rng.choice(family_names),
        )
        if language == "ja":
            name = f"{family} {given}"
            handle = rng.choice(
                (
                    f"hori{given_latin}",
                    f"{given_latin}_{family_latin}_tattoo",
                    f"{family_latin}.{given_latin}.ink",
                    f"{given_latin}tattoo.jp",
                )
            )
            while handle in taken:
                handle = f"{handle[:24]}{rng.randint(2, 99)}"
            taken.add(handle)
        else:
            name = f"{given} {family}"
            handle = handle_for(f"{given_latin} {family_latin}", rng, taken)
        renamed.append(
            ArtistSpec(
                artist_id=artist.artist_id,
                name=name,
                handle=handle,
                styles=artist.styles,
                slug=f"{given_latin}-{family_latin}-{position}",
            )
        )
    return tuple(renamed)
