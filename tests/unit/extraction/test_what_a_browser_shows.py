"""General mechanisms that read a studio page as a browser shows it (held-out batch holdout-2 in
tests/corpus): every attribute that points at an account, the words a button or an embed shows
around it, what is hidden, names in scripts without capitals, and phrases that reject several
accounts at once. Hand-written snippets, each the way real site builders write them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from compute.domain.normalise import RESERVED_INSTAGRAM_PATHS
from compute.extraction import read_roster, roster_links
from compute.extraction.instagram import _NOT_LABELLED_HANDLES as NOT_LABELLED_HANDLES
from compute.extraction.instagram import handle_from_href, handles_in_text
from compute.extraction.names import cjk_name, person_name
from compute.extraction.rejection import is_studio_handle, reason_in_handle

URL = "https://inklab.example/"
handles = st.from_regex(r"[a-z0-9_]{1,12}(\.[a-z0-9_]{1,12})?", fullmatch=True).filter(
    lambda h: h not in RESERVED_INSTAGRAM_PATHS
)


def page(body: str, title: str = "Ink Lab Tattoo") -> str:
    return f"<html><head><title>{title}</title></head><body>{body}</body></html>"


def roster(body: str) -> tuple[set[tuple[str | None, str | None]], dict[str | None, str]]:
    found = read_roster(page(body), URL, "stu_1")
    return (
        {(c.name, c.instagram_handle) for c in found.candidates},
        {r.handle: r.reason for r in found.rejected},
    )


def test_accounts_behind_any_attribute_are_read_with_the_words_their_element_shows() -> None:
    kept, rejected = roster(
        # Taplink: no href, the URL in data-href; the button's own words name the artist.
        '<a class="btn-link" data-href="https://www.instagram.com/kezia.moon.tattoo/">'
        '<div class="t">Kezia Moon</div><div class="s">blackwork</div></a>'
        '<a class="btn-link" data-href="https://www.instagram.com/tattoosbyelliot/">'
        '<div class="t">Elliot Grant</div><div class="s">realism</div></a>'
        '<a class="btn-link" data-href="https://www.instagram.com/killerinkuk/">'
        '<div class="t">Our supplier: Killer Ink</div></a>'
        # A card naming its artist's account in data-instagram, and an icon-only <button>.
        '<div class="card" data-instagram="@yaz.ink"><h4>Yasmin Haddad</h4>'
        '<button title="Yasmin on Instagram" data-url="https://www.instagram.com/yaz.ink/">'
        "</button></div>"
    )
    assert kept == {
        ("Kezia Moon", "kezia.moon.tattoo"),
        ("Elliot Grant", "tattoosbyelliot"),
        ("Yasmin Haddad", "yaz.ink"),
    }
    assert rejected == {"killerinkuk": "supplier_or_brand"}


def test_what_the_browser_does_not_show_does_not_reject() -> None:
    item = (
        '<div class="guest-item"><div class="dates">{dates}</div><div class="name">{name}</div>'
        '<a href="https://www.instagram.com/{handle}">@{handle}</a>'
        '<div class="status{hidden}">Afgelopen</div></div>'
    )
    kept, rejected = roster(
        item.format(
            dates="15 Jan",
            name="Ola Nordmann",
            handle="ola.tattoo",
            hidden=" w-condition-invisible",
        )
        + item.format(dates="3 Oct", name="Kasia Nowak", handle="kasia.ink", hidden="")
    )
    assert kept == {("Ola Nordmann", "ola.tattoo")}
    assert rejected == {"kasia.ink": "guest_spot_ended"}


def test_an_embedded_post_is_judged_by_the_words_the_page_puts_above_it() -> None:
    embed = (
        '<blockquote class="instagram-media"><a href="https://www.instagram.com/p/C1a/">'
        "<div>View this post on Instagram</div></a><p>"
        '<a href="https://www.instagram.com/p/C1a/">A post shared by {who} (@{handle})</a>'
        "</p></blockquote>"
    )
    kept, rejected = roster(
        "<h3>Leah</h3><p>Bold colour traditional.</p>"
        + embed.format(who="Leah Marsh", handle="leahmarsh.tattoo")
        + "<p>We\u2019ll be at the Tattoo Freeze this February!</p>"
        + embed.format(who="Tattoo Freeze", handle="tattoofreeze")
    )
    assert kept == {("Leah Marsh", "leahmarsh.tattoo")}
    assert rejected == {"tattoofreeze": "convention"}


def test_one_phrase_rejects_every_account_in_it_whichever_side_says_why() -> None:
    kept, rejected = roster(
        "<p>Jo Bright (@jobright.tattoo) runs the place.</p>"
        "<p>We use @eternalink and @cheyenne.equipment machines.</p>"
    )
    assert kept == {("Jo Bright", "jobright.tattoo")}
    assert rejected == {
        "eternalink": "supplier_or_brand",
        "cheyenne.equipment": "supplier_or_brand",
    }


def test_the_sites_own_account_in_its_footer_is_the_studios_even_beside_a_postcode() -> None:
    kept, rejected = roster(
        '<ul><li class="a"><h3>Sanne de Wit</h3><a href="https://instagr.am/sanne.tattoo">ig</a></li>'
        '<li class="a"><h3>Joris Berg</h3><a href="https://instagr.am/joris.berg">ig</a></li></ul>'
        '<p>NDSM-plein 28, 1033 WB Amsterdam <a href="https://www.instagram.com/studio.noord/">'
        "Instagram</a></p>"
        '<footer><a href="https://www.instagram.com/studio.noord/" title="Instagram"></a></footer>'
    )
    assert kept == {("Sanne de Wit", "sanne.tattoo"), ("Joris Berg", "joris.berg")}
    assert rejected == {"studio.noord": "studio_account"}


def test_japanese_and_korean_names_are_names() -> None:
    assert person_name("佐藤 蓮") == "佐藤 蓮"
    assert person_name("山田\u3000花子") == "山田 花子"
    assert person_name("高橋 大輔\uff08") == "高橋 大輔"
    assert person_name("김민지") == "김민지"
    for word in (
        "彫師紹介",
        "料金 案内",
        "見習い",
        "대표",
        "레터링",
        "게스트 아티스트",
        "WB Amsterdam",
    ):
        assert person_name(word) is None, word
    kept, _ = roster(
        '<article><h3>鈴木 愛<span>見習い</span></h3><a href="https://www.instagram.com/ai_suzuki/">'
        '<img alt="Instagram"></a></article>'
        '<article><h3>木村 翔太</h3><a href="https://www.instagram.com/shota_kimura/">'
        '<img alt="Instagram"></a></article>'
        "<p><strong>최유나</strong> 작가님이 함께합니다 (@yuna_choi_tattoo)</p>"
    )
    assert kept == {
        ("鈴木 愛", "ai_suzuki"),
        ("木村 翔太", "shota_kimura"),
        ("최유나", "yuna_choi_tattoo"),
    }


cjk = st.text(
    alphabet=st.sampled_from(
        "佐藤蓮山田花子林偉김민지박준호이서연あいう アイ・\uff08\uff09「」 \u3000"
    ),
    max_size=12,
)


@given(text=cjk)
def test_a_cjk_name_is_stable_and_has_no_brackets_or_padding(text: str) -> None:
    name = cjk_name(text)
    if name is not None:
        assert cjk_name(name) == name
        assert name == name.strip() and "  " not in name and "\u3000" not in name
        assert not any(c in name for c in "\uff08\uff09「」()・")
        assert cjk_name(f"\uff08{text}\uff09") == name


@given(text=st.text(alphabet=st.characters(codec="ascii"), max_size=40))
def test_text_without_cjk_is_never_a_cjk_name(text: str) -> None:
    assert cjk_name(text) is None


# A label's bare word is an account when it is written as one: two characters or more, a letter,
# and not one of the words a sentence goes on with after a label ('IG (el)' in Spanish is 'him').
@given(
    handle=handles.filter(
        lambda h: len(h) >= 2 and any(c.isalpha() for c in h) and h not in NOT_LABELLED_HANDLES
    )
)
def test_instagrams_short_links_name_the_same_account(handle: str) -> None:
    expected = handle_from_href(f"https://www.instagram.com/{handle}/")
    assert handle_from_href(f"https://ig.me/m/{handle}") == expected
    assert handle_from_href(f"https://ig.me/{handle}") == expected
    assert handle_from_href(f"https://instagram.com/_u/{handle}") == expected
    assert handles_in_text(f"her IG ({handle}) or the form") == [handle]


@given(handle=handles)
def test_a_studio_handle_spelled_with_a_web_word_is_still_the_studios(handle: str) -> None:
    assert is_studio_handle("deinktvis.amsterdam", ["De Inktvis"])
    assert not is_studio_handle(f"zz{handle}", ["De Inktvis"]) or "deinktvis" in handle


def test_an_accounts_own_name_says_what_it_is() -> None:
    assert reason_in_handle("edinburghtattooconvention") == "convention"
    assert reason_in_handle("photo.kenji") == "photographer"
    assert reason_in_handle("tattookrakowfest") is None  # a word glued inside is not enough
    assert reason_in_handle("jane.doe.tattoo") is None


def test_a_page_about_the_studio_is_read_after_every_roster_link() -> None:
    html = page('<nav><a href="/about/">Who we are</a> <a href="/artists/">Artists</a></nav>')
    assert roster_links(html, URL) == [f"{URL}artists/", f"{URL}about/"]


def test_a_roles_or_a_guests_own_words_say_they_are_not_a_resident_artist() -> None:
    row = "<tr><td>{name}</td><td><a href='https://www.instagram.com/{handle}/'>{handle}</a></td><td>{role}</td></tr>"
    kept, rejected = roster(
        "<table>"
        + row.format(name="Lotte Visser", handle="lotte.tattoo", role="Eigenaar")
        + row.format(name="Sem de Boer", handle="sem.flash", role="Leerling (tatoeëert flash)")
        + row.format(name="Bram Hendriks", handle="bram.ink", role="Gestopt in 2023")
        + "</table>"
        + '<div class="p"><span class="n">Lucía Morales</span><span class="t">Tatuadora</span>'
        '<a href="https://www.instagram.com/lucia.tattoo/" title="Instagram"></a></div>'
        '<div class="p"><span class="n">Andrea Gil</span><span class="t">Recepción y citas</span>'
        '<a href="https://www.instagram.com/andrea.desk/" title="Instagram"></a></div>'
        "<p>Last month\u2019s guest, Rin Sato (@rinsato.tattoo), is already back in Tokyo.</p>"
    )
    assert {h for _, h in kept} == {"lotte.tattoo", "sem.flash", "lucia.tattoo"}
    assert rejected == {
        "bram.ink": "former_artist",
        "andrea.desk": "not_a_tattooist",
        "rinsato.tattoo": "guest_spot_ended",
    }
