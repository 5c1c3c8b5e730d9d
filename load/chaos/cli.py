"""`python -m load.chaos` (`nox -s chaos`): run the scenarios on a fresh stack, write
results/chaos.json, print the table and write results/chaos.html beside it."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

import load.chaos
from load.chaos.result import ScenarioResult, write_results
from load.chaos.scenarios import SCENARIOS, run_scenario
from load.chaos.stack import DEFAULT_ASSEMBLY, PROFILES, RESULTS, standalone_stack
from load.report import chaos_report, write_html


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m load.chaos", description=(load.chaos.__doc__ or "").split("\n\n")[0]
    )
    parser.add_argument("--profile", choices=sorted(PROFILES), default="full")
    parser.add_argument("--only", nargs="+", choices=sorted(SCENARIOS), default=list(SCENARIOS))
    parser.add_argument("--assembly", default=str(DEFAULT_ASSEMBLY))
    parser.add_argument("--output", default=str(RESULTS / "chaos.json"))
    args = parser.parse_args(argv)
    profile = PROFILES[args.profile]
    results: list[ScenarioResult] = []
    with standalone_stack(profile, Path(args.assembly)) as stack:
        for name in args.only:
            print(f"chaos: {name} ...", flush=True)
            result = run_scenario(name, stack, profile)
            results.append(result)
            print(
                f"chaos: {name}: {'PASS' if result.passed else 'FAIL'} in {result.seconds:g} s, "
                f"lost {result.lost}, duplicated {result.duplicated}: {result.observed}",
                flush=True,
            )
            write_results(results, Path(args.output), profile)
    output = Path(args.output)
    write_results(results, output, profile)
    text, page = chaos_report(json.loads(output.read_text(encoding="utf-8")), source=str(output))
    summary_page = write_html(output.with_suffix(".html"), page)
    print(f"\n{text}\n")
    print(f"chaos: wrote {output} and {summary_page}")
    return 0 if all(r.passed for r in results) else 1
