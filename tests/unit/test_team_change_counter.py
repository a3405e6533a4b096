"""PostgreSQL's change counter: it moves with every committed write, once per transaction."""

from __future__ import annotations

import psycopg
import pytest

from leadtui.db import postgres
from leadtui.db.connection import close_db, data_version, database, init_db, write_transaction
from leadtui.db.models import Setting
from leadtui.db.url import parse_target


@pytest.fixture
def team_db(postgres_server):
    url = postgres_server.fresh_database()
    init_db(parse_target(url))
    yield url
    close_db()
    postgres_server.drop_database(url)


def test_a_transaction_of_many_statements_moves_it_once_more_than_its_start(team_db):
    before = data_version()
    with write_transaction():  # its start bumps, then the first statement's trigger
        for n in range(50):
            Setting.put(f"key {n}", "value")
    assert data_version() == before + 2


def test_a_write_from_another_tool_moves_it(team_db):
    before = data_version()
    with psycopg.connect(team_db, autocommit=True) as conn:
        conn.execute("INSERT INTO setting (key, value) VALUES ('from psql', '')")
        conn.execute("UPDATE setting SET value = 'changed' WHERE key = 'from psql'")
    assert data_version() == before + 2  # each statement its own transaction


def test_a_savepoint_rolled_back_takes_its_bump_along(team_db):
    before = data_version()
    with write_transaction():
        with pytest.raises(RuntimeError), database.atomic():
            Setting.put("undone", "")
            raise RuntimeError
        Setting.put("kept", "")  # bumps again: the undone bump is gone
    assert data_version() == before + 2
    assert [s.key for s in Setting.select().where(Setting.key.in_(["undone", "kept"]))] == ["kept"]


def test_a_database_migrated_before_gets_the_once_per_transaction_counter(team_db):
    database.execute_sql(f"""CREATE OR REPLACE FUNCTION leadtui_bump() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN UPDATE {postgres.CHANGE_TABLE} SET n = n + 1; RETURN NULL; END $$""")
    postgres.set_schema_version(database, 13)
    database.execute_sql("DELETE FROM schema_migration WHERE name LIKE '0014%%'")
    close_db()
    init_db(parse_target(team_db))
    test_a_transaction_of_many_statements_moves_it_once_more_than_its_start(team_db)
