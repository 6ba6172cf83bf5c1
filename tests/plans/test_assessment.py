"""终期评估 of the seed plan on the demo figures: the page, the .xlsx and the .docx, indicator 5 on the period's
averages, and ending a plan."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from docx import Document

from core.docx import cjk_tidy
from departments.models import User
from indicators import rules, services
from indicators.models import Figure, Indicator
from plans.assessment import VERDICTS, assessment_build
from tests.conftest import seed_plan

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 27)


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def handed_in(number: int | None, year: int, code: str | None = None) -> Decimal | None:
    found = Figure.objects.filter(year=year, period="year", status__in=["submitted", "approved"])
    found = found.filter(indicator__code=code) if code else found.filter(indicator__number=number)
    figure = found.first()
    return figure.value if figure else None


def test_every_verdict_is_the_final_years_rule(demo):
    assessment = assessment_build(seed_plan(), today=TODAY)
    assert assessment.final_year == 2025 and len(assessment.rows) == 18
    for row in assessment.rows:
        target = row.target
        rule = target.rule(adjusted=True, default_tolerance=Decimal("0.01"))
        value = handed_in(row.indicator.number, 2025)
        if target.kind == "relative":
            code = target.reference.code
            series = [(y, handed_in(5, y), handed_in(None, y, code)) for y in (2023, 2024, 2025)]
            expected = rules.evaluate_final(rule, value, reference=series[-1][2], series=series)
        else:
            rank = Figure.objects.get(indicator=row.indicator, year=2025, period="year").rank
            expected = rules.evaluate(rule, value, rank=rank)
        assert row.evaluation == expected, row.indicator
    assert sum(assessment.counts.values()) == 18
    assert list(assessment.counts) == VERDICTS


def test_indicator_5_is_judged_on_the_averages_not_the_last_year(demo):
    """A good 2025 hides two bad years: the annual rule would say 已达标, the final assessment says 未达标."""
    indicator = Indicator.objects.get(number=5)
    growth = {2023: Decimal("6.4"), 2024: Decimal("7.5"), 2025: Decimal("6.8")}  # the demo's companion series
    for year, value in ((2023, "3"), (2024, "4"), (2025, "12")):
        Figure.objects.filter(indicator=indicator, year=year, period="year").update(value=Decimal(value))
    row = next(r for r in assessment_build(seed_plan(), today=TODAY).rows if r.indicator == indicator)
    mean, ref = Decimal(19) / 3, sum(growth.values()) / 3
    assert mean < ref and Decimal(12) > growth[2025]
    assert row.verdict == "未达标"
    assert row.evaluation.reason.startswith("3 年平均增速 6.33%，低于规上工业同期平均增速 6.9%")


def test_page_and_downloads(demo):
    client = client_for("leader")
    html = client.get("/plans/mfg2023/assessment/").content.decode()
    assessment = assessment_build(seed_plan(), today=TODAY)
    assert assessment.verdict in html
    assert "结束规划" not in html  # a leader reads, the coordinator ends the plan

    book = openpyxl.load_workbook(io.BytesIO(client.get("/plans/mfg2023/assessment.xlsx").content))
    sheet = book["指标终期评估"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "江阴制造强市建设工作任务主要指标终期评估（2023—2025年）"
    header = rows[3]
    assert header[:7] == ("一级指标", "序号", "指标", "单位", "2022年基数", "2025年目标", "2025年完成值")
    assert header[9] == "终期评价"
    verdicts = [r[9] for r in rows[4:]]
    assert len(verdicts) == 18 and set(verdicts) <= set(VERDICTS)
    assert [r[1] for r in rows[4:]] == [r.indicator.number for r in assessment.rows]
    assert "任务量化目标" in book.sheetnames

    response = client.get("/plans/mfg2023/assessment.docx")
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "《江阴制造强市建设工作任务》" in text and "终期评估报告" in text
    assert cjk_tidy(assessment.verdict) in text  # as laid out: no space between Chinese and digits
    table = document.tables[-1]
    assert len(table.rows) == 1 + 18
    assert table.rows[0].cells[4].text == "2022年\n基数"


def test_export_assessment_command(demo, tmp_path):
    out = io.StringIO()
    call_command("export_assessment", "--plan", "mfg2023", "-o", str(tmp_path / "a.xlsx"), stdout=out)
    assert "已导出 18 项指标的终期评估" in out.getvalue()
    call_command(
        "export_assessment", "--plan", "mfg2023", "--docx", "-o", str(tmp_path / "a.docx"), stdout=out
    )
    assert Document(str(tmp_path / "a.docx")).paragraphs
    with pytest.raises(CommandError, match="没有代码为“x”的规划（已有：mfg2023）"):
        call_command("export_assessment", "--plan", "x", "-o", str(tmp_path / "b.xlsx"))
    with pytest.raises(CommandError, match=r"应以 \.docx 结尾（--docx 生成 Word 文档）"):
        call_command("export_assessment", "--plan", "mfg2023", "--docx", "-o", str(tmp_path / "c.xlsx"))
    with pytest.raises(CommandError, match=r"应以 \.xlsx 结尾"):
        call_command("export_assessment", "--plan", "mfg2023", "-o", str(tmp_path / "c.docx"))
    assert not (tmp_path / "c.xlsx").exists() and not (tmp_path / "c.docx").exists()


def test_ending_a_plan_makes_its_figures_read_only(demo):
    assert not Figure.objects.filter(indicator__number=8, year=2024).exists()  # the demo left it unreported
    reporter = User.objects.get(username=Indicator.objects.get(number=8).lead.code)
    assert client_for(reporter.username).get("/entry/2024/8/").status_code == 200

    assert client_for("leader").post("/plans/mfg2023/close/").status_code == 403
    response = client_for("coordinator").post("/plans/mfg2023/close/")
    assert response.status_code == 302 and seed_plan().is_closed

    client = client_for(reporter.username)
    html = client.get("/entry/2024/8/").content.decode()
    assert "保存草稿" not in html
    assert client.post("/entry/2024/8/", {"value": "1", "version": "0", "action": "save"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.figure_save(
            user=reporter,
            indicator=Indicator.objects.get(number=8),
            year=2024,
            data=services.FigureInput(value=Decimal("1")),
            version=0,
            submit=False,
        )
