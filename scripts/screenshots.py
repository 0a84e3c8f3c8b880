"""Screenshots of every main screen of the app, in Lithuanian, Latvian and English.

Run through ``scripts/screenshots`` (which starts an X server with xvfb-run). Creates a
demonstration store in a temporary folder, opens the real app window on it, signs in as the
demo account and saves one PNG per screen and language:

    OUT/<lang>/00-first-run-*.png   the first-run wizard (on an empty folder)
    OUT/<lang>/10-sign-in.png       the sign-in panel
    OUT/<lang>/2x-<screen>.png      Today, Groups & sessions, Participants, …, Settings
    OUT/<lang>/40-attendance.png    an attendance sheet

``--scale 1.5`` renders at 150 % (QT_SCALE_FACTOR) and ``--contrast`` with the high-contrast
palette, so the layout can be checked the way people with those settings see it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from libtrainer.gui.screens import screen_keys

SCREENS = screen_keys()
DEMO_LOGIN, DEMO_PASSWORD = "demo", "biblioteka"  # services/demo/launch.py


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", default="screenshots", help="folder for the PNGs")
    parser.add_argument("--langs", default="lt,lv,en", help="languages, comma-separated")
    parser.add_argument(
        "--size",
        default="branch",
        choices=["branch", "region"],
        help="size of the demonstration store",
    )
    parser.add_argument("--scale", type=float, default=1.0, help="display scaling (1.5 = 150 %%)")
    parser.add_argument("--contrast", action="store_true", help="high-contrast palette")
    return parser.parse_args(argv)


def make_demo_store(data_dir: Path, size: str) -> None:
    """The demonstration store ``libtrainer demo --start`` makes (a branch PC; for a region,
    the coordinator's computer), with its demo account."""
    from libtrainer.services.demo import launch

    launch._create_demo_store(data_dir, size=size, seed=7)


def settle(app: Any, state: Any, seconds: float = 8.0) -> None:
    """Process events until no background work has run for a moment (rows arrive lazily)."""
    end = time.monotonic() + seconds
    quiet = 0
    while time.monotonic() < end and quiet < 6:
        app.processEvents()
        time.sleep(0.05)
        quiet = 0 if state.tasks.busy else quiet + 1


def shoot(widget: Any, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not save {path}")
    print(path)


def first_run(app: Any, lang: str, tmp: Path, out: Path) -> None:
    from libtrainer.gui import app as gui_app
    from libtrainer.gui.settings import GuiSettings

    state = gui_app.make_state(tmp / f"empty-{lang}", GuiSettings(tmp / f"wizard-{lang}.ini"))
    wizard = gui_app.launch(state, keyring_available=False)
    wizard.findChild(object, f"lang_{lang}").setChecked(True)
    settle(app, state, 1)
    shoot(wizard, out / "00-first-run-language.png")
    wizard.next()
    place = wizard.place
    for edit, text in (
        (place.region, "Alytaus apskritis"),
        (place.library, "Lazdijų r. savivaldybės viešoji biblioteka"),
        (place.branch, "Būdviečio padalinys"),
        (place.device_name, "PC-1"),
    ):
        edit.setText(text)
    shoot(wizard, out / "01-first-run-place.png")
    wizard.next()
    wizard.folder.folder.setText(str(tmp / "Temp" / "libtrainer"))
    settle(app, state, 0.5)
    shoot(wizard, out / "02-first-run-folder.png")
    wizard.folder.accept_risk.setChecked(True)
    wizard.next()
    wizard.next()
    shoot(wizard, out / "03-first-run-passphrase.png")
    wizard.close()
    gui_app.shutdown(state)


def main_screens(app: Any, lang: str, data_dir: Path, tmp: Path, out: Path) -> None:
    from libtrainer.gui import app as gui_app
    from libtrainer.gui.settings import GuiSettings

    state = gui_app.make_state(data_dir, GuiSettings(tmp / f"main-{lang}.ini"))
    window = gui_app.launch(state)
    window.setGeometry(app.primaryScreen().availableGeometry())
    settle(app, state)
    shoot(window, out / "10-sign-in.png")
    window.sign_in.login.setText(DEMO_LOGIN)
    window.sign_in.password.setText(DEMO_PASSWORD)
    window.sign_in.button.click()
    settle(app, state)
    if window.workspace is None:
        raise SystemExit("sign-in failed: " + window.sign_in.message.text())
    for number, key in enumerate(SCREENS, start=20):
        if key not in state.screens():
            continue  # the coordinator's computer's screens, on the branch demo
        screen = window.go(key)
        if key == "participants":
            settle(app, state)
            screen.table.selectRow(0)
        if key == "reports" and screen.kind.count():
            screen.period.setCurrentIndex(3)
            screen.scope.setCurrentIndex(screen.scope.count() - 1)
            screen.run()
        settle(app, state)
        shoot(window, out / f"{number}-{key}.png")
    groups = window.go("groups")
    settle(app, state)
    dialog = groups.take_attendance()
    if dialog is not None:
        settle(app, state)
        shoot(dialog, out / "40-attendance.png")
        dialog.reject()
    window.close()
    gui_app.shutdown(state)


def main(argv: list[str]) -> int:
    args = parse(argv)
    out = Path(args.out).resolve()
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    with tempfile.TemporaryDirectory(prefix="libtrainer-shots-") as name:
        tmp = Path(name)
        os.environ["HOME"] = str(tmp / "home")  # never the real home or keyring
        os.environ["LIBTRAINER_SETTINGS"] = str(tmp / "settings.ini")
        import keyring
        from keyring.backends.fail import Keyring as NoKeyring

        keyring.set_keyring(NoKeyring())
        data_dir = tmp / "demo-store"
        print(f"creating a {args.size} demonstration store …", flush=True)
        make_demo_store(data_dir, args.size)
        from libtrainer.gui import app as gui_app
        from libtrainer.gui import appearance

        app = gui_app.ensure_app(["libtrainer-screenshots"])
        for lang in args.langs.split(","):
            appearance.apply_language(app, lang)
            appearance.apply_appearance(app, high_contrast=args.contrast, font_points=0)
            first_run(app, lang, tmp, out / lang)
            main_screens(app, lang, data_dir, tmp, out / lang)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
