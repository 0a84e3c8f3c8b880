"""What ``status`` shows: device, store, changes waiting, records of each kind."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from libtrainer import __version__
from libtrainer.i18n import _
from libtrainer.services import codeclash, storefile
from libtrainer.store import migrate, outbox
from libtrainer.store.models import Base, synced_tables
from libtrainer.store.store import Store, read_meta
from libtrainer.sync import ownchain, paused
from libtrainer.sync.identity import enrolment_code
from libtrainer.sync.summary import own_chain_json
from libtrainer.sync.trust import load_trust


def status(store: Store, data_dir: Path) -> dict[str, Any]:
    """Plain data for ``status --json`` (no personal data)."""
    with store.read() as conn:
        meta = {
            k: read_meta(conn, k)
            for k in ("device_id", "device_name", "role", "region_id", "library_id", "branch_id")
        }
        counts = {
            name: int(
                conn.execute(
                    select(func.count()).select_from(Base.metadata.tables[name])
                ).scalar_one()
            )
            for name in synced_tables()
        }
        revision = migrate.current_revision(conn)
        unsent = outbox.not_on_share(conn)
        not_written = outbox.not_written(conn)
        unconfirmed = outbox.sent_unconfirmed(conn)
        clashes = codeclash.open_count(conn) if meta["role"] == "coordinator" else 0
        entry = load_trust(conn).key_for(meta["device_id"] or "")
        stopped = ownchain.recalled(read_meta(conn, ownchain.META_STOPPED))
        pause = paused.recalled(read_meta(conn, paused.META_PAUSED))
    config = storefile.read_config(data_dir)
    return {
        "version": __version__,
        "device_id": meta["device_id"],
        "device_name": meta["device_name"],
        "role": meta["role"],
        "region_id": meta["region_id"],
        "library_id": meta["library_id"],
        "branch_id": meta["branch_id"],
        "data_dir": str(data_dir),
        "store_path": str(store.path),
        "key_source": config.key_source,
        "demo": config.key_source == "demo",
        "recovery_code": config.recovery is not None,
        "schema_revision": revision,
        # not on the shared folder yet: in no bundle, or in one the last send could not write
        # (as on the Sync screen)
        "pending_changes": unsent,
        "not_written_changes": not_written,  # of those: in bundles the last send could not write
        "unconfirmed_changes": unconfirmed,  # on the shared folder, not yet confirmed
        "enrolment_code": enrolment_code(store),
        "enrolled": entry is not None,  # in the trust list this computer last read
        "revoked_after": entry.revoked_after if entry is not None else None,
        # the last sync found this computer restored from an older copy (decision 0323)
        "own_chain": own_chain_json(stopped),
        # a coordinator's notice paused this computer's sending (decision 0333)
        "paused": pause.as_json() if pause is not None else None,
        "code_clashes": clashes,  # one participant code given to two people (coordinators)
        "records": counts,
    }


def describe(info: dict[str, Any]) -> list[str]:
    """Lines for people."""
    lines = [
        _("Device: {name} ({device})").format(name=info["device_name"], device=info["device_id"]),
        _("Role: {role}").format(role=_role(info["role"])),
        _("Store: {path}").format(path=info["store_path"]),
        _("Changes waiting to be sent: {n}").format(n=info["pending_changes"]),
    ]
    if info.get("enrolment_code"):
        lines.append(
            _("Enrolment code of this computer: {code}").format(code=info["enrolment_code"])
        )
    pause = paused.recalled(json.dumps(info["paused"])) if info.get("paused") else None
    if pause is not None:  # as ``sync`` says it (decision 0333)
        from libtrainer.sync.summary import paused_lines  # noqa: PLC0415

        lines.extend(paused_lines(pause))
    elif info.get("revoked_after") is not None:
        from libtrainer.sync.summary import revoked_line  # noqa: PLC0415

        lines.append(revoked_line(info["revoked_after"]))
    own = info.get("own_chain")
    if own and own.get("state"):  # as ``sync`` says it (decision 0323)
        from libtrainer.sync.session import SyncSummary  # noqa: PLC0415
        from libtrainer.sync.summary import own_lines  # noqa: PLC0415

        verdict = ownchain.Verdict(own["state"], int(own["seq"] or 0))
        lines.extend(own_lines(SyncSummary(own=verdict)))
    if info.get("unconfirmed_changes"):
        lines.append(
            _("Sent, not yet confirmed by the coordinator: {n}").format(
                n=info["unconfirmed_changes"]
            )
        )
    if info.get("code_clashes"):
        lines.append(
            _(
                "Participant codes given to two different people, to check: {n} "
                "(libtrainer duplicates codes)"
            ).format(n=info["code_clashes"])
        )
    if info["demo"]:
        lines.append(_("This is a demonstration store: do not enter real people."))
    if info["key_source"] == "keyring" and not info["recovery_code"]:
        lines.append(
            _(
                "This store has no recovery code yet. Make one with “libtrainer keys "
                "recovery-code” (or in Settings) and keep it with the library's papers."
            )
        )
    records = info["records"]
    lines.append(_("Participants: {n}").format(n=records["participant"]))
    lines.append(_("Groups: {n}").format(n=records["training_group"]))
    lines.append(_("Sessions: {n}").format(n=records["training_session"]))
    lines.append(_("Attendance marks: {n}").format(n=records["attendance"]))
    lines.append(_("Consultations: {n}").format(n=records["consultation"]))
    return lines


def _role(role: str | None) -> str:
    """This computer's role in the person's language ("Lecturer's laptop", …)."""
    from libtrainer.i18n.labels import DEVICE_ROLES  # noqa: PLC0415

    return _(DEVICE_ROLES[role]) if role in DEVICE_ROLES else str(role or "—")
