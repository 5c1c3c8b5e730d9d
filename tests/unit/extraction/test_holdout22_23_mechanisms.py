# ruff: noqa: RUF001
"""What holdout-22 and -23 taught, each as a general mechanism. First the needs-a-browser
judgement: a band of the page whose roster a same-site script puts in place after load
(jQuery's `$.getJSON`, a timer over an inline array, `fetch`) is read from the script's data
or rendered, whatever the page's language calls it, while a map, a form's spinner, a theme's
preloader or a blog's "loading more" are not. Hand-written, as such sites write them."""

from __future__ import annotations

import json

from compute.adapters.web import FetchError, Page
from compute.extraction import read_roster, read_roster_json
from compute.extraction.instagram import handles_in_text
from compute.extraction.page import needs_javascript, script_urls
from compute.extraction.rejection import (
    is_studio_handle,
    reason_in_handle,
    reason_in_lead,
    reason_in_trail,
)
from compute.services.crawl import read_page

URL = "https://lis.example/"

_BOOTSTRAP3 = """<!DOCTYPE html><html lang="pl"><head><title>Lis Tattoo</title>
<script>(function(i,s,o,g,r){i['GoogleAnalyticsObject']=r;})(window,document,'script',
'//www.google-analytics.com/analytics.js','ga');</script></head>
<body><nav class="navbar navbar-inverse navbar-fixed-top"><div class="container">
<a class="navbar-brand" href="#top">Lis</a><ul class="nav navbar-nav">
<li><a href="#studio">Studio</a></li><li><a href="#ekipa">Ekipa</a></li></ul></div></nav>
<section id="studio" class="container"><h2>Studio</h2><p>Jesteśmy jednym z największych
studiów w Lublinie, od 2009 roku. Robimy wszystko: od małych napisów po pełne plecy, na
jednorazowym sprzęcie, tylko dla pełnoletnich.</p><img src="img/studio.jpg" alt="Studio"></section>
<section id="ekipa" class="bg-dark"><div class="container"><h2 class="text-center">Ekipa</h2>
<p class="text-center text-muted">Kliknij w zdjęcie, żeby zobaczyć Instagram artysty.</p>
<div class="row" id="lista"><div class="col-xs-12 text-center"><i class="fa fa-spinner fa-spin"></i>
Ładowanie...</div></div></div></section>
<footer class="footer"><p>&copy; Lis Tattoo</p></footer>
<script src="js/jquery.min.js"></script><script src="js/bootstrap.min.js"></script>
<script src="js/ekipa.js"></script></body></html>"""

_EKIPA_JS = """$(function () {
  $.getJSON('data/artists.json', function (dane) {
    var $lista = $('#lista'); $lista.empty();
    $.each(dane, function (i, a) {
      $lista.append($('<div class="col-xs-6 artysta"></div>').text(a.imie + ' ' + a.nazwisko));
    });
  });
});"""

_ARTISTS = [
    {"imie": "Magda", "nazwisko": "Wójcik", "instagram": "magda.wojcik.tattoo"},
    {"imie": "Kuba", "nazwisko": "Nowak", "instagram": "kubanowak_tattoo"},
    {"imie": "Tomek", "nazwisko": "Sikora", "instagram": "", "uwagi": "nie ma Instagrama"},
]


class _Site:
    """The studio's web server: its files, and what was asked for."""

    def __init__(self, files: dict[str, str]) -> None:
        self.files = files
        self.asked: list[str] = []

    def fetch(self, url: str) -> Page:
        self.asked.append(url)
        path = url.removeprefix(URL)
        if path not in self.files:
            raise FetchError(url, "not_found")
        kind = "application/json" if path.endswith(".json") else "text/html"
        return Page(url=url, status=200, html=self.files[path], content_type=kind)


def test_a_band_whose_roster_a_jquery_script_fetches_is_read_from_that_data() -> None:
    assert needs_javascript(_BOOTSTRAP3)  # "Ekipa" shows a spinner, whatever "Ładowanie" says
    site = _Site(
        {
            "": _BOOTSTRAP3,
            "js/jquery.min.js": "/*! jQuery v1.11.3 */ !function(a,b){}",
            "js/ekipa.js": _EKIPA_JS,
            "data/artists.json": json.dumps(_ARTISTS),
        }
    )
    page = read_page(URL, site)
    assert page.data == _ARTISTS and not page.needs_browser and not page.rendered
    # The page's own script is read before the libraries it loads first.
    assert site.asked[:3] == [URL, URL + "js/ekipa.js", URL + "data/artists.json"]
    found = read_roster_json(page.data, page.url, "stu_1").candidates
    assert {(c.name, c.instagram_handle) for c in found} == {
        ("Magda Wójcik", "magda.wojcik.tattoo"),
        ("Kuba Nowak", "kubanowak_tattoo"),
        ("Tomek Sikora", None),
    }


def test_a_library_script_is_read_after_the_pages_own() -> None:
    html = (
        '<script src="/wp-includes/js/jquery/jquery.min.js?ver=3.7.1"></script>'
        '<script src="/js/vendor/swiper-bundle.min.js"></script><script src="/js/app.js"></script>'
    )
    assert script_urls(html, URL)[0] == "https://lis.example/js/app.js"


_ONE_COM = """<!DOCTYPE html><html lang="nl-BE"><body class="oneweb-body">
<div id="mainPageContainer"><div class="headerSection"><ul class="menu1">
<li><a href="/">Home</a></li><li><a href="#artiesten">Artiesten</a></li></ul></div>
<div class="mainSection"><div class="component section" id="home"><h1>Welkom</h1>
<p>Kleine, gezellige tattoostudio vlak bij de Markt. We werken enkel op afspraak, met
ontwerpen op maat. Walk-ins enkel op vrijdagnamiddag als er plaats is.</p></div>
<div class="component section" id="artiesten">
<div class="component text"><h2>Onze artiesten</h2></div>
<div class="component code"><div id="kat-team" class="kat-team">%s</div>
<script>
(function () {
  var team = [
    { naam: "Jolien Vercruysse", ig: "jolien.vercruysse.tattoo" },
    { naam: "Bram De Smet", ig: "bramdesmet_tattoo" }
  ];
  function teken() {
    var html = "";
    for (var i = 0; i < team.length; i++) {
      html += '<div class="kat-card"><h3>' + team[i].naam + '</h3></div>';
    }
    document.getElementById("kat-team").innerHTML = html;
  }
  window.addEventListener("load", function () { setTimeout(teken, 700); });
})();
</script></div></div></div></div></body></html>"""


def test_a_band_a_timer_fills_from_an_inline_array_needs_its_script() -> None:
    waiting = _ONE_COM % '<p class="kat-team-loading">Even geduld&hellip;</p>'
    assert needs_javascript(waiting)
    # Empty, with no loader: the inline script that writes markup into it by its id says so.
    assert needs_javascript(_ONE_COM % "")
    page = read_page(URL, _Site({"": waiting}))
    assert page.data is not None and not page.needs_browser
    found = read_roster_json(page.data, page.url, "stu_1").candidates
    assert {c.instagram_handle for c in found} == {"jolien.vercruysse.tattoo", "bramdesmet_tattoo"}


_TEXT = (
    "<p>Open Tuesday to Saturday, 11 to 7. Walk-ins on Fridays when the book allows, custom "
    "work by appointment, deposits taken in the shop. Aftercare sheets at the desk.</p>"
)


def test_what_scripts_fill_without_a_roster_is_not_a_hole() -> None:
    # A map a script draws into its empty element (no markup written).
    mapped = (
        f"<html><body><main><h1>Studio</h1>{_TEXT}<section><h2>Find us</h2>"
        "<div id='map'></div><script>initMap(document.getElementById('map'), "
        "{lat: 53.2, lng: 3.1});</script></section></main></body></html>"
    )
    assert not needs_javascript(mapped)
    # A theme's preloader covering the page.
    preloaded = (
        "<html><body><div id='preloader'><div class='loader'></div></div><main><h1>Studio</h1>"
        f"{_TEXT}<a href='/artists/'>Artists</a></main><script src='/theme.js'></script>"
        "</body></html>"
    )
    assert not needs_javascript(preloaded)
    # A form's submit spinner beside its fields.
    form = (
        f"<html><body><main><h1>Book</h1>{_TEXT}<form><h2>Request</h2>"
        "<div class='form-loading'></div><label>Name <input name='n'></label>"
        "<select name='a'><option>Ana Ruiz</option></select></form></main>"
        "<script src='/forms.js'></script></body></html>"
    )
    assert not needs_javascript(form)
    # A blog's "loading more" under the posts it shows already.
    blog = (
        f"<html><body><main><h1>News</h1>{_TEXT}<section><h2>Latest</h2>"
        "<article><a href='/p/1'>Flash day</a></article><div class='infinite-loader'>"
        "<span class='spinner'></span></div></section></main><script src='/blog.js'></script>"
        "</body></html>"
    )
    assert not needs_javascript(blog)


def test_a_name_in_two_fields_in_the_sites_language() -> None:
    data = [
        {"prenom": "Élise", "nom": "Martin", "instagram": "elise.martin.tattoo"},
        {"nombre": "Lucía", "apellidos": "Ferreyra Gómez", "ig": "lu.ferreyra"},
        {"vorname": "Jonas", "nachname": "Keller", "instagram": "jonaskeller.ink"},
    ]
    found = read_roster_json(data, URL, "stu_1").candidates
    assert {(c.name, c.instagram_handle) for c in found} == {
        ("Élise Martin", "elise.martin.tattoo"),
        ("Lucía Ferreyra Gómez", "lu.ferreyra"),
        ("Jonas Keller", "jonaskeller.ink"),
    }


# -- what is not an artist beside the roster -------------------------------------------------


def _roster(body: str, url: str = URL, title: str = "") -> tuple[set[str | None], dict[str, str]]:
    head = f"<head><title>{title}</title></head>" if title else ""
    found = read_roster(f"<html>{head}<body>{body}</body></html>", url, "stu_1")
    return {c.instagram_handle for c in found.candidates}, {
        r.handle: r.reason for r in found.rejected if r.handle
    }


def test_a_studio_name_with_an_ampersand_is_spelled_and_in_its_account() -> None:
    assert is_studio_handle("brickandneedlemke", ["Brick & Needle Tattoo"])
    assert not is_studio_handle("needleandthread.jo", ["Brick & Needle Tattoo"])
    body = (
        "<main><section id='team'><h2>Select staff</h2><ul>"
        "<li class='bp-staff-card'><div class='bp-staff-name'>Nate Kowalczyk</div>"
        "<div class='bp-staff-desc'>Owner. Portfolio on IG: @natekowalczyk.tattoo</div></li>"
        "<li class='bp-staff-card'><div class='bp-staff-name'>Mira Hallstrom</div>"
        "<div class='bp-staff-desc'>Fine line. Instagram: @mirahallstrom_tattoos</div></li>"
        "</ul></section><section id='about'><h2>About</h2><ul class='bp-social'><li>"
        "<a href='https://www.instagram.com/brickandneedlemke' aria-label='Instagram'><svg>"
        "</svg></a></li></ul></section></main>"
    )
    found, rejected = _roster(body, title="Brick &amp; Needle Tattoo | Book Online")
    assert found == {"natekowalczyk.tattoo", "mirahallstrom_tattoos"}
    assert rejected["brickandneedlemke"] == "studio_account"


def test_the_studios_own_entry_in_a_payload_is_the_studio() -> None:
    data = {
        "estudio": {"nombre": "Tinta Criolla", "instagram": "tintacriolla.ros"},
        "tatuadores": [
            {"nombre": "Lucía Ferreyra", "instagram": "luferreyra.tattoo"},
            {"nombre": "Rocío Almada", "instagram": "rocioalmada.tattoo"},
        ],
    }
    names = ["tinta-criolla.example", "Tinta Criolla", "Estudio de tatuajes en Rosario"]
    found = read_roster_json(data, URL, "stu_1", names)
    assert {c.instagram_handle for c in found.candidates} == {
        "luferreyra.tattoo",
        "rocioalmada.tattoo",
    }
    assert {r.handle: r.reason for r in found.rejected} == {"tintacriolla.ros": "studio_account"}


def test_a_brand_the_studio_uses_or_sells_is_a_supplier() -> None:
    body = (
        "<main><h2>Artists</h2><div class='card'><h3>Ana Ferreira</h3>"
        "<a href='https://www.instagram.com/ana.finelines/'>@ana.finelines</a></div>"
        "<div class='card'><h3>Gaz Holt</h3>"
        "<a href='https://www.instagram.com/gazholt_tattoo/'>@gazholt_tattoo</a></div>"
        "<p>We proudly use <a href='https://www.instagram.com/eternalink/'>Eternal Ink</a> in "
        "every tattoo.</p><p>We wrap everything in second-skin and sell Hustle Butter (<a "
        "href='https://www.instagram.com/hustlebutterdeluxe/'>@hustlebutterdeluxe</a>) at the "
        "counter.</p></main>"
    )
    found, rejected = _roster(body)
    assert found == {"ana.finelines", "gazholt_tattoo"}
    assert rejected["eternalink"] == rejected["hustlebutterdeluxe"] == "supplier_or_brand"


def test_a_charity_the_studio_supports_is_no_artist() -> None:
    assert reason_in_handle("lesroseaux.asbl") == "organisation"
    assert reason_in_lead("All flash day proceeds go to") == "organisation"
    assert reason_in_handle("roseaux.tattoo") is None


def test_a_piercer_who_left_to_run_her_own_studio() -> None:
    lead = "Our piercer Kerry left in 2025 and now runs her own piercing studio in Kelham Island ("
    assert reason_in_lead(lead) == "former_artist"
    assert reason_in_handle("kerrypierces") == "not_a_tattooist"
    assert reason_in_handle("inkandpiercing.tattoo") is None


def test_a_photographers_credit_in_the_plural() -> None:
    assert reason_in_lead("Fotografías del equipo: Marina Llopis (") == "photographer"


def test_a_guest_work_wrapped_up_in_korean() -> None:
    trail = ") 게스트 워크는 잘 마무리되었습니다. 찾아주신 분들 정말 감사합니다!"
    assert reason_in_trail(trail) == "guest_spot_ended"


def test_after_isnt_on_instagram_the_next_word_is_no_handle() -> None:
    assert handles_in_text("Tom isn’t on Instagram – pop in and look through his flash") == []
    assert handles_in_text("Tom is on Instagram – tom.pettigrew") == ["tom.pettigrew"]
