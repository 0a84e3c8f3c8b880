"""``python -m libtrainer`` is the ``libtrainer`` command."""

import sys

from libtrainer.cli import main

sys.exit(main())
