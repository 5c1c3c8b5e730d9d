"""The hand-written corpus itself (tests/corpus): every site has a well-formed answers file whose
handles are really on the site, enough families, and the README lists every family."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from emulation.corpus import CORPUS_DIR, CorpusSite, load_sites

SITES = load_sites()
REASONS = {
    "studio",
    "supplier",
    "magazine",
    "convention",
    "photographer",
    "featured_in",
    "thanks",
    "guest_ended",
    "former",
    "post_not_profile",
    "robots_disallowed",
    "other",
}
HANDLE = re.compile(r"^[a-z0-9._]{1,30}$")


def site_text(folder: Path) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8").lower()
        for p in folder.rglob("*")
        if p.is_file() and p.name != "answers.json"
    )


def test_the_corpus_is_large_and_varied_enough() -> None:
    assert len(SITES) >= 40
    assert len({s.family for s in SITES}) >= 15
    assert sum(len(s.answers["artists"]) for s in SITES) >= 150
    assert any(s.answers["needs_browser"] for s in SITES)


@pytest.mark.parametrize("site", SITES, ids=lambda s: s.site_id)
def test_answers_are_well_formed_and_on_the_site(site: CorpusSite) -> None:
    answers = site.answers
    assert re.fullmatch(r"[a-z0-9-]+", site.site_id)
    assert isinstance(answers["needs_browser"], bool)
    assert (site.folder / "index.html").is_file() or answers.get("entry")
    text = site_text(site.folder)
    # A link may percent-encode its path ("instagram.com/wren%5Fcastellano"): a browser shows
    # the account decoded, and so does the extractor.
    decoded = unquote(text)
    handles = [a["handle"] for a in answers["artists"] if a["handle"]]
    traps = [t["handle"] for t in answers["not_artists"]]
    assert answers["artists"], "a site without artists measures nothing"
    assert len(set(handles + traps)) == len(handles + traps), "a handle is listed twice"
    for handle in handles + traps:
        assert HANDLE.fullmatch(handle), handle
        assert handle in text or handle in decoded, f"{handle} is not on {site.site_id}"
    for trap in answers["not_artists"]:
        assert trap["reason"] in REASONS
    for artist in answers["artists"]:
        assert artist["name"].strip() == artist["name"] and artist["name"]


def test_the_readme_lists_every_family() -> None:
    readme = (CORPUS_DIR.parent / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([a-z-]+)` \|", readme, flags=re.MULTILINE))
    assert {s.family for s in SITES} <= listed
