"""Mechanisms holdout-26 (tests/corpus, scored unseen: recall 0.681) showed missing, each as
real studio sites write it, in the page's own language: roster links in languages that inflect
a word by its ending, an account "by the name" after such a label, a first name where the
other cards show full names, names in a script without capitals beside one in Latin letters,
cards of a builder that hashes every class, a feed's next page under a key in the site's
language, a booking page reached by a link that only looks like a name, an artist's own page
that links the others, an embed's author line in more languages, a logged-out link whose
`next` is the whole profile URL. Snippets as the sites write them."""

from __future__ import annotations

from compute.adapters.web import FetchError, Page
from compute.extraction import read_roster
from compute.extraction.instagram import handle_from_href, handles_in_text
from compute.extraction.links import feed_next_url, roster_links
from compute.services.find_artists import find_artists_for_url

HOME = "https://studio.example/"


def _found(html: str) -> set[tuple[str | None, str | None]]:
    return {(c.name, c.instagram_handle) for c in read_roster(html, HOME, "stu_1").candidates}


class Site:
    """Pages by URL, as served; anything else is a 404."""

    def __init__(self, pages: dict[str, str]) -> None:
        self.pages = pages

    def fetch(self, url: str) -> Page:
        if url not in self.pages:
            raise FetchError(url, "not_found", "404", transient=False)
        return Page(url=url, status=200, html=self.pages[url], content_type="text/html")


# -- where the roster is ------------------------------------------------------------------------


def test_roster_links_in_languages_that_inflect_their_words() -> None:
    for words, path in (
        ("Tutustu tekijöihin", "meista/"),  # fi "get to know the makers"
        ("Művészek", "muveszek"),  # hu "artists"
        ("Ismerd meg a csapatot →", "rolunk"),  # hu "meet the team"
        ("Ekibimiz", "hakkimizda"),  # tr "our team"
        ("Naš tim", "o-nama"),  # hr "our team"
    ):
        html = f'<nav><a href="/">Etusivu</a><a href="/{path}">{words}</a></nav>'
        assert roster_links(html, HOME) == [HOME + path], words


def test_about_us_in_more_languages_is_read_when_no_roster_link_is_left() -> None:
    for words in ("Meistä", "Rólunk", "Hakkımızda", "Om os"):  # noqa: RUF001
        html = f'<nav><a href="/">Home</a><a href="/x/">{words}</a><a href="/faq/">FAQ</a></nav>'
        assert roster_links(html, HOME) == [HOME + "x/"], words


# -- the words around a handle ------------------------------------------------------------------


def test_an_account_by_the_name_after_an_inflected_label() -> None:
    assert handles_in_text("Veeran töitä näet Instagramissa nimellä veera.inkwork.") == [
        "veera.inkwork"
    ]
    assert handles_in_text("Instagram'da elifkaya.fineline olarak bulabilirsiniz.") == [
        "elifkaya.fineline"
    ]
    assert handles_in_text("Az Instagramon szabo.dora néven találod.") == ["szabo.dora"]
    assert handles_in_text("Radove možete vidjeti na Instagramu – pronađite je kao marta.ink.") == [  # noqa: RUF001
        "marta.ink"
    ]
    # a sentence's words, not handle shapes, are never accounts
    assert handles_in_text("Instagram olarak güncel kalıyoruz.") == []  # noqa: RUF001


def test_a_logged_out_link_whose_next_is_the_whole_profile_url() -> None:
    href = (
        "https://www.instagram.com/accounts/login/?next=https%3A%2F%2Fwww.instagram.com"
        "%2Fandrii.shevchuk.ink%2F&is_from_rle"
    )
    assert handle_from_href(href) == "andrii.shevchuk.ink"
    other = "https://www.instagram.com/accounts/login/?next=https%3A%2F%2Fevil.example%2Fx%2F"
    assert handle_from_href(other) is None


def test_an_embeds_author_line_in_vietnamese_is_the_account_of_the_person_it_names() -> None:
    found = _found(
        '<section><h2>Nghệ sĩ</h2><div class="artists">'
        '<div class="artist"><h3>Nguyễn Thu Hà</h3>'
        '<a href="https://www.instagram.com/thuha.fineline/">IG</a></div>'
        '<div class="artist"><h3>Trần Minh Khoa</h3><p>Blackwork, hình lớn.</p></div>'
        "</div></section>"
        '<section><h2>Trên Instagram</h2><blockquote class="instagram-media">'
        '<a href="https://www.instagram.com/p/DCxR1a9yQp2/">Xem bài viết này trên Instagram</a>'
        '<p><a href="https://www.instagram.com/p/DCxR1a9yQp2/">Bài viết do Trần Minh Khoa '
        "(@khoa.blackwork.nt) chia sẻ</a></p></blockquote></section>"
    )
    assert ("Trần Minh Khoa", "khoa.blackwork.nt") in found


# -- who a card names ---------------------------------------------------------------------------


def test_a_first_name_where_the_other_cards_show_full_names() -> None:
    card = (
        '<div class="wp-block-column"><h3 class="wp-block-heading">{name}</h3>'
        "<p>Blackwork</p>{more}</div>"
    )
    ig = '<a href="https://www.instagram.com/{}/">Instagram</a>'
    html = '<div class="wp-block-columns">' + "".join(
        card.format(name=name, more=more)
        for name, more in (
            ("Aino Korhonen", ig.format("aino.korhonen.tattoo")),
            ("Jussi Mäkinen", ig.format("jussi_makinen_tattoo")),
            ("Veera", ig.format("veera.inkwork")),
            ("Tuomas Heikkinen", "<p>Tuomas ei ole Instagramissa.</p>"),
        )
    )
    found = _found(html + "</div>")
    assert ("Veera", "veera.inkwork") in found
    assert ("Tuomas Heikkinen", None) in found
    # a heading's one word in a card of other shape (a section's "Hinnasto") is no one's name
    assert all(name != "Blackwork" for name, _ in found)


def test_names_without_capitals_beside_one_in_latin_letters() -> None:
    card = (
        '<article class="ArtistCard_card__w3Lp8"><h3 class="ArtistCard_name__f1Tg5">{}</h3>'
        '<p class="ArtistCard_role__m6Sd3">{}</p>{}</article>'
    )
    ig = '<a href="https://www.instagram.com/{}/">Instagram ↗</a>'
    html = (
        '<div class="Team_grid">'
        + card.format("יונתן לוי", "מייסד · ריאליזם", ig.format("yonatan.levi.tattoo"))
        + card.format("נועה", "צבע · ניאו־טרדישנל", ig.format("noa.neotrad"))
        + card.format("אביגיל שפירא", "בלאקוורק", "<p>אביגיל לא נמצאת באינסטגרם.</p>")
        + card.format("Lucas Moreau", "אמן אורח", ig.format("lucas.moreau.ink"))
        + "</div>"
    )
    assert _found(html) == {
        ("יונתן לוי", "yonatan.levi.tattoo"),
        ("נועה", "noa.neotrad"),
        ("אביגיל שפירא", None),
        ("Lucas Moreau", "lucas.moreau.ink"),
    }


def test_cards_of_a_builder_that_hashes_every_class_are_one_shape_when_built_alike() -> None:
    card = (
        '<div class="framer-{}" data-framer-name="Card"><div class="framer-img-wrap">'
        '<img src="a.jpg" alt=""></div><div class="framer-n1m2b3"><h3>{}</h3><p>{}</p>'
        "<p>{}</p></div></div>"
    )
    html = (
        '<section><h1>ศิลปินของเรา</h1><div class="framer-1q2w3e4">'
        + card.format(
            "c1d2e3",
            "ณัฐวุฒิ ทองดี",
            "ลายไทย",
            '<a href="https://www.instagram.com/nattawut.ink/">Instagram</a>',
        )
        + card.format("f4g5h6", "พิมพ์ชนก แก้วมณี", "ไฟน์ไลน์", "IG @pimchanok.fineline")
        + card.format("m1n2b3", "อรอุมา จันทร์เพ็ญ", "พอร์ตเทรต", "ยังไม่มีไอจีส่วนตัว")
        + "</div></section>"
    )
    assert ("อรอุมา จันทร์เพ็ญ", None) in _found(html)


# -- pages beyond the first ---------------------------------------------------------------------


def test_a_feeds_next_page_under_a_key_in_the_sites_language() -> None:
    feed = HOME + "data/tateri-2.json"
    page = {"stranka": 2, "dalsi": "/data/tateri-3.json", "tateri": []}
    assert feed_next_url(page, feed) == HOME + "data/tateri-3.json"
    # a photo's path, an earlier page or another feed is no next page
    assert feed_next_url({"foto": "/img/tateri/a.jpg"}, feed) is None
    assert feed_next_url({"zpet": "/data/tateri-1.json"}, feed) is None
    assert feed_next_url({"dalsi": "/data/guests-3.json"}, feed) is None


BOOKING = (
    "<html><body><h1>Online Randevu</h1><div class='bw-staff'>"
    "<div class='bw-staffer'><h4 class='bw-name'>Deniz Arslan</h4>"
    "<p>Portfolyo: <a href='https://www.instagram.com/deniz.arslan.ink/'>@deniz.arslan.ink</a>"
    "</p></div><div class='bw-staffer'><h4 class='bw-name'>Elif Kaya</h4>"
    "<p>Instagram'da elifkaya.fineline olarak bulabilirsiniz.</p></div>"
    "<div class='bw-staffer'><h4 class='bw-name'>Burak</h4>"
    "<p>IG → <a href='https://www.instagram.com/burak_neotrad/'>@burak_neotrad</a></p></div>"
    "</div></body></html>"
)


def test_a_link_that_only_looks_like_a_name_leads_to_the_roster() -> None:
    # The home page shows its two founders, so no menu page is looked through; "Randevu Al"
    # (book an appointment) reads like a name, and its page lists the whole staff.
    home = (
        "<html><body><nav><a href='/randevu/'>Randevu Al</a></nav><h1>Yıldız Dövme</h1>"  # noqa: RUF001
        "<div class='founders'><div class='f'><h3>Deniz Arslan</h3>"
        "<a href='https://www.instagram.com/deniz.arslan.ink/'>Instagram</a></div>"
        "<div class='f'><h3>Mert Can</h3>"
        "<a href='https://www.instagram.com/mertcan.tattoo/'>Instagram</a></div></div>"
        "</body></html>"
    )
    booking = BOOKING.replace(
        "<div class='bw-staff'>",
        "<div class='bw-staff'><div class='bw-staffer'><h4 class='bw-name'>Mert Can</h4>"
        "<p><a href='https://www.instagram.com/mertcan.tattoo/'>@mertcan.tattoo</a></p></div>",
    )
    reading = find_artists_for_url(
        HOME, Site({HOME: home, HOME + "randevu/": booking}), studio_id="stu_1"
    )
    found = {(c.name, c.instagram_handle) for c in reading.candidates}
    assert ("Elif Kaya", "elifkaya.fineline") in found
    assert ("Burak", "burak_neotrad") in found


def test_an_artists_own_page_that_links_the_others_by_name_is_hers() -> None:
    card = "<a class='card' href='/kunstnere/{}/'><span class='card-title'>{}</span></a>"
    people = (
        ("mikkel", "Mikkel Sørensen", "mikkel.ink"),
        ("sofie", "Sofie Birk", "sofie.ink"),
        ("jonas", "Jonas", None),
    )
    roster = "<html><body><h1>Kunstnere</h1><div class='grid'>" + "".join(
        card.format(slug, name) for slug, name, _ in people
    )
    others = "<aside><h2>Andre hos os</h2><p>" + " · ".join(
        f"<a href='/kunstnere/{slug}/'>{name}</a>" for slug, name, _ in people
    )
    pages = {HOME: "<a href='/kunstnere/'>Kunstnere</a>", HOME + "kunstnere/": roster + "</div>"}
    for slug, name, handle in people:
        account = (
            f"<p><a href='https://www.instagram.com/{handle}/'>Instagram</a></p>"
            if handle
            else f"<p>{name} er ikke på Instagram.</p>"
        )
        pages[HOME + f"kunstnere/{slug}/"] = (
            f"<html><body><main><h1>{name}</h1>{account}</main>{others}</p></aside></body></html>"
        )
    reading = find_artists_for_url(HOME, Site(pages), studio_id="stu_1")
    assert ("Jonas", None) in {(c.name, c.instagram_handle) for c in reading.candidates}
