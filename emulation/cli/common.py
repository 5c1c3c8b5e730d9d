"""What every `compute-local` command shares: the error a user can act on, the default paths,
and the cloud assembly to deploy. Public: the benchmarks (`load/`) use `ensure_assembly`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_ASSEMBLY = ROOT / "infra" / "cdk.out"
DEFAULT_STATE_DIR = ROOT / ".local-cloud"
RESULTS = ROOT / "results"


class CliError(RuntimeError):
    """A failure the user can act on; printed without a traceback."""


def ensure_assembly(assembly: Path, *, synth: bool = False) -> tuple[Path, float]:
    """The cloud assembly, synthesized from infra/ when missing, older than its sources (so the
    handlers deployed are the code in the tree) or asked; seconds spent."""
    try:
        from emulation.assembly import ensure_assembly as ensure
    except ImportError as exc:  # pragma: no cover - infra ships with the project
        raise CliError(f"{assembly} cannot be synthesized: {exc}") from exc
    from emulation.assembly import DEFAULT_ASSEMBLY

    # Only the project's own assembly is built from infra/; any other is the caller's to keep.
    own = assembly.resolve() == DEFAULT_ASSEMBLY.resolve()
    return ensure(assembly, fresh=synth, if_stale=own)


def write_json(path: Path, document: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
