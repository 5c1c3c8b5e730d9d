"""`python -m emulation.world`: serve the world and print its endpoints as one JSON line."""

from __future__ import annotations

import argparse
import json
import signal
import threading
from pathlib import Path

from emulation.world.server import World


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the synthetic world (Places + sites).")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--studios", type=int, default=200)
    parser.add_argument("--latency-min", type=float, default=0.05)
    parser.add_argument("--latency-max", type=float, default=0.3)
    parser.add_argument("--ground-truth", type=Path, help="write the ground-truth JSON here")
    parser.add_argument("--request-log", type=Path, help="append every site request (JSONL)")
    parser.add_argument("--faults-file", type=Path, help="the local cloud's shared faults.json")
    parser.add_argument(
        "--browser-only-sites",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="studios whose roster only a browser sees (family js_delayed; default: on)",
    )
    args = parser.parse_args(argv)
    world = World(
        args.seed,
        args.studios,
        latency=(args.latency_min, args.latency_max),
        log_path=args.request_log,
        faults=args.faults_file,
        browser_only=args.browser_only_sites,
    )
    endpoints = world.start()
    if args.ground_truth:
        world.write_ground_truth(args.ground_truth)
    print(
        json.dumps(
            {
                "places_url": endpoints.places_url,
                "proxy_url": endpoints.proxy_url,
                "api_key": endpoints.api_key,
                "studios": args.studios,
                "seed": args.seed,
                "ground_truth": str(args.ground_truth) if args.ground_truth else None,
            }
        ),
        flush=True,
    )
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    signal.signal(signal.SIGINT, lambda *_: stopped.set())
    stopped.wait()
    world.stop()


if __name__ == "__main__":
    main()
