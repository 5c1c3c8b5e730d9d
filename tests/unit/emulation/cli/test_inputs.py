"""Event files and --input as `compute-local` reads them: JSON checked before anything runs,
a bad file named in a CliError (exit code 2), never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from emulation.cli.common import CliError
from emulation.cli.inputs import execution_input, read_event


@pytest.mark.parametrize("form", ["file://", "@"])
def test_execution_input_reads_a_file_as_the_aws_cli_does(tmp_path: Path, form: str) -> None:
    path = tmp_path / "input.json"
    path.write_text('{"runId": "r1"}', encoding="utf-8")

    assert execution_input(f"{form}{path}") == '{"runId": "r1"}'


def test_inline_execution_input_is_passed_as_given() -> None:
    assert execution_input('{"runId": "r1"}') == '{"runId": "r1"}'


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ("{not json", "--input is not JSON"),
        ("file:///nonexistent/input.json", "cannot read /nonexistent/input.json"),
    ],
)
def test_bad_execution_input_is_refused_with_what_to_fix(given: str, says: str) -> None:
    with pytest.raises(CliError, match=says):
        execution_input(given)


def test_an_event_file_is_read_and_no_file_is_an_empty_event(tmp_path: Path) -> None:
    path = tmp_path / "event.json"
    path.write_text('{"marker": 1}', encoding="utf-8")

    assert read_event(str(path)) == read_event(f"file://{path}") == {"marker": 1}
    assert read_event(None) == {}
    path.write_text("nope", encoding="utf-8")
    with pytest.raises(CliError, match="is not JSON"):
        read_event(str(path))
