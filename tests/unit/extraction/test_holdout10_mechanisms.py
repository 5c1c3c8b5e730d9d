# ruff: noqa: RUF001  (Cyrillic page words look like Latin letters)
"""What holdout-10 taught, each as a general mechanism: an image map area's alt is what it
says, a bracketed account after a sentence is that sentence's, a denied Instagram label has
no account after it, the studio's own account does not spread to its neighbours, and
reviews, laser rooms, managers and inks "from" an account are not artists; a list left to
client-side templating needs script, and a component's state attribute is its data.
Hand-written."""

from __future__ import annotations

from datetime import date

from compute.adapters.web import FetchError, Page
from compute.extraction import menu_folder, read_roster, read_roster_json, roster_links
from compute.extraction.dates import ended, range_ends
from compute.extraction.instagram import mentions_in_text
from compute.extraction.page import inline_data, needs_javascript
from compute.services.find_artists import find_artists_for_url

URL = "https://x.test/"


def _rejected(html: str) -> dict[str, str]:
    return {r.handle: r.reason for r in read_roster(html, URL, "stu_1").rejected}


def _found(html: str) -> set[str]:
    return {c.instagram_handle or "" for c in read_roster(html, URL, "stu_1").candidates}


def test_an_image_map_area_is_read_by_its_alt_and_the_studio_does_not_spread() -> None:
    html = (
        "<main><img src='team.jpg' usemap='#t' alt='Team'><map name='t'>"
        "<area href='https://instagram.com/xbrava.mty/' alt='X Brava' title='X Brava'>"
        "<area href='https://instagram.com/chivo.garza.tattoo/' "
        "alt='Iván “Chivo” Garza \u2013 black &amp; grey' title='Iván “Chivo” Garza'>"
        "<area href='https://instagram.com/rosa.lima.ink/' alt='Rosa Lima \u2013 fine line' "
        "title='Rosa Lima'>"
        "<area href='https://instagram.com/pao.front.tb/' "
        "alt='Pao \u2013 recepción y citas (no tatúa)' title='Pao \u2013 recepción'>"
        "</map></main>"
    )
    roster = read_roster(html, "https://xbrava.mx/", "stu_1")
    assert {c.instagram_handle for c in roster.candidates} == {
        "chivo.garza.tattoo",
        "rosa.lima.ink",
    }
    assert {r.handle: r.reason for r in roster.rejected} == {
        "xbrava.mty": "studio_account",
        "pao.front.tb": "not_a_tattooist",
    }


def test_an_account_in_brackets_after_a_sentence_is_that_sentences() -> None:
    html = (
        "<main><p>Ciao, sono <strong>Sara Bellini</strong> @sara.bellini.ink, fine line.</p>"
        "<p>Le foto di questa pagina sono di Marta, grazie! (@marta.scatti)</p></main>"
    )
    assert _rejected(html).get("marta.scatti") == "photographer"


def test_a_denied_instagram_label_has_no_account_after_it() -> None:
    assert not mentions_in_text("Não usa Instagram — acompanhe os trabalhos no TikTok.")
    assert not mentions_in_text("Sin Instagram - siguela en TikTok")
    # pt "no Instagram" is "on Instagram": no denial
    assert [m.handle for m in mentions_in_text("Siga no Instagram: joana.ink")] == ["joana.ink"]
    assert [m.handle for m in mentions_in_text("Instagram — lari.nunes")] == ["lari.nunes"]


def test_reviews_laser_rooms_managers_and_inks_from_an_account_are_not_artists() -> None:
    html = (
        "<main><section><h2>Nossa equipe</h2>"
        "<div><h3>Bruna Cavalcanti</h3><a href='https://instagram.com/bruna.ink'>IG</a></div>"
        "<div><h3>Danial Hakimi</h3><p>Perantis. Belum menatu pelanggan.</p>"
        "<a href='https://instagram.com/danial.lukis'>IG</a></div>"
        "<div><h3>Siti Zulaikha</h3><p><em>Pengurus Studio</em> — tempahan.</p>"
        "<a href='https://instagram.com/siti.desk'>IG</a></div>"
        "<div><h3>Jason Wong</h3><p>Laser technician, Saturdays.</p>"
        "<a href='https://instagram.com/laserbyjason'>IG</a></div></section>"
        "<section><h2>O que dizem nossos clientes</h2>"
        "<p>“Adorei!” — Camila Rocha (@camila.rocha.rec)</p></section>"
        "<h2>Galeria</h2>"
        "<p>Lahat ng tinta namin ay mula sa @solidink at @radiantcolorsink.</p></main>"
    )
    assert _found(html) == {"bruna.ink"}
    assert _rejected(html) == {
        "danial.lukis": "not_a_tattooist",
        "siti.desk": "not_a_tattooist",
        "laserbyjason": "not_a_tattooist",
        "camila.rocha.rec": "client",
        "solidink": "supplier_or_brand",
        "radiantcolorsink": "supplier_or_brand",
    }


ALPINE = """<html><head><script defer src="https://cdn.example/alpine.min.js"></script></head>
<body><h1>Willkommen</h1><p>Seit 2019 tätowieren wir im Lend, zwei Minuten vom Lendplatz,
mit viel Zeit für euer Motiv und nur mit veganen Farben und Einwegmodulen.</p>
<section x-data="{
  team: [
    { name: 'Lena Hofer', rolle: 'Tattoo', ig: 'lena.hofer.tattoo', aktiv: true },
    { name: 'Miriam Steiner', rolle: 'Piercing', ig: 'miriam.piercing.graz', aktiv: true },
    { name: 'Jakob Huber', rolle: 'Tattoo', ig: 'jakob.huber.ink', aktiv: false },
    { name: 'Toni Berg', rolle: 'Tattoo', ig: 'toni.berg.ink', aktiv: true,
      notiz: 'seit 09/2026 nicht mehr im Studio' }
  ]
}"><h2>Die Leute</h2>
<template x-for="p in team.filter(t => t.aktiv)" :key="p.name">
  <article><h3 x-text="p.name"></h3>
  <a :href="'https://www.instagram.com/' + p.ig + '/'" x-text="'@' + p.ig"></a></article>
</template></section></body></html>"""


def test_a_list_left_to_client_side_templating_needs_script_but_not_once_drawn() -> None:
    assert needs_javascript(ALPINE)
    assert not needs_javascript(ALPINE, rendered=True)  # Alpine keeps its <template>s
    vue = (
        "<html><head><script src='/app.js'></script></head><body><p>"
        + "Unser Studio in Graz, seit 2019, mit viel Zeit für jedes Motiv. " * 3
        + "</p><ul><li>{{ artist.name }} · {{ artist.style }}</li></ul></body></html>"
    )
    assert needs_javascript(vue)


def test_a_components_state_attribute_is_read_as_data_with_its_languages_keys() -> None:
    state = next(d for d in inline_data(ALPINE) if isinstance(d, dict) and "team" in d)
    found = read_roster_json(state, URL, "stu_1")
    assert {c.instagram_handle for c in found.candidates} == {"lena.hofer.tattoo"}
    assert {r.handle: r.reason for r in found.rejected} == {
        "miriam.piercing.graz": "not_a_tattooist",  # rolle: Piercing
        "jakob.huber.ink": "former_artist",  # aktiv: false
        "toni.berg.ink": "former_artist",  # a note: 'nicht mehr im Studio'
    }


def test_handle_shaped_words_beside_a_label_without_a_separator_are_accounts() -> None:
    def handles(text: str) -> list[str]:
        return [m.handle for m in mentions_in_text(text)]

    assert handles("illustrativo a colori — IG sarabellini.ink") == ["sarabellini.ink"]
    assert handles("Trovate i suoi lavori su elena.conti.tattoo (IG).") == ["elena.conti.tattoo"]
    assert handles("ज़ोया का काम इंस्टा पर देखें — zoya.khan.tattoo") == ["zoya.khan.tattoo"]
    assert handles("New IG stories every day, IG 2024 recap") == []  # not handle-shaped


def test_a_guest_table_of_numeric_day_first_ranges_is_dated() -> None:
    assert range_ends("15/09 \u2013 30/09/2026") == [date(2026, 9, 30)]
    assert range_ends("01.12. - 14.12.2026") == [date(2026, 12, 14)]
    assert range_ends("09/15 - 09/30/2026") == [date(2026, 9, 30)]  # month first: 30 is no month
    assert ended("15/09 \u2013 30/09/2026", today=date(2026, 12, 6))
    assert not ended("01/12 \u2013 14/12/2026", today=date(2026, 12, 6))


def test_roster_and_guest_links_in_hindi_russian_and_vietnamese_are_followed() -> None:
    html = (
        "<nav><a href='/kalakar/'>हमारे कलाकार</a><a href='/o-nas/'>О студии</a>"
        "<a href='/nghe-si-khach/'>Nghệ sĩ khách</a><a href='/komanda/'>Наша команда</a></nav>"
    )
    assert set(roster_links(html, URL)) == {
        f"{URL}kalakar/",
        f"{URL}nghe-si-khach/",
        f"{URL}komanda/",
    }


def test_a_card_that_is_one_link_leads_to_its_artists_page() -> None:
    html = "<main><h2>Наши мастера</h2><div class='grid'>" + "".join(
        f"<a class='card' href='/mastera/{slug}/'><span class='name'>{name}</span>"
        f"<span class='style'>графика</span></a>"
        for slug, name in (("alina-safina", "Алина Сафина"), ("timur-garipov", "Тимур Гарипов"))
    )
    roster = read_roster(html + "</div></main>", URL, "stu_1")
    assert {(c.name, c.profile_url) for c in roster.candidates} == {
        ("Алина Сафина", f"{URL}mastera/alina-safina/"),
        ("Тимур Гарипов", f"{URL}mastera/timur-garipov/"),
    }


def test_hindi_news_former_and_reception_and_a_french_follow_us_are_not_artists() -> None:
    html = (
        "<main><article><h3>फ़रवरी 2027: दिल्ली टैटू कन्वेंशन</h3><p>हम फ़रवरी में "
        "@indiatattoofest में स्टॉल नंबर 22 पर होंगे। हमारे पड़ोसी स्टॉल पर मुंबई के कबीर "
        "(@kabir.ink.mumbai) होंगे</p></article>"
        "<article><h3>दिवाली फ़्लैश डे</h3><p>आप सबका धन्यवाद! तस्वीरें: @jaipurframes</p></article>"
        "<p>पूजा अब हमारे साथ काम नहीं करतीं। उनका पुराना काम: @pooja.verma.art</p>"
        "<p>नेहा टैटू नहीं बनातीं। @neha.at.syahi</p>"
        "<p>Suivez le studio de Lévis : @xboreale.levis</p></main>"
    )
    assert _found(html) == set()
    assert _rejected(html) == {
        "indiatattoofest": "convention",
        "kabir.ink.mumbai": "convention",
        "jaipurframes": "photographer",
        "pooja.verma.art": "former_artist",
        "neha.at.syahi": "not_a_tattooist",
        "xboreale.levis": "studio_account",
    }


def test_the_other_pages_of_a_menu_folder_are_pages_of_one_kind() -> None:
    html = (
        "<header><nav><a href='/'>Accueil</a><div class='folder'><button>Nos studios</button>"
        "<div class='folder-content'><div><a href='/saint-roch/'>Saint-Roch</a></div>"
        "<div><a href='/levis/'>Lévis</a></div></div></div><a href='/soins/'>Soins</a>"
        "</nav></header>"
    )
    assert menu_folder(html, URL, f"{URL}saint-roch/") == [f"{URL}levis/"]
    assert menu_folder(html, URL, f"{URL}soins/") == []  # a flat menu is no folder


class _Fetcher:
    def __init__(self, replies: dict[str, str]) -> None:
        self.replies = replies
        self.urls: list[str] = []

    def fetch(self, url: str) -> Page:
        self.urls.append(url)
        if url not in self.replies:
            raise FetchError(url, "not_found")
        return Page(url, 200, self.replies[url], "text/html")


def _shop(*people: tuple[str, str]) -> str:
    cards = "".join(
        f"<div class='card'><h3>{name}</h3><a href='https://instagram.com/{handle}'>IG</a></div>"
        for name, handle in people
    )
    return f"<html><head><title>Shop</title></head><body><main>{cards}</main></body></html>"


def test_find_artists_reads_each_shop_of_a_menu_folder() -> None:
    nav = (
        "<header><nav><a href='/'>Accueil</a><div class='folder'><div class='folder-content'>"
        "<div><a href='/saint-roch/'>Saint-Roch</a></div><div><a href='/levis/'>Lévis</a></div>"
        "</div></div><a href='/soins/'>Soins</a></nav></header>"
    )
    home = f"<html><body>{nav}<main><h1>Deux studios</h1><p>Bienvenue.</p></main></body></html>"
    fetcher = _Fetcher(
        {
            URL: home,
            f"{URL}saint-roch/": _shop(("Maude Gagnon", "maude.ink"), ("Obi Roy", "obr.tattoo")),
            f"{URL}levis/": _shop(("Jérémie Pelletier", "jp.tattoo"), ("Lou Roy", "lou.ink")),
        }
    )
    reading = find_artists_for_url(URL, fetcher)
    assert {c.instagram_handle for c in reading.candidates} == {
        "maude.ink",
        "obr.tattoo",
        "jp.tattoo",
        "lou.ink",
    }
    assert fetcher.urls == [URL, f"{URL}saint-roch/", f"{URL}levis/"]


def test_repeater_items_whose_builder_numbers_their_classes_are_one_shape() -> None:
    items = "".join(
        f"<div class='wixui-repeater__item comp-lq8x__item-{key}' role='listitem'>"
        f"<h2>{name}</h2><p>{line}</p>{link}</div>"
        for key, name, line, link in (
            (
                "a1",
                "Thiago Albuquerque",
                "Realismo.",
                "<a href='https://instagram.com/thiago.a'><svg aria-hidden='true'></svg></a>",
            ),
            (
                "b2",
                "Bruna Cavalcanti",
                "Fine line.",
                "<a href='https://instagram.com/bruna.c'><svg aria-hidden='true'></svg></a>",
            ),
            (
                "d4",
                "Lari Nunes",
                "Não usa Instagram.",
                "<a href='https://tiktok.com/@lari'><svg aria-hidden='true'></svg></a>",
            ),
        )
    )
    roster = read_roster(f"<main><div role='list'>{items}</div></main>", URL, "stu_1")
    assert {(c.name, c.instagram_handle) for c in roster.candidates} == {
        ("Thiago Albuquerque", "thiago.a"),
        ("Bruna Cavalcanti", "bruna.c"),
        ("Lari Nunes", None),
    }
