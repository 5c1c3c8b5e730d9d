"""Artists for the search tests, built with the domain model so every item and document has
the shape the contracts define."""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any

from compute.domain.models import Artist, ContactInfo, StudioInfo

_ids = itertools.count(1)


def artist(**overrides: Any) -> Artist:
    n = next(_ids)
    base = Artist(
        artist_id=f"art_test{n:06d}",
        name=f"Test Artist {n}",
        created_at="2026-10-02T08:00:00.000Z",
        updated_at="2026-11-27T02:41:13.000Z",
        styles=("blackwork",),
        bio="Ornamental blackwork.",
        instagram_handle=f"test.artist{n}",
        location_display="Manchester, UK",
        latitude=53.4808,
        longitude=-2.2426,
        contact_info=ContactInfo(email=f"test.artist{n}@example.com"),
        studio_info=StudioInfo("stu_test01", "Northern Quarter Ink", None, "M4 1LA"),
        rating=4.5,
        review_count=10,
        version=1,
    )
    return dataclasses.replace(base, **overrides)


def bumped(a: Artist, **changes: Any) -> Artist:
    """The next version of an artist (as every writer does: version + 1)."""
    return dataclasses.replace(a, version=a.version + 1, **changes)
