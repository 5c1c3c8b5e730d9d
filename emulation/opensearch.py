"""A real OpenSearch node for the local cloud, never a fake.

Provider chain (`provide()`):
1. `OPENSEARCH_URL` set: use that node.
2. `OPENSEARCH_PROVIDER=container`: a node in a container through Testcontainers, from the image
   OPENSEARCH_IMAGE (`emulation.opensearch_container`; needs Docker). The default, `zip`, is
   the rest of this chain and needs no Docker.
3. A prepared distribution cached under `~/.cache/tattoo-compute/opensearch/<version>/`: start a
   node from it.
4. Otherwise prepare that cache first with Maven (Java 17): the integ-test zip
   `org.opensearch.distribution.integ-test-zip:opensearch:<version>:zip`, plus the
   `analysis-common` and `lang-painless` modules the zip lacks (ASCII folding, edge n-grams and
   synonyms live in analysis-common, which extends lang-painless).

The node binds 127.0.0.1 on a free port, single-node discovery, 512 MB heap, its own data, log and
config directories in a throwaway working directory. OpenSearch refuses to run as root, so as
root it runs as the system user `opensearch` (created if absent) through `setpriv`. The node lives
in its own process group, which `stop()` (also registered with atexit) kills; the JVM also gets
SIGKILL when this process dies however it ends (`emulation.lifetime.spawn`: the parent-death
signal, set from a thread that lives as long as the process), so no node outlives its session.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from emulation.lifetime import ProcessRecord, spawn

OPENSEARCH_VERSION = "2.19.6"
DISTRIBUTION = f"org.opensearch.distribution.integ-test-zip:opensearch:{OPENSEARCH_VERSION}:zip"
JAVA_17_HOME = Path("/usr/lib/jvm/java-17-openjdk-amd64")
RUN_USER = "opensearch"
HEAP = "512m"
START_TIMEOUT_S = 120.0
# A container adds the engine's start-up and shares the machine with it: more time to be green.
CONTAINER_START_TIMEOUT_S = 240.0
WORK_DIR_PREFIX = "tattoo-opensearch-"
PROVIDER_ENV = "OPENSEARCH_PROVIDER"  # zip (default) | container
IMAGE_ENV = "OPENSEARCH_IMAGE"  # the container provider's image
PROVIDERS = ("zip", "container")
OFFICIAL_IMAGE = f"opensearchproject/opensearch:{OPENSEARCH_VERSION}"
LOCAL_IMAGE = f"tattoo/opensearch:{OPENSEARCH_VERSION}"  # what `containers/build` makes
# Where each jar of the module dependency closure belongs; the rest is already in lib/.
MODULE_JARS = {
    "lang-painless": (
        "lang-painless-",
        "antlr4-runtime-",
        "asm-",
        "opensearch-scripting-painless-spi-",
    ),
    "analysis-common": ("analysis-common-",),
}
_MODULE_DESCRIPTORS = {
    "lang-painless": {
        "description": "Painless",
        "classname": "org.opensearch.painless.PainlessPlugin",
        "extended.plugins": "",
    },
    "analysis-common": {
        "description": "Common analysis",
        "classname": "org.opensearch.analysis.common.CommonAnalysisPlugin",
        "extended.plugins": "lang-painless",
    },
}
_PAINLESS_POLICY = """grant {
  permission java.lang.RuntimePermission "createClassLoader";
  permission java.lang.RuntimePermission "getClassLoader";
};
"""


class OpenSearchUnavailable(RuntimeError):
    """No node can be provided here; the message says what to install or set."""


@dataclass
class OpenSearchNode:
    """A node the local cloud uses; `started_here` nodes are stopped by `stop()`."""

    url: str
    started_here: bool = False
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    work_dir: Path | None = field(default=None, repr=False)
    startup_s: float = 0.0
    # A container node: how to stop it and read its log (the process fields stay None).
    stopper: Callable[[], None] | None = field(default=None, repr=False)
    log_reader: Callable[[], str] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.stopper is not None:
            atexit.register(self.stop)

    def stop(self) -> None:
        """Kill the node's process group or container (if started here); remove its files."""
        stopper, self.stopper = self.stopper, None
        if stopper is not None:
            stopper()
        process, self.process = self.process, None
        if process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        if self.work_dir is not None and self.started_here:
            shutil.rmtree(self.work_dir, ignore_errors=True)
            self.work_dir = None

    def log_tail(self, lines: int = 40) -> str:
        if self.log_reader is not None:
            return "\n".join(self.log_reader().splitlines()[-lines:])
        if self.work_dir is None:
            return ""
        out = self.work_dir / "stdout.log"
        if not out.exists():
            return ""
        return "\n".join(out.read_text(errors="replace").splitlines()[-lines:])


def default_cache_dir() -> Path:
    return Path.home() / ".cache" / "tattoo-compute" / "opensearch" / OPENSEARCH_VERSION


def provide(
    *,
    cache_dir: Path | None = None,
    port: int | None = None,
    record: ProcessRecord | None = None,
) -> OpenSearchNode:
    """OPENSEARCH_URL if set; else a container node when OPENSEARCH_PROVIDER=container; else a
    node from the cached (or freshly prepared) distribution, appended to `record` when given."""
    url = os.environ.get("OPENSEARCH_URL")
    if url:
        return OpenSearchNode(url=url.rstrip("/"), started_here=False)
    provider = os.environ.get(PROVIDER_ENV, "zip") or "zip"
    if provider not in PROVIDERS:
        raise OpenSearchUnavailable(f"{PROVIDER_ENV}={provider!r}: use one of {PROVIDERS}")
    if provider == "container":
        return _start_container(os.environ.get(IMAGE_ENV) or OFFICIAL_IMAGE, port=port)
    home = prepare_distribution(cache_dir or default_cache_dir())
    return start_node(home, port=port, record=record)


def _start_container(image: str, *, port: int | None) -> OpenSearchNode:
    from emulation.opensearch_container import ContainerUnavailable, start_container

    try:
        running = start_container(image, heap=HEAP, port=port, timeout_s=CONTAINER_START_TIMEOUT_S)
    except ContainerUnavailable as exc:
        raise OpenSearchUnavailable(
            f"{PROVIDER_ENV}=container: {exc}. Unset {PROVIDER_ENV} to use the zip provider."
        ) from exc
    node = OpenSearchNode(
        url=running.url, started_here=True, stopper=running.stop, log_reader=running.logs
    )
    node.startup_s = running.startup_s
    return node


# --- preparing the distribution --------------------------------------------------------------
def prepare_distribution(cache_dir: Path) -> Path:
    """The extracted distribution with the extra modules, prepared once into `cache_dir`."""
    home = cache_dir / f"opensearch-{OPENSEARCH_VERSION}"
    if (home / ".prepared").exists():
        return home
    cache_dir.mkdir(parents=True, exist_ok=True)
    with open(cache_dir / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one preparer at a time; the others wait, then reuse
        if (home / ".prepared").exists():
            return home
        _prepare(cache_dir, home)
    return home


def _prepare(cache_dir: Path, home: Path) -> None:
    archive = cache_dir / f"opensearch-{OPENSEARCH_VERSION}.zip"
    staging = Path(tempfile.mkdtemp(prefix=".prepare-", dir=cache_dir))
    try:
        if not archive.exists():
            # Into staging first: an interrupted download never looks like a cached archive.
            _maven(
                ["dependency:copy", f"-Dartifact={DISTRIBUTION}", f"-DoutputDirectory={staging}"],
                staging,
            )
            downloaded = staging / archive.name
            if not downloaded.exists():
                raise OpenSearchUnavailable(
                    f"Maven reported success but delivered no {archive.name} for {DISTRIBUTION}"
                )
            downloaded.rename(archive)
        _extract(archive, staging)
        extracted = staging / f"opensearch-{OPENSEARCH_VERSION}"
        if not (extracted / "bin" / "opensearch").exists():
            raise OpenSearchUnavailable(f"{archive} does not hold opensearch-{OPENSEARCH_VERSION}/")
        _add_modules(extracted, staging)
        (extracted / ".prepared").write_text(DISTRIBUTION + "\n")
        if home.exists():  # a half-prepared tree from an interrupted run
            shutil.rmtree(home)
        extracted.rename(home)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _maven(goals: list[str], cwd: Path) -> None:
    mvn = shutil.which("mvn")
    if mvn is None:
        raise OpenSearchUnavailable(
            "no OpenSearch: OPENSEARCH_URL is not set, no distribution is cached under "
            f"{default_cache_dir()}, and Maven is missing to download it. Install Maven and "
            "Java 17 (Debian/Ubuntu: apt-get install maven openjdk-17-jdk-headless) or set "
            "OPENSEARCH_URL to a running OpenSearch 2.x node."
        )
    env = dict(os.environ)
    env.setdefault("JAVA_HOME", str(_java_home()))
    result = subprocess.run(  # noqa: S603 - fixed maven goals
        [mvn, "-q", "-B", *goals], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise OpenSearchUnavailable(
            f"mvn {' '.join(goals)} failed (exit {result.returncode}); Maven Central must be "
            f"reachable or the artifacts present in ~/.m2.\n{result.stdout[-2000:]}"
            f"{result.stderr[-2000:]}"
        )


def _extract(archive: Path, target: Path) -> None:
    """Unzip keeping the executable bits (zipfile alone drops them)."""
    with zipfile.ZipFile(archive) as zipped:
        for info in zipped.infolist():
            path = Path(zipped.extract(info, target))
            mode = (info.external_attr >> 16) & 0o777
            if mode:
                path.chmod(mode)


def _add_modules(home: Path, staging: Path) -> None:
    """Fetch analysis-common and lang-painless (with their jars) into home/modules/."""
    pom_dir = staging / "modules-pom"
    pom_dir.mkdir()
    dependencies = "".join(
        f"<dependency><groupId>org.opensearch.plugin</groupId><artifactId>{name}</artifactId>"
        f"<version>{OPENSEARCH_VERSION}</version></dependency>"
        for name in MODULE_JARS
    )
    (pom_dir / "pom.xml").write_text(
        '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
        "<groupId>local.tattoo</groupId><artifactId>opensearch-modules</artifactId>"
        "<version>1</version><packaging>pom</packaging>"
        f"<dependencies>{dependencies}</dependencies></project>\n"
    )
    jars = pom_dir / "jars"
    _maven(["dependency:copy-dependencies", f"-DoutputDirectory={jars}"], pom_dir)
    for module, prefixes in MODULE_JARS.items():
        module_dir = home / "modules" / module
        module_dir.mkdir(parents=True, exist_ok=True)
        chosen = [jar for jar in sorted(jars.glob("*.jar")) if jar.name.startswith(prefixes)]
        if not any(jar.name.startswith(f"{module}-") for jar in chosen):
            raise OpenSearchUnavailable(f"Maven did not deliver {module}-{OPENSEARCH_VERSION}.jar")
        for jar in chosen:
            shutil.copy2(jar, module_dir / jar.name)
        descriptor = _MODULE_DESCRIPTORS[module]
        (module_dir / "plugin-descriptor.properties").write_text(
            f"description={descriptor['description']}\n"
            f"version={OPENSEARCH_VERSION}\n"
            f"name={module}\n"
            f"classname={descriptor['classname']}\n"
            "java.version=11\n"
            f"opensearch.version={OPENSEARCH_VERSION}\n"
            "custom.foldername=\n"
            f"extended.plugins={descriptor['extended.plugins']}\n"
            "has.native.controller=false\n"
        )
        if module == "lang-painless":
            (module_dir / "plugin-security.policy").write_text(_PAINLESS_POLICY)


# --- running a node --------------------------------------------------------------------------
def start_node(
    home: Path, *, port: int | None = None, record: ProcessRecord | None = None
) -> OpenSearchNode:
    """Start a node from a prepared distribution and wait until the cluster is green."""
    started = time.monotonic()
    java_home = _java_home()
    run_as = _run_user() if os.geteuid() == 0 else None
    _sweep_abandoned_work_dirs()
    work_dir = Path(tempfile.mkdtemp(prefix=WORK_DIR_PREFIX))
    (work_dir / "starter.pid").write_text(str(os.getpid()))
    try:
        node_home = work_dir / "home"
        _link_tree(home, node_home)  # readable by the run user even when the cache is under /root
        shutil.copytree(home / "config", work_dir / "config")
        for name in ("data", "logs", "tmp"):
            (work_dir / name).mkdir()
        # bin/opensearch runs from its home: the JVM's relative gc.log and heap dumps go there.
        for name in ("data", "logs"):
            (node_home / name).mkdir(exist_ok=True)
        work_dir.chmod(0o755)
        if run_as is not None:  # the node writes its config (keystore), data, logs and temp files
            owned = [
                work_dir,
                *(p for d in ("config", "data", "logs", "tmp") for p in _walk(work_dir / d)),
            ]
            owned += [node_home / "data", node_home / "logs"]
            for path in owned:
                os.chown(path, run_as.pw_uid, run_as.pw_gid, follow_symlinks=False)
        http_port = port or _free_port()
        settings = {
            "cluster.name": "tattoo-local",
            "node.name": f"local-{http_port}",
            "discovery.type": "single-node",
            "network.host": "127.0.0.1",
            "http.port": str(http_port),
            "transport.port": str(_free_port()),
            "path.data": str(work_dir / "data"),
            "path.logs": str(work_dir / "logs"),
            # Full disks on shared machines must not turn the local index read-only.
            "cluster.routing.allocation.disk.threshold_enabled": "false",
        }
        command = [str(node_home / "bin" / "opensearch")] + [
            f"-E{k}={v}" for k, v in settings.items()
        ]
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "JAVA_HOME": str(java_home),
            "OPENSEARCH_JAVA_HOME": str(java_home),
            # No pre-touching of the whole heap: faster start, less memory on a shared machine.
            "OPENSEARCH_JAVA_OPTS": f"-Xms{HEAP} -Xmx{HEAP} -XX:-AlwaysPreTouch",
            "OPENSEARCH_PATH_CONF": str(work_dir / "config"),
            "OPENSEARCH_TMPDIR": str(work_dir / "tmp"),
            "HOME": run_as.pw_dir if run_as is not None else str(Path.home()),
        }
        privileges: list[str] = []
        if run_as is not None:
            if shutil.which("setpriv") is None:
                raise OpenSearchUnavailable(
                    "OpenSearch refuses to run as root and `setpriv` (util-linux) is missing to "
                    "drop privileges: install util-linux, run as a normal user, or set "
                    "OPENSEARCH_URL."
                )
            privileges = [f"--reuid={run_as.pw_uid}", f"--regid={run_as.pw_gid}", "--init-groups"]
        stdout = open(work_dir / "stdout.log", "wb")  # noqa: SIM115 - handed to the child
        with stdout:
            process = spawn(
                command,
                what="opensearch",
                record=record,
                ports=(http_port,),
                privileges=privileges,
                cwd=work_dir,
                env=env,
                stdout=stdout,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
    except BaseException:  # nothing half-made stays behind
        shutil.rmtree(work_dir, ignore_errors=True)
        raise
    node = OpenSearchNode(
        url=f"http://127.0.0.1:{http_port}", started_here=True, process=process, work_dir=work_dir
    )
    atexit.register(node.stop)
    try:
        _wait_green(node, started + START_TIMEOUT_S)
    except BaseException:
        node.stop()
        raise
    node.startup_s = time.monotonic() - started
    return node


def _sweep_abandoned_work_dirs() -> None:
    """Remove work directories whose starter died without stop() (e.g. SIGKILL)."""
    for candidate in Path(tempfile.gettempdir()).glob(f"{WORK_DIR_PREFIX}*"):
        try:
            starter = int((candidate / "starter.pid").read_text())
        except (OSError, ValueError):
            continue
        if not Path(f"/proc/{starter}").exists():
            shutil.rmtree(candidate, ignore_errors=True)


def _wait_green(node: OpenSearchNode, deadline: float) -> None:
    health = f"{node.url}/_cluster/health?wait_for_status=green&timeout=1s"
    while time.monotonic() < deadline:
        if node.process is not None and node.process.poll() is not None:
            raise OpenSearchUnavailable(
                f"OpenSearch exited with {node.process.returncode} while starting:\n"
                f"{node.log_tail()}"
            )
        try:
            # node.url is the http://127.0.0.1 node this module started or was given.
            with urllib.request.urlopen(health, timeout=5) as response:  # noqa: S310  # nosec B310
                if json.load(response).get("status") == "green":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, ValueError):
            pass
        time.sleep(0.25)
    raise OpenSearchUnavailable(
        f"OpenSearch at {node.url} was not green within {START_TIMEOUT_S:.0f} s:\n{node.log_tail()}"
    )


def _java_home() -> Path:
    """A Java 17 home: the Debian package's, else OPENSEARCH_JAVA_HOME / JAVA_HOME."""
    for candidate in (
        JAVA_17_HOME,
        os.environ.get("OPENSEARCH_JAVA_HOME"),
        os.environ.get("JAVA_HOME"),
    ):
        if candidate and (Path(candidate) / "bin" / "java").exists():
            return Path(candidate)
    raise OpenSearchUnavailable(
        f"OpenSearch {OPENSEARCH_VERSION} needs Java 17: install it (Debian/Ubuntu: apt-get "
        "install openjdk-17-jdk-headless) or set JAVA_HOME, or set OPENSEARCH_URL."
    )


def _run_user() -> pwd.struct_passwd:
    """The unprivileged system user the node runs as when we are root (created if absent)."""
    try:
        return pwd.getpwnam(RUN_USER)
    except KeyError:
        pass
    useradd = shutil.which("useradd")
    if useradd is None:
        raise OpenSearchUnavailable(
            f"OpenSearch refuses to run as root and there is no user {RUN_USER!r} and no "
            "`useradd` to create one: create an unprivileged user named opensearch, run as a "
            "normal user, or set OPENSEARCH_URL."
        )
    subprocess.run(  # noqa: S603 - fixed arguments
        [
            useradd,
            "--system",
            "--user-group",
            "--no-create-home",
            "--shell",
            "/usr/sbin/nologin",
            RUN_USER,
        ],
        check=True,
        capture_output=True,
    )
    return pwd.getpwnam(RUN_USER)


def _link_tree(source: Path, target: Path) -> None:
    """Hard-link a directory tree (instant, no extra space); copy where links are impossible."""
    try:
        shutil.copytree(source, target, copy_function=os.link)
    except OSError:
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target)


def _walk(root: Path) -> list[Path]:
    return [root, *root.rglob("*")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
