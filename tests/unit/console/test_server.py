"""The console's routes that need no cloud: unknown pages and the results folder's files."""

from __future__ import annotations

from pathlib import Path

from emulation.console import Console


def test_only_reports_and_plots_in_the_results_folder_are_served(tmp_path: Path) -> None:
    results = tmp_path / "results"
    results.mkdir()
    (results / "load.png").write_bytes(b"\x89PNG")
    (tmp_path / "secret.png").write_bytes(b"\x89PNG")
    (results / "load.json").write_text("{}")
    console = Console(None, results_dir=results)
    assert console.result_file("load.png") == (200, b"\x89PNG", "image/png")
    assert console.result_file("../secret.png")[0] == 404
    assert console.result_file("load.json")[0] == 404  # the JSON is shown as tables instead
    assert console.result_file("missing.png")[0] == 404


def test_an_unknown_page_is_a_404(tmp_path: Path) -> None:
    status, main = Console(None, results_dir=tmp_path).respond("/no-such-page", partial=True)
    assert status == 404 and "No page" in main
