"""A roster a 'Load more' button goes on with, page by page, from a same-site JSON feed (holdout-24
and holdout-25 each had one: only the first page was read, 5 artists missed). The feed says
where its next page is ("next"), or that there is one ("hasMore", "page" below "totalPages")
and its script counts pages in the URL (`'/data/artists-' + page + '.json'`)."""

from __future__ import annotations

import json

from compute.adapters.web import FetchError, Page
from compute.extraction import feed_next_url
from compute.services.find_artists import find_artists_for_url

FEED = "https://studio.example/data/artists-1.json"


def test_the_next_page_a_feed_names() -> None:
    assert feed_next_url({"next": "/data/artists-2.json"}, FEED) == (
        "https://studio.example/data/artists-2.json"
    )
    hal = {"_links": {"next": {"href": "https://studio.example/api/team?page=2"}}}
    assert feed_next_url(hal, FEED) == "https://studio.example/api/team?page=2"
    assert feed_next_url({"next": None, "items": []}, FEED) is None
    # Another site's page, or the page itself, is no next page.
    assert feed_next_url({"next": "https://cdn.other.example/p2.json"}, FEED) is None
    assert feed_next_url({"next": FEED}, FEED) is None


def test_the_next_page_a_feed_says_there_is() -> None:
    assert feed_next_url({"page": 1, "hasMore": True}, FEED) == (
        "https://studio.example/data/artists-2.json"
    )
    paged = "https://studio.example/wp-json/team?per_page=4&page=2"
    assert feed_next_url({"meta": {"current_page": 2, "last_page": 3}}, paged) == (
        "https://studio.example/wp-json/team?per_page=4&page=3"
    )
    assert feed_next_url({"pagination": {"page": "1", "totalPages": "1"}}, FEED) is None
    assert feed_next_url({"page": 1, "hasMore": False}, FEED) is None
    # More, but no page number in the URL to count on with: nothing to guess.
    assert feed_next_url({"hasMore": True}, "https://studio.example/team.json") is None
    assert feed_next_url([{"name": "A"}], FEED) is None


class Site:
    """A studio's pages by URL; a JSON file answers as JSON."""

    def __init__(self, pages: dict[str, str]) -> None:
        self.pages = pages
        self.fetched: list[str] = []

    def fetch(self, url: str) -> Page:
        self.fetched.append(url)
        if url not in self.pages:
            raise FetchError(url, "not_found", "404", transient=False)
        kind = "application/json" if url.endswith(".json") else "text/html"
        return Page(url=url, status=200, html=self.pages[url], content_type=kind)


def _artists(*people: tuple[str, str]) -> list[dict[str, str]]:
    return [{"name": name, "instagram": handle, "styles": "Fine line"} for name, handle in people]


FIRST = _artists(("Marisol Chávez", "marisol.chavez.tattoo"), ("Eli Begay", "eli.begay.ink"))
SECOND = _artists(("Caleb Whitehorse", "calebwhitehorse.tattoos"), ("Rosa Lente", "rosa.lente"))


def test_a_load_more_buttons_feed_is_read_to_its_last_page() -> None:
    home = (
        '<html><body><h1>Birch &amp; Bone Tattoo</h1><nav><a href="/artists/">Artists</a>'
        '<a href="/contact/">Contact</a></nav><p>Custom tattoos in Guelph.</p></body></html>'
    )
    roster = (
        '<html><body><h1>Our artists</h1><div id="artist-grid" class="row"></div>'
        '<button id="load-more" data-next="/data/artists-1.json">Load more artists</button>'
        '<script src="/assets/js/artists.js"></script></body></html>'
    )
    site = Site(
        {
            "https://studio.example/": home,
            "https://studio.example/artists/": roster,
            "https://studio.example/assets/js/artists.js": "$.getJSON($btn.data('next'))",
            FEED: json.dumps({"page": 1, "next": "/data/artists-2.json", "items": FIRST}),
            "https://studio.example/data/artists-2.json": json.dumps(
                {"page": 2, "next": None, "items": SECOND}
            ),
        }
    )
    reading = find_artists_for_url("https://studio.example/", site, studio_id="stu_1")
    handles = {c.instagram_handle for c in reading.candidates}
    assert handles == {
        "marisol.chavez.tattoo",
        "eli.begay.ink",
        "calebwhitehorse.tattoos",
        "rosa.lente",
    }


def test_a_script_drawn_rosters_feed_goes_on_while_it_says_there_is_more() -> None:
    shell = (
        '<html><body><h1>Desert Rose Tattoo</h1><h2>Artists</h2><div id="artist-grid">'
        '<div class="skeleton"></div></div><button id="load-more" hidden>Load more</button>'
        '<script>fetch("/data/artists-1.json").then(r => r.json()).then(draw);</script>'
        "</body></html>"
    )
    site = Site(
        {
            "https://studio.example/": shell,
            FEED: json.dumps({"page": 1, "hasMore": True, "artists": FIRST}),
            "https://studio.example/data/artists-2.json": json.dumps(
                {"page": 2, "hasMore": False, "artists": SECOND}
            ),
        }
    )
    reading = find_artists_for_url("https://studio.example/", site, studio_id="stu_1")
    assert {c.instagram_handle for c in reading.candidates} == {
        "marisol.chavez.tattoo",
        "eli.begay.ink",
        "calebwhitehorse.tattoos",
        "rosa.lente",
    }
    # It stops where the feed says: no page 3 was asked for.
    assert "https://studio.example/data/artists-3.json" not in site.fetched
