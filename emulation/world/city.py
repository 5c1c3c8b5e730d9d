"""What the synthetic city *is*: studios, their Places records, their artists and the way each
studio's website misbehaves. Pure and deterministic from (seed, studio count); no HTML here.

Generation holds only small records (a few hundred bytes per studio), so 5,000 studios stay
cheap; pages are rendered on demand by `emulation.world.sites`.
"""

from __future__ import annotations

import hashlib
import random
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
)
# The first six are drawn as before, so a seed keeps the rest of its city; a second roll moves
# a share of the studios to the later families (each family then holds the same share).
_FIRST_FAMILIES = FAMILIES[:6]
_LATER_FAMILIES = FAMILIES[6:]

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

    @property
    def artists(self) -> tuple[ArtistSpec, ...]:
        return self.residents + self.guests

    @property
    def roster_path(self) -> str:
        return ROSTER_PATHS[self.family]


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
}


def _rng(seed: int, *parts: object) -> random.Random:
    digest = hashlib.sha256(":".join(str(p) for p in (seed, *parts)).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _family(seed: int, index: int, first_draw: str) -> str:
    rng = _rng(seed, "family", index)
    later = len(_LATER_FAMILIES) / len(FAMILIES)
    return rng.choice(_LATER_FAMILIES) if rng.random() < later else first_draw


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


@dataclass(slots=True)
class City:
    """The whole synthetic city, generated eagerly (small records only)."""

    seed: int
    name: str
    studios: list[StudioSpec]
    by_host: dict[str, StudioSpec]

    @classmethod
    def generate(cls, seed: int, studio_count: int, name: str = "Leeds") -> City:
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
                        seed, index, _FIRST_FAMILIES[rng.randrange(len(_FIRST_FAMILIES))]
                    ),
                    "condition": _choose_condition(rng) if has_website else "ok",
                    "crawl_delay_s": 2.0 if rng.random() < 0.2 else None,
                    "disallow_staff": rng.random() < 0.3,
                    "studio_handle": host.split(".")[0].replace("-", "")[:26],
                    "email": f"hello@{host}",
                    "residents": tuple(residents),
                }
            )
        # Artists who also work at a second studio: a guest spot, same person, same handle.
        for index, draft in enumerate(drafts):
            rng = _rng(seed, "guest", index)
            if studio_count > 1 and rng.random() < 0.06:
                other = drafts[rng.randrange(studio_count)]
                if other is not draft:
                    guest = other["residents"][0]  # type: ignore[index]
                    draft["guests"] = (guest,)
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
