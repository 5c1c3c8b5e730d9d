"""`python -m emulation.cli`: the same as the `compute-local` script."""

import sys

from emulation.cli.parser import main

sys.exit(main())
