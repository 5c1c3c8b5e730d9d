"""What holdout-28 (tests/corpus: 14 English-language studios in the US, UK, Canada, Australia,
New Zealand and Ireland; scored unseen at 0.915 / 0.915) showed: the businesses next door, a
pigment maker "we're proud to use", "all our colour work is done with", an artist who "hung up
his machines", a piercer whose account ends in digits, a URL-encoded account, and an artist's
card whose Instagram icon came right after a sentence about coffee (its words were read as
hers). Snippets as the sites write them."""

# ruff: noqa: RUF001  (the curly apostrophes and dashes the sites write)
from __future__ import annotations

from compute.extraction.instagram import handle_from_href
from compute.extraction.rejection import (
    FORMER,
    NEIGHBOUR,
    STAFF,
    SUPPLIER,
    reason_in_bio,
    reason_in_handle,
    reason_in_lead,
)
from tests.unit.extraction.test_what_a_browser_shows import roster


def test_an_icon_link_after_a_finished_sentence_opens_its_own_card() -> None:
    kept, rejected = roster(
        "<h2>The Artists</h2><p>Five of us, one big room, a lot of coffee from "
        '<a href="https://www.instagram.com/perchcoffee_lou/">Perch</a> next door.</p>'
        '<div class="card"><a href="https://www.instagram.com/dana.whitlock.tattoo/" '
        'aria-label=""><svg></svg></a><h3>Dana Whitlock</h3><p>Owner. Fine line botanicals.</p>'
        '</div><div class="card"><a href="https://www.instagram.com/marcusbell_ink/"><svg></svg>'
        "</a><h3>Marcus Bell</h3><p>Traditional.</p></div>"
    )
    assert kept == {("Dana Whitlock", "dana.whitlock.tattoo"), ("Marcus Bell", "marcusbell_ink")}
    assert rejected["perchcoffee_lou"] in (SUPPLIER, NEIGHBOUR)


def test_the_business_next_door_is_no_artist() -> None:
    assert reason_in_lead("Parking behind Smithy’s Barbers next door (") == NEIGHBOUR
    assert reason_in_lead("Next door is Crystal Barbers (") == NEIGHBOUR


def test_pigments_and_colour_work_name_a_supplier() -> None:
    assert reason_in_lead("We’re proud to use vegan pigments from ") == SUPPLIER
    assert reason_in_lead("All our colour work is done with ") == SUPPLIER
    assert reason_in_handle("salishsea.pigments") == SUPPLIER
    assert reason_in_handle("midlandsinkco") == SUPPLIER


def test_an_artist_who_hung_up_his_machines_and_a_piercer() -> None:
    said = "After eight great years, Gus Whaley has hung up his machines for good and is fishing"
    assert reason_in_bio(said) == FORMER
    assert reason_in_handle("jojopierces615") == STAFF
    assert reason_in_lead("Piercings by Jojo Tran, Wednesdays–Saturdays (") == STAFF


def test_a_url_encoded_account_is_the_one_a_browser_shows() -> None:
    assert handle_from_href("https://www.instagram.com/wren%5Fcastellano/") == "wren_castellano"
    assert handle_from_href("https://www.instagram.com/wren_castellano/?hl=en") == (
        "wren_castellano"
    )
