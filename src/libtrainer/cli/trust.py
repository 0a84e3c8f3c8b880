"""Commands for keys and trust: enroll, trust list|approve|revoke|resume|rotate, keys."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from libtrainer.cli.args import whole_number
from libtrainer.cli.context import Context
from libtrainer.cli.sync import central_option, open_target
from libtrainer.domain.errors import N_, KeyStoreError
from libtrainer.i18n import _, ngettext
from libtrainer.store.models import Ingested
from libtrainer.store.store import Store
from libtrainer.sync import (
    devices,
    enroll,
    identity,
    lineage,
    publish,
    renew,
    suspension,
    trustops,
)
from libtrainer.sync.errors import ShareError, TrustError
from libtrainer.sync.session import device_label
from libtrainer.sync.share import Share, full_path
from libtrainer.sync.summary import (
    coordinator_not_enrolled_line,
    home_lines,
    key_replaced_line,
    replaces_key_warning,
    revoked_line,
)
from libtrainer.sync.trust import load_trust, refresh_trust


def register(sub: Any) -> None:
    p = sub.add_parser("enroll", help=_("ask the region's coordinator to accept this computer"))
    p.add_argument("share", metavar=_("SHARE"), help=_("the shared folder of the region"))
    fresh = p.add_mutually_exclusive_group()
    fresh.add_argument(
        "--new-key",
        action="store_true",
        help=_("make new keys first (when this computer's keys were lost)"),
    )
    fresh.add_argument(  # docs/decisions/0318
        "--new-device",
        action="store_true",
        help=_(
            "give this computer a new identity and send everything again (after a restore "
            "from a backup or a copied disk)"
        ),
    )
    p.set_defaults(handler=cmd_enroll)

    t = sub.add_parser("trust", help=_("enrolled devices and their keys (coordinators)"))
    tsub = t.add_subparsers(dest="trust_command", metavar=_("ACTION"), required=True)
    p = tsub.add_parser("list", help=_("show enrolled and waiting devices with their codes"))
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    _share_option(p)
    p.set_defaults(handler=cmd_list)
    p = tsub.add_parser("approve", help=_("enrol the device that shows this code"))
    p.add_argument("code", metavar=_("CODE"), help=_("the code the device shows, e.g. 7F3A-19C2"))
    p.add_argument(
        "--coordinator",
        action="store_true",
        help=_(
            "approve a request to join as a coordinator (such a computer reads every "
            "branch's records)"
        ),
    )
    _share_option(p)
    p.set_defaults(handler=cmd_approve)
    p = tsub.add_parser("revoke", help=_("stop accepting a device's bundles after a number"))
    p.add_argument(
        "device",
        metavar=_("DEVICE"),
        help=_(
            "the device's code or name as “trust list” shows them, or the start or end of its id"
        ),
    )
    p.add_argument(  # docs/decisions/0335
        "--after-seq",
        type=whole_number,
        metavar="N",
        help=_(
            "bundles up to number N stay valid (default: its last bundle merged here, or "
            "further along when its later signed bundles already wait on the shared folder)"
        ),
    )
    p.add_argument(
        "--below-merged",
        action="store_true",
        help=_(
            "allow N below the last bundle merged here: those bundles' changes stay merged on "
            "this computer (remove by hand what should not count)"
        ),
    )
    _share_option(p)
    p.set_defaults(handler=cmd_revoke)
    p = tsub.add_parser(
        "resume", help=_("merge a suspended device's bundles again (after a fork was resolved)")
    )
    p.add_argument(
        "device",
        metavar=_("DEVICE"),
        help=_(
            "the device's code or name as “trust list” shows them, or the start or end of its id"
        ),
    )
    _share_option(p)
    central_option(p)
    p.set_defaults(handler=cmd_resume)
    p = tsub.add_parser("rotate", help=_("replace this coordinator's keys"))
    _share_option(p)
    p.set_defaults(handler=cmd_rotate)

    k = sub.add_parser(
        "keys", help=_("back up or restore this computer's keys; the store's recovery code")
    )
    ksub = k.add_subparsers(dest="keys_command", metavar=_("ACTION"), required=True)
    for name, helptext, handler in (
        (
            "backup",
            _("write the keys (and the records' key) to FILE, protected by a passphrase"),
            cmd_backup,
        ),
        (
            "restore",
            _(
                "put the keys from FILE into this computer's keyring (on a new computer: "
                "copy the data folder first)"
            ),
            cmd_restore,
        ),
    ):
        p = ksub.add_parser(
            name,
            help=helptext,
            description=backup_about(),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.add_argument("file", metavar=_("FILE"), help=_("the key backup file"))
        p.add_argument(
            "--backup-passphrase-file",
            metavar=_("FILE"),
            help=_("read the backup passphrase from FILE instead of asking"),
        )
        p.set_defaults(handler=handler)
    p = ksub.add_parser(
        "recover",
        help=_("put the store key back into this computer's keyring with the recovery code"),
    )
    p.add_argument(
        "--code-file",
        metavar=_("FILE"),
        help=_("read the recovery code from FILE instead of asking"),
    )
    p.set_defaults(handler=cmd_recover)
    p = ksub.add_parser(
        "recovery-code",
        help=_("make a new recovery code for this store (the old one stops working)"),
    )
    p.set_defaults(handler=cmd_recovery_code)
    p = ksub.add_parser(
        "use-passphrase",
        help=_(
            "open this store with a passphrase from now on instead of the key in this "
            "computer's keyring (a PC put back at each restart); --passphrase-file or a prompt"
        ),
    )
    p.set_defaults(handler=cmd_use_passphrase)
    p = ksub.add_parser(
        "reset-passphrase",
        help=_(
            "the store's passphrase was forgotten: set a new one with the recovery code (a "
            "store that kept its key in the keyring before); the new passphrase from "
            "--passphrase-file or a prompt"
        ),
    )
    p.add_argument(
        "--code-file",
        metavar=_("FILE"),
        help=_("read the recovery code from FILE instead of asking"),
    )
    p.set_defaults(handler=cmd_reset_passphrase)


def _share_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--share", metavar=_("SHARE"), help=_("the shared folder (default: the one used to enrol)")
    )


def _share(args: argparse.Namespace, store: Store, *, required: bool = True) -> Share | None:
    """--share (a whole path from the folder the command runs in), else the one remembered at
    enrolment; one remembered without its drive is refused by ``Share`` (decision 0331)."""
    if args.share:
        return Share.for_store(full_path(args.share), store)
    root = store.meta(enroll.META_SHARE)
    if not root:
        if not required:
            return None
        raise ShareError(N_("Name the shared folder with --share SHARE."))
    return Share.for_store(Path(root), store)


def cmd_enroll(args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.store()
    renewed: renew.Renewed | None = None
    if args.new_device:
        renewed, outcome = renew.renew_and_join(store, full_path(args.share))
        _print_renewed(renewed)
    else:
        outcome = enroll.join(store, full_path(args.share), new_key=args.new_key)
    print(_("Enrolment code of this computer: {code}").format(code=outcome.code))
    if outcome.state == "replaced":
        print(key_replaced_line(outcome.replaced_on))
        return 1
    if outcome.reseeded:
        print(*home_lines(publish.HOME_RESEEDED), sep="\n")
    if outcome.state == "revoked":
        print(revoked_line(outcome.revoked_after))
        return 1
    if outcome.coordinator_codes:
        print(_("Coordinator's code: {codes}").format(codes=", ".join(outcome.coordinator_codes)))
    if outcome.state == "enrolled":
        print(_("This computer is enrolled."))
        if outcome.synced is not None:
            print(
                _("First sync done: the region's catalogue has {n} programmes.").format(
                    n=outcome.programmes
                )
            )
    else:
        if outcome.again:
            print(
                _(
                    "This computer has already asked to be enrolled; the request is waiting "
                    "for the coordinator."
                )
            )
        print(
            _(
                "Read both codes to your coordinator by phone. The coordinator approves this "
                "computer with: libtrainer trust approve {code}"
            ).format(code=outcome.code)
        )
        if renewed is not None:
            _print_renewal_advice(renewed)
    return 0


def _print_renewed(renewed: renew.Renewed) -> None:
    print(
        _("This computer now has a new identity: {device} (it was {old}).").format(
            device=renewed.device, old=renewed.old_device
        )
    )
    print(
        ngettext(
            "{n} change recorded on this computer will be sent again under the new identity.",
            "{n} changes recorded on this computer will be sent again under the new identity.",
            renewed.resent,
        ).format(n=renewed.resent)
    )


def _print_renewal_advice(renewed: renew.Renewed) -> None:
    if renewed.old_enrolled:
        print(
            _(
                "For the old identity the coordinator runs: libtrainer trust resume {old} — "
                "what was merged from it stays, its other history is refused for good (this "
                "computer sends that work again). If no computer uses the old identity any "
                "more, the coordinator can then retire it: libtrainer trust revoke {old} "
                "--after-seq N (N: its last merged bundle)."
            ).format(old=renewed.old_device)
        )
    print(
        _(
            "After the approval run “libtrainer enroll SHARE” again (or synchronise): "
            "everything is sent under the new identity."
        )
    )


def cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.store()
    info = enroll.overview(store, _share(args, store, required=False))
    if args.json:
        json.dump(info, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    region = info["region_name"]  # "Kauno apskritis", not the folder key "kauno-apskritis"
    if info["version"] == 0:
        print(_("{region} has no trust list on this computer yet.").format(region=region))
        if store.meta("role") == "coordinator":
            print(coordinator_not_enrolled_line())
    else:
        print(_("Trust list version {version} of {region}").format(**info | {"region": region}))
    known = {dev["device"]: dev for dev in info["devices"]}
    for dev in info["devices"]:
        state = lineage.state_text(dev, known)  # suspended, replaced: as it is (0332)
        if dev.get("last_merged_seq"):  # what `trust revoke` keeps by default (0335)
            state = _("{state}; last merged: no. {n}").format(state=state, n=dev["last_merged_seq"])
        where = f"{dev['name']} — {dev['branch_name']}, {role_label(dev['role'])}"
        print(f"  {dev['code']}  {where}  ({state})")
    if info["pending"]:
        print(_("Waiting for approval:"))
        for req in info["pending"]:
            where = f"{req['name']} — {req['branch_name']}, {role_label(req['role'])}"
            print(f"  {req['code']}  {where}")
            if req["replaces_key"]:
                print(f"    {replaces_key_warning(req['name'])}")
            if req["earlier"]:
                print(f"    {lineage.takes_over_line(req['earlier'], known)}")
    return 0


def role_label(role: str) -> str:
    """ "Branch computer", "Lecturer's laptop", "Coordinator's computer" in the user's language."""
    from libtrainer.i18n.labels import DEVICE_ROLES  # noqa: PLC0415

    return _(DEVICE_ROLES[role]) if role in DEVICE_ROLES else role


def cmd_approve(args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.store()
    share = _share(args, store)
    assert share is not None
    admitted = enroll.admit(store, share, args.code, as_coordinator=args.coordinator)
    entry = admitted.entry
    print(
        _("Approved: {name} ({branch}), {role}, code {code}.").format(
            name=entry.name,
            branch=entry.branch_name,
            role=role_label(entry.role),
            code=entry.current.code,
        )
    )
    if admitted.replaced_key:
        print(replaces_key_warning(entry.name))
    if admitted.catalogue is not None:
        print(
            _(
                "The region's catalogue (programmes, branches, staff) was sent again, so that "
                "the computer just approved can read it too."
            )
        )
    return 0


def cmd_resume(args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.store()
    share = _share(args, store)
    assert share is not None
    with ExitStack() as stack:
        target = open_target(args, store, stack)
        with store.read() as conn:
            trust = load_trust(conn, share.region)
        try:
            device = devices.find_device(trust, args.device).device
        except TrustError as exc:
            if exc.reason != "unknown_device":
                raise
            device = args.device  # resume says itself what it does not know
        done = suspension.resume(
            store, share, device, target=target, label=lambda d: device_label(trust, d)
        )
    print(
        _(
            "The suspension of {device} is lifted. Held-back bundles merged at the next "
            "sync: {n}; bundles of the other history, refused for good: {rejected}."
        ).format(device=done.label, n=done.requeued, rejected=done.rejected)
    )
    print(_("Synchronise now: libtrainer sync SHARE"))
    return 0


def cmd_revoke(args: argparse.Namespace, ctx: Context) -> int:
    """Revoke the device named by code, name or id (decision 0335): by default after its last
    bundle merged here (or signed and already waiting on the shared folder, decision 0321);
    never below what is merged here unless --below-merged says so."""
    store = ctx.store()
    share = _share(args, store)
    assert share is not None
    entry = devices.find_device(refresh_trust(store, share), args.device)
    point = devices.revocation_point(store, str(share.root), entry.device)
    if entry.revoked_after is not None and args.after_seq in (None, entry.revoked_after):
        print(
            _(
                "{name} is already revoked: its bundles up to number {n} stay valid, later "
                "ones are refused."
            ).format(name=entry.name, n=entry.revoked_after)
        )
        if entry.revoked_after < point.merged:  # revoked below what was merged (before 0335)
            print(_merged_after(store, entry.device, entry.revoked_after, point.merged))
            print(
                _(
                    "To make what is merged valid again, revoke it after that bundle: "
                    "libtrainer trust revoke {code} --after-seq {merged}"
                ).format(code=entry.current.code, merged=point.merged)
            )
        return 0
    after = point.after if args.after_seq is None else args.after_seq
    if after < point.merged and not args.below_merged:
        raise TrustError(
            "below_merged",
            N_(
                "Not revoked: {name}'s bundles after number {n}, up to number {merged}, are "
                "already merged on this computer. Revoking after number {n} would not take "
                "their records out: they stay here and count in reports, "
                "while another coordinator, or this one rebuilding from the shared folder, "
                "refuses them. To keep valid what is merged, leave out --after-seq. To revoke "
                "after number {n} anyway, add --below-merged, then remove by hand the records "
                "of those bundles that should not count."
            ),
            name=entry.name,
            merged=point.merged,
            n=after,
        )
    trustops.revoke(store, share, entry.device, after)
    if args.after_seq is not None:
        print(
            _("Revoked: {name}. Its bundles up to number {n} stay valid.").format(
                name=entry.name, n=after
            )
        )
    elif point.not_merged:
        print(
            ngettext(
                "Revoked: {name}. Its bundles up to number {n} stay valid: number {merged} is "
                "the last one merged here, and {count} more it had already signed waits on the "
                "shared folder and is merged at the next sync. Anything later is refused.",
                "Revoked: {name}. Its bundles up to number {n} stay valid: number {merged} is "
                "the last one merged here, and {count} more it had already signed wait on the "
                "shared folder and are merged at the next sync. Anything later is refused.",
                point.not_merged,
            ).format(name=entry.name, n=after, merged=point.merged, count=point.not_merged)
        )
    elif after:
        print(
            _(
                "Revoked: {name}. Its bundles up to number {n} stay valid (the last one merged "
                "on this computer); anything later is refused. To end earlier, give --after-seq N."
            ).format(name=entry.name, n=after)
        )
    else:
        print(
            _(
                "Revoked: {name}. Nothing of it was merged here, and anything it sends is refused."
            ).format(name=entry.name)
        )
    if after < point.merged:
        print(_merged_after(store, entry.device, after, point.merged))
    return 0


def _merged_after(store: Store, device: str, after: int, merged: int) -> str:
    """The warning for ``device``'s bundles after ``after`` that stay merged here."""
    with store.read() as conn:
        kept = int(
            conn.execute(
                select(func.coalesce(func.sum(Ingested.changes), 0)).where(
                    Ingested.device == device,
                    Ingested.kind == "changes",
                    Ingested.seq > after,
                )
            ).scalar_one()
        )
    return _below_merged_warning(after + 1, merged, kept)


def _below_merged_warning(first: int, last: int, changes: int) -> str:
    """Bundles ``first``..``last`` stay merged after a revocation below them (0335)."""
    if first == last:
        text = ngettext(
            "Warning: its bundle {first} stays merged here ({count} change): its records "
            "still count in this computer's reports. Remove by hand what should not count.",
            "Warning: its bundle {first} stays merged here ({count} changes): its records "
            "still count in this computer's reports. Remove by hand what should not count.",
            changes,
        )
    else:
        text = ngettext(
            "Warning: its bundles {first} to {last} stay merged here ({count} change): their "
            "records still count in this computer's reports. Remove by hand what should not "
            "count.",
            "Warning: its bundles {first} to {last} stay merged here ({count} changes): their "
            "records still count in this computer's reports. Remove by hand what should not "
            "count.",
            changes,
        )
    return text.format(first=first, last=last, count=changes)


def cmd_rotate(args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.store()
    share = _share(args, store)
    assert share is not None
    fresh = trustops.rotate(store, share)
    print(
        _("New keys are in use; new code: {code}. Make a new key backup now.").format(
            code=fresh.code
        )
    )
    return 0


def _backup_passphrase(args: argparse.Namespace, *, confirm: bool) -> str:
    if args.backup_passphrase_file:
        try:
            text = Path(args.backup_passphrase_file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise KeyStoreError(
                N_("The passphrase file {path} cannot be read."), path=args.backup_passphrase_file
            ) from exc
        return text.rstrip("\r\n")
    if sys.stdin is None or not sys.stdin.isatty():
        raise KeyStoreError(N_("Give the backup passphrase with --backup-passphrase-file FILE."))
    first = getpass.getpass(_("Backup passphrase: "))
    if confirm and getpass.getpass(_("Repeat the passphrase: ")) != first:
        raise KeyStoreError(N_("The two passphrases differ."))
    return first


def _file_had_bom(path: str | None) -> bool:
    if not path:
        return False
    try:
        with Path(path).open("rb") as file:
            return file.read(3) == b"\xef\xbb\xbf"
    except OSError:
        return False


def _typed_code(args: argparse.Namespace) -> str:
    """The recovery code from ``--code-file`` (without a BOM) or typed at a prompt."""
    if args.code_file:
        try:
            return Path(args.code_file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise KeyStoreError(N_("The file {path} cannot be read."), path=args.code_file) from exc
    if sys.stdin is None or not sys.stdin.isatty():
        raise KeyStoreError(N_("Give the recovery code with --code-file FILE."))
    return input(_("Recovery code: "))


def cmd_recover(args: argparse.Namespace, ctx: Context) -> int:
    from libtrainer.services import recovery  # noqa: PLC0415 - this command only

    recovery.recover(ctx.data_dir, _typed_code(args))
    print(_("The store key is back in this computer's keyring. The store opens as before."))
    return 0


def cmd_recovery_code(args: argparse.Namespace, ctx: Context) -> int:
    from libtrainer.cli.core import print_recovery_code  # noqa: PLC0415
    from libtrainer.services import recovery  # noqa: PLC0415

    ctx.store()  # the store must open with the key in the keyring now
    print_recovery_code(recovery.make_code(ctx.data_dir))
    print(_("A recovery code made before no longer works."))
    return 0


def cmd_use_passphrase(args: argparse.Namespace, ctx: Context) -> int:
    from libtrainer.services import keysource  # noqa: PLC0415 - this command only

    phrase = ctx.passphrase(confirm=True)
    if phrase is None:
        raise KeyStoreError(N_("Give the new passphrase with --passphrase-file FILE."))
    keysource.use_passphrase(ctx.data_dir, phrase)
    print(
        _(
            "From now on the store opens only with this passphrase: the app asks for it at "
            "each start. Keep it where the staff can find it: without it the records cannot "
            "be opened."
        )
    )
    return 0


def cmd_reset_passphrase(args: argparse.Namespace, ctx: Context) -> int:
    from libtrainer.services import keysource  # noqa: PLC0415 - this command only

    typed = _typed_code(args)
    phrase = ctx.passphrase(confirm=True)
    if phrase is None:
        raise KeyStoreError(N_("Give the new passphrase with --passphrase-file FILE."))
    keysource.reset_passphrase(ctx.data_dir, typed, phrase)
    print(
        _(
            "From now on the store opens with the new passphrase; the old one no longer does. "
            "The recovery code keeps working. Keep the passphrase where the staff can find "
            "it: without it the records cannot be opened."
        )
    )
    return 0


def backup_about() -> str:
    """What a key backup holds and what a new computer needs (``keys backup|restore --help``,
    decision 0336)."""
    import textwrap  # noqa: PLC0415 - help only

    paragraphs = (
        _(
            "A key backup holds this computer's sync keys (its signing key and every "
            "decryption key) and, when the system keyring keeps the key of its records, that "
            "key too — all sealed with the backup passphrase. The records themselves stay in "
            "the data folder."
        ),
        _(
            "Moving to a new computer: copy the whole data folder there, then run “libtrainer "
            "keys restore FILE” on it; records locked with a passphrase of their own also need "
            "that passphrase. Then stop using the old computer. If both stay in use, each needs "
            "an identity of its own: a branch or lecturer's computer takes one with “libtrainer "
            "enroll SHARE --new-device”; a second coordinator's computer is set up in a new "
            "data folder (init --role coordinator), gets this backup restored there (it then "
            "reads the region's earlier work), asks to join with “enroll SHARE” and is approved "
            "with “trust approve CODE --coordinator”."
        ),
        _(
            "Whoever has the file, its passphrase and a copy of the data folder can read the "
            "records (a coordinator's file reads everything sent to it anyway): keep the file "
            "locked away, apart from its passphrase."
        ),
    )
    return "\n\n".join(textwrap.fill(text, 78) for text in paragraphs)


def cmd_backup(args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.store()
    with_key = identity.backup_keys(store, Path(args.file), _backup_passphrase(args, confirm=True))
    if with_key:
        print(
            _(
                "This computer's sync keys and the key of its records were written to {path}. "
                "On a new computer, copy the data folder there and run: libtrainer keys restore "
                "FILE. Keep the file and its passphrase apart: with both and a copy of the data "
                "folder anyone can read the records."
            ).format(path=args.file)
        )
    else:
        print(
            _(
                "This computer's sync keys were written to {path}; the records open with their "
                "passphrase, which the file does not hold. Keep the file and its passphrase "
                "apart."
            ).format(path=args.file)
        )
    return 0


def _read_backup(args: argparse.Namespace, phrase: str) -> identity.KeyBackup:
    try:
        return identity.read_backup(Path(args.file), phrase)
    except KeyStoreError:
        if not _file_had_bom(args.backup_passphrase_file):
            raise
        # a backup made before the BOM was dropped: its passphrase has the BOM in it
        return identity.read_backup(Path(args.file), "\ufeff" + phrase)


def cmd_restore(args: argparse.Namespace, ctx: Context) -> int:
    """The backup is read before the store is opened: on a new computer the keyring lacks the
    records' key too, which a backup made since decision 0336 carries."""
    from libtrainer.services import keybackup  # noqa: PLC0415 - this command only

    backup = _read_backup(args, _backup_passphrase(args, confirm=False))
    records = keybackup.put_store_key(ctx.data_dir, backup)
    store = ctx.store()
    what = identity.restore_backup(store, backup)
    if records == "restored":
        print(_("The key of the records is in this computer's keyring now: they open here."))
    if what == "all":
        print(_("The keys of this computer were restored."))
        print(*same_identity_advice(store), sep="\n")
    else:
        print(
            _(
                "The decryption keys of the backup were added; this computer keeps its own "
                "signing key."
            )
        )
    return 0


def same_identity_advice(store: Store) -> list[str]:
    """After a backup's keys made this computer the one the backup was made on: one identity
    must not work on two computers (decision 0336)."""
    lines = [
        _(
            "This computer now works as {name} ({code}), the computer the backup was made on. "
            "If it is a new computer replacing that one, stop using the old one now: two "
            "computers under one identity take each other's work for an older copy of their "
            "own at every sync."
        ).format(name=store.meta("device_name") or "?", code=identity.enrolment_code(store) or "?")
    ]
    if store.meta("role") == "coordinator":
        lines.append(
            _(
                "If both stay in use, this one needs an identity of its own as a second "
                "coordinator: set it up in a new data folder (libtrainer --data-dir FOLDER init "
                "--role coordinator …), restore this backup there too (it then reads the "
                "region's earlier work), ask to join (libtrainer --data-dir FOLDER enroll SHARE) "
                "and approve it on the other computer: libtrainer trust approve CODE "
                "--coordinator."
            )
        )
    else:
        lines.append(
            _(
                "If both stay in use, give this one its own identity: libtrainer enroll SHARE "
                "--new-device, then read its new code to the coordinator."
            )
        )
    return lines
