"""Sites in other languages (de, fr, es, ja): navigation, labels and notes in the page's
language, names as the language writes them (Japanese family name first, in kanji)."""

from __future__ import annotations

from emulation.world.city import City, StudioSpec
from emulation.world.markup import (
    PageRenderer,
    at_root,
    document,
    escape,
    instagram_markup,
    profile_link,
    site_header,
    style_text,
    trap_link,
)
from emulation.world.people import ArtistSpec

WORDS: dict[str, dict[str, str]] = {
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


def local_member(city: City, studio: StudioSpec, n: int, artist: ArtistSpec) -> str:
    words = WORDS[studio.language]
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
    words = WORDS[studio.language]
    members = "".join(
        local_member(city, studio, n, artist) for n, artist in enumerate(studio.artists)
    )
    main = f'<h1>{escape(words["intro"])}</h1><section class="team">{members}</section>'
    notes = []
    former = studio.trap("former")
    if former is not None:
        notes.append(words["former"].format(name=escape(former.name), link=trap_link(former)))
    convention = studio.trap("convention")
    if convention is not None:
        notes.append(words["convention"].format(link=trap_link(convention)))
    return local_layout(studio, words["roster"], main + "".join(f"<p>{n}</p>" for n in notes))


def local_layout(studio: StudioSpec, title: str, main: str) -> str:
    words = WORDS[studio.language]
    nav = [
        ("/", words["home"]),
        (studio.roster_path, words["roster"]),
        ("/booking", words["booking"]),
        ("/contact", words["contact"]),
    ]
    footer = (
        f"<footer><p>{escape(studio.address)}</p><p>{escape(words['follow'])}: "
        f"{profile_link(studio.studio_handle)} &middot; "
        f'<a href="https://www.instagram.com/p/Dx{studio.index}/">Post</a></p></footer>'
    )
    return document(
        f"<title>{escape(title)} | {escape(studio.name)}</title>",
        f"{site_header(studio, nav)}<main>{main}</main>{footer}",
        lang=studio.language,
    )


def home_page(city: City, studio: StudioSpec) -> str:
    """A non-English studio's welcome, linking its roster under the language's word."""
    words = WORDS[studio.language]
    link = f'<a href="{studio.roster_path}">{escape(words["intro"])}</a>'
    main = f"<h1>{escape(studio.name)}</h1><p>{link}</p>"
    return local_layout(studio, words["home"], main)


PAGES: dict[str, PageRenderer] = {"non_english": at_root(non_english_roster)}
