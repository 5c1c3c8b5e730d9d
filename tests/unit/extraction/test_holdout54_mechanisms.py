"""What holdout-54..57 (tests/corpus: 56 studios by writers who never read the extractor;
scored unseen at 0.943 / 0.960 pooled on the code before this round) showed, as general
mechanisms: a Tailwind skeleton is a roster still loading, a studio's name spelled without its
accents is still its account, a table row's other cells label a person without an account, a
quotation's attribution is a client, and where an artist trained, worked or guests is another
shop. Snippets as the sites write them."""

from __future__ import annotations

import pytest

from compute.extraction import read_roster
from compute.extraction.names import person_name
from compute.extraction.page import needs_javascript
from compute.extraction.rejection import (
    CLIENT,
    CONVENTION,
    GUEST_ENDED,
    ORGANISATION,
    OTHER_STUDIO,
    PRESS,
    STAFF,
    is_studio_handle,
    reason_in_bio,
    reason_in_handle,
    reason_in_label,
    reason_in_lead,
    reason_in_trail,
)


def test_a_tailwind_skeleton_is_a_roster_still_loading() -> None:
    skeleton = '<div class="h-64 animate-pulse rounded bg-stone-200"></div>'
    html = (
        '<html><head><script src="/_next/static/chunks/pages/index.js" defer></script></head>'
        '<body><div id="__next"><header><a href="/">Mesilla Valley Tattoo</a></header><main>'
        '<section class="hero"><h1>Tattoos under the Organ Mountains</h1><p>Est. 2019 · '
        '1300 El Paseo Rd, Las Cruces</p></section><section id="team"><h2>Team</h2>'
        f'<div class="grid grid-cols-3">{skeleton * 3}</div></section>'
        '<section id="visit"><h2>Visit</h2><p>Open Tue-Sat, 11-7. Walk-ins most days. Parking '
        "behind the building; the door is round the side, by the chile roaster.</p></section>"
        "</main></div></body></html>"
    )
    assert needs_javascript(html)
    assert not needs_javascript(html.replace("animate-pulse", "shadow"))


def test_a_studios_name_spelled_without_its_accents_is_its_account() -> None:
    assert is_studio_handle("haiautattoo", ["Hải Âu Tattoo"])
    assert is_studio_handle("cafedelumiere", ["Café de Lumière"])
    assert not is_studio_handle("haiau.artist", ["Sóng Tattoo"])


def test_a_table_rows_other_cells_label_a_person_without_an_account() -> None:
    row = "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"
    html = (
        "<html><body><table><tr><th>Artist</th><th>Role</th><th>Style</th><th>Instagram</th>"
        "</tr>"
        + row.format(
            "Ravi Ramnarine",
            "Owner",
            "Realism",
            '<a href="https://www.instagram.com/ravi_r_tattoos/">ravi_r_tattoos</a>',
        )
        + row.format("Nadia Mohammed", "Tattooer", "Fine line", "\u2014")
        + row.format("Kimberly Lewis", "Body Piercer", "Ear curation, septum", "\u2014")
        + "</table></body></html>"
    )
    roster = read_roster(html, "https://scarletibis.example/our-people.html", "s")
    assert {c.name for c in roster.candidates} == {"Ravi Ramnarine", "Nadia Mohammed"}
    assert ("Kimberly Lewis", STAFF) in [(r.name, r.reason) for r in roster.rejected]


@pytest.mark.parametrize(
    ("lead", "reason"),
    [
        ("Joe did his apprenticeship at ", OTHER_STUDIO),
        ("Before going solo I spent six years at ", OTHER_STUDIO),
        ("Find Sam at @samoseitattoo, usually at ", OTHER_STUDIO),
        ("Kasia also guests regularly at ", OTHER_STUDIO),
        ("Félix a fait ses débuts chez nos amis de ", OTHER_STUDIO),
        ("Gezien in ", PRESS),
        ("În noiembrie ne-a vizitat Tudor Marinescu din Cluj (", GUEST_ENDED),
        ("지난 10월 게스트였던 준호 작가님( ", GUEST_ENDED),
        ('"Clean shop, good vibes, fair prices." - Marcus J. (', CLIENT),
        ("\u201cBest shop ever\u201d \u2014 Ana P. (", CLIENT),
        ("Proud to be a registered ONG (", ORGANISATION),
    ],
)
def test_other_shops_clients_and_visits_in_more_words(lead: str, reason: str) -> None:
    assert reason_in_lead(lead) == reason


@pytest.mark.parametrize(
    "text",
    [
        'She said "hi" - and then booked with ',
        "Harriet Ong Japanese-inspired, large scale",  # a family name, not an NGO
    ],
)
def test_what_is_no_client_and_no_organisation(text: str) -> None:
    assert reason_in_lead(text) is None
    assert reason_in_label(text) is None


def test_designs_made_with_a_community_are_no_supplier() -> None:
    bio = (
        "Dotwork, mandalas, geometric sleeves. Tlingit-inspired designs only in collaboration "
        "with community artists."
    )
    assert reason_in_bio(bio) is None
    assert reason_in_lead(f"{bio} Instagram: ") is None
    assert reason_in_lead("Our aftercare is made in collaboration with ") is not None


def test_a_convention_in_polish_and_a_piercing_studios_account() -> None:
    assert reason_in_trail("Tattoo Konwencie") == CONVENTION
    assert reason_in_handle("tattoo_konwent_krakow") == CONVENTION
    assert reason_in_handle("piercingstudio.elise") == STAFF


def test_vietnamese_page_words_are_no_names() -> None:
    assert person_name("Đặt Lịch Qua Zalo") is None
    assert person_name("Đội Ngũ Thợ Xăm") is None
    assert person_name("Nguyễn Văn Hùng") == "Nguyễn Văn Hùng"
