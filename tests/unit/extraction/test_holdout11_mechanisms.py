"""What holdout-11 taught, each as a general mechanism: a <header> inside an article is the
card's title, not the site's banner; a class that only numbers a post is one shape; a card's
heading in a script without capitals is its name; a feed entry's account may sit in a nested
object and its name be one word; a role value says a piercer whatever the key's language; a
product's measure, moving away, opening one's own studio and the studio's own name in the
sentence; a denied Instagram label; German compounds of "guest". Hand-written."""

from __future__ import annotations

from compute.extraction import read_roster, read_roster_json, roster_links
from compute.extraction.instagram import handles_in_text

URL = "https://x.test/"


def _roster(html: str, url: str = URL) -> tuple[set[tuple[str | None, str | None]], dict]:
    roster = read_roster(html, url, "stu_1")
    found = {(c.name, c.instagram_handle) for c in roster.candidates}
    return found, {r.handle: r.reason for r in roster.rejected}


def test_an_articles_own_header_holds_its_name_not_the_sites_banner() -> None:
    cards = (("Priya Natarajan", "Fine line. @priya.n.tattoo"), ("Gus Albright", "Email only."))
    html = (
        "<header class='site-header'><a href='https://instagram.com/harbor.studio/'>IG</a>"
        "</header><main>"
        + "".join(
            f"<article class='post type-artist'><header class='entry-header'><h2>"
            f"<a href='/artists/{n.lower().replace(' ', '-')}/'>{n}</a></h2></header>"
            f"<div class='entry-summary'><p>{bio}</p></div></article>"
            for n, bio in cards
        )
        + "</main>"
    )
    found, _ = _roster(html)  # the site's banner (its account) is still no roster
    assert found == {("Priya Natarajan", "priya.n.tattoo"), ("Gus Albright", None)}


def test_classes_that_only_number_a_post_are_one_shape() -> None:
    cards = (
        (204, "Priya Natarajan", "Fine line. @priya.n.tattoo"),
        (205, "Gus Albright", "Email only."),
        (206, "Lena Fox", "Blackwork. IG @lenafox.ink"),
    )
    html = "<main>" + "".join(
        f"<div class='post-{i} artist hentry'><h2>{n}</h2><p>{bio}</p></div>" for i, n, bio in cards
    )
    found, _ = _roster(html + "</main>")
    assert found == {
        ("Priya Natarajan", "priya.n.tattoo"),
        ("Gus Albright", None),
        ("Lena Fox", "lenafox.ink"),
    }


def test_a_cards_heading_in_a_script_without_capitals_is_its_name() -> None:
    people = (
        ("נועה כהן", "פיין ליין ובוטני", "noa.cohen.fineline"),
        ("איתי לוי", "איור בצבע ואנימה", "itay_levi_tattoo"),
        ("עומר ביטון", "טרדישנל ופלאש · אין לו אינסטגרם", None),
    )
    html = "<main><div role='list'>" + "".join(
        f"<div role='listitem' class='item-{i}'><h4><span>{name}</span></h4><p>{line}</p>"
        + (f"<a href='https://www.instagram.com/{h}/' aria-label='Instagram'></a>" if h else "")
        + "</div>"
        for i, (name, line, h) in enumerate(people)
    )
    found, _ = _roster(html + "</div></main>")
    assert found == {(name, h) for name, _, h in people}
    # a page's sections with such headings ("FAQ", "Contact") are no cards of accounts
    sections = "".join(
        f"<section id='s{i}'><h2>{title}</h2><p>{text}</p></section>"
        for i, (title, text) in enumerate(
            (("שאלות נפוצות", "מקדמה של 300 ₪ נדרשת"), ("צור קשר", "רחוב הרצל 5 תל אביב"))
        )
    )
    assert _roster(f"<main>{sections}</main>")[0] == set()


def test_a_feed_entrys_account_may_be_nested_and_its_name_one_word() -> None:
    data = {
        "staff": [
            {"display": True, "name": "墨田 龍之介", "sns": {"instagram": "horiryu_nagoya"}},
            {"display": True, "name": "KENTA", "sns": {"instagram": "kenta_blackwork_ngy"}},
            {"display": False, "name": "山本 健二", "sns": {"instagram": "kenji_yamamoto_real"}},
            {"display": True, "name": "Blackwork", "genre": "style only"},
        ],
        "site": {"name": "Hibr", "instagram": "https://www.instagram.com/hibr.tattoo/"},
    }
    roster = read_roster_json(data, f"{URL}api/staff.json", "stu_1")
    assert {(c.name, c.instagram_handle) for c in roster.candidates} == {
        ("墨田 龍之介", "horiryu_nagoya"),
        ("KENTA", "kenta_blackwork_ngy"),
    }
    assert {r.handle: r.reason for r in roster.rejected} == {"kenji_yamamoto_real": "former_artist"}


def test_a_role_value_says_a_piercer_whatever_the_keys_language() -> None:
    data = [
        {"nev": "Tóth Lili", "szerep": "tetováló", "ig": "lili.toth.blackwork"},
        {"nev": "Nagy Dóra", "szerep": "piercer", "ig": "dora.piercing.szeged"},
    ]
    roster = read_roster_json(data, f"{URL}csapat/", "stu_1")
    assert [c.instagram_handle for c in roster.candidates] == ["lili.toth.blackwork"]
    assert {r.handle: r.reason for r in roster.rejected} == {
        "dora.piercing.szeged": "not_a_tattooist"
    }


def test_a_products_measure_before_an_account_names_a_brand() -> None:
    html = (
        "<main><p>Aftercare: we send everyone home with a tin of "
        "<a href='https://www.instagram.com/bepanthen_uk/'>Bepanthen</a> and a leaflet.</p>"
        "</main>"
    )
    assert _roster(html)[1] == {"bepanthen_uk": "supplier_or_brand"}


def test_moving_away_and_working_elsewhere_since_say_a_former_artist() -> None:
    html = (
        "<main><h5>Waar is Fenna gebleven?</h5><p>Fenna Bakker "
        "(<a href='https://www.instagram.com/fennabakker.tattoo/'>@fennabakker.tattoo</a>) is "
        "deze zomer verhuisd naar Groningen en werkt sinds september bij "
        "<a href='https://www.instagram.com/studio.noorderlicht/'>@studio.noorderlicht</a>."
        "</p></main>"
    )
    found, rejected = _roster(html)
    assert found == set()
    assert set(rejected) == {"fennabakker.tattoo", "studio.noorderlicht"}


def test_opening_ones_own_studio_past_the_studios_own_name_says_former() -> None:
    html = (
        "<head><title>Tinta Lunar</title></head><body><header><a href='/'>Tinta Lunar</a>"
        "</header><main><p>Después de seis años con nosotros, Pablo Ortega "
        "(@pablo.ortega.tatuajes) dejó Tinta Lunar en septiembre para abrir su propio estudio "
        "en Puerto Escondido.</p></main></body>"
    )
    found, rejected = _roster(html, "https://tintalunar.mx/")
    assert found == set()
    assert rejected == {"pablo.ortega.tatuajes": "former_artist"}


def test_a_denied_instagram_label_has_no_account_after_it() -> None:
    text = "Finn doesn\u2019t do Instagram \u2014 his flash sheets are on the wall."
    assert handles_in_text(text) == []
    assert handles_in_text("Instagram \u2014 his") == []
    assert handles_in_text("Finn: Instagram \u2014 finn.harte") == ["finn.harte"]


def test_german_compounds_of_guest_lead_to_the_guest_page() -> None:
    html = (
        "<nav><a href='/'>Start</a><a href='/team/'>Team</a>"
        "<a href='/gastartists/'>Gastartists</a><a href='/shop/'>Shop</a></nav>"
    )
    assert set(roster_links(html, URL)) == {f"{URL}team/", f"{URL}gastartists/"}


def test_first_names_lead_a_link_pages_buttons_also_one_without_an_account() -> None:
    buttons = (
        ("https://www.instagram.com/isla.moth.tattoo/", "Isla \u2726 fine line &amp; moths"),
        ("https://www.instagram.com/callum.reid.tattoo/", "Callum \u2726 dark trad"),
        ("https://forms.gle/pQ3rT7", "Eilidh \u2726 illustrative colour \u2014 enquiry form"),
        ("https://www.tiktok.com/@velvetmoth", "TikTok \u2726 studio videos"),
        ("https://shop.example/", "Flash prints &amp; gift vouchers"),
    )
    html = "<main><h2>Our artists</h2>" + "".join(
        f"<a class='block block--link' href='{href}'><span class='title'>{title}</span></a>"
        for href, title in buttons
    )
    found, _ = _roster(html + "</main>")
    assert found == {
        ("Isla", "isla.moth.tattoo"),
        ("Callum", "callum.reid.tattoo"),
        ("Eilidh", None),
    }
