"""A JavaScript-drawn page is read from the same-site JSON it is drawn from (no browser) when
that JSON names people; otherwise the browser renders it, as before. The profile read from the
data is the one the browser's drawing gives (checked against the world's js_roster family)."""

from __future__ import annotations

import json

import pytest

from compute.adapters.web import FetchError, Page
from compute.extraction.profile import extract_profile, extract_profile_from_json
from compute.scraper.pages import PageReader
from emulation.world import World
from emulation.world.families import scripted

SHELL = (
    '<html><body><h1>Artists</h1><div id="roster" data-src="/api/roster.json"></div>'
    '<script src="/assets/roster.js" defer></script></body></html>'
)
ROSTER = {
    "artists": [
        {
            "name": "Ada Lovelace",
            "instagram": "https://www.instagram.com/ada.ink/",
            "tags": ["blackwork", "fineline"],
        },
        {"name": "Grace Hopper", "instagram": "@grace_tattoos", "tags": ["traditional"]},
    ]
}


class Fetcher:
    def __init__(self, replies: dict[str, object]) -> None:
        self.replies = replies
        self.urls: list[str] = []

    def fetch(self, url: str) -> Page:
        self.urls.append(url)
        # A page the test does not serve is a 404 (the crawl may look into script files).
        reply = self.replies.get(url, FetchError(url, "not_found"))
        if isinstance(reply, FetchError):
            raise reply
        return Page(url, 200, str(reply), "text/html")


class Browser:
    def __init__(self) -> None:
        self.urls: list[str] = []

    def render(self, url: str, *, html: str | None = None) -> str:
        self.urls.append(url)
        return SHELL.replace("></div>", "><article><h2>Drawn Person</h2></article></div>")


def test_a_javascript_roster_is_read_from_its_data_without_the_browser() -> None:
    fetcher = Fetcher(
        {"http://a.test/artists": SHELL, "http://a.test/api/roster.json": json.dumps(ROSTER)}
    )
    browser = Browser()
    reader = PageReader(fetcher, browser)
    page = reader.read("http://a.test/artists")
    assert page.data == ROSTER and not page.rendered and browser.urls == []
    assert reader.from_data == 1 and reader.rendered == 0
    reader.read("http://a.test/artists")  # cached with its data: nothing fetched again
    assert fetcher.urls == ["http://a.test/artists", "http://a.test/api/roster.json"]

    profile = extract_profile_from_json(
        page.data, page.url, name="Grace Hopper", instagram_handle="grace_tattoos"
    )
    assert profile is not None
    assert (profile.name, profile.instagram_handle) == ("Grace Hopper", "grace_tattoos")
    assert profile.styles == ("traditional",)
    missing = extract_profile_from_json(page.data, page.url, name="Someone Else")
    assert missing is None


@pytest.mark.parametrize(
    "data_reply",
    [
        json.dumps({"opening": "9-5", "items": [1, 2]}),  # JSON, but nobody in it
        "<html>not json</html>",
        FetchError("http://a.test/api/roster.json", "server_error", "503", transient=True),
    ],
)
def test_without_usable_data_the_browser_draws_the_page(data_reply: object) -> None:
    fetcher = Fetcher({"http://a.test/artists": SHELL, "http://a.test/api/roster.json": data_reply})
    browser = Browser()
    page = PageReader(fetcher, browser).read("http://a.test/artists")
    assert page.rendered and page.data is None and "Drawn Person" in page.html
    assert browser.urls == ["http://a.test/artists"]


def test_the_profile_from_data_is_the_one_the_drawn_page_gives() -> None:
    world = World(seed=7, studios=80)  # its first js_roster studios are the 62nd and 73rd
    studios = [s for s in world.city.studios if s.family == "js_roster" and s.host]
    assert studios
    for studio in studios:
        url = f"http://{studio.host}{studio.roster_path}"
        drawn = scripted.js_roster_rendered(world.city, studio)
        data = scripted.js_roster_data(world.city, studio)
        for artist in studio.artists:
            expected = extract_profile(drawn, url, name=artist.name, instagram_handle=artist.handle)
            assert expected is not None
            got = extract_profile_from_json(
                data, url, name=artist.name, instagram_handle=artist.handle
            )
            assert got == expected
