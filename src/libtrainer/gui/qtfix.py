"""Guard against Qt bindings that under-count references to None, True and False.

PySide6 6.12.0 (abi3 wheels) on CPython 3.11 returns ``None`` from every void method, and
``True`` from signal emission, without taking a reference — correct on CPython ≥ 3.12, where
those objects are immortal (PEP 683), wrong on 3.11. Each call leaves the count one short;
after some thousands of calls (minutes of normal use) CPython frees ``None`` and aborts with
"none_dealloc: deallocating None" (measured here: each ``setObjectName`` call lowers
``sys.getrefcount(None)`` by one; PySide6 6.11.3 does not).

:func:`install` detects the leak with a short probe and, only when it is present, raises the
counts of the three singletons far out of reach (they are never deallocated in a running
interpreter anyway). On a correct binding or on CPython ≥ 3.12 it does nothing. See
docs/decisions/0503-guard-pyside-refcount-leak.md.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QObject

log = logging.getLogger("libtrainer.gui")

PROBE_CALLS = 64
HEADROOM = 1 << 40


def binding_leaks_none() -> bool:
    """True when calling a void Qt method lowers None's reference count."""
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(PROBE_CALLS):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before - PROBE_CALLS // 2


def install() -> bool:
    """Apply the guard when needed; True when it was applied."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if not binding_leaks_none():
        return False
    import ctypes  # noqa: PLC0415 - only when the guard is needed

    for singleton in (None, True, False):
        count = ctypes.c_ssize_t.from_address(id(singleton))  # ob_refcnt: PyObject's first field
        count.value += HEADROOM
    log.info("Qt binding under-counts references to None/True/False; guard applied")
    return True
