"""`compute-local pipeline`: the aggregation state machine end to end on the synthetic world,
measured and scored into results/pipeline.json; and `compute-local find-artists URL`.

`run.py` runs it, `stack.py` prepares the local stack, `world_process.py` serves the world,
`readings.py` reads the cloud, `scoring.py` scores against the ground truth (pure),
`commands.py` holds the two commands.
"""

from __future__ import annotations

# Re-exported: load.chaos imports it from here (the local cloud installs it on start anyway).
from emulation.moto_patches import install_fast_moto_transactions as install_fast_moto_transactions
from emulation.pipeline_run.commands import (
    add_find_artists_arguments,
    add_pipeline_arguments,
    find_artists_command,
    main,
    pipeline_command,
)
from emulation.pipeline_run.readings import (
    PHASES,
    MemorySampler,
    current_phase,
    phase_seconds,
    progress_line,
    queue_depth,
)
from emulation.pipeline_run.run import QUERIES, run_pipeline
from emulation.pipeline_run.scoring import Scores, browser_figures, expected_handles, score_artists
from emulation.pipeline_run.stack import (
    NO_PROXY,
    local_assembly,
    point_functions_at_world,
    synthesize,
)
from emulation.pipeline_run.world_process import WorldProcess

__all__ = [
    "NO_PROXY",
    "PHASES",
    "QUERIES",
    "MemorySampler",
    "Scores",
    "WorldProcess",
    "add_find_artists_arguments",
    "add_pipeline_arguments",
    "browser_figures",
    "current_phase",
    "expected_handles",
    "find_artists_command",
    "install_fast_moto_transactions",
    "local_assembly",
    "main",
    "phase_seconds",
    "pipeline_command",
    "point_functions_at_world",
    "progress_line",
    "queue_depth",
    "run_pipeline",
    "score_artists",
    "synthesize",
]
