"""Build the Lambda assets for arm64 without Docker: `python -m infra.layer`.

- `build/layer/python/`: the third-party packages of requirements/runtime.lock, installed for
  CPython 3.12 on manylinux aarch64 from binary wheels only (no compiler, no Docker). The lock
  leaves out what nothing imports (`--no-emit-package`: opensearch-py's gRPC transport needs
  grpcio, protobuf and opensearch-protobufs; we use its HTTP client), and phone numbers come
  from phonenumberslite (the same `phonenumbers` module without the geodata): 93 -> 55 MB.
  The install is skipped when the lock (and the install arguments) have not changed since the
  last build.
- `build/function/`: the `compute` package (a copy of src/compute without caches) with
  `contracts/` next to it, so `compute.contracts` finds its schemas inside the Lambda asset;
  copied again only when a source file changed (so parallel test workers never swap it under
  a synth that is reading it).

The CDK app points the Lambda code asset at `build/function` and the layer at `build/layer`.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import fnmatch
import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNTIME_LOCK = ROOT / "requirements" / "runtime.lock"
BUILD = ROOT / "build"
LAYER_DIR = BUILD / "layer"
FUNCTION_DIR = BUILD / "function"
STAMP = BUILD / "layer.runtime-lock.sha256"  # outside the asset, so it is not deployed
FUNCTION_STAMP = BUILD / "function.sources.sha256"
LOCK = BUILD / ".assets.lock"  # one builder at a time (parallel test workers, a CLI beside them)

# Lambda python3.12 runs on Amazon Linux 2023 (glibc 2.34): manylinux2014 and 2_28 wheels both load.
PLATFORMS = ("manylinux2014_aarch64", "manylinux_2_28_aarch64")
PYTHON_VERSION = "3.12"
CACHE_PATTERNS = ("__pycache__", "*.pyc", "*.pyo", ".mypy_cache", ".pytest_cache")


def _pip_command(target: Path) -> list[str]:
    """pip when this interpreter has it, else uv's pip (nox's uv-backed sessions have no pip)."""
    if importlib.util.find_spec("pip") is not None:
        platform_args = [arg for platform in PLATFORMS for arg in ("--platform", platform)]
        return [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            *platform_args,
            "--only-binary=:all:",
            "--python-version",
            PYTHON_VERSION,
            "--implementation",
            "cp",
            "--no-deps",  # the lock is complete and pinned; resolving again could drift
            "--target",
            str(target),
            "-r",
            str(RUNTIME_LOCK),
        ]
    uv = shutil.which("uv")
    if uv is None:
        raise SystemExit("infra.layer: neither pip nor uv is available to build the layer")
    return [
        uv,
        "pip",
        "install",
        "--quiet",
        "--python-platform",
        "aarch64-manylinux2014",
        "--python-version",
        PYTHON_VERSION,
        "--only-binary",
        ":all:",
        "--no-deps",
        "--target",
        str(target),
        "-r",
        str(RUNTIME_LOCK),
    ]


def fingerprint() -> str:
    """What the layer depends on: the lock's bytes and the platform it is built for."""
    digest = hashlib.sha256(RUNTIME_LOCK.read_bytes())
    digest.update(" ".join((*PLATFORMS, PYTHON_VERSION)).encode())
    return digest.hexdigest()


def build_layer(*, force: bool = False) -> bool:
    """Install the runtime lock into build/layer/python; return False when it was up to date."""
    current = fingerprint()
    site = LAYER_DIR / "python"
    if not force and site.is_dir() and STAMP.is_file() and STAMP.read_text() == current:
        return False
    # Installed beside the old layer and swapped in, like the function code (see build_function).
    staging = LAYER_DIR.with_name(f"{LAYER_DIR.name}.new-{os.getpid()}")
    site = staging / "python"
    site.mkdir(parents=True)
    subprocess.run(_pip_command(site), check=True)  # noqa: S603 - fixed argv, no shell
    # Entry-point scripts are useless in a layer and carry the build machine's interpreter path.
    shutil.rmtree(site / "bin", ignore_errors=True)
    for cache in list(site.rglob("__pycache__")):
        shutil.rmtree(cache, ignore_errors=True)
    _swap_in(staging, LAYER_DIR)
    STAMP.write_text(current)
    return True


def _swap_in(staging: Path, target: Path) -> None:
    """Replace `target` by `staging` with two renames (readers never see a partial tree)."""
    retired = target.with_name(f"{target.name}.old-{os.getpid()}")
    if target.exists():
        target.rename(retired)
    staging.rename(target)
    shutil.rmtree(retired, ignore_errors=True)


def function_fingerprint() -> str:
    """What build/function is copied from: each source file's path, size and mtime."""
    digest = hashlib.sha256()
    for base in (ROOT / "src" / "compute", ROOT / "contracts"):
        for path in sorted(base.rglob("*")):
            skipped = any(
                fnmatch.fnmatch(part, p)
                for part in path.relative_to(base).parts
                for p in CACHE_PATTERNS
            )
            if path.is_file() and not skipped:
                stat = path.stat()
                digest.update(
                    f"{path.relative_to(ROOT)}:{stat.st_size}:{stat.st_mtime_ns}\n".encode()
                )
    return digest.hexdigest()


def build_function(*, force: bool = False) -> bool:
    """Copy src/compute and contracts/ into build/function; return False when the copy was
    already made from the same sources (a synth reading it meanwhile is then never disturbed).

    The copy is made beside the old one and swapped in by renames, so a local cloud reading
    build/function meanwhile never sees a half-written package."""
    current = function_fingerprint()
    stamped = FUNCTION_STAMP.read_text() if FUNCTION_STAMP.is_file() else ""
    if not force and FUNCTION_DIR.is_dir() and stamped == current:
        return False
    staging = FUNCTION_DIR.with_name(f"{FUNCTION_DIR.name}.new-{os.getpid()}")
    ignore = shutil.ignore_patterns(*CACHE_PATTERNS)
    shutil.copytree(ROOT / "src" / "compute", staging / "compute", ignore=ignore)
    shutil.copytree(ROOT / "contracts", staging / "contracts", ignore=ignore)
    _swap_in(staging, FUNCTION_DIR)
    FUNCTION_STAMP.write_text(current)
    return True


@contextlib.contextmanager
def build_lock() -> Iterator[None]:
    """Held while the assets are built (and, by emulation.assembly, while a synth reads them):
    the other process waits, then finds them built."""
    BUILD.mkdir(exist_ok=True)
    with LOCK.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def build(*, force: bool = False) -> None:
    """Both assets; the CDK app needs them to exist before it synthesizes."""
    with build_lock():
        rebuilt = build_layer(force=force)
        copied = build_function(force=force)
    state = "rebuilt" if rebuilt else "unchanged (runtime.lock hash matches)"
    code = "copied" if copied else "unchanged (same sources)"
    print(f"layer {state}: {LAYER_DIR}; function code {code}: {FUNCTION_DIR}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--force", action="store_true", help="reinstall even if the lock is unchanged"
    )
    args = parser.parse_args(argv)
    build(force=args.force)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
