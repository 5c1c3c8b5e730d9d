"""What the synthetic city *is*: studios, their Places records, their artists and the way each
studio's website misbehaves. Pure and deterministic from (seed, studio count); no HTML here.

Generation holds only small records (a few hundred bytes per studio), so 5,000 studios stay
cheap; pages are rendered on demand by `emulation.world.sites`.
"""

from __future__ import annotations

import hashlib
import random
import re
import string
from dataclasses import dataclass, field

# The template families every studio website is drawn from (see emulation.world.sites).
FAMILIES: tuple[str, ...] = (
    "static_list",
    "cards",
    "jsonld",
    "js_roster",
    "paginated",
    "detail_pages",
    # Layouts of the hand-written corpus (tests/corpus) that the extractor reads:
    "table",  # a roster <table> with a header row
    "iframe",  # the roster in a same-site iframe
    "prose",  # the team described in paragraphs, handles in running text, and traps
    "lazy_grid",  # a figure grid of lazy images behind a cookie banner, handles in captions
    # The rest of the corpus's families (emulation.world.families renders them):
    "site_builder",  # Wix / Squarespace div soup: generated classes, icon-only links
    "wordpress",  # an Elementor theme: wp-content, an Instagram feed widget, footer sponsors
    "one_page",  # everything on the home page under #anchors
    "cookie_consent",  # a consent platform's overlay (OneTrust / Cookiebot) before the roster
    "non_english",  # de, fr, es or ja labels and navigation; names in the language's script
    "microdata",  # schema.org Person microdata (givenName + familyName, sameAs)
    "team_page",  # the roster behind a link with no "team" or "artist" in it
    "robots_rules",  # several robots.txt groups and wildcards; a disallowed archive names people
    "instagram_forms",  # every way a profile URL is written, and links that are not profiles
    "traps",  # more handles that are not artists than handles that are
    "js_fetch",  # a script file fetches a nested same-origin JSON feed the Lambda can read
)
# Rosters that only a browser sees (drawn by script from data no plain fetch can read): in a
# city only when it is generated with `browser_only=True`, for the roster job's renderer.
BROWSER_ONLY_FAMILIES: tuple[str, ...] = ("js_delayed",)
# The first six are drawn as before, so a seed keeps the rest of its city; a second roll moves
# a share of the studios to the next four families, and a third roll a share to the newest
# (each family then holds the same share; a studio the third roll skips keeps its family).
_FIRST_FAMILIES = FAMILIES[:6]
_LATER_FAMILIES = FAMILIES[6:10]
_NEWEST_FAMILIES = FAMILIES[10:]

# How a studio's website misbehaves, with its share of studios that have a website.
CONDITIONS: tuple[tuple[str, float], ...] = (
    ("ok", 0.74),
    ("slow", 0.05),
    ("timeout", 0.03),
    ("not_found", 0.03),
    ("server_error", 0.03),
    ("flaky", 0.04),
    ("redirect_loop", 0.02),
    ("malformed", 0.03),
    ("huge", 0.01),
    ("robots_blocks_roster", 0.02),
)

# Every way a studio website writes an artist's Instagram account.
INSTAGRAM_FORMS: tuple[str, ...] = (
    "https://instagram.com/{h}",
    "https://www.instagram.com/{h}/",
    "http://m.instagram.com/{h}?igshid=Zm9vYmFy",
    "https://instagr.am/{h}",
    "@{h}",
    "https://www.instagram.com/{h}/?hl=en",
    "instagram.com/{h}",
    "https://instagram.com/{h}?utm_source=ig_web_copy_link",
)

# How a style is written on a page; every entry must be understood by compute.domain.styles.
STYLE_SPELLINGS: dict[str, tuple[str, ...]] = {
    "traditional": ("traditional", "old school", "trad"),
    "neo-traditional": ("neo-traditional", "neo trad", "neotraditional"),
    "realism": ("realism", "photorealism", "portraits"),
    "blackwork": ("blackwork", "black work"),
    "watercolor": ("watercolour", "watercolor"),
    "geometric": ("geometric", "sacred geometry"),
    "tribal": ("tribal", "polynesian"),
    "japanese": ("japanese", "irezumi"),
    "minimalist": ("minimalist", "minimal"),
    "dotwork": ("dotwork", "stippling"),
    "linework": ("fine line", "linework", "single needle"),
}
STYLES: tuple[str, ...] = tuple(STYLE_SPELLINGS)

FIRST_NAMES = [
    "Amelia",
    "Olivia",
    "Isla",
    "Ava",
    "Mia",
    "Ivy",
    "Lily",
    "Isabella",
    "Rosie",
    "Sophia",
    "Grace",
    "Freya",
    "Willow",
    "Emily",
    "Ella",
    "Poppy",
    "Evie",
    "Harper",
    "Sienna",
    "Daisy",
    "Oliver",
    "George",
    "Noah",
    "Arthur",
    "Muhammad",
    "Leo",
    "Harry",
    "Oscar",
    "Archie",
    "Henry",
    "Theodore",
    "Freddie",
    "Jack",
    "Charlie",
    "Finley",
    "Theo",
    "Alfie",
    "Jacob",
    "Thomas",
    "Lucas",
    "Priya",
    "Aisha",
    "Yuki",
    "Mateo",
    "Zofia",
    "Kwame",
    "Niamh",
    "Callum",
    "Ffion",
    "Rhys",
    "Saoirse",
    "Tariq",
    "Anika",
    "Dmitri",
    "Ines",
    "Bongani",
    "Keira",
    "Ravi",
    "Marta",
    "Jonah",
    "Elif",
    "Kofi",
    "Maja",
    "Ruairi",
    "Esme",
    "Idris",
    "Layla",
    "Ezra",
    "Nadia",
    "Ollie",
    "Hana",
    "Cormac",
    "Bea",
]
SURNAMES = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Clarke",
    "Patel",
    "Khan",
    "Lewis",
    "James",
    "Phillips",
    "Mason",
    "Mitchell",
    "Rose",
    "Davis",
    "Rodriguez",
    "Cox",
    "Alexander",
    "Morgan",
    "Moore",
    "Hughes",
    "Ahmed",
    "Nakamura",
    "Kowalski",
    "Okafor",
    "Murphy",
    "Fraser",
    "Quinn",
    "Byrne",
    "Lloyd",
    "Pritchard",
    "Baxter",
    "Gallagher",
    "Reid",
    "Sutherland",
    "Doyle",
    "Novak",
    "Haddad",
    "Santos",
    "Lindqvist",
    "Mensah",
    "Osei",
    "Kaur",
    "Chen",
    "Silva",
    "Moreau",
    "Dubois",
    "Ferreira",
    "Okoro",
]
STUDIO_WORDS_A = [
    "Black",
    "Iron",
    "Golden",
    "Crimson",
    "Electric",
    "Lucky",
    "Sacred",
    "Velvet",
    "Silver",
    "Wild",
    "Northern",
    "Hidden",
    "Old",
    "Blue",
    "Rebel",
    "Lunar",
    "Copper",
    "Ghost",
    "Wandering",
    "Howling",
    "Steady",
    "Brass",
    "Mercury",
    "Jade",
    "Salt",
]
STUDIO_WORDS_B = [
    "Anchor",
    "Rose",
    "Needle",
    "Dagger",
    "Swallow",
    "Lotus",
    "Serpent",
    "Moth",
    "Fox",
    "Crow",
    "Tiger",
    "Lantern",
    "Compass",
    "Harbour",
    "Hand",
    "Heart",
    "Dragon",
    "Owl",
    "Raven",
    "Arrow",
    "Ink",
    "Skull",
    "Mirror",
    "Wolf",
    "Orchid",
]
STUDIO_KINDS = ("Tattoo", "Tattoo Studio", "Tattoo Co.", "Ink", "Tattoo Parlour", "Tattoos")
STREETS = (
    "High Street",
    "Station Road",
    "Church Lane",
    "Mill Road",
    "Victoria Street",
    "Briggate",
    "Kirkgate",
    "Call Lane",
    "Boar Lane",
    "Vicar Lane",
    "Park Row",
    "Wellington Street",
    "Commercial Street",
    "Great George Street",
    "North Street",
    "York Road",
)
# Words a Places text query can contain; each studio is found by a few of them.
QUERY_WORDS: tuple[str, ...] = ("studio", "shop", "parlour", "artist")


@dataclass(frozen=True, slots=True)
class ArtistSpec:
    """One artist as the world knows them (the truth extraction is scored against)."""

    artist_id: str
    name: str
    handle: str
    styles: tuple[str, ...]
    slug: str


@dataclass(frozen=True, slots=True)
class NotArtist:
    """A handle a studio's site shows that is not one of its artists, and why (the reasons of
    tests/corpus/README.md: studio, supplier, magazine, convention, photographer,
    featured_in, guest_ended, former, post_not_profile, robots_disallowed)."""

    handle: str
    reason: str
    name: str = ""  # the person or business, as the page names it


@dataclass(frozen=True, slots=True)
class StudioSpec:
    """One studio: its Places record and its website's behaviour."""

    index: int
    place_id: str
    name: str
    address: str
    postcode: str
    latitude: float
    longitude: float
    phone: str | None
    business_status: str
    rating: float | None
    rating_count: int | None
    query_words: tuple[str, ...]
    host: str | None  # None: no website
    website_uri: str | None
    family: str
    condition: str
    crawl_delay_s: float | None
    disallow_staff: bool
    studio_handle: str
    email: str
    residents: tuple[ArtistSpec, ...]
    guests: tuple[ArtistSpec, ...] = field(default=())
    language: str = "en"  # the site's language (non_english studios: de, fr, es or ja)
    not_artists: tuple[NotArtist, ...] = field(default=())  # handles on the site, not artists

    @property
    def artists(self) -> tuple[ArtistSpec, ...]:
        return self.residents + self.guests

    @property
    def roster_path(self) -> str:
        if self.family == "non_english":
            return LANGUAGE_PATHS[self.language]
        return ROSTER_PATHS[self.family]

    def traps(self, *reasons: str) -> list[NotArtist]:
        """The site's handles that are not artists, for the given reasons (all when none)."""
        return [t for t in self.not_artists if not reasons or t.reason in reasons]


# Where each family keeps its roster; robots_blocks_roster disallows exactly this prefix.
ROSTER_PATHS: dict[str, str] = {
    "static_list": "/artists.html",
    "cards": "/team/",
    "jsonld": "/the-crew",
    "js_roster": "/roster",
    "paginated": "/our-artists",
    "detail_pages": "/artists/",
    "table": "/artists.php",
    "iframe": "/studio/",
    "prose": "/the-team/",
    "lazy_grid": "/collective/",
    "site_builder": "/artists",
    "wordpress": "/our-team/",
    "one_page": "/",
    "cookie_consent": "/artists/",
    "non_english": "/kuenstler/",  # the language's own path: see LANGUAGE_PATHS
    "microdata": "/team.html",
    "team_page": "/who-we-are/",
    "robots_rules": "/artists/",
    "instagram_forms": "/tattooers/",
    "traps": "/artists/",
    "js_fetch": "/team",
    "js_delayed": "/residents",
}
# Where a non-English studio keeps its roster, by the page's language.
LANGUAGE_PATHS: dict[str, str] = {
    "de": "/kuenstler/",
    "fr": "/artistes/",
    "es": "/artistas/",
    "ja": "/artist/",
}
LANGUAGES: tuple[str, ...] = tuple(LANGUAGE_PATHS)
# Names as written in each language, with the romanised form a handle is made of.
LOCAL_NAMES: dict[str, tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]] = {
    "de": (
        (
            ("Jürgen", "juergen"),
            ("Anja", "anja"),
            ("Sören", "soeren"),
            ("Lea", "lea"),
            ("Björn", "bjoern"),
            ("Käthe", "kaethe"),
            ("Lukas", "lukas"),
            ("Jana", "jana"),
        ),
        (
            ("Müller", "mueller"),
            ("Schäfer", "schaefer"),
            ("Weiß", "weiss"),
            ("Böhm", "boehm"),
            ("Krüger", "krueger"),
            ("Hoffmann", "hoffmann"),
            ("Vogel", "vogel"),
        ),
    ),
    "fr": (
        (
            ("Zoé", "zoe"),
            ("Hélène", "helene"),
            ("Léa", "lea"),
            ("Mathéo", "matheo"),
            ("Chloé", "chloe"),
            ("Jérôme", "jerome"),
            ("Gaël", "gael"),
            ("Maëlle", "maelle"),
        ),
        (
            ("Lefèvre", "lefevre"),
            ("Girard", "girard"),
            ("Mercier", "mercier"),
            ("Rousseau", "rousseau"),
            ("Dupré", "dupre"),
            ("Benoît", "benoit"),
        ),
    ),
    "es": (
        (
            ("Begoña", "begona"),
            ("Iñaki", "inaki"),
            ("Lucía", "lucia"),
            ("Álvaro", "alvaro"),
            ("Nerea", "nerea"),
            ("Sofía", "sofia"),
            ("Martín", "martin"),
        ),
        (
            ("Núñez", "nunez"),
            ("Muñoz", "munoz"),
            ("García", "garcia"),
            ("Ibáñez", "ibanez"),
            ("Pérez", "perez"),
            ("Gómez", "gomez"),
            ("Ortiz", "ortiz"),
        ),
    ),
    # Given names first in these tuples; a Japanese page writes the family name first.
    "ja": (
        (
            ("美咲", "misaki"),
            ("陽菜", "hina"),
            ("蓮", "ren"),
            ("大翔", "hiroto"),
            ("結衣", "yui"),
            ("悠真", "yuma"),
            ("さくら", "sakura"),
            ("健太", "kenta"),
        ),
        (
            ("佐藤", "sato"),
            ("鈴木", "suzuki"),
            ("高橋", "takahashi"),
            ("田中", "tanaka"),
            ("渡辺", "watanabe"),
            ("伊藤", "ito"),
            ("山本", "yamamoto"),
            ("小林", "kobayashi"),
        ),
    ),
}


def _rng(seed: int, *parts: object) -> random.Random:
    digest = hashlib.sha256(":".join(str(p) for p in (seed, *parts)).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _family(seed: int, index: int, first_draw: str, browser_only: bool = False) -> str:
    rng = _rng(seed, "family", index)
    later = len(_LATER_FAMILIES) / (len(_FIRST_FAMILIES) + len(_LATER_FAMILIES))
    family = rng.choice(_LATER_FAMILIES) if rng.random() < later else first_draw
    rng = _rng(seed, "family-newest", index)
    if rng.random() < len(_NEWEST_FAMILIES) / len(FAMILIES):
        family = rng.choice(_NEWEST_FAMILIES)
    if browser_only:  # a roll of its own: the option moves studios, it never reshuffles
        rng = _rng(seed, "family-browser", index)
        total = len(FAMILIES) + len(BROWSER_ONLY_FAMILIES)
        if rng.random() < len(BROWSER_ONLY_FAMILIES) / total:
            family = rng.choice(BROWSER_ONLY_FAMILIES)
    return family


def _place_id(seed: int, index: int) -> str:
    alphabet = string.ascii_letters + string.digits + "-_"
    rng = _rng(seed, "place", index)
    return "ChIJ" + "".join(rng.choice(alphabet) for _ in range(23))


def _postcode(rng: random.Random) -> str:
    return f"LS{rng.randint(1, 29)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}" + (
        rng.choice("ABDEFGHJLNPQRSTUWXYZ")
    )


def _choose_condition(rng: random.Random) -> str:
    roll = rng.random()
    total = 0.0
    for name, share in CONDITIONS:
        total += share
        if roll < total:
            return name
    return "ok"


def _handle_for(name: str, rng: random.Random, taken: set[str]) -> str:
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
}
# The first path segment of links to things that are not profiles.
NOT_PROFILE_SEGMENTS: tuple[str, ...] = ("p", "reel", "stories", "explore")


def former_artist(seed: int, index: int) -> tuple[str, str] | None:
    """Half the prose studios name an artist who has moved on: (name, handle), never an
    artist of this studio (the handle pattern is one no artist has)."""
    rng = _rng(seed, "former", index)
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


def _traps(
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
    rng = _rng(seed, "traps", index)
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


def _local_artists(
    seed: int, index: int, language: str, residents: tuple[ArtistSpec, ...], taken: set[str]
) -> tuple[ArtistSpec, ...]:
    """A non-English studio's artists, named in the page's language (and script): same ids
    and styles, handles made of the romanised name."""
    rng = _rng(seed, "local-names", index)
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
            handle = _handle_for(f"{given_latin} {family_latin}", rng, taken)
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


@dataclass(slots=True)
class City:
    """The whole synthetic city, generated eagerly (small records only)."""

    seed: int
    name: str
    studios: list[StudioSpec]
    by_host: dict[str, StudioSpec]

    @classmethod
    def generate(
        cls, seed: int, studio_count: int, name: str = "Leeds", *, browser_only: bool = False
    ) -> City:
        """The city of `seed`; `browser_only` adds the families only a browser can read."""
        taken_handles: set[str] = set()
        drafts: list[dict[str, object]] = []
        for index in range(studio_count):
            rng = _rng(seed, "studio", index)
            studio_name = (
                f"{rng.choice(STUDIO_WORDS_A)} {rng.choice(STUDIO_WORDS_B)} "
                f"{rng.choice(STUDIO_KINDS)}"
            )
            postcode = _postcode(rng)
            status_roll = rng.random()
            business_status = (
                "CLOSED_PERMANENTLY"
                if status_roll < 0.05
                else "CLOSED_TEMPORARILY"
                if status_roll < 0.07
                else "OPERATIONAL"
            )
            has_website = rng.random() >= 0.08
            host = f"{studio_name.lower().replace('.', '').replace(' ', '-')}-{index:04d}.test"
            residents = []
            for position in range(rng.randint(2, 9)):
                artist_name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
                styles = tuple(sorted(rng.sample(STYLES, rng.randint(1, 3)), key=STYLES.index))
                slug = f"{artist_name.lower().replace(' ', '-')}-{position}"
                residents.append(
                    ArtistSpec(
                        artist_id=f"{index}-{position}",
                        name=artist_name,
                        handle=_handle_for(artist_name, rng, taken_handles),
                        styles=styles,
                        slug=slug,
                    )
                )
            words = tuple(sorted(rng.sample(QUERY_WORDS, rng.randint(1, 3))))
            drafts.append(
                {
                    "index": index,
                    "place_id": _place_id(seed, index),
                    "name": studio_name,
                    "address": f"{rng.randint(1, 240)} {rng.choice(STREETS)}, {name} {postcode}, UK",  # noqa: E501
                    "postcode": postcode,
                    "latitude": round(53.7997 + rng.uniform(-0.08, 0.08), 6),
                    "longitude": round(-1.5492 + rng.uniform(-0.12, 0.12), 6),
                    "phone": f"0113 496 {rng.randint(0, 999):04d}" if rng.random() < 0.85 else None,
                    "business_status": business_status,
                    "rating": round(rng.uniform(3.4, 5.0), 1) if rng.random() < 0.9 else None,
                    "rating_count": rng.randint(3, 900),
                    "query_words": words,
                    "host": host if has_website else None,
                    "website_uri": (
                        (
                            f"http://{host}/"
                            if rng.random() < 0.8
                            else f"http://{host}/?utm_source=gbp"
                        )
                        if has_website
                        else None
                    ),
                    "family": _family(
                        seed,
                        index,
                        _FIRST_FAMILIES[rng.randrange(len(_FIRST_FAMILIES))],
                        browser_only,
                    ),
                    "condition": _choose_condition(rng) if has_website else "ok",
                    "crawl_delay_s": 2.0 if rng.random() < 0.2 else None,
                    "disallow_staff": rng.random() < 0.3,
                    "studio_handle": host.split(".")[0].replace("-", "")[:26],
                    "email": f"hello@{host}",
                    "residents": tuple(residents),
                }
            )
        for index, draft in enumerate(drafts):
            if draft["family"] == "non_english":
                language = _rng(seed, "language", index).choice(LANGUAGES)
                draft["language"] = language
                draft["residents"] = _local_artists(
                    seed,
                    index,
                    language,
                    draft["residents"],  # type: ignore[arg-type]
                    taken_handles,
                )
        # Artists who also work at a second studio: a guest spot, same person, same handle.
        for index, draft in enumerate(drafts):
            rng = _rng(seed, "guest", index)
            if studio_count > 1 and rng.random() < 0.06:
                other = drafts[rng.randrange(studio_count)]
                if other is not draft:
                    guest = other["residents"][0]  # type: ignore[index]
                    draft["guests"] = (guest,)
        for index, draft in enumerate(drafts):
            draft["not_artists"] = _traps(
                seed, index, str(draft["family"]), str(draft["studio_handle"]), taken_handles
            )
        studios = [StudioSpec(**d) for d in drafts]  # type: ignore[arg-type]
        return cls(
            seed=seed,
            name=name,
            studios=studios,
            by_host={s.host: s for s in studios if s.host},
        )

    def instagram_form(self, studio: StudioSpec, position: int) -> str:
        """Which Instagram URL form a studio's page uses for its n-th artist."""
        return INSTAGRAM_FORMS[(studio.index * 7 + position) % len(INSTAGRAM_FORMS)]

    def style_words(self, studio: StudioSpec, artist: ArtistSpec) -> list[str]:
        """The spelling of each of an artist's styles on this studio's pages."""
        rng = _rng(self.seed, "spelling", studio.index, artist.artist_id)
        return [rng.choice(STYLE_SPELLINGS[s]) for s in artist.styles]
