# ruff: noqa: RUF001
"""What holdout-12 taught, each as a general mechanism in the page's own language: people who
say they do not tattoo (yet) and managers; a photo credit without a colon; aftercare creams and
colours "with" a brand; "see you at @x"; a bot answers for the studio; former makers in Finnish,
in a heading and in a payload's "active" flag; "is not on Instagram" in Danish. Hand-written."""

from __future__ import annotations

from compute.extraction import read_roster, read_roster_json, rejection
from compute.extraction.instagram import handles_in_text

URL = "https://x.test/"


def _roster(html: str, url: str = URL) -> tuple[set[tuple[str | None, str | None]], dict]:
    roster = read_roster(html, url, "stu_1")
    found = {(c.name, c.instagram_handle) for c in roster.candidates}
    return found, {r.handle: r.reason for r in roster.rejected}


def _cards(*cards: tuple[str, str]) -> str:
    return (
        "<main><section id='team'><h2>Echipa</h2>"
        + "".join(f"<div class='card'><h4>{name}</h4><p>{bio}</p></div>" for name, bio in cards)
        + "</section></main>"
    )


def test_someone_who_does_not_tattoo_clients_yet_or_a_manager_is_no_artist() -> None:
    ro = _cards(
        ("Ioana Munteanu", "Blackwork și ornamental. Instagram: @ioana.munteanu.ink"),
        (
            "Anamaria Ciobanu",
            "Ucenică din septembrie 2026 – nu tatuează încă clienți. Desenele ei: @ana.c.art",
        ),
    )
    found, rejected = _roster(ro)
    assert found == {("Ioana Munteanu", "ioana.munteanu.ink")}
    assert rejected == {"ana.c.art": "not_a_tattooist"}
    th = _cards(
        ("สมชาย ใจดี", "ลายไทย · @somchai.sak"),
        ("แพรวา รัตนศิลป์", "ผู้จัดการร้าน · ดูแลคิวและมัดจำ (ไม่ได้สัก) @praewa.rs"),
    )
    assert _roster(th)[1] == {"praewa.rs": "not_a_tattooist"}


def test_a_photo_credit_without_a_colon_names_a_photographer() -> None:
    it = "<main><figure><figcaption>Foto dello studio di @luca.scatti</figcaption></figure></main>"
    assert _roster(it)[1] == {"luca.scatti": "photographer"}
    cs = (
        "<main><figure><img src='a.jpg' alt='Studio'></figure><span>Naše studio, foto "
        "<a href='https://www.instagram.com/jan.foti.brno/'>@jan.foti.brno</a></span></main>"
    )
    assert _roster(cs)[1] == {"jan.foti.brno": "photographer"}


def test_an_aftercare_cream_and_colours_we_work_with_name_brands() -> None:
    tr = (
        "<main><h2>Bakım</h2><p>Stüdyoda kullandığımız ve sattığımız bakım kremi: "
        "@hustlebutterdeluxe</p></main>"
    )
    assert _roster(tr)[1] == {"hustlebutterdeluxe": "supplier_or_brand"}
    cs = (
        "<main><p>Pracujeme s barvami <a href='https://www.instagram.com/worldfamousink/'>"
        "World Famous</a> a na péči doporučujeme hojivé krémy.</p></main>"
    )
    assert _roster(cs)[1] == {"worldfamousink": "supplier_or_brand"}


def test_see_you_at_names_an_event_in_ukrainian_too() -> None:
    html = (
        "<main><p>Цієї весни побачимось на <a href='https://www.instagram.com/kyivtattoofest/'>"
        "@kyivtattoofest</a> — Соломія та Остап працюватимуть на стенді студії.</p></main>"
    )
    assert _roster(html)[1] == {"kyivtattoofest": "convention"}


def test_a_bot_answers_for_the_studio_and_is_no_person() -> None:
    html = (
        "<main><h2>Запис</h2><p>Напишіть майстру напряму або в Telegram студії "
        "@lelka_tattoo_bot. Передоплата 500 грн.</p></main>"
    )
    assert _roster(html)[1] == {"lelka_tattoo_bot": "studio_account"}


def test_former_makers_in_finnish_in_a_heading_and_in_a_payloads_active_flag() -> None:
    html = (
        "<main><div class='grid'><div class='card'><h3>Aino Korhonen</h3>"
        "<a href='https://www.instagram.com/aino.korhonen.tattoo/'>@aino.korhonen.tattoo</a>"
        "</div></div><div class='muut'><h3>Entiset tekijät</h3><ul><li>Mikko Nieminen – "
        "realismi (<a href='https://www.instagram.com/mikko.nieminen.ink/'>@mikko.nieminen.ink"
        "</a>)</li></ul></div></main>"
    )
    found, rejected = _roster(html)
    assert found == {("Aino Korhonen", "aino.korhonen.tattoo")}
    assert rejected == {"mikko.nieminen.ink": "former_artist"}
    data = {
        "tekijat": [
            {"nimi": "Aino Korhonen", "instagram": "aino.korhonen.tattoo", "aktiivinen": True},
            {"nimi": "Mikko Nieminen", "instagram": "mikko.nieminen.ink", "aktiivinen": False},
        ]
    }
    roster = read_roster_json(data, f"{URL}api/tekijat.json", "stu_1")
    assert [c.instagram_handle for c in roster.candidates] == ["aino.korhonen.tattoo"]


def test_is_not_on_instagram_in_danish_has_no_account_after_it() -> None:
    text = "Sofie er ikke på Instagram – kontakt hende gennem studiets bookingformular."
    assert handles_in_text(text) == []
    assert handles_in_text("Sofie: Instagram – sofie.bech") == ["sofie.bech"]


def test_the_front_desk_as_a_place_to_book_is_no_role() -> None:
    html = (
        "<main><div class='crew'>"
        "<article class='card'><h3>Maya Okafor</h3><p>Tattoo artist</p>"
        "<a href='https://www.instagram.com/mayaokafor.tattoo/'>@mayaokafor.tattoo</a></article>"
        "<article class='card'><h3>Lena Vogt</h3><p>Tattoo artist</p>"
        "<a href='https://www.instagram.com/lena.vogt.tattoo/'>@lena.vogt.tattoo</a></article>"
        "<article class='card'><h3>Tom Becker</h3><p>Tattoo artist</p><p>Tom isn't on social "
        "media; book him through the front desk.</p></article>"
        "</div></main>"
    )
    assert ("Tom Becker", None) in _roster(html)[0]
    assert rejection.reason_in_bio("Sam keeps the front desk running.") == "not_a_tattooist"


def test_a_ukrainian_insta_label_gives_the_account_after_it() -> None:
    text = "Олдскул і неотрадиція, багато кольору інста: ostap_melnyk_ink"
    assert handles_in_text(text) == ["ostap_melnyk_ink"]
    assert handles_in_text("Інстаграм не веде — пишіть у Telegram студії.") == []


def test_cards_a_builder_hashes_one_class_of_each_are_one_shape() -> None:
    cards = (
        ("h4j5k6l", "Остап Мельник", "<a href='https://instagram.com/ostap.ink/'>IG</a>"),
        ("z7x8c9v", "Дарина Бондар", "<a href='https://instagram.com/daryna.tattoo/'>IG</a>"),
        ("q0w9e8r", "Тарас Гнатюк", "<p>Реалізм, портрети. Пишіть у Telegram студії.</p>"),
    )
    html = (
        "<main><section class='framer-x1y2z3a'><h1>Тату-студія на Підвальній</h1></section>"
        "<section class='framer-b4c5d6e'><div class='framer-grid'>"
        + "".join(
            f"<div class='framer-card framer-{h}'><h3>{name}</h3>{more}</div>"
            for h, name, more in cards
        )
        + "</div></section></main>"
    )
    assert _roster(html)[0] == {
        ("Остап Мельник", "ostap.ink"),
        ("Дарина Бондар", "daryna.tattoo"),
        ("Тарас Гнатюк", None),
    }
