"""A link-in-bio button whose URL only a script follows (Taplink's `data-href` on an `<a>`
whose href is `javascript:void(0)`) is its artist's card, as a plain link is: the first name
leading it is the name. Hand-written."""

from __future__ import annotations

from compute.extraction import read_roster


def _page(link: str) -> str:
    buttons = "".join(
        link.format(url=f"https://www.instagram.com/{handle}/", text=text)
        for handle, text in (
            ("inkbyisla", "Isla \u2726 fine line, blackwork"),
            ("rodriguez.callum", "Callum \u2726 neo-traditional"),
            ("oldorchid", "Old Orchid on Instagram"),
        )
    )
    return (
        f"<html><body><h1>Old Orchid Tattoos</h1><div class='blocks'>{buttons}</div></body></html>"
    )


def test_a_script_followed_button_reads_like_a_link() -> None:
    plain = "<a class='btn' href='{url}'><span>{text}</span></a>"
    scripted = "<a class='btn' href='javascript:void(0)' data-href='{url}'><span>{text}</span></a>"
    for markup in (plain, scripted):
        roster = read_roster(_page(markup), "https://oldorchid.test/", "stu_1")
        found = {(c.name, c.instagram_handle) for c in roster.candidates}
        assert found == {("Isla", "inkbyisla"), ("Callum", "rodriguez.callum")}, markup
