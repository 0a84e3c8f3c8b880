"""The question before a coded person's code is changed from the Participants form.

A coded person's record is the code's (docs/decisions/0400): saving another code moves the
person, with their sessions, groups and consultations, to the new code's record, and leaves
the old one for whoever else has that code (``services.participants.change_code``). That is
what a branch needs when it gave a code to the wrong person, and not undone by typing the old
code again, so the form asks first (Cancel is the default). A coordinator's computer is not
asked: the service refuses there, and the form shows why.
"""

from __future__ import annotations

from typing import Any

from libtrainer.i18n import _

from libtrainer.gui.confirm import ConfirmDialog


def asks_first(state: Any, person_id: str, stored_code: str | None, code: str | None) -> bool:
    """Saving ``code`` over the person moves them to another code's record, on a computer
    that may do it (a coordinator's refuses: the service says why, without a question)."""
    from libtrainer.services import codecheck  # noqa: PLC0415

    device = state.device
    if device is not None and device.role == "coordinator":
        return False
    return codecheck.moves_person(person_id, stored_code, code)


def question(parent: Any, name: str, old_code: str, new_code: str | None) -> ConfirmDialog:
    """The confirm dialog for moving ``name`` from ``old_code`` to ``new_code`` (None: the
    code is taken off). Object names start with ``changeCode``."""
    if new_code:
        first = _(
            "The code of {name} changes from “{old}” to “{new}”. Their sessions, groups, "
            "consultations and details move to the new code."
        ).format(name=name, old=old_code, new=new_code)
    else:
        first = _(
            "The code “{old}” is taken off {name}. Their sessions, groups, consultations and "
            "details move to a record of their own, without a code."
        ).format(name=name, old=old_code)
    rest = _(
        "The old code “{old}” is left for whoever else has it: another branch may have given "
        "it to their own person. Its record is not deleted, and this computer no longer shows "
        "it. Do this when the code was given to this person by mistake."
    ).format(old=old_code)
    return ConfirmDialog(
        parent,
        _("Change the code?"),
        f"{first}\n\n{rest}",
        _("&Change the code"),
        "changeCode",
        width=520,
    )


def done_text(new_code: str | None) -> str:
    """The banner after the move."""
    if new_code:
        return _(
            "Saved: the code is now “{code}”; the person's sessions, groups and consultations "
            "moved with them."
        ).format(code=new_code)
    return _(
        "Saved without a code; the person's sessions, groups and consultations moved with them."
    )
