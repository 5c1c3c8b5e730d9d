"""Building the pipeline's inputs from the world: studio items and scrape jobs."""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from types import ModuleType
from typing import Any

from compute.adapters.clients import dynamodb_client
from compute.adapters.dynamodb import MainTable
from compute.domain.identity import identity_key, job_id_for, studio_id_for
from compute.domain.models import Studio, format_timestamp
from emulation.world import World
from emulation.world.city import StudioSpec


def now() -> str:
    return format_timestamp(datetime.now(UTC))


def studio_id(spec: StudioSpec) -> str:
    return studio_id_for(spec.place_id)


def put_studio(table: str, spec: StudioSpec) -> str:
    stamp = now()
    studio = Studio(
        studio_id=studio_id(spec),
        name=spec.name,
        place_id=spec.place_id,
        created_at=stamp,
        updated_at=stamp,
        address=spec.address,
        city="Leeds",
        latitude=spec.latitude,
        longitude=spec.longitude,
        website=spec.website_uri,
    )
    MainTable(dynamodb_client(), table).put_items([studio.to_item()])
    return studio.studio_id


def pick(
    world: World,
    condition: str,
    family: str | None = None,
    *,
    static: bool = False,
    min_artists: int = 0,
) -> StudioSpec:
    """The first studio with this site condition (and family) and at least `min_artists`;
    `static`: any family whose roster needs no JavaScript."""
    for spec in world.city.studios:
        if (
            spec.host
            and spec.condition == condition
            and spec.business_status == "OPERATIONAL"
            and (family is None or spec.family == family)
            and not (static and spec.family in ("js_roster", "js_fetch", "js_delayed"))
            and len(spec.artists) >= min_artists
        ):
            return spec
    raise LookupError(
        f"the world has no {condition} {family or ''} studio with {min_artists}+ artists"
    )


def job(
    run_id: str, spec: StudioSpec, url: str, *, name: str, handle: str | None
) -> dict[str, Any]:
    key = identity_key(instagram_handle=handle, name=name, studio_id=studio_id(spec))
    artist: dict[str, Any] = {
        "identityKey": key,
        "name": name,
        "profileUrl": url,
        "studioId": studio_id(spec),
        "confidence": 0.9,
    }
    if handle:
        artist["instagramHandle"] = handle
    return {
        "jobId": job_id_for(run_id, key),
        "runId": run_id,
        "queuedAt": now(),
        "priority": 7,
        "artist": artist,
    }


@contextmanager
def handler_module(name: str, env: dict[str, str]) -> Iterator[ModuleType]:
    """A handler module imported with `env` set (handlers build their adapters at import)."""
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        module = importlib.import_module(f"compute.handlers.{name}")
        yield importlib.reload(module)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


class Context:
    """The parts of a Lambda context Powertools reads."""

    function_name = "test"
    memory_limit_in_mb = 128
    invoked_function_arn = "arn:aws:lambda:eu-west-2:123456789012:function:test"
    aws_request_id = "req-1"

    def get_remaining_time_in_millis(self) -> int:
        return 30_000
