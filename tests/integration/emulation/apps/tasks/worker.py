"""The test app's container command: prints its environment and exits with EXIT_CODE."""

from __future__ import annotations

import json
import os
import signal
import sys
import time


def main() -> int:
    stop = {"requested": False}

    def on_term(signum: int, frame: object) -> None:
        stop["requested"] = True

    signal.signal(signal.SIGTERM, on_term)
    seen = {
        k: v for k, v in os.environ.items() if k in {"MODE", "RUN_ID", "EXIT_CODE", "TABLE_NAME"}
    }
    print(json.dumps({"argv": sys.argv[1:], "env": seen}), flush=True)
    out = os.environ.get("WORKER_OUT")
    if out:
        with open(out, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"argv": sys.argv[1:], "env": seen, "pid": os.getpid()}) + "\n")
    deadline = time.monotonic() + float(os.environ.get("SLEEP_S", "0"))
    ignore_term = os.environ.get("IGNORE_SIGTERM") == "1"
    while time.monotonic() < deadline:
        if stop["requested"] and not ignore_term:
            return 143
        time.sleep(0.05)
    return int(os.environ.get("EXIT_CODE", "0"))


if __name__ == "__main__":
    sys.exit(main())
