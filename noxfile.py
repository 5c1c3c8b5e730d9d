"""Every habit of the project is a nox session; CI and people run the same commands.

Sessions use uv-backed virtualenvs and install from the pinned lock in requirements/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv"
nox.options.sessions = ["lint", "typecheck", "tests"]
nox.options.reuse_existing_virtualenvs = True

ROOT = Path(__file__).parent
PYTHON = "3.11"
DEV_LOCK = "requirements/dev.lock"
RESULTS = ROOT / "results"
JSII_ENV = {"JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20"}
# On Ctrl-C nox sends SIGTERM 0.3 s after SIGINT and SIGKILL 0.2 s later: too soon for a local
# cloud to stop its node and tasks. Commands that start one get a minute to stop on their own.
CLEAN_STOP = {"interrupt_timeout": 60.0, "terminate_timeout": 10.0}


def install(session: nox.Session) -> None:
    """Install the locked dependencies, then the project itself without resolving again.

    Bytecode is compiled at install time: machines that set PYTHONDONTWRITEBYTECODE would
    otherwise recompile moto and friends from source in every process the local cloud starts.
    """
    env = {"UV_COMPILE_BYTECODE": "1"}
    session.install("-r", DEV_LOCK, env=env)
    session.install("--no-deps", "-e", ".", env=env)


def chromium_setup(
    browser: Path, *, is_root: bool, sudo: str | None, apt_get: str | None
) -> tuple[list[list[str]], str]:
    """How this machine gets Debian's chromium at `browser`: the commands to run (none when it
    is there), or else the one line that tells a person what to run."""
    if browser.exists():
        return [], ""
    if apt_get is not None and (is_root or sudo is not None):
        prefix = [] if is_root else [sudo or "sudo", "-n"]
        env = ["env", "DEBIAN_FRONTEND=noninteractive"]
        return [
            [*prefix, *env, apt_get, "update", "-qq"],
            [*prefix, *env, apt_get, "install", "-y", "-qq", "chromium"],
        ], ""
    return [], (
        f"Debian's chromium is missing at {browser} and this user cannot install it: "
        "run `sudo apt-get install -y chromium` (or set CHROMIUM_PATH), then run this again"
    )


def need_chromium(session: nox.Session) -> None:
    """Sessions that drive the scraper or browser tests: install Debian's chromium when it is
    missing and this user can (root, or sudo without a password); otherwise stop now, in the
    first seconds, with one line saying what to run."""
    browser = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
    sudo = shutil.which("sudo")
    if sudo is not None and os.geteuid() != 0 and not browser.exists():
        # Only a sudo that needs no password can install here without a person typing.
        probe = subprocess.run([sudo, "-n", "true"], capture_output=True, check=False)
        sudo = sudo if probe.returncode == 0 else None
    commands, refusal = chromium_setup(
        browser, is_root=os.geteuid() == 0, sudo=sudo, apt_get=shutil.which("apt-get")
    )
    if refusal:
        session.error(refusal)
    for command in commands:
        # run_install: `--install-only` (a CI image's setup step) installs the browser too.
        session.run_install(*command, external=True)
    if commands and not browser.exists():
        session.error(f"apt-get installed chromium but {browser} is still missing")


def pytest(session: nox.Session, *args: str, env: dict[str, str] | None = None) -> None:
    session.run("pytest", *args, *session.posargs, env={**JSII_ENV, **(env or {})}, **CLEAN_STOP)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Every test tier: unit and property, contracts, infra (one synth), integration, e2e.

    Serial by default. `nox -s tests -- -n 2` runs it on two pytest-xdist workers (tests/conftest.py
    keeps what shares a cloud, a synth or a node on one worker); not the default: in the one such
    run measured (a shared machine) the chaos CI profile's alarm checks failed (docs/DESIGN.md)."""
    need_chromium(session)  # first: a missing browser stops in seconds
    install(session)
    RESULTS.mkdir(exist_ok=True)
    session.run("python", "-m", "infra.layer")  # the assets the e2e tier's synth points at
    pytest(
        session,
        "tests",
        "--durations=25",
        "--timeout=900",  # a hung test fails alone instead of eating CI's whole budget
        # Only what the gate below reads: tracing all of compute doubled the CPU of
        # CPU-bound tests (unit/extraction+domain: 33 s -> 70 s, 48 s domain-only).
        "--cov=compute.domain",
        "--cov-branch",
        "--cov-report=term:skip-covered",
        f"--cov-report=json:{RESULTS / 'coverage.json'}",
    )
    # The domain core must stay at >= 90 % branch coverage; print it on its own.
    session.run("coverage", "report", "--include=*/compute/domain/*", "--fail-under=90")


@nox.session(python=PYTHON)
def unit(session: nox.Session) -> None:
    """Pure unit, property and contract tests: fast, no servers."""
    install(session)
    pytest(
        session,
        "tests/unit",
        "--cov=compute.domain",
        "--cov-branch",
        "--cov-report=term",
    )


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff check, ruff format --check, and the import contracts (pyproject.toml
    [tool.importlinter]: the layer rule of docs/DESIGN.md "Layers")."""
    install(session)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("lint-imports", "--no-cache")


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    """mypy, strict on src/compute, emulation, infra, load and tools."""
    install(session)
    session.run("mypy")


@nox.session(python=PYTHON)
def layer(session: nox.Session) -> None:
    """Build the Lambda layer (shared package + dependencies) for arm64, without Docker."""
    install(session)
    session.run("python", "-m", "infra.layer", *session.posargs)


@nox.session(python=PYTHON)
def synth(session: nox.Session) -> None:
    """Build the layer, then synthesize the CDK app into infra/cdk.out (cdk-nag gates it)."""
    install(session)
    session.run("python", "-m", "infra.layer")
    session.run("python", "-m", "infra.synth", *session.posargs, env=JSII_ENV)


@nox.session(python=PYTHON)
def up(session: nox.Session) -> None:
    """Start the whole module on the local cloud, run the aggregation, serve until Ctrl-C."""
    need_chromium(session)  # first: a missing browser stops in seconds
    install(session)
    session.run("python", "-m", "infra.layer")
    session.run("python", "-m", "infra.synth", env=JSII_ENV)
    session.run("compute-local", "up", *session.posargs, env=JSII_ENV, **CLEAN_STOP)


@nox.session(python=PYTHON)
def e2e(session: nox.Session) -> None:
    """The deployed local stack, driven only through its public edges."""
    need_chromium(session)  # first: a missing browser stops in seconds
    install(session)
    pytest(session, "tests/e2e")


@nox.session(python=PYTHON)
def load(session: nox.Session) -> None:
    """Locust against the local API (10,000 artists): writes results/load.json."""
    install(session)
    session.run("python", "-m", "load.run", *session.posargs, env=JSII_ENV, **CLEAN_STOP)


@nox.session(name="console-load", python=PYTHON)
def console_load(session: nox.Session) -> None:
    """The API's p95 with the console watched vs not, in one run: results/console-load.json."""
    need_chromium(session)  # the viewer is a headless Chromium
    install(session)
    session.run("python", "-m", "load.console_load", *session.posargs, env=JSII_ENV, **CLEAN_STOP)


@nox.session(python=PYTHON)
def freshness(session: nox.Session) -> None:
    """Write -> searchable latency through the real sync path: writes results/freshness.json."""
    install(session)
    session.run("python", "-m", "load.freshness", *session.posargs, env=JSII_ENV, **CLEAN_STOP)


@nox.session(python=PYTHON)
def coldstart(session: nox.Session) -> None:
    """Import + init time of each handler in a fresh process: results/coldstart-*.json."""
    install(session)
    session.run("python", "-m", "load.coldstart", *session.posargs)


@nox.session(python=PYTHON)
def pipeline(session: nox.Session) -> None:
    """Run the aggregation state machine on the synthetic world: results/pipeline.json."""
    need_chromium(session)  # first: a missing browser stops in seconds
    install(session)
    session.run("compute-local", "pipeline", *session.posargs, env=JSII_ENV, **CLEAN_STOP)


@nox.session(python=PYTHON)
def sizing(session: nox.Session) -> None:
    """Each function's memory and duration under its realistic workload: results/sizing.json."""
    install(session)
    session.run("python", "-m", "load.sizing", *session.posargs, env=JSII_ENV)


@nox.session(python=PYTHON)
def cost(session: nox.Session) -> None:
    """A monthly bill from the synthesized templates, a traffic model and dated prices."""
    install(session)
    session.run("python", "-m", "load.cost", *session.posargs, env=JSII_ENV)


@nox.session(python=PYTHON)
def chaos(session: nox.Session) -> None:
    """Fault scenarios with lost/duplicated counts: results/chaos.json."""
    need_chromium(session)  # first: a missing browser stops in seconds
    install(session)
    session.run("python", "-m", "load.chaos", *session.posargs, env=JSII_ENV, **CLEAN_STOP)


@nox.session(python=PYTHON)
def fuzz(session: nox.Session) -> None:
    """schemathesis with every check over every operation of the local API, at least 5,000
    requests (FUZZ_MAX_EXAMPLES per operation, 1,200 by default): results/fuzz.json."""
    install(session)
    RESULTS.mkdir(exist_ok=True)
    session.run("python", "-m", "infra.layer")  # the assets the local cloud's synth points at
    examples = os.environ.get("FUZZ_MAX_EXAMPLES", "1200")
    pytest(
        session,
        "tests/e2e/api/test_schemathesis_fuzz.py",
        "-q",
        env={
            "FUZZ_MAX_EXAMPLES": examples,
            "FUZZ_MIN_REQUESTS": os.environ.get("FUZZ_MIN_REQUESTS", "5000"),
        },
    )


@nox.session(python=PYTHON)
def gate(session: nox.Session) -> None:
    """The deploy gate: every check a deploy must pass, with a summary table (results/gate.json);
    fails unless every check passed. `nox -s gate -- --only lint bandit` runs part of it."""
    need_chromium(session)  # first: a missing browser stops in seconds
    install(session)
    RESULTS.mkdir(exist_ok=True)
    session.run("python", "-m", "infra.layer")  # the assets that synth and the e2e tier point at
    session.run(
        "python", "-m", "load.gate", *session.posargs, env={**JSII_ENV, **os.environ}, **CLEAN_STOP
    )


@nox.session(python=PYTHON)
def extraction(session: nox.Session) -> None:
    """Score `compute-local find-artists` on the hand-written corpus (tests/corpus/sites), site by
    site over real HTTP: results/extraction.json and a table. Fails below precision 0.98 or
    recall 0.95 (issue 14), or on any robots.txt or politeness violation."""
    install(session)
    RESULTS.mkdir(exist_ok=True)
    thresholds = ("--min-precision", "0.98", "--min-recall", "0.95")
    session.run("python", "-m", "load.extraction", *thresholds, *session.posargs)
