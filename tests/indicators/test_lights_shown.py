"""红黄绿 where people see it: the facts indicators/lights.py and tasks/lights.py take from the dashboard's rows and
the task tree (returns, 约束性 behind pace, overdue, a task unit's miss), and the badge with its word on the
dashboard, the task tree, 我的待办 and the unit page, counted in the 通报."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from docx import Document

from indicators.models import Indicator
from indicators.services import FigureInput, figure_approve, figure_return, figure_save
from indicators.standings import standings_build
from tests.conftest import seed_plan

pytestmark = pytest.mark.django_db
TODAY = date(2025, 3, 3)  # the 2024 annual figures were due by 31 January


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def light_of(number: int, year: int, period: str = "year"):
    rows = standings_build(plan=seed_plan(), year=year, period=period, today=TODAY).rows
    return next(r.light for r in rows if r.indicator.number == number)


def save(user, number, year, value, period="year"):
    indicator = Indicator.objects.get(number=number)
    figure = indicator.figures.filter(year=year, period=period).first()
    return figure_save(
        user=user,
        indicator=indicator,
        year=year,
        period=period,
        data=FigureInput(value=Decimal(value)),
        version=figure.version if figure else 0,
        submit=True,
    )


def test_overdue_is_red(today, reporter_swj):
    light = light_of(4, 2024)
    assert (light.word, light.reason) == ("红", "逾期未报（截止1月31日）")


def test_returned_twice_is_red_until_approved(today, reporter_swj, coordinator):
    for reason in ("口径有误", "请附说明"):
        figure = save(reporter_swj, 4, 2024, "16.8")
        figure_return(user=coordinator, figure_id=figure.pk, reason=reason)
    figure = save(reporter_swj, 4, 2024, "16.8")
    assert light_of(4, 2024).reasons == ("已退回2次",)
    figure_approve(user=coordinator, figure_id=figure.pk)
    assert light_of(4, 2024).label == "● 绿 已达标"  # 16.8% against 16.5


def test_behind_pace_is_yellow_and_red_when_binding(today, reporter_swj):
    save(reporter_swj, 4, 2023, "13.9", period="h1")  # no progress from the 13.9 baseline toward 15
    assert light_of(4, 2023, "h1").word == "黄"
    assert "落后序时进度" in light_of(4, 2023, "h1").reasons
    Indicator.objects.filter(number=4).update(attribute=Indicator.Attribute.BINDING)
    assert light_of(4, 2023, "h1").reasons[0] == "约束性指标落后序时进度"


def test_the_badge_is_on_every_page_and_counted_in_the_bulletin(
    today, reporter_swj, reporter_gxj, coordinator, leader, tmp_path
):
    board = signed_in(coordinator).get("/?year=2024").content.decode()
    assert "● 红 逾期未报" not in board  # the dot is a decoration: the word and the reason are the text
    assert '<span aria-hidden="true">●</span> 红 逾期未报（截止1月31日）' in board
    assert "红灯 18 项" in board  # no 2024 figure at all: every indicator is overdue

    tree = signed_in(coordinator).get("/tasks/?year=2024&period=year").content.decode()
    assert '<span aria-hidden="true">●</span> 红' in tree and "红灯：逾期未报" in tree

    home = signed_in(reporter_swj).get("/").content.decode()
    assert '<span aria-hidden="true">●</span> 红 逾期未报（截止1月31日）' in home

    unit = signed_in(leader).get("/departments/swj/").content.decode()
    assert "红黄绿预警" in unit and "红灯" in unit and "逾期未报" in unit

    path = tmp_path / "通报.docx"
    call_command("export_bulletin", "--year", "2024", "-o", str(path), stdout=io.StringIO())
    text = "\n".join(p.text for p in Document(path).paragraphs)
    assert "红黄绿预警：红灯18项、黄灯0项、绿灯0项" in text


def test_a_task_unit_whose_whole_target_was_due_and_missed_is_red(today, reporter_gxj, coordinator):
    from tasks.lights import light_rows, report_returns
    from tasks.selectors import Slot, task_plan, tree
    from tests.tasks.helpers import report

    report(reporter_gxj, "5.1", ["1"] * 10, year=2024, period="year")  # far below 每年…100个, due in full
    slot = Slot(2024, "year")
    rows = [row for chapter in tree(plan=task_plan(), slot=slot, today=TODAY) for row in chapter.tasks]
    light_rows(rows, slot, deadlines={}, returns=report_returns(), today=TODAY)
    row = next(r for r in rows if r.task.number == "5.1")
    unit = next(u for u in row.reporting_units if u.department.code == "gxj")
    assert unit.light.word == "红" and "未达标" in unit.light.reasons
    assert row.light.word == "红"
