# ruff: noqa: RUF001
"""What holdout-20 and -21 taught, each as a general mechanism: a post archive whose cards'
headings link to each person's own page names them even in a script without capitals; a
menu that names people (a portfolio's folder of one gallery page per artist) leads to their
pages; a page whose content's place shows only a loading spinner is drawn by script; the words
of the next button in a row of link buttons are that button's, not the account's before it;
a card whose role is the laser room is no tattooist's, and a name listed without an account
whose own page says she does not tattoo is dropped; a person named by a link in a roster
page's prose (a guest) is read on her page. Hand-written."""

from __future__ import annotations

from datetime import date

from compute.adapters.web import FetchError, Page
from compute.extraction import dates, needs_javascript, people_links, read_roster
from compute.extraction.instagram import mentions_in_text
from compute.services.find_artists import find_artists_for_url

URL = "https://x.test/artist/"


def _post(slug: str, name: str, excerpt: str) -> str:
    return (
        f"<li class='wp-block-post post-4{len(slug)} artist type-artist hentry'>"
        "<div class='wp-block-group'><figure class='wp-block-post-featured-image'>"
        f"<a href='/artist/{slug}/'><img src='/u/{slug}.jpg' alt=''></a></figure>"
        f"<h2 class='wp-block-post-title'><a href='/artist/{slug}/'>{name}</a></h2>"
        f"<div class='wp-block-post-excerpt'><p>{excerpt}</p>"
        f"<p><a href='/artist/{slug}/'>بیشتر</a></p></div></div></li>"
    )


def test_a_post_archive_in_a_script_without_capitals_names_each_post_s_person() -> None:
    page = (
        "<html dir='rtl' lang='fa'><body><main><h1>هنرمندان</h1>"
        "<ul class='wp-block-post-template'>"
        + _post("sara-mohammadi", "سارا محمدی", "فاین‌لاین و خوشنویسی فارسی")
        + _post("amir-rezaei", "امیر رضایی", "رئالیسم سیاه و خاکستری")
        + "</ul></main></body></html>"
    )
    found = read_roster(page, URL, "stu_1").candidates
    assert {(c.name, c.profile_url) for c in found} == {
        ("سارا محمدی", "https://x.test/artist/sara-mohammadi/"),
        ("امیر رضایی", "https://x.test/artist/amir-rezaei/"),
    }


def test_cards_whose_headings_are_not_links_to_pages_of_their_own_name_no_one() -> None:
    page = (
        "<html dir='rtl' lang='fa'><body><main>"
        "<div class='feature'><h3>طراحی اختصاصی</h3><p>هر طرح فقط یک بار</p></div>"
        "<div class='feature'><h3>محیط بهداشتی</h3><p>سوزن یک‌بار مصرف</p></div>"
        "</main></body></html>"
    )
    assert read_roster(page, URL, "stu_1").candidates == []


_NAV = (
    "<header class='site-header'><nav class='site-nav'><ul class='nav-list'>"
    "<li class='nav-item nav-folder'><span class='nav-folder-title'>Artisten</span>"
    "<ul class='nav-folder-list'><li><a href='/lena-schmit'>Lena Schmit</a></li>"
    "<li><a href='/jeff-weber'>Jeff Weber</a></li></ul></li>"
    "<li><a href='/iwwer-eis'>Iwwer eis</a></li><li><a href='/kontakt'>Kontakt</a></li></ul>"
    "<a aria-label='Instagram' href='https://www.instagram.com/kueb.tattoo/'></a></nav></header>"
)


def _gallery(name: str, handle: str) -> str:
    return (
        f"<html><body>{_NAV}<main><section class='gallery'><header class='gallery-header'>"
        f"<h1 class='gallery-title'>{name}</h1><div class='gallery-description'>"
        f"<p>Termin: per DM op <a href='https://www.instagram.com/{handle}/'>Instagram</a>"
        "</p></div></header><figure class='gallery-item'><img data-src='/1.jpg' alt=''>"
        "</figure></section></main></body></html>"
    )


class _Fetcher:
    def __init__(self, replies: dict[str, str]) -> None:
        self.replies = replies

    def fetch(self, url: str) -> Page:
        if url not in self.replies:
            raise FetchError(url, "not_found")
        return Page(url, 200, self.replies[url], "text/html")


def test_a_menu_naming_people_leads_to_each_artist_s_own_page() -> None:
    home_url = "https://kueb.test/"
    assert people_links(_NAV, home_url) == [
        ("https://kueb.test/lena-schmit", "Lena Schmit"),
        ("https://kueb.test/jeff-weber", "Jeff Weber"),
    ]
    home = f"<html><body>{_NAV}<main><h1>Kueb Tattoo</h1><p>Dräi Artisten.</p></main></body></html>"
    fetcher = _Fetcher(
        {
            home_url: home,
            f"{home_url}lena-schmit": _gallery("Lena Schmit", "lena.schmit.tattoo"),
            f"{home_url}jeff-weber": _gallery("Jeff Weber", "jeffweber_tattoo"),
        }
    )
    found = find_artists_for_url(home_url, fetcher).candidates
    assert {(c.name, c.instagram_handle) for c in found} == {
        ("Lena Schmit", "lena.schmit.tattoo"),
        ("Jeff Weber", "jeffweber_tattoo"),
    }


_SQUARE_SHELL = (
    '<html><head><script>window.__BOOTSTRAP_STATE__ = {"page": {"slug": "our-artists"}};'
    "</script></head><body><div id='app' class='site-app'>"
    "<header class='site-header'><a class='site-logo' href='/'>Tamarack Tattoo</a>"
    "<nav><ul><li><a href='/'>Home</a></li><li><a href='/our-artists'>Our Artists</a></li>"
    "<li><a href='/contact'>Contact</a></li></ul></nav></header>"
    "<div class='site-content' data-page-id='12'>{content}</div>"
    "<footer class='site-footer'><p>Tamarack Tattoo · 211 Bannatyne Ave, Winnipeg, MB R3B 1N2 ·"
    " (204) 555-0199 · Open Tuesday to Saturday, noon to eight, walk-ins on Saturdays</p>"
    "<a href='https://www.instagram.com/tamaracktattoo/' aria-label='Instagram'></a></footer>"
    "</div><script src='/app/website/js/site-runtime.js' defer></script></body></html>"
)


def test_a_page_whose_content_is_only_a_loading_spinner_is_drawn_by_script() -> None:
    spinner = "<div class='w-loading-spinner' aria-label='Loading'></div>"
    assert needs_javascript(_SQUARE_SHELL.replace("{content}", spinner))
    drawn = (
        "<section class='w-cell'><h3>Ravi Gill</h3><p>Blackwork and ornamental, books open"
        " monthly.</p><button class='btn'><span class='btn-spinner'></span>Book</button>"
        "</section>"
    )
    assert not needs_javascript(_SQUARE_SHELL.replace("{content}", drawn))


def test_the_next_button_s_words_say_nothing_of_the_account_before_it() -> None:
    page = (
        "<html><body><div id='root'><div class='lib-profile'><h1>kampongglamtattoo</h1>"
        "<p class='lib-bio'>Private studio · by appointment</p></div><div class='lib-buttons'>"
        "<a class='lib-button' href='https://www.instagram.com/ashwin.tattoo.sg/'>"
        "Book with Ashwin (blackwork, ornamental)</a>"
        "<a class='lib-button' href='https://www.instagram.com/marcuslim_irezumi/'>"
        "Book with Marcus (Japanese)</a>"
        "<a class='lib-button' href='/aftercare.pdf'>Aftercare guide (PDF)</a>"
        "<a class='lib-button' href='https://wa.me/6591234567'>WhatsApp the studio</a>"
        "</div></div></body></html>"
    )
    roster = read_roster(page, "https://kampong.test/", "stu_1")
    assert {c.instagram_handle for c in roster.candidates} == {
        "ashwin.tattoo.sg",
        "marcuslim_irezumi",
    }
    assert roster.rejected == []


def _notion_card(name: str, role: str, handle: str) -> str:
    return (
        f"<a href='/artists/{handle}' class='notion-collection-card gallery'>"
        f"<div class='notion-collection-card__content'><div class='notion-property__title'>"
        f"{name}</div><div class='notion-collection-card__property'>"
        f"<span class='notion-pill pill-default'>{role}</span></div>"
        "<div class='notion-collection-card__property'><span class='notion-property__url'>"
        f"<span class='link'>instagram.com/{handle}</span></span></div></div></a>"
    )


def test_a_card_whose_role_is_laser_removal_is_no_tattooist() -> None:
    page = (
        "<html><body><main><div class='notion-gallery'>"
        + _notion_card("Niamh Doyle", "Tattooist", "niamhdoyle.ink")
        + _notion_card("Tariq Hassan", "Tattooist", "tariq.letters")
        + _notion_card("Hannah Cole", "Laser removal", "hannahcole.laser")
        + "</div></main></body></html>"
    )
    roster = read_roster(page, "https://pennyroyal.test/artists", "stu_1")
    assert {c.instagram_handle for c in roster.candidates} == {"niamhdoyle.ink", "tariq.letters"}
    assert [r.handle for r in roster.rejected] == ["hannahcole.laser"]


def _contact(name: str, position: str, handle: str, words: str) -> str:
    return (
        "<html><body><main><div class='com-contact contact' itemscope "
        f"itemtype='https://schema.org/Person'><h1><span itemprop='name'>{name}</span></h1>"
        f"<dl><dd itemprop='jobTitle'>{position}</dd></dl><p>{words}</p>"
        f"<ul><li><a href='https://www.instagram.com/{handle}/' itemprop='url'>Instagram</a>"
        "</li></ul></div></main></body></html>"
    )


def test_a_name_listed_without_an_account_whose_page_says_she_does_not_tattoo_is_dropped() -> None:
    home_url = "https://crno.test/"
    rows = "".join(
        f"<tr><th scope='row'><a href='/tim/{slug}.html'>{name}</a></th><td>{role}</td></tr>"
        for slug, name, role in (
            ("1-aleksandar", "Александар Петровски", "Тату уметник, сопственик"),
            ("2-marija", "Марија Стојановска", "Тату уметник"),
            ("5-ivana", "Ивана Георгиевска", "Пирсер"),
        )
    )
    home = (
        "<html><body><main><h1>Тим</h1><table><thead><tr><th>Име</th><th>Позиција</th>"
        f"</tr></thead><tbody>{rows}</tbody></table></main></body></html>"
    )
    fetcher = _Fetcher(
        {
            home_url: home,
            f"{home_url}tim/1-aleksandar.html": _contact(
                "Александар Петровски", "Тату уметник", "aleksandar.tattoo", "Реализам."
            ),
            f"{home_url}tim/2-marija.html": _contact(
                "Марија Стојановска", "Тату уметник", "marija.fineline", "Фајн лајн."
            ),
            f"{home_url}tim/5-ivana.html": _contact(
                "Ивана Георгиевска",
                "Пирсер",
                "ivana.piercing.skopje",
                "Пирсинг со титаниумски накит. Ивана не тетовира – само пирсинг.",
            ),
        }
    )
    found = find_artists_for_url(home_url, fetcher).candidates
    assert {(c.name, c.instagram_handle) for c in found} == {
        ("Александар Петровски", "aleksandar.tattoo"),
        ("Марија Стојановска", "marija.fineline"),
    }


def _jekyll(body: str) -> str:
    return (
        "<html><body><header class='site-header'><nav class='site-nav'>"
        "<a class='page-link' href='/umjetnici/'>Umjetnici</a>"
        "<a class='page-link' href='/kontakt.html'>Kontakt</a></nav></header>"
        f"<main class='page-content'><article class='post'>{body}</article></main>"
        "<footer class='site-footer'><p>Foto: <a href='/foto.html'>Kenan Hadžić</a></p>"
        "</footer></body></html>"
    )


def test_a_person_named_by_a_link_in_a_roster_page_s_prose_is_read_on_her_page() -> None:
    home_url = "https://labud.test/"
    roster = _jekyll(
        "<h1>Umjetnici</h1><ul>"
        "<li><a href='/umjetnici/amra-hodzic.html'>Amra Hodžić</a> – fine line</li>"
        "<li><a href='/umjetnici/dino-mehic.html'>Dino Mehić</a> – tradicional</li></ul>"
        "<h2>Gost</h2><p>Od 1. novembra 2026. do 31. marta 2027. s nama radi "
        "<a href='/umjetnici/gosti/ivana-radic.html'>Ivana Radić</a> iz Zagreba.</p>"
    )

    def artist(name: str, handle: str) -> str:
        return _jekyll(f"<h1>{name}</h1><p>Instagram: @{handle}</p>")

    fetcher = _Fetcher(
        {
            home_url: _jekyll("<h1>Crni Labud</h1><p>Tattoo studio u Sarajevu.</p>"),
            f"{home_url}umjetnici/": roster,
            f"{home_url}umjetnici/amra-hodzic.html": artist("Amra Hodžić", "amra.hodzic.tattoo"),
            f"{home_url}umjetnici/dino-mehic.html": artist("Dino Mehić", "dinomehic.tattoos"),
            f"{home_url}umjetnici/gosti/ivana-radic.html": _jekyll(
                "<h1>Ivana Radić (gost)</h1><p>Dotwork i mandale. "
                "<a href='https://www.instagram.com/ivana.radic.dotwork/'>"
                "instagram.com/ivana.radic.dotwork</a></p>"
            ),
        }
    )
    found = find_artists_for_url(home_url, fetcher).candidates
    assert {(c.name, c.instagram_handle) for c in found} == {
        ("Amra Hodžić", "amra.hodzic.tattoo"),
        ("Dino Mehić", "dinomehic.tattoos"),
        ("Ivana Radić", "ivana.radic.dotwork"),
    }


def _embed(name: str, handle: str, note: str) -> str:
    post = "https://www.instagram.com/p/DAf2Hq6nRz1/?utm_source=ig_embed"
    return (
        "<div class='embed-cell'><blockquote class='instagram-media' "
        f"data-instgrm-permalink='{post}' data-instgrm-version='14'><div><a href='{post}'>"
        "<div>View this post on Instagram</div></a><p><a href='{post}'>"
        f"A post shared by {name} (@{handle})</a></p></div></blockquote>"
        f"<p class='embed-note'>{note}</p></div>"
    )


def test_the_line_under_an_embedded_post_says_what_its_author_is() -> None:
    page = (
        "<html><body><main><section class='crew'><h2>The Crew</h2>"
        + _embed("Jess Nguyen", "jessnguyen.tattoo", "Fine line &amp; botanicals")
        + _embed("Matt Rossi", "mattrossi.tattoos", "Realism &amp; cover-ups")
        + "</section><section class='guests'><h2>Guest chair</h2>"
        + _embed(
            "Kiri Anderson",
            "kiri.anderson.tattoo",
            "Kiri is in our guest chair every week until the end of March 2027.",
        )
        + "<h3>Recently</h3>"
        + _embed(
            "Yuki Tanaka",
            "yukitanaka.tattoo",
            "Thanks Yuki for a ripper guest spot, 1–12 September 2026 — come back soon!",
        )
        + "</section></main></body></html>"
    )
    roster = read_roster(page, "https://ghostgum.test/crew/", "stu_1")
    assert {c.instagram_handle for c in roster.candidates} == {
        "jessnguyen.tattoo",
        "mattrossi.tattoos",
        "kiri.anderson.tattoo",
    }
    assert [r.handle for r in roster.rejected] == ["yukitanaka.tattoo"]


def test_a_month_still_to_come_keeps_a_page_s_past_ranges_meaningful() -> None:
    today = date(2026, 12, 7)
    stale = "Guest spots: 1-12 September 2026, 3-9 October 2026."
    with dates.reading(stale, today):
        assert not dates.ended("1-12 September 2026", today)  # an archive: dates say nothing
    current = stale + " Kiri is with us until the end of March 2027."
    with dates.reading(current, today):
        assert dates.ended("1-12 September 2026", today)


def test_thanks_ending_a_verb_final_sentence_and_thanks_in_more_languages() -> None:
    cards = "".join(
        f"<div class='accordion-item'><h3>{name}</h3>"
        f"<a class='btn' href='https://www.instagram.com/{handle}/'>@{handle}</a></div>"
        for name, handle in (
            ("Әйгерім Сейтқали", "aigerim.seitkali.tattoo"),
            ("Дәурен Жұмабаев", "dauren_zhumabayev_ink"),
        )
    )
    page = (
        "<html><body><main><section id='about'><h2>Біз туралы</h2><p>Бояуларымыз үшін "
        "<a href='https://www.instagram.com/worldfamousink/'>@worldfamousink</a> командасына "
        "рақмет!</p></section><section id='artists'><h2>Шеберлер</h2>"
        f"<div class='accordion'>{cards}</div></section><section><p>Eskerrik asko "
        "<a href='https://www.instagram.com/tatuajeen.hornidura/'>@tatuajeen.hornidura</a>-ri "
        "urte osoan materiala hornitzeagatik.</p></section></main></body></html>"
    )
    roster = read_roster(page, "https://qara.test/", "stu_1")
    assert {c.instagram_handle for c in roster.candidates} == {
        "aigerim.seitkali.tattoo",
        "dauren_zhumabayev_ink",
    }
    assert {(r.handle, r.reason) for r in roster.rejected} == {
        ("worldfamousink", "thanks"),
        ("tatuajeen.hornidura", "thanks"),
    }


def test_a_welsh_denial_is_followed_by_no_account() -> None:
    text = "Dydy Rhodri ddim ar Instagram – anfonwch neges trwy'r ffurflen archebu."
    assert mentions_in_text(text) == []
