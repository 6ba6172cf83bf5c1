"""No export hands a spreadsheet a formula [ASVS 1.2.10]: text that starts with = + - @ (or a tab or carriage
return), or with their full-width and other compatibility forms (＝ ＋ － ＠ …), is written with a leading "'", in
every exporter and the admin's django-import-export resources."""

import io
import sys
import unicodedata
from decimal import Decimal

import pytest
from django.contrib import admin
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from core.resources import EscapingResource
from core.xlsx import FORMULA_STARTS, escape_formula
from departments import roles
from departments.models import Department
from indicators.admin import CategoryResource
from indicators.models import Category, Figure, Indicator
from plans.models import Plan
from tasks.models import Task
from tests.conftest import make_user
from tests.core.test_admin import export_xlsx
from tests.tasks.helpers import report

formula_text = st.builds(lambda start, rest: start + rest, st.sampled_from(FORMULA_STARTS), st.text())


@given(st.text() | formula_text)
def test_escape_formula_never_returns_formula_text(text):
    escaped = escape_formula(text)
    assert not escaped.startswith(FORMULA_STARTS)
    assert escaped == ("'" + text if text.startswith(FORMULA_STARTS) else text)  # nothing else is touched


def starts_a_formula(text: str) -> bool:
    """The rule, stated independently of FORMULA_STARTS: the first character is a tab or CR, or becomes one of
    = + - @ under compatibility normalisation (full width, small forms, super- and subscripts)."""
    return text[:1] in ("\t", "\r") or unicodedata.normalize("NFKC", text[:1]) in ("=", "+", "-", "@")


def test_formula_starts_hold_every_form_of_the_four_signs():
    every = {c for c in map(chr, range(sys.maxunicode + 1)) if starts_a_formula(c)}
    assert every == set(FORMULA_STARTS)
    assert {"＝", "＋", "－", "＠"} <= every


@given(st.characters() | st.sampled_from(["＝", "＋", "－", "＠", "﹦", "⁺"]), st.text())
def test_escape_formula_follows_the_rule(first, rest):
    text = first + rest
    assert escape_formula(text) == ("'" + text if starts_a_formula(text) else text)


@given(st.none() | st.integers() | st.decimals(allow_nan=False) | st.dates() | st.booleans())
def test_escape_formula_leaves_other_values_alone(value):
    assert escape_formula(value) is value


@given(st.text() | formula_text)
def test_admin_resources_escape_every_exported_text(text):
    # A resource built on EscapingResource, as every admin resource is (checked below).
    row = CategoryResource().export_resource(Category(plan=Plan(code="mfg2023"), name=text, sort_order=3))
    assert row[1] == escape_formula(text)


def test_every_admin_resource_escapes():
    resources = [
        r
        for model_admin in admin.site._registry.values()
        for r in getattr(model_admin, "resource_classes", [])
    ]
    assert resources
    assert all(issubclass(r, EscapingResource) for r in resources), resources


POISON = {
    "department": '=HYPERLINK("http://evil.example","商务局")',
    "short_name": "+商务局",
    "indicator": "-1+1 高新技术产品出口额占比",
    "explanation": "@SUM(1+1)*cmd",
    "task": "＝1+1 夯实信息基础设施",  # full width: an input method's = and -
    "progress": "－2+3 推进顺利",
}


@pytest.fixture
def poisoned(plan, coordinator):
    """市商务局, indicator 4, its submitted 2024 figure and 市工信局's report on task 4.3, all with text that
    a spreadsheet would run as a formula."""
    Department.objects.filter(code="swj").update(name=POISON["department"], short_name=POISON["short_name"])
    Indicator.objects.filter(number=4).update(name=POISON["indicator"])
    Task.objects.filter(number="4.3").update(title=POISON["task"])
    Figure.objects.create(
        indicator=Indicator.objects.get(number=4),
        year=2024,
        value=Decimal("16.8"),
        status=Figure.Status.SUBMITTED,
        explanation=POISON["explanation"],
    )
    gxj = make_user("gxj-reporter", roles.REPORTER, "gxj")
    report(gxj, "4.3", ["1"] * 10, year=2025, period="h1", progress=POISON["progress"])


def cells(content: bytes) -> list:
    workbook = load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def assert_escaped(all_cells: list, expected: list[str]) -> None:
    texts = [c.value for c in all_cells if isinstance(c.value, str)]
    assert not [c.coordinate for c in all_cells if c.data_type == "f"], "导出中有公式单元格"
    assert not [t for t in texts if t.startswith(FORMULA_STARTS)], "导出中有未转义的公式文本"
    for key in expected:
        assert any(t.startswith("'" + POISON[key]) for t in texts), key


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/reports/appendix.xlsx?year=2024", ["short_name", "indicator"]),
        ("/imports/template/?year=2024", ["short_name", "indicator", "explanation"]),
        ("/imports/figures.xlsx", ["department", "indicator", "explanation"]),
        ("/tasks/export/?year=2025&period=h1", ["progress"]),
    ],
)
def test_each_exporter_escapes_formula_text(url, expected, poisoned, client, coordinator):
    client.force_login(coordinator)
    response = client.get(url)
    assert response.status_code == 200
    assert_escaped(cells(b"".join(response) if response.streaming else response.content), expected)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "expected"),
    [
        (Department, ["department", "short_name"]),
        (Indicator, ["indicator"]),
        (Figure, ["explanation"]),
        (Task, ["task"]),
    ],
)
def test_each_admin_export_escapes_formula_text(model, expected, poisoned, admin_client):
    rows = export_xlsx(admin_client, model)
    texts = [value for row in rows for value in row if isinstance(value, str)]
    assert not [t for t in texts if t.startswith(FORMULA_STARTS)]
    for key in expected:
        assert any(t.startswith("'" + POISON[key]) for t in texts), key
