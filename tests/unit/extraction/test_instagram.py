from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compute.domain.normalise import RESERVED_INSTAGRAM_PATHS
from compute.extraction.instagram import handle_from_href, handles_in_text
from emulation.world.city import INSTAGRAM_FORMS
from emulation.world.markup import obfuscated_email

# Valid Instagram usernames: letters, digits, _ and single inner periods.
handles = st.from_regex(r"[a-z0-9_]{1,12}(\.[a-z0-9_]{1,12})?", fullmatch=True).filter(
    lambda h: h not in RESERVED_INSTAGRAM_PATHS
)


@given(handle=handles, form=st.sampled_from(INSTAGRAM_FORMS))
def test_every_form_the_world_writes_yields_the_handle(handle: str, form: str) -> None:
    written = form.format(h=handle)
    if written.startswith("http"):
        assert handle_from_href(written) == handle
    assert handles_in_text(f"Book with me: {written}. Thanks!") == [handle]


@pytest.mark.parametrize(
    "href",
    [
        "https://www.instagram.com/p/C0ffee1/",
        "https://www.instagram.com/explore/tags/blackwork/",
        "https://facebook.com/someone",
        "mailto:jane@studio.test",
    ],
)
def test_posts_tags_and_other_sites_are_not_profiles(href: str) -> None:
    assert handle_from_href(href) is None


@pytest.mark.parametrize("variant", range(4))
def test_email_addresses_are_not_handles(variant: int) -> None:
    text = f"Email jane@studio.test or {obfuscated_email('info@studio.test', variant)}"
    assert handles_in_text(text) == []


def test_uppercase_handles_are_normalised() -> None:
    assert handles_in_text("Follow @Jane.Doe_Ink!") == ["jane.doe_ink"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("la trovi su Instagram come kiki.finelines.", ["kiki.finelines"]),  # it
        ("la encuentras en Instagram como ana_tinta", ["ana_tinta"]),  # es
        ("findet ihr auf Instagram als mo.sticht", ["mo.sticht"]),  # de
        ("su Instagram come sempre", []),  # "as always": not spelled as a handle
    ],
)
def test_instagram_as_x_in_more_languages(text: str, expected: list[str]) -> None:
    assert handles_in_text(text) == expected
