"""The successor plan in use: loaded from its sheet beside the seed plan, a 2027 figure entered by the lead
department through the form, approved, shown on the 2027 dashboard and written to the 2027 report."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.test import Client

from indicators.models import Figure
from tests.conftest import SEED_PLAN
from tests.plans.sheets import CODE

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_2027_figure_of_the_successor_plan_from_entry_to_report(
    successor, reporter_gxj, reporter_swj, coordinator, leader, tmp_path
):
    reporter = client_for(reporter_gxj)
    form = reporter.get("/entry/2027/1/").content.decode()
    assert "规上制造业全员劳动生产率" in form and "<strong>42</strong>" in form  # the successor's 2027 target
    response = reporter.post("/entry/2027/1/", {"value": "42.6", "version": 0, "submit": "1"})
    assert response.status_code == 302
    figure = Figure.objects.get(indicator__number=1, year=2027)
    assert (figure.indicator.plan.code, figure.value, figure.status) == (CODE, Decimal("42.6"), "submitted")
    # 市商务局 leads no indicator of the successor plan.
    other = client_for(reporter_swj).post("/entry/2027/1/", {"value": "1", "version": 1, "save": "1"})
    assert other.status_code == 403
    response = client_for(coordinator).post(f"/figures/{figure.pk}/approve/", {"version": figure.version})
    assert response.status_code == 302
    assert Figure.objects.get(pk=figure.pk).status == "approved"

    board = client_for(leader).get("/dashboard/?year=2027").content.decode()
    assert "2027年" in board and "规上制造业全员劳动生产率" in board and "42.6" in board
    assert "制造业上市公司数量占无锡市比重" in board  # the successor's indicator 9, not the seed's 15
    assert "营业收入超百亿元工业企业数" not in board  # a seed-only indicator

    path = tmp_path / "report-2027.xlsx"
    call_command("export_report", "--year", "2027", "-o", str(path), stdout=io.StringIO())
    sheet = openpyxl.load_workbook(path).active
    assert sheet["A1"].value == "江阴市“十五五”制造强市建设主要指标完成情况（2027年）"
    header = [cell.value for cell in sheet[3]]
    assert header[4:10] == ["2025年", "2026年目标", "2027年目标", "2028年目标", "2029年目标", "2030年目标"]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=4, values_only=True) if row[1]}
    assert len(rows) == 11
    one = rows[1]
    assert one[2] == "规上制造业全员劳动生产率△" and one[3] == "万元/人" and one[4] == 40.2
    assert one[header.index("完成值")] == 42.6 and one[header.index("状态")] == "已达标"
    assert rows[5][header.index("2030年目标")] == "力争65"  # an irregular target as written

    # The seed plan's own years still export its own appendix.
    seed_path = tmp_path / "report-2025.xlsx"
    call_command(
        "export_report", "--year", "2025", "--plan", SEED_PLAN, "-o", str(seed_path), stdout=io.StringIO()
    )
    seed_header = [cell.value for cell in openpyxl.load_workbook(seed_path).active[3]]
    assert seed_header[4:8] == ["2022年", "2023年目标", "2024年目标", "2025年目标"]
