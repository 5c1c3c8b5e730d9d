"""The synthetic world in its own process, with the request log politeness is measured from."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


class WorldProcess:
    """The world served by its own process (`python -m emulation.world`), so its proxy does not
    compete with moto and Step Functions for this process's GIL; every site request it receives
    is appended to a JSONL log that politeness is measured from."""

    def __init__(
        self, seed: int, studios: int, state_dir: Path, *, browser_only: bool = True
    ) -> None:
        from emulation.world import World

        # the same city, not served: truth, robots
        self.model = World(seed=seed, studios=studios, browser_only=browser_only)
        self.browser_only = browser_only
        self.seed = seed
        self.studios = studios
        self.log_path = state_dir / "world-requests.jsonl"
        self.truth_path = state_dir / "world-truth.json"
        self.process: Any = None
        self.endpoints: Any = None

    def start(self) -> Any:
        import subprocess
        from urllib.parse import urlsplit

        from emulation.lifetime import ProcessRecord, spawn
        from emulation.world import WorldEndpoints

        self.log_path.unlink(missing_ok=True)
        record = ProcessRecord(self.log_path.parent)
        self.process = spawn(  # our own interpreter and module; dies with this process
            [
                sys.executable,
                "-m",
                "emulation.world",
                f"--seed={self.seed}",
                f"--studios={self.studios}",
                f"--request-log={self.log_path}",
                f"--ground-truth={self.truth_path}",
                "--browser-only-sites" if self.browser_only else "--no-browser-only-sites",
            ],
            what="world",
            record=record,
            stdout=subprocess.PIPE,
            text=True,
        )
        line = self.process.stdout.readline() if self.process.stdout else ""
        if not line:
            raise RuntimeError("the world process exited before serving")
        served = json.loads(line)
        self.endpoints = WorldEndpoints(
            places_url=served["places_url"],
            proxy_url=served["proxy_url"],
            api_key=served["api_key"],
        )
        ports = [urlsplit(served[key]).port for key in ("places_url", "proxy_url")]
        record.add(self.process.pid, "world", [port for port in ports if port])
        return self.endpoints

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except Exception:
                self.process.kill()

    def records(self) -> list[Any]:
        from emulation.world import RequestRecord

        if not self.log_path.is_file():
            return []
        with self.log_path.open(encoding="utf-8") as log:
            return [RequestRecord(**json.loads(line)) for line in log if line.strip()]


# --- wiring the cloud to the world -------------------------------------------------------------
