"""`python -m bot` runs the tracuu command line."""

import sys

from bot.cli import main

sys.exit(main())
