"""The domain stays cheap to import (Lambda cold starts): no heavy third-party module is loaded
until a function that needs it runs. Checked in a fresh interpreter, by module, not by clock."""

from __future__ import annotations

import subprocess
import sys

HEAVY_MODULES = ("phonenumbers", "boto3", "botocore", "opensearchpy", "aws_lambda_powertools")


def _loaded_after(statement: str) -> set[str]:
    probe = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    completed = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    return set(completed.stdout.split())


def test_importing_the_whole_domain_loads_no_heavy_library() -> None:
    modules = _loaded_after(
        "import compute.domain, compute.domain.validation, compute.domain.search, "
        "compute.domain.attribute_values, compute.domain.priority, compute.domain.geohash"
    )
    assert "compute.domain.validation" in modules
    assert not {m for m in modules if m.split(".")[0] in HEAVY_MODULES}


def test_the_package_itself_imports_only_its_errors() -> None:
    modules = _loaded_after("import compute.domain")
    assert {m for m in modules if m.startswith("compute.domain.")} == {"compute.domain.errors"}


def test_phone_numbers_load_on_first_use() -> None:
    modules = _loaded_after(
        "from compute.domain.normalise import phone_e164; phone_e164('020 7946 0000')"
    )
    assert "phonenumbers" in modules
