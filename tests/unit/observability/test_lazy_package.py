"""compute.handlers.lazy_package: a package whose `__init__` only re-exports is registered so
that each name loads its submodule on first use, and behaves as the package otherwise would.
Real packages written to a temporary directory, imported in this process."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from compute.handlers.lazy_package import lazy_reexports


@pytest.fixture
def packages(tmp_path: Path) -> Iterator[Path]:
    sys.path.insert(0, str(tmp_path))
    before = set(sys.modules)
    try:
        yield tmp_path
    finally:
        sys.path.remove(str(tmp_path))
        for name in set(sys.modules) - before:
            del sys.modules[name]
        importlib.invalidate_caches()


def write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_each_name_loads_only_its_own_submodule_on_first_use(packages: Path) -> None:
    write(
        packages,
        {
            "lazy_a/__init__.py": '"""Doc."""\nfrom .one import One\n'
            "from lazy_a.two import helper as two_helper\nfrom . import three\n"
            '__all__ = ["One", "two_helper", "three"]\n',
            "lazy_a/one.py": "class One: ...\n",
            "lazy_a/two.py": "def helper(): return 2\n",
            "lazy_a/three.py": "VALUE = 3\n",
        },
    )
    lazy_reexports("lazy_a")
    assert "lazy_a" in sys.modules
    assert not {"lazy_a.one", "lazy_a.two", "lazy_a.three"} & set(sys.modules)

    from lazy_a import two_helper  # type: ignore[import-not-found]

    assert two_helper() == 2
    assert "lazy_a.two" in sys.modules
    assert "lazy_a.one" not in sys.modules
    lazy_a = sys.modules["lazy_a"]
    assert lazy_a.three.VALUE == 3
    assert lazy_a.__all__ == ["One", "two_helper", "three"]
    assert lazy_a.One.__module__ == "lazy_a.one"
    with pytest.raises(AttributeError):
        _ = lazy_a.missing


def test_a_submodule_named_like_a_name_it_exports_keeps_the_export(packages: Path) -> None:
    """As after `from .event_source import event_source`: the package's name is the function,
    even when the submodule is imported by its path first."""
    write(
        packages,
        {
            "lazy_b/__init__.py": "from .event_source import event_source\n",
            "lazy_b/event_source.py": "def event_source(): return 'function'\n",
        },
    )
    lazy_reexports("lazy_b")
    importlib.import_module("lazy_b.event_source")
    from lazy_b import event_source  # type: ignore[import-not-found]

    assert event_source() == "function"
    assert sys.modules["lazy_b"].event_source is event_source


def test_a_package_whose_init_does_more_is_imported_as_usual(packages: Path) -> None:
    write(
        packages,
        {
            "lazy_c/__init__.py": "from .one import One\nREGISTERED = One()\n",
            "lazy_c/one.py": "class One: ...\n",
        },
    )
    lazy_reexports("lazy_c")
    assert "lazy_c.one" in sys.modules
    assert type(sys.modules["lazy_c"].REGISTERED).__name__ == "One"


def test_an_imported_package_is_left_alone(packages: Path) -> None:
    write(packages, {"lazy_d/__init__.py": "from .one import One\n", "lazy_d/one.py": "One = 1\n"})
    imported = importlib.import_module("lazy_d")
    lazy_reexports("lazy_d")
    assert sys.modules["lazy_d"] is imported
    assert type(imported).__name__ == "module"
