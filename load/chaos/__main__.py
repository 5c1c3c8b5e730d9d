"""`python -m load.chaos`."""

import os
import sys

from load.chaos.cli import main

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
sys.exit(main())
