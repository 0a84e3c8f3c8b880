"""The attendance register: a blank template to fill in, and importing filled ones.

- :func:`write_template` — a blank register (xlsx) in lt, lv or en.
- :func:`import_register` — read an xlsx or CSV register (headers and values in any of the
  three languages), check every row, and write it in one unit of work, or nothing.
"""

from __future__ import annotations

from libtrainer.services.register.apply import ImportResult, import_register
from libtrainer.services.register.template import write_template
from libtrainer.services.register.validate import RowError

__all__ = ["ImportResult", "RowError", "import_register", "write_template"]
