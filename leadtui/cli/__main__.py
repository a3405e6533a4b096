"""`python -m leadtui.cli`: the same entry point as the `leadtui` script."""

import sys

from leadtui.cli import main

sys.exit(main())
