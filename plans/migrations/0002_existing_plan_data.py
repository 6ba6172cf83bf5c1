"""Data from before plans were data: the one plan already loaded becomes the plan `mfg2023`, owning every
category, indicator and chapter; each chapter's two goal texts become its goals by year. load_plan then
completes the plan's header from fixtures/plan/plan.yaml."""

from django.db import migrations

# The field names said the years; a migration runs once, on data loaded by the old code.
OLD_GOAL_FIELDS = {2025: "goals_2025", 2030: "goals_2030"}


def forwards(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    Category = apps.get_model("indicators", "Category")
    Indicator = apps.get_model("indicators", "Indicator")
    Target = apps.get_model("indicators", "Target")
    Chapter = apps.get_model("tasks", "Chapter")
    ChapterGoal = apps.get_model("tasks", "ChapterGoal")
    if not (Indicator.objects.exists() or Chapter.objects.exists()):
        return
    years = sorted(set(Target.objects.values_list("year", flat=True)))
    plan, _ = Plan.objects.get_or_create(
        code="mfg2023",
        defaults={
            "name": "江阴制造强市建设工作任务",
            "short_name": "制造强市建设",
            "baseline_year": years[0] - 1 if years else 0,
            "target_years": years,
        },
    )
    for model in (Category, Indicator, Chapter):
        model.objects.filter(plan__isnull=True).update(plan=plan)
    for chapter in Chapter.objects.all():
        for year, name in OLD_GOAL_FIELDS.items():
            text = getattr(chapter, name)
            if text:
                ChapterGoal.objects.get_or_create(chapter=chapter, year=year, defaults={"text": text})


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0001_initial"),
        ("indicators", "0005_plan"),
        ("tasks", "0004_plan"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
