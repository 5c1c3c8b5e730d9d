"""The local cloud refuses, at start-up, a moto outside the range its patches are tested on."""

from __future__ import annotations

from importlib.metadata import version

import pytest

from emulation.moto_patches import MOTO_TESTED, MotoVersionUnsupported, check_moto_version


def test_the_installed_moto_is_in_the_tested_range() -> None:
    check_moto_version()  # the lock and MOTO_TESTED agree
    check_moto_version(version("moto"))


@pytest.mark.parametrize("installed", ["5.1.9", "5.3.0", "6.0.0", "5.2.4"])
def test_another_moto_is_refused_with_what_to_install(installed: str) -> None:
    with pytest.raises(MotoVersionUnsupported) as raised:
        check_moto_version(installed)
    message = str(raised.value)
    assert f"moto {installed} is installed" in message
    assert MOTO_TESTED in message
    assert "requirements/dev.lock" in message


def test_pyproject_pins_the_same_range() -> None:
    import tomllib
    from pathlib import Path

    pyproject = tomllib.loads((Path(__file__).parents[3] / "pyproject.toml").read_text())
    pins = [d for d in pyproject["project"]["optional-dependencies"]["dev"] if "moto" in d]
    assert pins == [f"moto[server,all]{MOTO_TESTED}"]
