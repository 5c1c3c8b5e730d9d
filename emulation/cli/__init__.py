"""`compute-local`: run the module on the local cloud, and talk to a running one.

    compute-local up                      start everything, deploy infra/cdk.out, run the
                                          aggregation on the synthetic world, serve until Ctrl-C
    compute-local status | stop           what a run (even a crashed one) left, and ending it
    compute-local invoke api -e e.json    like `sam local invoke` (uses a running `up`, or
                                          starts, deploys, invokes and stops on its own)
    compute-local start-execution [MACHINE] --input file://in.json [--wait]   (or inline JSON)
    compute-local fire-rule NAME [--event e.json]
    compute-local logs FUNCTION [-f]
    compute-local outbox                  every e-mail SES sent (removal confirmation links)
    compute-local decide REQUEST_ID approve|reject   a moderator's decision, signed (SigV4)
                                          with the local credentials
    compute-local seed --artists 1000
    compute-local pipeline ... / find-artists URL   (the pipeline engineer's commands)
    compute-local --version

Commands that need a running cloud find it through `.local-cloud/state.json`; `status` and
`stop` also read `.local-cloud/processes.jsonl`, where every process a run starts is written.

The modules: `parser` (every subcommand's flags, and `main`); one module per group of commands:
`up`, `status` (status, alarms, stop), `functions` (invoke, reconcile, logs), `executions`
(start-execution, fire-rule), `data` (seed, outbox, decide); and what they share: `common`
(CliError, the default paths, `ensure_assembly`), `running` (a running cloud's state and control
server), `inputs` (event files and execution input).
"""

from emulation.cli.parser import main

__all__ = ["main"]
