from __future__ import annotations

import contextlib

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from compute.domain import normalise
from compute.domain.errors import ValidationError

from .strategies import PROPERTY, handles

# --- names ---------------------------------------------------------------------------------


def test_name_collapses_whitespace_and_composes() -> None:
    assert normalise.name("  Jane \t\n  Doe  ") == "Jane Doe"
    assert normalise.name("Jose\u0301") == "Jos\u00e9"  # decomposed accent -> NFC
    assert normalise.name("\u00a0Ana\u2003Li ") == "Ana Li"


def test_name_key_folds_case_accents_and_compatibility_forms() -> None:
    assert normalise.name_key("  José   ÅSTRÖM ") == "jose astrom"
    assert normalise.name_key("Jose Astrom") == normalise.name_key("JOSÉ ÅSTRÖM")
    assert normalise.name_key("Straße") == "strasse"
    assert normalise.name_key("\ufb01ne \uff29\uff2e\uff2b") == "fine ink"  # ligature, full-width
    assert normalise.name_key("Chlo\u200be\u0301 Ro\u00adse") == "chloe rose"  # format chars
    assert normalise.name_key("Łukasz Øster") == "łukasz øster"  # no decomposition: kept


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("\u1d2c\u1d2e", "ab"),  # modifier capitals: NFKC yields capitals that fold again
        ("\u03d3", "\u03c5"),  # upsilon with hook and acute -> plain upsilon
        ("\u03f9", "\u03c3"),  # lunate capital sigma -> sigma
    ],
)
def test_name_key_reaches_a_fixed_point(text: str, key: str) -> None:
    assert normalise.name_key(text) == key


@PROPERTY
@given(st.text(max_size=60))
def test_name_and_name_key_are_idempotent(text: str) -> None:
    assert normalise.name(normalise.name(text)) == normalise.name(text)
    key = normalise.name_key(text)
    assert normalise.name_key(key) == key
    assert key == key.strip()


# --- Instagram handles ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "jane.doe_ink",
        "@jane.doe_ink",
        "  @Jane.Doe_Ink  ",
        "JANE.DOE_INK",
        "instagram.com/jane.doe_ink",
        "instagram.com/jane.doe_ink/",
        "www.instagram.com/jane.doe_ink",
        "https://www.instagram.com/jane.doe_ink/",
        "http://instagram.com/jane.doe_ink",
        "https://m.instagram.com/jane.doe_ink/",
        "https://instagr.am/jane.doe_ink",
        "https://www.instagram.com/jane.doe_ink/?hl=en",
        "https://www.instagram.com/jane.doe_ink?igsh=MWQ1ZGUxMzBkMA==",
        "https://www.instagram.com/jane.doe_ink/#top",
        "https://www.instagram.com/jane.doe_ink/reels/",
        "https://www.instagram.com/jane.doe_ink/tagged",
        "//instagram.com/jane.doe_ink",
        "HTTPS://WWW.INSTAGRAM.COM/Jane.Doe_Ink/",
        "instagram.com/_u/jane.doe_ink",
        "https://www.instagram.com/stories/jane.doe_ink/3141592653/",
        "https://instagram.com./jane.doe_ink",
    ],
)
def test_every_form_of_a_handle_normalises_to_it(text: str) -> None:
    assert normalise.instagram_handle(text) == "jane.doe_ink"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("@", "empty"),
        ("a" * 31, "1-30"),
        ("jane doe", "1-30"),
        ("jane-doe", "1-30"),
        ("jané", "1-30"),
        (".jane", "period"),
        ("jane.", "period"),
        ("ja..ne", "consecutive"),
        ("p", "Instagram page"),
        ("explore", "Instagram page"),
        ("https://www.instagram.com/p/Cx1abcDEF/", "Instagram page"),
        ("https://www.instagram.com/reel/Cx1abcDEF/", "Instagram page"),
        ("https://www.instagram.com/explore/tags/tattoo/", "Instagram page"),
        ("https://www.instagram.com/accounts/login/", "Instagram page"),
        ("https://www.instagram.com/stories/", "Instagram page"),
        ("https://www.instagram.com/", "names no Instagram profile"),
        ("https://facebook.com/jane", "expected an Instagram profile URL"),
        ("https://instagram.com.evil.example/jane", "expected an Instagram profile URL"),
        ("http://[::1/jane", "not a valid URL"),
    ],
)
def test_invalid_handles_are_rejected_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(ValidationError) as caught:
        normalise.instagram_handle(text)
    assert caught.value.problems[0].field == "instagramHandle"
    assert reason in str(caught.value)


def test_thirty_characters_is_the_longest_handle() -> None:
    assert normalise.instagram_handle("a" * 30) == "a" * 30


@PROPERTY
@given(
    handles,
    st.sampled_from(
        [
            "{h}",
            "@{h}",
            " {H} ",
            "instagram.com/{h}",
            "https://www.instagram.com/{H}/?hl=en",
            "m.instagram.com/{h}/reels",
            "instagr.am/{h}/",
        ]
    ),
)
def test_handle_forms_normalise_to_the_handle(handle: str, form: str) -> None:
    text = form.format(h=handle, H=handle.upper())
    assert normalise.instagram_handle(text) == handle


@PROPERTY
@given(st.text(max_size=60))
def test_instagram_handle_is_idempotent_and_only_raises_validation_error(text: str) -> None:
    try:
        handle = normalise.instagram_handle(text)
    except ValidationError:
        return
    assert normalise.instagram_handle(handle) == handle


# --- website URLs --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("example.com", "https://example.com/"),
        ("Example.COM", "https://example.com/"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/", "https://example.com/"),
        ("//example.com", "https://example.com/"),
        ("HTTP://Example.com:80/", "http://example.com/"),
        ("https://example.com:443/a/", "https://example.com/a"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        ("www.InkHouse.co.uk/artists/jane/", "https://www.inkhouse.co.uk/artists/jane"),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
        ("https://example.com/?utm_source=ig&utm_medium=bio&x=1", "https://example.com/?x=1"),
        ("https://example.com/?fbclid=abc&igshid=def", "https://example.com/"),
        ("https://example.com/page#section", "https://example.com/page"),
        ("https://bücher.de/", "https://xn--bcher-kva.de/"),
        # IDNA 2008 (UTS #46, non-transitional): ß and final sigma are letters of their own.
        ("https://faß.de/", "https://xn--fa-hia.de/"),
        ("https://FASS.de/", "https://fass.de/"),
        ("https://βόλος.com/", "https://xn--nxasmm1c.com/"),
        ("https://Straße.Example/", "https://xn--strae-oqa.example/"),
        ("https://192.168.0.1:8080/x", "https://192.168.0.1:8080/x"),
        ("http://[::1]:8000/", "http://[::1]:8000/"),
        ("https://example.com./", "https://example.com/"),
        ("https://Example.com/CaseKept/Path", "https://example.com/CaseKept/Path"),
    ],
)
def test_website_url_canonical_forms(text: str, canonical: str) -> None:
    assert normalise.website_url(text) == canonical
    assert normalise.website_url(canonical) == canonical


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("ftp://example.com/", "http or https"),
        ("mailto:jane@example.com", "http or https"),
        ("https://user:pass@example.com/", "user name or password"),
        ("https://exa mple.com/", "spaces"),
        ("https:///path", "no host"),
        ("https://-bad-.com/", "not a valid host"),
        ("https://example.com:99999/", "not a valid URL"),
        ("https://[::zz]/", "not a valid"),
        ("https://" + "a" * 64 + ".com/", "not a valid host"),
        ("https://example.com/" + "a" * 2100, "at most 2048"),
    ],
)
def test_website_url_rejects(text: str, reason: str) -> None:
    with pytest.raises(ValidationError) as caught:
        normalise.website_url(text)
    assert caught.value.problems[0].field == "website"
    assert reason in str(caught.value)


@PROPERTY
@given(st.text(max_size=80))
def test_website_url_is_idempotent_and_only_raises_validation_error(text: str) -> None:
    try:
        url = normalise.website_url(text)
    except ValidationError:
        return
    assert normalise.website_url(url) == url
    assert url.startswith(("http://", "https://"))


@PROPERTY
@given(
    st.text(st.sampled_from("abcdeßςöü-\u03c3"), min_size=1, max_size=12).filter(
        lambda label: "ß" in label or "ς" in label
    ),
    st.sampled_from(["de", "gr", "com"]),
)
def test_website_url_keeps_idna_2008_letters_apart(label: str, tld: str) -> None:
    """`faß.de` and `fass.de` are two domains under IDNA 2008: a host with ß or ς never
    canonicalises to the host with ss or sigma (IDNA 2003's mapping), and decodes back to itself."""
    import idna

    try:
        url = normalise.website_url(f"https://{label}.{tld}/")
    except ValidationError:
        return  # e.g. a label that starts with "-"
    host = url.removeprefix("https://").removesuffix("/")
    folded = label.replace("ß", "ss").replace("ς", "\u03c3")
    with contextlib.suppress(ValidationError):
        assert normalise.website_url(f"https://{folded}.{tld}/") != url
    assert idna.decode(host) == f"{label}.{tld}"
    assert normalise.website_url(url) == url


@PROPERTY
@given(
    st.from_regex(r"[a-z0-9]{1,10}(\.[a-z0-9]{1,10}){0,2}\.[a-z]{2,5}", fullmatch=True),
    st.lists(st.from_regex(r"[A-Za-z0-9_~-]{1,8}", fullmatch=True), max_size=3),
    st.dictionaries(st.from_regex(r"[a-z]{1,5}", fullmatch=True), st.text(max_size=6), max_size=3),
)
def test_website_url_is_idempotent_on_realistic_urls(
    host: str, segments: list[str], query: dict[str, str]
) -> None:
    from urllib.parse import urlencode

    text = f"https://{host.upper()}/{'/'.join(segments)}" + (
        f"?{urlencode(query)}" if query else ""
    )
    url = normalise.website_url(text)
    assert normalise.website_url(url) == url
    assert url.startswith(f"https://{host}/")


def test_http_url_keeps_the_url_as_given() -> None:
    signed = "https://cdn.example.com/a.jpg?oe=1&oh=2&utm_source=x"
    assert normalise.http_url(f"  {signed} ") == signed
    for bad in [
        "",
        "cdn.example.com/a.jpg",
        "ftp://x/a",
        "https://x/a b",
        "https://x:99999/",
        "https://" + "a" * 2050,
    ]:
        with pytest.raises(ValidationError):
            normalise.http_url(bad)


# --- postcodes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "postcode"),
    [
        ("sw1a1aa", "SW1A 1AA"),
        ("SW1A 1AA", "SW1A 1AA"),
        (" sw1a  1aa ", "SW1A 1AA"),
        ("m11ae", "M1 1AE"),
        ("B33 8TH", "B33 8TH"),
        ("cr26xh", "CR2 6XH"),
        ("DN551PT", "DN55 1PT"),
        ("w1a0ax", "W1A 0AX"),
        ("EC1A 1BB", "EC1A 1BB"),
        ("ls1 4ap", "LS1 4AP"),
    ],
)
def test_uk_postcode_formats(text: str, postcode: str) -> None:
    assert normalise.uk_postcode(text) == postcode
    assert normalise.uk_postcode(postcode) == postcode


@pytest.mark.parametrize(
    "text",
    ["", "SW1A", "12345", "SW1A 1A", "QW1A 1AA", "SW1A 1CA", "VX1 1AA", "SW1A 1AAA", "GIR 0AA"],
)
def test_uk_postcode_rejects(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        normalise.uk_postcode(text)
    assert caught.value.problems[0].field == "postcode"


@PROPERTY
@given(
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 ", max_size=9)
)
def test_uk_postcode_is_idempotent(text: str) -> None:
    try:
        postcode = normalise.uk_postcode(text)
    except ValidationError:
        return
    assert normalise.uk_postcode(postcode) == postcode
    assert " " in postcode and postcode == postcode.upper()


# --- phone numbers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "e164"),
    [
        ("07911 123456", "+447911123456"),
        ("07911123456", "+447911123456"),
        ("+44 7911 123456", "+447911123456"),
        ("+44 (0)7911 123456", "+447911123456"),
        ("0044 7911 123456", "+447911123456"),
        ("020 7946 0000", "+442079460000"),
        ("(020) 7946-0000", "+442079460000"),
        ("0161 496 0000", "+441614960000"),
        ("0113 496 0000", "+441134960000"),
        ("+1 212 555 0100", "+12125550100"),
    ],
)
def test_phone_e164_for_uk_mobiles_and_landlines(text: str, e164: str) -> None:
    assert normalise.phone_e164(text) == e164
    assert normalise.phone_e164(e164) == e164


def test_phone_region_reads_national_numbers() -> None:
    assert normalise.phone_e164("212 555 0100", region="US") == "+12125550100"


@pytest.mark.parametrize(
    "text", ["", "  ", "hello", "123", "07911 12345", "+44 20 7946 000", "0" * 70]
)
def test_phone_rejects(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        normalise.phone_e164(text)
    assert caught.value.problems[0].field == "phone"


@PROPERTY
@given(st.text(alphabet="0123456789+() -", max_size=20))
def test_phone_is_idempotent_and_only_raises_validation_error(text: str) -> None:
    try:
        number = normalise.phone_e164(text)
    except ValidationError:
        return
    assert normalise.phone_e164(number) == number


# --- e-mail --------------------------------------------------------------------------------


def test_email_lowercases_the_domain_only() -> None:
    assert normalise.email("  Jane.Doe@Example.CO.UK ") == "Jane.Doe@example.co.uk"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "jane",
        "jane@",
        "@example.com",
        "jane@example",
        "ja ne@example.com",
        ".jane@example.com",
        "ja..ne@example.com",
        "jane.@example.com",
    ],
)
def test_email_rejects(text: str) -> None:
    with pytest.raises(ValidationError):
        normalise.email(text)


@PROPERTY
@given(st.emails())
def test_email_is_idempotent(address: str) -> None:
    try:
        first = normalise.email(address)
    except ValidationError:
        assume(False)
        return
    assert normalise.email(first) == first
