"""A task commitment linked to an appendix indicator (commitments.yaml `indicator:`) reads that indicator's approved
figure, and says so, on the task page, the task tree, the export and the final assessment (demo data)."""

import io

import openpyxl
import pytest
from django.test import Client

from departments.models import User
from indicators import services
from indicators.models import Figure
from indicators.rules import fmt
from tasks.models import Commitment

pytestmark = pytest.mark.django_db
YEAR = "?year=2025&period=year"


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def figure(number: int, year: int) -> Figure:
    return Figure.objects.get(
        indicator__plan__code="mfg2023", indicator__number=number, year=year, period="year"
    )


def test_the_commitment_reads_its_indicators_approved_figure_everywhere(demo):
    approved = figure(13, 2025)
    assert approved.status == Figure.Status.APPROVED
    said = f"读取指标13的审定值：{fmt(approved.value)}家"
    leader = client_for("leader")
    assessment = leader.get("/plans/mfg2023/assessment/").content.decode()
    row = next(r for r in assessment.split("<tr>") if "营业收入超百亿元工业企业数达6家" in r)
    assert said in row and "未填报" not in row
    assert said in leader.get(f"/tasks/1.4/{YEAR}").content.decode()
    assert said in leader.get(f"/tasks/{YEAR}").content.decode()
    sheet = openpyxl.load_workbook(io.BytesIO(leader.get(f"/tasks/export/{YEAR}").content)).active
    targets = next(r[2] for r in sheet.iter_rows(values_only=True) if r[0] == "1.4 育强企业主体")
    assert f"营业收入超百亿元工业企业数达6家：6家（{said}，" in targets
    # The same for the 专精特新 (14) and 科技型中小企业 (16) commitments.
    for number in (14, 16):
        assert f"读取指标{number}的审定值：{fmt(figure(number, 2025).value)}家" in assessment


def test_only_an_approved_figure_is_read(demo):
    final = figure(13, 2025)
    services.figure_reopen(user=User.objects.get(username="coordinator"), figure_id=final.pk, reason="复核")
    html = client_for("leader").get(f"/tasks/1.4/{YEAR}").content.decode()
    # A level reached stays reached: the latest approved figure before it, named with its period.
    assert f"读取指标13的审定值（2024年全年）：{fmt(figure(13, 2024).value)}家" in html


def test_its_lead_is_not_asked_to_type_it(demo):
    linked = Commitment.objects.get(text="营业收入超百亿元工业企业数达6家")
    form = client_for("gxj").get("/tasks/1.4/report/2025/year/").content.decode()
    assert f'name="c{linked.pk}"' not in form
    assert "营业收入超百亿元工业企业数达6家（读取指标13的审定值）" in form
