# ruff: noqa: RUF001  (Cyrillic page words look like Latin letters)
"""What holdout-16 to -19's remaining errors taught, each as a general mechanism: a farewell's
words (a last session here, moved across to, finished up at, works out of elsewhere) say a
former artist; thanks, press, a photographer and inks "from" an account in the page's own
language; a colour word that ends a style line labels no account; who says they have no
Instagram owns no account after that; a feed entry whose `end` day is past is over; a
dropdown of a menu is a folder of pages of one kind; a name whose link leads to a page of
other artists is that page's title (a shop), not a person. Hand-written."""

from __future__ import annotations

from compute.adapters.web import FetchError, Page
from compute.extraction import menu_folder, read_roster, read_roster_json, rejection
from compute.services.find_artists import find_artists_for_url

URL = "https://x.test/"


def _rejected(html: str) -> dict[str, str]:
    return {r.handle: r.reason for r in read_roster(html, URL, "stu_1").rejected if r.handle}


def _listed(html: str) -> set[tuple[str | None, str | None]]:
    return {(c.name, c.instagram_handle) for c in read_roster(html, URL, "stu_1").candidates}


def test_a_farewell_post_names_a_former_artist() -> None:
    post = (
        "<html><body><main><article class='post'><h3>Ka kite anō, Jordan</h3>"
        "<div class='post-body'><p>After five awesome years, <b>Jordan Price</b> finished up "
        "at Kingfisher at the end of July and has moved across the ditch to Melbourne.</p>"
        "<p>You can follow his new adventures at "
        "<a href='https://www.instagram.com/jordanprice_tattoo/'>@jordanprice_tattoo</a>.</p>"
        "</div></article></main></body></html>"
    )
    assert _rejected(post) == {"jordanprice_tattoo": rejection.FORMER}
    assert rejection.reason_in_bio(
        "Amber tattooed her last session here at the end of September."
    ) == (rejection.FORMER)
    assert rejection.reason_in_bio("He now works out of Portland.") == rejection.FORMER


def test_a_former_artist_thanked_under_the_roster_is_not_listed() -> None:
    page = (
        "<html><body><main><div class='team'><h4>Wes Calloway</h4><p>Tattooer</p>"
        "<a href='https://www.instagram.com/wescallowaytattoo/'><span>Instagram</span></a></div>"
        "<div class='team'><h4>Rosie Delgado</h4><p>Tattooer</p>"
        "<a href='https://www.instagram.com/rosiedelgado.ink/'><span>Instagram</span></a></div>"
        "<p><em>Big love to Travis Keane (<a href='https://www.instagram.com/travis.keane.tattoo/'>"
        "@travis.keane.tattoo</a>), who tattooed his last session here in August and now works "
        "out of Portland. Go see him!</em></p></main></body></html>"
    )
    assert _listed(page) == {
        ("Wes Calloway", "wescallowaytattoo"),
        ("Rosie Delgado", "rosiedelgado.ink"),
    }
    assert "travis.keane.tattoo" in _rejected(page)


def test_thanks_press_photographers_and_inks_in_the_pages_own_language() -> None:
    serbian = (
        "<html><body><main><p>Радимо искључиво са веганским бојама – хвала "
        "<a href='https://www.instagram.com/worldfamousink/'>@worldfamousink</a> на подршци!</p>"
        "</main></body></html>"
    )
    assert _rejected(serbian) == {"worldfamousink": rejection.THANKS}
    turkish = (
        "<html><body><main><h2>Basında biz</h2><p>Kasım 2026'da Skin Deep dergisi "
        "(<a href='https://www.instagram.com/skindeepmag/'>@skindeepmag</a>) bize de yer verdi. "
        "Teşekkürler!</p></main></body></html>"
    )
    assert _rejected(turkish) == {"skindeepmag": rejection.PRESS}
    vietnamese = (
        "<html><body><main><p class='small'>Ảnh chân dung đội ngũ: nhiếp ảnh gia Khoa Võ "
        "(<a href='https://www.instagram.com/khoavo.lens/'>@khoavo.lens</a>)</p></main></body></html>"
    )
    assert _rejected(vietnamese) == {"khoavo.lens": rejection.PHOTOGRAPHER}
    norwegian = (
        "<html><body><main><p>Vi bruker kun sterile engangsnåler og blekk fra "
        "<a href='https://www.instagram.com/eternalink/'>@eternalink</a> – tusen takk!</p>"
        "</main></body></html>"
    )
    assert _rejected(norwegian) == {"eternalink": rejection.SUPPLIER}


_STRIP = (
    "<html><body><main><h2>Tatovørene</h2><div class='strip'>"
    "<div class='col'><h3>Sigrid Halvorsen</h3><p>Blackwork · fineline</p>"
    "<p><a href='https://www.instagram.com/sigrid.tatoverer/'>@sigrid.tatoverer</a></p></div>"
    "<div class='col'><h3>Eirik Nygård</h3><p>Neotradisjonell · farger</p>"
    "<p><a href='https://instagram.com/eiriknygaard_tattoo'>Instagram</a></p></div>"
    "<div class='col'><h3>Jonas Sæther</h3><p>Lærling – tatoverer flash og mindre motiver</p>"
    "<p>Ikke på Instagram – send oss en e-post</p></div></div>"
    "<p>Vi bruker kun blekk fra <a href='https://www.instagram.com/eternalink/'>@eternalink</a>"
    "</p></main></body></html>"
)


def test_a_colour_word_ending_a_style_line_labels_no_account() -> None:
    assert ("Eirik Nygård", "eiriknygaard_tattoo") in _listed(_STRIP)
    booking = (
        "<html><body><main><form><fieldset><legend>Hvem vil du tatoveres af?</legend>"
        "<label><input type='radio' name='a' value='Kasper'> Kasper Lund Møller – traditional "
        "og neo-traditional i farver (@kasperlundmoller)</label>"
        "<label><input type='radio' name='a' value='Mathilde'> Mathilde Holm – fineline "
        "(@mathildeholm.tattoo)</label></fieldset></form></main></body></html>"
    )
    assert ("Kasper Lund Møller", "kasperlundmoller") in _listed(booking)
    assert rejection.reason_in_lead("Farben: ") == rejection.SUPPLIER  # still a label


def test_who_says_they_have_no_instagram_owns_no_account_after_it() -> None:
    listed = _listed(_STRIP)
    assert ("Jonas Sæther", None) in listed
    assert all(handle != "eternalink" for _, handle in listed)
    eternal = [r for r in read_roster(_STRIP, URL, "stu_1").rejected if r.handle == "eternalink"]
    assert eternal and eternal[0].name is None


def test_a_feed_entry_whose_end_day_is_past_is_an_ended_guest_spot() -> None:
    feed = {
        "updated": "2026-11-30",
        "residents": [
            {"name": "Wade Holloway", "instagram": "@wadeholloway.tattoo"},
            {"name": "Kelsey Marsh", "instagram": "kelseymarsh_tattoo"},
        ],
        "guests": [
            {
                "name": "Sunny Okada",
                "instagram": "@sunnyokada.tattoo",
                "dates": "Oct 6 – 17, 2026",
                "start": "2026-10-06",
                "end": "2026-10-17",
            },
        ],
    }
    # The feed's only range is over: its dates alone say nothing (an archive), its "end" does.
    roster = read_roster_json(feed, URL, "stu_1")
    assert {c.instagram_handle for c in roster.candidates} == {
        "wadeholloway.tattoo",
        "kelseymarsh_tattoo",
    }
    assert {r.handle: r.reason for r in roster.rejected} == {
        "sunnyokada.tattoo": rejection.GUEST_ENDED
    }
    booked = {"guests": [{"name": "Ada Lind", "instagram": "@ada.lind", "end": "2099-01-09"}]}
    assert [c.instagram_handle for c in read_roster_json(booked, URL, "stu_1").candidates] == [
        "ada.lind"
    ]


_WEBFLOW_NAV = (
    "<div class='navbar w-nav'><nav role='navigation' class='nav-menu w-nav-menu'>"
    "<div class='nav-dropdown w-dropdown'><div class='w-dropdown-toggle'><div>Shops</div></div>"
    "<nav class='w-dropdown-list'><a href='/locations/lawrenceville'>Lawrenceville</a>"
    "<a href='/locations/mt-lebanon'>Mt. Lebanon</a></nav></div>"
    "<a href='/booking'>Booking</a><a href='/faq'>FAQ</a></nav></div>"
)


def test_a_dropdown_inside_the_menu_is_a_folder() -> None:
    assert menu_folder(_WEBFLOW_NAV, URL, f"{URL}locations/lawrenceville") == [
        f"{URL}locations/mt-lebanon"
    ]
    assert menu_folder(_WEBFLOW_NAV, URL, f"{URL}booking") == []  # the menu itself is flat


class _Fetcher:
    def __init__(self, replies: dict[str, str]) -> None:
        self.replies = replies

    def fetch(self, url: str) -> Page:
        if url not in self.replies:
            raise FetchError(url, "not_found")
        return Page(url, 200, self.replies[url], "text/html")


def _shop(title: str, *people: tuple[str, str]) -> str:
    cards = "".join(
        f"<div class='team'><h3>{name}</h3><span>Artist</span>"
        f"<a href='https://www.instagram.com/{handle}/' aria-label='instagram'></a></div>"
        for name, handle in people
    )
    return (
        f"<html><body><main><h1>{title}</h1><h2>Artists at {title}</h2>{cards}</main></body></html>"
    )


def test_a_name_whose_link_leads_to_a_page_of_other_artists_is_a_place() -> None:
    menu = (
        "<header><nav><a href='/'>Home</a><ul><li><a href='#'>Locations</a><ul class='sub-menu'>"
        "<li><a href='/west-end/'>West End, Brisbane</a></li>"
        "<li><a href='/burleigh-heads/'>Burleigh Heads, Gold Coast</a></li></ul></li></ul>"
        "</nav></header>"
    )
    home = (
        f"<html><body>{menu}<main><h1>Saltbush Tattoo Co.</h1><p>Pick a shop to meet the "
        "artists working there.</p><div class='wp-block-buttons'>"
        "<div class='wp-block-button'><a class='wp-block-button__link' href='/west-end/'>West End"
        "</a></div><div class='wp-block-button'><a class='wp-block-button__link' "
        "href='/burleigh-heads/'>Burleigh Heads</a></div></div></main></body></html>"
    )
    fetcher = _Fetcher(
        {
            URL: home,
            f"{URL}west-end/": _shop(
                "West End", ("Hayley Brooks", "hayleybrooks.tattoo"), ("Tane Wiremu", "tane.wiremu")
            ),
            f"{URL}burleigh-heads/": _shop(
                "Burleigh", ("Josh Pedersen", "joshpedersentattoo"), ("Ruby Nakamura", "ruby.n")
            ),
        }
    )
    reading = find_artists_for_url(URL, fetcher)
    assert {c.name for c in reading.candidates} == {
        "Hayley Brooks",
        "Tane Wiremu",
        "Josh Pedersen",
        "Ruby Nakamura",
    }
    places = {r.name for r in reading.rejected if r.reason == rejection.ROSTER_LINK}
    assert places == {"West End", "Burleigh Heads"}


def test_an_image_map_areas_words_after_the_name_are_its_styles() -> None:
    page = (
        "<html><body><main><h1>Meet the crew</h1><figure><img src='/img/crew.jpg' "
        "usemap='#crew' alt='The crew'><map name='crew'>"
        "<area shape='rect' coords='40,240,460,880' href='https://www.instagram.com/ana.ink/' "
        "alt='Ana Silva – blackwork, fineline' title='Ana Silva'>"
        "<area shape='rect' coords='490,240,910,880' href='https://www.instagram.com/bo.tattoo/' "
        "alt='Bo Berg – japanese, realism' title='Bo Berg'></map></figure></main></body></html>"
    )
    styles = {c.name: set(c.styles) for c in read_roster(page, URL, "stu_1").candidates}
    assert {"blackwork"} <= styles["Ana Silva"]
    assert {"japanese", "realism"} <= styles["Bo Berg"]
