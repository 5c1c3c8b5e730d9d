# ruff: noqa: RUF001
"""What holdout-13 taught, each as a general mechanism: an empty roster container named in
camelCase ("teamGrid") is a script's to fill; the card an account sits in alone says what it is
in its other lines ("Thanks for visiting, Mara!"); "nincs Instagram-oldala" (hu, "has no
Instagram page") denies an account. Hand-written."""

from __future__ import annotations

from compute.extraction import needs_javascript, read_roster
from compute.extraction.instagram import handles_in_text

URL = "https://x.test/"


def test_an_empty_camel_case_roster_container_is_drawn_by_script() -> None:
    shell = (
        "<html><body><main><section><h2>Ons team</h2><p>{}</p>"
        "<div class='row' id='teamGrid'><div class='placeholder-card'></div>"
        "<div class='placeholder-card'></div></div></section></main>"
        "<script>setTimeout(render, 900)</script></body></html>"
    ).format("Inktvlek is een kleine shop met vier artiesten. " * 8)
    assert needs_javascript(shell)
    assert not needs_javascript(shell.replace("teamGrid", "teamwork"))


def test_a_guest_card_thanking_the_guest_for_visiting_is_an_ended_spot() -> None:
    card = (
        "<div role='listitem' class='{kind}-item'><div class='dates'>{dates}</div>"
        "<div class='name'>{name}</div><a href='https://www.instagram.com/{handle}/'>"
        "@{handle}</a><div class='status'>{status}</div></div>"
    )
    html = (
        "<main><section><h2>Artists</h2>"
        + card.format(
            kind="artist", dates="", name="Jonah Reyes", handle="jonahreyes.tattoo", status=""
        )
        + "</section><section><h2>Guest Spots</h2>"
        + card.format(
            kind="guest",
            dates="Oct 8 – Oct 19, 2026",
            name="Mara Quinn",
            handle="maraquinn.tattoo",
            status="Thanks for visiting, Mara! Hope to have you back next year.",
        )
        + "</section></main>"
    )
    roster = read_roster(html, URL, "stu_1")
    assert {c.instagram_handle for c in roster.candidates} == {"jonahreyes.tattoo"}
    assert {r.handle: r.reason for r in roster.rejected} == {"maraquinn.tattoo": "guest_spot_ended"}


def test_hungarian_has_no_instagram_page_is_no_account() -> None:
    assert handles_in_text("Ádámhoz telefonon lehet bejelentkezni, nincs Instagram-oldala.") == []
    assert handles_in_text("Instagram: kovacsbence_ink") == ["kovacsbence_ink"]
