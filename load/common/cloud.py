"""The local cloud for a benchmark: started once in its own process (or a running
`compute-local up` attached by its API URL), seeded through the table, waited on until the index
and the stream have caught up."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from emulation.credentials import FAKE_AWS_ENV, use_fake_aws
from load.common.paths import DEFAULT_ASSEMBLY, DEFAULT_STATE_DIR, ROOT

INDEX_ALIAS = "artists"


class CloudError(RuntimeError):
    """The local cloud could not be started, reached or seeded; the message says what to do."""


@dataclass
class Cloud:
    """A running local cloud: the one this benchmark started (`process`) or a running
    `compute-local up` found through its state file."""

    state: dict[str, Any]
    process: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None

    @property
    def pid(self) -> int:
        return int(self.state["pid"])

    @property
    def api_url(self) -> str:
        return str(self.state["api_url"]).rstrip("/")

    @property
    def endpoint_url(self) -> str:
        return str(self.state["endpoint_url"])

    @property
    def opensearch_url(self) -> str:
        return str(self.state["opensearch_url"]).rstrip("/")

    @property
    def table_name(self) -> str:
        name = self.state.get("outputs", {}).get("TableName")
        if not name:
            raise CloudError("the deployment has no TableName output to seed")
        return str(name)

    def stop(self) -> None:
        """Stop the cloud if this benchmark started it (SIGINT: the CLI's clean shutdown)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=90)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)

    def __enter__(self) -> Cloud:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _read_live_state(state_dir: Path) -> dict[str, Any] | None:
    from emulation.cloud import read_state

    return read_state(state_dir)


def attach_cloud(api_url: str, state_dir: Path = DEFAULT_STATE_DIR) -> Cloud:
    """A running `compute-local up` serving `api_url` (its state file gives moto, OpenSearch,
    the table and the process to measure)."""
    state = _read_live_state(state_dir)
    if state is None:
        raise CloudError(
            f"--api-url {api_url} given but no running local cloud is recorded in "
            f"{state_dir / 'state.json'}: start it with `compute-local up` (or pass --state-dir)"
        )
    if str(state.get("api_url", "")).rstrip("/") != api_url.rstrip("/"):
        raise CloudError(
            f"the local cloud in {state_dir} serves {state.get('api_url')}, not {api_url}"
        )
    return Cloud(state)


def start_cloud(
    state_dir: Path,
    *,
    assembly: Path = DEFAULT_ASSEMBLY,
    opensearch_url: str | None = None,
    timeout_s: float = 900.0,
    extra_args: Sequence[str] = (),
) -> Cloud:
    """Start `compute-local up` (no aggregation run) in its own process and wait until ready.

    Its own OpenSearch node unless `opensearch_url` is given, so no one else's traffic on a
    shared node counts against the system under test.
    """
    from emulation.lifetime import spawn

    state_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **FAKE_AWS_ENV, "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20"}
    env.pop("OPENSEARCH_URL", None)
    if opensearch_url:
        env["OPENSEARCH_URL"] = opensearch_url
    log_path = state_dir / "cloud.log"
    command = [
        sys.executable,
        "-m",
        "emulation.cli",
        "--state-dir",
        str(state_dir),
        "up",
        "--no-pipeline",
        "--no-alarms",  # the benchmark measures the API, not the local alarm emulation
        "--assembly",
        str(assembly),
        "--results",
        str(state_dir / "up.json"),
        *extra_args,  # more `up` options, e.g. --console-port
    ]
    with log_path.open("wb") as log:
        # Dies with this benchmark however it ends; its own children die with it in turn.
        process = spawn(
            command, what="local-cloud", cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    cloud = Cloud({}, process, log_path)
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            if process.poll() is not None:
                raise CloudError(
                    f"`{' '.join(command[1:])}` exited with {process.returncode}; "
                    f"last lines of {log_path}:\n{_tail(log_path)}"
                )
            state = _read_live_state(state_dir)
            if state is not None and state.get("pid") == process.pid:
                cloud.state = state
                return cloud
            if time.monotonic() > deadline:
                raise CloudError(f"the local cloud was not ready after {timeout_s:.0f} s")
            time.sleep(0.5)
    except BaseException:
        cloud.stop()
        raise


def _tail(path: Path, lines: int = 30) -> str:
    with contextlib.suppress(OSError):
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    return ""


def http_json(url: str, body: Mapping[str, Any] | None = None, *, timeout_s: float = 30.0) -> Any:
    """GET (or POST `body`) a JSON document from a local server."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(  # noqa: S310 - 127.0.0.1 servers of the local cloud
        url, data=data, headers={"content-type": "application/json"}
    )
    # Only the local cloud's 127.0.0.1 servers are asked (API, control server).
    with urllib.request.urlopen(request, timeout=timeout_s) as response:  # noqa: S310  # nosec B310
        return json.loads(response.read())


def control_reading(control_url: str | None, action: str) -> dict[str, Any] | None:
    """A reading from a local cloud's control server (`/gc`, `/pools`); None when the cloud
    has no control server or it does not answer (a figure left out, not a failed run)."""
    if not control_url:
        return None
    try:
        reply: dict[str, Any] = http_json(f"{control_url}{action}", {}, timeout_s=10.0)
    except (OSError, ValueError):
        return None
    return reply or None


def indexed_count(opensearch_url: str, artist_ids: Sequence[str]) -> int:
    """How many of `artist_ids` the index holds (documents are keyed by artist id)."""
    if not artist_ids:
        return 0
    reply = http_json(
        f"{opensearch_url}/{INDEX_ALIAS}/_count",
        {"query": {"ids": {"values": list(artist_ids)}}},
    )
    return int(reply["count"])


def wait_indexed(
    opensearch_url: str,
    artist_ids: Sequence[str],
    *,
    timeout_s: float,
    progress: Callable[[str], None] = print,
) -> float:
    """Wait until the index holds every one of `artist_ids`; seconds waited."""
    began = time.monotonic()
    last_report = 0.0
    count = -1
    while True:
        with contextlib.suppress(urllib.error.URLError, KeyError, TimeoutError):
            count = indexed_count(opensearch_url, artist_ids)  # 404 until the index exists
        waited = time.monotonic() - began
        if count == len(artist_ids):
            return waited
        if waited - last_report >= 10:
            progress(f"  indexed {max(count, 0)}/{len(artist_ids)} after {waited:.0f} s")
            last_report = waited
        if waited > timeout_s:
            raise CloudError(
                f"the index holds {max(count, 0)} of {len(artist_ids)} seeded artists after "
                f"{timeout_s:.0f} s: the stream -> sync path is slow or failing "
                "(see `compute-local logs sync`)"
            )
        time.sleep(1.0)


def drain_stream(
    cloud: Cloud, *, timeout_s: float = 1800.0, progress: Callable[[str], None] = print
) -> float:
    """Wait until the sync path has caught up with every write made so far; seconds waited.

    Seeding writes studios and links too; the sync function still works through them after
    the last artist is indexed. A sentinel artist put after them, then deleted, shows when the
    stream is read to its end (one shard, read in order), and leaves the index as it was.
    """
    import boto3

    from compute.domain.attribute_values import to_attribute_values
    from compute.domain.identity import artist_id_for, identity_key
    from compute.domain.keys import artist_key
    from emulation.seed import synthetic_world

    use_fake_aws()
    (template,), _, _ = synthetic_world(1, seed=987_654)
    handle = f"stream.sentinel.{os.getpid()}"
    artist_id = artist_id_for(identity_key(instagram_handle=handle))
    sentinel = dataclasses.replace(template, artist_id=artist_id, instagram_handle=handle)
    client = boto3.client("dynamodb", endpoint_url=cloud.endpoint_url)
    began = time.monotonic()
    client.put_item(TableName=cloud.table_name, Item=to_attribute_values(sentinel.to_item()))
    wait_indexed(cloud.opensearch_url, [artist_id], timeout_s=timeout_s, progress=lambda _: None)
    key = {name: {"S": value} for name, value in artist_key(artist_id).items()}
    client.delete_item(TableName=cloud.table_name, Key=key)
    deadline = time.monotonic() + timeout_s
    while indexed_count(cloud.opensearch_url, [artist_id]) != 0:
        if time.monotonic() > deadline:
            raise CloudError(f"the stream sentinel was not deleted from the index in {timeout_s} s")
        time.sleep(0.5)
    waited = time.monotonic() - began
    progress(f"The stream is drained (sentinel through the sync path in {waited:.1f} s)")
    return waited


def seed_and_wait(
    cloud: Cloud,
    artists: int,
    *,
    seed: int = 0,
    timeout_s: float = 1800.0,
    progress: Callable[[str], None] = print,
) -> tuple[list[str], dict[str, float]]:
    """Write `artists` synthetic artists through the table and wait for the sync path to index
    them all; their ids and the seconds each step took."""
    from emulation.seed import seed_artists

    use_fake_aws()
    began = time.monotonic()
    ids = seed_artists(cloud.table_name, artists, seed=seed, endpoint_url=cloud.endpoint_url)
    written = time.monotonic()
    progress(f"Wrote {len(ids)} artists to {cloud.table_name} in {written - began:.1f} s")
    waited = wait_indexed(cloud.opensearch_url, ids, timeout_s=timeout_s, progress=progress)
    progress(f"All {len(ids)} artists indexed {waited:.1f} s after the last write")
    drained = drain_stream(cloud, timeout_s=timeout_s, progress=progress)
    return ids, {
        "seed_write_s": round(written - began, 3),
        "index_wait_s": round(waited, 3),
        "stream_drain_s": round(drained, 3),
    }
