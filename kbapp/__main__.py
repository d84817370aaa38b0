import sys

from kbapp.cli import main

sys.exit(main())
