"""What the commands share to read their arguments and write their files, with clear errors.

- argparse's own messages (``usage:``, ``error:``, ``invalid choice …``) are looked up in
  libtrainer's catalogues, so a librarian reads them in her language like every other line;
- :func:`whole_number` is the ``type=`` of numeric options (``--after-seq abc``);
- :func:`output_file` turns a file that cannot be written (a folder, a folder that does not
  exist, a path under a file, no permission) into a message naming the option.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from libtrainer.domain.errors import N_, ValidationError, stack_without_data
from libtrainer.i18n import _, ngettext
from libtrainer.i18n.oserrors import os_reason

log = logging.getLogger("libtrainer")

#: The messages of ``argparse`` a person can meet (Python 3.11), for the catalogues.
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
)


def _argparse_gettext(message: str) -> str:
    return _(message) if message else message


def _argparse_ngettext(singular: str, plural: str, n: int) -> str:
    return ngettext(singular, plural, n)


def translate_argparse() -> None:
    """Let argparse look its messages up in the current language (it calls its module's ``_``)."""
    ngettext("expected %s argument", "expected %s arguments", 2)  # for the catalogues
    setattr(argparse, "_", _argparse_gettext)  # noqa: B010 - argparse has no hook for this
    setattr(argparse, "ngettext", _argparse_ngettext)  # noqa: B010


def whole_number(text: str) -> int:
    """``type=`` of a numeric option: a whole number, or a message naming the value."""
    try:
        return int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("“{value}” is not a whole number such as 12.").format(value=text)
        ) from None


def check_output(path: Path, option: str = "--out", *, folder_must_exist: bool = True) -> None:
    """Stop before any work when ``path`` is a folder, not an ordinary file (a device, a
    pipe: writing replaces what is there), or its folder does not exist."""
    if path.exists() and not path.is_dir() and not path.is_file():
        raise ValidationError(
            option,
            N_("{path} is not an ordinary file. Give {option} the name of a file to write."),
            path=str(path),
            option=option,
        )
    if path.is_dir():
        raise ValidationError(
            option,
            N_("{path} is a folder. Give {option} the name of a file to write."),
            path=str(path),
            option=option,
        )
    if folder_must_exist and path.parent.exists() and not path.parent.is_dir():
        raise ValidationError(
            option,
            N_("{folder} is a file, not a folder. Give {option} a file in an existing folder."),
            folder=str(path.parent),
            option=option,
        )
    if folder_must_exist and not path.parent.is_dir():
        raise ValidationError(
            option,
            N_("The folder {folder} does not exist. Give {option} a file in an existing folder."),
            folder=str(path.parent),
            option=option,
        )


@contextmanager
def output_file(
    path: Path, option: str = "--out", *, folder_must_exist: bool = True
) -> Iterator[Path]:
    """Write ``path`` inside the block; an OSError becomes a message naming the option.

    Checked first with :func:`check_output`. The message gives the reason (the disk is full,
    read-only, no permission …). The log keeps the error's type, code and stack, never its
    message (it holds the path)."""
    check_output(path, option, folder_must_exist=folder_must_exist)
    try:
        yield path
    except OSError as exc:
        log.warning("cannot write the file of %s: %s", option, stack_without_data(exc))
        raise ValidationError(
            option,
            N_(
                "The file {path} ({option}) cannot be written: {reason}. Choose another place, "
                "or close the file if another program has it open, and try again."
            ),
            path=str(path),
            option=option,
            reason=os_reason(exc),
        ) from None
