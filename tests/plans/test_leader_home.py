"""The leader's first screen on the demo figures: the plan's stage (终期评估 with its 达标率 once the plan has
ended, 执行中 before), met and missed with 约束性 first, no card that reads 0, task progress, and figures awaiting
review drawn as pending in the yearly chart."""

import json
import re
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from departments.models import User
from indicators.models import Figure, Indicator
from plans.assessment import assessment_build
from tests.conftest import seed_plan

pytestmark = pytest.mark.django_db
ENDED = date(2026, 11, 27)  # the seed plan's last year (2025) is over
RUNNING = date(2024, 11, 27)


def page_for(username: str, today: date, monkeypatch, url: str = "/") -> str:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today)
    client = Client()
    client.force_login(User.objects.get(username=username))
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def chart(html: str, source: str) -> list:
    return json.loads(
        re.search(rf'<script id="{source}" type="application/json">(.*?)</script>', html).group(1)
    )


def test_at_the_plans_end_the_leader_sees_the_final_assessment(demo, monkeypatch):
    html = page_for("leader", ENDED, monkeypatch)
    assessment = assessment_build(seed_plan(), today=ENDED)
    assert '<span class="badge stage-badge">终期评估</span>' in html
    assert f'达标率 <strong class="rate">{assessment.rate}%</strong>' in html
    assert 'href="/plans/mfg2023/assessment/">查看终期评估</a>' in html
    shown = [n for verdict, n in assessment.counts.items() if n]
    assert html.count('<li class="count ') == len(shown) < 8  # no card that reads 0
    assert '<span class="n">0</span>' not in html
    for row in assessment.failures:
        assert row.indicator.name_with_unit in html.split("未达目标的指标")[1]
    assert 'aria-current="page">总览</a>' in html


def test_binding_indicators_are_listed_first(demo, monkeypatch):
    failures = assessment_build(seed_plan(), today=ENDED).failures
    assert len(failures) >= 2
    last = failures[-1].indicator
    Indicator.objects.filter(pk=last.pk).update(attribute=Indicator.Attribute.BINDING)
    missed = page_for("leader", ENDED, monkeypatch).split("未达目标的指标")[1]
    first = missed.index(last.name_with_unit)
    assert all(first < missed.index(row.indicator.name_with_unit) for row in failures[:-1])
    assert 'title="约束性指标">约束性</span>' in missed


def test_figures_awaiting_review_are_drawn_as_pending(demo, monkeypatch):
    submitted = Figure.objects.filter(year=2025, period="year", status="approved", indicator__number=3)
    assert submitted.update(status="submitted") == 1
    html = page_for("leader", ENDED, monkeypatch)
    assert "2025年全年有 1 项数据已报送、尚待协调员审核，终期评估暂按报送值评价。" in html
    trend = {t["year"]: t for t in chart(html, "chart-trend")}
    assert trend[2025]["pending"] == trend[2025]["counts"]["待审核"] == 1
    assert trend[2025]["on_track"] + trend[2025]["missed"] + trend[2025]["pending"] == 18
    assert 'data-chart="trend"' in html and "<th>待审核</th>" in html  # the chart's table says it too


def test_the_tasks_at_the_plans_end(demo, monkeypatch):
    html = page_for("leader", ENDED, monkeypatch)
    tasks = html.split('id="tasks"')[1].split("</section>")[0]
    assert "2025年全年，21 项任务" in tasks
    assert 'href="/tasks/?plan=mfg2023&year=2025&period=year">查看任务推进</a>' in tasks


def test_while_the_plan_runs_the_latest_year_due(demo, monkeypatch):
    html = page_for("leader", RUNNING, monkeypatch)
    assert '<span class="badge stage-badge">执行中</span>' in html and "达标率" not in html
    assert "2023年全年完成情况" in html
    assert 'href="/dashboard/?year=2023&plan=mfg2023&standing=已达标"' in html
    assert "2024年上半年" in html.split('id="tasks"')[1]


def test_the_other_roles_keep_their_home(demo, monkeypatch):
    assert "主要指标完成情况" in page_for("coordinator", ENDED, monkeypatch)
    assert "我的待办" in page_for("gxj", ENDED, monkeypatch)


def test_the_dashboard_hides_empty_count_cards(demo, monkeypatch):
    html = page_for("leader", ENDED, monkeypatch, "/dashboard/?year=2024")
    assert '<span class="n">0</span>' not in html
    assert '<span class="label">待审核</span>' in html  # the demo's 2024 has figures awaiting review


def test_query_count(demo, monkeypatch, django_assert_max_num_queries):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: ENDED)
    client = Client()
    client.force_login(User.objects.get(username="leader"))
    client.get("/")
    with django_assert_max_num_queries(25):
        assert client.get("/").status_code == 200
