"""Who may delete what from the window (decision 0515), and how what goes along is counted."""

from __future__ import annotations

import pytest

from libtrainer.gui import delete_rules, delete_text

ME, OTHER = "staff-me", "staff-other"


@pytest.mark.parametrize("role", ["librarian", "coordinator", "admin"])
@pytest.mark.parametrize(
    "table", ["training_session", "training_group", "consultation", "escout_visit", "participant"]
)
def test_librarians_coordinators_and_admins_may_delete_everything_offered(
    role: str, table: str
) -> None:
    """The staff roles may delete every kind of record, whoever recorded it."""
    assert delete_rules.refusal(role, ME, table, {OTHER, None}) is None


@pytest.mark.parametrize(
    ("table", "owners", "allowed"),
    [
        ("training_session", {ME}, True),
        ("training_session", {OTHER}, False),
        ("training_session", {None}, False),
        ("training_group", {ME}, True),
        ("training_group", {ME, OTHER}, False),  # a session of it led by someone else
        ("consultation", {ME}, True),
        ("consultation", {None}, False),  # given by an e-scout
        ("participant", set(), False),
        ("escout_visit", set(), False),
    ],
)
def test_a_lecturer_may_delete_only_their_own_work(
    table: str, owners: set[str | None], allowed: bool
) -> None:
    """A lecturer deletes sessions, groups and consultations that are theirs alone; never a
    person or an e-scout visit."""
    assert (delete_rules.refusal("lecturer", ME, table, owners) is None) is allowed


def test_before_the_record_is_read_only_the_role_decides() -> None:
    """Without owners a lecturer is refused only what no lecturer may delete."""
    assert delete_rules.refusal("lecturer", ME, "training_session") is None
    assert delete_rules.refusal("lecturer", ME, "participant") is not None
    assert not delete_rules.may_erase_people("lecturer")
    assert delete_rules.may_erase_people("librarian")


def test_what_goes_along_is_named_weightiest_first() -> None:
    """Sessions before marks before enrolments, joined with "and"; topic rows go unsaid."""
    counts = {"enrolment": 12, "consultation_topic": 2, "attendance": 41, "training_session": 3}
    assert delete_text.along(counts) == "3 sessions, 41 attendance marks and 12 group enrolments"
    assert delete_text.along({"attendance": 1}) == "1 attendance mark"
    assert delete_text.along({"consultation_topic": 3}) == ""
