"""Mechanisms held-out batch holdout-9 (tests/corpus) showed missing: data a framework writes
for its scripts (Nuxt's payload function, __NEXT_DATA__ with names in scripts without
capitals), web components drawn from their attributes, a site's other language versions, a
'load more' button whose next page is JSON, guest spots over by their dates alone, and the
words of one person's layout-table cell kept off another's. Snippets as 2026 sites write them."""

# ruff: noqa: RUF001  (dates are written with the en dashes sites use)
from __future__ import annotations

import json
from datetime import date

from compute.adapters.web import Page
from compute.extraction import language_versions, pagination_urls, read_roster, read_roster_json
from compute.extraction.dates import ended, range_ends
from compute.extraction.instagram import handles_in_text
from compute.extraction.page import inline_data, needs_javascript
from compute.extraction.payload import framework_payload
from compute.extraction.rejection import reason_in_bio, reason_in_label
from compute.services.crawl import read_page

URL = "https://studio.example/"


def roster(body: str) -> tuple[set[tuple[str | None, str | None]], dict[str | None, str]]:
    found = read_roster(f"<html><body>{body}</body></html>", URL, "stu_1")
    return (
        {(c.name, c.instagram_handle) for c in found.candidates},
        {r.handle: r.reason for r in found.rejected},
    )


NUXT = (
    '<div id="__nuxt"><div id="__layout"><p>잠시만 기다려 주세요…</p></div></div>'
    '<script>window.__NUXT__=(function(a,b,c){return {layout:"default",data:[{members:'
    '[{name:"김하늘",insta:a,status:c},{name:"정민",insta:"minjung.ink",status:"left"},'
    '{name:"한지우",role:"실장 (예약 · 상담)",insta:b,status:c}]}],serverRendered:true}}'
    '("haneul.ink","jiwoo.desk","active"));</script><script src="/_nuxt/app.js"></script>'
)


def test_a_nuxt_payload_function_is_read_without_running_it() -> None:
    assert framework_payload("window.x=(function(a){return {k:a,'q':[1,void 0]}}(\"v\"))") == {
        "k": "v",
        "q": [1, None],
    }
    assert framework_payload("window.x=(function(a){return f(a)}(1))") is None  # a call
    assert needs_javascript(f"<html><body>{NUXT}</body></html>")  # only a "please wait" line
    (data,) = inline_data(NUXT)
    found = read_roster_json(data, URL, "stu_1")
    assert {(c.name, c.instagram_handle) for c in found.candidates} == {("김하늘", "haneul.ink")}
    assert {r.handle: r.reason for r in found.rejected} == {
        "minjung.ink": "former_artist",  # "status": "left"
        "jiwoo.desk": "not_a_tattooist",  # 실장: the manager
    }


def test_feed_entries_in_other_languages_lists_and_scripts() -> None:
    data = {
        "artister": [
            {"namn": "Elin Ström", "instagram": "https://instagram.com/elinstrom.tattoo"},
            {"name": "لينا حداد", "instagram": "lina.haddad.ink", "active": True},
            {"namn": "Kaja Nowak", "period": ["2026-10-03", "2026-10-10"], "ig": "kaja.ink"},
            {"namn": "Mateo Ruiz", "period": ["2026-12-01", "2099-12-14"], "ig": "mateo.ink"},
        ],
        "partners": [{"name": "Eternal Ink", "instagram": "eternalink"}],
    }
    found = read_roster_json(data, URL, "stu_1")
    assert {(c.name, c.instagram_handle) for c in found.candidates} == {
        ("Elin Ström", "elinstrom.tattoo"),
        ("لينا حداد", "lina.haddad.ink"),
        ("Mateo Ruiz", "mateo.ink"),
    }
    rejected = {r.handle: r.reason for r in found.rejected}
    assert rejected["kaja.ink"] == "guest_spot_ended"  # over, beside a guest who is not
    assert "eternalink" not in {c.instagram_handle for c in found.candidates}  # "partners"


def test_a_web_components_card_is_read_from_its_attributes() -> None:
    kept, rejected = roster(
        '<studio-roster><artist-card name="สมชาย ใจดี" handle="somchai.tattoo" role="ช่างสัก">'
        '</artist-card><artist-card name="มาลี บุญมา" handle="malee.pierce" role="ช่างเจาะ">'
        '</artist-card><artist-card hidden name="วีระ สายทอง" handle="weera.tattoo">'
        "</artist-card></studio-roster>"
        # A tab panel is hidden until its tab is clicked: its people are shown.
        '<div role="tabpanel" hidden><h3>Ffion Davies</h3>'
        '<a href="https://instagram.com/ffion.ink">@ffion.ink</a></div>'
    )
    # Thai has no capitals: in markup the card's name is not told from other words.
    assert {h for _, h in kept} == {"somchai.tattoo", "ffion.ink"}
    assert rejected["malee.pierce"] == "not_a_tattooist"  # ช่างเจาะ: a piercer


def test_the_other_language_versions_of_a_page() -> None:
    html = (
        '<head><link rel="alternate" hreflang="sk" href="https://studio.example/">'
        '<link rel="alternate" hreflang="en" href="https://studio.example/en/">'
        '<link rel="alternate" hreflang="x-default" href="https://studio.example/x/"></head>'
        '<body><a href="/de/" lang="de">Deutsch</a><a href="https://other.example/en/" lang="en">'
        "EN</a></body>"
    )
    assert language_versions(html, URL) == [
        "https://studio.example/en/",
        "https://studio.example/de/",
    ]


def test_a_load_more_button_and_its_json_page() -> None:
    html = '<button class="js-load-more" data-next="/tateri/strana-2.json">Načíst další</button>'
    assert pagination_urls(html, URL) == ["https://studio.example/tateri/strana-2.json"]

    class JsonPage:
        def fetch(self, url: str) -> Page:
            card = '<article><h2>Martin Černý</h2><a href="https://instagram.com/mcerny.ink/">x</a>'
            body = json.dumps({"html": card + "</article>", "next": None})
            return Page(url=url, status=200, html=body, content_type="application/json")

    page = read_page("https://studio.example/tateri/strana-2.json", JsonPage())
    found = read_roster(page.html, page.url, "stu_1")
    assert [(c.name, c.instagram_handle) for c in found.candidates] == [
        ("Martin Černý", "mcerny.ink")
    ]


def test_guest_spots_over_by_their_dates() -> None:
    today = date(2026, 12, 6)
    assert range_ends("Nov 2–8, 2026") == [date(2026, 11, 8)]
    assert ended("Mina Sato · Tokyo 2 – 8 Nov 2026", today)
    assert ended("(Osaka) — 20 Oktober – 2 November 2026. Terima kasih!", today)
    assert not ended("(Seoul) — 1 – 12 Desember 2026", today)  # in the chair now
    assert not ended("from 28 November to 9 December 2026", today)
    assert not ended("10 – 20 Jan 2027", today)  # booked
    assert not ended("Posted 3 March 2025", today)  # one date is a post's, not a stay
    assert not ended("Tue–Sat 11:00–18:00", today)
    assert reason_in_label("2 – 8 Nov 2025") == "guest_spot_ended"


def test_words_of_people_who_left_or_do_not_tattoo() -> None:
    said = "Siobhán Walsh has moved to Berlin and is now tattooing at Stichhaus. Her books:"
    assert reason_in_bio(said) == "former_artist"
    assert reason_in_bio("Admin & kasir — yang membalas WhatsApp. Tidak menato ya!") == (
        "not_a_tattooist"
    )
    assert handles_in_text("Cal isn't on Instagram (never has been)") == []
    kept, rejected = roster(
        "<div><p><strong>Rizky Pratama</strong><br>Tidak main IG, lihat karyanya di TikTok: "
        '<a href="https://www.tiktok.com/@rizky.tt">@rizky.tt</a></p>'
        '<p><strong>Dewi Lestari</strong><br>IG: <a href="https://www.instagram.com/dewi.ink">'
        "@dewi.ink</a></p></div>"
    )
    assert rejected.get("rizky.tt") == "other_platform"
    assert ("Rizky Pratama", None) in kept  # an artist without Instagram, by name


def test_a_layout_tables_other_column_is_another_persons() -> None:
    kept, rejected = roster(
        "<h2>Seniman Kami</h2><table><tr>"
        "<td><p><strong>Putri Anjani</strong><br>Magang, sudah menerima tato flash.<br>"
        'IG: <a href="https://www.instagram.com/putri.tattoo">@putri.tattoo</a></p></td>'
        "<td><p><strong>Mbak Sari</strong><br>Admin &amp; kasir. Tidak menato ya!<br>"
        'IG: <a href="https://www.instagram.com/sari.desk">@sari.desk</a></p></td>'
        "</tr></table>"
    )
    assert ("Putri Anjani", "putri.tattoo") in kept
    assert rejected.get("sari.desk") == "not_a_tattooist"


def test_a_hand_written_scripts_list_is_read_as_data() -> None:
    script = (
        "// edit this list when a guest is booked\n"
        'var GUESTS = [{ name: "Rosa Lind", ig: "rosalind.tattoo", status: "now" },\n'
        '  { name: "Ben Okafor", ig: "benokafor_tattoo", status: "past" }];\n'
        'var out = document.getElementById("guest-list"); out.innerHTML = x.name + "";'
    )
    (guests,) = inline_data(f"<script>{script}</script>")
    found = read_roster_json(guests, URL, "stu_1")
    assert [(c.name, c.instagram_handle) for c in found.candidates] == [
        ("Rosa Lind", "rosalind.tattoo")
    ]
    assert {r.handle: r.reason for r in found.rejected} == {"benokafor_tattoo": "former_artist"}


def test_dates_alone_say_nothing_on_a_page_whose_every_range_is_over() -> None:
    # A guest table nobody updated since 2024: its words decide ("Booking now"), not its dates.
    kept, _ = roster(
        "<h2>Guest spots</h2><table><tr><th>Artist</th><th>Dates</th><th></th></tr>"
        '<tr><td>Luca Romano <a href="https://www.instagram.com/luca.ink/">@luca.ink</a></td>'
        "<td>3–7 June 2024</td><td>Booking now</td></tr></table>"
    )
    assert ("Luca Romano", "luca.ink") in kept


def test_an_artist_with_only_a_linktree_is_listed_by_name() -> None:
    item = (
        '<li class="list-item"><h2>{name}</h2><p>{text}</p>'
        '<a class="list-item-content__button" href="{href}">{button}</a></li>'
    )
    kept, _ = roster(
        "<ul>"
        + item.format(
            name="Thiago Nakamura",
            text="Oriental.",
            href="https://www.instagram.com/thiago.tattoo/",
            button="Ver Instagram",
        )
        + item.format(
            name="Bruna Albuquerque",
            text="Agenda no link abaixo.",
            href="https://linktr.ee/brunaalbuquerque",
            button="Links da Bruna",  # a button, not a second name in her card
        )
        + "</ul>"
    )
    assert kept == {("Thiago Nakamura", "thiago.tattoo"), ("Bruna Albuquerque", None)}


def test_an_astro_islands_props_are_the_data_it_draws() -> None:
    props = (
        '{"titulo":[0,"Residentes"],"artistas":[1,[[0,{"nombre":[0,"Ximena Ruiz"],'
        '"instagram":[0,"ximena.ruiz.tattoo"]}],[0,{"nombre":[0,"Emiliano Cruz"],'
        '"instagram":[0,"emiliano_cruz_ink"]}]]]}'
    )
    shell = (
        '<html><body><main><astro-island component-url="/_astro/Grid.js" props="'
        + props.replace('"', "&quot;")
        + '" client="only"></astro-island></main></body></html>'
    )
    assert inline_data(shell) == [
        {
            "titulo": "Residentes",
            "artistas": [
                {"nombre": "Ximena Ruiz", "instagram": "ximena.ruiz.tattoo"},
                {"nombre": "Emiliano Cruz", "instagram": "emiliano_cruz_ink"},
            ],
        }
    ]
