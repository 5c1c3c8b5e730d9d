# ruff: noqa: RUF001
"""What holdout-15 taught, each as a general mechanism: a <nav> that holds the page's content
(a post archive inside its paging nav) is content, as a browser shows it, while a nav that is a
list of links stays chrome; the front desk one writes to is a place, not a role; "@x" as the
words of a link to another network, or in a table column headed by one, is an account there.
Hand-written."""

from __future__ import annotations

import html
import json

from compute.extraction import read_roster, rejection
from compute.extraction.page import chrome_navs, inline_data, parse

URL = "https://x.test/artists/"


def _roster(page: str, url: str = URL) -> tuple[set[tuple[str | None, str | None]], dict]:
    roster = read_roster(page, url, "stu_1")
    found = {(c.name, c.instagram_handle) for c in roster.candidates}
    return found, {r.handle or r.name: r.reason for r in roster.rejected}


def _post(number: int, name: str, summary: str) -> str:
    return (
        f'<article id="post-{number}" class="post-{number} artist type-artist hentry">'
        f'<div class="inside-article"><header class="entry-header"><h2 class="entry-title">'
        f'{name}</h2></header><div class="entry-summary"><p>{summary}</p></div></div></article>'
    )


_MENU = (
    '<header class="site-header"><nav class="main-navigation"><ul><li><a href="/">Home</a></li>'
    '<li><a href="/artists/">Artists</a></li><li><a href="/contact/">Contact</a></li>'
    '<li><a href="https://www.instagram.com/sw.bookings/">Instagram</a></li></ul></nav>'
    "</header>"
)


def _archive(posts: str) -> str:
    return (
        f"<html><head><title>Artists | Steelworks</title></head><body>{_MENU}<main>"
        '<h1>Artists</h1><p>Bookings: <a href="https://www.instagram.com/sw.bookings/">'
        '@sw.bookings</a></p><nav class="paging-navigation" aria-label="Archive Page">'
        f'<div class="nav-links">{posts}<a class="page-numbers" href="/artists/">1</a>'
        '<a class="next page-numbers" href="/artists/page/2/">Next</a></div></nav></main>'
        "</body></html>"
    )


def test_posts_inside_a_paging_nav_are_the_pages_content() -> None:
    page = _archive(
        _post(
            101,
            "Nadia Kowalczyk",
            'Fine line. Instagram: <a href="https://www.instagram.com/nadia.k.tattoo/">'
            "@nadia.k.tattoo</a>",
        )
        + _post(
            102,
            "Marcus Bell",
            'Traditional. Instagram: <a href="https://www.instagram.com/marcusbell_ink/">'
            "@marcusbell_ink</a>",
        )
    )
    found, rejected = _roster(page)
    assert found == {("Nadia Kowalczyk", "nadia.k.tattoo"), ("Marcus Bell", "marcusbell_ink")}
    # the menu nav is still the site's: the account it points at is the studio's own
    assert rejected.get("sw.bookings") == rejection.STUDIO


def test_a_nav_of_links_is_chrome_and_one_of_paragraphs_is_not() -> None:
    prose = (
        "Our artists take walk-ins on Saturdays, and every one of them draws custom work. "
        "Read each artist's page for their styles, their books and how to reach them."
    )
    tree = parse(
        f"<html><body>{_MENU}<nav class='paging'><a href='/p/2/'>1</a><a href='/p/3/'>2</a>"
        f"</nav><nav class='intro'><p>{prose}</p><a href='/more/'>More</a></nav></body></html>"
    )
    assert [n.attributes.get("class") for n in chrome_navs(tree.body)] == [
        "main-navigation",
        "paging",
    ]


def test_the_front_desk_one_writes_to_is_a_place_not_a_role() -> None:
    page = _archive(
        _post(
            103,
            "Owen Tremblay",
            "Japanese and large-scale projects. Owen doesn't use Instagram; stop by the shop "
            "to see his portfolio book or email the front desk.",
        )
        + _post(
            104,
            "Ellie Fraser",
            'Blackwork. <a href="https://www.instagram.com/elliefraser.ink/">@elliefraser.ink</a>',
        )
    )
    found, _ = _roster(page)
    assert ("Owen Tremblay", None) in found
    assert rejection.reason_in_bio("Ola runs the front desk and books your sessions.") == (
        rejection.STAFF
    )
    assert rejection.reason_in_bio("Ask at the front desk, or call the front desk.") is None


def _staff_table(cell: str, header: str = "Instagram") -> str:
    rows = "".join(
        f"<tr><td rowspan='2'><img src='/{i}.jpg' alt=''></td><td><b>{name}</b></td>"
        f"<td>{style}</td><td>{account}</td></tr><tr><td colspan='3'>{note}</td></tr>"
        for i, (name, style, account, note) in enumerate(
            [
                (
                    "高橋 美咲",
                    "ファインライン",
                    "<a href='https://www.instagram.com/misaki.tkhs/'>misaki.tkhs</a>",
                    "女性のお客様も安心してご相談ください。",
                ),
                (
                    "中村 蓮",
                    "ブラックワーク",
                    "<a href='https://instagram.com/ren_nakamura_tt'>ren_nakamura_tt</a>",
                    "木・金・土のみ在籍。",
                ),
                ("小林 あおい", "カラー", cell, "2025年より在籍。"),
            ]
        )
    )
    return (
        "<html><body><div id='main'><h2>スタッフ紹介</h2><table class='staff'><tr><th>写真</th>"
        f"<th>名前</th><th>得意なスタイル</th><th>{header}</th></tr>{rows}</table></div>"
        "</body></html>"
    )


def test_an_at_handle_linking_to_another_network_is_an_account_there() -> None:
    page = _staff_table("―（<a href='https://x.com/aoi_kobayashi_tt'>@aoi_kobayashi_tt</a>）")
    found, rejected = _roster(page)
    assert ("小林 あおい", None) in found
    assert rejected["aoi_kobayashi_tt"] == rejection.OTHER_PLATFORM
    assert ("高橋 美咲", "misaki.tkhs") in found


def test_an_at_handle_in_a_column_headed_by_another_network_is_not_instagram() -> None:
    # the photo cell's rowspan shifts no column: the grid is laid out as a browser does
    page = _staff_table("@aoi_kobayashi_tt", header="X (Twitter)")
    found, rejected = _roster(page)
    assert ("小林 あおい", None) in found
    assert rejected["aoi_kobayashi_tt"] == rejection.OTHER_PLATFORM
    assert ("中村 蓮", "ren_nakamura_tt") in found  # a link to Instagram says it itself


def test_a_network_label_may_end_in_a_full_width_colon() -> None:
    assert rejection.network_in_lead("―（X：") == rejection.OTHER_PLATFORM
    assert rejection.network_in_lead("Instagram：") is None


def _one_page(about: str) -> str:
    cards = "".join(
        f"<article class='artist'><h3>{name}</h3><p>{style}</p>"
        f"<a class='ig' href='https://www.instagram.com/{handle}/'>@{handle}</a></article>"
        for name, style, handle in [
            ("Sólveig Þórarinsdóttir", "Fínlínur og blóm.", "solveig.tattoo"),
            ("Hrafnhildur Jónsdóttir", "Svartverk og punktar.", "hrafnhildur.ink"),
        ]
    )
    return (
        "<html lang='is'><head><title>Svartblek</title></head><body><main>"
        f"<section id='um-okkur'><h2>Um okkur</h2><p>{about}</p></section>"
        f"<section id='listamenn'><h2>Listamennirnir</h2><div class='grid'>{cards}</div>"
        "</section></main></body></html>"
    )


def test_a_booth_at_an_event_names_a_convention_in_the_pages_language() -> None:
    for about in (
        "Í mars verðum við með bás á <a href='https://www.instagram.com/nordurljos.ink/'>"
        "@nordurljos.ink</a> í Reykjavík – kíkið við!",  # is: "a booth at"
        "I marts har vi en stand på <a href='https://www.instagram.com/nordurljos.ink/'>"
        "@nordurljos.ink</a> i København.",  # da
        "W marcu mamy stoisko na <a href='https://www.instagram.com/nordurljos.ink/'>"
        "@nordurljos.ink</a> w Warszawie.",  # pl
        "3月は<a href='https://www.instagram.com/nordurljos.ink/'>@nordurljos.ink</a>に出展します。",
    ):
        found, rejected = _roster(_one_page(about), "https://svartblek.test/")
        assert rejected.get("nordurljos.ink") == rejection.CONVENTION, about
        assert ("Sólveig Þórarinsdóttir", "solveig.tattoo") in found


def test_a_festival_in_the_pages_language_is_an_event() -> None:
    for lead in (
        "Við verðum á húðflúrhátíðinni",  # is
        "Nos vemos na convenção",  # pt
        "Приходите на фестиваль",  # ru
        "タトゥーコンベンションに参加します",  # ja
    ):
        assert rejection.reason_in_lead(lead) == rejection.CONVENTION, lead
    assert rejection.reason_in_lead("Fínlínur, blóm og norræn mynstur.") is None
    # an account's own name: a tattoo fest, as a tattoo expo
    assert rejection.reason_in_handle("icelandtattoofest") == rejection.CONVENTION


def _island(inside: str) -> str:
    props = {"artists": [1, [[0, {"name": [0, "Elif Şahin"], "instagram": [0, "elif.ink"]}]]]}
    return (
        "<html><body><main><astro-island uid='Z1' component-url='/_astro/Grid.js' "
        f'props="{html.escape(json.dumps(props))}" ssr>{inside}</astro-island></main>'
        "</body></html>"
    )


def test_a_server_rendered_islands_props_are_read_as_any_components_are() -> None:
    # One rule for every component: its props are what it draws when it is empty ...
    assert inline_data(_island("")) == [
        {"artists": [{"name": "Elif Şahin", "instagram": "elif.ink"}]}
    ]
    # ... and say nothing more once it shows content of its own, as a browser shows it.
    assert inline_data(_island("<div><h3>Ayşe Kaya</h3><p>Fine line.</p></div>")) == []
