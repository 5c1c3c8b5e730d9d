"""A read-only web console of a running local cloud (served by `compute-local up`).

    from emulation.console import Console
    console = Console(cloud, results_dir=Path("results")).start()
    print(console.url)

`sources` reads the cloud without disturbing it (moto's memory, the Lambda runtime's counters,
CloudWatch Logs, OpenSearch), `graph` draws an execution as SVG, `plots` draws charts, `pages`
renders HTML, `server` serves it on 127.0.0.1.
"""

from emulation.console.server import Console

__all__ = ["Console"]
