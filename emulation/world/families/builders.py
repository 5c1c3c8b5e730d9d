"""Sites made with a builder or a theme: Wix-style div soup (generated ids and classes,
icon-only links) and a WordPress Elementor page (widgets, an Instagram feed plugin, sponsors)."""

from __future__ import annotations

import hashlib

from emulation.world.city import City, StudioSpec
from emulation.world.markup import (
    PageRenderer,
    at_root,
    escape,
    instagram_url,
    layout,
    profile_url,
    styles_and_note,
    trap_link,
)


def _wix_id(studio: StudioSpec, *parts: object) -> str:
    """A site builder's generated component id: stable per page element, meaningless."""
    digest = hashlib.sha256(":".join(map(str, (studio.index, *parts))).encode()).hexdigest()
    return f"comp-{digest[:8]}"


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
            f"{styles_and_note(city, studio, artist)}"
            "</span></p></div>"
            f'<div class="wixui-social-bar"><ul aria-label="Social Bar"><li><a data-testid='
            f'"linkElement" href="{escape(instagram_url(city, studio, n, artist))}" '
            'target="_blank" '
            f'aria-label="Instagram"><wow-image><img src="https://static.wixstatic.com/media/'
            f'01c3aff52f2a4dffa526d7a9843d46ea.png" alt="Instagram"></wow-image></a></li></ul>'
            "</div></div>"
        )
    credits = ""
    photographer = studio.trap("photographer")
    if photographer is not None:
        credits += (
            f'<div class="wixui-rich-text"><p class="font_9">Studio photography by '
            f"{escape(photographer.name)} {trap_link(photographer)}</p></div>"
        )
    supplier = studio.trap("supplier")
    if supplier is not None:
        credits += (
            f'<div class="wixui-rich-text"><p class="font_9">Proudly using inks from '
            f"{trap_link(supplier)}</p></div>"
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
            f"<p>{styles_and_note(city, studio, artist)}</p></div>"
            '<div class="elementor-element elementor-widget elementor-widget-social-icons">'
            '<a class="elementor-icon elementor-social-icon elementor-social-icon-instagram" '
            f'href="{escape(instagram_url(city, studio, n, artist))}" target="_blank">'
            '<span class="elementor-screen-only">Instagram</span><i class="fab fa-instagram">'
            "</i></a></div></div></div>"
        )
    news = []
    guest = studio.trap("guest_ended")
    if guest is not None:
        news.append(
            f"<p>Huge thanks to {escape(guest.name)} ({trap_link(guest)}) for a brilliant guest "
            "spot last month &ndash; hope to have you back soon!</p>"
        )
    convention = studio.trap("convention")
    if convention is not None:
        news.append(
            f"<p>Catch the whole crew at the {trap_link(convention)} convention this summer.</p>"
        )
    reel = studio.trap("post_not_profile", 1)
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
        f'<li><a href="{profile_url(t.handle)}" target="_blank" rel="noopener">'
        f"{escape(t.handle)}</a></li>"
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


PAGES: dict[str, PageRenderer] = {
    "site_builder": at_root(site_builder_roster),
    "wordpress": at_root(wordpress_roster),
}
