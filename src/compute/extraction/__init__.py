"""Pure functions over a page's HTML (no I/O): where a studio lists its artists, who they are,
and whether the page needs a browser. Politeness and retries live in compute.adapters.web."""

from compute.extraction.artists import extract_candidates, read_roster
from compute.extraction.candidates import DECISIVE, Rejected, Roster, merge
from compute.extraction.links import (
    feed_next_url,
    frame_documents,
    frame_urls,
    language_versions,
    menu_folder,
    menu_links,
    next_page_url,
    pagination_urls,
    people_links,
    roster_links,
)
from compute.extraction.page import data_urls, needs_javascript
from compute.extraction.structured import extract_candidates_from_json, read_roster_json

__all__ = [
    "DECISIVE",
    "Rejected",
    "Roster",
    "data_urls",
    "extract_candidates",
    "extract_candidates_from_json",
    "feed_next_url",
    "frame_documents",
    "frame_urls",
    "language_versions",
    "menu_folder",
    "menu_links",
    "merge",
    "needs_javascript",
    "next_page_url",
    "pagination_urls",
    "people_links",
    "read_roster",
    "read_roster_json",
    "roster_links",
]
