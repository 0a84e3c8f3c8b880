"""The participant form: details, ESF+ characteristics, consent, and history (read-only).

``values()`` gives exactly the fields ``services.participants`` takes, so a new person and an
edit use the same form. The form never reads or writes the store itself: its “Copy of their
data…” button (on Consent) is the screen's to connect (``gui/data_copy.py``, decision 0410).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from libtrainer.i18n import _

from libtrainer.gui import labels as L
from libtrainer.gui.models import ListTableModel
from libtrainer.gui.widgets import (
    ChipBox,
    CodeCombo,
    DateEdit,
    FlagCombo,
    YearEdit,
    add_row,
    scrolling,
)

FLAGS = (
    "rural",
    "disability",
    "third_country_national",
    "foreign_background",
    "minority",
    "homeless",
)


def _flag_labels() -> dict[str, str]:
    return {
        "rural": _("Lives in a rural area"),
        "disability": _("Has a disability"),
        "third_country_national": _("Third-country national"),
        "foreign_background": _("Foreign background"),
        "minority": _("Belongs to a minority"),
        "homeless": _("Homeless or excluded from housing"),
    }


class ParticipantForm(QTabWidget):
    """Tabs: Details, ESF+ characteristics, Consent, History."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("participantForm")
        self.setAccessibleName(_("Details of the person"))
        self.given = QLineEdit(objectName="givenName")
        self.family = QLineEdit(objectName="familyName")
        self.birth_year = YearEdit()
        self.birth_year.setObjectName("birthYear")
        self.gender = CodeCombo(L.GENDERS)
        self.gender.setObjectName("gender")
        self.code = QLineEdit(objectName="code")
        self.phone = QLineEdit(objectName="phone")
        self.email = QLineEdit(objectName="email")
        self.notes = QPlainTextEdit(objectName="notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(90)
        self.labour = CodeCombo(L.LABOUR)
        self.labour.setObjectName("labourStatus")
        self.isced = CodeCombo(L.ISCED)
        self.isced.setObjectName("isced")
        self.flags = {key: FlagCombo() for key in FLAGS}
        for key, combo in self.flags.items():
            combo.setObjectName(key)
        self.tags = ChipBox(L.TARGET_GROUPS, narrow=True)
        self.tags.setObjectName("targetGroups")
        self.consent_basis = CodeCombo(L.CONSENT, blank="—")
        self.consent_basis.setObjectName("consentBasis")
        self.consent_given = QCheckBox(objectName="consentDated")
        self.consent_date = DateEdit()
        self.consent_date.setObjectName("consentDate")
        self.consent_version = QLineEdit(objectName="consentVersion")
        self.copy_note = QLabel(objectName="dataCopyNote")
        self.copy_note.setWordWrap(True)
        self.copy_button = QPushButton(objectName="dataCopy")
        self.history_models = [ListTableModel([]) for _i in range(3)]
        self.history_views = [QTableView() for _i in range(3)]
        for view in self.history_views:
            view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move within it
        self.history_labels = [QLabel() for _i in range(3)]
        self._pages = [QWidget() for _i in range(4)]
        for page in self._pages[:3]:
            area = scrolling(page)
            # The pages fit the panel's width (chips wrap, long rows wrap, combos shrink):
            # only a short screen needs scrolling, and only up and down.
            area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.addTab(area, "")
        self.addTab(self._pages[3], "")
        for combo in (
            self.gender,
            self.labour,
            self.isced,
            self.consent_basis,
            *self.flags.values(),
        ):
            # as wide as the panel allows, not as the longest choice (in Latvian the
            # education levels would push the arrow out of sight)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
        self._build()
        self.retranslate()
        self.consent_given.toggled.connect(self.consent_date.setEnabled)
        self.consent_date.setEnabled(False)

    def _build(self) -> None:
        self._forms = []
        for page in self._pages[:3]:
            column = QVBoxLayout(page)
            form = QFormLayout()
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            # a field that does not fit beside its label goes under it (narrow panel)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            column.addLayout(form)
            if page is self._pages[2]:  # Consent: the person's right to a copy of their data
                column.addSpacing(12)
                column.addWidget(self.copy_note)
                line = QHBoxLayout()
                line.addWidget(self.copy_button)
                line.addStretch(1)
                column.addLayout(line)
            column.addStretch(1)
            self._forms.append(form)
        history = QVBoxLayout(self._pages[3])
        for label, view, model in zip(self.history_labels, self.history_views, self.history_models):
            view.setModel(model)
            view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            view.verticalHeader().hide()
            label.setBuddy(view)
            history.addWidget(label)
            history.addWidget(view)

    def retranslate(self) -> None:
        for form in self._forms:
            while form.rowCount():
                result = form.takeRow(0)
                if result.labelItem is not None and result.labelItem.widget() is not None:
                    old = result.labelItem.widget()
                    old.hide()  # painted beside its replacement until the event loop deletes it
                    old.deleteLater()
        for index, text in enumerate(
            (_("&Details"), _("&ESF+ characteristics"), _("&Consent"), _("H&istory"))
        ):
            self.setTabText(index, text)
        details, esf, consent = self._forms
        for text, field in (
            (_("Given na&me"), self.given),
            (_("Famil&y name"), self.family),
            (_("&Birth year"), self.birth_year),
            (_("Ge&nder"), self.gender),
            (_("Code"), self.code),
            (_("&Phone"), self.phone),
            (_("E-mai&l"), self.email),
            (_("No&tes"), self.notes),
        ):
            add_row(details, text, field)
        add_row(esf, _("&Labour-market status"), self.labour)
        add_row(esf, _("Educatio&n"), self.isced)
        for key, text in _flag_labels().items():
            add_row(esf, text, self.flags[key])
        add_row(esf, _("&Target groups"), self.tags)
        self.consent_given.setText(_("Consent date recorded"))
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.consent_given)
        line.addWidget(self.consent_date, 1)
        add_row(consent, _("&Legal basis"), self.consent_basis)
        add_row(consent, _("Date give&n"), row)
        self.consent_date.setAccessibleName(_("Date given"))
        self.consent_given.setAccessibleName(_("Consent date recorded"))
        add_row(consent, _("&Text version"), self.consent_version)
        self.copy_note.setText(
            _(
                "A person may ask for a copy of everything recorded about them: a PDF to read, "
                "or a file for other programs."
            )
        )
        text = _("Cop&y of their data…")
        self.copy_button.setText(text)
        self.copy_button.setAccessibleName(text.replace("&", "").rstrip("…"))
        self.copy_button.setToolTip(
            _("Saved where you choose. It holds their personal data: give it to them.")
        )
        headers = (
            [_("Group"), _("Programme"), _("Status")],
            [_("Date"), _("Group or topic"), _("Attendance")],
            [_("Date"), _("Topics"), _("Minutes")],
        )
        titles = (_("Groups"), _("Sessions"), _("Consultations"))
        for label, view, model, head, title in zip(
            self.history_labels, self.history_views, self.history_models, headers, titles
        ):
            model.set_headers(head)
            label.setText(title)
            view.setAccessibleName(title)
        self.gender.set_choices(L.GENDERS)
        self.labour.set_choices(L.LABOUR)
        self.isced.set_choices(L.ISCED)
        self.consent_basis.set_choices(L.CONSENT, blank="—")
        for combo in self.flags.values():
            value = combo.value()
            combo.set_choices(L.YES_NO_UNKNOWN)
            combo.set_value(value)
        self.tags.set_choices(L.TARGET_GROUPS)

    # -- values --------------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """The fields for ``create_participant`` / ``edit_participant``."""
        return {
            "given_name": self.given.text(),
            "family_name": self.family.text(),
            "birth_year": self.birth_year.value(),
            "gender": self.gender.code(),
            "code": self.code.text() or None,
            "phone": self.phone.text() or None,
            "email": self.email.text() or None,
            "notes": self.notes.toPlainText(),
            "labour_status": self.labour.code(),
            "isced": self.isced.code(),
            **{key: combo.value() for key, combo in self.flags.items()},
            "target_groups": self.tags.codes(),
            "consent_basis": self.consent_basis.code(),
            "consent_date": self.consent_date.value() if self.consent_given.isChecked() else None,
            "consent_text_version": self.consent_version.text() or None,
        }

    def set_values(self, fields: dict[str, Any], tags: tuple[str, ...] = ()) -> None:
        self.given.setText(fields.get("given_name") or "")
        self.family.setText(fields.get("family_name") or "")
        self.birth_year.set_value(fields.get("birth_year"))
        self.gender.set_code(fields.get("gender") or "unspecified")
        self.code.setText(fields.get("code") or "")
        self.phone.setText(fields.get("phone") or "")
        self.email.setText(fields.get("email") or "")
        self.notes.setPlainText(fields.get("notes") or "")
        self.labour.set_code(fields.get("labour_status") or "unknown")
        self.isced.set_code(fields.get("isced") or "unknown")
        for key, combo in self.flags.items():
            combo.set_value(fields.get(key))
        self.tags.set_codes(tags)
        self.consent_basis.set_code(fields.get("consent_basis"))
        date = fields.get("consent_date")
        self.consent_given.setChecked(date is not None)
        self.consent_date.set_value(date or dt.date.today())
        self.consent_version.setText(fields.get("consent_text_version") or "")

    def set_history(self, history: Any) -> None:
        for model, rows in zip(
            self.history_models, (history.groups, history.sessions, history.consultations)
        ):
            model.set_rows([(str(i), row) for i, row in enumerate(rows)])

    def clear(self) -> None:
        self.set_values({})
        for model in self.history_models:
            model.clear()
