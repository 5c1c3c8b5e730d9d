"""Mechanisms held-out batch holdout-7 (tests/corpus) asked for: an element a page builder
hides at every screen width is not content, an account tagged only in a feed post's caption is
not listed, a logged-out login link and a full-width bar or "on IG as" label still give the
handle, a studio handle with a town code is the studio's, a guest page ('Visiting') is followed
and its past-tense log is not, a DJ and a '📷:' credit are not artists, and the words that say
former, piercer and ink in Romanian, Ukrainian, Hebrew and Chinese. Hand-written snippets, as
sites write them."""

from __future__ import annotations

import pytest

from compute.extraction import read_roster
from compute.extraction.instagram import handle_from_href, is_post_href, mentions_in_text
from compute.extraction.links import roster_links
from compute.extraction.names import person_name
from compute.extraction.rejection import (
    FORMER,
    GUEST_ENDED,
    PHOTOGRAPHER,
    STAFF,
    SUPPLIER,
    is_studio_handle,
    reason_in_handle,
    reason_in_label,
    reason_in_lead,
)

URL = "https://juniper.example/"


def roster(body: str, title: str = "Juniper Tattoo Co.") -> tuple[set[str | None], dict]:
    html = f"<html><head><title>{title}</title></head><body><main>{body}</main></body></html>"
    found = read_roster(html, URL, "stu_1")
    return {c.instagram_handle for c in found.candidates}, {
        r.handle: r.reason for r in found.rejected
    }


CARD = (
    '<div class="card {cls}"><h3>{name}</h3><a href="https://www.instagram.com/{h}/">@{h}</a></div>'
)


@pytest.mark.parametrize(
    "hidden",
    [
        "elementor-hidden-desktop elementor-hidden-tablet elementor-hidden-mobile",
        "et_pb_hidden_desktop et_pb_hidden_tablet et_pb_hidden_phone",
    ],
)
def test_a_card_hidden_at_every_width_is_not_read(hidden: str) -> None:
    kept, _ = roster(
        CARD.format(cls="", name="Ellis Gray", h="ellis.gray.tattoo")
        + CARD.format(cls="", name="Harper Bell", h="harperbell.ink")
        + CARD.format(cls=hidden, name="Cody Marsh", h="codymarsh.ink")
    )
    assert kept == {"ellis.gray.tattoo", "harperbell.ink"}


def test_a_card_hidden_only_on_some_widths_or_until_a_click_is_read() -> None:
    kept, _ = roster(
        CARD.format(cls="", name="Ellis Gray", h="ellis.gray.tattoo")
        + CARD.format(cls="elementor-hidden-mobile", name="Sol Rivera", h="solr")
        + CARD.format(cls="d-none more-artists", name="Wren Adler", h="wrenadler.tattoo")
    )
    assert kept == {"ellis.gray.tattoo", "solr", "wrenadler.tattoo"}


FEED = (
    '<div id="sb_instagram" class="sbi"><div id="sbi_images">'
    '<div class="sbi_item"><a class="sbi_photo" href="https://www.instagram.com/p/DRkq8b1EaP2/">'
    '<span class="sbi-screenreader">{caption}</span><img src="x.png" alt="{caption}"></a></div>'
    "</div></div>"
)


def test_an_account_tagged_only_in_a_feed_caption_is_not_listed() -> None:
    caption = "Fresh peony by @ellis.gray.tattoo for @mira.kowalczyk."
    kept, rejected = roster(
        CARD.format(cls="", name="Ellis Gray", h="ellis.gray.tattoo")
        + CARD.format(cls="", name="Harper Bell", h="harperbell.ink")
        + FEED.format(caption=caption)
    )
    assert kept == {"ellis.gray.tattoo", "harperbell.ink"}  # tagged and listed: still an artist
    assert rejected["mira.kowalczyk"] == "post_caption"  # the client the post is about


def test_an_embedded_posts_author_is_still_read() -> None:
    embed = (
        '<blockquote class="instagram-media"><a href="https://www.instagram.com/p/C1aBcD2eFgH/">'
        "A post shared by {name} (@{h})</a></blockquote>"
    )
    kept, _ = roster(
        "<h2>Leah Marsh</h2>"
        + embed.format(name="Leah Marsh", h="leahmarsh.tattoo")
        + "<h2>Tom Okafor</h2>"
        + embed.format(name="Tom Okafor", h="tommo_tattoos")
    )
    assert kept == {"leahmarsh.tattoo", "tommo_tattoos"}


def test_instagram_forms_of_holdout_7() -> None:
    login = "https://www.instagram.com/accounts/login/?next=%2Fruthadeyemi_tattoos%2F&source=x"
    assert handle_from_href(login) == "ruthadeyemi_tattoos"
    assert handle_from_href("https://www.instagram.com/accounts/login/") is None
    assert is_post_href("https://www.instagram.com/p/DRkq8b1EaP2/")
    assert is_post_href("https://www.instagram.com/jane/reel/Cx1abc/")
    assert not is_post_href("https://www.instagram.com/jane/")
    said = [m.handle for m in mentions_in_text("Instagram｜jiahao.tattoo.tw")]  # noqa: RUF001
    assert said == ["jiahao.tattoo.tw"]
    said = [m.handle for m in mentions_in_text("Komang — find him on IG as komang.adi.tattoo")]
    assert said == ["komang.adi.tattoo"]
    assert mentions_in_text("follow us on Instagram as well as Facebook") == []


def test_a_studio_handle_with_a_town_code_is_the_studios() -> None:
    assert is_studio_handle("lantattoo.tpe", ["LAN TATTOO"])
    assert is_studio_handle("dyo.tattoo.tlv", ["DYO Tattoo"])
    assert not is_studio_handle("jiahao.tattoo.tw", ["LAN TATTOO"])


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Foști colegi", FORMER),
        ("Cristi Dobre a lucrat la noi până în 2025", FORMER),
        ("Колишні майстри:", FORMER),
        ("אמנים לשעבר:", FORMER),
        ("＊王小明（IG：xiaoming）已於 2025 年離職", FORMER),  # noqa: RUF001
        ("Piercing &amp; bijuterii".replace("&amp;", "&"), STAFF),
        ("Майстриня пірсингу. Титан, золото, сережки під замовлення.", STAFF),
        ("פירסינג בתכשיטי טיטניום וזהב", STAFF),
        ("Lucrăm doar cu cerneluri", SUPPLIER),
        ("потім крем. Рекомендуємо", SUPPLIER),
        ("合作品牌", SUPPLIER),
        ("📷:", PHOTOGRAPHER),
        ("Who's sat in it", GUEST_ENDED),
    ],
)
def test_words_of_holdout_7(text: str, reason: str) -> None:
    assert (reason_in_label(text) or reason_in_lead(text)) == reason


def test_ink_words_of_a_bio_do_not_reject_its_artist() -> None:
    assert reason_in_lead("Кольоровий нео-традишнл, яскраві фарби. Instagram:") is None
    assert reason_in_lead("Lucrez doar cu cerneluri vegane. Insta:") is None


def test_a_role_line_that_names_tattooing_too_keeps_the_artist() -> None:
    assert reason_in_label("Piercing") == STAFF
    assert reason_in_label("Tattoo & piercing") is None


def test_who_plays_the_music_is_not_an_artist() -> None:
    assert reason_in_lead("Walk-in flash all day, with records spun by") == STAFF
    assert reason_in_lead("Flash party with DJ") == STAFF
    assert reason_in_handle("dj.ink") is None  # initials: an artist's handle may start so
    assert reason_in_lead("Jamie was a DJ for ten years before she picked up a machine.") is None


def test_a_guest_page_is_followed_after_the_roster_links() -> None:
    html = (
        '<nav><a href="/">Home</a><a href="/visiting/">Visiting</a><a href="/team/">Team</a>'
        '<a href="/contact/">Contact</a></nav>'
    )
    assert roster_links(html, URL) == [URL + "team/", URL + "visiting/"]
    assert roster_links('<a href="/guest-spots">Guest Spots</a>', URL) == [URL + "guest-spots"]


def test_a_name_split_over_spans_with_their_own_spaces_is_one_name() -> None:
    found = read_roster(
        "<html><body><main>"
        '<div class="col"><h4><span>Rosa</span><span> Delgado</span></h4><p>fine line</p>'
        '<a href="https://www.instagram.com/rosadelgado.tattoo/"><img alt="Instagram"></a></div>'
        '<div class="col"><h4><span>Kit</span> <span>Barnes</span></h4><p>blackwork</p>'
        '<a href="https://www.instagram.com/kitbarnes_ink/"><img alt="Instagram"></a></div>'
        "</main></body></html>",
        URL,
        "stu_1",
    )
    assert {(c.name, c.instagram_handle) for c in found.candidates} == {
        ("Rosa Delgado", "rosadelgado.tattoo"),
        ("Kit Barnes", "kitbarnes_ink"),
    }


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("林雨萱", "林雨萱"),
        ("陳冠宇", "陳冠宇"),
        ("（黃詩涵）", "黃詩涵"),  # noqa: RUF001
        ("刺青師", None),  # the trade, not a person
        ("藍刺青", None),
        ("金曜日", None),  # a day
        ("高品質", None),
        ("林檎", None),  # two hanzi are as often a word
    ],
)
def test_a_chinese_name_is_three_hanzi_after_a_common_family_name(
    text: str, name: str | None
) -> None:
    assert person_name(text) == name


def test_a_name_does_not_run_across_the_edge_of_bold_text() -> None:
    found = read_roster(
        "<html><body><main><p>Im Mai zu Gast: <strong>Tomás Herrera</strong> &ndash; "
        '<a href="https://www.instagram.com/tomasherrera.tattoo/">@tomasherrera.tattoo</a>. '
        "Der Gastspot von <strong>Eva Novák</strong> "
        '(<a href="https://www.instagram.com/evanovak_tattoo/">@evanovak_tattoo</a>) '
        "im März ist leider schon vorbei.</p></main></body></html>",
        URL,
        "stu_1",
    )
    assert {(c.name, c.instagram_handle) for c in found.candidates} == {
        ("Tomás Herrera", "tomasherrera.tattoo")
    }
    assert {r.name for r in found.rejected} == {"Eva Novák"}
