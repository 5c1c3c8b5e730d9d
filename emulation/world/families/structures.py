"""Rosters a site spreads over its structure or hides in an image, as the corpus's families of the
same names (tests/corpus): a site in two languages whose language switcher leads to an English
version, the roster on both (bilingual); one studio with two shops, each with its own page and
roster, one artist at both (multi_location); a team photo whose names are only an image map's
`<area>` alt and title (image_map); a blog whose posts announce who joined and who left, the
team page a step behind (news_blog)."""

from __future__ import annotations

import unicodedata

from emulation.world.city import City, StudioSpec
from emulation.world.families.languages import WORDS, local_layout, local_member
from emulation.world.markup import (
    Page,
    PageRenderer,
    at_root,
    document,
    escape,
    html_page,
    instagram_markup,
    instagram_url,
    layout,
    profile_link,
    profile_url,
    site_header,
    style_text,
    styles_and_note,
    trap_link,
)
from emulation.world.people import ArtistSpec
from emulation.world.traps import NotArtist

# -- bilingual --------------------------------------------------------------------------------

ENGLISH_HOME = "/en/"
ENGLISH_ROSTER = "/en/artists/"
# Each language's own name, as a language switcher writes it.
_NATIVE = {"de": "Deutsch", "fr": "Français", "es": "Español", "ja": "日本語"}


def _switcher(href: str, language: str) -> str:
    """A WPML-style language switcher: the other language's flag and name."""
    name = _NATIVE.get(language, "English")
    title = "Switch to English" if language == "en" else name
    return (
        f'<div class="wpml-ls wpml-ls-legacy-list-horizontal"><ul><li class="wpml-ls-item '
        f'wpml-ls-item-{language}"><a href="{href}" hreflang="{language}" lang="{language}" '
        f'title="{escape(title)}"><img class="wpml-ls-flag" src="/flags/{language}.svg" '
        f'alt="{escape(name)}" width="18" height="12"> <span class="wpml-ls-native">'
        f"{escape(name)}</span></a></li></ul></div>"
    )


def _local_page(studio: StudioSpec, title: str, main: str, english: str) -> str:
    """A page in the studio's language, with the switcher to its English version."""
    return local_layout(studio, title, _switcher(english, "en") + main)


def bilingual_home(city: City, studio: StudioSpec) -> str:
    """The home page in the studio's language: a welcome, the roster link, the switcher."""
    words = WORDS[studio.language]
    main = (
        f"<h1>{escape(studio.name)}</h1>"
        f'<p><a href="{studio.roster_path}">{escape(words["intro"])}</a></p>'
    )
    return _local_page(studio, words["home"], main, ENGLISH_HOME)


def bilingual_local_roster(city: City, studio: StudioSpec) -> str:
    words = WORDS[studio.language]
    members = "".join(
        local_member(city, studio, n, artist) for n, artist in enumerate(studio.artists)
    )
    main = f'<h1>{escape(words["intro"])}</h1><section class="team">{members}</section>'
    convention = studio.trap("convention")  # below the roster, as non_english studios write it
    if convention is not None:
        main += f"<p>{words['convention'].format(link=trap_link(convention))}</p>"
    return _local_page(studio, words["roster"], main, ENGLISH_ROSTER)


def _english_page(studio: StudioSpec, title: str, main: str, other: str) -> str:
    nav = [
        (ENGLISH_HOME, "Home"),
        (ENGLISH_ROSTER, "Artists"),
        ("/en/contact/", "Contact"),
    ]
    footer = (
        f"<footer><p>{escape(studio.address)}</p>"
        f"<p>Follow us on Instagram: {profile_link(studio.studio_handle)}</p>"
        f"{_switcher(other, studio.language)}</footer>"
    )
    return document(
        f'<title>{escape(title)} | {escape(studio.name)}</title><link rel="alternate" '
        f'hreflang="{studio.language}" href="{other}">',
        f"{site_header(studio, nav)}<main>{main}</main>{footer}",
        lang="en",
    )


def bilingual_english_home(city: City, studio: StudioSpec) -> str:
    main = (
        f"<h1>{escape(studio.name)}</h1><p>Custom tattoos, walk-ins welcome. "
        f'Meet <a href="{ENGLISH_ROSTER}">our artists</a>.</p>'
    )
    return _english_page(studio, "Home", main, "/")


def bilingual_english_roster(city: City, studio: StudioSpec) -> str:
    cards = "".join(
        f'<div class="team-member"><h3>{escape(artist.name)}</h3>'
        f"<p>{styles_and_note(city, studio, artist)}</p>"
        f"<p>{instagram_markup(city, studio, n, artist)}</p></div>"
        for n, artist in enumerate(studio.artists)
    )
    main = f'<h1>Our artists</h1><div class="team-grid">{cards}</div>'
    return _english_page(studio, "Artists", main, studio.roster_path)


def bilingual_pages(city: City, studio: StudioSpec, path: str, query: str) -> Page | None:
    pages = {
        studio.roster_path: bilingual_local_roster,
        ENGLISH_HOME: bilingual_english_home,
        ENGLISH_ROSTER: bilingual_english_roster,
    }
    draw = pages.get(path)
    return html_page(draw(city, studio)) if draw is not None else None


# -- multi_location ---------------------------------------------------------------------------


def shop_artists(studio: StudioSpec) -> tuple[list[ArtistSpec], list[ArtistSpec]]:
    """Who works where: the first half of the residents (and the guests) at the first shop,
    the rest at the second, and with three or more residents the first one at both."""
    half = (len(studio.residents) + 1) // 2
    first = [*studio.residents[:half], *studio.guests]
    second = list(studio.residents[half:])
    if len(studio.residents) >= 3:
        second.append(studio.residents[0])
    return first, second


def _shops_header(studio: StudioSpec) -> str:
    """A navigation with an 'Our studios' folder holding the two shops' pages."""
    (first, first_path), (second, second_path) = studio.shops
    folder = (
        '<li class="menu-item has-children"><button class="folder-title" '
        'aria-expanded="false">Our studios</button><ul class="sub-menu">'
        f'<li><a href="{first_path}">{escape(first)}</a></li>'
        f'<li><a href="{second_path}">{escape(second)}</a></li></ul></li>'
    )
    links = "".join(
        f'<li class="menu-item"><a href="{href}">{text}</a></li>'
        for href, text in (("/aftercare", "Aftercare"), ("/contact", "Contact"))
    )
    return (
        f'<header><a class="logo" href="/">{escape(studio.name)}</a><nav><ul class="menu">'
        f'<li class="menu-item"><a href="/">Home</a></li>{folder}{links}</ul></nav></header>'
    )


def _shops_document(studio: StudioSpec, title: str, main: str) -> str:
    footer = (
        f"<footer><p>{escape(studio.address)}</p>"
        f"<p>Follow the studio {profile_link(studio.studio_handle)}</p></footer>"
    )
    return document(
        f"<title>{escape(title)} | {escape(studio.name)}</title>",
        f"{_shops_header(studio)}<main>{main}</main>{footer}",
    )


def multi_location_home(city: City, studio: StudioSpec) -> str:
    """Two shops, one crew: a column per shop with its hours and a button to its page."""
    columns = "".join(
        f'<div class="col"><h3>{escape(area)}</h3><p>Tue-Sat 11am-7pm</p>'
        f'<p><a class="button" href="{path}">Visit the studio &rarr;</a></p></div>'
        for area, path in studio.shops
    )
    main = (
        f"<h1>Two studios, one crew</h1><p>{escape(studio.name)} started in "
        f"{studio.shops[0][0]} and opened a second shop in {studio.shops[1][0]} last year."
        f'</p><div class="row">{columns}</div>'
    )
    return _shops_document(studio, "Home", main)


def shop_page(city: City, studio: StudioSpec, which: int) -> str:
    (area, _) = studio.shops[which]
    people = shop_artists(studio)[which]
    both = studio.residents[0] if len(studio.residents) >= 3 else None
    other_area = studio.shops[1 - which][0]
    items = "".join(
        f"<li><h3>{escape(artist.name)}</h3><p>{styles_and_note(city, studio, artist)}"
        + (
            f". Thursdays only: the rest of the week at {escape(other_area)}."
            if (which == 1 and artist == both)
            else ""
        )
        + f"</p><p>{instagram_markup(city, studio, n, artist)}</p></li>"
        for n, artist in enumerate(people)
    )
    account = studio.trap("studio", 1)  # the second shop's own account
    follow = (
        f"<p>Follow the {escape(area)} studio: {profile_link(account.handle)}</p>"
        if which == 1 and account is not None
        else ""
    )
    main = (
        f"<section><h1>Studio {escape(area)}</h1><p>Tattoos by appointment, walk-ins on "
        f"Saturdays.</p>{follow}</section><section><h2>The {escape(area)} team</h2>"
        f'<ul class="team-list">{items}</ul></section>'
    )
    return _shops_document(studio, f"Studio {area}", main)


def multi_location_pages(city: City, studio: StudioSpec, path: str, query: str) -> Page | None:
    for which, (_, shop_path) in enumerate(studio.shops):
        if path == shop_path:
            return html_page(shop_page(city, studio, which))
    return None


# -- image_map --------------------------------------------------------------------------------


def _area(n: int, href: str, alt: str, title: str) -> str:
    column, row = n % 3, n // 3
    x, y = 40 + column * 450, 240 + row * 660
    return (
        f'<area shape="rect" coords="{x},{y},{x + 420},{y + 640}" href="{escape(href)}" '
        f'alt="{escape(alt)}" title="{escape(title)}">'
    )


def image_map_page(city: City, studio: StudioSpec) -> str:
    """The crew in one photo: each face an `<area>` to the artist's Instagram, the name only in
    its alt (with the styles after a dash) and title; the logo and a booking area too."""
    rows = (len(studio.artists) + 2) // 3
    areas = [
        f'<area shape="rect" coords="520,40,880,200" href="{profile_url(studio.studio_handle)}" '
        f'alt="{escape(studio.name)}" title="{escape(studio.name)}">'
    ]
    for n, artist in enumerate(studio.artists):
        styles = style_text(city, studio, artist)
        url = instagram_url(city, studio, n, artist)
        if artist in studio.guests:
            alt, title = f"Guest artist: {artist.name} \u2013 {styles}", f"Guest: {artist.name}"
        else:
            alt, title = f"{artist.name} \u2013 {styles}", artist.name
        areas.append(_area(n, url, alt, title))
    height = 240 + rows * 660 + 200
    areas.append(
        f'<area shape="rect" coords="400,{height - 180},1000,{height - 20}" href="/booking" '
        'alt="Book a consultation">'
    )
    photographer = studio.trap("photographer")
    credit = (
        f"<figcaption>Photo: {profile_link(photographer.handle)}</figcaption>"
        if photographer is not None
        else ""
    )
    main = (
        "<h1>Meet the crew</h1><p>Tap a face to see their work.</p>"
        f'<figure class="team-photo"><img src="/img/crew-{studio.index}.jpg" usemap="#crew" '
        f'width="1400" height="{height}" alt="The {escape(studio.name)} crew">'
        f'<map name="crew">{"".join(areas)}</map>{credit}</figure>'
    )
    return layout(studio, "The Crew", main)


# -- news_blog --------------------------------------------------------------------------------

NEWS_PATH = "/news/"


def _joiner(studio: StudioSpec) -> ArtistSpec:
    return studio.residents[-1]


def _first(name: str) -> str:
    return name.split(" ")[0]


def _slug(text: str) -> str:
    bare = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "".join(c if c.isalnum() else "-" for c in bare).strip("-") or "post"


def _welcome_newest(studio: StudioSpec) -> bool:
    """Even studios posted the welcome last (the team page does not show the newcomer yet),
    odd ones the farewell last (the team page shows the newcomer and not the leaver)."""
    return studio.index % 2 == 0


def _leaver(studio: StudioSpec) -> NotArtist:
    leaver = studio.trap("former")
    assert leaver is not None, "a news_blog studio always names a former artist"
    return leaver


def posts(studio: StudioSpec) -> list[tuple[str, str, str, str]]:
    """(path, date, title, excerpt) of each post, newest first."""
    joiner, leaver = _first(_joiner(studio).name), _first(_leaver(studio).name)
    welcome = (
        f"{NEWS_PATH}welcome-{_slug(joiner)}/",
        f"Welcome to the crew, {joiner}!",
        "A new resident joins the studio. Who are they, and how do you book?",
    )
    farewell = (
        f"{NEWS_PATH}farewell-{_slug(leaver)}/",
        f"Farewell, {leaver}!",
        "After five years, one of us is moving to Manchester.",
    )
    flash = (
        f"{NEWS_PATH}flash-day/",
        "Friday the 13th flash day",
        "Walk-ins only, small designs, first come first served.",
    )
    order = [welcome, farewell] if _welcome_newest(studio) else [farewell, welcome]
    dates = ("2026-11-20", "2026-10-02", "2026-09-14")
    return [
        (path, date, title, excerpt)
        for date, (path, title, excerpt) in zip(dates, [*order, flash], strict=True)
    ]


def _post_cards(studio: StudioSpec) -> str:
    return "".join(
        f'<article class="post-card"><a class="post-card-content-link" href="{path}">'
        f'<h2 class="post-card-title">{escape(title)}</h2>'
        f'<div class="post-card-excerpt">{escape(excerpt)}</div></a>'
        f'<time datetime="{date}">{date}</time></article>'
        for path, date, title, excerpt in posts(studio)
    )


def news_home(city: City, studio: StudioSpec) -> str:
    """The home page is the blog's feed, as a Ghost theme draws it."""
    main = f'<h1>{escape(studio.name)}</h1><div class="post-feed">{_post_cards(studio)}</div>'
    return layout(studio, "Home", main)


def news_index(city: City, studio: StudioSpec) -> str:
    return layout(
        studio, "News", f'<h1>News</h1><div class="post-feed">{_post_cards(studio)}</div>'
    )


def news_team(city: City, studio: StudioSpec) -> str:
    """The team page: everyone but a newcomer it has not caught up with yet (a note links the
    welcome post instead); a leaver is gone from it already."""
    joiner = _joiner(studio)
    shown = [a for a in studio.artists if not (_welcome_newest(studio) and a == joiner)]
    cards = "".join(
        f'<div class="kg-card kg-product-card"><h4 class="kg-product-card-title">'
        f'{escape(artist.name)}</h4><div class="kg-product-card-description">'
        f"<p>{styles_and_note(city, studio, artist)}</p>"
        f"<p>{instagram_markup(city, studio, n, artist)}</p></div></div>"
        for n, artist in enumerate(shown)
    )
    note = (
        f'<div class="kg-callout-card"><p>The crew just grew: <a href="{posts_path(studio)}">'
        "meet our new resident</a>! Their profile is coming here soon.</p></div>"
        if _welcome_newest(studio)
        else ""
    )
    return layout(studio, "Team", f"<h1>The team</h1>{cards}{note}")


def posts_path(studio: StudioSpec) -> str:
    """The welcome post's path."""
    return next(path for path, _, title, _ in posts(studio) if title.startswith("Welcome"))


def _post(studio: StudioSpec, title: str, date: str, body: str) -> str:
    main = (
        f'<article class="post"><header><a href="{NEWS_PATH}">News</a><h1>{escape(title)}</h1>'
        f'<time datetime="{date}">{date}</time></header><section class="gh-content">{body}'
        "</section></article>"
    )
    return layout(studio, title, main)


def news_post(city: City, studio: StudioSpec, path: str) -> str | None:
    joiner, leaver = _joiner(studio), _leaver(studio)
    for post_path, date, title, _ in posts(studio):
        if post_path != path:
            continue
        newest = date == posts(studio)[0][1]
        if title.startswith("Welcome"):
            joins = "from 1 December {} joins us" if newest else "this week {} joined us"
            body = (
                f"<p>Big news: {joins.format(f'<strong>{escape(joiner.name)}</strong>')} as a "
                "resident artist, after three years tattooing in Sheffield.</p>"
                f"<p>{escape(_first(joiner.name))} loves "
                f"{escape(style_text(city, studio, joiner))}. See their work on Instagram: "
                f"{profile_link(joiner.handle)}. Books for January are open.</p>"
            )
        elif title.startswith("Farewell"):
            last = "15 November" if newest else "30 September"
            body = (
                f"<p>After five years with us, <strong>{escape(leaver.name)}</strong> "
                f"({profile_link(leaver.handle)}) has left the studio and now tattoos in "
                f"Manchester. Their last day here was {last}.</p>"
                f"<p>Thank you for everything, {escape(_first(leaver.name))}, and good luck!</p>"
            )
        else:
            body = "<p>Walk-ins only from noon, small designs from our flash sheets.</p>"
        return _post(studio, title, date, body)
    return None


def news_blog_pages(city: City, studio: StudioSpec, path: str, query: str) -> Page | None:
    if path == studio.roster_path:
        return html_page(news_team(city, studio))
    if path == NEWS_PATH:
        return html_page(news_index(city, studio))
    return html_page(news_post(city, studio, path))


PAGES: dict[str, PageRenderer] = {
    "bilingual": bilingual_pages,
    "multi_location": multi_location_pages,
    "image_map": at_root(image_map_page),
    "news_blog": news_blog_pages,
}


def more_paths(studio: StudioSpec) -> list[str]:
    """Every page these families' sites answer beyond the home and roster pages."""
    if studio.family == "bilingual":
        return [ENGLISH_HOME, ENGLISH_ROSTER]
    if studio.family == "multi_location":
        return [studio.shops[1][1]]  # the first shop's page is its roster_path
    if studio.family == "news_blog":
        return [NEWS_PATH, *(path for path, *_ in posts(studio))]
    return []
