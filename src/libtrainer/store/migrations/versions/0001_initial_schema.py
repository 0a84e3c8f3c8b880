"""Initial schema: organisation, people, programmes, groups, sessions, attendance, outbox.

Revision ID: 0001
Revises:
Create Date: 2026-11-21 23:21:29.493272
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lt_clock",
        sa.Column("tbl", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("field", sa.String(length=60), nullable=False),
        sa.Column("cl", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("device", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("tbl", "row_id", "field", name=op.f("pk_lt_clock")),
    )
    op.create_table(
        "lt_meta",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_lt_meta")),
    )
    op.create_table(
        "lt_outbox",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tbl", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("op", sa.String(length=1), nullable=False),
        sa.Column("cl", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("device", sa.String(length=36), nullable=False),
        sa.Column("data", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_lt_outbox")),
    )
    with op.batch_alter_table("lt_outbox", schema=None) as batch_op:
        batch_op.create_index("ix_lt_outbox_tbl_row", ["tbl", "row_id"], unique=False)

    op.create_table(
        "programme",
        sa.Column("code", sa.String(length=40), nullable=True),
        sa.Column("title_lt", sa.String(length=300), nullable=False),
        sa.Column("title_lv", sa.String(length=300), nullable=False),
        sa.Column("title_en", sa.String(length=300), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("academic_hours", sa.Float(), nullable=False),
        sa.Column("topics", sa.String(length=200), nullable=False),
        sa.Column("audience", sa.String(length=20), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme")),
    )
    op.create_table(
        "region",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_region")),
    )
    op.create_table(
        "library",
        sa.Column("region_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_id"], ["region.id"], name=op.f("fk_library_region_id_region")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library")),
    )
    with op.batch_alter_table("library", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_library_region_id"), ["region_id"], unique=False)

    op.create_table(
        "branch",
        sa.Column("library_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("rural", sa.Boolean(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["library_id"], ["library.id"], name=op.f("fk_branch_library_id_library")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_branch")),
    )
    with op.batch_alter_table("branch", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_branch_library_id"), ["library_id"], unique=False)

    op.create_table(
        "device",
        sa.Column("branch_id", sa.String(length=36), nullable=True),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("public_key", sa.String(length=120), nullable=True),
        sa.Column("revoked_after_seq", sa.Integer(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["branch.id"], name=op.f("fk_device_branch_id_branch")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_device")),
    )
    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_device_branch_id"), ["branch_id"], unique=False)

    op.create_table(
        "participant",
        sa.Column("branch_id", sa.String(length=36), nullable=True),
        sa.Column("code", sa.String(length=60), nullable=True),
        sa.Column("given_name", sa.String(length=120), nullable=False),
        sa.Column("family_name", sa.String(length=120), nullable=False),
        sa.Column("name_key", sa.String(length=250), nullable=False),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("gender", sa.String(length=20), nullable=False),
        sa.Column("rural", sa.Boolean(), nullable=True),
        sa.Column("labour_status", sa.String(length=30), nullable=False),
        sa.Column("isced", sa.String(length=20), nullable=False),
        sa.Column("disability", sa.Boolean(), nullable=True),
        sa.Column("third_country_national", sa.Boolean(), nullable=True),
        sa.Column("foreign_background", sa.Boolean(), nullable=True),
        sa.Column("minority", sa.Boolean(), nullable=True),
        sa.Column("homeless", sa.Boolean(), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("consent_basis", sa.String(length=30), nullable=True),
        sa.Column("consent_date", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["branch.id"], name=op.f("fk_participant_branch_id_branch")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participant")),
    )
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_participant_branch_id"), ["branch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_participant_code"), ["code"], unique=False)
        batch_op.create_index(batch_op.f("ix_participant_name_key"), ["name_key"], unique=False)

    op.create_table(
        "staff",
        sa.Column("branch_id", sa.String(length=36), nullable=True),
        sa.Column("given_name", sa.String(length=120), nullable=False),
        sa.Column("family_name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["branch.id"], name=op.f("fk_staff_branch_id_branch")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff")),
    )
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_branch_id"), ["branch_id"], unique=False)

    op.create_table(
        "volunteer",
        sa.Column("branch_id", sa.String(length=36), nullable=True),
        sa.Column("given_name", sa.String(length=120), nullable=False),
        sa.Column("family_name", sa.String(length=120), nullable=False),
        sa.Column("birth_year", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["branch.id"], name=op.f("fk_volunteer_branch_id_branch")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer")),
    )
    with op.batch_alter_table("volunteer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_volunteer_branch_id"), ["branch_id"], unique=False)

    op.create_table(
        "consultation",
        sa.Column("branch_id", sa.String(length=36), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("staff_id", sa.String(length=36), nullable=True),
        sa.Column("volunteer_id", sa.String(length=36), nullable=True),
        sa.Column("participant_id", sa.String(length=36), nullable=True),
        sa.Column("age_band", sa.String(length=20), nullable=True),
        sa.Column("gender", sa.String(length=20), nullable=True),
        sa.Column("topics", sa.String(length=300), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("referred_to_escout", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["branch.id"], name=op.f("fk_consultation_branch_id_branch")
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
            name=op.f("fk_consultation_participant_id_participant"),
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_consultation_staff_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["volunteer_id"], ["volunteer.id"], name=op.f("fk_consultation_volunteer_id_volunteer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation")),
    )
    with op.batch_alter_table("consultation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consultation_branch_id"), ["branch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_consultation_date"), ["date"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_consultation_participant_id"), ["participant_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_consultation_staff_id"), ["staff_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_consultation_volunteer_id"), ["volunteer_id"], unique=False
        )

    op.create_table(
        "escout_visit",
        sa.Column("volunteer_id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=36), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("people_helped", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["branch.id"], name=op.f("fk_escout_visit_branch_id_branch")
        ),
        sa.ForeignKeyConstraint(
            ["volunteer_id"], ["volunteer.id"], name=op.f("fk_escout_visit_volunteer_id_volunteer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_escout_visit")),
    )
    with op.batch_alter_table("escout_visit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_escout_visit_branch_id"), ["branch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_escout_visit_date"), ["date"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_escout_visit_volunteer_id"), ["volunteer_id"], unique=False
        )

    op.create_table(
        "participant_alias",
        sa.Column("participant_id", sa.String(length=36), nullable=False),
        sa.Column("canonical_id", sa.String(length=36), nullable=False),
        sa.Column("confirmed_by", sa.String(length=36), nullable=True),
        sa.Column("confirmed_on", sa.Date(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["canonical_id"],
            ["participant.id"],
            name=op.f("fk_participant_alias_canonical_id_participant"),
        ),
        sa.ForeignKeyConstraint(
            ["confirmed_by"], ["staff.id"], name=op.f("fk_participant_alias_confirmed_by_staff")
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
            name=op.f("fk_participant_alias_participant_id_participant"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participant_alias")),
    )
    with op.batch_alter_table("participant_alias", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_participant_alias_canonical_id"), ["canonical_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_participant_alias_participant_id"), ["participant_id"], unique=False
        )

    op.create_table(
        "participant_tag",
        sa.Column("participant_id", sa.String(length=36), nullable=False),
        sa.Column("tag", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
            name=op.f("fk_participant_tag_participant_id_participant"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participant_tag")),
    )
    with op.batch_alter_table("participant_tag", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_participant_tag_participant_id"), ["participant_id"], unique=False
        )

    op.create_table(
        "training_group",
        sa.Column("programme_id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=36), nullable=False),
        sa.Column("lecturer_id", sa.String(length=36), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("referrer", sa.String(length=40), nullable=False),
        sa.Column("referrer_name", sa.String(length=200), nullable=True),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("finished", sa.Boolean(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["branch.id"], name=op.f("fk_training_group_branch_id_branch")
        ),
        sa.ForeignKeyConstraint(
            ["lecturer_id"], ["staff.id"], name=op.f("fk_training_group_lecturer_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programme.id"],
            name=op.f("fk_training_group_programme_id_programme"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_group")),
    )
    with op.batch_alter_table("training_group", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_training_group_branch_id"), ["branch_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_training_group_lecturer_id"), ["lecturer_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_training_group_programme_id"), ["programme_id"], unique=False
        )

    op.create_table(
        "consultation_topic",
        sa.Column("consultation_id", sa.String(length=36), nullable=False),
        sa.Column("topic", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_consultation_topic_consultation_id_consultation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_topic")),
    )
    with op.batch_alter_table("consultation_topic", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consultation_topic_consultation_id"), ["consultation_id"], unique=False
        )

    op.create_table(
        "enrolment",
        sa.Column("group_id", sa.String(length=36), nullable=False),
        sa.Column("participant_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("enrolled_on", sa.Date(), nullable=True),
        sa.Column("certificate_issued", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"], ["training_group.id"], name=op.f("fk_enrolment_group_id_training_group")
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
            name=op.f("fk_enrolment_participant_id_participant"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrolment")),
    )
    with op.batch_alter_table("enrolment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_enrolment_group_id"), ["group_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_enrolment_participant_id"), ["participant_id"], unique=False
        )

    op.create_table(
        "training_session",
        sa.Column("group_id", sa.String(length=36), nullable=True),
        sa.Column("programme_id", sa.String(length=36), nullable=True),
        sa.Column("branch_id", sa.String(length=36), nullable=False),
        sa.Column("lecturer_id", sa.String(length=36), nullable=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=True),
        sa.Column("academic_hours", sa.Float(), nullable=False),
        sa.Column("place_kind", sa.String(length=20), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("topic", sa.String(length=300), nullable=True),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["branch.id"], name=op.f("fk_training_session_branch_id_branch")
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["training_group.id"],
            name=op.f("fk_training_session_group_id_training_group"),
        ),
        sa.ForeignKeyConstraint(
            ["lecturer_id"], ["staff.id"], name=op.f("fk_training_session_lecturer_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programme.id"],
            name=op.f("fk_training_session_programme_id_programme"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_session")),
    )
    with op.batch_alter_table("training_session", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_training_session_branch_id"), ["branch_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_training_session_date"), ["date"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_training_session_group_id"), ["group_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_training_session_lecturer_id"), ["lecturer_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_training_session_programme_id"), ["programme_id"], unique=False
        )

    op.create_table(
        "assessment",
        sa.Column("enrolment_id", sa.String(length=36), nullable=False),
        sa.Column("phase", sa.String(length=10), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["enrolment_id"], ["enrolment.id"], name=op.f("fk_assessment_enrolment_id_enrolment")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment")),
    )
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessment_enrolment_id"), ["enrolment_id"], unique=False
        )

    op.create_table(
        "attendance",
        sa.Column("session_id", sa.String(length=36), nullable=False),
        sa.Column("participant_id", sa.String(length=36), nullable=False),
        sa.Column("mark", sa.String(length=20), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
            name=op.f("fk_attendance_participant_id_participant"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["training_session.id"],
            name=op.f("fk_attendance_session_id_training_session"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance")),
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attendance_participant_id"), ["participant_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_attendance_session_id"), ["session_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_session_id"))
        batch_op.drop_index(batch_op.f("ix_attendance_participant_id"))

    op.drop_table("attendance")
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_enrolment_id"))

    op.drop_table("assessment")
    with op.batch_alter_table("training_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_session_programme_id"))
        batch_op.drop_index(batch_op.f("ix_training_session_lecturer_id"))
        batch_op.drop_index(batch_op.f("ix_training_session_group_id"))
        batch_op.drop_index(batch_op.f("ix_training_session_date"))
        batch_op.drop_index(batch_op.f("ix_training_session_branch_id"))

    op.drop_table("training_session")
    with op.batch_alter_table("enrolment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enrolment_participant_id"))
        batch_op.drop_index(batch_op.f("ix_enrolment_group_id"))

    op.drop_table("enrolment")
    with op.batch_alter_table("consultation_topic", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultation_topic_consultation_id"))

    op.drop_table("consultation_topic")
    with op.batch_alter_table("training_group", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_group_programme_id"))
        batch_op.drop_index(batch_op.f("ix_training_group_lecturer_id"))
        batch_op.drop_index(batch_op.f("ix_training_group_branch_id"))

    op.drop_table("training_group")
    with op.batch_alter_table("participant_tag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participant_tag_participant_id"))

    op.drop_table("participant_tag")
    with op.batch_alter_table("participant_alias", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participant_alias_participant_id"))
        batch_op.drop_index(batch_op.f("ix_participant_alias_canonical_id"))

    op.drop_table("participant_alias")
    with op.batch_alter_table("escout_visit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_escout_visit_volunteer_id"))
        batch_op.drop_index(batch_op.f("ix_escout_visit_date"))
        batch_op.drop_index(batch_op.f("ix_escout_visit_branch_id"))

    op.drop_table("escout_visit")
    with op.batch_alter_table("consultation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultation_volunteer_id"))
        batch_op.drop_index(batch_op.f("ix_consultation_staff_id"))
        batch_op.drop_index(batch_op.f("ix_consultation_participant_id"))
        batch_op.drop_index(batch_op.f("ix_consultation_date"))
        batch_op.drop_index(batch_op.f("ix_consultation_branch_id"))

    op.drop_table("consultation")
    with op.batch_alter_table("volunteer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_volunteer_branch_id"))

    op.drop_table("volunteer")
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_branch_id"))

    op.drop_table("staff")
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participant_name_key"))
        batch_op.drop_index(batch_op.f("ix_participant_code"))
        batch_op.drop_index(batch_op.f("ix_participant_branch_id"))

    op.drop_table("participant")
    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_device_branch_id"))

    op.drop_table("device")
    with op.batch_alter_table("branch", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_branch_library_id"))

    op.drop_table("branch")
    with op.batch_alter_table("library", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_library_region_id"))

    op.drop_table("library")
    op.drop_table("region")
    op.drop_table("programme")
    with op.batch_alter_table("lt_outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_lt_outbox_tbl_row")

    op.drop_table("lt_outbox")
    op.drop_table("lt_meta")
    op.drop_table("lt_clock")
