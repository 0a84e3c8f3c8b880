"""Layering: Qt is imported only under libtrainer/gui (DESIGN.md §3, rule 1)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "libtrainer"


def _qt_imports(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        if any(n == "PySide6" or n.startswith(("PySide6.", "shiboken6")) for n in names):
            lines.append(node.lineno)
    return lines


def test_no_module_outside_gui_imports_pyside6() -> None:
    """Every module of src/libtrainer except gui/ is parsed; none imports PySide6 or shiboken6."""
    offenders = []
    modules = [p for p in PACKAGE.rglob("*.py") if "gui" not in p.relative_to(PACKAGE).parts]
    assert len(modules) > 20
    for path in modules:
        for line in _qt_imports(path):
            offenders.append(f"{path.relative_to(PACKAGE)}:{line}")
    assert offenders == []


def test_the_checker_sees_an_import_of_qt(tmp_path: Path) -> None:
    """The parser flags both import forms (so the test above cannot pass vacuously)."""
    sample = tmp_path / "sample.py"
    sample.write_text("import os\nfrom PySide6.QtCore import QObject\nimport PySide6\n")
    assert _qt_imports(sample) == [2, 3]
