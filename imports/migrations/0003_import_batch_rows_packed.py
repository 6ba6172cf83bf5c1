"""The preview kept compressed (core.fields.PackedJSONField) instead of as JSON: each batch's rows are copied over."""

from django.db import migrations

import core.fields


def pack(apps, schema_editor):
    ImportBatch = apps.get_model("imports", "ImportBatch")
    for batch in ImportBatch.objects.only("pk", "rows").iterator(chunk_size=50):
        ImportBatch.objects.filter(pk=batch.pk).update(packed=batch.rows)


def unpack(apps, schema_editor):
    ImportBatch = apps.get_model("imports", "ImportBatch")
    for batch in ImportBatch.objects.only("pk", "packed").iterator(chunk_size=50):
        ImportBatch.objects.filter(pk=batch.pk).update(rows=batch.packed)


class Migration(migrations.Migration):
    dependencies = [("imports", "0002_import_batch_planned_on")]

    operations = [
        migrations.AddField(
            model_name="importbatch",
            name="packed",
            field=core.fields.PackedJSONField(default=list, verbose_name="预览"),
        ),
        migrations.RunPython(pack, unpack),
        migrations.RemoveField(model_name="importbatch", name="rows"),
        migrations.RenameField(model_name="importbatch", old_name="packed", new_name="rows"),
    ]
