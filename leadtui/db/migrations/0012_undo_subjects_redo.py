"""Undo covers more than leads (the rules, the profile, templates, views) and keeps what an undo
replaced, so redo can put it back."""


def up(migrator, db):
    present = {column.name for column in db.get_columns("undo_step")}
    if "subject" not in present:
        db.execute_sql("ALTER TABLE undo_step ADD COLUMN subject VARCHAR(255) NOT NULL DEFAULT 'lead'")
    if "redo_snapshot" not in present:
        db.execute_sql("ALTER TABLE undo_step ADD COLUMN redo_snapshot TEXT")
