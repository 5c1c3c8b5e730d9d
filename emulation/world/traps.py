"""The handles a studio's pages show that are not its artists: the studio's own account, a
post's link, suppliers, magazines, conventions, the press, photographers, former artists and
ended guest spots, each with the reason the ground truth gives (tests/corpus/README.md's
reasons), so scoring knows what every handle on a page is."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from emulation.world.rolls import roll
from emulation.world.vocabulary import FIRST_NAMES, SURNAMES


@dataclass(frozen=True, slots=True)
class NotArtist:
    """A handle a studio's site shows that is not one of its artists, and why (the reasons of
    tests/corpus/README.md: studio, supplier, magazine, convention, photographer,
    featured_in, guest_ended, former, post_not_profile, robots_disallowed)."""

    handle: str
    reason: str
    name: str = ""  # the person or business, as the page names it


# Accounts pages thank or credit, never artists (handles no artist pattern can produce).
SUPPLIERS: tuple[str, ...] = (
    "worldfamousink",
    "eternalink",
    "intenzetattooink",
    "kwadron_official",
    "cheyennetattooequipment",
    "fkirons",
    "killerinkuk",
    "hustlebutterdeluxe",
)
MAGAZINES: tuple[str, ...] = (
    "tattoolifemag",
    "skindeep_mag",
    "totaltattoomagazine",
    "tattooenergymag",
)
CONVENTIONS: tuple[str, ...] = (
    "tattoofreeze",
    "leedsinkfest",
    "greatbritishtattooshow",
    "northerntattooexpo",
)
PRESS: tuple[str, ...] = ("leedslivingmag", "yorkshire_eve_post", "northernsoulzine")
# The trap handles each family's pages carry (beyond the studio's own account and the post
# link in every footer); the site renderers name them in the words real pages use.
FAMILY_TRAPS: dict[str, tuple[str, ...]] = {
    "prose": ("supplier", "former?"),
    "site_builder": ("supplier", "photographer"),
    "wordpress": ("supplier", "supplier", "convention", "guest_ended", "post_not_profile"),
    "one_page": ("featured_in", "featured_in", "former?"),
    "cookie_consent": ("convention",),
    "non_english": ("former", "convention?"),
    "microdata": ("magazine", "guest_ended"),
    "team_page": ("photographer?",),
    "robots_rules": ("robots_disallowed", "robots_disallowed"),
    "instagram_forms": ("post_not_profile",) * 3,  # reel, stories, explore (p: every footer)
    "traps": (
        "studio",
        "supplier",
        "supplier",
        "magazine",
        "convention",
        "photographer",
        "former",
        "former",
        "guest_ended",
        "featured_in",
    ),
    "js_fetch": ("former",),
    "guest_spots": ("guest_ended", "guest_ended?"),
    "link_in_bio": ("supplier?",),
    "js_payload": ("former?",),
    "accordion": ("former",),
    "bilingual": ("convention?",),
    "multi_location": ("studio",),  # the second shop's own account
    "image_map": ("photographer?",),  # the team photo's credit
    "news_blog": ("former",),  # the artist a post says goodbye to
}
# The first path segment of links to things that are not profiles.
NOT_PROFILE_SEGMENTS: tuple[str, ...] = ("p", "reel", "stories", "explore")


def former_artist(seed: int, index: int) -> tuple[str, str] | None:
    """Half the prose studios name an artist who has moved on: (name, handle), never an
    artist of this studio (the handle pattern is one no artist has)."""
    rng = roll(seed, "former", index)
    if rng.random() < 0.5:
        return None
    first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
    return f"{first} {last}", re.sub(r"[^a-z0-9.]", "", f"{first}.{last}.tattooer".lower())


def _person_trap(rng: random.Random, reason: str, artists: set[str], taken: set[str]) -> NotArtist:
    first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
    given, family = first.lower(), last.lower()
    pattern = {
        "former": f"{given}.{family}.tattooer",
        "guest_ended": f"{given}_{family}_tattoos",
        "photographer": rng.choice((f"{given}{family}.photo", f"{given}.shoots.ink")),
        "robots_disallowed": f"{given}.{family}.tattooer",
    }[reason]
    handle = re.sub(r"[^a-z0-9._]", "", pattern)[:30]
    while handle in artists or handle in taken:
        handle = f"{handle[:27]}{rng.randint(2, 99)}"
    return NotArtist(handle=handle, reason=reason, name=f"{first} {last}")


def studio_traps(
    seed: int, index: int, family: str, studio_handle: str, artists: set[str]
) -> tuple[NotArtist, ...]:
    """Every handle the studio's site shows that is not an artist of it."""
    found = [
        NotArtist(studio_handle, "studio", "the studio"),
        NotArtist("p", "post_not_profile", "a post"),
    ]
    if family == "prose":  # as the prose family always wrote them
        found.append(NotArtist(SUPPLIERS[index % 5], "supplier", "a supplier"))
        former = former_artist(seed, index)
        if former is not None:
            found.append(NotArtist(former[1], "former", former[0]))
        return tuple(found)
    rng = roll(seed, "traps", index)
    lists = {
        "supplier": SUPPLIERS,
        "magazine": MAGAZINES,
        "convention": CONVENTIONS,
        "featured_in": PRESS,
    }
    segments = iter(NOT_PROFILE_SEGMENTS[1:])
    for wanted in FAMILY_TRAPS.get(family, ()):
        reason = wanted.rstrip("?")
        if wanted.endswith("?") and rng.random() < 0.5:
            continue
        taken = {t.handle for t in found}
        if reason in lists:
            choices = [h for h in lists[reason] if h not in taken]
            found.append(NotArtist(rng.choice(choices), reason, reason))
        elif reason == "studio":  # a second account of the studio's own: its shop or merch
            found.append(NotArtist(f"{studio_handle[:24]}.shop", "studio", "the studio's shop"))
        elif reason == "post_not_profile":
            found.append(NotArtist(next(segments), reason, "a post"))
        else:
            trap = _person_trap(rng, reason, artists, taken)  # no set copy: 5,000 studios
            found.append(trap)
    return tuple(found)
