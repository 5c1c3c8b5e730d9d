# ruff: noqa: RUF001
"""What holdout-16, -17 and -18 taught, each as a general mechanism: a link whose words name
the roster is followed whatever its file is called, and 'The Shop' is the tattoo shop, not a
store; a booking tool's services and business, which have a price, a duration, a currency or
a time zone, are no people; Nordic imperatives after a denial ('se', 'send') are no handles.
Hand-written."""

from __future__ import annotations

from compute.extraction import read_roster, read_roster_json
from compute.extraction.links import menu_links, roster_links

URL = "https://x.test/"

_AGENCY = (
    "<html><body><nav class='navbar'><ul>"
    "<li><a href='index.html'>Home</a></li><li><a href='shop.html'>The Shop</a></li>"
    "<li><a href='store/'>Shop</a></li><li><a href='faq.html'>FAQ</a></li></ul></nav>"
    "<header><a href='shop.html' class='btn btn-xl'>Meet the Crew</a></header></body></html>"
)


def test_a_link_whose_words_name_the_roster_is_followed_whatever_its_file_is_called() -> None:
    assert roster_links(_AGENCY, URL)[0] == "https://x.test/shop.html"


def test_the_shop_in_a_menu_is_the_tattoo_shop_and_shop_alone_a_store() -> None:
    links = menu_links(_AGENCY, URL)
    assert "https://x.test/shop.html" in links
    assert "https://x.test/store/" not in links


_BOOKING = {
    "business": {"id": "b1", "name": "קו אדום סטודיו לקעקועים", "timezone": "Asia/Jerusalem"},
    "staff": [
        {"displayName": "נועה לוי", "title": "מקעקעת", "instagram": "noa.levi.tattoo"},
        {"displayName": "עומר בן דוד", "title": "מקעקע", "instagram": "@omer.bd.tattoo"},
    ],
    "services": [
        {"id": "s1", "name": "פגישת ייעוץ", "minutes": 20, "price": 0},
        {"id": "s2", "name": "Day Session", "duration": 360, "price": 2400},
    ],
}


def test_a_booking_tools_services_and_business_are_no_people() -> None:
    found = {
        (c.name, c.instagram_handle) for c in read_roster_json(_BOOKING, URL, "stu_1").candidates
    }
    assert found == {("נועה לוי", "noa.levi.tattoo"), ("עומר בן דוד", "omer.bd.tattoo")}


def test_nordic_imperatives_after_a_denial_are_no_handles() -> None:
    page = (
        "<html><body><main><h2>Artister</h2>"
        "<div class='card'><h3>Sigrid Halvorsen</h3><p>Insta: sigrid.tatoverer</p></div>"
        "<div class='card'><h3>Mathilde Berg</h3><p>Insta: mathildebergolsen</p></div>"
        "<div class='card'><h3>Jonas Sæther</h3>"
        "<p>Ikke på Instagram – send oss en e-post</p></div>"
        "<div class='card'><h3>Nikolaj Vestergaard</h3>"
        "<p>Ikke på Instagram – se hans arbejde i galleriet</p></div>"
        "</main></body></html>"
    )
    handles = {c.instagram_handle for c in read_roster(page, URL, "stu_1").candidates}
    assert "send" not in handles and "se" not in handles
    assert {"sigrid.tatoverer", "mathildebergolsen"} <= handles
