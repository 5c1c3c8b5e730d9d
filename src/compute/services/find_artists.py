"""find-artists: read one studio's website and list the artists it names.

Home page -> pages shown inside it (same-site frames) -> roster pages (links that suggest
team/artists/roster) and their further pages (rel=next, numbered, "more"/"older") -> the home
page in the site's other languages and its roster links, when no roster was found -> profile
pages for artists listed without an Instagram account. When none of that names a roster (fewer
than MIN_ROSTER artists: no link said "artists"), the site's menu links are read in order, the
first page naming a roster kept ("Meet Us", "Tekijät", "Book now": labels no word list knows).
Every page is read through the one crawl
(compute.services.crawl): a page drawn by script is read from the data its scripts read, else
rendered when a renderer is given, else counted in `needs_browser` (never "no artists"): the
pipeline then hands the studio to a scraper as a roster job (`roster_job_for`,
compute.services.roster_job), which reads the site again with Chromium.
With `with_profile`, each candidate whose profile job would read a page this crawl already read
(the roster page that lists them, the profile page read for a name) carries what that page says
of them (`ArtistCandidate.profile`, the scraper's own extraction), so the scraper does not fetch
the page again; at most MAX_PROFILE_BYTES of them per studio (the state machine's payloads are
bounded), the rest read by the scraper as before.
Bounded: MAX_PAGES pages in all. Pages that fail are recorded (reason counts, logged without
personal data); the step raises when the site gave nothing usable, transient failures as
StudioSiteUnavailable (retry), others as StudioSiteUnusable (caught and recorded by the state
machine)."""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urldefrag, urlsplit

from compute.adapters.web import Fetcher, FetchError, Renderer
from compute.domain import normalise
from compute.domain.errors import ValidationError
from compute.domain.models import ArtistCandidate, PageProfile, RosterJob
from compute.extraction import (
    DECISIVE,
    Rejected,
    Roster,
    feed_next_url,
    frame_documents,
    frame_urls,
    language_versions,
    menu_folder,
    menu_links,
    merge,
    pagination_urls,
    people_links,
    read_roster,
    read_roster_json,
    roster_links,
)
from compute.extraction.artists import studio_names
from compute.extraction.candidates import Shape
from compute.extraction.page import parse
from compute.extraction.passing import named_for
from compute.extraction.profile import (
    ArtistProfile,
    extract_profile_from_json,
    extract_profiles,
)
from compute.extraction.rejection import IN_PASSING, OLD_ACCOUNT, ROSTER_LINK, STAFF
from compute.extraction.rejection import STUDIO as STUDIO_ACCOUNT
from compute.services.crawl import ReadPage, read_page
from compute.services.scrape_artist import page_profile

logger = logging.getLogger(__name__)

MAX_ROSTER_LINKS = 3
MAX_PAGES = 24
MAX_PAGES_PER_ROSTER = 8  # a roster's own page and its further pages
MAX_FRAMES = 3
MAX_PROFILES = 30
MIN_ROSTER = 2  # fewer artists than this, and the roster is still to be found
MAX_MENU_PAGES = 5  # menu pages read looking for it
# Profiles carried per studio, as JSON: FindArtists' output must fit Step Functions' 256 KB.
MAX_PROFILE_BYTES = 64_000


class StudioSiteError(Exception):
    """The studio's website gave no artists because it failed; `reasons` counts why."""

    def __init__(self, url: str, reasons: Counter[str]) -> None:
        listed = ", ".join(f"{r}={n}" for r, n in sorted(reasons.items()))
        super().__init__(f"{url}: no artists read ({listed})")
        self.url = url
        self.reasons = reasons


class StudioSiteUnavailable(StudioSiteError):
    """Transient (timeouts, 5xx, robots.txt unreachable): retry later."""


class StudioSiteUnusable(StudioSiteError):
    """Permanent (404, robots.txt forbids, redirect loop, too large): retrying will not help."""


@dataclass(slots=True)
class SiteReading:
    url: str
    candidates: list[ArtistCandidate] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    failures: Counter[str] = field(default_factory=Counter)
    transient: bool = False
    rendered: int = 0
    from_data: int = 0
    requests: int = 0
    needs_browser: list[str] = field(default_factory=list)  # pages only a browser can read

    def stats(self) -> dict[str, object]:
        return {
            "pagesFetched": len(self.pages),
            "pagesRendered": self.rendered,
            "pagesFromData": self.from_data,
            "requests": self.requests,
            "neededBrowser": bool(self.rendered or self.needs_browser),
            "unreadWithoutBrowser": list(self.needs_browser),
        }

    def to_dict(self) -> dict[str, object]:
        return {
            "url": self.url,
            "candidates": [c.to_dict() for c in self.candidates],
            "rejected": [r.to_dict() for r in self.rejected],
            "pages": self.pages,
            "failures": dict(self.failures),
            "stats": self.stats(),
        }


def adhoc_studio_id(url: str) -> str:
    """A studio id for a site read outside a pipeline run (the CLI)."""
    host = (urlsplit(url).hostname or url).lower()
    return "web_" + hashlib.sha256(host.encode()).hexdigest()[:16]


class _Crawl:
    def __init__(
        self, reading: SiteReading, fetcher: Fetcher, renderer: Renderer | None, studio_id: str
    ) -> None:
        self.reading = reading
        self.fetcher = fetcher
        self.renderer = renderer
        self.studio_id = studio_id
        self.visited: set[str] = set()
        self.roster = Roster()
        self.read_pages: dict[str, ReadPage] = {}  # by the URL asked for and the one answered
        self.named_on: dict[str, set[str]] = {}  # a page's URL -> artists it names, with accounts
        self.shapes: dict[str, frozenset[Shape]] = {}  # a page's URL -> where its lists sit

    def read(self, url: str) -> ReadPage | None:
        url = urldefrag(url)[0]
        if url in self.visited or len(self.reading.pages) >= MAX_PAGES:
            return None
        self.visited.add(url)
        try:
            page = read_page(url, self.fetcher, self.renderer)
        except FetchError as error:
            self.reading.requests += 1
            self.reading.failures[error.reason] += 1
            self.reading.transient = self.reading.transient or error.transient
            logger.warning(
                "page failed", extra={"host": urlsplit(url).hostname, "reason": error.reason}
            )
            return None
        self.visited.add(page.url)
        self.read_pages[url] = self.read_pages[urldefrag(page.url)[0]] = page
        self.reading.pages.append(page.url)
        self.reading.requests += page.requests
        self.reading.rendered += int(page.rendered)
        self.reading.from_data += int(page.data is not None)
        if page.incomplete:
            self.reading.failures["render_incomplete"] += 1
        if page.needs_browser:
            self.reading.needs_browser.append(page.url)
            self.reading.failures["needs_browser"] += 1
        return page

    def take(self, page: ReadPage, listed: frozenset[Shape] = frozenset()) -> list[ArtistCandidate]:
        """The artists on a page (and in documents written into it); rejections are kept.
        `listed`: where the earlier pages of its list had their cards."""
        if page.data is not None:
            # The shell's host and title name the studio, whose own entry the data may hold.
            names = studio_names(parse(page.html), page.url) if page.html else [page.url]
            found = read_roster_json(page.data, page.url, self.studio_id, names)
            if page.html:
                # What the page shows around the script's hole is read too (residents in its
                # markup, the guests a script draws from a feed).
                found += read_roster(page.html, page.url, self.studio_id, listed)
        else:
            found = read_roster(page.html, page.url, self.studio_id, listed)
            self.shapes[urldefrag(page.url)[0]] = found.shapes
            for document in frame_documents(page.html):
                found += read_roster(document, page.url, self.studio_id)
        self.roster += Roster(
            rejected=found.rejected,
            listed=found.listed,
            vouched=found.vouched,
            passing=found.passing,
            shown=found.shown,
            alone=found.alone,
        )
        # Artists with their accounts: a person's own page that links the others by name
        # only ("Others at the studio") is hers, not a page of artists.
        named = self.named_on.setdefault(urldefrag(page.url)[0], set())
        named |= {
            normalise.name_key(c.name) for c in found.candidates if c.name and c.instagram_handle
        }
        return found.candidates

    def names_others(self, url: str, name: str) -> bool:
        """Whether the page at `url`, as read, names at least MIN_ROSTER artists with their
        accounts and not `name`: a page of artists (a shop's), not that person's own."""
        page = self.read_pages.get(urldefrag(url)[0])
        named = self.named_on.get(urldefrag(page.url)[0], set()) if page is not None else set()
        return len(named) >= MIN_ROSTER and normalise.name_key(name) not in named

    def frames(self, page: ReadPage) -> list[ReadPage]:
        """The same-site pages shown inside `page` (iframe, frame)."""
        framed = [self.read(url) for url in frame_urls(page.html, page.url)[:MAX_FRAMES]]
        return [f for f in framed if f is not None]

    def roster_pages(self, first: ReadPage, *, taken: bool = False) -> list[ArtistCandidate]:
        """A roster page, the pages inside it, and its further pages (breadth first);
        `taken`: the first page's own artists are already read."""
        found: list[ArtistCandidate] = []
        queue = [first]
        budget = MAX_PAGES_PER_ROSTER - 1
        listed: frozenset[Shape] = frozenset()  # the list's cards' places on its pages so far
        while queue:
            page = queue.pop(0)
            if not (taken and page is first):
                found += self.take(page, listed)
                found += [c for framed in self.frames(page) for c in self.take(framed)]
            listed |= self.shapes.get(urldefrag(page.url)[0], frozenset())
            next_urls = pagination_urls(page.html, page.url)
            if page.data_url is not None:  # a paged feed ("Load more"): its next page
                next_urls += [u for u in [feed_next_url(page.data, page.data_url)] if u]
            for url in next_urls:
                if budget <= 0:
                    break
                further = self.read(url)
                if further is not None:
                    budget -= 1
                    queue.append(further)
        return found

    def linked_rosters(self, pages: list[ReadPage]) -> list[ArtistCandidate]:
        """The artists on the roster pages these pages link to (best links first)."""
        found: list[ArtistCandidate] = []
        links = [u for page in pages for u in roster_links(page.html, page.url)]
        for roster_url in list(dict.fromkeys(links))[:MAX_ROSTER_LINKS]:
            page = self.read(roster_url)
            if page is not None:
                on_roster = self.roster_pages(page)
                found += on_roster
                if len(merge(on_roster)) >= MIN_ROSTER:
                    found += self.folder_rosters(
                        pages, roster_url, MAX_MENU_PAGES, set(links), dropdown=True
                    )
        return found

    def folder_rosters(
        self,
        menus: list[ReadPage],
        url: str,
        budget: int,
        left: frozenset[str] | set[str] = frozenset(),
        *,
        dropdown: bool = False,
    ) -> list[ArtistCandidate]:
        """The rosters on the other pages of the menu folder that holds `url` ("The Crew" >
        Maroochydore, Noosa: a studio's shops), at most `budget` pages read; not the pages
        `left` to a step of their own (the roster links, a guests page among them); with
        `dropdown`, only a menu item's sub-menu is a folder (see `menu_folder`)."""
        found: list[ArtistCandidate] = []
        tried = 0
        # Not a person's page (the folder "Artists" > Ellie Marsh, Kwame Boateng): those are
        # read as the profiles of the roster's artists.
        people = {u for m in menus for u, _ in people_links(m.html, m.url)}
        below = urlsplit(url).path.rstrip("/") + "/"
        folders = [u for m in menus for u in menu_folder(m.html, m.url, url, dropdown=dropdown)]
        for other_url in folders:
            if tried >= budget or urldefrag(other_url)[0] in self.visited:
                continue
            if (
                other_url in people
                or other_url in left
                or urlsplit(other_url).path.startswith(below)
            ):
                continue
            tried += 1
            other = self.read(other_url)
            more = self.take(other) if other is not None else []
            if other is not None and len(merge(more)) >= MIN_ROSTER:
                found += more + self.roster_pages(other, taken=True)
        return found

    def accounts_of_unnamed(
        self, found: list[ArtistCandidate], host: str | None, budget: int
    ) -> tuple[list[ArtistCandidate], int]:
        """The people of `found` listed without an account, with the account their own page
        gives: the pages the read pages link by their names, at most `budget` read (and how
        many were)."""
        unnamed = {
            normalise.name_key(c.name)
            for c in merge(found)
            if c.name and not c.instagram_handle and not c.profile_url
        }
        read, named = 0, []
        pages = list({id(p): p for p in self.read_pages.values()}.values())
        for page in pages:
            if not unnamed or page.data is not None:
                continue
            for url, name in people_links(page.html, page.url, menu=False):
                key = normalise.name_key(name)
                if key not in unnamed or read >= budget or urlsplit(url).hostname != host:
                    continue
                unnamed.discard(key)
                one, was_read = self.person_at(url, name)
                read += was_read
                if one is not None:
                    named.append(replace(one, profile_url=urldefrag(url)[0]))
        return named, read

    def person_at(self, url: str, name: str) -> tuple[ArtistCandidate | None, bool]:
        """The one artist the page at `url` names, when she is `name` and has an account (a
        person's own page), else None; and whether the page was read."""
        page = self.read(url)
        if page is None:
            return None, False
        on_page = merge(self.take(page))
        one = on_page[0] if len(on_page) == 1 else None
        if one is None or not one.instagram_handle or not one.name:
            return None, True
        return (one if normalise.name_key(one.name) == normalise.name_key(name) else None), True

    def people_pages(self, pages: list[ReadPage]) -> list[ArtistCandidate]:
        """A page of names only, each a link to that person's own page where her account is
        (a theme's team grid: "Inês Carvalho" -> /equipa/ines-carvalho/): each such page is
        read, and its one artist kept when the page names the person the link names. A page
        needs MIN_ROSTER such links: one linked name is a guest's (`find_artists_for_url`)."""
        found: list[ArtistCandidate] = []
        read = 0
        for page in pages:
            pairs = people_links(page.html, page.url, menu=False) if page.data is None else []
            if len({normalise.name_key(name) for _, name in pairs}) < MIN_ROSTER:
                continue
            for url, name in pairs:
                if read >= MAX_PROFILES:
                    return found
                one, was_read = self.person_at(url, name)
                read += was_read
                if one is not None:
                    found.append(replace(one, profile_url=one.profile_url or url))
        return found

    def menu_artists(self, menus: list[ReadPage]) -> list[ArtistCandidate]:
        """The pages a menu names by people's names (a portfolio's folder of one gallery
        page per artist): each page's artist when it names the person the menu names, or the
        page's artists when it lists several."""
        found: list[ArtistCandidate] = []
        named = [pair for page in menus for pair in people_links(page.html, page.url)]
        for url, name in list(dict.fromkeys(named))[:MAX_PROFILES]:
            page = self.read(url)
            if page is None:
                continue
            on_page = self.take(page) + [c for f in self.frames(page) for c in self.take(f)]
            people = merge(on_page)
            if len(people) >= MIN_ROSTER:
                found += on_page  # the menu's page is a roster ("Pasukan Kami")
            elif (
                len(people) == 1
                and people[0].name
                and normalise.name_key(people[0].name) == normalise.name_key(name)
            ):
                # The person's own page names her as the menu does; a page titled like a
                # name ("Kisah Kami", our story) whose one account has no name is no one's.
                found += people
        return found

    def menu_roster(self, menus: list[ReadPage]) -> list[ArtistCandidate]:
        """The first of the menu's pages that names a roster (and its further pages), and
        the other pages of its menu folder that do too (a studio's shops); pages naming
        fewer people say nothing (an aftercare page's brand is no roster), their rejections
        are kept."""
        urls = [u for page in menus for u in menu_links(page.html, page.url)]
        tried = 0
        # A one-chair shop's roster: the one artist kept of a list whose others are not
        # artists (a booking widget's staff: the owner, and the front desk), or in a card of
        # her own (a Square booking page's one staff row), used only when no menu page names
        # more.
        alone: list[ArtistCandidate] = []
        for url in dict.fromkeys(urls):
            if tried >= MAX_MENU_PAGES:
                break
            if urldefrag(url)[0] in self.visited:
                continue
            tried += 1
            page = self.read(url)
            if page is None:
                continue
            found = self.take(page) + [c for f in self.frames(page) for c in self.take(f)]
            if len(merge(found)) < MIN_ROSTER:
                ones = self.roster.listed | self.roster.alone
                if not alone and any(c.instagram_handle in ones for c in found):
                    alone = found
                continue
            found += self.roster_pages(page, taken=True)
            return found + self.folder_rosters(menus, url, MAX_MENU_PAGES - tried)
        return alone


def find_artists_for_url(
    url: str,
    fetcher: Fetcher,
    renderer: Renderer | None = None,
    *,
    studio_id: str | None = None,
    with_profile: bool = False,
) -> SiteReading:
    """Every artist a studio website lists, what it shows that is not an artist (and why),
    what was fetched and what failed. Does not raise for a failing site (see
    `require_artists`); the CLI prints `.to_dict()`. `with_profile`: candidates carry their
    profile from a page already read (the pipeline's steps ask for it)."""
    sid = studio_id or adhoc_studio_id(url)
    reading = SiteReading(url=url)
    crawl = _Crawl(reading, fetcher, renderer, sid)
    home = crawl.read(url)
    if home is None:
        return reading
    framed = crawl.frames(home)  # a person sees a frame's page as part of the home page
    on_home = crawl.take(home)
    found = on_home + [c for page in framed for c in crawl.take(page)]
    if on_home:
        # A one-page roster may go on over further pages too.
        found += crawl.roster_pages(home, taken=True)
    menus = [home, *framed]
    found += crawl.linked_rosters(menus)
    if len(merge(found)) < MIN_ROSTER:
        # A bilingual site may list its artists in one language only ("/en/"): the home
        # page's other versions, and the roster links they give, before any unlabelled page.
        versions = [crawl.read(u) for u in language_versions(home.html, home.url)]
        for version in [v for v in versions if v is not None]:
            menus.append(version)
            found += crawl.take(version) + crawl.linked_rosters([version])
    if len(merge(found)) < MIN_ROSTER:
        # A menu that names the artists (a folder of one page each) leads to their pages.
        found += crawl.menu_artists(menus)
    in_sentences = crawl.roster.passing | crawl.roster.vouched
    prose_only = bool(in_sentences) and len(crawl.roster.listed) < MIN_ROSTER
    if len(merge(found)) < MIN_ROSTER or prose_only:
        # Accounts only in sentences and posts (a guest this month, one last October, a
        # welcome post) are no roster yet: the menu's pages may list the artists ("Quiénes
        # somos", "The Studio").
        found += crawl.menu_roster(menus)
    if len(merge(found)) < MIN_ROSTER:
        # A roster of names linking to each person's own page, where the accounts are.
        found += crawl.people_pages(list({id(p): p for p in crawl.read_pages.values()}.values()))
    host = urlsplit(home.url).hostname
    profile_pages = 0
    for candidate in merge(found):
        if candidate.instagram_handle or not candidate.profile_url or profile_pages >= MAX_PROFILES:
            continue
        if urlsplit(candidate.profile_url).hostname != host:
            continue
        profile_pages += 1
        # A page an earlier step read (the menu's, for a roster it did not give) is still hers.
        page = crawl.read_pages.get(urldefrag(candidate.profile_url)[0]) or crawl.read(
            candidate.profile_url
        )
        if page is not None:
            on_profile = crawl.take(page)
            # A profile page names one artist: that is this candidate, at this URL.
            if len(on_profile) == 1:
                on_profile = [
                    ArtistCandidate(
                        source_url=candidate.source_url,
                        confidence=on_profile[0].confidence,
                        studio_id=sid,
                        name=on_profile[0].name or candidate.name,
                        instagram_handle=on_profile[0].instagram_handle,
                        profile_url=candidate.profile_url,
                        styles=on_profile[0].styles,
                    )
                ]
            found += on_profile
    # A person listed without an account (a booking widget's staff list) whose name a page
    # read links to a page of her own ("Federica Greco" -> /tatuatori/federica-greco/): her
    # account is there.
    named, read = crawl.accounts_of_unnamed(found, host, MAX_PROFILES - profile_pages)
    found += named
    profile_pages += read
    # A link on a roster page that names a person not listed there leads to that person's
    # page ("from November <a>Ivana Radić</a> works with us": a guest): an artist when the
    # page names that person, with an account.
    listed = {normalise.name_key(c.name) for c in merge(found) if c.name}
    # Every page that gave an artist: a roster of names whose accounts were read from their
    # own pages is still the roster its other links are on.
    rosters = list(dict.fromkeys(c.source_url for c in found))
    for roster_url in rosters:
        roster_page = crawl.read_pages.get(urldefrag(roster_url)[0])
        if roster_page is None or roster_page.data is not None:
            continue
        for url, name in people_links(roster_page.html, roster_page.url, menu=False):
            if normalise.name_key(name) in listed or profile_pages >= MAX_PROFILES:
                continue
            if urlsplit(url).hostname != host or urldefrag(url)[0] in crawl.visited:
                continue
            profile_pages += 1
            page = crawl.read(url)
            on_page = crawl.take(page) if page is not None else []
            if page is not None and crawl.names_others(page.url, name):
                # Words that only look like a name lead to a page of artists ("Randevu Al",
                # book an appointment: a booking page's staff; a shop's "West End"): the
                # studio's roster, read as one.
                found += on_page + crawl.roster_pages(page, taken=True)
                listed |= {normalise.name_key(c.name) for c in on_page if c.name}
                continue
            # Her page names her ("Ivana Radić (gost)"): a page titled like a name ("Kisah
            # Kami", "our story") that names no one is not a person's.
            one = on_page[0] if len(on_page) == 1 else None
            if (
                one
                and one.instagram_handle
                and one.name
                and normalise.name_key(one.name) == normalise.name_key(name)
            ):
                found.append(one)
                listed.add(normalise.name_key(name))
    # Gone or the studio's own on one page is gone everywhere; a credit on a blog page is not.
    gone = {r.handle for r in crawl.roster.rejected if r.handle and r.reason in DECISIVE}
    # A name listed without an account is gone too when a page of hers says so ("has moved on").
    # So is one whose own page says she does not tattoo (a piercer's contact page).
    gone_names = {
        normalise.name_key(r.name)
        for r in crawl.roster.rejected
        if r.name and r.reason in DECISIVE | {STAFF} and r.reason != STUDIO_ACCOUNT
    }
    merged = merge(found)
    # A name without an account whose link leads to a page of artists is that page's title
    # ("West End", "Burleigh Heads": a studio's shops), not a person.
    places = [
        c
        for c in merged
        if c.instagram_handle is None
        and c.name
        and c.profile_url
        and crawl.names_others(c.profile_url, c.name)
    ]
    crawl.roster += Roster(
        rejected=[
            Rejected(ROSTER_LINK, c.source_url, name=c.name, context=c.profile_url or "")
            for c in places
        ]
    )
    # An account the site mentions only in passing, outside the roster it lists, unvouched
    # (not even by the name a roster card gives its person: "André Lefèvre" whose own page
    # says "Instagram: andrelefevre_realism").
    unvouched = crawl.roster.in_passing()
    passing = {
        c.instagram_handle
        for c in merged
        if c.instagram_handle in unvouched and not named_for(c.instagram_handle, c.name)
    }
    crawl.roster += Roster(
        rejected=[
            Rejected(IN_PASSING, c.source_url, handle=c.instagram_handle, name=c.name)
            for c in merged
            if c.instagram_handle in passing
        ]
    )
    # A person the pages show with one account and whose structured data (an SEO plugin's,
    # never updated) gives another: the account shown is hers now.
    old = stale_accounts(merged, crawl.roster.shown)
    crawl.roster += Roster(
        rejected=[
            Rejected(OLD_ACCOUNT, c.source_url, handle=c.instagram_handle, name=c.name)
            for c in merged
            if c.instagram_handle in old
        ]
    )
    reading.candidates = [
        c
        for c in merged
        if c.instagram_handle not in gone
        and c.instagram_handle not in passing
        and c.instagram_handle not in old
        and not (c.instagram_handle is None and c.name and normalise.name_key(c.name) in gone_names)
        and c not in places
    ]
    kept = {c.instagram_handle for c in reading.candidates}
    reading.rejected = [r for r in crawl.roster.rejected if r.handle not in kept or not r.handle]
    if with_profile:
        reading.candidates = with_profiles(reading.candidates, crawl.read_pages)
    return reading


def stale_accounts(candidates: list[ArtistCandidate], shown: set[str]) -> set[str]:
    """The accounts of people who have another account that a page shows, when they
    themselves are never shown (only in structured data)."""
    by_person: dict[str, set[str]] = {}
    for c in candidates:
        if c.instagram_handle and c.name:
            by_person.setdefault(normalise.name_key(c.name), set()).add(c.instagram_handle)
    return {
        handle for handles in by_person.values() if handles & shown for handle in handles - shown
    }


def _carried(extracted: ArtistProfile | None) -> PageProfile | None:
    """The profile as it travels, when it travels unchanged (else the scraper reads the page,
    and records why when it names no such artist)."""
    if extracted is None:
        return None
    profile = page_profile(extracted)
    try:
        carried = PageProfile.from_dict(json.loads(json.dumps(profile.to_dict())))
    except ValidationError:
        return None
    return profile if carried == profile else None


def _profiles(
    candidates: list[ArtistCandidate], pages: Mapping[str, ReadPage]
) -> list[PageProfile | None]:
    """What the page each candidate's job reads says of them, exactly as the scraper would
    extract it (the name as validation stores it), each page read once; None where that page
    was not read here or not wholly (drawn by script, no data, no browser)."""
    by_page: dict[str, list[int]] = {}
    for index, candidate in enumerate(candidates):
        key = urldefrag(candidate.page_to_scrape)[0]
        page = pages.get(key)
        if page is not None and not page.needs_browser and not page.incomplete:
            by_page.setdefault(key, []).append(index)
    found: list[PageProfile | None] = [None] * len(candidates)
    for key, indexes in by_page.items():
        page = pages[key]
        wanted = [
            (normalise.name(c.name) if c.name else None, c.instagram_handle)
            for c in (candidates[i] for i in indexes)
        ]
        extracted = (
            [
                extract_profile_from_json(page.data, page.url, name=name, instagram_handle=handle)
                for name, handle in wanted
            ]
            if page.data is not None
            else extract_profiles(page.html, page.url, wanted)
        )
        for index, profile in zip(indexes, extracted, strict=True):
            found[index] = _carried(profile)
    return found


def with_profiles(
    candidates: list[ArtistCandidate], pages: Mapping[str, ReadPage]
) -> list[ArtistCandidate]:
    """The candidates, each with its profile when the page its job reads was read here (at
    most MAX_PROFILE_BYTES of profiles in all, in the candidates' order)."""
    budget = MAX_PROFILE_BYTES
    out: list[ArtistCandidate] = []
    for candidate, profile in zip(candidates, _profiles(candidates, pages), strict=True):
        size = len(json.dumps(profile.to_dict())) if profile is not None else 0
        if profile is not None and size <= budget:
            budget -= size
            candidate = replace(candidate, profile=profile)
        out.append(candidate)
    return out


def roster_job_for(
    reading: SiteReading, *, run_id: str, studio_id: str, now: str
) -> RosterJob | None:
    """The roster job that hands the studio to a scraper with a browser, when a page of its
    site could only be read by one (None otherwise): the scraper renders the site, reads it as
    this step does, and queues the artists it finds."""
    if not reading.needs_browser:
        return None
    return RosterJob.for_studio(run_id, studio_id, reading.url, queued_at=now)


def require_artists(reading: SiteReading, *, handed_on: bool = False) -> list[ArtistCandidate]:
    """The candidates, or the error a pipeline step raises when failures left none.
    `handed_on`: a roster job reads the site again with a browser, and answers for it."""
    if reading.candidates or not reading.failures or handed_on:
        return reading.candidates
    if reading.transient:
        raise StudioSiteUnavailable(reading.url, reading.failures)
    raise StudioSiteUnusable(reading.url, reading.failures)
