"""What a sync did, in sentences for people (the CLI and the window) and as plain data for
scripts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from libtrainer.domain.rules import shown
from libtrainer.i18n import _, ngettext
from libtrainer.store.apply import Outcome
from libtrainer.sync.chain import Gap
from libtrainer.sync.held_view import held_lines
from libtrainer.sync.ownchain import Verdict
from libtrainer.sync.paused import Pause
from libtrainer.sync.quarantine_view import Overview, local_time
from libtrainer.sync.session import SyncSummary

Labeller = Callable[[str], str]


def describe(
    summary: SyncSummary, label: Labeller = lambda device: device[:8], *, window: bool = False
) -> list[str]:
    """The summary, one sentence a line, in the current language. ``window``: shown in the
    app's window, so a line points to a screen instead of a command."""
    lines: list[str] = home_lines(summary.home) + summary.trust_notes
    if summary.paused is not None:  # a coordinator's notice says why and what to do (0333)
        lines.extend(paused_lines(summary.paused, window=window))
    elif summary.revoked_after is not None or summary.publish_note == "revoked":
        lines.append(revoked_line(summary.revoked_after, window=window))
    elif summary.publish_note == "key_replaced":
        lines.append(key_replaced_line(summary.replaced_on, window=window))
    elif summary.publish_note == "not_enrolled" and summary.coordinator:
        lines.append(coordinator_not_enrolled_line())
    elif summary.publish_note == "not_enrolled":
        lines.append(
            _(
                "This computer is not enrolled yet: its changes stay here until the "
                "coordinator approves it (libtrainer enroll SHARE)."
            )
        )
    elif summary.own is not None and summary.own.stops:
        lines.extend(own_lines(summary, window))
    else:
        lines.extend(own_lines(summary, window))
        lines.extend(_send_lines(summary))
    lines.extend(clock_lines(summary, window))
    if summary.pruned:
        n = summary.pruned
        lines.append(
            ngettext(  # acks of earlier syncs: never read as a share of what was sent just now
                "The coordinator confirmed receiving {n} change sent at an earlier sync, so the "
                "copy kept for sending it was removed. The records stay on this computer.",
                "The coordinator confirmed receiving {n} changes sent at earlier syncs, so the "
                "copies kept for sending them were removed. The records stay on this computer.",
                n,
            ).format(n=n)
        )
    if summary.ack_damaged:
        n = len(summary.ack_damaged)
        lines.append(
            ngettext(
                "Waiting for the coordinator to confirm {n} bundle again: its confirmation on "
                "the shared folder is damaged, so the bundle was written there once more.",
                "Waiting for the coordinator to confirm {n} bundles again: their confirmations "
                "on the shared folder are damaged, so the bundles were written there once more.",
                n,
            ).format(n=n)
        )
    report = summary.ingest
    if report is not None:
        lines.extend(_ingest_lines(summary, label, window))
    if summary.erased_on_request:
        lines.append(erased_line(summary.erased_on_request))
    if summary.acked:
        n = summary.acked
        lines.append(
            ngettext(
                "Confirmed {n} bundle to the computer that sent it.",
                "Confirmed {n} bundles to the computers that sent them.",
                n,
            ).format(n=n)
        )
    if summary.notices_written:  # a coordinator told devices it stopped or resumed (0333)
        n = summary.notices_written
        lines.append(
            ngettext(
                "Left {n} notice on the shared folder for a computer whose sending was paused, "
                "resumed or stopped, saying why and what to do.",
                "Left {n} notices on the shared folder for computers whose sending was paused, "
                "resumed or stopped, saying why and what to do.",
                n,
            ).format(n=n)
        )
    lines.extend(dict.fromkeys(summary.problems))  # the same problem met in several steps: once
    return lines


def erased_line(n: int) -> str:
    """People erased on this computer because a coordinator erased them (decision 0325)."""
    return ngettext(
        "{n} person was erased from the records on this computer at the coordinator's request.",
        "{n} people were erased from the records on this computer at the coordinator's request.",
        n,
    ).format(n=n)


def key_replaced_line(day: str | None, *, window: bool = False) -> str:
    """What a computer is told whose key the coordinator replaced by another computer's (a copy
    of its data folder that enrolled with ``--new-key``; decision 0322). ``window``: the way
    out is the Sync screen's button, not the command."""
    if window:
        return _(
            "This computer's key was replaced by the coordinator on {date} — another computer "
            "may be using a copy of this data folder. Nothing is sent from here; your changes "
            "stay on this computer. To give this computer its own identity, press “{button}” "
            "on this screen (an administrator or coordinator can) and read the new code to "
            "the coordinator."
        ).format(date=day or "?", button=_renew_button())
    return _(
        "This computer's key was replaced by the coordinator on {date} — another computer may "
        "be using a copy of this data folder. Nothing is sent from here; your changes stay on "
        "this computer. To give this computer its own identity, run “libtrainer enroll SHARE "
        "--new-device” and read the new code to the coordinator."
    ).format(date=day or "?")


def _renew_button() -> str:
    """The Sync screen's button that gives a restored or copied computer a new identity."""
    return _("This computer was restored or copied: take a new identity")


def replaces_key_warning(name: str) -> str:
    """Approving a request of a device enrolled with another key (``trust approve``, ``trust
    list``): the key of a working computer is replaced (decision 0322)."""
    return _(
        "Warning: {name} is already enrolled with another key. Approving this request replaces "
        "the key of a computer that may still be working: it can then no longer send. Two "
        "computers may be using one identity (a copied data folder); a copy should take its "
        "own identity with “libtrainer enroll SHARE --new-device” instead."
    ).format(name=shown(name, 120))


def home_lines(home: str | None) -> list[str]:
    """What the shared folder's lost trust list meant (``publish.check_home``, decision 0322)."""
    if home == "reseeded":
        return [
            _(
                "The shared folder had lost the region's trust list; this computer wrote it "
                "there again. Branch computers can synchronise as before."
            )
        ]
    if home == "trust_missing":
        return [
            _(
                "The region's trust list is missing from the shared folder (it was deleted or "
                "not copied). This computer still sends its changes; the coordinator must "
                "synchronise once with this folder to put the list back."
            )
        ]
    return []


def _days(ms: int) -> float:
    days = ms / 86_400_000
    return round(days) if days >= 10 else round(days, 1)


def clock_lines(summary: SyncSummary, window: bool = False) -> list[str]:
    """What this computer is told about its clock that ran ahead: at every send until a
    coordinator's ack shows it merges what is dated that far ahead, then once that it does,
    then nothing (``sync/clockahead.py``)."""
    if not summary.clock_ahead_ms or summary.clock_approved == "known":
        return []
    return [
        clock_ahead_line(
            summary.clock_ahead_ms,
            summary.coordinator,
            approved=summary.clock_approved == "new",
            window=window,
        )
    ]


def clock_ahead_line(
    ahead_ms: int, coordinator: bool, *, approved: bool = False, window: bool = False
) -> str:
    """This computer's clock ran ahead once: what it sends stays dated ahead, how the others
    treat it, and what the person can do: tell the coordinator until it approved, and keep the
    computer's date and time right (decision 0002). ``window``: the coordinator's advice names
    the Sync screen's re-stamp button instead of the command."""
    if approved:
        text = _(
            "This computer's clock ran ahead once: what it sends stays dated up to {days} days "
            "ahead until that date. The coordinator has approved this and your changes are "
            "merged: there is no need to call. Keep this computer's date and time right "
            "(correct them in the computer's settings if they are wrong): changes made while "
            "they are wrong wait for the coordinator's approval again."
        )
    elif coordinator and window:
        text = _(
            "This computer's clock ran ahead: what it sends is dated up to {days} days ahead, "
            "and stays so until that date (a clock never runs back). Branches take its "
            "catalogue with their own time; another coordinator merges its changes after "
            "approving them once on its Sync screen (“{button}”). Make sure this computer's "
            "date and time are right, and correct them in the computer's settings if not."
        )
    elif coordinator:
        text = _(
            "This computer's clock ran ahead: what it sends is dated up to {days} days ahead, "
            "and stays so until that date (a clock never runs back). Branches take its "
            "catalogue with their own time; another coordinator merges its bundles after "
            "approving one of them (libtrainer sync SHARE --restamp). Check this computer's "
            "date and time."
        )
    else:
        text = _(
            "This computer's clock ran ahead: what it sends is dated up to {days} days ahead, "
            "and stays so until that date (a clock never runs back). The coordinator must "
            "approve that once before your changes are merged: tell the coordinator. Make "
            "sure this computer's date and time are right, and correct them in the computer's "
            "settings if not."
        )
    button = _("&Re-stamp and merge").replace("&", "") if window else ""
    return text.format(days=_days(ahead_ms), button=button)


def unsent_line(n: int) -> str:
    """After a write to the shared folder failed: how many changes stay on this computer."""
    return ngettext(
        "{n} change could not be sent this time; it is kept on this computer.",
        "{n} changes could not be sent this time; they are kept on this computer.",
        n,
    ).format(n=n)


def coordinator_not_enrolled_line() -> str:
    """What a coordinator's computer that is not in the region's trust list does (a
    coordinator is not approved by someone else unless the region already has one)."""
    return _(
        "This coordinator's computer is not enrolled yet, so its changes stay here. If it is "
        "the region's first coordinator, run “libtrainer enroll SHARE” on it: that starts the "
        "region's trust list. If the region already has a coordinator, run the same command "
        "and read the code it shows to that coordinator, who approves it with “libtrainer "
        "trust approve CODE --coordinator”."
    )


def revoked_line(after: int | None, *, window: bool = False) -> str:
    """What a computer whose key the trust list revokes is told (sync, status, the window;
    ``window``: without the bundle number, which means nothing to the person there)."""
    if window:
        return _(
            "The coordinator has stopped accepting changes from this computer. What you "
            "record now stays on this computer; call the coordinator."
        )
    return _(
        "The coordinator has stopped accepting this computer's changes after bundle {n}. What "
        "you record now stays on this computer; call the coordinator."
    ).format(n=after if after is not None else "?")


def paused_lines(pause: Pause, *, window: bool = False) -> list[str]:
    """What a computer whose sending a coordinator paused is told, and the way back: a new
    identity, enrolled again, under which everything kept here is sent (decisions 0333, 0318).
    ``window``: the Sync screen's button instead of the command."""
    if pause.reason == "revoked" and window:  # the bundle number means nothing there
        why = _(
            "The coordinator has stopped accepting this computer's changes: it was taken off "
            "the region's list of computers. Your changes are safe on this computer."
        )
    elif pause.reason == "revoked":
        why = _(
            "The coordinator has stopped accepting this computer's changes after bundle {n}: "
            "it was taken off the region's list of computers. Your changes are safe on this "
            "computer."
        ).format(n=pause.after_seq)
    elif pause.own_bundle:
        why = _(
            "The coordinator has paused this computer's sending because its records were "
            "restored from an older copy (a backup, a disk image or restore-on-restart "
            "software). Nothing was sent. Your changes are safe on this computer."
        )
    else:
        why = _(
            "The coordinator has paused this computer's sending because another computer sent "
            "changes under this computer's identity (a copy of its records, or one restored "
            "from an older copy). Nothing was sent. Your changes are safe on this computer."
        )
    if window:
        way = _(
            "Ask the coordinator to enrol this computer again: press “{button}” on this "
            "screen and read the new code to the coordinator. Once it is approved, everything "
            "kept here is sent."
        ).format(button=_renew_button())
    else:
        way = _(
            "Ask the coordinator to enrol this computer again: run “libtrainer enroll SHARE "
            "--new-device” and read the new code to the coordinator. Once it is approved, "
            "everything kept here is sent."
        )
    return [why, way]


def two_coordinators_line(window: bool = False) -> str:
    """A coordinator's own work found elsewhere may be another computer using its identity (a
    copied data folder, its key backup restored there): what to do (decision 0336)."""
    if window:
        return _(
            "If another computer also works as this one (a copy of its data folder, or its key "
            "backup restored there), the two take each other's work for an older copy at every "
            "sync: stop using one of them, or set one up as a second coordinator with an "
            "identity of its own."
        )
    return _(
        "If another computer also works as this one (a copy of its data folder, or its key "
        "backup restored there), the two take each other's work for an older copy at every "
        "sync: stop using one of them, or set one up as a second coordinator with an identity "
        "of its own (“libtrainer keys restore --help” says how)."
    )


def own_lines(summary: SyncSummary, window: bool = False) -> list[str]:
    """What this computer is told when its own bundles elsewhere are not those of its chain
    (its store was restored from an older copy; decision 0323), and the way out."""
    own, lines = summary.own, []
    if own is not None and own.note == "restored":
        lines.append(
            _(
                "This computer's records were restored from an older copy (a backup, a disk "
                "image or restore-on-restart software): the shared folder holds its bundle "
                "{seq} with contents this computer does not have. Nothing was sent, so that its "
                "history does not split: the coordinator would set aside what this computer "
                "sends under its present identity. Your changes stay here."
            ).format(seq=own.seq)
        )
        if window:
            lines.append(
                _(
                    "Give this computer a new identity with the button “This computer was "
                    "restored or copied: take a new identity” on this screen, then read the "
                    "new code to the coordinator. Everything recorded here is sent again."
                )
            )
        else:
            lines.append(
                _(
                    "Give this computer a new identity: libtrainer enroll SHARE --new-device, "
                    "then read the new code to the coordinator. Everything recorded here is "
                    "sent again."
                )
            )
    elif own is not None and own.note == "own_unmerged":
        lines.append(
            _(
                "This computer's records are older than its own bundle {seq} on the shared "
                "folder (its store was restored from an older copy), and that bundle could not "
                "be merged here yet. Nothing new was sent, so that its history does not split; "
                "your changes stay here."
            ).format(seq=own.seq)
        )
        lines.append(
            _("See why in the list of bundles set aside on this screen.")
            if window
            else _("See why: libtrainer quarantine list")
        )
    elif own is not None and own.note == "continued":
        lines.append(
            _(
                "This computer's records were restored from an older copy: its own bundles up "
                "to number {upto} on the shared folder are merged here, and its new bundles "
                "continue after them."
            ).format(upto=own.upto)
        )
        if own.replaced:
            lines.append(
                _(
                    "Its bundles from number {seq} on, made here before, had other contents "
                    "than those on the shared folder: they stay set aside and their changes "
                    "are sent again."
                ).format(seq=own.seq)
            )
        lines.append(two_coordinators_line(window))
    if summary.own_suspended and window:
        lines.append(
            _(
                "This computer has set aside its own changes since its history split (its "
                "store was restored from an older copy). They now continue after what was "
                "merged; lift the suspension so they are merged: select one of this computer's "
                "held-back entries in the list on this screen and press “{button}”."
            ).format(button=_("Resume &device").replace("&", ""))
        )
    elif summary.own_suspended:
        lines.append(
            _(
                "This computer has set aside its own bundles since its history split (its "
                "store was restored from an older copy). Its changes now continue after its "
                "merged bundles; lift the suspension so they are merged: libtrainer trust "
                "resume {device}"
            ).format(device=summary.own_device)
        )
    return lines


def _send_lines(summary: SyncSummary) -> list[str]:
    """What was sent: new changes, changes of earlier bundles that were not on the shared
    folder (written now), and what a failed write left on this computer."""
    lines = []
    if summary.published_changes:
        n = summary.published_changes
        lines.append(ngettext("Sent {n} change.", "Sent {n} changes.", n).format(n=n))
    if summary.resent_changes:
        n = summary.resent_changes
        lines.append(
            ngettext(
                "Sent {n} change from an earlier sync that was not on the shared folder.",
                "Sent {n} changes from earlier syncs that were not on the shared folder.",
                n,
            ).format(n=n)
        )
    if summary.catalogue_again:
        lines.append(
            _("The region's catalogue was missing from the shared folder and was written again.")
        )
    if summary.send_failed:
        if summary.unsent:
            lines.append(unsent_line(summary.unsent))
    elif not lines:
        lines.append(_("Nothing new to send."))
    return lines


def _ingest_lines(summary: SyncSummary, label: Labeller, window: bool) -> list[str]:
    report = summary.ingest
    assert report is not None
    lines = []
    n = len(report.merged)
    if n:
        lines.append(
            ngettext(
                "Merged {n} bundle; changes applied: {changes}.",
                "Merged {n} bundles; changes applied: {changes}.",
                n,
            ).format(n=n, changes=report.changes_applied)
        )
    else:
        lines.append(_("Nothing new to merge."))
    for device, _seq, merged in report.merged:
        if merged.ahead_ms:
            lines.append(
                _(
                    "The catalogue from {device} is dated {days} days ahead of this computer's "
                    "clock: that computer's date is, or was, wrong. It was merged with this "
                    "computer's time, so nothing is held up. If this computer's own date is "
                    "wrong, correct it."
                ).format(device=label(device), days=_days(merged.ahead_ms))
            )
    if report.quarantined:
        n = len(report.quarantined)
        lines.append(
            ngettext(
                "{n} bundle was set aside and not merged:",
                "{n} bundles were set aside and not merged:",
                n,
            ).format(n=n)
        )
        lines.extend(f"  – {shown(q.message, 1000)}" for q in report.quarantined)
    if report.arriving:
        n = len(report.arriving)
        lines.append(
            ngettext(
                "{n} file is still arriving; it will be tried next time.",
                "{n} files are still arriving; they will be tried next time.",
                n,
            ).format(n=n)
        )
    if summary.before_coordinator:
        n = summary.before_coordinator
        lines.append(
            ngettext(
                "{n} bundle was made before this computer became a coordinator: only the "
                "coordinators of that time can read it, and its changes are in their stores, "
                "not here. To read it here, restore a key backup of one of them on this "
                "computer (libtrainer keys restore FILE).",
                "{n} bundles were made before this computer became a coordinator: only the "
                "coordinators of that time can read them, and their changes are in their "
                "stores, not here. To read them here, restore a key backup of one of them on "
                "this computer (libtrainer keys restore FILE).",
                n,
            ).format(n=n)
        )
    if summary.code_clashes:
        lines.append(code_clash_line(summary.code_clashes, window))
    lines.extend(gap_line(gap, label) for gap in report.gaps)
    if report.held:  # waiting for a record not arrived yet, or referring to a deleted one
        lines.extend(held_lines(report.held, report.held_reasons, label))
    if report.pending:
        n = report.pending
        lines.append(
            ngettext(
                "{n} change waits for the record it edits to arrive.",
                "{n} changes wait for the records they edit to arrive.",
                n,
            ).format(n=n)
        )
    lines.extend(str(shown(line, 1000)) for line in report.unreadable)
    return lines


def code_clash_line(n: int, window: bool) -> str:
    """``n`` new participant codes given to two people, and where to decide them: the
    Duplicates screen's tab in the window (``window``), else the command."""
    if window:
        return ngettext(
            "{n} participant code was given to two different people (another name or birth "
            "year): see Duplicates, tab “One code, different people?”.",
            "{n} participant codes were given to two different people (another name or birth "
            "year): see Duplicates, tab “One code, different people?”.",
            n,
        ).format(n=n)
    return ngettext(
        "{n} participant code was given to two different people (another name or "
        "birth year): see Duplicates (libtrainer duplicates codes).",
        "{n} participant codes were given to two different people (another name or "
        "birth year): see Duplicates (libtrainer duplicates codes).",
        n,
    ).format(n=n)


def gap_line(gap: Gap, label: Labeller) -> str:
    """A gap in a device's bundles, with what happens next and what a person can do."""
    if gap.first == gap.last:
        text = _(
            "From {device}, bundle {first} has not arrived yet; what came after it was merged. "
            "That computer writes it to the shared folder again at its next sync; if it does "
            "not arrive, ask whoever uses it to synchronise with this shared folder."
        )
    else:
        text = _(
            "From {device}, bundles {first}–{last} have not arrived yet; what came after them "
            "was merged. That computer writes them to the shared folder again at its next "
            "sync; if they do not arrive, ask whoever uses it to synchronise with this shared "
            "folder."
        )
    return text.format(device=label(gap.device), first=gap.first, last=gap.last)


def as_json(summary: SyncSummary) -> dict[str, Any]:
    """Plain data for ``sync --json`` (no personal data: ids, counts and reasons only)."""
    report = summary.ingest
    data: dict[str, Any] = {
        "reachable": True,
        "published": {
            "changes": summary.published_changes,
            "bundles": summary.published_bundles,
            "note": summary.publish_note,
            "resent_changes": summary.resent_changes,
            "catalogue_again": summary.catalogue_again,
            "failed": summary.send_failed,
            "unsent": summary.unsent,
        },
        "pruned": summary.pruned,
        "ack_damaged": list(summary.ack_damaged),
        "acked": summary.acked,
        "code_clashes": summary.code_clashes,
        "erased_on_request": summary.erased_on_request,
        "before_coordinator": summary.before_coordinator,
        "revoked_after": summary.revoked_after,
        "own_chain": _own_json(summary),
        # a coordinator's notice paused this computer's sending (decision 0333)
        "paused": summary.paused.as_json() if summary.paused is not None else None,
        "notices_written": summary.notices_written,
        "clock_ahead_days": _days(summary.clock_ahead_ms) if summary.clock_ahead_ms else None,
        # a coordinator merges what this computer sends dated that far ahead (it approved once)
        "clock_ahead_approved": summary.clock_approved is not None,
        "problems": list(dict.fromkeys(summary.problems)),
        "trust_notes": list(summary.trust_notes),
        "home": summary.home,
        "key_replaced_on": summary.replaced_on,
        "failed": summary.failed,
    }
    if report is not None:
        data["ingested"] = {
            "bundles": len(report.merged),
            "changes_applied": report.changes_applied,
            "changes_stale": sum(m.counts[Outcome.STALE] for _d, _s, m in report.merged),
            "already_merged": report.duplicates,
            "by_device": _by_device(report.merged),
        }
        data["quarantined"] = [
            {"file": q.file_name, "reason": q.reason, "message": q.message}
            for q in report.quarantined
        ]
        data["arriving"] = report.arriving
        data["gaps"] = [
            {"device": g.device, "kind": g.kind, "first": g.first, "last": g.last}
            for g in report.gaps
        ]
        data["held"] = report.held
        data["held_on_deleted"] = [
            {"table": g.tbl, "refers_to": g.wait_tbl, "deleted_by": g.deleted_by, "rows": g.rows}
            for g in report.held_reasons
            if g.deleted_by is not None
        ]
        data["pending"] = report.pending
        data["unreadable"] = report.unreadable
    return data


def _by_device(merged: list[Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for device, _seq, result in merged:
        counts[device] = counts.get(device, 0) + result.counts[Outcome.APPLIED]
    return counts


def describe_quarantine(view: Overview) -> list[str]:
    """The whole quarantine and the suspended devices, in sentences, in the current language."""
    if not view.items and not view.suspended:
        return [_("Nothing is quarantined: every bundle that arrived was merged.")]
    lines: list[str] = []
    for dev in view.suspended:
        lines.append(
            _(
                "Device {device} is suspended since {since}: its history split at bundle "
                "{seq}; bundles held back: {n}. After deciding, lift it with: "
                "libtrainer trust resume {device_id}"
            ).format(
                device=dev.label,
                since=local_time(dev.since),
                seq=dev.seq,
                n=dev.held,
                device_id=dev.device,
            )
        )
    if view.items:
        n = len(view.items)
        waiting = sum(1 for i in view.items if i.needs_person)
        lines.append(
            ngettext(
                "{n} bundle is quarantined; waiting for a person: {waiting}",
                "{n} bundles are quarantined; waiting for a person: {waiting}",
                n,
            ).format(n=n, waiting=waiting)
        )
    for item in view.items:
        e = item.entry
        state = _("needs a person") if item.needs_person else _("retried at every sync")
        if not item.retried and not item.needs_person:
            state = _("refused for good")
        lines.append(
            _("– {file} [{ref}] from {device}, bundle {seq}; first seen {first}; {state}").format(
                file=shown(e.file_name),
                ref=e.ref,
                device=item.device_label,
                seq=e.seq if e.seq is not None else "?",
                first=local_time(e.first_wall),
                state=state,
            )
        )
        lines.append(f"    {item.message}")
        lines.append(f"    {item.advice}")
    return lines


def _own_json(summary: SyncSummary) -> dict[str, Any] | None:
    """This computer's own bundles elsewhere against its chain (decision 0323), or None."""
    return own_chain_json(summary.own, summary.own_suspended)


def own_chain_json(own: Verdict | None, suspended: bool = False) -> dict[str, Any] | None:
    """``own_chain`` of ``sync --json`` and ``status --json``: an own chain check's verdict
    and whether a coordinator suspended its own id, or None when there is nothing to say."""
    if own is None and not suspended:
        return None
    return {
        "state": own.note if own is not None else None,  # restored | own_unmerged | continued
        "seq": own.seq if own is not None else None,
        "merged_upto": own.upto if own is not None and own.note == "continued" else None,
        "suspended": suspended,
        "way_out": "enroll SHARE --new-device"
        if own is not None and own.note == "restored"
        else ("trust resume" if suspended else None),
    }
