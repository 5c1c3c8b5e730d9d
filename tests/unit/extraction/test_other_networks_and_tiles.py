"""Mechanisms held-out batch holdout-6 (tests/corpus) asked for: a link tile's accessible name
(aria-label, title) is its words when it shows none, an '@x' labelled with another network
(TikTok, YouTube, X) is not an Instagram account, and the words that say former, ended and
ink in Croatian, Hungarian, Greek and Vietnamese. Hand-written snippets, as sites write them."""

from __future__ import annotations

import pytest

from compute.extraction import read_roster
from compute.extraction.rejection import (
    FORMER,
    GUEST_ENDED,
    OTHER_PLATFORM,
    SUPPLIER,
    network_in_lead,
    reason_in_label,
    reason_in_lead,
)

URL = "https://kite.example/artists/"


def roster(body: str) -> tuple[set[tuple[str | None, str | None]], dict[str | None, str]]:
    html = f"<html><head><title>Kite Tattoo</title></head><body><main>{body}</main></body></html>"
    found = read_roster(html, URL, "stu_1")
    return (
        {(c.name, c.instagram_handle) for c in found.candidates},
        {r.handle: r.reason for r in found.rejected},
    )


def test_a_tile_without_words_is_read_by_its_aria_label_or_title() -> None:
    tile = (
        '<a class="tile" href="https://www.instagram.com/{h}/" {attr} '
        'style="background-image:url(x.jpg)"><span></span></a>'
    )
    kept, rejected = roster(
        "<h1>Player select</h1><div class=grid>"
        + tile.format(h="marcusvale.tattoo", attr='aria-label="Marcus Vale on Instagram"')
        + tile.format(h="priyashah.blackwork", attr='title="Priya Shah — blackwork"')
        + tile.format(h="biscuit.the.shopdog", attr='aria-label="Biscuit, our shop dog"')
        + "</div>"
    )
    assert ("Marcus Vale", "marcusvale.tattoo") in kept
    assert ("Priya Shah", "priyashah.blackwork") in kept
    assert "biscuit.the.shopdog" not in {handle for _, handle in kept}
    assert rejected["biscuit.the.shopdog"] == "not_a_tattooist"


def test_an_account_labelled_with_another_network_is_not_reported() -> None:
    card = '<div class="artist-card"><h2>{name}</h2><p>{line}</p></div>'
    kept, rejected = roster(
        card.format(name="Nur Aisyah", line="TikTok: @aisyahdraws_ · IG: @nuraisyah.ink")
        + card.format(
            name="Lim Wei Jie",
            line="Instagram &amp; Threads: @weijie.lim.tattoo<br>YouTube: @weijie_vlogs",
        )
    )
    assert {handle for _, handle in kept} == {"nuraisyah.ink", "weijie.lim.tattoo"}
    assert rejected == {"aisyahdraws_": OTHER_PLATFORM, "weijie_vlogs": OTHER_PLATFORM}


def test_an_instagram_link_after_another_networks_link_is_kept() -> None:
    kept, _ = roster(
        '<div class="artist-card"><h2>Kai Tan</h2><ul><li><a href="https://www.tiktok.com/@kai.draws">'
        'TikTok</a></li><li><a href="https://www.instagram.com/kaitattoo.sg/">Instagram</a></li>'
        "</ul></div>"
    )
    assert {handle for _, handle in kept} == {"kaitattoo.sg"}


@pytest.mark.parametrize(
    ("lead", "reason"),
    [
        ("TikTok:", OTHER_PLATFORM),
        ("YouTube - ", OTHER_PLATFORM),
        ("X: ", OTHER_PLATFORM),
        ("IG:", None),
        ("Instagram & Threads:", None),
        ("Instagram & TikTok:", None),  # one handle on both
        ("Follow on Facebook and Instagram", None),
        ("Studio x", None),  # a lone x is a letter
    ],
)
def test_the_network_named_right_before_a_handle(lead: str, reason: str | None) -> None:
    assert network_in_lead(lead) == reason


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Bivši članovi tima", FORMER),  # hr: former team members
        ("Ante Marić više ne radi kod nas", FORMER),  # hr: no longer works with us
        ("Πρώην συνεργάτες", FORMER),  # el: former collaborators
        ("Nálunk járt, a vendégmunkája véget ért", GUEST_ENDED),  # hu: was here, it has ended
        ("Mực xăm chính hãng", SUPPLIER),  # vi: genuine tattoo ink
    ],
)
def test_words_of_more_languages(text: str, reason: str) -> None:
    assert (reason_in_lead(text) or reason_in_label(text)) == reason


def test_a_one_line_entry_names_its_person_before_the_description() -> None:
    option = '<option value="{v}">{text}</option>'
    kept, _ = roster(
        '<form><select name="artist"><option value="">Choose an artist…</option>'
        '<option value="any">No preference / whoever is free first</option>'
        '<optgroup label="Residents">'
        + option.format(v="tessa", text="Tessa Moore (@tessamoore.tattoo) \u2013 neo-trad, colour")
        + option.format(v="callum", text="Callum Reid (@callumreid_ink) \u2013 blackwork")
        + option.format(v="ben", text="Ben Hall \u2013 lettering, script")
        + "</optgroup></select></form>"
    )
    assert kept == {
        ("Tessa Moore", "tessamoore.tattoo"),
        ("Callum Reid", "callumreid_ink"),
        ("Ben Hall", None),
    }
