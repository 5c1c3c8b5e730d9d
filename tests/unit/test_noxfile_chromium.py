"""The sessions that need Debian's chromium install it when they can, else say what to run."""

from __future__ import annotations

import importlib.util
import sys
import types
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def noxfile() -> Any:
    """noxfile.py loaded with a stand-in `nox` (the tools venv has nox, the test venv not)."""
    stand_in = types.ModuleType("nox")
    stand_in.options = types.SimpleNamespace()  # type: ignore[attr-defined]
    stand_in.session = lambda *a, **k: lambda f: f  # type: ignore[attr-defined]
    saved = sys.modules.get("nox")
    sys.modules["nox"] = stand_in
    try:
        spec = importlib.util.spec_from_file_location("noxfile_under_test", ROOT / "noxfile.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        if saved is None:
            sys.modules.pop("nox", None)
        else:
            sys.modules["nox"] = saved
    return module


def test_nothing_to_do_when_chromium_is_there(noxfile: Any, tmp_path: Path) -> None:
    browser = tmp_path / "chromium"
    browser.touch()
    assert noxfile.chromium_setup(browser, is_root=False, sudo=None, apt_get=None) == ([], "")


def test_root_installs_with_apt_get(noxfile: Any, tmp_path: Path) -> None:
    commands, refusal = noxfile.chromium_setup(
        tmp_path / "chromium", is_root=True, sudo=None, apt_get="/usr/bin/apt-get"
    )
    assert refusal == ""
    assert commands[-1][-4:] == ["install", "-y", "-qq", "chromium"]
    assert all("sudo" not in part for command in commands for part in command)


def test_a_user_with_sudo_installs_through_it(noxfile: Any, tmp_path: Path) -> None:
    commands, _ = noxfile.chromium_setup(
        tmp_path / "chromium", is_root=False, sudo="/usr/bin/sudo", apt_get="/usr/bin/apt-get"
    )
    assert [command[:2] for command in commands] == [["/usr/bin/sudo", "-n"]] * 2


@pytest.mark.parametrize(
    ("is_root", "sudo", "apt_get"),
    [(False, None, "/usr/bin/apt-get"), (True, None, None), (False, "/usr/bin/sudo", None)],
)
def test_otherwise_one_line_says_what_to_run(
    noxfile: Any, tmp_path: Path, is_root: bool, sudo: str | None, apt_get: str | None
) -> None:
    commands, refusal = noxfile.chromium_setup(
        tmp_path / "chromium", is_root=is_root, sudo=sudo, apt_get=apt_get
    )
    assert commands == []
    assert "\n" not in refusal
    assert "sudo apt-get install -y chromium" in refusal
