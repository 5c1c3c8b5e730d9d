"""A deployed function found by the name a person types: short name, full name or ARN."""

from __future__ import annotations

import pytest

from emulation.cli.common import CliError
from emulation.cli.running import resolve_function

FUNCTIONS = {
    "TattooDirectoryCompute-ApiFunction-ABC": "arn:aws:lambda:eu-west-2:1:function:api",
    "TattooDirectoryCompute-QueueScraping-DEF": "arn:aws:lambda:eu-west-2:1:function:qs",
    "TattooDirectoryCompute-QueueScrapingDlq-GHI": "arn:aws:lambda:eu-west-2:1:function:dlq",
}
SERVICES = {"TattooDirectoryCompute-ApiFunction-ABC": "api"}


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("api", "TattooDirectoryCompute-ApiFunction-ABC"),  # its service name
        ("TattooDirectoryCompute-QueueScraping-DEF", "TattooDirectoryCompute-QueueScraping-DEF"),
        ("arn:aws:lambda:eu-west-2:1:function:x", "arn:aws:lambda:eu-west-2:1:function:x"),
        ("queue_scraping-def", "TattooDirectoryCompute-QueueScraping-DEF"),  # one match only
    ],
)
def test_a_function_is_found_by_the_name_a_person_types(name: str, found: str) -> None:
    assert resolve_function(FUNCTIONS, SERVICES, name) == found


def test_an_ambiguous_or_unknown_name_lists_what_is_deployed() -> None:
    for name in ("queue-scraping", "nothing"):
        with pytest.raises(CliError, match="no single function matches") as raised:
            resolve_function(FUNCTIONS, SERVICES, name)
        assert "TattooDirectoryCompute-ApiFunction-ABC" in str(raised.value)
