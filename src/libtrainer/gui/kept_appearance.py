"""The appearance kept with the records, put back on a fresh Windows profile (0518, update).

Language, high contrast and text size are per-user settings (``gui.settings``); a PC whose
profile is put back at every restart forgets them each morning. The window keeps them in the
data folder's ``store.json`` too (:func:`keep`, on the worker, whenever the store is opened or
they change), and a profile that has none of its own takes them from there
(:func:`adopt`): at start (:func:`at_start`; for the first-run wizard of a fresh profile,
what the records it will offer agree on: :class:`StartSearch`, whose result the wizard is
handed) and when the first-run wizard or the missing-folder page opens records already there
(``gui.launching.use_folder``). A value this profile has always wins. See
``services.store_appearance``.

Thread rule: GUI thread, except what :func:`keep` hands to the worker and the search of
:class:`StartSearch` (a thread of its own).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from libtrainer.i18n import get_language
from libtrainer.services import store_appearance

from libtrainer.gui.settings import GuiSettings

if TYPE_CHECKING:
    from libtrainer.services.storefind import FoundStore

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


class StartSearch:
    """The first-run wizard's search for records already on this computer
    (``gui.firstrun_found.find_here``: the usual folders, also on USB sticks), started on a
    thread of its own as soon as the start knows the wizard will show, so it runs while the
    wizard is imported; :meth:`result` waits for it. Its stores' kept appearance is read there
    too. The wizard is handed what it found and does not search again."""

    def __init__(self, folder: Path) -> None:
        import threading  # noqa: PLC0415 - only when the wizard shows

        from libtrainer.gui.firstrun_found import find_here  # noqa: PLC0415 - on this thread

        self._found: list[FoundStore] = []
        self._looks: list[dict[str, Any] | None] = []

        def work() -> None:
            try:
                found = find_here(folder)
                self._looks = [store_appearance.read(store.folder) for store in found]
                self._found = found
            except Exception as exc:  # noqa: BLE001 - only a help: the wizard offers none
                log.warning("looking for records at start failed: %s", type(exc).__name__)

        self._thread = threading.Thread(target=work, name="libtrainer-find-stores", daemon=True)
        self._thread.start()

    def result(self) -> tuple[list[FoundStore], list[dict[str, Any] | None]]:
        """The stores found and the appearance each keeps (None: none kept), once done."""
        self._thread.join()
        return self._found, self._looks


def search_at_start(
    settings: GuiSettings, folder: Path, *, store_there: bool
) -> StartSearch | None:
    """Start the wizard's search (:class:`StartSearch`) when the first-run wizard will show:
    no store in ``folder`` and no folder remembered by this profile (a remembered folder that
    vanished gets its own page, which does not search)."""
    if store_there or settings.data_dir:
        return None
    return StartSearch(folder)


def at_start(
    settings: GuiSettings, folder: Path, *, store_there: bool, search: StartSearch | None = None
) -> list[FoundStore] | None:
    """Before the first window: adopt the appearance of the records in ``folder``; when there
    are none and this profile remembers no folder (the first-run wizard will show), what the
    records the wizard will offer agree on, so its pages already look as the librarian set
    them. Returns those records (``search``'s, or searched now), for the wizard: it does not
    search again; None when the wizard does not show."""
    if store_there:
        adopt(settings, store_appearance.read(folder))
        return None
    if settings.data_dir:
        return None  # a vanished folder: its page says so, the profile still has its settings
    found, looks = (search or StartSearch(folder)).result()
    adopt(settings, store_appearance.common(looks))
    return found


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
