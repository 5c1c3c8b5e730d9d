# ruff: noqa: RUF001
"""What holdout-14 taught, each as a general mechanism: an empty component is drawn from the
JSON in its attributes (Astro's type-tagged props); an account under a key or label naming
another network is no Instagram handle, and its card still lists the artist by name; a denial
with an account's noun ("non ha un profilo Instagram") and words that join a sentence are no
handles; a card in a row's last column is the same shape; a title with its name transliterated
inside it names one person; a button's first word in a script without case is a first name;
colours ending a sentence label nothing; Danish former artists; a convention's stand.
Hand-written."""

from __future__ import annotations

import html
import json

from compute.extraction import read_roster, read_roster_json, rejection
from compute.extraction.instagram import handles_in_text
from compute.extraction.page import inline_data
from compute.extraction.payload import island_props

URL = "https://x.test/"


def _roster(page: str, url: str = URL) -> tuple[set[tuple[str | None, str | None]], dict]:
    roster = read_roster(page, url, "stu_1")
    found = {(c.name, c.instagram_handle) for c in roster.candidates}
    return found, {r.handle: r.reason for r in roster.rejected}


def _astro(props: dict) -> str:
    return (
        "<html><body><main><h1>Sanatçılarımız</h1><p>Her sanatçımızın kendi randevu takvimi var."
        "</p><astro-island uid='Z1' component-url='/_astro/Grid.js' "
        f"props=\"{html.escape(json.dumps(props))}\" ssr client='only'></astro-island>"
        "</main></body></html>"
    )


_TAGGED = {
    "artists": [
        1,
        [
            [0, {"name": [0, "Elif Şahin"], "instagram": [0, "elifsahin.tattoo"]}],
            [0, {"name": [0, "Burak Yıldırım"], "instagram": [0, "burakyildirim_ink"]}],
            [0, {"name": [0, "Mert Öztürk"], "instagram": [0, ""], "tiktok": [0, "mert.tt"]}],
        ],
    ],
    "lang": [0, "tr"],
}


def test_astro_props_lose_their_type_tags() -> None:
    assert island_props(json.dumps(_TAGGED))["artists"][0] == {
        "name": "Elif Şahin",
        "instagram": "elifsahin.tattoo",
    }
    assert island_props('{"at": [0, 5]}') == {"at": 5}  # every value tagged: Astro's
    assert island_props('{"map": {"at": [0, 5]}}') == {"map": {"at": [0, 5]}}  # data as it is


def test_an_empty_island_is_drawn_from_its_props() -> None:
    found, _ = _roster(_astro(_TAGGED))
    assert found == {
        ("Elif Şahin", "elifsahin.tattoo"),
        ("Burak Yıldırım", "burakyildirim_ink"),
        ("Mert Öztürk", None),
    }
    assert island_props(json.dumps(_TAGGED)) in inline_data(_astro(_TAGGED))  # a shell's data, too


def test_a_drawn_island_says_nothing_more() -> None:
    page = _astro(_TAGGED).replace(
        "</astro-island>", "<div><h3>Ayşe Kaya</h3></div></astro-island>"
    )
    found, _ = _roster(page)
    assert ("Elif Şahin", "elifsahin.tattoo") not in found


def test_an_account_under_another_networks_key_is_no_instagram_handle() -> None:
    feed = {
        "team": [
            {"name": "Marisol Ortega", "socials": {"instagram": "marisol.ortega.tattoo"}},
            {"name": "Hana Kowalczyk", "socials": {"tiktok": "hanakowalczyk"}},
            {"name": "Dane Whitfield", "tiktokHandle": "dane.tt", "ig": "danewhitfieldtattoo"},
        ]
    }
    found = {(c.name, c.instagram_handle) for c in read_roster_json(feed, URL, "s").candidates}
    assert found == {
        ("Marisol Ortega", "marisol.ortega.tattoo"),
        ("Hana Kowalczyk", None),
        ("Dane Whitfield", "danewhitfieldtattoo"),
    }


def _wix(*cards: tuple[str, str]) -> str:
    return (
        "<main><div role='list'>"
        + "".join(
            f"<div role='listitem' class='item'><h4>{name}</h4><p>{line}</p></div>"
            for name, line in cards
        )
        + "</div></main>"
    )


def test_another_networks_label_wins_over_instagram_denied_earlier_in_the_sentence() -> None:
    assert rejection.network_in_lead("A Thaís não usa Instagram — o trabalho dela está no TikTok: ")
    assert rejection.network_in_lead("Instagram & TikTok: ") is None  # one label, both


def test_a_card_whose_only_account_is_on_another_network_lists_its_artist_by_name() -> None:
    found, rejected = _roster(
        _wix(
            ("Luana Figueiredo", "<a href='https://www.instagram.com/luanafig.tattoo/'>IG</a>"),
            ("João Vitor Brandão", "<a href='https://www.instagram.com/jv.brandao/'>IG</a>"),
            ("Thaís Okamoto", "A Thaís não usa Instagram — ela está no TikTok: @thaisokamoto.art."),
        )
    )
    assert ("Thaís Okamoto", None) in found
    assert rejected["thaisokamoto.art"] == rejection.OTHER_PLATFORM


def test_a_denial_with_an_accounts_noun_leaves_no_handle() -> None:
    assert handles_in_text("Chiara non ha un profilo Instagram: chiaradb") == []
    assert handles_in_text("She doesn't have an account on Instagram: sadface") == []
    assert handles_in_text("Instagram: chiaradb") == ["chiaradb"]


def test_a_word_that_joins_a_sentence_is_no_handle() -> None:
    assert handles_in_text("Scrivici su Instagram: per prenotare serve un acconto.") == []
    assert handles_in_text("Síguenos en Insta: para reservar escríbenos") == []
    assert handles_in_text("IG: inkbyjane") == ["inkbyjane"]


def test_the_last_column_of_a_row_is_the_same_shape() -> None:
    cards = [
        ("Freja Møller", "freja-moller", ""),
        ("Asger Kjærgaard", "asger-kjaergaard", ""),
        ("Mikkel Ravnsbæk", "mikkel-ravnsbaek", " last"),
    ]
    page = (
        "<main><div class='hgrid'>"
        + "".join(
            f"<div class='hgrid-column{extra}'><figure><a href='/artists/{slug}/'><img src='x.jpg'>"
            f"</a><figcaption>{name}</figcaption></figure><p><a href='/artists/{slug}/'>{name}"
            "</a><br>Fineline</p></div>"
            for name, slug, extra in cards
        )
        + "</div></main>"
    )
    found, _ = _roster(page)
    assert ("Mikkel Ravnsbæk", None) in found


def test_a_title_with_the_name_transliterated_inside_names_one_person() -> None:
    page = (
        "<main>"
        + "".join(
            f"<article class='card'><h2>{zh}<span>{en}</span></h2><p>水彩</p>{link}</article>"
            for zh, en, link in (
                (
                    "林雨萱",
                    "Lin Yu-Hsuan",
                    "<a href='https://www.instagram.com/yuhsuan.tattoo/'>IG</a>",
                ),
                (
                    "陳冠廷",
                    "Chen Kuan-Ting",
                    "<a href='https://www.instagram.com/kuanting_ink/'>IG</a>",
                ),
                (
                    "黃詩涵",
                    "Huang Shih-Han",
                    "<a href='https://www.facebook.com/shihhan'>Facebook</a>",
                ),
            )
        )
        + "</main>"
    )
    found, _ = _roster(page)
    assert ("黃詩涵", None) in found
    assert ("林雨萱", "yuhsuan.tattoo") in found


def test_a_buttons_first_word_in_a_script_without_case_is_its_first_name() -> None:
    def button(href: str, title: str, sub: str) -> str:
        return f"<a class='btn' href='{href}'>{title}<div class='sub'>{sub}</div></a>"

    page = (
        "<main class='links'>"
        + button("https://pf.kakao.com/_x", "🖤 예약 · 상담 문의", "카톡으로 보내주세요")
        + button("https://www.instagram.com/seoyun.tattoo/", "서윤 · 파인라인", "대표 타투이스트")
        + button("https://www.instagram.com/dohyun_ink/", "도현 · 블랙워크", "@dohyun_ink")
        + button(
            "https://hangyeol.notion.site/x",
            "한결 · 이레즈미",
            "포트폴리오 (노션) · 인스타그램은 운영하지 않아요",
        )
        + "</main>"
    )
    found, _ = _roster(page)
    assert found == {("서윤", "seoyun.tattoo"), ("도현", "dohyun_ink"), ("한결", None)}


def test_colours_ending_a_sentence_label_no_account() -> None:
    assert rejection.reason_in_lead("Perinteinen ja uusperinteinen, vahvat värit. ") is None
    assert rejection.reason_in_lead("Värit: ") == rejection.SUPPLIER


def test_danish_former_artists_and_a_conventions_stand() -> None:
    said = "Tidligere hos os: Jonas var en del af Ravn og har nu åbnet sin egen shop i Aarhus."
    assert rejection.reason_in_bio(said) == rejection.FORMER
    assert rejection.reason_in_trail("standımıza uğrayan herkese teşekkürler!") == (
        rejection.CONVENTION
    )
    assert rejection.reason_in_lead("Come say hi at our booth at ") == rejection.CONVENTION
