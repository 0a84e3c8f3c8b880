"""The guard against Qt bindings that under-count references to None/True/False."""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtCore import QObject

from libtrainer.gui import qtfix


def test_many_void_calls_cannot_free_none(qapp: Any) -> None:
    """After the app is made, 100 000 void Qt calls leave None with plenty of references."""
    probe = QObject()
    for _ in range(100_000):
        probe.setObjectName("probe")
    assert sys.getrefcount(None) > 100_000 or not qtfix.binding_leaks_none()


def test_guard_is_a_no_op_when_the_binding_is_correct(qapp: Any, monkeypatch: Any) -> None:
    """Without a leak the singletons' counts are left alone."""
    monkeypatch.setattr(qtfix, "binding_leaks_none", lambda: False)
    before = sys.getrefcount(None)
    assert qtfix.install() is False
    assert abs(sys.getrefcount(None) - before) < 1000
