"""A real OpenSearch node for the local cloud (skeleton; implementation follows)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class OpenSearchNode:
    url: str
    started_here: bool = False

    def stop(self) -> None:
        """Stop the node if this process started it."""


def provide(*, cache_dir: Path | None = None, port: int | None = None) -> OpenSearchNode:
    """OPENSEARCH_URL if set; else a node from the cached (or downloaded) distribution."""
    raise NotImplementedError
