"""What the Sync screen asks of the sync package, in one place (runs on the share thread,
decisions/0514; ``status`` on the reader thread).

``sync_now`` = publish this device's changes, then take in what arrived for it (catalogue,
trust list, acknowledgements; a coordinator: every branch's bundles) — ``sync.session``.
The sync package (cryptography, zstandard) is imported by each function when first used, not
when the window starts.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from libtrainer.domain.errors import N_, LibtrainerError
from libtrainer.i18n import _
from libtrainer.store import outbox
from libtrainer.store.models import Outbox, Published
from libtrainer.store.store import Store, read_meta

log = logging.getLogger("libtrainer.gui")


@dataclass(frozen=True)
class QuarantineRow:
    """One quarantined bundle as the Sync screen lists it (texts already translated)."""

    bundle_hash: str
    file: str
    device: str | None
    device_label: str
    seq: int | None
    first_seen: str
    state: str  # "needs a person" / "retried at every sync" / "refused for good"
    reason: str
    message: str
    advice: str
    action: str | None  # "restamp", "resume", … (quarantine_view.ADVICE)
    restamp_approved: bool
    needs_person: bool

    def cells(self) -> tuple[str, str, str, str]:
        """The computer it came from, when it arrived, its state, what happened and what to
        do (the message names the file, for a coordinator who needs it)."""
        text = f"{self.message}\n{self.advice}"
        return (self.device_label, self.first_seen, self.state, text)


@dataclass
class SyncStatus:
    share: str | None
    reachable: bool
    #: not on the shared folder yet: in no bundle, or in one the last send could not write
    waiting: int
    last_sent: str | None
    enrolment_code: str | None
    quarantined: list[tuple[str, str, str]] = field(default_factory=list)  # file, when, reason
    rows: list[QuarantineRow] = field(default_factory=list)  # the whole quarantine
    suspended: dict[str, str] = field(default_factory=dict)  # device id -> label
    coordinator: bool = False  # this computer merges the region (may re-stamp, resume)
    joining: bool = False  # asked to join; the first sync runs once it is approved
    enrolled: bool = False  # in the trust list this computer last read (revoked ones too)
    revoked_after: int | None = None  # revoked: its bundles after this one are refused
    unconfirmed: int = 0  # on the shared folder, not yet confirmed by a coordinator
    #: a coordinator's notice paused this computer's sending: why and the way back (0333)
    paused: list[str] = field(default_factory=list)
    #: remembered without its drive (an older ``enroll usb``): never used (decision 0331)
    share_incomplete: bool = False


LAST_SYNC = "gui_last_sync"
JOINING = "sync_join_pending"  # sync.enroll.META_JOINING, read without loading the sync package
PAUSED = "sync_paused"  # sync.paused.META_PAUSED, the same


def waiting(conn: Any) -> int:
    """Changes captured here and not on the shared folder yet: in no bundle, or in a bundle the
    last send could not write (a full or write-protected stick, one pulled out while sending).
    The count ``status`` shows too (``store.outbox.not_on_share``), without loading the sync
    package (crypto)."""
    return outbox.not_on_share(conn)


def waiting_quick(conn: Any) -> int:
    """The same number without reading the outbox: its rows are numbered without gaps above the
    last published one (only published, acknowledged rows are ever removed), so the newest
    number minus the last published is the count of changes in no bundle. Index look-ups
    instead of decrypting the whole outbox (hundreds of MB on a coordinator) — used where it
    is shown at start-up, and to decide whether closing the window sends first."""
    last = conn.execute(
        select(func.max(Published.last_outbox)).where(Published.kind == "changes")
    ).scalar()
    newest = conn.execute(select(func.max(Outbox.seq))).scalar()
    return max(0, int(newest or 0) - int(last or 0)) + outbox.not_written(conn)


def status(store: Store, share_path: str | None) -> SyncStatus:
    """What the Sync screen shows (reads only; safe on the reader thread)."""
    from libtrainer.sync import trust as trust_mod  # noqa: PLC0415 - not at start

    with store.read() as conn:
        unsent = waiting(conn)
        unconfirmed = outbox.sent_unconfirmed(conn)
        last = last_sent(read_meta(conn, LAST_SYNC), _newest_written(conn))
        quarantined = _quarantined(conn)
        rows, suspended = _whole_quarantine(conn)
        coordinator = read_meta(conn, "role") == "coordinator"
        joining = bool(read_meta(conn, JOINING))
        entry = trust_mod.load_trust(conn).key_for(store.device_id)
        paused = read_meta(conn, PAUSED)
    from libtrainer.sync import identity  # noqa: PLC0415 - not at start

    code = identity.enrolment_code(store)
    incomplete = bool(share_path) and not Path(share_path or "").is_absolute()
    reachable = (
        bool(share_path)
        and not incomplete
        and reachable_within(
            _probe_folder(
                store, Path(share_path or ""), enrolled=entry is not None, coordinator=coordinator
            )
        )
    )
    return SyncStatus(
        share_path,
        reachable,
        unsent,
        last,
        code,
        quarantined,
        rows,
        suspended,
        coordinator,
        joining,
        entry is not None,
        entry.revoked_after if entry is not None else None,
        unconfirmed,
        _paused_lines(paused),
        incomplete,
    )


def _paused_lines(value: str | None) -> list[str]:
    """What the Sync screen says while a coordinator's notice pauses this computer's sending."""
    if not value:
        return []
    from libtrainer.sync import paused  # noqa: PLC0415 - not at start
    from libtrainer.sync.summary import paused_lines  # noqa: PLC0415

    pause = paused.recalled(value)
    return paused_lines(pause, window=True) if pause is not None else []


def _probe_folder(store: Store, root: Path, *, enrolled: bool, coordinator: bool) -> Path:
    """The folder whose listing says whether the shared folder is reachable. For an enrolled
    branch or lecturer computer that is its region's folder inside it: a USB stick pulled out
    leaves its mount point behind as an empty local folder, which lists fine but is not the
    shared folder (a sync there is refused, decision 0323). A coordinator may find a blank
    folder and make it the region's again (0320), and a computer not enrolled yet writes its
    request into a new one: for them the folder itself."""
    if not enrolled or coordinator:
        return root
    from libtrainer.sync.share import Share  # noqa: PLC0415 - not at start

    return Share.for_store(root, store).base


def _newest_written(conn: Any) -> str | None:
    """When the newest bundle made here that reached the shared folder was made: the newest
    bundles of changes that carry what the last send could not write are passed over."""
    left = outbox.not_written(conn)
    rows = conn.execute(
        select(Published.kind, Published.changes, Published.created_wall).order_by(
            Published.created_wall.desc()
        )
    )
    for kind, changes, made in rows:
        if left > 0 and kind == "changes":
            left -= int(changes)
            continue
        return str(made) if made else None
    return None


def _moment(text: str | None) -> dt.datetime | None:
    """A time kept as text, as an aware time: ISO with its offset (bundles: UTC), or the
    older "YYYY-MM-DD HH:MM" of this computer's local time."""
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.astimezone() if moment.tzinfo is None else moment


def last_sent(synced: str | None, published: str | None) -> str | None:
    """The later of the window's last sync and the newest bundle this computer made (``sync``
    from the command line, the scheduled send), in local time, formatted for the language."""
    moments = [m for m in (_moment(synced), _moment(published)) if m is not None]
    if not moments:
        return None
    from libtrainer.i18n.format import format_date  # noqa: PLC0415 - not at start

    local = max(moments).astimezone()
    return f"{format_date(local.date())} {local:%H:%M}"


def _now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _reachable(root: Path) -> bool:
    """Whether the folder can be listed; never for a path without its drive (it would be
    looked for from wherever the app started, decision 0331)."""
    if not Path(root).is_absolute():
        return False
    try:
        os.listdir(root)
    except OSError:
        return False
    return True


#: How long a screen waits to learn whether the shared folder answers.
PROBE_SECONDS = 3.0
_probing: dict[str, threading.Event] = {}
_probing_lock = threading.Lock()


def reachable_within(root: Path, seconds: float = PROBE_SECONDS) -> bool:
    """Whether the folder can be listed, waiting at most ``seconds``. A network drive whose
    server stopped answering can block a listing in the operating system for a minute or
    more; the thread asking (the reader thread: searches and screens) must not wait that long.
    The look runs in a daemon thread (the process does not wait for it at exit); while one for
    the same folder is still hanging, the answer is "not reachable" without starting another."""
    key = str(root)
    with _probing_lock:
        running = _probing.get(key)
        if running is None:
            running = _probing[key] = threading.Event()
            answer: list[bool] = []

            def look() -> None:
                try:
                    answer.append(_reachable(root))
                finally:
                    with _probing_lock:
                        _probing.pop(key, None)
                    running.set()

            threading.Thread(target=look, name="libtrainer-share-probe", daemon=True).start()
        else:
            return False
    return running.wait(seconds) and bool(answer) and answer[0]


def _quarantined(conn: Any) -> list[tuple[str, str, str]]:
    from libtrainer.sync import quarantine  # noqa: PLC0415 - not at start

    return [(e.file_name, e.last_wall, e.message()) for e in quarantine.entries(conn)]


def _whole_quarantine(conn: Any) -> tuple[list[QuarantineRow], dict[str, str]]:
    """Every quarantined bundle and suspended device, as ``libtrainer quarantine list``."""
    from libtrainer.sync import quarantine_view as view_mod  # noqa: PLC0415 - not at start
    from libtrainer.sync import session  # noqa: PLC0415
    from libtrainer.sync import trust as trust_mod  # noqa: PLC0415

    trust = trust_mod.load_trust(conn)
    view = view_mod.overview(conn, lambda device: session.device_label(trust, device))
    rows = [
        QuarantineRow(
            i.entry.bundle_hash,
            i.entry.file_name,
            i.entry.device,
            i.device_label,
            i.entry.seq,
            view_mod.local_time(i.entry.first_wall),
            _state(i),
            i.entry.reason,
            _message(i),
            _advice(i),
            i.action,
            i.entry.restamp,
            i.needs_person,
        )
        for i in view.items
    ]
    return rows, {s.device: s.label for s in view.suspended}


#: What to do about a bundle set aside, in the window: the screen's buttons instead of the
#: commands ``libtrainer quarantine list`` names (``quarantine_view.ADVICE``).
WINDOW_ADVICE = {
    "future_clock": N_(
        "Check that computer's clock. A coordinator merges it anyway: select it here and press "
        "“{restamp}”."
    ),
    "fork": N_(
        "Find out which computer is the real one. A restored or copied computer takes a new "
        "identity (on it, the Sync screen's button “{renew}”; then approve its new code on the "
        "Devices screen). Then select this entry here and press “{resume}”."
    ),
    "suspended": N_(
        "Held back while that computer is suspended; merged once you select it here and press "
        "“{resume}”."
    ),
    "unknown_key": N_(
        "Approve that computer on the Devices screen; what it sent is merged at the next sync."
    ),
}


#: What happened, in the window, where the list's words name a command (the advice names
#: the button instead).
WINDOW_MESSAGES = {
    "future_clock": N_(
        "The bundle {name} from {device} is dated {days} days ahead of this computer's clock."
    ),
}


def _message(item: Any) -> str:
    """``item``'s message, without the command the list names where the window has a button."""
    msgid = WINDOW_MESSAGES.get(item.entry.reason)
    if msgid is None:
        return str(item.message)
    values = {"name": "", "device": "", "days": "", **item.entry.params}
    try:
        return _(msgid).format(**values)
    except (KeyError, IndexError, ValueError):
        return str(item.message)


def _advice(item: Any) -> str:
    """``item``'s advice, naming this screen's buttons where the list names a command."""
    if item.action is None or item.entry.reason not in WINDOW_ADVICE:
        return str(item.advice)  # settled, approved already, or nothing a button does
    if item.entry.reason == "future_clock" and item.entry.restamp:
        return str(item.advice)
    return _(WINDOW_ADVICE[item.entry.reason]).format(**buttons())


def buttons() -> dict[str, str]:
    """The names of the Sync screen's buttons that advice points to, as the person reads them."""
    return {
        "restamp": _("&Re-stamp and merge").replace("&", ""),
        "resume": _("Resume &device").replace("&", ""),
        "renew": _("This computer was restored or copied: take a new identity"),
    }


def _state(item: Any) -> str:
    if item.needs_person:
        return _("needs a person")
    return _("retried at every sync") if item.retried else _("refused for good")


def restamp(store: Store, share_path: str | None, ref: str, job: Any) -> SyncResult:
    """Approve the re-stamp of a bundle refused for its future date, then sync (coordinators)."""
    from libtrainer.sync import quarantine, target  # noqa: PLC0415 - not at start

    if store.meta("role") != "coordinator":
        raise LibtrainerError(N_("Only a coordinator can re-stamp a bundle."))
    with target.StoreTarget(store).transaction() as conn:
        quarantine.approve_restamp(conn, ref)
    return sync_now(store, share_path, job)


def resume(store: Store, share_path: str | None, device: str, job: Any) -> tuple[Any, SyncResult]:
    """Lift a device's fork suspension, then sync so its held-back bundles merge now."""
    share = _share(store, share_path)
    from libtrainer.sync import session, suspension  # noqa: PLC0415 - not at start
    from libtrainer.sync import trust as trust_mod  # noqa: PLC0415

    with store.read() as conn:
        trust = trust_mod.load_trust(conn, share.region)
    done = suspension.resume(store, share, device, label=lambda d: session.device_label(trust, d))
    return done, sync_now(store, share_path, job)


def finish_join(store: Store, share_path: str | None) -> Any:
    """The first sync of a device that asked to join, once approved (``enroll.finish_join``);
    None while there is nothing to do yet."""
    if not share_path:
        return None
    from libtrainer.sync import enroll  # noqa: PLC0415 - not at start

    joined = enroll.finish_join(store, Path(share_path))
    if joined is not None and joined.synced is not None:
        store.set_meta(LAST_SYNC, _now_iso())
    return joined


def auto_sync(store: Store, share_path: str | None, job: Any) -> SyncResult | None:
    """What the app does on its own while someone is signed in: when the shared folder is
    reachable, finish a pending join once the coordinator has approved it, else send and
    receive. None when there was nothing to do (no folder, not reachable, not approved yet)."""
    if not share_path or not _reachable(Path(share_path)):
        return None
    with store.read() as conn:
        joining = bool(read_meta(conn, JOINING))
    if joining:
        joined = finish_join(store, share_path)
        if joined is None or joined.synced is None:
            return None
        summary = joined.synced
        applied = summary.ingest.changes_applied if summary.ingest is not None else 0
        return SyncResult(
            summary.published_bundles, summary.published_changes, int(applied), "joined"
        )
    return sync_now(store, share_path, job)


def _share(store: Store, share_path: str | None) -> Any:
    if not share_path:
        raise LibtrainerError(N_("No shared folder is set. An administrator sets it in Settings."))
    from libtrainer.sync.share import Share  # noqa: PLC0415 - not at start

    share = Share.for_store(Path(share_path), store)
    share.require(store.pending_changes())
    return share


@dataclass
class SyncResult:
    sent_bundles: int
    sent_changes: int
    received: int
    note: str | None
    lines: list[str] = field(default_factory=list)  # the sync package's summary, translated
    #: Lines of it a person should act on, shown with the Sync screen's result (new participant
    #: codes given to two people, pointing to the Duplicates screen's tab).
    notices: list[str] = field(default_factory=list)
    revoked_after: int | None = None  # this computer is revoked: its later bundles are refused
    #: What went wrong, as the command line says it (a full or write-protected shared folder, a
    #: folder that could not be listed, the store full): shown as a warning, never a success.
    problems: list[str] = field(default_factory=list)
    send_failed: bool = False  # a write to the shared folder failed: changes stay here
    unsent: int = 0  # after such a failure: changes still not on the shared folder


def sync_now(store: Store, share_path: str | None, job: Any) -> SyncResult:
    """Send, then take in what arrived. Raises ``ShareUnreachable`` (changes are kept)."""
    if not share_path:
        _share(store, share_path)  # "No shared folder is set…"
    from libtrainer.sync import session  # noqa: PLC0415 - not at start
    from libtrainer.sync.summary import (  # noqa: PLC0415
        clock_lines,
        code_clash_line,
        describe,
        home_lines,
        own_lines,
        paused_lines,
        unsent_line,
    )

    job.report(0, 0, "")
    summary = session.synchronise(store, Path(share_path or ""))
    applied = summary.ingest.changes_applied if summary.ingest is not None else 0
    result = SyncResult(
        summary.published_bundles,
        summary.published_changes,
        int(applied),
        summary.publish_note,
        [str(line) for line in describe(summary, window=True)],
        [
            # the coordinator paused this computer's sending: why, and the way back (0333)
            *(paused_lines(summary.paused, window=True) if summary.paused is not None else []),
            # restored from an older copy: what happened and the way out (decision 0323)
            *own_lines(summary, window=True),
            *home_lines(summary.home),  # the trust list written back or missing (0322)
            *summary.trust_notes,  # a split trust list settled (0322)
            *([code_clash_line(summary.code_clashes, window=True)] if summary.code_clashes else []),
            # this computer's clock ran ahead (0002): the coordinator's button, not a command
            *clock_lines(summary, window=True),
        ],
        summary.revoked_after,
        [
            *([unsent_line(summary.unsent)] if summary.send_failed and summary.unsent else []),
            *dict.fromkeys(summary.problems),  # the same problem met in several steps: once
        ],
        summary.send_failed,
        summary.unsent,
    )
    if not summary.send_failed:  # "Last sent" is not a sync that could not write
        store.set_meta(LAST_SYNC, _now_iso())
    return result


def send_before_close(store: Store, share_path: str | None) -> int | None:
    """Publish what is waiting (no intake: that can wait until next time) before the window
    closes. None when there is nowhere to send it (no folder, not reachable, not enrolled,
    revoked); otherwise how many changes were sent (0: nothing was waiting). Raises
    ``ShareError`` for disk full or permission denied; nothing is lost either way."""
    with store.read() as conn:
        if waiting_quick(conn) == 0:
            return 0
    if not share_path or not _reachable(Path(share_path)):
        return None
    from libtrainer.sync import publish  # noqa: PLC0415 - not at start

    sent = publish.publish(store, _share(store, share_path))
    stopped = ("not_enrolled", "revoked", "key_replaced", "paused")
    return None if sent.note in stopped else int(sent.changes)


def request_enrolment(store: Store, share_path: str | None) -> tuple[str, str, int | None]:
    """Ask the coordinator to enrol this device: (code to read out, state, revoked after).
    The state is "enrolled", "pending", "asked" (a request of this key is already waiting)
    or "revoked"."""
    from libtrainer.sync import enroll  # noqa: PLC0415 - not at start

    outcome = enroll.request_enrolment(store, _share(store, share_path))
    state = "asked" if outcome.again else outcome.state
    return outcome.code, state, outcome.revoked_after


def renew(store: Store, share_path: str | None) -> tuple[Any, Any]:
    """A new identity for a restored or copied computer, then its enrolment request
    (``sync.renew.renew_and_join``): refused on a coordinator; nothing changes when the shared
    folder is not set or not reachable."""
    if not share_path:
        _share(store, share_path)  # "No shared folder is set…"
    from libtrainer.sync import renew as renew_mod  # noqa: PLC0415 - not at start

    return renew_mod.renew_and_join(store, Path(share_path or ""))


def ask_to_join(store: Store, share_path: str) -> Any:
    """First run, "join a region": send the enrolment request at once (the code is then on the
    Sync screen), and sync straight away if this computer is already approved. Best effort: an
    unreachable share only means the request is sent later from the Sync screen."""
    from libtrainer.sync import enroll  # noqa: PLC0415 - not at start

    try:
        return enroll.join(store, Path(share_path))
    except LibtrainerError as exc:
        log.info("join request not sent now: %s", exc.msgid)
        return None
