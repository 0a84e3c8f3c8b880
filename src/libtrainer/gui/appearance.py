"""Language, palette and text size of the running app.

- Language: our own strings come from ``libtrainer.i18n`` (gettext); a ``QTranslator`` is
  installed only for Qt's own strings (buttons of standard dialogs, context menus). Qt ships
  no ``qtbase_lt`` catalogue, so ``QtOwnWords`` gives the few of Qt's words a person meets
  (standard buttons, a text field's context menu) from our catalogues, asked before Qt's own.
- High contrast: follows the system's contrast preference (Windows high-contrast themes) or
  the app's own setting; the palette is black/white/yellow with a visible focus colour. On
  Windows the preference is read from Windows itself, as Qt's Windows plugin reads it; on the
  ``offscreen`` and ``minimal`` platforms (on any system) there is no desktop to ask;
  elsewhere Qt is asked.
  (Converting Qt's answer would make PySide build the 93 enum classes of the ``Qt`` namespace
  before the first paint: docs/decisions/0508-system-contrast-without-the-qt-namespace.md.)
- Normal colours are Qt's own: the app sets no palette unless high contrast is on — the
  style's palette as the platform theme resolves it, what any Qt app shows. Switching high
  contrast off again puts back the palette the app had before it was switched on. (Asking the
  style for its palette at start made PySide build ``QStyle`` and its 11 enum classes before
  the first paint: docs/decisions/0510-start-up-qts-own-palette-and-less-before-ready.md.)
- Text size: the app's setting overrides the system font size; layouts scale with it (nothing
  uses fixed pixel sizes), as they do at 150 % display scaling.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLibraryInfo, QTranslator
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from libtrainer.domain.errors import N_
from libtrainer.i18n import _, set_language

if TYPE_CHECKING:
    from PySide6.QtGui import QPalette

_translators: list[QTranslator] = []
_default_font_points: float | None = None
#: The app's palette from before high contrast was switched on (None: it is not on).
_normal_palette: QPalette | None = None


#: Qt's own words a person meets, by Qt's translation context: standard buttons of dialogs
#: and message boxes (``QPlatformTheme``) and a text field's right-click menu.
QT_OWN_WORDS: dict[str, dict[str, str]] = {
    "QPlatformTheme": {
        "OK": N_("OK"),
        "Save": N_("&Save"),
        "Save All": N_("Save all"),
        "Open": N_("Open"),
        "&Yes": N_("&Yes"),
        "Yes to &All": N_("Yes to &all"),
        "&No": N_("&No"),
        "N&o to All": N_("N&o to all"),
        "Abort": N_("Stop"),
        "Retry": N_("Try again"),
        "Ignore": N_("Ignore"),
        "Close": N_("Close"),
        "Cancel": N_("Cancel"),
        "Discard": N_("Discard"),
        "Help": N_("Help"),
        "Apply": N_("Apply"),
        "Reset": N_("Reset"),
        "Restore Defaults": N_("Restore defaults"),
    },
    "QLineEdit": {
        "&Undo": N_("&Undo"),
        "&Redo": N_("&Redo"),
        "Cu&t": N_("Cu&t"),
        "&Copy": N_("&Copy"),
        "&Paste": N_("&Paste"),
        "Delete": N_("Delete"),
        "Select All": N_("Select all"),
    },
}
QT_OWN_WORDS["QWidgetTextControl"] = QT_OWN_WORDS["QLineEdit"]


class QtOwnWords(QTranslator):
    """Qt's own words from our catalogues (None: not ours, Qt's own catalogue or English)."""

    def translate(  # type: ignore[override]
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        msgid = QT_OWN_WORDS.get(context, {}).get(source)
        return _(msgid) if msgid is not None else None

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False


def apply_language(app: QApplication, lang: str) -> str:
    """Switch our strings and Qt's own strings to ``lang``; returns the language in force."""
    lang = set_language(lang)
    for old in _translators:
        app.removeTranslator(old)
    _translators.clear()
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in (f"qtbase_{lang}", f"qt_{lang}"):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            _translators.append(translator)
            break
    if lang != "en":
        # Installed last, so asked first: the same words as our own dialogs use.
        own = QtOwnWords(app)
        app.installTranslator(own)
        _translators.append(own)
    return lang


#: Qt platforms without a desktop behind them: there is no contrast preference to read.
NO_SYSTEM_PLATFORMS = frozenset({"offscreen", "minimal"})

SPI_GETHIGHCONTRAST = 0x0042
HCF_HIGHCONTRASTON = 0x00000001


def system_wants_high_contrast() -> bool:
    """The system's contrast preference: high contrast or not."""
    if QGuiApplication.platformName() in NO_SYSTEM_PLATFORMS:
        return False
    if sys.platform == "win32":
        return windows_high_contrast()
    return qt_wants_high_contrast()


def qt_wants_high_contrast() -> bool:
    """Qt's answer (xcb, wayland, cocoa). Importing ``Qt`` builds every enum class of the
    namespace (≈30 ms), so it is imported only here."""
    from PySide6.QtCore import Qt  # noqa: PLC0415 - see the module docstring

    try:
        style_hints = QGuiApplication.styleHints()  # keep it alive while asking it
        accessibility = style_hints.accessibility()
        return bool(accessibility.contrastPreference() == Qt.ContrastPreference.HighContrast)
    except (AttributeError, RuntimeError):  # Qt older than 6.10; no hints on this platform
        return False


def _high_contrast_struct() -> Any:
    import ctypes  # noqa: PLC0415 - only on Windows (and in its tests)

    class HighContrastW(ctypes.Structure):
        """HIGHCONTRASTW (winuser.h): UINT cbSize; DWORD dwFlags; LPWSTR lpszDefaultScheme."""

        _fields_ = (
            ("cbSize", ctypes.c_uint32),
            ("dwFlags", ctypes.c_uint32),
            ("lpszDefaultScheme", ctypes.c_wchar_p),
        )

    return HighContrastW


def windows_high_contrast(system_parameters_info: Callable[..., Any] | None = None) -> bool:
    """Is a Windows high-contrast theme on? ``SystemParametersInfoW(SPI_GETHIGHCONTRAST)``
    and its ``HCF_HIGHCONTRASTON`` flag, as Qt's Windows plugin asks (``QWindowsTheme``); a
    failed call means no. ``system_parameters_info`` replaces the Windows call in tests."""
    import ctypes  # noqa: PLC0415 - only on Windows (and in its tests)

    info = _high_contrast_struct()()
    info.cbSize = ctypes.sizeof(info)
    if system_parameters_info is None:
        system_parameters_info = ctypes.windll.user32.SystemParametersInfoW  # type: ignore[attr-defined]
    if not system_parameters_info(SPI_GETHIGHCONTRAST, info.cbSize, ctypes.pointer(info), 0):
        return False
    return bool(info.dwFlags & HCF_HIGHCONTRASTON)


def high_contrast_palette() -> QPalette:
    from PySide6.QtGui import QColor, QPalette  # noqa: PLC0415 - only in high contrast

    black, white, yellow, cyan = (
        QColor("#000000"),
        QColor("#ffffff"),
        QColor("#ffff00"),
        QColor("#00ffff"),
    )
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, black),
        (QPalette.ColorRole.WindowText, white),
        (QPalette.ColorRole.Base, black),
        (QPalette.ColorRole.AlternateBase, QColor("#1a1a1a")),
        (QPalette.ColorRole.Text, white),
        (QPalette.ColorRole.Button, black),
        (QPalette.ColorRole.ButtonText, white),
        (QPalette.ColorRole.Highlight, yellow),
        (QPalette.ColorRole.HighlightedText, black),
        (QPalette.ColorRole.ToolTipBase, black),
        (QPalette.ColorRole.ToolTipText, white),
        (QPalette.ColorRole.PlaceholderText, QColor("#c0c0c0")),
        (QPalette.ColorRole.Link, cyan),
        (QPalette.ColorRole.BrightText, yellow),
    ):
        palette.setColor(role, colour)
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#9a9a9a"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#9a9a9a"))
    return palette


def apply_appearance(app: QApplication, *, high_contrast: bool, font_points: int) -> None:
    """Apply the palette and text size (0 = the system's size). Without high contrast the
    palette is left as Qt made it, or put back as it was before high contrast."""
    global _default_font_points, _normal_palette
    if high_contrast or system_wants_high_contrast():
        if _normal_palette is None:
            from PySide6.QtGui import QPalette  # noqa: PLC0415 - only in high contrast

            _normal_palette = QPalette(app.palette())
        app.setPalette(high_contrast_palette())
        app.setStyleSheet("*:focus { outline: 2px solid #ffff00; }")
    elif _normal_palette is not None:
        app.setPalette(_normal_palette)
        app.setStyleSheet("")
        _normal_palette = None
    font = app.font()
    if _default_font_points is None:
        _default_font_points = font.pointSizeF()
    font.setPointSizeF(float(font_points) if font_points > 0 else _default_font_points)
    app.setFont(font)
