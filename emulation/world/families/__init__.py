"""Every template family of studio websites, one module per group of related families, and the
registry that says which module draws which family's pages:

    lists       static_list, cards, table, paginated, detail_pages, iframe
    structured  jsonld, microdata
    scripted    js_roster, js_fetch, js_delayed (rosters drawn by script)
    prose       prose, lazy_grid (handles in running text, captions and alt text)
    builders    site_builder, wordpress
    layouts     one_page, cookie_consent, team_page
    languages   non_english
    accounts    instagram_forms, traps
    robots      robots_rules
    guests      guest_spots (residents, and guests now and past on a page of their own)
    widgets     link_in_bio, booking_widget, js_payload, carousel, accordion (rosters in what a
                studio embeds or folds away)
    structures  bilingual, multi_location, image_map, news_blog (rosters a site spreads over
                its languages, shops or posts, or hides in a photo's image map)

Pure, built from emulation.world.markup. Every handle a page shows is either one of the studio's
artists or one of its `not_artists` (emulation.world.traps), so the ground truth says what each
handle is. How a site misbehaves is emulation.world.sites' business, not a family's.
"""

from __future__ import annotations

from collections.abc import Callable

from emulation.world.city import City, StudioSpec
from emulation.world.families import (
    accounts,
    builders,
    guests,
    languages,
    layouts,
    lists,
    prose,
    robots,
    scripted,
    structured,
    structures,
    widgets,
)
from emulation.world.markup import Page, PageRenderer, home

# What each family answers beyond its home page: roster pages, scripts, feeds, frames.
PAGES: dict[str, PageRenderer] = {
    **lists.PAGES,
    **structured.PAGES,
    **scripted.PAGES,
    **prose.PAGES,
    **builders.PAGES,
    **layouts.PAGES,
    **languages.PAGES,
    **accounts.PAGES,
    **robots.PAGES,
    **guests.PAGES,
    **widgets.PAGES,
    **structures.PAGES,
}
# The families with a home page of their own (the others use markup.home).
HOMES: dict[str, Callable[[City, StudioSpec], str]] = {
    "one_page": layouts.one_page_site,
    "non_english": languages.home_page,
    "link_in_bio": widgets.link_in_bio_page,
    "bilingual": structures.bilingual_home,
    "multi_location": structures.multi_location_home,
    "news_blog": structures.news_home,
}


def page(city: City, studio: StudioSpec, path: str, query: str) -> Page | None:
    """What a path of a studio's site serves (its home page aside), or None: nothing there."""
    pages = PAGES.get(studio.family)
    return pages(city, studio, path, query) if pages is not None else None


def home_page(city: City, studio: StudioSpec) -> str:
    draw = HOMES.get(studio.family)
    return draw(city, studio) if draw is not None else home(studio)


def rendered_roster(city: City, studio: StudioSpec) -> str | None:
    """The roster page's DOM once its script ran (what a browser hands over), for the families
    drawn by script; None for the others, whose served page is what one reads."""
    draw = scripted.RENDERED.get(studio.family) or widgets.RENDERED.get(studio.family)
    return draw(city, studio) if draw is not None else None
