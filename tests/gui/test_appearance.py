"""Appearance: the system's contrast preference (read from Windows itself there, not asked on
the offscreen platform), the high-contrast palette both ways (off again: the palette from
before, exactly), Qt's own palette without it, and plain-text banners."""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QLabel

from libtrainer.gui import appearance
from libtrainer.gui.basics import Banner
from libtrainer.gui.signin import SignInPanel

BLACK, YELLOW = "#000000", "#ffff00"


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    """The application, put back to the normal palette and system text size afterwards."""
    yield qapp
    appearance.apply_appearance(qapp, high_contrast=False, font_points=0)


def _window_colour(app: QApplication) -> str:
    return app.palette().color(QPalette.ColorRole.Window).name()


def _standard_window_colour(app: QApplication) -> str:
    return app.style().standardPalette().color(QPalette.ColorRole.Window).name()


def _colours(palette: QPalette) -> list[str]:
    """Every colour of ``palette``: each role in each group (active, inactive, disabled)."""
    group = QPalette.ColorGroup
    groups = (group.Active, group.Inactive, group.Disabled)
    roles = [QPalette.ColorRole(r) for r in range(QPalette.ColorRole.NColorRoles.value)]
    return [palette.color(g, r).name(QColor.NameFormat.HexArgb) for g in groups for r in roles]


class FakeSystemParametersInfo:
    """Stands in for user32's SystemParametersInfoW: checks what it is asked, fills the
    HIGHCONTRASTW it is given with ``flags`` and returns ``result``."""

    def __init__(self, flags: int, result: int = 1) -> None:
        self.flags, self.result = flags, result
        self.calls: list[tuple[int, int, int, int]] = []

    def __call__(self, action: int, size: int, pointer: Any, win_ini: int) -> int:
        info = pointer.contents
        self.calls.append((action, size, info.cbSize, win_ini))
        info.dwFlags = self.flags
        return self.result


def test_windows_reader_asks_for_the_high_contrast_struct_and_reads_its_on_flag() -> None:
    """SPI_GETHIGHCONTRAST with a sized HIGHCONTRASTW; only HCF_HIGHCONTRASTON means yes."""
    pointer_size = ctypes.sizeof(ctypes.c_void_p)
    on = FakeSystemParametersInfo(flags=0x1 | 0x2 | 0x4)  # ON, AVAILABLE, HOTKEYACTIVE
    assert appearance.windows_high_contrast(on) is True
    size = on.calls[0][1]
    assert on.calls == [(0x0042, size, size, 0)]
    assert size == (16 if pointer_size == 8 else 12)  # as sizeof(HIGHCONTRASTW) on Windows
    assert appearance.windows_high_contrast(FakeSystemParametersInfo(flags=0x2 | 0x4)) is False
    assert appearance.windows_high_contrast(FakeSystemParametersInfo(flags=0)) is False


def test_windows_reader_says_no_when_the_call_fails() -> None:
    """A failed SystemParametersInfoW call is no preference, whatever the struct holds."""
    assert appearance.windows_high_contrast(FakeSystemParametersInfo(flags=1, result=0)) is False


def test_windows_asks_windows_offscreen_asks_nobody_other_platforms_ask_qt(
    monkeypatch: pytest.MonkeyPatch, qapp: QApplication
) -> None:
    """Offscreen/minimal: no (on any system); on win32 Windows answers; elsewhere Qt does."""
    monkeypatch.setattr(appearance, "windows_high_contrast", lambda: True)
    monkeypatch.setattr(appearance, "qt_wants_high_contrast", lambda: True)
    assert QGuiApplication.platformName() == "offscreen"
    for system in ("win32", "linux", "darwin"):
        monkeypatch.setattr(appearance.sys, "platform", system)
        assert appearance.system_wants_high_contrast() is False, system
    for platform in ("minimal", "windows", "xcb", "wayland", "cocoa"):
        monkeypatch.setattr(appearance.QGuiApplication, "platformName", lambda p=platform: p)
        for system in ("win32", "linux"):
            monkeypatch.setattr(appearance.sys, "platform", system)
            assert appearance.system_wants_high_contrast() is (platform != "minimal")
    monkeypatch.setattr(appearance, "qt_wants_high_contrast", lambda: False)
    monkeypatch.setattr(appearance.sys, "platform", "win32")
    assert appearance.system_wants_high_contrast() is True  # Windows' answer, not Qt's
    monkeypatch.setattr(appearance.sys, "platform", "linux")
    assert appearance.system_wants_high_contrast() is False  # Qt's answer


def test_qt_is_asked_as_before_on_desktop_platforms(qapp: QApplication) -> None:
    """Qt's own answer is read through its accessibility hints (none offscreen: no)."""
    assert appearance.qt_wants_high_contrast() is False


def test_high_contrast_setting_applies_the_palette_and_switching_it_off_restores_it(
    app: QApplication,
) -> None:
    """The setting gives black and yellow at once; off again gives back the palette from
    before, every colour of it, still following Qt's own (nothing set by the app)."""
    before = QPalette(app.palette())
    appearance.apply_appearance(app, high_contrast=True, font_points=0)
    assert _window_colour(app) == BLACK
    assert app.palette().color(QPalette.ColorRole.Highlight).name() == YELLOW
    assert "outline" in app.styleSheet()
    appearance.apply_appearance(app, high_contrast=True, font_points=14)  # still on: text size
    appearance.apply_appearance(app, high_contrast=False, font_points=0)
    assert _colours(app.palette()) == _colours(before)
    assert _colours(before) != _colours(appearance.high_contrast_palette())
    assert app.palette() == before
    assert app.palette().resolveMask() == before.resolveMask() == 0
    assert _window_colour(app) == _standard_window_colour(app) != BLACK
    assert app.styleSheet() == ""


def test_without_high_contrast_the_app_keeps_qts_own_palette(app: QApplication) -> None:
    """No palette is set without high contrast: Qt's own stays (offscreen, as on a desktop
    without a theme, that is the style's standard palette), and the style is not asked."""
    before = QPalette(app.palette())
    asked: list[bool] = []
    original = QApplication.style

    def style() -> Any:
        asked.append(True)
        return original()

    setattr(app, "style", style)  # noqa: B010 - an instance attribute hides the method
    try:
        appearance.apply_appearance(app, high_contrast=False, font_points=0)
    finally:
        delattr(app, "style")
    assert asked == []
    assert app.palette() == before and app.palette().resolveMask() == 0
    assert _colours(app.palette()) == _colours(app.style().standardPalette())


def test_a_system_preference_for_high_contrast_applies_the_palette(
    app: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the app's setting off, the system's high-contrast preference still applies it."""
    monkeypatch.setattr(appearance, "system_wants_high_contrast", lambda: True)
    appearance.apply_appearance(app, high_contrast=False, font_points=0)
    assert _window_colour(app) == BLACK
    monkeypatch.setattr(appearance, "system_wants_high_contrast", lambda: False)
    appearance.apply_appearance(app, high_contrast=False, font_points=0)
    assert _window_colour(app) == _standard_window_colour(app)


def test_view_menu_toggle_switches_high_contrast_on_and_off(window: Any, app: QApplication) -> None:
    """View ▸ High contrast: black palette, then the normal palette again — the window looks
    exactly as before, pixel for pixel."""
    window.resize(900, 600)
    before, shown = QPalette(app.palette()), window.grab().toImage()
    window._actions["contrast"].trigger()
    assert window.state.settings.high_contrast is True
    assert _window_colour(app) == BLACK
    assert window.grab().toImage() != shown
    window._actions["contrast"].trigger()
    assert window.state.settings.high_contrast is False
    assert _window_colour(app) == _standard_window_colour(app) != BLACK
    assert _colours(app.palette()) == _colours(before)
    assert window.grab().toImage() == shown


MARKUP = '<b>Jonas</b> &amp; <a href="https://example.org">spustelėkite</a><br><img src="x">'


def _rendered(label: QLabel) -> Any:
    label.resize(label.sizeHint())
    return label.grab().toImage()


def test_banner_shows_markup_typed_by_a_person_as_plain_characters(qapp: QApplication) -> None:
    """A banner's text is plain text: tags and entities are shown, never interpreted."""
    for banner in (Banner(MARKUP, kind="error"), Banner(kind="error")):
        banner.show_message(MARKUP, "error")
        assert banner.textFormat() == Qt.TextFormat.PlainText
        assert banner.text() == MARKUP
        plain, rich = (Banner(kind="error") for _ in range(2))
        plain.setTextFormat(Qt.TextFormat.PlainText)
        plain.setText(MARKUP)
        rich.setTextFormat(Qt.TextFormat.RichText)
        rich.setText(MARKUP)
        assert _rendered(banner) == _rendered(plain)
        assert _rendered(banner) != _rendered(rich)


def test_sign_in_message_shows_markup_as_plain_characters(qapp: QApplication) -> None:
    """The sign-in panel's message banner is plain text too (it is built before READY)."""
    panel = SignInPanel()
    panel.show_error(MARKUP)
    assert panel.message.textFormat() == Qt.TextFormat.PlainText
    assert panel.message.text() == MARKUP
