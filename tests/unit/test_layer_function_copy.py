"""build/function is copied again only when a source file changed, so a synth reading it is
never disturbed by another process's build that had nothing new to copy."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from infra import layer


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "src" / "compute" / "__pycache__").mkdir(parents=True)
    (tmp_path / "src" / "compute" / "handler.py").write_text("X = 1\n")
    (tmp_path / "src" / "compute" / "__pycache__" / "handler.cpython-311.pyc").write_bytes(b"0")
    (tmp_path / "contracts").mkdir()
    (tmp_path / "contracts" / "item.json").write_text("{}\n")
    monkeypatch.setattr(layer, "ROOT", tmp_path)
    monkeypatch.setattr(layer, "FUNCTION_DIR", tmp_path / "build" / "function")
    monkeypatch.setattr(layer, "FUNCTION_STAMP", tmp_path / "build" / "function.sources.sha256")
    (tmp_path / "build").mkdir()
    return tmp_path


def test_the_function_code_is_copied_once_then_only_after_a_source_changes(tree: Path) -> None:
    assert layer.build_function() is True
    copied = tree / "build" / "function" / "compute" / "handler.py"
    assert copied.read_text() == "X = 1\n"
    assert not (tree / "build" / "function" / "compute" / "__pycache__").exists()

    assert layer.build_function() is False  # same sources: the copy is left alone
    (tree / "src" / "compute" / "__pycache__" / "other.cpython-311.pyc").write_bytes(b"1")
    assert layer.build_function() is False  # a cache file is not a source

    source = tree / "src" / "compute" / "handler.py"
    source.write_text("X = 2\n")
    os.utime(source, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns + 1_000_000))
    assert layer.build_function() is True
    assert copied.read_text() == "X = 2\n"
    assert layer.build_function(force=True) is True
