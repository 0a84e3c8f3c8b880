"""The main screens, one module each, imported only when first shown.

Every screen is a :class:`~libtrainer.gui.screens.base.Screen`: it reads and writes through
operations only, refreshes when shown or when another screen changed the store, and is
deleted when the window locks.
"""

from __future__ import annotations

from libtrainer.domain.errors import N_

#: (key, title, module, class, shortcut) in navigation order.
SCREENS: tuple[tuple[str, str, str, str, str], ...] = (
    ("today", N_("Today"), "today", "TodayScreen", "Ctrl+1"),
    ("groups", N_("Groups & sessions"), "groups", "GroupsScreen", "Ctrl+2"),
    ("participants", N_("Participants"), "participants", "ParticipantsScreen", "Ctrl+3"),
    ("consultations", N_("Consultations"), "consultations", "ConsultationsScreen", "Ctrl+4"),
    ("escouts", N_("E-scouts"), "escouts", "EScoutsScreen", "Ctrl+5"),
    ("reports", N_("Reports"), "reports", "ReportsScreen", "Ctrl+6"),
    ("programmes", N_("Programmes"), "programmes", "ProgrammesScreen", "Ctrl+Shift+P"),
    ("staff", N_("Staff"), "staff", "StaffScreen", "Ctrl+Shift+L"),
    ("duplicates", N_("Duplicates"), "duplicates", "DuplicatesScreen", "Ctrl+9"),
    ("sync", N_("Sync"), "sync", "SyncScreen", "Ctrl+7"),
    ("devices", N_("Devices"), "devices", "DevicesScreen", "Ctrl+0"),
    ("settings", N_("Settings"), "settings", "SettingsScreen", "Ctrl+8"),
)


def screen_keys() -> tuple[str, ...]:
    """The screens' keys, in navigation order."""
    return tuple(key for key, *_rest in SCREENS)
