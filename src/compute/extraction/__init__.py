"""Pure functions over a page's HTML (no I/O): where a studio lists its artists, who they are,
and whether the page needs a browser. Politeness and retries live in compute.adapters.web."""

from compute.extraction.artists import extract_candidates, extract_candidates_from_json, merge
from compute.extraction.links import next_page_url, roster_links
from compute.extraction.page import data_urls, needs_javascript

__all__ = [
    "data_urls",
    "extract_candidates",
    "extract_candidates_from_json",
    "merge",
    "needs_javascript",
    "next_page_url",
    "roster_links",
]
