"""Small screens: every window fits the available screen and its buttons stay in sight."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QWidget, QWizard

from libtrainer.i18n import translations
from tests.gui.conftest import WAIT_MS, open_window

from libtrainer.gui import app as gui_app
from libtrainer.gui import fit
from libtrainer.gui.labels import UI_LANGUAGES
from libtrainer.gui.screens import SCREENS

#: a 1024×600 laptop at 100 %, and the same at 200 % (512×300 logical)
SCREENS_AVAILABLE = [QRect(0, 0, 1024, 600), QRect(0, 0, 512, 300)]
ROOT = Path(__file__).resolve().parents[2]

#: a fresh process on an offscreen screen of the given size: the first-run wizard's
#: geometry and where its Next button is, as the real screen (not a patched one) gives them
WIZARD = """
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication, QWizard
from libtrainer.gui import app as gui_app
from libtrainer.gui.settings import GuiSettings
qt = gui_app.ensure_app(["t"])
state = gui_app.make_state(Path(sys.argv[1]), GuiSettings(Path(sys.argv[2])))
wizard = gui_app.launch(state, keyring_available=True)
QApplication.processEvents()
button = wizard.button(QWizard.WizardButton.NextButton)
corner = button.mapTo(wizard, button.rect().bottomRight())
geometry = wizard.geometry()
print(json.dumps({"window": [geometry.x(), geometry.y(), geometry.width(), geometry.height()],
                  "next": [corner.x(), corner.y()], "visible": button.isVisible()}))
wizard.close()
gui_app.shutdown(state)
"""


@pytest.fixture(params=SCREENS_AVAILABLE, ids=["1024x600", "512x300"])
def small_screen(request: Any, monkeypatch: pytest.MonkeyPatch) -> QRect:
    """Every window is fitted to this available geometry instead of the offscreen screen's."""
    available: QRect = request.param
    monkeypatch.setattr(fit, "available_geometry", lambda _widget: QRect(available))
    return available


def _fits(window: QWidget, available: QRect) -> None:
    assert window.width() <= available.width() and window.height() <= available.height()
    assert available.contains(QRect(window.pos(), window.size()))


def _in_sight(button: QWidget, window: QWidget) -> None:
    assert button.isVisible()
    corners = (button.rect().topLeft(), button.rect().bottomRight())
    assert all(window.rect().contains(button.mapTo(window, corner)) for corner in corners)


@pytest.mark.parametrize(
    ("wanted", "available", "frame", "expected"),
    [
        (QSize(1200, 760), QRect(0, 0, 1024, 600), QMargins(0, 30, 0, 0), QSize(1024, 570)),
        (QSize(720, 640), QRect(0, 0, 1024, 600), QMargins(8, 31, 8, 8), QSize(720, 561)),
        (QSize(760, 560), QRect(0, 0, 512, 300), QMargins(), QSize(512, 300)),
        (QSize(400, 200), QRect(1920, 0, 1280, 1024), QMargins(0, 30, 0, 0), QSize(400, 200)),
    ],
)
def test_clamp_keeps_a_wanted_size_within_the_available_geometry(
    wanted: QSize, available: QRect, frame: QMargins, expected: QSize
) -> None:
    """A preferred size is kept when it fits and cut to the screen less the frame when not."""
    assert fit.clamp(wanted, available, frame) == expected


@pytest.mark.parametrize(
    ("outer", "available", "expected"),
    [
        (QRect(600, 400, 720, 640), QRect(0, 0, 1024, 600), QPoint(304, 0)),
        (QRect(100, 50, 300, 200), QRect(0, 0, 1024, 600), QPoint(100, 50)),
        (QRect(-50, -20, 300, 200), QRect(1920, 0, 1280, 1024), QPoint(1920, 0)),
        (QRect(0, 0, 2000, 900), QRect(0, 0, 1024, 600), QPoint(0, 0)),
    ],
)
def test_keep_inside_moves_a_window_onto_its_screen(
    outer: QRect, available: QRect, expected: QPoint
) -> None:
    """A window sticking out of the screen is moved in; one too large keeps its top-left."""
    assert fit.keep_inside(outer, available) == expected


def test_main_window_without_a_saved_size_fits_the_screen(
    branch: Any, make_state: Any, qtbot: Any, small_screen: QRect
) -> None:
    """No saved size (reboot-restore PCs): the window opens no larger than the screen."""
    window = open_window(branch.data_dir, make_state, qtbot)
    window.go("consultations")
    qtbot.waitUntil(window.isVisible, timeout=WAIT_MS)
    _fits(window, small_screen)
    assert window.minimumSizeHint().height() <= small_screen.height()


def test_main_window_saved_on_a_larger_screen_fits_this_one(
    branch: Any, make_state: Any, qtbot: Any, small_screen: QRect
) -> None:
    """A size saved on a larger screen (1600×1000) is cut to this screen when restored."""
    from PySide6.QtWidgets import QMainWindow

    big = QMainWindow()
    big.setGeometry(100, 100, 1600, 1000)
    state = make_state(branch.data_dir)
    state.settings.geometry = bytes(big.saveGeometry().data())
    big.deleteLater()
    window = gui_app.launch(state)
    qtbot.waitUntil(window.isVisible, timeout=WAIT_MS)
    _fits(window, small_screen)


def test_navigation_shows_its_longest_label_without_a_sideways_scrollbar(
    branch: Any, make_state: Any, qtbot: Any, small_screen: QRect
) -> None:
    """Every navigation label, in lt, lv and en, fits the list; it never scrolls sideways."""
    window = open_window(branch.data_dir, make_state, qtbot)
    window.go("consultations")
    nav = window.workspace.nav
    metrics = nav.fontMetrics()
    for lang in UI_LANGUAGES:
        for _key, title, *_rest in SCREENS:
            text = translations(lang).gettext(title)
            assert metrics.horizontalAdvance(text) < nav.viewport().width(), (lang, text)
    assert nav.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert not nav.horizontalScrollBar().isVisible()
    assert nav.item(1).toolTip() == nav.item(1).text()


def test_attendance_sheet_buttons_are_in_sight(
    branch: Any, make_state: Any, qtbot: Any, small_screen: QRect
) -> None:
    """The attendance sheet fits the screen and Save/Cancel are inside it; the list scrolls."""
    window = open_window(branch.data_dir, make_state, qtbot)
    screen = window.go("groups")
    qtbot.waitUntil(lambda: screen.session_id() is not None, timeout=WAIT_MS)
    dialog = screen.take_attendance()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 3, timeout=WAIT_MS)
    _fits(dialog, small_screen)
    _in_sight(dialog.save_button, dialog)
    _in_sight(dialog.findChild(QWidget, "attendanceScroll"), dialog)


def test_new_group_dialog_buttons_are_in_sight(
    branch: Any, make_state: Any, qtbot: Any, small_screen: QRect
) -> None:
    """The New group form fits the screen; Save and Cancel stay below the scrolling fields."""
    window = open_window(branch.data_dir, make_state, qtbot)
    screen = window.go("groups")
    qtbot.waitUntil(lambda: screen.group_model.rowCount() == 1, timeout=WAIT_MS)
    qtbot.mouseClick(screen.new_group, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: screen.dialog is not None and screen.dialog.isVisible(), timeout=WAIT_MS
    )
    dialog = screen.dialog
    _fits(dialog, small_screen)
    _in_sight(dialog.ok, dialog)
    _in_sight(dialog.buttons, dialog)


def test_first_run_wizard_buttons_are_in_sight(
    tmp_path: Path, make_state: Any, qtbot: Any, small_screen: QRect
) -> None:
    """The language, place and folder pages of the first-run wizard fit the screen with Next
    and Cancel inside it."""
    wizard = gui_app.launch(make_state(tmp_path / "new"), keyring_available=True)
    qtbot.waitUntil(wizard.isVisible, timeout=WAIT_MS)
    shown = []
    for page in range(3):
        shown.append(wizard.currentPage().objectName())
        _fits(wizard, small_screen)
        _in_sight(wizard.button(QWizard.WizardButton.NextButton), wizard)
        _in_sight(wizard.button(QWizard.WizardButton.CancelButton), wizard)
        if page == 1:
            for field in ("region", "library", "branch", "device_name"):
                getattr(wizard.place, field).setText("Būdviečio padalinys")
        wizard.next()
    assert shown == ["languagePage", "placePage", "folderPage"]


def test_a_refused_field_low_in_a_scrolling_form_is_scrolled_into_sight(
    branch: Any, make_state: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a 512×300 screen, an end date before the start is refused under the end date, and
    the form scrolls down to show the message and the field."""
    monkeypatch.setattr(fit, "available_geometry", lambda _widget: QRect(0, 0, 512, 300))
    window = open_window(branch.data_dir, make_state, qtbot)
    screen = window.go("groups")
    qtbot.waitUntil(lambda: screen.group_model.rowCount() == 1, timeout=WAIT_MS)
    qtbot.mouseClick(screen.new_group, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: screen.dialog is not None and screen.dialog.isVisible(), timeout=WAIT_MS
    )
    dialog = screen.dialog
    assert dialog.scroll.verticalScrollBar().value() == 0
    dialog.has_end.setChecked(True)
    dialog.end.setDate(dialog.start.date().addDays(-1))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.field_error("end_date") != "", timeout=WAIT_MS)
    assert dialog.scroll.verticalScrollBar().value() > 0
    assert not dialog.end.visibleRegion().isEmpty()
    error = dialog._errors["end_date"][0]
    assert not error.visibleRegion().isEmpty()


@pytest.mark.parametrize(("width", "height"), [(1024, 600), (512, 300)])
def test_wizard_fits_a_real_small_offscreen_screen(tmp_path: Path, width: int, height: int) -> None:
    """On an offscreen screen of 1024×600 or 512×300 (Qt's ``configfile`` option, in a fresh
    process), the wizard lies on the screen with its Next button inside it."""
    config = tmp_path / "screen.json"
    screen = {"name": "laptop", "x": 0, "y": 0, "width": width, "height": height}
    config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96, "dpr": 1}]}))
    env = dict(
        os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}", PYTHONPATH=str(ROOT / "src")
    )
    out = subprocess.run(
        [sys.executable, "-c", WIZARD, str(tmp_path / "new"), str(tmp_path / "settings.ini")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    x, y, w, h = result["window"]
    assert x >= 0 and y >= 0 and x + w <= width and y + h <= height
    assert result["visible"] and result["next"][0] < w and result["next"][1] < h


@pytest.fixture
def coordinators_duplicates(tmp_path: Path) -> Path:
    """A coordinator's data folder: a look-alike pair to decide and a pair confirmed."""
    from libtrainer.services import duplicates, participants
    from tests.conftest import make_store
    from tests.gui.conftest import fill_branch

    store = make_store(tmp_path / "data", role="coordinator")
    try:
        branch = fill_branch(store)
        with store.uow() as uow:
            participants.create_participant(uow, "Sarunas", "Zemaitis", birth_year=1957)
        with store.uow() as uow:
            a = participants.create_participant(uow, "Rūta", "Žemaitienė", birth_year=1958)
        with store.uow() as uow:
            b = participants.create_participant(uow, "Ruta", "Zemaitiene", birth_year=1958)
        with store.uow() as uow:
            duplicates.same_person(uow, a.first("participant"), b.first("participant"))
    finally:
        store.close()
    return branch.data_dir


@pytest.mark.parametrize("lang", UI_LANGUAGES)
@pytest.mark.parametrize(("width", "height"), [(1366, 740), (1024, 600)], ids=["1366", "1024"])
def test_duplicates_buttons_are_in_sight_on_every_tab(
    coordinators_duplicates: Path,
    make_state: Any,
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    width: int,
    height: int,
) -> None:
    """On each Duplicates tab every action button (Separate on “Confirmed” too) is whole in
    sight without scrolling the screen, at 1366×740 and 1024×600, in lt, lv and en: a tall
    tab does not make a short one scroll, and what is too tall scrolls inside the tab."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QPushButton, QScrollArea

    from tests.gui.conftest import idle

    monkeypatch.setattr(fit, "available_geometry", lambda _w: QRect(0, 0, width, height))
    window = open_window(coordinators_duplicates, make_state, qtbot)
    window.set_language(lang)
    window.resize(width, height)
    screen = window.go("duplicates")
    qtbot.waitUntil(lambda: screen.confirmed.rowCount() == 1, timeout=WAIT_MS)
    idle(qtbot, window)
    area = screen.parentWidget().parentWidget()
    assert isinstance(area, QScrollArea)
    for tab in range(screen.tabs.count()):
        screen.tabs.setCurrentIndex(tab)
        qtbot.waitUntil(lambda: screen.tabs.currentIndex() == tab, timeout=WAIT_MS)
        for _round in range(4):  # the tabs, the screen, its scroll area lay out again
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        page = screen.tabs.currentWidget()
        buttons = [b for b in page.findChildren(QPushButton) if b.isVisible()]
        assert buttons, tab
        for button in buttons:
            shown = button.visibleRegion().boundingRect()
            assert shown == button.rect(), (lang, width, tab, button.objectName(), shown)
        assert area.verticalScrollBar().maximum() == 0, (lang, width, tab)
