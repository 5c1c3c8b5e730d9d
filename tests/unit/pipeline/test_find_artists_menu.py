"""find-artists looks for the roster through the site's menu when no link says "artists"
("Meet Us", "Tekijät", "Book now": held-out batch holdout-5 in tests/corpus): menu pages are
read in order until one names a roster, bounded, each through the one fetcher (robots.txt and
the host gate live there); a page naming one account is no roster."""

from __future__ import annotations

from compute.adapters.web import FetchError, Page
from compute.services.find_artists import MAX_MENU_PAGES, find_artists_for_url

HOME = "http://a.test/"


def site(nav: str, body: str = "<h1>Welcome</h1><p>Custom tattoos by appointment.</p>") -> str:
    return (
        "<html><head><title>Koru Ink</title></head><body>"
        f"<header><nav>{nav}</nav></header><main>{body}</main></body></html>"
    )


ROSTER = (
    "<html><head><title>Meet Us</title></head><body><main>"
    "<div class='card'><h3>Tama Ngata</h3>"
    "<a href='https://www.instagram.com/tama.ngata.tattoo?igsh=MTc4&utm_source=qr'>Instagram</a>"
    "</div><div class='card'><h3>Mereana Walker</h3>"
    "<a href='http://instagr.am/mere.walker.ink'>Instagram</a></div>"
    "</main></body></html>"
)
AFTERCARE = (
    "<html><head><title>Aftercare</title></head><body><main><p>Wash gently, then "
    "<a href='https://www.instagram.com/some.balm/'>@some.balm</a> twice a day.</p>"
    "</main></body></html>"
)


class Fetcher:
    def __init__(self, replies: dict[str, str]) -> None:
        self.replies = replies
        self.urls: list[str] = []

    def fetch(self, url: str) -> Page:
        self.urls.append(url)
        if url not in self.replies:
            raise FetchError(url, "not_found")
        return Page(url, 200, self.replies[url], "text/html")


def test_the_roster_behind_a_menu_label_no_word_list_knows_is_found() -> None:
    nav = "<a href='/'>Home</a><a href='/aftercare/'>Aftercare</a><a href='/meet-us/'>Meet Us</a>"
    fetcher = Fetcher({HOME: site(nav), f"{HOME}aftercare/": AFTERCARE, f"{HOME}meet-us/": ROSTER})
    reading = find_artists_for_url(HOME, fetcher)
    found = {(c.name, c.instagram_handle) for c in reading.candidates}
    assert found == {("Tama Ngata", "tama.ngata.tattoo"), ("Mereana Walker", "mere.walker.ink")}
    # The aftercare page named one account: no roster, so its brand is not an artist.
    assert fetcher.urls == [HOME, f"{HOME}aftercare/", f"{HOME}meet-us/"]


def test_the_menu_is_not_read_when_the_home_page_lists_the_artists() -> None:
    body = ROSTER.split("<main>")[1].split("</main>")[0]
    fetcher = Fetcher({HOME: site("<a href='/meet-us/'>Meet Us</a>", body)})
    reading = find_artists_for_url(HOME, fetcher)
    assert len(reading.candidates) == 2
    assert fetcher.urls == [HOME]


def test_reading_the_menu_is_bounded_and_its_failures_are_recorded() -> None:
    nav = "".join(f"<a href='/page-{i}/'>Page {i}</a>" for i in range(12))
    fetcher = Fetcher({HOME: site(nav)})
    reading = find_artists_for_url(HOME, fetcher)
    assert reading.candidates == []
    assert len(fetcher.urls) == 1 + MAX_MENU_PAGES
    assert reading.failures["not_found"] == MAX_MENU_PAGES
