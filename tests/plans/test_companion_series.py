"""A target relative to a series the sheet names that no plan has yet (issue 22): “高于全区税收年均增速3个百分点以上”,
“高于全市平均水平”, “与全市经济增速保持同步” create companion series in the new plan, reported by the indicator's
lead department, so the reference is enterable and the rule judges against it."""

import pytest
from django.test import Client

from indicators.models import Indicator
from plans.sheet_companions import companion_code
from tests.plans.conftest import load_sheet
from tests.plans.sheets import table_bytes

pytestmark = pytest.mark.django_db

CODE = "qu2026"
TITLE = "某区财税与工业主要指标（2026—2027年）"
HEADER = ["序号", "指标名称", "单位", "2026年目标", "2027年目标", "责任部门"]
ROWS = [
    [
        1,
        "工业税收年均增速",
        "%",
        "高于全区税收年均增速3个百分点以上",
        "高于全区税收年均增速3个百分点以上",
        "工信局",
    ],
    [2, "制造业投资增速", "%", "高于全市平均水平", "高于全市平均水平", "发改委"],
    [3, "工业增加值增速", "%", "与全市经济增速保持同步", "与全市经济增速保持同步", "工信局"],
]


@pytest.fixture
def loaded(plan, tmp_path) -> str:
    path = tmp_path / "区.xlsx"
    path.write_bytes(table_bytes(TITLE, HEADER, ROWS))
    return load_sheet(path, code=CODE)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_each_named_series_becomes_a_companion_its_lead_reports(loaded):
    companions = Indicator.objects.filter(plan__code=CODE, number__isnull=True).order_by("name")
    assert [(c.name, c.unit, c.lead.short_name) for c in companions] == [
        ("全区税收年均增速", "%", "工信局"),
        ("全市平均水平", "%", "发改委"),
        ("全市经济增速", "%", "工信局"),
    ]
    tax = Indicator.objects.get(plan__code=CODE, number=1)
    assert {t.reference.code for t in tax.targets.all()} == {companion_code("全区税收年均增速")}
    assert "载入规划时新建" in companions[0].note


def test_loading_again_changes_nothing(loaded, tmp_path):
    path = tmp_path / "again.xlsx"
    path.write_bytes(table_bytes(TITLE, HEADER, ROWS))
    out = load_sheet(path, code=CODE)
    assert "规划数据无变化" in out


def test_the_reference_is_entered_and_the_rule_judges_against_it(loaded, reporter_gxj, coordinator):
    tax = Indicator.objects.get(plan__code=CODE, number=1)
    series = Indicator.objects.get(plan__code=CODE, code=companion_code("全区税收年均增速"))
    reporter = client_for(reporter_gxj)
    assert (
        reporter.post(series.entry_url(2026), {"value": "5", "version": "0", "submit": "1"}).status_code
        == 302
    )
    # Below the margin (7.5 is not 3 points above 5) the figure misses: the form asks why, as for any miss.
    response = reporter.post(tax.entry_url(2026), {"value": "7.5", "version": "0", "submit": "1"})
    assert response.status_code == 400
    assert (
        reporter.post(tax.entry_url(2026), {"value": "8.5", "version": "0", "submit": "1"}).status_code == 302
    )
    board = client_for(coordinator).get(f"/dashboard/?plan={CODE}&year=2026").content.decode()
    table = board[board.index("<tbody>") :]
    row = table[table.index("工业税收年均增速") :].split("</tr>", 1)[0]
    assert "全区税收年均增速" in row and "8.5" in row
    assert "3 个百分点" in row
