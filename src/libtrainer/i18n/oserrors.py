"""Why a file operation failed, in the person's language (not the system's English text).

``OSError.strerror`` is the C library's English ("No such file or directory"); put into an
otherwise Lithuanian or Latvian message it reads as a foreign word. The common reasons get
their own translated text; anything else keeps the system's text.
"""

from __future__ import annotations

import errno

from libtrainer.domain.errors import N_
from libtrainer.i18n import _

_REASONS = {
    errno.ENOENT: N_("the folder or file does not exist"),
    errno.ENOTDIR: N_("a part of the path is a file, not a folder"),
    errno.EISDIR: N_("it is a folder"),
    errno.EACCES: N_("no permission"),
    errno.EPERM: N_("no permission"),
    errno.EROFS: N_("the disk is read-only"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EEXIST: N_("a file of that name is already there"),
    errno.ENAMETOOLONG: N_("the name is too long"),
}


def os_reason(exc: OSError) -> str:
    """A short, translated reason for ``exc`` (the system's text when it is an unusual one)."""
    msgid = _REASONS.get(exc.errno or 0)
    if msgid is not None:
        return _(msgid)
    return exc.strerror or type(exc).__name__
