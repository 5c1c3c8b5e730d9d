"""`python -m compute.scraper`: build the scraper from the environment and drain the queue."""

from __future__ import annotations

import sys

from compute.scraper.app import MissingSetting, build


def main() -> int:
    try:
        scraper = build()
    except MissingSetting as error:
        print(str(error), file=sys.stderr)
        return 2
    scraper.worker.install_signal_handlers()
    scraper.logger.info("scraper started", extra={"mode": scraper.worker.settings.mode})
    try:
        code = scraper.worker.run()
    finally:
        scraper.close()
    scraper.logger.info(
        "scraper stopped",
        extra={
            "counts": dict(scraper.worker.counts),
            "pagesFetched": scraper.pages.fetched,
            "pagesRendered": scraper.pages.rendered,
            "pagesFromData": scraper.pages.from_data,
            "cacheHits": scraper.pages.hits,
            "gateWaits": scraper.gate.waits,
            "gateWaitedS": round(scraper.gate.waited_s, 1),
        },
    )
    return code


if __name__ == "__main__":
    sys.exit(main())
