"""What holdout-58..61 (tests/corpus: 56 studios by writers who never read the extractor; scored
unseen at 0.910 / 0.877 pooled on the code before this round) showed, as general mechanisms:
a roster's place that says it is loading in the page's language, a band a timer fills after
load, a card link titled by its first line, structured data's alumni and credits, a button's
own ended dates, builder classes hashed per element, a first-name title with the full name
under it, headings that end a person's part of the page, denials of any social media, guests'
pages in more languages, short Chinese and long Korean words. Snippets as such sites write
them."""

from __future__ import annotations

import json
from datetime import date

import pytest

from compute.extraction import dates, people_links, read_roster, read_roster_json, roster_links
from compute.extraction.instagram import denies_account
from compute.extraction.names import cjk_name, person_name, short_chinese_name
from compute.extraction.page import needs_javascript, still_drawing
from compute.extraction.rejection import (
    CLIENT,
    FORMER,
    GUEST_ENDED,
    PHOTOGRAPHER,
    SUPPLIER,
    is_studio_name,
    reason_in_bio,
    reason_in_entry,
    reason_in_label,
    reason_in_lead,
)

STUDIO = "http://studio.studio.test/"


@pytest.fixture(autouse=True)
def _on_the_corpus_day() -> object:
    dates.pin_today(date(2026, 12, 7))
    yield
    dates.pin_today(None)


def names(roster: object) -> dict[str | None, str | None]:
    return {c.name: c.instagram_handle for c in roster.candidates}  # type: ignore[attr-defined]


def rejected(roster: object) -> dict[str | None, str]:
    return {r.handle or r.name: r.reason for r in roster.rejected}  # type: ignore[attr-defined]


def test_a_roster_place_that_says_it_is_loading_in_spanish_needs_a_browser() -> None:
    html = (
        '<html lang="es"><body><header><nav><a href="#equipo">Equipo</a></nav></header>'
        '<section id="estudio"><h1>Tinta Gris</h1><p>Estudio privado en Bilbao desde 2017. '
        "Trabajamos solo con cita previa, material desechable y mucho café.</p></section>"
        '<section id="equipo"><h2>Equipo</h2><div class="equipo-grid" id="equipo-grid" '
        'data-endpoint="/data/equipo.json"><p class="cargando">{}</p></div>'
        "</section>"
        '<section id="citas"><h2>Citas</h2><p>Rellena el formulario con tu idea, la zona del '
        "cuerpo y el tamaño aproximado. Respondemos en 3 a 5 días laborables.</p></section>"
        '<script src="/js/equipo.js" defer></script></body></html>'
    )
    assert needs_javascript(html.format("Cargando equipo…"))
    assert needs_javascript(html.format("Ładowanie…"))
    assert not needs_javascript(html.format("Ane Etxeberria, blackwork y lettering desde 2015"))


def test_a_browser_waits_for_a_band_its_own_script_fills_on_a_timer() -> None:
    page = (
        '<html><body><section id="csapat"><h2>A csapat</h2><div class="row" id="csapat-lista">'
        "{}</div></section><section><h2>Galéria</h2><p>Koi alkar, hátmunka, rózsa. Időpontot "
        "e-mailben kérhetsz referencia képpel, mérettel és hellyel; a foglaló 15 000 Ft, amit "
        "az első ülés árából levonunk. Nyitva kedden és szombaton 10 és 18 óra között, a "
        "Baross Gábor úton, a kávézó mellett.</p></section>"
        "<script>var csapat=[['Horváth Dániel','horvath.daniel']];window.addEventListener('load',"
        "function(){setTimeout(function(){var root=document.getElementById('csapat-lista');"
        "csapat.forEach(function(a){var d=document.createElement('div');d.innerHTML="
        "'<h3>'+a[0]+'</h3><a href=\"https://www.instagram.com/'+a[1]+'/\">@'+a[1]+'</a>';"
        "root.appendChild(d);});},1500);});</script></body></html>"
    )
    drawn = (
        '<div><h3>Horváth Dániel</h3><a href="https://www.instagram.com/horvath.daniel/">'
        "@horvath.daniel</a></div>"
    )
    assert still_drawing(page.replace("{}", ""))
    assert not still_drawing(page.replace("{}", drawn))


def test_a_card_link_is_named_by_its_first_line() -> None:
    html = (
        '<ul><li><a href="/kallitechnes/maria-papadaki/"><img src="/m.webp" alt="">'
        "<span>Μαρία Παπαδάκη</span><small>Fine line · Botanical</small></a></li>"
        '<li><a href="/kallitechnes/nikos-zervakis/"><img src="/n.webp" alt="">'
        "<span>Νίκος Ζερβάκης</span><small>Guest · Realism</small></a></li></ul>"
    )
    assert people_links(f"<html><body>{html}</body></html>", STUDIO, menu=False) == [
        (f"{STUDIO}kallitechnes/maria-papadaki/", "Μαρία Παπαδάκη"),
        (f"{STUDIO}kallitechnes/nikos-zervakis/", "Νίκος Ζερβάκης"),
    ]


def test_the_studios_name_in_any_script_is_no_persons_and_an_article_is_no_name() -> None:
    assert is_studio_name("Κόκκινο Φίδι", ["Κόκκινο Φίδι Tattoo"])
    assert not is_studio_name("Μαρία Παπαδάκη", ["Κόκκινο Φίδι Tattoo"])
    assert person_name("\u0397 Μαρία") is None  # "the Maria": a sentence's words
    assert person_name("Μαρία Παπαδάκη") == "Μαρία Παπαδάκη"


def test_structured_data_alumni_by_reference_credits_and_former_titles_are_no_artists() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "TattooParlor",
                "@id": "#studio",
                "name": "Kék Macska",
                "employee": [{"@id": "#anna"}],
                "alumni": [{"@id": "#gergo"}],
                "image": {
                    "@type": "ImageObject",
                    "author": {
                        "@type": "Person",
                        "name": "Fehér Bálint",
                        "sameAs": "https://www.instagram.com/feherbalint.foto/",
                    },
                },
            },
            {
                "@type": "Person",
                "@id": "#anna",
                "name": "Kiss Anna",
                "jobTitle": "tetováló",
                "sameAs": "https://www.instagram.com/kissanna.tattoo/",
            },
            {
                "@type": "Person",
                "@id": "#gergo",
                "name": "Lakatos Gergő",
                "sameAs": "https://www.instagram.com/gergo.lakatos.tattoo/",
            },
            {
                "@type": "Person",
                "name": "Bastien Collard",
                "jobTitle": "Ancien tatoueur de la maison (2019-2024)",
                "sameAs": "https://www.instagram.com/bastien.collard.tattoo/",
            },
        ],
    }
    html = (
        f'<html><head><script type="application/ld+json">{json.dumps(graph)}</script></head>'
        "<body><h1>Kék Macska</h1></body></html>"
    )
    roster = read_roster(html, STUDIO, "s")
    assert names(roster) == {"Kiss Anna": "kissanna.tattoo"}
    assert rejected(roster) == {
        "gergo.lakatos.tattoo": FORMER,
        "feherbalint.foto": PHOTOGRAPHER,
        "bastien.collard.tattoo": FORMER,
    }


def test_a_link_buttons_own_ended_dates_count_on_a_page_that_names_next_year() -> None:
    button = '<div role="link" data-href="https://www.instagram.com/{0}/"><p>{1}</p></div>'
    html = (
        "<html><body><div id='links'><p>Agenda con tu tatuador</p>"
        + button.format("dani.tinta", "Dani 🖤 blackwork")
        + button.format("vero_tattoo_mx", "Vero ✿ fineline")
        + button.format("rafaluna.tattoo", "✈️ Guest spot noviembre: Rafa Luna (3 al 9 de nov)")
        + "<p>Nos vemos en la Expo Tatuaje 2027</p></div></body></html>"
    )
    roster = read_roster(html, STUDIO, "s")
    assert rejected(roster)["rafaluna.tattoo"] == GUEST_ENDED
    assert {c.instagram_handle for c in roster.candidates} == {"dani.tinta", "vero_tattoo_mx"}


def test_finnish_months_and_a_start_or_an_earlier_guest_in_more_languages() -> None:
    assert dates.named_months_over("Marraskuun vierailija Lars Dahl kiittää kaikkia")
    assert reason_in_lead("Marraskuun vierailija Lars Dahl (") == GUEST_ENDED
    assert not dates.named_months_over("Joulukuun vierailija Lars Dahl")  # this month
    # "the newest member of the team, since February 2026": a start, not a stay that is over
    assert reason_in_entry("Cel mai nou membru al echipei, din februarie 2026.") is None
    assert reason_in_entry("Februarie 2026 - Vlad Stan - gata") == GUEST_ENDED
    assert reason_in_label("Eerder te gast") == GUEST_ENDED
    assert reason_in_bio("In oktober en november waren @kai.tattoos en @bella bij ons.") == (
        GUEST_ENDED
    )


def test_an_elementor_card_without_an_account_is_one_of_the_roster() -> None:
    card = (
        '<div class="elementor-element elementor-element-{0} e-con-full e-flex e-con e-child">'
        '<div class="elementor-widget-heading"><h3 class="elementor-heading-title">{1}</h3></div>'
        '<div class="elementor-widget-text-editor"><p>{2}</p></div></div>'
    )
    html = (
        '<html><body><div class="e-con-inner">'
        + card.format("a1b2c3d", "Jana Vogt", "Fineline. Insta: @jana.vogt.tattoo")
        + card.format("e4f5a6b", "Mirko Lehmann", "Blackwork. Insta: @mirko_lehmann_ink")
        + card.format("c7d8e9f", "Lea Fink", "Dotwork &amp; Mandala. Lea ist nicht auf Instagram.")
        + "</div></body></html>"
    )
    assert names(read_roster(html, STUDIO, "s")) == {
        "Jana Vogt": "jana.vogt.tattoo",
        "Mirko Lehmann": "mirko_lehmann_ink",
        "Lea Fink": None,
    }


def test_a_card_titled_by_a_first_name_takes_the_full_name_under_it() -> None:
    card = '<div class="wp-block-media-text{0}"><div><h3>{1}</h3><p>{2}</p></div></div>'
    html = (
        "<html><body><main>"
        + card.format("", "Clara", "Clara Dufresne fait du fineline. (IG : @clara.corbeau)")
        + card.format(" right", "Hugo", "Hugo Lemaire fait du blackwork.<br>Insta - hugo_blk")
        + card.format(" right", "Sami", "Sami Haddad tatoue le mardi. Sami n'a pas de compte.")
        + "</main></body></html>"
    )
    assert names(read_roster(html, STUDIO, "s"))["Sami Haddad"] is None


def test_a_heading_between_a_name_and_an_account_parts_them() -> None:
    html = (
        "<html><body><h2>Zespół</h2>"
        '<div class="member"><h4>Natalia Wójcik</h4><p>Insta: @natalia.wojcik.tattoo</p></div>'
        '<div class="member"><h4>Kasia Dąbrowska</h4><p>Minimalizm, napisy.</p></div>'
        "<h3>Gościnnie</h3><p>10\u201315 listopada: Marta z Warszawy "
        '(<a href="https://www.instagram.com/marta.ink.waw/">@marta.ink.waw</a>)</p>'
        "</body></html>"
    )
    roster = read_roster(html, STUDIO, "s")
    found = [r for r in roster.rejected if r.handle == "marta.ink.waw"]
    assert all(r.name != "Kasia Dąbrowska" for r in found)
    assert "Kasia Dąbrowska" in names(roster)


def test_no_social_media_at_all_denies_an_account() -> None:
    assert denies_account("Bảo không dùng mạng xã hội, vui lòng gọi studio")
    assert denies_account("Non usa i social: scrivici per il portfolio")
    assert denies_account("Blackwork. Instagram nemá, ukázky najdete v galerii")
    assert denies_account("has been tattooing for years and refuses to join Instagram")
    assert not denies_account("Find her on Instagram, or follow our socials")


def test_guest_pages_are_found_in_more_languages() -> None:
    html = (
        '<html><body><nav><a href="/">Início</a><a href="/convidados">Convidados</a>'
        '<a href="/loja">Loja</a></nav><h1>Marinheiro</h1></body></html>'
    )
    assert f"{STUDIO}convidados" in roster_links(html, STUDIO)


def test_a_client_a_camera_and_a_recommended_cream_name_no_artists() -> None:
    assert reason_in_lead("Pivoine par Clara, pour ") == CLIENT
    assert reason_in_lead("Healed pike on ") == CLIENT
    # A camera before an account is no credit by itself: cards use it as Instagram's icon
    # ("Founder. Fine line, florals.<br>📸 wanjiku.ink")
    assert reason_in_lead("Founder. Fine line, florals. 📸 ") is None
    assert reason_in_lead("Cicatrização: indicamos ") == SUPPLIER
    assert reason_in_lead("Find her work on ") is None
    assert reason_in_lead("2025年春まで在籍していた中川 翔\uff08") == FORMER


def test_a_feed_entry_that_does_not_tattoo_is_no_artist() -> None:
    data = [
        {"nome": "Inês Ramos", "funcao": "Tatuadora", "tatua": True, "instagram": "ines.ramos"},
        # a flag about something of the trade, not whether she tattoos: an artist still
        {
            "nome": "Tiago Neves",
            "funcao": "Tatuador",
            "tattooBooksOpen": False,
            "instagram": "tiago.nv",
        },
        {"nome": "Rita Sousa", "funcao": "Receção e marcações", "instagram": "rita.recepcao"},
        {"nome": "Rui Costa", "funcao": "Gestão", "tatua": False, "instagram": "rui.costa.pt"},
    ]
    roster = read_roster_json(data, STUDIO, "s")
    assert set(names(roster).values()) == {"ines.ramos", "tiago.nv"}


def test_short_chinese_and_long_korean_words_in_their_places() -> None:
    assert cjk_name("주의사항") is None  # "notes", a menu's word
    assert cjk_name("상관없음") is None  # "any", a booking widget's first option
    assert cjk_name("강도윤") == "강도윤"
    assert cjk_name("남궁민수") == "남궁민수"  # a family name of two syllables
    assert cjk_name("陈默") is None  # two characters: a word as often as a name ...
    assert short_chinese_name("陈默") == "陈默"  # ... unless a card's title over her picture
    card = (
        '<article class="card"><img alt="{0}" src="/a.jpg"><h3>{0} <small>{1}</small></h3>'
        "<p>{2}</p>{3}</article>"
    )
    html = (
        "<html><body><section><h2>驻店纹身师</h2>"
        + card.format(
            "林晓", "Lin Xiao", "主理人。", '<a href="https://instagram.com/linxiao.t">IG</a>'
        )
        + card.format(
            "周野", "Zhou Ye", "黑灰写实。", '<a href="https://instagram.com/zhouye_ink">IG</a>'
        )
        + card.format("陈默", "Chen Mo", "细线与小图案。", "")
        + "</section></body></html>"
    )
    assert names(read_roster(html, STUDIO, "s")) == {
        "林晓": "linxiao.t",
        "周野": "zhouye_ink",
        "陈默": None,
    }


def test_a_staff_rows_label_is_its_person_and_a_pictures_title_is_no_first_name() -> None:
    row = (
        '<market-row class="staff-row"><label slot="label">{0}</label>'
        '<p slot="subtext">타투이스트</p><p slot="side-text">{1}</p></market-row>'
    )
    html = (
        "<html><body><market-list>"
        + row.format("한지우", "섬세한 라인. 인스타그램 @jiwoo.dalbit")
        + row.format("오세린", "컬러 작업. IG: serin_colortattoo")
        + row.format("강도윤", "호랑이, 용, 모란 등 동양 모티프 전문.")
        + "</market-list></body></html>"
    )
    assert names(read_roster(html, STUDIO, "s"))["강도윤"] is None
    item = (
        '<div class="gallery-item"><img src="/g.jpg" alt="{0}">'
        '<div class="gallery-item-title">{0} \u2013 {1}</div></div>'
    )
    gallery = (
        '<html><body><div class="gallery">'
        + item.format("Kuva", "@mikkosalo.photo")
        + item.format("Pääskyset", "@helsinkiinkfestival")
        + item.format("Kielo", "Saana")
        + "</div></body></html>"
    )
    assert "Kielo" not in names(read_roster(gallery, STUDIO, "s"))


# -- holdout-62..65 (56 sites; scored unseen on c9837c9 at 0.918 / 0.926 pooled) ---------------


def test_a_site_builders_page_wide_settings_label_no_part_of_the_page() -> None:
    """Squarespace writes its settings on <body> ("event-show-past-events"): every roster on
    such a site is current."""
    html = (
        '<html><body class="ancillary-header event-show-past-events hide-page-banner">'
        '<div class="user-items-list"><div class="list-item"><h2>Clara Hofbauer</h2>'
        '<p>Fineline. <a href="https://www.instagram.com/clarahofbauer.tattoo/">Instagram</a>'
        '</p></div><div class="list-item"><h2>Emre Yildiz</h2><p>Blackwork. '
        '<a href="https://www.instagram.com/emre.yildiz.blackwork/">Instagram</a></p></div>'
        "</div></body></html>"
    )
    roster = read_roster(html, STUDIO, "s")
    assert {c.instagram_handle for c in roster.candidates} == {
        "clarahofbauer.tattoo",
        "emre.yildiz.blackwork",
    }


def test_a_call_to_book_outside_the_menu_leads_to_the_booking_page() -> None:
    from compute.extraction import menu_links

    html = (
        '<html><body><nav><a href="/">Home</a><a href="/gallery/">Gallery</a></nav>'
        '<div data-ux="Block"><a data-ux="Button" href="/book/">Book now</a></div>'
        '<a href="/blog/first-post/">Read the blog</a></body></html>'
    )
    links = menu_links(html, STUDIO)
    assert f"{STUDIO}book/" in links
    assert f"{STUDIO}blog/first-post/" not in links


def test_feed_entries_that_stopped_and_dates_written_with_slashes() -> None:
    data = [
        {"navn": "Signe Holm", "instagram": "signe.holm.ink", "status": "aktiv"},
        {"navn": "Maja Lund", "instagram": "maja.lund.tattoo", "status": "aktiv"},
        {"navn": "Rasmus Krog", "instagram": "rasmuskrog.tattoo", "status": "stoppet"},
        {"nom": "Oriol Serra", "instagram": "oriolserra.tattoo", "actiu": False},
        {"name": "Dami", "instagram": "dami.ink.seoul", "from": "2026/10/05", "to": "2026/10/18"},
    ]
    roster = read_roster_json(data, STUDIO, "s")
    assert {c.instagram_handle for c in roster.candidates} == {"signe.holm.ink", "maja.lund.tattoo"}


def test_where_an_artist_worked_before_and_farewells_in_more_languages() -> None:
    assert reason_in_lead("Før Trondheim jobbet hun i mange år hos ") == "other_studio"
    assert reason_in_lead("Thomas a rejoint l'équipe d'") == "other_studio"
    assert reason_in_lead("Dříve s námi tetoval i Radek Beneš (") == FORMER
    assert reason_in_lead("陈默老师已于2025年离开墨云\uff0c现在上海独立工作\uff08") == FORMER
    assert reason_in_bio(
        "He opened his own shop. Follow him at @x. We\u2019ll miss you, buddy."
    ) == (FORMER)
    assert reason_in_label("[종료] 11월 게스트 \u00b7 미아 (서울)") == GUEST_ENDED


def test_press_awards_photos_and_recommended_products_in_more_languages() -> None:
    assert reason_in_lead("Omtalt i ") == "press_or_feature"
    assert reason_in_lead("Rozhovor s naším studiem vyšel v magazínu ") == "press_or_feature"
    assert reason_in_lead("Bia premiada na ") == "convention"
    assert reason_in_lead("Pioenroos \u2013 Femke\nFoto door") == PHOTOGRAPHER
    assert reason_in_lead("Vi heler med Second Skin og anbefaler ") == SUPPLIER
    thanks_the_sponsor = "(ขอบคุณสปอนเซอร์ "  # th
    assert reason_in_lead(thanks_the_sponsor) == SUPPLIER


# -- holdout-66..69 (56 sites; scored unseen on b2485fb at 0.934 / 0.950 pooled) ---------------


def test_a_loader_s_own_style_does_not_fill_an_app_s_mount_point() -> None:
    html = (
        '<html><head><script src="/_nuxt/app.js" defer></script></head><body><div id="__nuxt">'
        "<style>#nuxt-loading{background:#fff;visibility:hidden;opacity:0;position:absolute;"
        "left:0;right:0;top:0;bottom:0;display:flex;justify-content:center}</style>"
        '<div id="nuxt-loading" aria-live="polite" role="status"><div>Chargement…</div></div>'
        "</div></body></html>"
    )
    assert needs_javascript(html)


def test_a_feed_entrys_instagram_url_under_any_key_and_an_ended_state() -> None:
    data = {
        "roster": [
            {
                "name": "김예린",
                "role": "대표",
                "link": "https://www.instagram.com/yerin_tattooist/",
            },
            {"name": "정우진", "role": "컬러", "link": "https://instagram.com/woojin.blackwork"},
        ],
        "passages": [
            {"nom": "Pablo Ortega", "ig": "pabloortega.tattoo", "etat": "terminé"},
        ],
    }
    roster = read_roster_json(data, STUDIO, "s")
    assert names(roster) == {"김예린": "yerin_tattooist", "정우진": "woojin.blackwork"}
    assert rejected(roster)["pabloortega.tattoo"] == GUEST_ENDED


def test_form_fields_are_no_names_and_farewells_in_more_languages() -> None:
    assert person_name("Dein Name") is None
    assert person_name("Your Email") is None
    ended = [
        "This summer we had Mateo Ruiz over from Valencia. Cheers for a mint week, Mateo!",
        "En octubre pasó por aquí Bruno Kaiser (",
        "지난 게스트: 9월 — 미카 (도쿄, 핸드포크) ",
        "Khách mời đã qua Tháng 8/2026: Kento (Osaka, tebori) — ",
    ]
    assert [reason_in_lead(text) for text in ended] == [GUEST_ENDED] * 4
    gone = [
        "Après quatre belles années avec nous, Jérémie Paré (",
        "Tim Vogel hat sich nach acht Jahren von uns verabschiedet. Neue Arbeiten unter ",
        "Farid kini sudah berpindah ke Kuala Lumpur. Ikuti karyanya di ",
    ]
    assert [reason_in_lead(text) for text in gone] == [FORMER] * 3
