"""Handles written in running text are tied to the nearest name; handles that are not the
studio's artists (its own account, suppliers, press, photographers, former and struck-through
artists) are rejected with a reason. The fixture is hand-written, not from the world."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from compute.domain import normalise
from compute.extraction import frame_urls, pagination_urls, read_roster, read_roster_json
from compute.extraction.instagram import handles_in_text, mentions_in_text
from compute.extraction.page import data_urls_in_script, inline_data, needs_javascript
from compute.extraction.rejection import is_studio_handle, squash

PROSE = (Path(__file__).parent / "fixtures" / "prose_studio.html").read_text()
URL = "https://blackrosetattoo.co.uk/"


def test_handles_in_prose_are_tied_to_the_nearest_name() -> None:
    roster = read_roster(PROSE, URL, "stu_1")
    found = {(c.name, c.instagram_handle) for c in roster.candidates}
    assert found == {
        ("Jane Doe", "jane.doe.ink"),  # "find her on Instagram as @..."
        ("Marco Rossi", "marco_rossi_tattoo"),  # "(@...)"
        ("Lena Vogel", "lena.vogel.tattoo"),  # "IG: ..."
        ("Sam Okafor", "sam.okafor"),  # image alt text
        ("Priya Shah", "priya.shah.tattoo"),  # heading, then "Insta - ..."
    }


def test_what_is_not_an_artist_is_rejected_with_its_reason() -> None:
    roster = read_roster(PROSE, URL, "stu_1")
    reasons = {r.handle: r.reason for r in roster.rejected}
    assert reasons == {
        "blackrose_tattoo": "studio_account",
        "dynamiccolor": "thanks",
        "tattoolifemag": "thanks",
        "snapshot_leeds": "photographer",
        "tombaker.ink": "former_artist",
        "ana.silva.tattoo": "former_artist",
        "old.guy.tattoo": "struck_through",
    }
    assert all(r.context for r in roster.rejected)


def test_a_bio_that_says_formerly_keeps_the_artist() -> None:
    html = (
        "<main><ul><li><h3>Ruth Ade</h3><p>Formerly a graphic designer, Ruth draws bold "
        "botanicals.</p><a href='https://instagram.com/ruth.ade'>IG</a></li>"
        "<li><h3>Kofi Mensah</h3><p>Traditional and Japanese, ten years at the machine.</p>"
        "<a href='https://instagram.com/kofi.tattoo'>IG</a></li></ul></main>"
    )
    roster = read_roster(html, "https://x.test/", "stu_1")
    assert {c.instagram_handle for c in roster.candidates} == {"ruth.ade", "kofi.tattoo"}


def test_a_roster_feed_marks_former_artists() -> None:
    data = {
        "team": [
            {"name": "Ada Byron", "instagram": "@ada.b", "active": True},
            {"name": "Old Timer", "instagram": "@old.timer", "active": False},
            {"name": "Ray Kirk", "instagram": "@inksupply", "role": "Supplier"},
        ]
    }
    roster = read_roster_json(data, "https://x.test/", "stu_1")
    assert [c.instagram_handle for c in roster.candidates] == ["ada.b"]
    assert {r.handle: r.reason for r in roster.rejected} == {
        "old.timer": "former_artist",
        "inksupply": "supplier_or_brand",
    }


def test_pagination_and_frames_stay_on_the_site() -> None:
    html = (
        "<a href='/artists/page/2/'>2</a><a href='/artists/page/3/'>3</a>"
        "<a href='/artists/?older=1'>Older</a><a href='https://other.test/p/2'>Next</a>"
        "<a href='/artists/jane/'>Jane</a>"
        "<iframe src='/embed/team.html'></iframe><iframe src='https://maps.example/x'></iframe>"
    )
    page = "https://x.test/artists/"
    assert pagination_urls(html, page) == [
        "https://x.test/artists/page/2/",
        "https://x.test/artists/page/3/",
        "https://x.test/artists/?older=1",
    ]
    assert frame_urls(html, page) == ["https://x.test/embed/team.html"]


def test_a_script_filled_roster_needs_a_browser_and_its_data_is_found() -> None:
    shell = (
        "<html><body><h1>Studio</h1><h2>Artists</h2><div class='artist-grid'></div>"
        "<script src='/app.js'></script></body></html>"
    )
    assert needs_javascript(shell)
    script = "fetch('/data/team.json').then(r => r.json()); const x = '/img/a.png';"
    assert data_urls_in_script(script, "https://x.test/") == ["https://x.test/data/team.json"]
    carried = '<script id="__NEXT_DATA__" type="application/json">{"people": []}</script>'
    assert inline_data(carried) == [{"people": []}]
    assert json.dumps(inline_data("<script>window.__ROSTER__ = [1, 2];\n</script>")) == "[[1, 2]]"


def test_labels_do_not_take_words_or_names_for_handles() -> None:
    assert handles_in_text("Instagram: follow us for flash") == []
    assert handles_in_text("Instagram - Jane Doe") == []
    assert handles_in_text("IG: jane.ink / Insta - marco_r") == ["jane.ink", "marco_r"]


def test_the_studio_account_is_recognised_by_its_name() -> None:
    assert is_studio_handle("blackrose_tattoo", ["www.blackrosetattoo.co.uk"])
    assert is_studio_handle("theinkwellstudio", ["The Inkwell"])
    assert not is_studio_handle("rose_tattoo", ["blackrosetattoo.co.uk"])


_HANDLE_TEXT = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789._ @:-IGigInstaram\n()"),
    max_size=80,
)


@given(_HANDLE_TEXT)
def test_every_mention_is_a_valid_handle_at_its_place(text: str) -> None:
    for mention in mentions_in_text(text):
        assert normalise.instagram_handle(mention.handle) == mention.handle
        assert 0 <= mention.start < mention.end <= len(text)


@given(st.text(max_size=40))
def test_squashing_is_idempotent_and_plain(text: str) -> None:
    once = squash(text)
    assert squash(once) == once or len(once) < 3
    assert all(c.isascii() and c.isalnum() for c in once)


def test_nicknames_and_bold_names_beat_places_and_styles() -> None:
    html = (
        "<main><p>Im Mai zu Gast: <strong>Tomás Herrera</strong> aus Buenos Aires – "  # noqa: RUF001 (the page's own dash)
        "<a href='https://www.instagram.com/tomasherrera.tattoo/'>@tomasherrera.tattoo</a>.</p>"
        '<table><tr><td>Gareth "Gaz" Price</td><td>Neo Traditional</td>'
        "<td><a href='https://instagram.com/gazprice_tattoo'>IG</a></td></tr></table></main>"
    )
    roster = read_roster(html, "https://x.test/", "stu_1")
    assert {(c.name, c.instagram_handle) for c in roster.candidates} == {
        ("Tomás Herrera", "tomasherrera.tattoo"),
        ('Gareth "Gaz" Price', "gazprice_tattoo"),
    }


def test_one_phrase_of_brands_shares_its_reason() -> None:
    html = (
        "<main><h1>André Lefèvre</h1><p>See more on "
        "<a href='https://www.instagram.com/andrelefevre_realism/'>Instagram</a>.</p>"
        "<p>André uses <a href='https://www.instagram.com/inkjecta/'>@inkjecta</a> machines and "
        "<a href='https://www.instagram.com/eternalink/'>@eternalink</a> only.</p></main>"
    )
    roster = read_roster(html, "https://x.test/artists/andre.html", "stu_1")
    assert [c.instagram_handle for c in roster.candidates] == ["andrelefevre_realism"]
    assert {r.handle: r.reason for r in roster.rejected} == {
        "inkjecta": "supplier_or_brand",
        "eternalink": "supplier_or_brand",
    }


def test_a_list_after_past_guests_shares_its_words() -> None:
    html = (
        "<main><h2>Gæstetatovører</h2><ul><li><strong>Lige nu:</strong> Ólafur Jónsson — "
        "<a href='https://instagram.com/olafur.tattoo'>@olafur.tattoo</a></li>"
        "<li><strong>Tidligere i år:</strong> Maja Berglund "
        "(<a href='https://instagram.com/majaberglund.ink'>@majaberglund.ink</a>) og "
        "Tobias Wendt (<a href='https://instagram.com/tobiaswendt.tattoo'>@tobiaswendt.tattoo"
        "</a>)</li></ul></main>"
    )
    roster = read_roster(html, "https://x.test/", "stu_1")
    assert [c.instagram_handle for c in roster.candidates] == ["olafur.tattoo"]
    assert {r.handle for r in roster.rejected} == {"majaberglund.ink", "tobiaswendt.tattoo"}


def test_a_table_row_with_a_struck_date_is_over() -> None:
    html = (
        "<main><h1>Guest spots</h1><table><tr><th>Dates</th><th>Guest</th><th>Instagram</th></tr>"
        "<tr><td><del>9-14 March</del></td><td>Nils Ekström</td><td>@nils.ekstrom.tattoo</td></tr>"
        "<tr><td>1-23 December (here now!)</td><td>Ruby Tamura</td><td>@rubytamura.tattoo</td>"
        "</tr></table></main>"
    )
    roster = read_roster(html, "https://x.test/", "stu_1")
    assert [c.instagram_handle for c in roster.candidates] == ["rubytamura.tattoo"]
    assert {r.handle: r.reason for r in roster.rejected} == {
        "nils.ekstrom.tattoo": "struck_through"
    }


def test_people_who_do_not_tattoo_and_brands_in_more_languages_are_rejected() -> None:
    html = (
        "<main><dl><dt>Kasper Holm</dt><dd>Tatovør · IG: "
        "<a href='https://instagram.com/kasperholm_ink'>kasperholm_ink</a></dd>"
        "<dt>Mads Kjær</dt><dd>Medejer · booking (tatoverer ikke) · "
        "<a href='https://instagram.com/madskjaer.dk'>@madskjaer.dk</a></dd></dl>"
        "<p>Vi bruger farver fra <a href='https://instagram.com/solidinktattoo'>@solidinktattoo"
        "</a></p><p>Macchine: <a href='https://instagram.com/cheyenne_tattooequipment'>"
        "Cheyenne</a></p></main>"
    )
    roster = read_roster(html, "https://x.test/", "stu_1")
    assert [c.instagram_handle for c in roster.candidates] == ["kasperholm_ink"]
    assert {r.handle: r.reason for r in roster.rejected} == {
        "madskjaer.dk": "not_a_tattooist",
        "solidinktattoo": "supplier_or_brand",
        "cheyenne_tattooequipment": "supplier_or_brand",
    }


def test_more_languages_say_former_not_a_tattooist_credit_moved_and_convention() -> None:
    html = (
        "<main><h2>Équipe</h2>"
        "<div class='card'><h3>Manon Lefèvre</h3><p>Fineline · "
        "<a href='https://instagram.com/manon.lefevre.tattoo'>@manon.lefevre.tattoo</a></p></div>"
        "<div class='card'><h3>Théo Garnier</h3><p>Couleur · "
        "<a href='https://instagram.com/theo_garnier_tattoo'>@theo_garnier_tattoo</a></p></div>"
        "<p>Hugo (<a href='https://instagram.com/hugo.encre'>@hugo.encre</a>) nous a quittés "
        "pour s'installer à Nantes.</p>"
        "<p>Rodrigo Peña (@rodrigopena.tattoo) ya no forma parte del equipo.</p>"
        "<p>※ 田中 翔（@sho_tanaka_ink）は退店いたしました。</p>"  # noqa: RUF001
        "<p>Ola prowadzi recepcję — na razie nie tatuuje. Pisz: @ola.wilk.studio.</p>"
        "<p>Thistle print by Isla. Printed in Leith by @leithprintclub</p>"
        "<p>Niamh tattooed here until 2025 and is now at @blackwatertattooglasgow.</p>"
        "<p>📸 Fotografías del estudio: @fotos.delpuerto</p>"
        "<p>¡Nos vemos en marzo en @expotattoochile! Stand 42.</p></main>"
    )
    roster = read_roster(html, "https://x.test/", "stu_1")
    assert {c.instagram_handle for c in roster.candidates} == {
        "manon.lefevre.tattoo",
        "theo_garnier_tattoo",
    }
    assert {r.handle: r.reason for r in roster.rejected} == {
        "hugo.encre": "former_artist",
        "rodrigopena.tattoo": "former_artist",
        "sho_tanaka_ink": "former_artist",
        "ola.wilk.studio": "not_a_tattooist",
        "leithprintclub": "site_credit",
        "blackwatertattooglasgow": "other_studio",
        "fotos.delpuerto": "photographer",
        "expotattoochile": "convention",
    }


def test_colours_in_a_bio_are_a_style_and_as_a_label_a_brand() -> None:
    html = (
        "<main><div class='member'><h3>Tobias Krüger</h3><p>„Tobi“ · Neo Traditional, Farbe</p>"
        "<p>Kräftige Linien, satte Farben. Tobi ist seit 2019 dabei.</p>"
        "<a href='https://instagram.com/tobi_kruger_ink'>Instagram</a></div>"
        "<div class='member'><h3>Sina Yilmaz</h3><p>Fineline</p>"
        "<a href='https://instagram.com/sina.yildiz.tattoo'>Instagram</a></div>"
        "<p>Farben: <a href='https://instagram.com/eternalink'>@eternalink</a></p>"
        "<p>Wir verwenden Farben von @worldfamousink und Nadelmodulen von @kwadron_official"
        "</p></main>"
    )
    roster = read_roster(html, "https://x.test/", "stu_1")
    assert {c.instagram_handle for c in roster.candidates} == {
        "tobi_kruger_ink",
        "sina.yildiz.tattoo",
    }
    assert {r.handle: r.reason for r in roster.rejected} == {
        "eternalink": "supplier_or_brand",
        "worldfamousink": "supplier_or_brand",
        "kwadron_official": "supplier_or_brand",
    }
