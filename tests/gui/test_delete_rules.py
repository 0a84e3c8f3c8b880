"""Who may delete what from the window (decision 0515), and how what goes along is counted."""

from __future__ import annotations

import pytest

from libtrainer.services.records import DeletePlan

from libtrainer.gui import delete_rules, delete_text
from libtrainer.gui.delete_queries import Target

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


def _erasure_question(coordinator: bool) -> str:
    person = Target("participant", "p1", {"name": "Ona Onaitė", "year": "1950"})
    plan = DeletePlan("participant", "p1", {"enrolment": 1}, {"consultation": 2})
    return delete_text.question(person, plan, coordinator=coordinator)


def test_the_erasure_question_says_what_stays_and_that_copies_made_earlier_stay() -> None:
    """The consultations kept are named with what of them is kept; copies already on the
    shared folder, printed or exported, are said to stay."""
    text = _erasure_question(coordinator=False)
    assert (
        "2 consultations given to this person stay in reports without their name and without "
        "their notes: only their dates, topics and length and the person's age band and "
        "gender are kept." in text
    )
    assert (
        "Copies made earlier are not deleted: files already on the shared folder (locked so "
        "that only the coordinators can open them) and printed or exported lists stay as "
        "they are." in text
    )
    assert "The deletion is sent to the coordinator with the next sync." in text


def test_on_the_coordinators_computer_the_question_does_not_send_to_the_coordinator() -> None:
    """Asked on a coordinator's computer, an erasure reaches the branches' computers and a
    deletion the other coordinators; neither is "sent to the coordinator"."""
    text = _erasure_question(coordinator=True)
    assert "sent to the coordinator" not in text
    assert "reaches the branch computers and lecturers' laptops that hold this person" in text
    session = Target("training_session", "s1", {"when": "2025-03-14 10:00"})
    other = delete_text.question(session, DeletePlan("training_session", "s1"), coordinator=True)
    assert "sent to the coordinator" not in other
    assert "on any other coordinator's computer" in other
    assert "Copies made earlier" not in other
