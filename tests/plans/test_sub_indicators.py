"""Sub-indicators (issue 22): “10 … 10.1/10.2” and a number the table repeats load as a parent with children.
A parent with no target of its own is a heading (entered by no one); one with a target is an indicator too.
Both show nested on the plan page, the dashboard and the appendix export; the children are entered."""

import io

import openpyxl
import pytest
from django.test import Client

from indicators.models import Figure, Indicator
from plans.models import Plan
from tests.plans.conftest import load_sheet
from tests.plans.sheets import table_bytes

pytestmark = pytest.mark.django_db

CODE = "zb2026"
TITLE = "某市制造业转型升级主要指标（2026—2027年）"
HEADER = ["序号", "指标名称", "单位", "2026年目标", "2027年目标", "责任部门"]
ROWS = [
    [1, "制造业增加值占比", "%", "35", "36", "工信局"],
    # 10 … 10.1 / 10.2: the parent is a heading (no target, no department).
    [2, "研发投入", None, None, None, None],
    ["2.1", "规上工业企业研发经费支出占营业收入比重", "%", "2.5", "2.6", "科技局"],
    ["2.2", "高新技术企业数", "家", "1500", "1600", "科技局"],
    # A repeated number: the first row is the parent, with its own target; the second its child 3.1.
    [3, "智能制造示范工厂数", "家", "20", "25", "工信局"],
    [3, "其中：省级示范智能工厂数", "家", "5", "6", "工信局"],
]


@pytest.fixture
def nested(plan, tmp_path) -> tuple[Plan, str]:
    path = tmp_path / "子指标.xlsx"
    path.write_bytes(table_bytes(TITLE, HEADER, ROWS))
    out = load_sheet(path, "--create-departments", code=CODE)
    return Plan.objects.get(code=CODE), out


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_numbered_and_repeated_sub_indicators_load_under_their_parent(nested):
    other, _ = nested
    rows = list(
        Indicator.objects.filter(plan=other)
        .order_by("number", "sub")
        .values_list("code", "number", "sub", "parent__code", "heading", "name")
    )
    assert rows == [
        ("1", 1, 0, None, False, "制造业增加值占比"),
        ("2", 2, 0, None, True, "研发投入"),
        ("2-1", 2, 1, "2", False, "规上工业企业研发经费支出占营业收入比重"),
        ("2-2", 2, 2, "2", False, "高新技术企业数"),
        ("3", 3, 0, None, False, "智能制造示范工厂数"),
        ("3-1", 3, 1, "3", False, "其中：省级示范智能工厂数"),
    ]
    heading = Indicator.objects.get(plan=other, code="2")
    assert (heading.targets.count(), heading.lead) == (0, None)
    assert Indicator.objects.get(plan=other, code="3").targets.count() == 2  # a parent with its own target
    assert Indicator.objects.get(plan=other, code="2-1").display_number == "2.1"


def test_loading_twice_changes_nothing(nested, tmp_path):
    path = tmp_path / "again.xlsx"
    path.write_bytes(table_bytes(TITLE, HEADER, ROWS))
    out = load_sheet(path, code=CODE)
    line = next(line for line in out.splitlines() if line.startswith("指标："))
    assert line.startswith("指标：新增 0，更新 0")


def test_a_child_without_its_parent_is_an_error_naming_the_cell(plan, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(table_bytes(TITLE, HEADER, [ROWS[0], ROWS[2]]))
    with pytest.raises(Exception) as e:
        load_sheet(path, "--create-departments", code=CODE)
    assert "子指标 2.1 上方没有指标 2" in str(e.value)


def test_the_plan_page_and_dashboard_show_them_nested(nested, coordinator):
    other, _ = nested
    client = signed_in(coordinator)
    page = client.get(f"/plan/?plan={CODE}").content.decode()
    heading = page.index("研发投入")
    assert heading < page.index("规上工业企业研发经费支出") < page.index("高新技术企业数")
    assert '<tr class="subhead">' in page and 'class="sub-name"' in page
    assert ">2.1<" in page and ">3.1<" in page

    board = client.get(f"/dashboard/?plan={CODE}&year=2026").content.decode()
    assert board.count("研发投入") == 1  # the heading row, above its children, never a row to enter
    assert board.index("研发投入") < board.index("规上工业企业研发经费支出")
    assert ">2.2<" in board


def test_children_are_entered_and_the_heading_is_not(nested, reporter_gxj):
    other, _ = nested
    child = Indicator.objects.get(plan=other, code="3-1")
    client = signed_in(reporter_gxj)
    response = client.post(child.entry_url(2026), {"value": "5", "version": "0", "submit": "1"})
    assert response.status_code == 302
    assert Figure.objects.get(indicator=child).value == 5
    detail = client.get(child.get_absolute_url())
    assert detail.status_code == 200 and "其中：省级示范智能工厂数" in detail.content.decode()
    heading = Indicator.objects.get(plan=other, code="2")
    assert client.get(f"/entry/2026/2/?plan={CODE}").status_code in (403, 404)
    assert not Figure.objects.filter(indicator=heading).exists()


def test_the_appendix_export_has_the_heading_row_above_its_children(nested, coordinator):
    client = signed_in(coordinator)
    response = client.get(f"/reports/appendix.xlsx?plan={CODE}&year=2026")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    numbers = [(r[1], r[2]) for r in sheet.iter_rows(values_only=True) if r[2]]
    found = [n for n, _ in numbers if n not in ("序号", None)]
    assert found == [1, 2, "2.1", "2.2", 3, "3.1"]
    heading = next(r for r in sheet.iter_rows(values_only=True) if r[2] == "研发投入")
    assert all(v is None for v in heading[4:])


def test_the_api_gives_each_sub_indicator_the_number_the_table_prints(nested, coordinator):
    indicators = signed_in(coordinator).get(f"/api/v1/plans/{CODE}/indicators/").json()
    rows = indicators["results"] if isinstance(indicators, dict) else indicators
    shown = [(i["code"], i["number"], i["display_number"]) for i in rows]
    assert ("2-1", 2, "2.1") in shown and ("3-1", 3, "3.1") in shown and ("1", 1, "1") in shown
