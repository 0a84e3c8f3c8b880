"""Notices: a coordinator's signed word to one device about its sending (decision 0333).

A coordinator that stops merging a device's bundles — a fork suspended it (``sync/chain.py``),
or a coordinator revoked it (``trust revoke``) — tells the device so with a notice, and lifts
a fork's notice with another one when it resumes the device (``sync/suspension.py``). Notices
lie next to the acks that coordinator wrote for the device,
``acks/<coordinator>/<device>/notice-<state>-<ref16>.notice``, are small signed documents
(:mod:`libtrainer.sync.signed`) under their own signature domain (not an ack's, not a
bundle's), and hold no personal data: ids, a bundle number and hash, a time.

The body of a notice is fixed by what it is about (no time of writing), so the same notice
written again has the same bytes: writing it on a second shared folder, or again after a
crash, is the same file (write-once, :meth:`libtrainer.sync.share.Share.write_once`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from libtrainer.domain.errors import N_
from libtrainer.sync.errors import TrustError
from libtrainer.sync.identity import DeviceKeys
from libtrainer.sync.signed import DocError, make_doc, read_doc
from libtrainer.sync.trust import TrustList

DOMAIN = b"libtrainer-notice-v1"
FORMAT = 1
SUFFIX = ".notice"
LIMIT = 64 * 1024  # a notice is a few hundred bytes; anything larger is not one

#: What a notice says: the device's bundles are set aside after a fork ("suspended"), that
#: suspension is lifted ("resumed"), or the device's key is revoked ("revoked").
STATES = ("suspended", "resumed", "revoked")
#: Why: its history split ("fork"), or a coordinator revoked it ("revoked").
REASONS = ("fork", "revoked")


@dataclass(frozen=True)
class Notice:
    """One verified notice. ``ref`` names what it is about: the hash of the bundle that split
    the device's history ("suspended", "resumed"), or ``revoked-<after_seq>``."""

    coordinator: str
    device: str
    state: str
    reason: str
    after_seq: int  # the device's last bundle merged (fork) or still valid (revoked)
    ref: str
    since: str  # when the suspension began or was lifted (UTC, ISO); "" for a revocation

    @property
    def stops(self) -> bool:
        """The device is asked to stop sending (what to do: be enrolled again)."""
        return self.state != "resumed"


def revoked_ref(after_seq: int) -> str:
    return f"revoked-{after_seq}"


def notice_name(state: str, ref: str) -> str:
    """The file name of a notice (the hash keeps it short and of fixed shape)."""
    digest = hashlib.sha256(ref.encode()).hexdigest()[:16]
    return f"notice-{state}-{digest}{SUFFIX}"


def notice_path(coordinator: str, device: str, state: str, ref: str) -> str:
    return f"acks/{coordinator}/{device}/{notice_name(state, ref)}"


def make_notice(own: DeviceKeys, region: str, notice: Notice) -> bytes:
    """The signed bytes of ``notice`` (its coordinator must be ``own``'s device)."""
    if notice.state not in STATES or notice.reason not in REASONS:
        raise ValueError(f"not a notice: {notice.state}/{notice.reason}")
    body = {
        "format": FORMAT,
        "kind": "notice",
        "region": region,
        "coordinator": own.device,
        "device": notice.device,
        "state": notice.state,
        "reason": notice.reason,
        "after_seq": notice.after_seq,
        "ref": notice.ref,
        "since": notice.since,
        "action": "enrol_again" if notice.stops else "none",
    }
    return make_doc(body, [(own.key_id, own.signing)], DOMAIN)


def read_notice(data: bytes, trust: TrustList, region: str) -> Notice:
    """A verified notice: signed under the notice domain by a key of a coordinator device of
    ``trust`` that is not revoked, for ``region``. :class:`TrustError` otherwise."""
    bad = TrustError("malformed", N_("A notice on the shared folder is not valid."))
    if len(data) > LIMIT:
        raise bad
    try:
        doc = read_doc(data)
        body = doc.body
        notice = Notice(
            str(body["coordinator"]),
            str(body["device"]),
            str(body["state"]),
            str(body["reason"]),
            int(body["after_seq"]),
            str(body["ref"]),
            str(body.get("since", "")),
        )
    except (DocError, KeyError, TypeError, ValueError):
        raise bad from None
    entry = trust.key_for(notice.coordinator)
    if (
        body.get("format") != FORMAT
        or body.get("kind") != "notice"
        or body.get("region") != region
        or notice.state not in STATES
        or notice.reason not in REASONS
        or entry is None
        or entry.role != "coordinator"
        or entry.revoked_after is not None
    ):
        raise bad
    if not any(doc.signed_by(k.key_id, k.sign, DOMAIN) for k in entry.keys):
        raise bad
    return notice
