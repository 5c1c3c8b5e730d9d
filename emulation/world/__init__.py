"""The world: a synthetic city on the network for the aggregation pipeline to crawl.

`World(seed, studios).start()` serves a Google Places API (Text Search, new API shape) and every
studio's website behind an HTTP forward proxy on 127.0.0.1, and knows the ground truth (each
studio's artists, handles and styles) that extraction is scored against.
"""

from emulation.world.city import BROWSER_ONLY_FAMILIES, FAMILIES, City, StudioSpec
from emulation.world.scoring import Score, score_studio
from emulation.world.server import (
    PolitenessReport,
    RequestRecord,
    World,
    WorldEndpoints,
    politeness_report,
)
from emulation.world.sites import SiteTiming
from emulation.world.traps import NotArtist

__all__ = [
    "BROWSER_ONLY_FAMILIES",
    "FAMILIES",
    "City",
    "NotArtist",
    "PolitenessReport",
    "RequestRecord",
    "Score",
    "SiteTiming",
    "StudioSpec",
    "World",
    "WorldEndpoints",
    "politeness_report",
    "score_studio",
]
