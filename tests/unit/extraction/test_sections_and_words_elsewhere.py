"""Two ways a person reads a page that the corpus's last two errors taught: a band of the page
(a <section> or <article>) is apart from the next, so a name in one is no account's in the
other; and what the page says of a person by name elsewhere (a caption under embeds) counts
against the account tied to that name. Hand-written."""

from __future__ import annotations

from compute.extraction import read_roster

URL = "https://x.test/"


def _roster(html: str) -> tuple[set[tuple[str | None, str | None]], dict[str, str]]:
    roster = read_roster(html, URL, "stu_1")
    found = {(c.name, c.instagram_handle) for c in roster.candidates}
    return found, {r.handle: r.reason for r in roster.rejected}


def _box(name: str, line: str) -> str:
    return f"<div class='box'><h4>{name}</h4><p>Blackwork</p><p>{line}</p></div>"


def test_a_name_in_one_section_is_not_tied_to_an_account_in_the_next() -> None:
    html = (
        "<main><section><h2>Nuestro equipo</h2>"
        + _box("Catalina Muñoz", "<a href='https://www.instagram.com/cata.munoz/'>IG</a>")
        + _box("Joaquín Herrera", "<a href='https://www.instagram.com/joaco.h/'>IG</a>")
        + _box("Diego Fuentes", "Diego no usa redes: pide hora por WhatsApp")
        + "</section><section><p>Trabajamos solo con tintas veganas <b>@dynamiccolor</b> y "
        "material desechable.</p></section></main>"
    )
    found, rejected = _roster(html)
    assert ("Diego Fuentes", None) in found
    assert rejected.get("dynamiccolor") == "supplier_or_brand"


def test_in_one_section_a_name_still_reaches_the_account_below_it() -> None:
    html = (
        "<main><section><h3>Rosa Delgado</h3><div><p>Fine line and botanicals.</p></div>"
        "<div><p>Find her on Instagram: @rosa.delgado.ink</p></div></section></main>"
    )
    assert _roster(html)[0] == {("Rosa Delgado", "rosa.delgado.ink")}


_EMBED = (
    "<blockquote class='instagram-media'><p><a href='https://www.instagram.com/p/{post}/'>"
    "A post shared by {name} (@{handle})</a></p></blockquote>"
)


def _embeds_and_caption(caption: str) -> str:
    return (
        "<main><h2>Latest from the 'gram</h2>"
        + _EMBED.format(post="A1", name="Ruby Vale", handle="rubyvale.tattoo")
        + _EMBED.format(post="B2", name="Jonny Shard", handle="jonnyshard")
        + f"<p>{caption}</p></main>"
    )


def test_a_caption_elsewhere_that_names_a_past_guest_rejects_his_account() -> None:
    found, rejected = _roster(
        _embeds_and_caption("Above: Jonny Shard's guest spot back in March (we miss him).")
    )
    assert rejected.get("jonnyshard") == "guest_spot_ended"
    assert ("Ruby Vale", "rubyvale.tattoo") in found


def test_a_guest_who_is_back_in_march_is_still_coming() -> None:
    found, rejected = _roster(
        _embeds_and_caption("Jonny Shard's guest spot will be back in March: book now.")
    )
    assert ("Jonny Shard", "jonnyshard") in found
    assert "jonnyshard" not in rejected
