"""General mechanisms the held-out batch holdout-5 (tests/corpus) led to: schema.org written
into the markup (microdata <meta>/<link> items, RDFa Lite, `alumni`), booking widgets whose
cards are <label>s and design-system custom elements, a handle under a label that stands in
its own cell, the site's menu as a place to look, and the words that say an account is a
photographer's, a supplier's or an event's in the languages these sites were written in."""

from __future__ import annotations

import pytest

from compute.extraction import menu_links, read_roster
from compute.extraction.instagram import handles_in_text, labelled_value

URL = "https://kraai.example/"


def page(body: str, title: str = "De Kraai") -> str:
    return f"<html><head><title>{title}</title></head><body>{body}</body></html>"


def roster(body: str) -> tuple[set[tuple[str | None, str | None]], dict[str | None, str]]:
    found = read_roster(page(body), URL, "stu_1")
    return (
        {(c.name, c.instagram_handle) for c in found.candidates},
        {r.handle or r.name: r.reason for r in found.rejected},
    )


def test_microdata_read_from_meta_and_link_elements_names_people_and_their_roles() -> None:
    person = (
        '<article itemprop="employee" itemscope itemtype="https://schema.org/Person">'
        '<meta itemprop="name" content="{name}"><link itemprop="sameAs" href="{url}">'
        '<img src="/a.webp" alt=""><h2>{name}</h2><p itemprop="jobTitle">{role}</p></article>'
    )
    kept, rejected = roster(
        '<main itemscope itemtype="https://schema.org/TattooParlor">'
        '<link itemprop="sameAs" href="https://www.instagram.com/kraaistudio/">'
        + person.format(
            name="Kadri Tamm", url="https://www.instagram.com/kadritamm.tattoo/", role="Tätoveerija"
        )
        + person.format(
            name="Liisa Saar", url="https://instagram.com/liisasaar_tattoo", role="Tätoveerija"
        )
        + person.format(
            name="Kertu Lepp", url="https://www.instagram.com/kertu.desk/", role="Administraator"
        )
        + "</main>"
    )
    assert kept == {("Kadri Tamm", "kadritamm.tattoo"), ("Liisa Saar", "liisasaar_tattoo")}
    assert rejected["kertu.desk"] == "not_a_tattooist"
    assert rejected["kraaistudio"] == "studio_account"


def test_rdfa_people_split_names_and_alumni_are_read() -> None:
    kept, rejected = roster(
        '<div vocab="https://schema.org/" typeof="TattooParlor"><ul>'
        '<li property="employee" typeof="Person"><h3><span property="givenName">Lotte</span> '
        '<span property="familyName">De Smet</span></h3><p>fineline</p>'
        '<a property="sameAs" href="https://instagram.com/lottedesmet.ink" aria-label="Instagram">'
        "</a></li>"
        '<li property="employee" typeof="Person"><h3 property="name">Wout Verbeke</h3>'
        '<p>blackwork</p><a property="sameAs" href="https://www.instagram.com/wout.tattoo/">'
        "Instagram</a></li></ul>"
        '<h3>Vroeger bij De Kraai</h3><ul><li property="alumni" typeof="Person">'
        '<span property="name">Joris Peeters</span> (2016-2022) - <a property="sameAs" '
        'href="https://www.instagram.com/jorispeeters_tattoo/">jorispeeters_tattoo</a>, nu in '
        "zijn eigen zaak.</li></ul></div>"
    )
    assert kept == {("Lotte De Smet", "lottedesmet.ink"), ("Wout Verbeke", "wout.tattoo")}
    assert rejected["jorispeeters_tattoo"] == "former_artist"


def test_booking_widget_cards_are_read_one_card_at_a_time() -> None:
    # Square Appointments' staff picker: custom elements, the name in a <label>.
    row = (
        '<market-row value="{id}"><market-avatar slot="leading-accessory">'
        "<market-avatar-initials>{initial}</market-avatar-initials></market-avatar>"
        '<label slot="label">{name}</label><p slot="subtext">{role}</p>'
        '<p slot="side-text">{bio}</p><market-radio slot="control"></market-radio></market-row>'
    )
    kept, rejected = roster(
        "<market-list>"
        + row.format(id=1, initial="A", name="Arjun Mehta", role="Tattoo Artist", bio="Trad.")
        + row.format(id=2, initial="O", name="Olly Grant", role="Tattoo Artist", bio="IG: olly.g")
        + row.format(id=3, initial="C", name="Connie Lau", role="Tattoo Artist", bio="Script.")
        + row.format(id=4, initial="T", name="Tash Reid", role="Body Piercer", bio="@tash.p")
        + "</market-list>"
        # A booking plugin's radio cards: each a <label> of spans.
        + '<div class="staff">'
        + "".join(
            f'<label class="card"><input type="radio" name="staff" value="{i}">'
            f'<span class="staff-name">{name}</span><span class="staff-category">{role}</span>'
            f'<span class="staff-info">{info}</span></label>'
            for i, (name, role, info) in enumerate(
                [
                    ("Ben Achebe", "Tattoo Artist", "Not on social media."),
                    ("Jade Ortiz", "Piercer", "Piercings only. @jade.pierces"),
                    ("Wren Holloway", "Tattoo Artist", "Flash. IG @wrenholloway"),
                ]
            )
        )
        + "</div>"
    )
    assert kept == {
        ("Arjun Mehta", None),
        ("Olly Grant", "olly.g"),
        ("Connie Lau", None),
        ("Ben Achebe", None),
        ("Wren Holloway", "wrenholloway"),
    }
    assert rejected["tash.p"] == rejected["jade.pierces"] == "not_a_tattooist"


def test_a_handle_alone_under_a_label_alone_is_read() -> None:
    # A Notion page's properties: the label and the value in separate cells.
    kept, _ = roster(
        "<h1>Elowen Hicks</h1><div class='properties'><div class='property'>"
        "<div class='property-name'><span>Instagram</span></div>"
        "<div class='property-value'><span>elowen.hicks</span></div></div></div>"
        "<p>Botanical fine line.</p>"
    )
    assert kept == {("Elowen Hicks", "elowen.hicks")}


@pytest.mark.parametrize(
    ("label", "value", "expected"),
    [
        ("Instagram", "elowen.hicks", "elowen.hicks"),
        ("IG:", "@cal_trewin", "cal_trewin"),
        ("Instagram", "Follow", None),
        ("Instagram", "Jane Doe", None),
        ("Styles", "elowen.hicks", None),
    ],
)
def test_labelled_value(label: str, value: str, expected: str | None) -> None:
    assert labelled_value(label, value) == expected


@pytest.mark.parametrize(
    ("credit", "reason"),
    [
        ("Fotografia: @joana.lente", "photographer"),
        ("Kuvat: @hanna.k", "photographer"),
        ("Portraits: @aroha.c", "photographer"),
        ("Fotod: <a href='https://www.instagram.com/marten.k/'>Märten Kivi</a>", "photographer"),
        ("Kulland\u0131\u011f\u0131m\u0131z boyalar: @intenzeink", "supplier_or_brand"),
    ],
)
def test_credits_in_the_languages_of_the_sites_are_not_artists(credit: str, reason: str) -> None:
    kept, rejected = roster(
        "<div class='a'><h3>Rui Fonseca</h3><a href='https://www.instagram.com/rui.f/'>IG</a></div>"
        "<div class='a'><h3>Ana Sousa</h3><a href='https://www.instagram.com/ana.s/'>IG</a></div>"
        f"<p class='credit'>{credit}</p>"
    )
    assert kept == {("Rui Fonseca", "rui.f"), ("Ana Sousa", "ana.s")}
    assert reason in set(rejected.values())


def test_a_section_of_where_the_artists_travel_lists_events_but_a_bio_may_say_so() -> None:
    kept, rejected = roster(
        "<div class='r'><h3>Mara Doucette</h3><p>Ten years on the road before settling here.</p>"
        "<a href='https://www.instagram.com/mara.d/'>@mara.d</a></div>"
        "<div class='r'><h3>Finn MacIsaac</h3><a href='https://www.instagram.com/finn.m/'>@finn.m"
        "</a></div><h2>On the road</h2><table><tr><td>Jan 9-11</td><td>Telford</td>"
        "<td>Mara &amp; Finn</td><td><a href='https://www.instagram.com/tattoofreeze_official/'>"
        "@tattoofreeze_official</a></td></tr></table><h2>Contact</h2><p>Call us.</p>"
    )
    assert kept == {("Mara Doucette", "mara.d"), ("Finn MacIsaac", "finn.m")}
    assert rejected["tattoofreeze_official"] == "convention"


def test_the_menu_is_every_same_site_page_it_links_to_in_order() -> None:
    html = page(
        "<header><a href='/'>Home</a><ul class='navbar-nav'><li><a href='#'>Studio</a>"
        "<ul class='dropdown-menu'><li><a href='/hakkimizda/'>Hakk\u0131m\u0131zda</a></li>"
        "<li><a href='/ekibimiz/'>Ekibimiz</a></li></ul></li>"
        "<li><a href='/shop/'>Shop</a></li><li><a href='https://elsewhere.example/'>Other</a>"
        "</li><li><a href='/gallery/2024/june/'>June</a></li></ul></header>"
    )
    assert menu_links(html, URL) == [f"{URL}hakkimizda/", f"{URL}ekibimiz/"]


def test_the_gram_is_a_label_for_a_handle() -> None:
    assert handles_in_text("Tovah joined this summer. On the gram: tovah.klein") == ["tovah.klein"]
