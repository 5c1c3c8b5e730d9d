"""Which Python a function's containers run on: the one its template declares.

A function declared `Runtime: python3.12` runs on a Python 3.12 from this machine (pyenv's
versions folder or PATH) with exactly the packages the Lambda layer gets
(`requirements/runtime.lock`, no dependencies beyond it), in a virtual environment cached under
`~/.cache/tattoo-compute/lambda-runtimes/` and keyed by the lock's contents. When the machine
has no such Python, or the environment cannot be built (no `uv`, no registry), the function
runs on the local cloud's own interpreter and `Interpreter.fallback` says why: the deploy report
names it. `LOCAL_LAMBDA_PYTHON=current` asks for the local cloud's interpreter outright.
"""

from __future__ import annotations

import functools
import glob
import hashlib
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNTIME_LOCK = ROOT / "requirements" / "runtime.lock"
CACHE = Path.home() / ".cache" / "tattoo-compute" / "lambda-runtimes"
BUILD_TIMEOUT_S = 600.0


@dataclass(frozen=True)
class Interpreter:
    executable: str
    version: str  # "3.12"
    fallback: str | None = None  # why this is not the declared runtime's Python

    @property
    def environment_dir(self) -> str:
        return str(Path(self.executable).parent.parent)


def current() -> Interpreter:
    return Interpreter(sys.executable, f"{sys.version_info.major}.{sys.version_info.minor}")


def declared_version(runtime: str | None) -> str | None:
    """ "python3.12" -> "3.12"; None for anything that is not a Python runtime."""
    match = re.fullmatch(r"python(\d+\.\d+)", runtime or "")
    return match.group(1) if match else None


def for_runtime(runtime: str | None) -> Interpreter:
    """The interpreter for a declared runtime (its environment is built once per process)."""
    here = current()
    version = declared_version(runtime)
    if version is None or version == here.version:
        return here
    if os.environ.get("LOCAL_LAMBDA_PYTHON") == "current":
        return _fallback(here, runtime, "LOCAL_LAMBDA_PYTHON=current")
    found = _declared(version)
    return found if isinstance(found, Interpreter) else _fallback(here, runtime, found)


@functools.cache
def _declared(version: str) -> Interpreter | str:
    """The environment of that Python, or why there is none."""
    python = find_python(version)
    if python is None:
        return f"no Python {version} on this machine"
    try:
        return Interpreter(str(environment(python, version)), version)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"its environment could not be built: {exc}"


def _fallback(here: Interpreter, runtime: str | None, why: str) -> Interpreter:
    return Interpreter(
        here.executable, here.version, f"declared {runtime}, runs on Python {here.version}: {why}"
    )


def find_python(version: str) -> str | None:
    """A working `python<version>`: pyenv's newest patch release first, then PATH."""
    pyenv = os.environ.get("PYENV_ROOT", str(Path.home() / ".pyenv"))
    candidates = sorted(
        glob.glob(f"{pyenv}/versions/{version}.*/bin/python{version}"),
        key=lambda p: [int(n) for n in re.findall(r"\d+", Path(p).parents[1].name)],
        reverse=True,
    )
    on_path = shutil.which(f"python{version}")
    for candidate in [*candidates, *([on_path] if on_path else [])]:
        try:
            said = subprocess.run(  # noqa: S603 - an interpreter path found above
                [candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                capture_output=True,
                text=True,
                timeout=30,
            )
        except (OSError, subprocess.SubprocessError):
            continue
        if said.returncode == 0 and said.stdout.strip() == version:  # a pyenv shim may refuse
            return candidate
    return None


def environment(python: str, version: str) -> Path:
    """The cached environment's interpreter, built from the runtime lock when missing."""
    lock = RUNTIME_LOCK.read_bytes()
    target = CACHE / f"python{version}-{hashlib.sha256(lock).hexdigest()[:12]}"
    executable = target / "bin" / "python"
    if (target / ".complete").is_file():
        return executable
    uv = shutil.which("uv")
    if uv is None:
        raise OSError("uv is not on PATH")
    building = target.with_name(f"{target.name}.{os.getpid()}.building")
    shutil.rmtree(building, ignore_errors=True)
    try:
        for command in (
            [uv, "venv", "--quiet", "--python", python, str(building)],
            # Exactly the layer's packages, as the function gets them in AWS.
            [
                uv,
                "pip",
                "install",
                "--quiet",
                "--no-deps",
                "--python",
                str(building / "bin" / "python"),
                "-r",
                str(RUNTIME_LOCK),
            ],
        ):
            subprocess.run(  # noqa: S603 - fixed uv commands
                command, check=True, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S
            )
        (building / ".complete").touch()
        try:
            building.rename(target)
        except OSError:  # another process finished first: use its environment
            shutil.rmtree(building, ignore_errors=True)
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(building, ignore_errors=True)
        raise OSError(f"{' '.join(exc.cmd[:3])} failed: {exc.stderr.strip()[-300:]}") from exc
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return executable
