"""The cloud assembly the local cloud deploys: infra/cdk.out, rebuilt when missing or stale.

One place decides when to synthesize, so the CLI, the pipeline run and the test fixtures all
deploy what `nox -s synth` would write: the function and layer assets are built first (synth
points at them), then the CDK app is synthesized in-process.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ASSEMBLY = ROOT / "infra" / "cdk.out"
# What a synthesized assembly is built from: a change here makes it stale.
SOURCES = (ROOT / "infra", ROOT / "src" / "compute", ROOT / "contracts")


def _newest_source_mtime() -> float:
    newest = 0.0
    for base in SOURCES:
        for path in base.rglob("*"):
            if "cdk.out" in path.parts or "__pycache__" in path.parts or not path.is_file():
                continue
            newest = max(newest, path.stat().st_mtime)
    return newest


def is_fresh(assembly: Path = DEFAULT_ASSEMBLY) -> bool:
    """True when the assembly exists and is newer than every file it is built from."""
    manifest = assembly / "manifest.json"
    return manifest.is_file() and manifest.stat().st_mtime >= _newest_source_mtime()


def ensure_assembly(
    assembly: Path = DEFAULT_ASSEMBLY, *, fresh: bool = False, if_stale: bool = True
) -> tuple[Path, float]:
    """The assembly, synthesized when missing, stale (if `if_stale`) or asked (`fresh`);
    returns it and the seconds spent."""
    if _usable(assembly, fresh=fresh, if_stale=if_stale):
        return assembly, 0.0
    started = time.perf_counter()
    assembly.parent.mkdir(parents=True, exist_ok=True)
    # Parallel test workers may both find it missing: one synthesizes, the other waits for it.
    with (assembly.parent / f".{assembly.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not fresh and _usable(assembly, fresh=False, if_stale=if_stale):
            return assembly, time.perf_counter() - started
        os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
        from infra import layer
        from infra.app import build_app, load_context

        layer.build()  # the function and layer assets synth points at (skipped when unchanged)
        print(f"Synthesizing the CDK app into {assembly} ...", flush=True)
        build_app(load_context(), outdir=str(assembly)).synth()
    return assembly, time.perf_counter() - started


def _usable(assembly: Path, *, fresh: bool, if_stale: bool) -> bool:
    present = (assembly / "manifest.json").is_file()
    return present and not fresh and (not if_stale or is_fresh(assembly))
