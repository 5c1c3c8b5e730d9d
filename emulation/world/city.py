"""What the synthetic city *is*: studios, their Places records, their websites' template family
and the way each site misbehaves. Pure and deterministic from (seed, studio count); no HTML here.
The artists are drawn by `emulation.world.people`, the handles that are not artists by
`emulation.world.traps`, from the words of `emulation.world.vocabulary`.

Generation holds only small records (a few hundred bytes per studio), so 5,000 studios stay
cheap; pages are rendered on demand by `emulation.world.sites`.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field

from emulation.world.people import ArtistSpec, draw_residents, local_artists
from emulation.world.rolls import roll
from emulation.world.traps import NotArtist, studio_traps
from emulation.world.vocabulary import (
    QUERY_WORDS,
    SHOP_AREAS,
    STREETS,
    STUDIO_KINDS,
    STUDIO_WORDS_A,
    STUDIO_WORDS_B,
    STYLE_SPELLINGS,
)

# The template families every studio website is drawn from (emulation.world.families draws them).
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
    # The rest of the corpus's families:
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
    "guest_spots",  # residents on the roster, guests now and past on a "Visiting" page
    "link_in_bio",  # a Linktree / Taplink page as the only site: one button per artist
    "booking_widget",  # the roster only in a booking plugin's staff picker behind 'Book now'
    "js_payload",  # an empty shell: an Astro island's props or Next.js's __NEXT_DATA__
    "carousel",  # a Slick slider saved after it ran, with its cloned slides
    "accordion",  # a <details> per artist, former artists in a <details> of their own
    # Sites that spread or hide their roster over their structure (the fifth roll draws them):
    "bilingual",  # a language switcher; the roster in the site's language and under /en/
    "multi_location",  # two shops, a page and a roster each, one artist at both
    "image_map",  # names only in an image map's <area> alt and title over a team photo
    "news_blog",  # a blog: posts announce who joined and who left, the team page lags
)
# Rosters that only a browser sees (drawn by script from data no plain fetch can read), for the
# roster job's renderer: in every city unless it is generated with `browser_only=False`.
BROWSER_ONLY_FAMILIES: tuple[str, ...] = ("js_delayed",)
# The first six are drawn as before, so a seed keeps the rest of its city; a second roll moves
# a share of the studios to the next four families, a third roll a share to the seventeen after
# them, and a fifth roll (after the browser-only fourth) a share to the last four (each family
# then holds about the same share; a studio a roll skips keeps the family it had). The slices
# are fixed: a roll's share and choices never change when families are added after it.
_FIRST_FAMILIES = FAMILIES[:6]
_LATER_FAMILIES = FAMILIES[6:10]
_BEFORE_FIFTH_ROLL = FAMILIES.index("bilingual")  # 27 families
_NEWEST_FAMILIES = FAMILIES[10:_BEFORE_FIFTH_ROLL]
_FIFTH_ROLL_FAMILIES = FAMILIES[_BEFORE_FIFTH_ROLL:]

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
        """The page that lists the studio's artists (a multi_location studio's first shop's)."""
        if self.family in ("non_english", "bilingual"):
            return LANGUAGE_PATHS[self.language]
        if self.family == "multi_location":
            return self.shops[0][1]
        return ROSTER_PATHS[self.family]

    @property
    def roster_paths(self) -> tuple[str, ...]:
        """Every path prefix under which the site names its artists."""
        if self.family == "multi_location":
            return (ROSTER_PATHS[self.family],)  # both shops' pages
        return (self.roster_path, *MORE_ROSTER_PATHS.get(self.family, ()))

    @property
    def shops(self) -> tuple[tuple[str, str], tuple[str, str]]:
        """A multi_location studio's two shops: (part of town, page path) each."""
        first = SHOP_AREAS[self.index % len(SHOP_AREAS)]
        step = 1 + (self.index // len(SHOP_AREAS)) % (len(SHOP_AREAS) - 1)
        second = SHOP_AREAS[(self.index + step) % len(SHOP_AREAS)]
        base = ROSTER_PATHS["multi_location"]

        def path(area: str) -> str:
            return f"{base}{area.lower().replace(' ', '-')}/"

        return (first, path(first)), (second, path(second))

    def traps(self, *reasons: str) -> list[NotArtist]:
        """The site's handles that are not artists, for the given reasons (all when none)."""
        return [t for t in self.not_artists if not reasons or t.reason in reasons]

    def trap(self, reason: str, nth: int = 0) -> NotArtist | None:
        """The site's n-th handle that is not an artist for `reason`, if it shows one."""
        found = self.traps(reason)
        return found[nth] if nth < len(found) else None


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
    "guest_spots": "/artists/",
    "link_in_bio": "/",
    "booking_widget": "/book-online",  # a builder's booking page (robots.txt hides /booking)
    "js_payload": "/artists",
    "carousel": "/artists/",
    "accordion": "/artists/",
    "bilingual": "/kuenstler/",  # the language's own path (LANGUAGE_PATHS); /en/artists/ too
    "multi_location": "/locations/",  # each shop's page under it (StudioSpec.shops)
    "image_map": "/crew/",
    "news_blog": "/team/",  # and the posts under /news/
    "js_delayed": "/residents",
}
# The other pages a family names its artists on (robots_blocks_roster disallows them too).
MORE_ROSTER_PATHS: dict[str, tuple[str, ...]] = {
    "bilingual": ("/en/",),
    "news_blog": ("/news/",),
}
# Where a non-English studio keeps its roster, by the page's language.
LANGUAGE_PATHS: dict[str, str] = {
    "de": "/kuenstler/",
    "fr": "/artistes/",
    "es": "/artistas/",
    "ja": "/artist/",
}
LANGUAGES: tuple[str, ...] = tuple(LANGUAGE_PATHS)
LATIN_LANGUAGES: tuple[str, ...] = ("de", "fr", "es")


def _family(seed: int, index: int, first_draw: str, browser_only: bool) -> str:
    """The family the first four rolls give (the fifth is `_fifth_roll`'s)."""
    rng = roll(seed, "family", index)
    later = len(_LATER_FAMILIES) / (len(_FIRST_FAMILIES) + len(_LATER_FAMILIES))
    family = rng.choice(_LATER_FAMILIES) if rng.random() < later else first_draw
    rng = roll(seed, "family-newest", index)
    if rng.random() < len(_NEWEST_FAMILIES) / _BEFORE_FIFTH_ROLL:
        family = rng.choice(_NEWEST_FAMILIES)
    if browser_only:  # a roll of its own: the option moves studios, it never reshuffles
        rng = roll(seed, "family-browser", index)
        total = _BEFORE_FIFTH_ROLL + len(BROWSER_ONLY_FAMILIES)
        if rng.random() < len(BROWSER_ONLY_FAMILIES) / total:
            family = rng.choice(BROWSER_ONLY_FAMILIES)
    return family


def _fifth_roll(seed: int, index: int, earlier: str) -> str:
    """A roll of its own moves a share of studios to the last four families. A studio the
    browser-only roll took keeps it (so that option still moves no other studio), and one
    whose artists are named in its language becomes bilingual (same language, same names)."""
    rng = roll(seed, "family-fifth", index)
    share = len(_FIFTH_ROLL_FAMILIES) / (len(FAMILIES) + len(BROWSER_ONLY_FAMILIES))
    if earlier in BROWSER_ONLY_FAMILIES or rng.random() >= share:
        return earlier
    return "bilingual" if earlier == "non_english" else rng.choice(_FIFTH_ROLL_FAMILIES)


def _place_id(seed: int, index: int) -> str:
    alphabet = string.ascii_letters + string.digits + "-_"
    rng = roll(seed, "place", index)
    return "ChIJ" + "".join(rng.choice(alphabet) for _ in range(23))


def _postcode(rng: random.Random) -> str:
    return f"LS{rng.randint(1, 29)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}" + (
        rng.choice("ABDEFGHJLNPQRSTUWXYZ")
    )


def _choose_condition(rng: random.Random) -> str:
    drawn = rng.random()
    total = 0.0
    for name, share in CONDITIONS:
        total += share
        if drawn < total:
            return name
    return "ok"


@dataclass(slots=True)
class City:
    """The whole synthetic city, generated eagerly (small records only)."""

    seed: int
    name: str
    studios: list[StudioSpec]
    by_host: dict[str, StudioSpec]

    @classmethod
    def generate(
        cls, seed: int, studio_count: int, name: str = "Leeds", *, browser_only: bool = True
    ) -> City:
        """The city of `seed`; `browser_only=False` leaves out the families only a browser can
        read (the studios they took keep the families the earlier rolls gave them)."""
        taken_handles: set[str] = set()
        drafts: list[dict[str, object]] = []
        for index in range(studio_count):
            rng = roll(seed, "studio", index)
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
            residents = draw_residents(rng, index, taken_handles)
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
                    # what the first four rolls give: the guest rule reads it (see below)
                    "earlier_family": _family(
                        seed,
                        index,
                        (first_draw := _FIRST_FAMILIES[rng.randrange(len(_FIRST_FAMILIES))]),
                        browser_only,
                    ),
                    # what it would be without the browser-only roll (see local artists below)
                    "static_family": _family(seed, index, first_draw, False),
                    "condition": _choose_condition(rng) if has_website else "ok",
                    "crawl_delay_s": 2.0 if rng.random() < 0.2 else None,
                    "disallow_staff": rng.random() < 0.3,
                    "studio_handle": host.split(".")[0].replace("-", "")[:26],
                    "email": f"hello@{host}",
                    "residents": residents,
                }
            )
        for index, draft in enumerate(drafts):
            earlier = str(draft["earlier_family"])
            draft["family"] = _fifth_roll(seed, index, earlier)
            language = roll(seed, "language", index).choice(LANGUAGES)
            # Drawn for every studio the browser-only roll may have moved too, so the handles
            # taken stay the same and that option moves no other studio's artists.
            if draft.pop("static_family") == "non_english":
                local = local_artists(
                    seed,
                    index,
                    language,
                    draft["residents"],  # type: ignore[arg-type]
                    taken_handles,
                )
                if earlier == "non_english":  # non_english, or bilingual by the fifth roll
                    draft["language"] = language
                    draft["residents"] = local
            elif draft["family"] == "bilingual":  # its artists keep the names they had, so
                # a language written in the Latin alphabet (Japanese sites come from non_english)
                draft["language"] = roll(seed, "language", index).choice(LATIN_LANGUAGES)
        # Artists who also work at a second studio: a guest spot, same person, same handle.
        for index, draft in enumerate(drafts):
            rng = roll(seed, "guest", index)
            # A guest_spots studio always hosts one (its Visiting page is what it is for); one
            # the fifth roll moved keeps it, so that roll changes no studio's artists.
            drawn = rng.random() < 0.06
            hosting = draft.pop("earlier_family") == "guest_spots"
            if studio_count > 1 and (drawn or hosting):
                other = drafts[rng.randrange(studio_count)]
                if other is not draft:
                    guest = other["residents"][0]  # type: ignore[index]
                    draft["guests"] = (guest,)
        for index, draft in enumerate(drafts):
            draft["not_artists"] = studio_traps(
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
        rng = roll(self.seed, "spelling", studio.index, artist.artist_id)
        return [rng.choice(STYLE_SPELLINGS[s]) for s in artist.styles]
