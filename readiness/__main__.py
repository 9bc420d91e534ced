"""`python -m readiness` runs the command line, as the `readiness` script does."""

import sys

from readiness.cli import main

sys.exit(main())
