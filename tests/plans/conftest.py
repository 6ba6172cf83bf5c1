import io

import pytest
from django.apps import apps
from django.core.management import call_command

from plans.models import Plan
from tests.plans.sheets import CODE, write

PLAN_APPS = ("plans", "departments", "indicators", "tasks")


def row_counts() -> dict[str, int]:
    """Rows of every model of the plan apps, history included (users excluded: tests add them)."""
    return {
        model._meta.label: model.objects.count()
        for app in PLAN_APPS
        for model in apps.get_app_config(app).get_models()
        if model._meta.model_name != "user"
    }


def load_sheet(path, *options, code=CODE) -> str:
    out = io.StringIO()
    call_command("load_plan", "--xlsx", str(path), "--plan", code, *options, stdout=out)
    return out.getvalue()


@pytest.fixture
def sheet(tmp_path):
    """The successor plan's appendix as a file."""
    return write(tmp_path / "十五五附件.xlsx")


@pytest.fixture
def successor(plan, sheet) -> Plan:
    """The successor plan loaded beside the seed plan, its unknown department created."""
    load_sheet(sheet, "--create-departments")
    return Plan.objects.get(code=CODE)
