"""The bundle's entry point: the same ``kbapp`` as the installed command."""

import multiprocessing
import sys

from kbapp.cli import main

if __name__ == "__main__":
    # The index builder's worker processes re-enter the frozen program; this sends them to their work.
    multiprocessing.freeze_support()
    sys.exit(main())
