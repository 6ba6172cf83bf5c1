"""An indicator two overlapping plans share (issue 22, point 3): a second plan over 2023–2025 beside the seed lists
规上工业增加值增速 (%), the seed's companion series. It links to the seed's (a link, not a copy): one figure entered
shows in both plans' dashboards and exports, and the seed's own bars and exports are unchanged."""

import io
import re

import openpyxl
import pytest
from django.test import Client

from indicators.models import Figure, Indicator
from plans.models import Plan
from tests.conftest import seed_plan
from tests.plans.conftest import load_sheet
from tests.plans.sheets import write

pytestmark = pytest.mark.django_db

CODE = "szjj2023"
HEADER = ["一级指标", "序号", "指标", "2022年", "2023年目标", "2024年目标", "2025年目标", "责任部门"]
ROWS = [
    ["数字经济", 1, "数字经济核心产业营业收入（亿元）", 700, 760, 820, 870, "工信局"],
    [None, 2, "规上工业增加值增速（%）", 6.5, 7, 7, 7, "工信局"],
]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def seed_view(client) -> tuple[list, list]:
    """What the seed shows for 2024: its dashboard's chart data and its appendix export's cells."""
    html = client.get("/dashboard/?year=2024").content.decode()
    charts = re.findall(r'<script id="chart-[a-z]+" type="application/json">(.*?)</script>', html, re.S)
    book = openpyxl.load_workbook(io.BytesIO(client.get("/reports/appendix.xlsx?year=2024").content))
    cells = [row for row in book.active.iter_rows(min_row=3, values_only=True)]
    return charts, cells


@pytest.fixture
def shared(plan, tmp_path, coordinator) -> tuple[Plan, str, tuple]:
    before = seed_view(signed_in(coordinator))
    path = write(
        tmp_path / "数字经济.xlsx", rows=ROWS, header=HEADER, title="江阴市数字经济发展主要指标", merges=[]
    )
    out = load_sheet(path, code=CODE)
    return Plan.objects.get(code=CODE), out, before


def test_load_plan_links_the_indicator_and_says_so(shared):
    other, out, _ = shared
    linked = Indicator.objects.get(plan=other, number=2)
    seeds = Indicator.objects.get(plan=seed_plan(), code="gsgyzjzzs")
    assert linked.shared_with == seeds
    assert "共用指标：2 规上工业增加值增速（%）与规划 mfg2023" in out
    assert "只在 mfg2023 填报一次" in out
    assert Indicator.objects.get(plan=other, number=1).shared_with is None  # no namesake: its own figures


def test_one_figure_entered_shows_in_both_plans(shared, reporter_gxj, coordinator):
    other, _, before = shared
    seeds = Indicator.objects.get(plan=seed_plan(), code="gsgyzjzzs")
    linked = Indicator.objects.get(plan=other, number=2)
    reporter = signed_in(reporter_gxj)
    # The linked indicator's form is the seed's: entered once.
    assert linked.entry_url(2024) == seeds.entry_url(2024)
    response = reporter.get(f"/entry/2024/{linked.code}/?plan={CODE}")
    assert response.status_code == 302 and response.url == seeds.entry_url(2024)
    response = reporter.post(seeds.entry_url(2024), {"value": "7.4", "version": "0", "submit": "1"})
    assert response.status_code == 302
    assert Figure.objects.filter(year=2024).count() == 1
    assert Figure.objects.get(year=2024).indicator == seeds

    client = signed_in(coordinator)
    board = client.get(f"/dashboard/?plan={CODE}&year=2024").content.decode()
    row = board[board.index("规上工业增加值增速") :].split("</tr>", 1)[0]
    assert "7.4" in row and "完成 7.4%，目标 7%" in row
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/reports/appendix.xlsx?plan={CODE}&year=2024").content)
    )
    found = next(r for r in book.active.iter_rows(values_only=True) if r[2] == "规上工业增加值增速")
    assert 7.4 in found
    page = client.get(f"/plan/?plan={CODE}").content.decode()
    assert "共用：" in page

    # The seed's bars and export are what they were before the second plan (its companion is no row of them).
    assert seed_view(client) == before


def test_the_shared_indicator_is_owed_once(shared, reporter_gxj):
    """The second plan's batch form and the reporter's 待办 do not ask for the shared figure a second time."""
    reporter = signed_in(reporter_gxj)
    batch = reporter.get(f"/entry/2024/batch/?plan={CODE}").content.decode()
    assert "数字经济核心产业营业收入" in batch
    assert "规上工业增加值增速" not in batch
    home = reporter.get("/").content.decode()
    assert f"/entry/2024/2/?plan={CODE}" not in home
