"""`python -m emulation.pipeline_run pipeline|find-artists`."""

import sys

from emulation.pipeline_run.commands import main

sys.exit(main())
