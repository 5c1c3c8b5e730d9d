"""The later template families of studio websites, written the way such sites are built: site
builders' div soup, a WordPress theme, one-page sites, consent overlays, other languages,
microdata, a team page under an unusual label, robots.txt rules, every Instagram URL form, trap
handles, and rosters drawn by script. Pure, like emulation.world.sites, and built from
emulation.world.markup; `page()` answers one path of a studio of these families.

Every handle a page shows is either one of the studio's artists or one of its `not_artists`
(emulation.world.city), so the ground truth says what each handle is.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from emulation.world.city import INSTAGRAM_FORMS, ArtistSpec, City, NotArtist, StudioSpec
from emulation.world.markup import (
    CONSENT_BANNER,
    HTML,
    Page,
    escape,
    guest_note,
    instagram_markup,
    instagram_url,
    layout,
    obfuscated_email,
    style_text,
    team_page_label,
)


def _ig(handle: str) -> str:
    return f"https://www.instagram.com/{handle}/"


def _trap_link(trap: NotArtist) -> str:
    return f'<a href="{_ig(trap.handle)}">@{escape(trap.handle)}</a>'


def _one(studio: StudioSpec, reason: str, nth: int = 0) -> NotArtist | None:
    traps = studio.traps(reason)
    return traps[nth] if nth < len(traps) else None


def _wix_id(studio: StudioSpec, *parts: object) -> str:
    """A site builder's generated component id: stable per page element, meaningless."""
    digest = hashlib.sha256(":".join(map(str, (studio.index, *parts))).encode()).hexdigest()
    return f"comp-{digest[:8]}"


# -- site builder ------------------------------------------------------------------------------


def site_builder_roster(city: City, studio: StudioSpec) -> str:
    """Wix-style markup: generated ids and classes, names in rich-text spans, icon-only
    Instagram links, a photo credit and a supplier strip."""
    items = []
    for n, artist in enumerate(studio.artists):
        cid = _wix_id(studio, artist.slug)
        items.append(
            f'<div id="{cid}" class="{cid} wixui-repeater__item" role="listitem">'
            f'<div class="wixui-image"><wow-image><img src="https://static.wixstatic.com/media/'
            f'{cid[5:]}~mv2.jpg/v1/fill/w_300,h_300/{artist.slug}.jpg" alt=""></wow-image></div>'
            f'<div data-testid="richTextElement" class="wixui-rich-text"><h4 class="font_4 '
            f'wixui-rich-text__text"><span style="font-weight:bold;" class="wixui-rich-text__text">'
            f"{escape(artist.name)}</span></h4></div>"
            f'<div data-testid="richTextElement" class="wixui-rich-text"><p class="font_8 '
            f'wixui-rich-text__text"><span class="wixui-rich-text__text">'
            f"{escape(style_text(city, studio, artist))}{guest_note(studio, artist)}"
            "</span></p></div>"
            f'<div class="wixui-social-bar"><ul aria-label="Social Bar"><li><a data-testid='
            f'"linkElement" href="{escape(instagram_url(city, studio, n, artist))}" '
            'target="_blank" '
            f'aria-label="Instagram"><wow-image><img src="https://static.wixstatic.com/media/'
            f'01c3aff52f2a4dffa526d7a9843d46ea.png" alt="Instagram"></wow-image></a></li></ul>'
            "</div></div>"
        )
    credits = ""
    photographer = _one(studio, "photographer")
    if photographer is not None:
        credits += (
            f'<div class="wixui-rich-text"><p class="font_9">Studio photography by '
            f"{escape(photographer.name)} {_trap_link(photographer)}</p></div>"
        )
    supplier = _one(studio, "supplier")
    if supplier is not None:
        credits += (
            f'<div class="wixui-rich-text"><p class="font_9">Proudly using inks from '
            f"{_trap_link(supplier)}</p></div>"
        )
    main = (
        f'<section id="{_wix_id(studio, "section")}" class="wixui-section">'
        f'<div data-testid="richTextElement" class="wixui-rich-text"><h2 class="font_2">'
        f'<span class="wixui-rich-text__text">ARTISTS</span></h2></div>'
        f'<div data-testid="repeater" class="wixui-repeater" role="list">{"".join(items)}</div>'
        f"{credits}</section>"
    )
    head = '<meta name="generator" content="Wix.com Website Builder">'
    return layout(studio, "Artists", f'<div id="SITE_CONTAINER">{main}</div>', head=head)


# -- WordPress -------------------------------------------------------------------------------


def wordpress_roster(city: City, studio: StudioSpec) -> str:
    """An Elementor page: widget columns per artist, an ended guest spot, a convention, the
    Smash Balloon Instagram feed (post and reel links), and the sponsors widget."""
    columns = []
    for n, artist in enumerate(studio.artists):
        columns.append(
            '<div class="elementor-column elementor-col-33 elementor-top-column" '
            'data-element_type="column"><div class="elementor-widget-wrap">'
            '<div class="elementor-element elementor-widget elementor-widget-image">'
            f'<img width="300" height="300" src="/wp-content/uploads/2024/03/{artist.slug}'
            f'-300x300.jpg" class="attachment-medium size-medium" alt="" loading="lazy"></div>'
            '<div class="elementor-element elementor-widget elementor-widget-heading">'
            f'<h3 class="elementor-heading-title elementor-size-default">{escape(artist.name)}</h3>'
            '</div><div class="elementor-element elementor-widget elementor-widget-text-editor">'
            f"<p>{escape(style_text(city, studio, artist))}{guest_note(studio, artist)}</p></div>"
            '<div class="elementor-element elementor-widget elementor-widget-social-icons">'
            '<a class="elementor-icon elementor-social-icon elementor-social-icon-instagram" '
            f'href="{escape(instagram_url(city, studio, n, artist))}" target="_blank">'
            '<span class="elementor-screen-only">Instagram</span><i class="fab fa-instagram">'
            "</i></a></div></div></div>"
        )
    news = []
    guest = _one(studio, "guest_ended")
    if guest is not None:
        news.append(
            f"<p>Huge thanks to {escape(guest.name)} ({_trap_link(guest)}) for a brilliant guest "
            "spot last month &ndash; hope to have you back soon!</p>"
        )
    convention = _one(studio, "convention")
    if convention is not None:
        news.append(
            f"<p>Catch the whole crew at the {_trap_link(convention)} convention this summer.</p>"
        )
    reel = _one(studio, "post_not_profile", 1)
    feed = (
        '<div id="sb_instagram" class="sbi sbi_col_4"><div id="sbi_images">'
        f'<div class="sbi_item"><a class="sbi_photo" href="https://www.instagram.com/p/'
        f'CwP{studio.index}xQ/" target="_blank"><img src="/wp-content/plugins/instagram-feed/'
        'img/placeholder.png" alt="Instagram post 1"></a></div>'
    )
    if reel is not None:
        feed += (
            f'<div class="sbi_item"><a class="sbi_photo" href="https://www.instagram.com/'
            f'{reel.handle}/Cz{studio.index}Lm/" target="_blank"><img src="/wp-content/'
            'plugins/instagram-feed/img/placeholder.png" alt="Instagram post 2"></a></div>'
        )
    feed += "</div></div>"
    sponsors = "".join(
        f'<li><a href="{_ig(t.handle)}" target="_blank" rel="noopener">{escape(t.handle)}</a></li>'
        for t in studio.traps("supplier")
    )
    main = (
        '<div data-elementor-type="wp-page" class="elementor elementor-42">'
        '<section class="elementor-section elementor-top-section elementor-section-boxed">'
        '<div class="elementor-container elementor-column-gap-default">'
        '<div class="elementor-widget elementor-widget-heading"><h2 class="elementor-heading-'
        f'title">Our Team</h2></div>{"".join(columns)}</div></section>'
        '<section class="elementor-section"><div class="elementor-widget-text-editor">'
        f"<h2>Studio news</h2>{''.join(news)}</div></section>"
        f'<section class="elementor-section"><h2>Follow us</h2>{feed}</section></div>'
        '<aside id="secondary" class="widget-area"><section id="custom_html-3" class="widget '
        'widget_text"><h2 class="widget-title">Our sponsors</h2>'
        f'<ul class="sponsors">{sponsors}</ul></section></aside>'
    )
    head = (
        '<meta name="generator" content="WordPress 6.4.3"><meta name="generator" '
        'content="Elementor 3.19.2"><link rel="stylesheet" href="/wp-content/themes/hello-'
        'elementor/style.min.css">'
    )
    return layout(studio, "Our Team", main, head=head).replace(
        "<body>", '<body class="page-template-default page page-id-42 elementor-default">', 1
    )


# -- one page --------------------------------------------------------------------------------


def one_page_site(city: City, studio: StudioSpec) -> str:
    """The whole site on its home page: sections under #anchors, press mentions, and now and
    then a resident who has moved on."""
    people = "".join(
        f'<div class="artist"><h3>{escape(artist.name)}</h3>{guest_note(studio, artist)}'
        f"<p>{escape(style_text(city, studio, artist))}</p>"
        f"<p>{instagram_markup(city, studio, n, artist)}</p></div>"
        for n, artist in enumerate(studio.artists)
    )
    former = _one(studio, "former")
    goodbye = (
        f"<p>Sadly we said goodbye to {escape(former.name)} ({_trap_link(former)}), who has moved "
        "on to pastures new. Good luck!</p>"
        if former is not None
        else ""
    )
    press = " ".join(_trap_link(t) for t in studio.traps("featured_in"))
    nav = "".join(
        f'<a href="#{anchor}">{label}</a>'
        for anchor, label in (
            ("home", "Home"),
            ("about", "About"),
            ("artists", "Artists"),
            ("booking", "Booking"),
            ("contact", "Contact"),
        )
    )
    return (
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>{escape(studio.name)}</title></head><body>"
        f'<header class="sticky"><a class="logo" href="#home">{escape(studio.name)}</a>'
        f"<nav>{nav}</nav></header>"
        f'<section id="home" class="hero"><h1>{escape(studio.name)}</h1><p>Custom tattoos by '
        "appointment.</p></section>"
        f'<section id="about"><h2>About</h2><p>A friendly studio since {1995 + studio.index % 25}.'
        f"</p>{goodbye}</section>"
        f'<section id="artists"><h2>Artists</h2><div class="artists">{people}</div></section>'
        f'<section id="press"><h2>As featured in</h2><p>{press}</p></section>'
        '<section id="booking"><h2>Booking</h2><p>Fill in the form and we will get back to '
        "you.</p></section>"
        f'<section id="contact"><h2>Contact</h2><p>{escape(studio.address)}</p>'
        f"<p>Email: {obfuscated_email(studio.email, studio.index)}</p></section>"
        f'<footer><p>Follow <a href="{_ig(studio.studio_handle)}">@{escape(studio.studio_handle)}'
        f'</a> &middot; <a href="https://www.instagram.com/p/C1ne{studio.index}/">latest post'
        "</a></p></footer></body></html>\n"
    )


# -- cookie consent --------------------------------------------------------------------------


def _consent_platform(studio: StudioSpec) -> str:
    if studio.index % 3 == 0:
        return CONSENT_BANNER
    if studio.index % 3 == 1:
        return (
            '<div id="onetrust-consent-sdk"><div class="onetrust-pc-dark-filter ot-fade-in">'
            '</div><div id="onetrust-banner-sdk" class="otFlat" tabindex="0" role="region" '
            'aria-label="Cookie banner"><div class="ot-sdk-container"><div class="ot-sdk-row">'
            '<div id="onetrust-group-container"><div id="onetrust-policy"><h2 id="onetrust-'
            'policy-title">We use cookies</h2><div id="onetrust-policy-text">We and our '
            "partners use cookies to personalise content, to provide social media features "
            'and to analyse our traffic. <a href="/cookie-policy">Cookie Policy</a></div></div>'
            '</div><div id="onetrust-button-group-parent"><button id="onetrust-accept-btn-'
            'handler">Accept All Cookies</button><button id="onetrust-reject-all-handler">Reject'
            ' All</button><button id="onetrust-pc-btn-handler">Cookies Settings</button></div>'
            "</div></div></div></div>"
        )
    return (
        '<div id="CybotCookiebotDialog" name="CybotCookiebotDialog" role="dialog" '
        'aria-modal="true" class="CybotCookiebotDialogActive" lang="en"><div class="Cybot'
        'CookiebotDialogContentWrapper"><h2 id="CybotCookiebotDialogBodyContentTitle">This '
        'website uses cookies</h2><div id="CybotCookiebotDialogBodyContentText">We use cookies '
        "to show you our artists' Instagram feeds and to measure visits.</div>"
        '<button id="CybotCookiebotDialogBodyButtonDecline">Deny</button><button id="Cybot'
        'CookiebotDialogBodyLevelButtonLevelOptinAllowAll">Allow all</button></div></div>'
    )


def cookie_consent_roster(city: City, studio: StudioSpec) -> str:
    """A consent platform's overlay first in the body, then the roster cards."""
    cards = "".join(
        f'<div class="artist-tile"><h2>{escape(artist.name)}</h2>'
        f"<p>{escape(style_text(city, studio, artist))}{guest_note(studio, artist)}</p>"
        f"{instagram_markup(city, studio, n, artist)}</div>"
        for n, artist in enumerate(studio.artists)
    )
    convention = _one(studio, "convention")
    event = (
        f"<p>Find us at {_trap_link(convention)} &ndash; booth 14, all weekend.</p>"
        if convention
        else ""
    )
    main = f'<h1>Artists</h1><div class="tiles">{cards}</div><h2>Events</h2>{event}'
    page = layout(studio, "Artists", main)
    return page.replace("<body>", "<body>" + _consent_platform(studio), 1)


# -- non-English -----------------------------------------------------------------------------

_WORDS: dict[str, dict[str, str]] = {
    "de": {
        "home": "Startseite",
        "roster": "Künstler",
        "contact": "Kontakt",
        "booking": "Termin buchen",
        "styles": "Stil",
        "intro": "Unsere Künstler",
        "former": "Ehemalige Künstler: {name} ({link}) ist jetzt in Hamburg.",
        "convention": "Wir sind dieses Jahr auf der Tattoo-Messe {link}.",
        "guest": "(Gastkünstler)",
        "follow": "Folgt uns auf Instagram",
    },
    "fr": {
        "home": "Accueil",
        "roster": "Artistes",
        "contact": "Contact",
        "booking": "Prendre rendez-vous",
        "styles": "Styles",
        "intro": "Nos artistes",
        "former": "Anciens artistes : {name} ({link}) tatoue désormais à Paris.",
        "convention": "Retrouvez-nous à la convention {link} cet automne.",
        "guest": "(artiste invitée)",
        "follow": "Suivez-nous sur Instagram",
    },
    "es": {
        "home": "Inicio",
        "roster": "Artistas",
        "contact": "Contacto",
        "booking": "Pide cita",
        "styles": "Estilos",
        "intro": "Nuestros artistas",
        "former": "Antiguos artistas: {name} ({link}), ahora en Valencia.",
        "convention": "Nos vemos en la convención {link}.",
        "guest": "(artista invitado)",
        "follow": "Síguenos en Instagram",
    },
    "ja": {
        "home": "ホーム",
        "roster": "アーティスト",
        "contact": "お問い合わせ",
        "booking": "ご予約",
        "styles": "ジャンル",
        "intro": "在籍アーティスト",
        "former": "元所属: {name}（{link}）は独立しました。",  # noqa: RUF001 (Japanese punctuation)
        "convention": "{link} に出展します。",
        "guest": "（ゲスト）",  # noqa: RUF001
        "follow": "Instagramをフォロー",
    },
}


def _local_member(city: City, studio: StudioSpec, n: int, artist: ArtistSpec) -> str:
    words = _WORDS[studio.language]
    guest = f" {words['guest']}" if artist in studio.guests else ""
    styles = escape(style_text(city, studio, artist))
    account = instagram_markup(city, studio, n, artist)
    if studio.language == "ja":
        return (
            f'<dl class="artist"><dt>{escape(artist.name)}{guest}</dt>'
            f"<dd>{words['styles']}：{styles}</dd><dd>Instagram：{account}</dd></dl>"  # noqa: RUF001
        )
    if studio.language == "fr":
        return (
            f'<article class="artiste"><h3>{escape(artist.name)}{guest}</h3>'
            f"<p>{words['styles']} : {styles}</p><p>{account}</p></article>"
        )
    return (
        f'<div class="kuenstler"><h3>{escape(artist.name)}{guest}</h3>'
        f"<p>{words['styles']}: {styles}</p><p>{account}</p></div>"
    )


def non_english_roster(city: City, studio: StudioSpec) -> str:
    """The roster in the studio's language, its navigation and labels too; names as the
    language writes them (Japanese family name first, in kanji)."""
    words = _WORDS[studio.language]
    members = "".join(
        _local_member(city, studio, n, artist) for n, artist in enumerate(studio.artists)
    )
    main = f'<h1>{escape(words["intro"])}</h1><section class="team">{members}</section>'
    notes = []
    former = _one(studio, "former")
    if former is not None:
        notes.append(words["former"].format(name=escape(former.name), link=_trap_link(former)))
    convention = _one(studio, "convention")
    if convention is not None:
        notes.append(words["convention"].format(link=_trap_link(convention)))
    return _local_layout(studio, words["roster"], main + "".join(f"<p>{n}</p>" for n in notes))


def _local_layout(studio: StudioSpec, title: str, main: str) -> str:
    words = _WORDS[studio.language]
    nav = "".join(
        f'<li><a href="{href}">{escape(words[key])}</a></li>'
        for href, key in (
            ("/", "home"),
            (studio.roster_path, "roster"),
            ("/booking", "booking"),
            ("/contact", "contact"),
        )
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{studio.language}"><head><meta charset="utf-8">'
        f"<title>{escape(title)} | {escape(studio.name)}</title></head><body>"
        f'<header><a class="logo" href="/">{escape(studio.name)}</a><nav><ul>{nav}</ul></nav>'
        f"</header><main>{main}</main>"
        f"<footer><p>{escape(studio.address)}</p><p>{escape(words['follow'])}: "
        f'<a href="{_ig(studio.studio_handle)}">@{escape(studio.studio_handle)}</a> &middot; '
        f'<a href="https://www.instagram.com/p/Dx{studio.index}/">Post</a></p></footer>'
        "</body></html>\n"
    )


def home_page(city: City, studio: StudioSpec) -> str:
    """The home page of the families that have their own: the whole one-page site, or a
    non-English studio's welcome linking its roster under the language's word."""
    if studio.family == "one_page":
        return one_page_site(city, studio)
    words = _WORDS[studio.language]
    link = f'<a href="{studio.roster_path}">{escape(words["intro"])}</a>'
    main = f"<h1>{escape(studio.name)}</h1><p>{link}</p>"
    return _local_layout(studio, words["home"], main)


# -- microdata -------------------------------------------------------------------------------


def microdata_roster(city: City, studio: StudioSpec) -> str:
    """schema.org microdata: the parlour's employees as Persons with givenName, familyName and
    sameAs; a magazine and an ended guest spot beside them."""
    people = []
    for n, artist in enumerate(studio.artists):
        given, _, family = artist.name.partition(" ")
        people.append(
            '<div class="staff" itemprop="employee" itemscope '
            'itemtype="https://schema.org/Person"><h3><span itemprop="givenName">'
            f'{escape(given)}</span> <span itemprop="familyName">{escape(family)}</span></h3>'
            '<meta itemprop="jobTitle" content="Tattoo Artist">'
            f'<p itemprop="description">{escape(style_text(city, studio, artist))}'
            f"{guest_note(studio, artist)}</p>"
            f'<a itemprop="sameAs" href="{escape(instagram_url(city, studio, n, artist))}">'
            "Instagram</a></div>"
        )
    notes = []
    magazine = _one(studio, "magazine")
    if magazine is not None:
        notes.append(f"<p>As seen in {_trap_link(magazine)}, issue {200 + studio.index}.</p>")
    guest = _one(studio, "guest_ended")
    if guest is not None:
        notes.append(
            f"<p>{escape(guest.name)} ({_trap_link(guest)}) was with us as a guest in May "
            "&ndash; thank you!</p>"
        )
    main = (
        '<div itemscope itemtype="https://schema.org/TattooParlor">'
        f'<h1 itemprop="name">{escape(studio.name)}</h1><p itemprop="address">'
        f"{escape(studio.address)}</p><h2>Our team</h2>{''.join(people)}</div>{''.join(notes)}"
    )
    return layout(studio, "Team", main)


# -- team page -------------------------------------------------------------------------------


def team_page_roster(city: City, studio: StudioSpec) -> str:
    people = "".join(
        f'<div class="person"><h2>{escape(artist.name)}</h2><p>{escape(artist.name.split(" ")[0])} '
        f"works in {escape(style_text(city, studio, artist))}.{guest_note(studio, artist)}</p>"
        f"{instagram_markup(city, studio, n, artist)}</div>"
        for n, artist in enumerate(studio.artists)
    )
    photographer = _one(studio, "photographer")
    credit = (
        f"<p><small>Photos: {escape(photographer.name)} {_trap_link(photographer)}</small></p>"
        if photographer
        else ""
    )
    main = f'<h1>{escape(team_page_label(studio))}</h1><section class="people">{people}</section>'
    return layout(studio, team_page_label(studio), main + credit)


# -- robots.txt rules ------------------------------------------------------------------------

ROBOTS_ARCHIVE = "/archive/guests/"


# The robots_rules family's rules for every crawler: wildcards and a disallowed archive ...
ROBOTS_RULES_FOR_ALL: tuple[str, ...] = (
    "Disallow: /archive/",
    "Disallow: /*?print=",
    "Disallow: /*.pdf$",
)
# ... and groups for other crawlers, which ours must not take for its own.
ROBOTS_RULES_OTHER_GROUPS: tuple[str, ...] = (
    "",
    "User-agent: GPTBot",
    "Disallow: /",
    "",
    "User-agent: Googlebot",
    "Allow: /",
)


def robots_rules_roster(city: City, studio: StudioSpec) -> str:
    people = "".join(
        f"<li><h3>{escape(artist.name)}</h3><p>{escape(style_text(city, studio, artist))}"
        f"{guest_note(studio, artist)}</p>{instagram_markup(city, studio, n, artist)}</li>"
        for n, artist in enumerate(studio.artists)
    )
    main = (
        f'<h1>Artists</h1><ul class="residents">{people}</ul>'
        f'<p><a href="{studio.roster_path}?print=1">Print this page</a> &middot; '
        f'<a href="/artists.pdf">Download our portfolio (PDF)</a> &middot; '
        f'<a href="{ROBOTS_ARCHIVE}">Guest artist archive</a></p>'
    )
    return layout(studio, "Artists", main)


def robots_archive(studio: StudioSpec) -> str:
    """A page robots.txt disallows that names people: a polite crawler never reads it."""
    people = "".join(
        f"<li><h3>{escape(t.name)}</h3>{_trap_link(t)}</li>"
        for t in studio.traps("robots_disallowed")
    )
    return layout(studio, "Archive", f'<h1>Guest artists</h1><ul class="residents">{people}</ul>')


# -- Instagram URL forms ---------------------------------------------------------------------

# Profile URL forms beyond city.INSTAGRAM_FORMS, as pages really write them.
MORE_FORMS: tuple[str, ...] = (
    "https://www.instagram.com/_u/{h}/",
    "https://instagram.com/{h}/reels/",
    "https://www.instagram.com/{h}/?igsh=MWQ1ZGUxMzBkMA%3D%3D",
    "www.instagram.com/{h}",
    "https://www.instagram.com/{h}/tagged/",
    "HTTPS://WWW.INSTAGRAM.COM/{h}",
    "IG: @{h}",
)
NOT_PROFILE_URLS: dict[str, str] = {
    "reel": "https://www.instagram.com/reel/C4xYz{n}AbCd/",
    "stories": "https://www.instagram.com/stories/highlights/1791234567{n}/",
    "explore": "https://www.instagram.com/explore/tags/leedstattoo/",
}


def _any_form(form: str, handle: str) -> str:
    account = form.format(h=handle)
    if account.lower().startswith(("http", "www.", "instagram.com")):
        href = account if account.lower().startswith("http") else f"https://{account}"
        label = account if "reels" in account or account.startswith("www") else "Instagram"
        return f'<a href="{escape(href)}" rel="me">{escape(label)}</a>'
    return f"<span>{escape(account)}</span>"


def instagram_forms_roster(city: City, studio: StudioSpec) -> str:
    """Each artist's account in a different form, and links to posts, reels, stories and
    tags that name no profile."""
    forms = MORE_FORMS + INSTAGRAM_FORMS
    rows = "".join(
        f'<div class="tattooer"><h3>{escape(artist.name)}</h3>'
        f"<p>{escape(style_text(city, studio, artist))}{guest_note(studio, artist)}</p>"
        f"<p>{_any_form(forms[(studio.index + n) % len(forms)], artist.handle)}</p></div>"
        for n, artist in enumerate(studio.artists)
    )
    links = "".join(
        f'<li><a href="{NOT_PROFILE_URLS[t.handle].format(n=studio.index)}">'
        f"{escape(t.handle.title())}</a></li>"
        for t in studio.traps("post_not_profile")
        if t.handle in NOT_PROFILE_URLS
    )
    main = (
        f'<h1>Tattooers</h1><div class="tattooers">{rows}</div>'
        f'<h2>Latest on Instagram</h2><ul class="feed">{links}</ul>'
    )
    return layout(studio, "Tattooers", main)


# -- traps -----------------------------------------------------------------------------------


def traps_roster(city: City, studio: StudioSpec) -> str:
    """A short roster, then more accounts that are not artists than accounts that are: the
    shop account, suppliers, press, a convention, a photographer, alumni, a past guest."""
    people = "".join(
        f'<li class="resident"><strong>{escape(artist.name)}</strong>{guest_note(studio, artist)}'
        f" &ndash; {escape(style_text(city, studio, artist))} &ndash; "
        f"{instagram_markup(city, studio, n, artist)}</li>"
        for n, artist in enumerate(studio.artists)
    )
    shop = _one(studio, "studio", 1)
    suppliers = " and ".join(_trap_link(t) for t in studio.traps("supplier"))
    magazine, convention = _one(studio, "magazine"), _one(studio, "convention")
    press, photographer = _one(studio, "featured_in"), _one(studio, "photographer")
    alumni = "".join(
        f"<li><s>{escape(t.name)}</s> ({_trap_link(t)})</li>" for t in studio.traps("former")
    )
    guest = _one(studio, "guest_ended")
    blocks = [f'<h1>Artists</h1><ul class="residents">{people}</ul>']
    if shop is not None:
        blocks.append(f"<p>Aftercare, prints and merch: shop with us at {_trap_link(shop)}.</p>")
    if suppliers:
        blocks.append(f"<p>We only use the best: inks and needles by {suppliers}.</p>")
    if magazine is not None and press is not None:
        blocks.append(f"<p>As featured in {_trap_link(magazine)} and {_trap_link(press)}.</p>")
    if convention is not None:
        blocks.append(f"<p>Winners of Best Blackwork at {_trap_link(convention)} 2024.</p>")
    if photographer is not None:
        blocks.append(f"<p>Photos by {escape(photographer.name)} ({_trap_link(photographer)}).</p>")
    if alumni:
        blocks.append(f'<h2>Alumni</h2><ul class="alumni">{alumni}</ul>')
    if guest is not None:
        blocks.append(
            f"<h2>Past guests</h2><p>{escape(guest.name)} ({_trap_link(guest)}) &ndash; thanks "
            "for a great guest spot in the spring!</p>"
        )
    return layout(studio, "Artists", "".join(blocks))


# -- rosters drawn by script -----------------------------------------------------------------

JS_FETCH_SCRIPT = "/js/team.js"
JS_FETCH_FEED = "/data/team.json"


def js_fetch_shell(studio: StudioSpec) -> str:
    main = (
        '<h1>The Team</h1><div class="team-grid" id="team-grid"></div>'
        "<noscript>This page needs JavaScript to show our team.</noscript>"
        f'<script src="{JS_FETCH_SCRIPT}" defer></script>'
    )
    return layout(studio, "The Team", main)


def js_fetch_data(city: City, studio: StudioSpec) -> dict[str, Any]:
    """The feed: nested, each member's account under socials, a former member marked
    inactive (still in the feed, as CMS exports keep them)."""
    members: list[dict[str, Any]] = [
        {
            "id": artist.artist_id,
            "displayName": artist.name,
            "active": True,
            "socials": {"instagram": instagram_url(city, studio, n, artist)},
            "specialities": city.style_words(studio, artist),
        }
        for n, artist in enumerate(studio.artists)
    ]
    for trap in studio.traps("former"):
        members.append(
            {
                "id": f"x-{trap.handle}",
                "displayName": trap.name,
                "active": False,
                "socials": {"instagram": f"@{trap.handle}"},
                "specialities": [],
            }
        )
    return {"updated": "2026-11-01", "team": {"members": members}}


# The client of the js_fetch family; `js_fetch_rendered` mirrors what it draws.
JS_FETCH_JS = f"""
document.addEventListener('DOMContentLoaded', async () => {{
  const grid = document.getElementById('team-grid');
  const feed = await (await fetch('{JS_FETCH_FEED}')).json();
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => '&#' + c.charCodeAt(0) + ';');
  grid.innerHTML = feed.team.members.filter((m) => m.active).map((m) =>
    '<div class="member"><h3>' + esc(m.displayName) + '</h3><p>' +
    esc(m.specialities.join(', ')) + '</p><a href="' + esc(m.socials.instagram) +
    '">Instagram</a></div>').join('');
}});
""".lstrip()


def js_fetch_rendered(city: City, studio: StudioSpec) -> str:
    """The roster page's DOM after JS_FETCH_JS ran."""
    members = "".join(
        f'<div class="member"><h3>{escape(m["displayName"])}</h3>'
        f"<p>{escape(', '.join(m['specialities']))}</p>"
        f'<a href="{escape(m["socials"]["instagram"])}">Instagram</a></div>'
        for m in js_fetch_data(city, studio)["team"]["members"]
        if m["active"]
    )
    return js_fetch_shell(studio).replace(
        '<div class="team-grid" id="team-grid"></div>',
        f'<div class="team-grid" id="team-grid">{members}</div>',
    )


def _js_delayed_calls(city: City, studio: StudioSpec) -> str:
    return "\n".join(
        f"    add({json.dumps(artist.name)}, {json.dumps(artist.handle)}, "
        f"{json.dumps(style_text(city, studio, artist))});"
        for artist in studio.artists
    )


def js_delayed_page(city: City, studio: StudioSpec) -> str:
    """Browser only: the roster is inserted 0.8 s after load by code that calls a function
    per artist (no JSON, no feed): only a browser running it sees the names."""
    script = (
        "window.addEventListener('load', function () {\n"
        "  setTimeout(function () {\n"
        "    var list = document.getElementById('residents');\n"
        "    function add(name, handle, styles) {\n"
        "      var li = document.createElement('li');\n"
        "      var h = document.createElement('h3'); h.textContent = name; li.appendChild(h);\n"
        "      var p = document.createElement('p'); p.textContent = styles; li.appendChild(p);\n"
        "      var a = document.createElement('a'); a.textContent = '@' + handle;\n"
        "      a.href = 'https://www.instagram.com/' + handle + '/'; li.appendChild(a);\n"
        "      list.appendChild(li);\n"
        "    }\n"
        f"{_js_delayed_calls(city, studio)}\n"
        "    list.removeAttribute('aria-busy');\n"
        "  }, 800);\n"
        "});\n"
    )
    main = (
        '<h1>Residents</h1><ul id="residents" class="residents" aria-busy="true">'
        "<li>Loading&hellip;</li></ul>"
        f"<script>\n{script}</script>"
    )
    return layout(studio, "Residents", main)


def js_delayed_rendered(city: City, studio: StudioSpec) -> str:
    """The DOM once the delayed script ran (what the roster job's browser hands over)."""
    items = "".join(
        f"<li><h3>{escape(artist.name)}</h3><p>{escape(style_text(city, studio, artist))}</p>"
        f'<a href="https://www.instagram.com/{artist.handle}/">@{escape(artist.handle)}</a></li>'
        for artist in studio.artists
    )
    page = js_delayed_page(city, studio)
    return page.replace(
        '<ul id="residents" class="residents" aria-busy="true"><li>Loading&hellip;</li></ul>',
        f'<ul id="residents" class="residents">{items}</ul>',
    )


# -- dispatch --------------------------------------------------------------------------------

_ROSTERS = {
    "site_builder": site_builder_roster,
    "wordpress": wordpress_roster,
    "cookie_consent": cookie_consent_roster,
    "non_english": non_english_roster,
    "microdata": microdata_roster,
    "team_page": team_page_roster,
    "robots_rules": robots_rules_roster,
    "instagram_forms": instagram_forms_roster,
    "traps": traps_roster,
    "js_delayed": js_delayed_page,
}


def handles(studio: StudioSpec) -> bool:
    return studio.family in _ROSTERS or studio.family in ("one_page", "js_fetch")


def page(city: City, studio: StudioSpec, path: str) -> Page | None:
    """What a path of a studio of these families serves (its home page aside, except for the
    one-page family), or None when it serves nothing there."""
    family, root = studio.family, studio.roster_path
    if family == "js_fetch":
        if path == JS_FETCH_SCRIPT:
            return Page(200, JS_FETCH_JS.encode(), "application/javascript")
        if path == JS_FETCH_FEED:
            body = json.dumps(js_fetch_data(city, studio)).encode()
            return Page(200, body, "application/json")
        if path == root:
            return Page(200, js_fetch_shell(studio).encode(), HTML)
    if family == "robots_rules" and path == ROBOTS_ARCHIVE:
        return Page(200, robots_archive(studio).encode())
    render = _ROSTERS.get(family)
    if render is not None and path == root:
        return Page(200, render(city, studio).encode())
    return None
