"""Finding a store without the per-user settings, and noticing a store put back in time."""

from __future__ import annotations

import json
import shutil
from pathlib import Path, PureWindowsPath

from libtrainer.services import restorecheck, store_appearance, storefile, storefind
from libtrainer.store.store import Store
from tests.conftest import make_store


def _finished(data_dir: Path, **place: str) -> None:
    store = make_store(data_dir)
    store.close()
    storefile.finish_setup(data_dir, **place)


def test_finish_setup_names_the_branch_and_computer_in_store_json(tmp_path: Path) -> None:
    """store.json says which branch and computer the store is of, and nothing secret."""
    _finished(tmp_path / "d", branch="Būdviečio padalinys", device="Skaitykla PC-1")
    raw = json.loads((tmp_path / "d" / "store.json").read_text(encoding="utf-8"))
    assert raw["place"] == {"branch": "Būdviečio padalinys", "device": "Skaitykla PC-1"}
    found = storefind.describe(tmp_path / "d")
    assert found is not None and found.branch == "Būdviečio padalinys"
    assert found.device == "Skaitykla PC-1" and found.key_source == "keyring"


def test_keep_place_names_an_older_store_and_keeps_the_recovery_data(tmp_path: Path) -> None:
    """A store made before the names were kept gets them once; the rest of store.json stays."""
    data_dir = tmp_path / "d"
    _finished(data_dir)
    before = json.loads((data_dir / "store.json").read_text(encoding="utf-8"))
    assert "place" not in before
    assert storefile.keep_place(data_dir, branch="Rūdiškių filialas", device="PC-2")
    assert not storefile.keep_place(data_dir, branch="Rūdiškių filialas", device="PC-2")
    after = json.loads((data_dir / "store.json").read_text(encoding="utf-8"))
    assert after.pop("place") == {"branch": "Rūdiškių filialas", "device": "PC-2"}
    assert after == before
    storefile.open_store(data_dir).close()  # still opens with its key


def test_describe_ignores_unfinished_and_orphan_stores(tmp_path: Path) -> None:
    """No store, an interrupted set-up, or a libtrainer.db without store.json: nothing found."""
    assert storefind.describe(tmp_path / "none") is None
    pending = tmp_path / "pending"
    storefile.create(pending, setup_pending=True).close()
    assert storefind.describe(pending) is None
    orphan = tmp_path / "orphan"
    orphan.mkdir()
    (orphan / "libtrainer.db").write_bytes(b"x")
    assert storefind.describe(orphan) is None
    assert (orphan / "libtrainer.db").read_bytes() == b"x"


def test_usual_places_on_windows_look_on_every_fixed_drive() -> None:
    """The default folder first, then the same folder and X:\\libtrainer on other drives."""
    default = r"C:\Users\skaitykla\AppData\Local\libtrainer"
    places = storefind.usual_places(default, platform="win32", drives=lambda: ["C:", "D:"])
    assert places[0] == default
    assert str(PureWindowsPath(r"D:\Users\skaitykla\AppData\Local\libtrainer")) in places
    assert r"D:\libtrainer" in places and r"C:\libtrainer" in places
    assert len(places) == len({p.lower() for p in places})
    assert storefind.usual_places("/home/x/.local/share/libtrainer", platform="linux") == [
        "/home/x/.local/share/libtrainer"
    ]


def test_find_stores_lists_each_finished_store_once_and_skips_the_given_folder(
    tmp_path: Path,
) -> None:
    """Two places with stores, one empty, one skipped: the others are found in order."""
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    _finished(a, branch="A")
    _finished(b, branch="B")
    places = [str(tmp_path / "empty"), str(b), str(a), str(a / "."), str(c)]
    found = storefind.find_stores(places, skip=[c])
    assert [f.branch for f in found] == ["B", "A"]


def test_a_copy_put_back_to_an_earlier_state_is_behind(tmp_path: Path) -> None:
    """Progress read after writes is higher than the copy taken before them: behind."""
    data_dir = tmp_path / "d"
    store = make_store(data_dir)
    store.close()
    snapshot = tmp_path / "snapshot"
    shutil.copytree(data_dir, snapshot)
    store = storefile.open_store(data_dir)
    with store.read() as conn:
        early = restorecheck.progress_of(conn)
    from libtrainer.services import org

    with store.uow() as uow:
        org.add_volunteer(uow, "Gabija", "Petraitytė", 2004)
    with store.read() as conn:
        later = restorecheck.progress_of(conn)
    store.close()
    assert later > early
    shutil.rmtree(data_dir)
    shutil.copytree(snapshot, data_dir)
    back = Store.open(data_dir / "libtrainer.db", _key(data_dir))
    with back.read() as conn:
        restored = restorecheck.progress_of(conn)
    back.close()
    found = restorecheck.behind(restorecheck.newest(None, later), restored)
    assert found is not None and found.since < found.seen
    assert restorecheck.behind(later, later) is None
    assert restorecheck.behind(None, restored) is None
    assert restorecheck.newest(later, restored) == later


def _key(data_dir: Path) -> bytes:
    from libtrainer.sync import keys

    uid = storefile.read_config(data_dir).store_uid
    key = keys.load_optional_secret(keys.store_key_name(uid))
    assert key is not None
    return key


def test_one_store_in_two_folders_is_one_group_with_the_newest_copy_marked(
    tmp_path: Path,
) -> None:
    """A copy of the store in a second folder: grouped by store id, each with its drive kind
    and change time, the most recently changed one known; another store stays apart."""
    import os

    main = tmp_path / "D" / "libtrainer"
    _finished(main, branch="Būdviečio padalinys", device="Skaitykla PC-1")
    copy = tmp_path / "E" / "libtrainer"
    shutil.copytree(main, copy)
    other = tmp_path / "C" / "other"
    _finished(other, branch="Kitas padalinys", device="PC-2")
    for name in ("libtrainer.db", "libtrainer.db-wal"):
        if (copy / name).exists():
            os.utime(copy / name, (1_600_000_000, 1_600_000_000))  # yesterday's copy
    kinds = {str(main): "fixed", str(copy): "removable"}
    found = storefind.find_stores(
        [str(main), str(copy), str(other)], drive=lambda f: kinds.get(str(f), "")
    )
    groups = storefind.by_store(found)
    assert [len(g) for g in groups] == [2, 1]
    assert [c.folder for c in groups[0]] == [main, copy]
    assert [c.drive for c in groups[0]] == ["fixed", "removable"]
    assert storefind.newest(groups[0]) == groups[0][0]
    assert storefind.newest(groups[1]) is None


def test_usual_places_include_a_usb_stick_but_never_a_network_drive() -> None:
    """Windows drives: fixed and removable ones are searched (a USB stick's E:\\libtrainer),
    network drives, CDs and floppy letters are not."""
    kinds = {"A": 2, "C": 3, "D": 3, "E": 2, "F": 4, "G": 5}

    class Kernel:
        @staticmethod
        def GetLogicalDrives() -> int:  # noqa: N802 - the Windows name
            return sum(1 << (ord(letter) - ord("A")) for letter in kinds)

        @staticmethod
        def GetDriveTypeW(root: str) -> int:  # noqa: N802 - the Windows name
            return kinds[root[0]]

    drives = storefind.local_drives(kernel=Kernel(), platform="win32")
    assert drives == ["C:", "D:", "E:"]
    assert storefind.local_drives(kernel=Kernel(), platform="linux") == []
    default = r"C:\Users\skaitykla\AppData\Local\libtrainer"
    places = storefind.usual_places(default, platform="win32", drives=lambda: drives)
    assert r"E:\libtrainer" in places
    assert str(PureWindowsPath(r"E:\Users\skaitykla\AppData\Local\libtrainer")) in places
    assert not any(p.upper().startswith(("F:", "G:", "A:")) for p in places)


def test_the_appearance_is_kept_in_store_json_without_touching_the_rest(tmp_path: Path) -> None:
    """Language, contrast and text size are kept once (again only when they change); the
    rest of store.json stays; unknown or odd values are left out."""
    data_dir = tmp_path / "d"
    _finished(data_dir, branch="Būdviečio padalinys")
    before = json.loads((data_dir / "store.json").read_text(encoding="utf-8"))
    look = {"language": "lt", "high_contrast": True, "font_points": 14}
    assert storefile.keep_appearance(data_dir, look)
    assert not storefile.keep_appearance(data_dir, dict(look))
    after = json.loads((data_dir / "store.json").read_text(encoding="utf-8"))
    assert after.pop("appearance") == look
    assert after == before
    assert store_appearance.read(data_dir) == look
    odd = {"language": "de", "high_contrast": "yes", "font_points": 400, "name": "Rasa"}
    assert store_appearance.clean(odd) is None
    assert store_appearance.clean({"font_points": True, "language": "lv"}) == {"language": "lv"}
    storefile.open_store(data_dir).close()


def test_records_found_in_several_places_share_only_what_they_agree_on() -> None:
    """Two stores' appearance: only the settings that are the same in both are put back."""
    a = {"language": "lt", "high_contrast": True, "font_points": 14}
    b = {"language": "lt", "high_contrast": False}
    assert store_appearance.common([a, None, b]) == {"language": "lt"}
    assert store_appearance.common([None]) is None
    assert store_appearance.common([a]) == a
