"""On PostgreSQL, the upload and its preview stored as they come (STORAGE EXTERNAL), without the compression the
database tries on every large value by default: the file is an .xlsx, a zip already, and the preview is
zlib-compressed (core.fields.PackedJSONField), so the attempt only costs time — a quarter of storing the upload.
SQLite has no such setting."""

from django.db import migrations

COLUMNS = ("file_data", "rows")


def storage(mode: str):
    def alter(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        table = schema_editor.quote_name(apps.get_model("imports", "ImportBatch")._meta.db_table)
        columns = ", ".join(f"ALTER COLUMN {schema_editor.quote_name(c)} SET STORAGE {mode}" for c in COLUMNS)
        schema_editor.execute(f"ALTER TABLE {table} {columns}")

    return alter


class Migration(migrations.Migration):
    dependencies = [("imports", "0003_import_batch_rows_packed")]

    operations = [migrations.RunPython(storage("EXTERNAL"), storage("EXTENDED"))]
