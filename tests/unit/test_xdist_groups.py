"""How `nox -s tests` splits the suite over pytest-xdist workers (tests/conftest.py): what
shares a local cloud, a synth or a node stays on one worker, and the long tiers start first."""

from __future__ import annotations

from tests.conftest import tier_rank, xdist_group


def test_the_chaos_module_is_a_group_of_its_own_beside_the_rest_of_e2e() -> None:
    chaos = xdist_group("tests/e2e/test_chaos_ci.py::test_the_scenario[sync_crash]")
    api = xdist_group("tests/e2e/api/test_browser_cors.py::test_a_page")
    console = xdist_group("tests/e2e/test_console.py::test_every_page")

    assert chaos == "tests/e2e/test_chaos_ci.py"
    assert api == console == "tests/e2e/"


def test_trees_sharing_a_synth_or_a_node_stay_whole_and_other_files_stand_alone() -> None:
    assert xdist_group("tests/infra/test_checks.py::test_a") == "tests/infra/"
    assert xdist_group("tests/infra/test_settings.py::test_b") == "tests/infra/"
    assert xdist_group("tests/integration/search/test_api_handler.py::t") == (
        "tests/integration/search/"
    )
    assert xdist_group("tests/integration/egress/test_rotation.py::t[1]") == (
        "tests/integration/egress/test_rotation.py"
    )
    assert xdist_group("tests/unit/test_gate.py::TestX::t") == "tests/unit/test_gate.py"


def test_e2e_comes_first_then_integration_infra_and_unit_last() -> None:
    order = sorted(
        [
            "tests/unit/test_gate.py::t",
            "tests/infra/test_checks.py::t",
            "tests/integration/pipeline/test_browser.py::t",
            "tests/e2e/test_chaos_ci.py::t",
        ],
        key=tier_rank,
    )

    assert [nodeid.split("/")[1] for nodeid in order] == ["e2e", "integration", "infra", "unit"]
