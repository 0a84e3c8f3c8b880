"""The appearance kept with the records, put back on a fresh Windows profile (0518, update).

Language, high contrast and text size are per-user settings (``gui.settings``); a PC whose
profile is put back at every restart forgets them each morning. The window keeps them in the
data folder's ``store.json`` too (:func:`keep`, on the worker, whenever the store is opened or
they change), and a profile that has none of its own takes them from there
(:func:`adopt`): at start (:func:`at_start`) and when the first-run wizard or the
missing-folder page opens records already there (``gui.launching.use_folder``). A value this
profile has always wins. See ``services.store_appearance``.

Thread rule: GUI thread, except what :func:`keep` hands to the worker.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from libtrainer.i18n import get_language
from libtrainer.services import store_appearance

from libtrainer.gui.settings import GuiSettings

log = logging.getLogger("libtrainer.gui")


def adopt(settings: GuiSettings, kept: dict[str, Any] | None) -> list[str]:
    """Fill in from ``kept`` the appearance settings this profile does not have (and keep
    them in the profile); returns the names filled in."""
    if not kept:
        return []
    filled = [name for name in store_appearance.KEYS if name in kept and not settings.has(name)]
    for name in filled:
        setattr(settings, name, kept[name])
    if filled:
        settings.sync()
    return filled


def at_start(settings: GuiSettings, folder: Path, *, store_there: bool) -> list[str]:
    """Before the first window: adopt the appearance of the records in ``folder``; when there
    are none and this profile remembers no folder (the first-run wizard will show), what the
    records the wizard will offer agree on, so its pages already look as the librarian set
    them (``gui.firstrun_found.find_here``)."""
    if store_there:
        return adopt(settings, store_appearance.read(folder))
    if settings.data_dir:
        return []  # a vanished folder: its page says so, the profile still has its settings
    from libtrainer.gui.firstrun_found import find_here  # noqa: PLC0415 - the wizard shows

    kept = [store_appearance.read(found.folder) for found in find_here(folder)]
    return adopt(settings, store_appearance.common(kept))


def current(settings: GuiSettings) -> dict[str, Any]:
    """The appearance in force now, as kept in ``store.json``."""
    return {
        "language": get_language(),
        "high_contrast": settings.high_contrast,
        "font_points": settings.font_points,
    }


def apply_adopted(settings: GuiSettings) -> None:
    """Show the appearance of ``settings`` now (after :func:`adopt` filled some in)."""
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from libtrainer.gui import appearance  # noqa: PLC0415

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    if settings.language:
        appearance.apply_language(app, settings.language)
    appearance.apply_appearance(
        app, high_contrast=settings.high_contrast, font_points=settings.font_points
    )


def keep_in(data_dir: Path, look: dict[str, Any]) -> None:
    """Keep ``look`` in the ``store.json`` of ``data_dir`` (worker thread). Only a help for a
    fresh profile: a failure (a read-only folder) is logged and otherwise ignored."""
    from libtrainer.services import storefile  # noqa: PLC0415

    try:
        storefile.keep_appearance(data_dir, look)
    except Exception as exc:  # noqa: BLE001 - see the docstring
        log.warning("store.json not updated with the appearance: %s", type(exc).__name__)


def keep(owner: Any, state: Any) -> None:
    """Keep the appearance in force in the ``store.json`` of the open store, on the worker."""
    from libtrainer.gui.operations import Operation  # noqa: PLC0415

    if not state.store_open:
        return
    data_dir, look = state.data_dir, current(state.settings)
    Operation(owner, lambda _job: keep_in(data_dir, look)).run_in_background()
