"""Seed the one ScoringRule row with the documented defaults (scores.scoring.DEFAULTS, docs/scores.md)."""

from django.db import migrations

from scores.scoring import DEFAULTS


def seed(apps, schema_editor):
    ScoringRule = apps.get_model("scores", "ScoringRule")
    if not ScoringRule.objects.exists():
        ScoringRule.objects.create(
            pk=1,
            weight_timeliness=DEFAULTS["timeliness"],
            weight_completion=DEFAULTS["completion"],
            weight_progress=DEFAULTS["progress"],
            weight_supervision=DEFAULTS["supervision"],
            per_return=DEFAULTS["per_return"],
            per_unconfirmed=DEFAULTS["per_unconfirmed"],
            per_confirmed=DEFAULTS["per_confirmed"],
            deduction_cap=DEFAULTS["deduction_cap"],
        )


class Migration(migrations.Migration):
    dependencies = [("scores", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
