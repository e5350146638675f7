"""``python -m compendium.build``: build the book (see :mod:`compendium.build.command`)."""
import sys

from .command import main

sys.exit(main())
