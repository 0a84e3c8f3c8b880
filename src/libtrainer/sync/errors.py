"""Errors of sync: bundles refused with a reason, share trouble, trust and enrolment problems.

Every error carries an ``N_()`` message id and named parameters, so a person reads what
happened and what to do. :class:`BundleError` also carries a machine ``reason`` (one of
:data:`REASONS`), which ingest uses to decide between "retry later" and "quarantine".
"""

from __future__ import annotations

from typing import Any

from libtrainer.domain.errors import N_, LibtrainerError

REASONS = (
    "malformed",
    "too_large",
    "truncated",
    "incomplete",
    "unknown_key",
    "revoked_key",
    "bad_signature",
    "hash_mismatch",
    "newer_schema",
    "wrong_region",
    "undecryptable",
    "fork",
    "gap",
    "future_clock",
    "replay",
)

#: What a person reads for each reason (the bundle's file or device goes in ``{name}``).
REASON_MESSAGES: dict[str, str] = {
    "malformed": N_("The bundle {name} is damaged or is not a libtrainer bundle."),
    "too_large": N_("The bundle {name} is larger than libtrainer accepts."),
    "truncated": N_(
        "The bundle {name} is incomplete: it may still be arriving. It will be tried again."
    ),
    "incomplete": N_(
        "The bundle {name} from {device} is incomplete and has not changed for {hours} hours: "
        "it was damaged while it was copied. Nothing of it was merged."
    ),
    "unknown_key": N_(
        "The bundle {name} is signed by a key that is not enrolled. "
        "Ask the coordinator to approve the device."
    ),
    "revoked_key": N_("The bundle {name} is signed by a device whose key was revoked."),
    "bad_signature": N_("The bundle {name} has a signature that does not match: it was altered."),
    "hash_mismatch": N_("The contents of the bundle {name} were altered or damaged."),
    "newer_schema": N_(
        "The bundle {name} was made by a newer libtrainer. Update libtrainer to read it."
    ),
    "wrong_region": N_("The bundle {name} belongs to another region."),
    "undecryptable": N_("The bundle {name} is not encrypted for any key of this computer."),
    "fork": N_(
        "The device of bundle {name} has two different histories (a restored backup or a "
        "copied disk); this bundle was not merged."
    ),
    "gap": N_("Some bundles before {name} have not arrived yet."),
    "future_clock": N_(
        "The bundle {name} is dated more than a day in the future: check that device's clock."
    ),
    "replay": N_("The bundle {name} was already received."),
}


class BundleError(LibtrainerError):
    """A bundle that cannot be used; ``reason`` says why (one of :data:`REASONS`)."""

    def __init__(self, reason: str, msgid: str | None = None, **params: Any) -> None:
        if reason not in REASONS:
            raise ValueError(f"unknown bundle error reason {reason!r}")
        params.setdefault("name", "")
        super().__init__(msgid or REASON_MESSAGES[reason], **params)
        self.reason = reason


class ShareError(LibtrainerError):
    """The shared folder cannot be used right now; nothing local was lost."""


class ShareConflict(ShareError):
    """A different file already has the name being written; nothing was overwritten."""


class ShareUnreachable(ShareError):
    """The shared folder is not there (network down, USB stick not inserted)."""

    def __init__(self, pending: int = 0, **params: Any) -> None:
        super().__init__(
            N_(
                "The shared folder is not reachable. Your {n} changes are safe on this "
                "computer and will be sent next time."
            ),
            n=pending,
            **params,
        )


class ShareVanished(ShareUnreachable):
    """The shared folder (or its region folder) went away while a sync was using it: a USB
    stick taken out, a network folder gone. Nothing is written in its place (decision 0323)."""

    def __init__(self, pending: int = 0, **params: Any) -> None:
        LibtrainerError.__init__(
            self,
            N_(
                "The shared folder {path} went away while it was being used (a USB stick "
                "taken out, a network folder gone). Nothing was written in its place; your "
                "{n} changes are safe on this computer and will be sent next time."
            ),
            n=pending,
            **params,
        )


class ShareNotFullPath(ShareError):
    """The shared folder is remembered without its drive or the folders above it (an older
    ``enroll usb`` typed in ``E:\\``): where it is depends on the folder a program starts in,
    so it is not used at all — not even when a folder of that name happens to be there
    (decision 0331). Setting the whole path in Settings, or enrolling again with it, mends it."""

    def __init__(self, **params: Any) -> None:
        super().__init__(
            N_(
                "The shared folder is remembered as “{path}”, without its drive or the folders "
                "above it, so this computer cannot tell where it is and did not use it. Nothing "
                "was lost. Set the shared folder's whole path (for example E:\\ or "
                "\\\\server\\share) in the app's Settings, or run “libtrainer enroll” with "
                "the whole path."
            ),
            **params,
        )


class TrustError(LibtrainerError):
    """A trust list or enrolment step cannot be accepted; ``reason`` is for programs."""

    def __init__(self, reason: str, msgid: str, **params: Any) -> None:
        super().__init__(msgid, **params)
        self.reason = reason


class WrongShare(ShareError):
    """The folder given as the shared folder is not this region's: nothing is written there."""
