# ruff: noqa: RUF001  (Cyrillic page words look like Latin letters)
"""What holdout-16 to -19's remaining errors taught, each as a general mechanism: a farewell's
words (a last session here, moved across to, finished up at, works out of elsewhere) say a
former artist; thanks, press, a photographer and inks "from" an account in the page's own
language; a colour word that ends a style line labels no account; who says they have no
Instagram owns no account after that; a feed entry whose `end` day is past is over; a
dropdown of a menu is a folder of pages of one kind; a name whose link leads to a page of
other artists is that page's title (a shop), not a person. Hand-written."""

from __future__ import annotations

from compute.extraction import read_roster, rejection

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
