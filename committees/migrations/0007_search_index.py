"""The full-text index beside committees_searchpassage, in the dialect of the database.

PostgreSQL: a stored generated tsvector column (title weight A, body weight B, English
stemming) with a GIN index; the database computes it on every insert and update.
SQLite: an FTS5 table over the passages (external content, Porter stemming), kept in step
by triggers. Django's models do not know either object, so both are created here with SQL,
each only on its own database.
"""

from django.db import migrations

TABLE = "committees_searchpassage"
FTS = f"{TABLE}_fts"

POSTGRES_FORWARD = [
    f"""
    ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') ||
        setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'B')
    ) STORED
    """,
    f"CREATE INDEX {TABLE}_vector_gin ON {TABLE} USING gin (search_vector)",
]
POSTGRES_BACKWARD = [
    f"DROP INDEX IF EXISTS {TABLE}_vector_gin",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector",
]

SQLITE_FORWARD = [
    f"""
    CREATE VIRTUAL TABLE {FTS} USING fts5(
        title, body, content='{TABLE}', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    f"""
    CREATE TRIGGER {FTS}_insert AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {FTS}(rowid, title, body) VALUES (new.id, new.title, new.body);
    END
    """,
    f"""
    CREATE TRIGGER {FTS}_delete AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    END
    """,
    f"""
    CREATE TRIGGER {FTS}_update AFTER UPDATE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO {FTS}(rowid, title, body) VALUES (new.id, new.title, new.body);
    END
    """,
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {FTS}_insert",
    f"DROP TRIGGER IF EXISTS {FTS}_delete",
    f"DROP TRIGGER IF EXISTS {FTS}_update",
    f"DROP TABLE IF EXISTS {FTS}",
]


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement)


def install_sqlite_fts(schema_editor) -> None:
    """Also for later migrations that make SQLite rebuild the passage table (drops triggers)."""
    _run(schema_editor, SQLITE_BACKWARD + SQLITE_FORWARD)


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, POSTGRES_FORWARD)
    elif vendor == "sqlite":
        install_sqlite_fts(schema_editor)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, POSTGRES_BACKWARD)
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("committees", "0006_research_and_stances")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
