"""A successor plan loaded beside the seed plan changes none of the seed plan's outputs (cell for cell, with today's
date fixed), and is itself assessed at its end like any plan."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from docx import Document

from departments.models import User
from departments.services import demo_accounts_create
from imports.exports import TemplateExporter
from indicators.demo import demo_figures_create
from indicators.exports import ReportExporter
from indicators.models import Figure, Indicator
from plans.assessment import assessment_build
from plans.assessment_document import assessment_document
from plans.exports import AssessmentExporter
from plans.models import Plan
from tasks.exports import TaskProgressExporter
from tasks.selectors import Slot
from tests.conftest import seed_plan
from tests.plans.sheets import CODE

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 27)


def cells(data: bytes) -> dict:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {sheet.title: [[c.value for c in row] for row in sheet.iter_rows()] for sheet in book.worksheets}


def seed_outputs() -> dict:
    plan = seed_plan()
    outputs = {
        f"report-{year}-{period}": ReportExporter(plan, year, period=period, today=TODAY).to_bytes()
        for year in plan.years
        for period in ("year", "h1")
    }
    outputs["template-2025"] = TemplateExporter(plan, 2025).to_bytes()
    outputs["tasks-2025"] = TaskProgressExporter(plan, Slot(2025, "year"), today=TODAY).to_bytes()
    outputs["assessment"] = AssessmentExporter(assessment_build(plan, today=TODAY)).to_bytes()
    return {name: cells(data) for name, data in outputs.items()}


@pytest.fixture
def demo(plan):
    demo_accounts_create(password="x")
    demo_figures_create(coordinator=User.objects.get(username="coordinator"))


def test_loading_a_successor_changes_nothing_of_the_seed_plan(demo, sheet):
    before = seed_outputs()
    call_command(
        "load_plan", "--xlsx", str(sheet), "--plan", CODE, "--create-departments", stdout=io.StringIO()
    )
    assert Plan.objects.count() == 2
    after = seed_outputs()
    # The template's stamp line carries the time of export; everything else must be identical.
    for name in before:
        if name == "template-2025":
            assert before[name]["填报"][2:] == after[name]["填报"][2:]
        else:
            assert before[name] == after[name], name


def test_the_successor_plan_is_assessed_at_its_end(demo, sheet, tmp_path):
    call_command(
        "load_plan", "--xlsx", str(sheet), "--plan", CODE, "--create-departments", stdout=io.StringIO()
    )
    successor = Plan.objects.get(code=CODE)
    first = Indicator.objects.get(plan=successor, number=1)
    target = next(t for t in first.targets.all() if t.year == successor.last_year)
    Figure.objects.create(
        indicator=first, year=successor.last_year, value=target.value + Decimal(1), status="approved"
    )
    assessment = assessment_build(successor, today=TODAY)
    assert assessment.final_year == successor.last_year
    row = next(r for r in assessment.rows if r.indicator == first)
    assert row.verdict == "已达标"
    assert sum(assessment.counts.values()) == Indicator.objects.main().filter(plan=successor).count()
    assert assessment.chapters == []  # a plan from a sheet has no tasks
    path = tmp_path / "successor.docx"
    assessment_document(assessment).save(path)
    assert successor.name in "\n".join(p.text for p in Document(str(path)).paragraphs)
    out = io.StringIO()
    call_command("export_assessment", "--plan", CODE, "-o", str(tmp_path / "s.xlsx"), stdout=out)
    assert "已导出" in out.getvalue()
