"""`compute-local pipeline` and `find-artists`: their arguments and what they print."""

from __future__ import annotations

import argparse
import json
import signal
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from emulation.pipeline_run.run import QUERIES, run_pipeline

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_ASSEMBLY = ROOT / "infra" / "cdk.out"
DEFAULT_RESULTS = ROOT / "results" / "pipeline.json"


def add_pipeline_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--studios", type=int, default=200, help="studios in the world")
    parser.add_argument("--seed", type=int, default=7, help="the world's seed")
    parser.add_argument("--queries", nargs="+", default=list(QUERIES))
    parser.add_argument("--max-studios", type=int, default=None)
    parser.add_argument("--assembly", default=str(DEFAULT_ASSEMBLY), help="cloud assembly dir")
    parser.add_argument("--state-dir", default=str(ROOT / ".local-cloud" / "pipeline"))
    parser.add_argument("--output", default=str(DEFAULT_RESULTS))
    parser.add_argument("--synth", action="store_true", help="synthesize the assembly first")
    parser.add_argument("--timeout-s", type=float, default=3 * 3600)
    # Every job is queued before the scrapers start: a short idle exit only trims the tail.
    parser.add_argument("--idle-exit-s", type=float, default=5.0)
    parser.add_argument("--no-browser", action="store_true", help="scrapers never run Chromium")
    parser.add_argument(
        "--browser-only-sites",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="studios whose roster only a browser sees (the world's js_delayed family): "
        "find-artists hands them to the scrapers as roster jobs (default: on)",
    )
    parser.add_argument(
        "--search",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="run OpenSearch and the sync function (default: on)",
    )


def _stop_on_sigterm(signum: int, frame: object) -> None:
    # As Ctrl-C does: run_pipeline's cleanup stops the cloud, its OpenSearch node and its tasks.
    raise KeyboardInterrupt(f"signal {signum}")


def pipeline_command(args: argparse.Namespace) -> int:
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    result = run_pipeline(args)
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "summary"}, indent=2))
    from load.report import pipeline_report, write_html  # the benchmarks' report builders

    text, page = pipeline_report(result, source=str(output))
    summary_page = write_html(output.with_suffix(".html"), page)
    print(f"\n{text}\n\nWrote {output} and {summary_page}", flush=True)
    return 0 if result.get("status") == "SUCCEEDED" else 1


def add_find_artists_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("url", help="a studio website")
    parser.add_argument("--studio-id", default="stu_cli", help="studio id for the candidates")
    parser.add_argument(
        "--world", type=int, default=None, metavar="N", help="serve a world of N studios first"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--no-browser",
        action="store_true",
        help="read as the find-artists Lambda does (no Chromium): pages only a browser can "
        "read are listed in stats.unreadWithoutBrowser",
    )
    parser.add_argument(
        "--today",
        type=_day,
        default=None,
        metavar="YYYY-MM-DD",
        help="read the site as on this day: guest spots' dates are judged against it, and the "
        "pages' scripts see it as today (default: the machine's date)",
    )


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a day as YYYY-MM-DD: {text!r}") from None


def find_artists_command(args: argparse.Namespace) -> int:
    """Print one JSON document: candidates (every artist found, those only a browser shows
    included: Chromium renders them here, as the scraper's roster reading does), rejected
    handles with reasons, pages, failures and stats. Exit 2 when the site could not be read."""
    from compute import bootstrap
    from compute.services.find_artists import find_artists_for_url

    world = None
    proxy: str | None = None
    if args.world:
        from emulation.world import World

        world = World(seed=args.seed, studios=args.world)
        proxy = world.start().proxy_url
    fetcher, browser = bootstrap.site_reader(
        proxy_url=proxy, browser=not args.no_browser, today=args.today
    )
    try:
        reading = find_artists_for_url(args.url, fetcher, browser, studio_id=args.studio_id)
    finally:
        if browser is not None:
            browser.close()
        if world is not None:
            world.stop()
    print(json.dumps(reading.to_dict(), indent=2, ensure_ascii=False))
    if not reading.pages:
        reasons = ", ".join(f"{r} x{n}" for r, n in sorted(reading.failures.items()))
        print(
            f"find-artists: could not read {args.url} ({reasons or 'nothing fetched'})",
            file=sys.stderr,
        )
        return 2
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m emulation.pipeline_run")
    commands = parser.add_subparsers(dest="command", required=True)
    add_pipeline_arguments(commands.add_parser("pipeline", help="run and score the pipeline"))
    add_find_artists_arguments(commands.add_parser("find-artists", help="read one studio site"))
    args = parser.parse_args(argv)
    if args.command == "pipeline":
        return pipeline_command(args)
    return find_artists_command(args)
