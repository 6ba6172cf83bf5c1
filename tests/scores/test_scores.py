"""考核 from a fixture whose every component is known by hand (2024, seen on 1 March 2025): the page, the export
and the command agree with the hand count and with each other; the coordinator's adjustment and the weights
edited in the admin change the next score; who may see and do what.

The units and what they did (2024 annual deadline set to 20 January 2025; 上半年 keeps its default, 31 July):
- 人民银行江阴支行 (rmyh): indicator 17 (32 ≥ 30, 已达标) returned once, resubmitted 10 January with an unconfirmed
  数据质量提示, approved; task 6.1 上半年 on time (20 July), 全年 late (10 February). 应报 3, 按时 2, 迟报 1;
  (30×2/3 + 30×1 + 20×1) / 80 = 87.5, − 2 (a return) − 1 (the hint) = 84.5.
- 市委组织部 (zzb): indicator 18 (12 ≥ 10) on time (15 January) with a confirmed hint (0 points), approved;
  6.4 上半年 a draft, 全年 submitted and returned; 1.4 nothing. 应报 5, 按时 1, 未报 4 (all 逾期), 退回 1;
  (30×1/5 + 30×1) / 60 = 60.0, − 2 = 58.0, + 1.5 by the coordinator = 59.5.
- 市科技局 (kjj): 1.4 全年 on time (15 January) but behind (100 of 2000 …); nothing else of 7 tasks and
  indicators 7 and 16. 应报 16, 按时 1, 未报 15; (30×1/16 + 30×0/2 + 20×0/1) / 80 = 2.34… → 2.3.
- 市工商联 (gsl): 1.4 only, nothing handed in: 应报 2, 逾期 2, 0.0 — as every other unit with an account, all tied
  4th (a unit with no account owes nothing: tasks/owed.py).
"""

import io
import re
from datetime import date, datetime, time
from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from departments import roles
from departments.models import User
from indicators import services as figure_services
from indicators.models import Figure, Indicator, Period
from indicators.services import FigureInput
from scores.models import ScoreAdjustment, ScoringRule
from tasks import services as task_services
from tasks.models import ProgressReport
from tests.conftest import make_user, shared_by_module
from tests.tasks.helpers import report

pytestmark = pytest.mark.django_db

TODAY = date(2025, 3, 1)
YEAR = 2024


def at(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=timezone.get_current_timezone())


def submitted_on(record, day: date) -> None:
    """The submission as if made on that day (the fixture is built today)."""
    type(record).objects.filter(pk=record.pk).update(submitted_at=at(day))


@pytest.fixture(scope="module")
def scored(django_db_setup, django_db_blocker):
    with shared_by_module(django_db_blocker):
        coordinator = make_user("score-coordinator", roles.COORDINATOR, "gxj", is_staff=True)
        rmyh = make_user("score-rmyh", roles.REPORTER, "rmyh")
        zzb = make_user("score-zzb", roles.REPORTER, "zzb")
        kjj = make_user("score-kjj", roles.REPORTER, "kjj")
        make_user("score-gsl", roles.REPORTER, "gsl")  # an account: it owes its reports (tasks/owed.py)
        figure_services.deadline_set(
            user=coordinator, year=YEAR, period=Period.YEAR, due_date=date(2025, 1, 20)
        )

        def figure(user, number, value, **quality):
            indicator = Indicator.objects.get(number=number)
            data = FigureInput(value=Decimal(value), **quality)
            return figure_services.figure_save(
                user=user, indicator=indicator, year=YEAR, data=data, version=0, submit=True
            )

        f17 = figure(rmyh, 17, "32")
        f17 = figure_services.figure_return(user=coordinator, figure_id=f17.pk, reason="请核对口径")
        f17 = figure_services.figure_save(
            user=rmyh,
            indicator=f17.indicator,
            year=YEAR,
            data=FigureInput(value=Decimal("32"), quality_findings="较上年变化异常"),
            version=f17.version,
            submit=True,
        )
        submitted_on(f17, date(2025, 1, 10))
        figure_services.figure_approve(user=coordinator, figure_id=f17.pk)
        h1 = report(rmyh, "6.1", year=YEAR, period="h1", today=TODAY, accept_by=coordinator)
        submitted_on(h1, date(2024, 7, 20))
        submitted_on(report(rmyh, "6.1", year=YEAR, period="year", today=TODAY), date(2025, 2, 10))

        f18 = figure(
            zzb,
            18,
            "12",
            quality_findings="较上年变化异常",
            quality_confirmed=True,
            quality_note="已与统计局核对",
        )
        submitted_on(f18, date(2025, 1, 15))
        figure_services.figure_approve(user=coordinator, figure_id=f18.pk)
        report(zzb, "6.4", year=YEAR, period="h1", today=TODAY, submit=False)
        returned = report(zzb, "6.4", year=YEAR, period="year", today=TODAY)
        task_services.report_return(user=coordinator, report_id=returned.pk, reason="请补充")

        behind = report(
            kjj,
            "1.4",
            [None, None, None, None, "100", "100", "10", "10", "1"],
            year=YEAR,
            period="year",
            today=TODAY,
        )
        submitted_on(behind, date(2025, 1, 15))
        yield coordinator


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def coordinator(scored, client):
    user = User.objects.get(username="score-coordinator")
    client.force_login(user)
    return client


def adjust(client, code="zzb", points="1.5", reason="承担专项督查任务"):
    return client.post(
        "/scores/adjust/",
        {"year": YEAR, "plan": "mfg2023", "department": code, "points": points, "reason": reason},
    )


def page_rows(html: str) -> dict[str, list[str]]:
    """The table's rows by unit code: each cell's text."""
    rows = {}
    for code, body in re.findall(r'<tr id="unit-([\w-]+)">(.*?)</tr>', html, re.S):
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", body, re.S)
        rows[code] = [re.sub(r"<[^>]+>", "", c).strip() for c in cells]
    return rows


# 排名, 单位, 应报, 按时, 迟报, 未报, 逾期, 按时率, 退回, 未核实, 已核实, 达标/应评, 完成率, 进度/滞后, 推进率,
# 督办单, 督办率, 基础分, 扣分, 调整, 得分
EXPECTED = {
    "rmyh": [
        "1",
        "人民银行江阴支行",
        "3",
        "2",
        "1",
        "0",
        "0",
        "66.7",
        "1",
        "1",
        "0",
        "1/1",
        "100",
        "1/0",
        "100",
        "0/0",
        "—",
        "87.5",
        "3",
        "0",
        "84.5",
    ],
    "zzb": [
        "2",
        "市委组织部",
        "5",
        "1",
        "0",
        "4",
        "4",
        "20",
        "1",
        "0",
        "1",
        "1/1",
        "100",
        "—",
        "—",
        "0/0",
        "—",
        "60",
        "2",
        "1.5",
        "59.5",
    ],
    "kjj": [
        "3",
        "市科技局",
        "16",
        "1",
        "0",
        "15",
        "15",
        "6.3",
        "0",
        "0",
        "0",
        "0/2",
        "0",
        "0/1",
        "0",
        "0/0",
        "—",
        "2.3",
        "0",
        "0",
        "2.3",
    ],
    "gsl": [
        "4",
        "市工商联",
        "2",
        "0",
        "0",
        "2",
        "2",
        "0",
        "0",
        "0",
        "0",
        "—",
        "—",
        "—",
        "—",
        "0/0",
        "—",
        "0",
        "0",
        "0",
        "0",
    ],
}


def test_page_export_and_command_equal_the_hand_count(
    coordinator, today, django_assert_max_num_queries, tmp_path
):
    assert adjust(coordinator).status_code == 302
    # a fixed number however many units: with the 督办单 counts and who owes which period (first accounts, waivers)
    with django_assert_max_num_queries(35):
        response = coordinator.get("/scores/", {"plan": "mfg2023", "year": YEAR})
    html = response.content.decode()
    rows = page_rows(html)
    for code, expected in EXPECTED.items():
        assert rows[code][:-1] == expected, code
    assert "承担专项督查任务" in rows["zzb"][-1]
    assert 'data-chart="scores"' in html and 'id="chart-scores"' in html
    assert (
        "督办单 20" in html
    )  # the supervision app is installed: no unit had a reply due, so none is weighed

    download = coordinator.get("/scores/export.xlsx", {"plan": "mfg2023", "year": YEAR})
    out = tmp_path / "scores.xlsx"
    call_command(
        "export_scores", "--year", str(YEAR), "--plan", "mfg2023", "-o", str(out), stdout=io.StringIO()
    )
    for source in (io.BytesIO(download.content), out):
        sheet = load_workbook(source).active
        assert sheet["A1"].value == "制造强市建设2024年度责任单位考核得分表"
        values = [[c for c in r] for r in sheet.iter_rows(min_row=5, values_only=True)]
        assert len(values) == len(rows)
        by_name = {r[1]: r for r in values}
        page_by_name = {r[1]: r for r in rows.values()}
        for name, cells in by_name.items():
            shown = [
                ""
                if v is None
                else (format(Decimal(str(v)).normalize(), "f") if isinstance(v, (int, float)) else str(v))
                for v in cells
            ]
            assert shown[:-1] == page_by_name[name][:-1], name


def test_adjustment_kept_with_history_and_reason_required(coordinator, today):
    assert adjust(coordinator, points="1.5").status_code == 302
    adjust(coordinator, points="-2", reason="报送材料不实")
    response = adjust(coordinator, points="3", reason="  ")
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "请填写调整理由。" in messages
    adjustment = ScoreAdjustment.objects.get(department__code="zzb", year=YEAR)
    assert adjustment.points == Decimal("-2") and adjustment.reason == "报送材料不实"
    assert [h.points for h in adjustment.history.order_by("history_id")] == [Decimal("1.5"), Decimal("-2")]
    html = coordinator.get("/scores/", {"year": YEAR}).content.decode()
    assert page_rows(html)["zzb"][-2] == "56"  # 58.0 − 2
    assert "得分调整记录" in html and "报送材料不实" in html and "承担专项督查任务" in html
    response = adjust(coordinator, points="25")
    assert "调整分值不能超过 20 分。" in [str(m) for m in response.wsgi_request._messages]
    response = adjust(coordinator, points="abc")
    assert "调整分值须是数字，如 2 或 -1.5。" in [str(m) for m in response.wsgi_request._messages]


def test_weights_edited_in_the_admin_change_the_next_score(coordinator, today):
    """Through the admin's change form, as the coordinator: timeliness weighs nothing, a return costs 5."""
    # The row the migration seeds (a transactional test run before this one on the worker empties every table).
    import_module("scores.migrations.0002_default_rule").seed(django_apps, None)
    rule = ScoringRule.objects.get()
    assert coordinator.get(f"/admin/scores/scoringrule/{rule.pk}/change/").status_code == 200
    form = {
        "weight_timeliness": "0",
        "weight_completion": "30",
        "weight_progress": "20",
        "weight_supervision": "20",
        "per_return": "5",
        "per_unconfirmed": "1",
        "per_confirmed": "0",
        "deduction_cap": "20",
    }
    response = coordinator.post(f"/admin/scores/scoringrule/{rule.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    rows = page_rows(coordinator.get("/scores/", {"year": YEAR}).content.decode())
    # rmyh: (30 + 20) / 50 = 100, − 5 − 1 = 94; zzb: 30 / 30 = 100, − 5 = 95 — now first.
    assert rows["rmyh"][-2] == "94" and rows["zzb"][-2] == "95"
    assert rows["zzb"][0] == "1" and rows["rmyh"][0] == "2"
    assert rule.history.filter(weight_timeliness=0, history_user__username="score-coordinator").exists()
    # Every weight 0 is refused with a reason.
    zero = {**form, "weight_completion": "0", "weight_progress": "0", "weight_supervision": "0"}
    assert (
        "各项权重不能全为 0。"
        in coordinator.post(f"/admin/scores/scoringrule/{rule.pk}/change/", zero).content.decode()
    )


@pytest.mark.parametrize(("username", "status"), [("leader", 200), ("reporter", 403), ("importer", 403)])
def test_who_sees_the_page(scored, client, today, username, status):
    role = {"leader": roles.LEADER, "reporter": roles.REPORTER, "importer": roles.IMPORTER}[username]
    client.force_login(make_user(f"score-{username}", role, None if username == "leader" else "swj"))
    response = client.get("/scores/", {"year": YEAR})
    assert response.status_code == status
    assert ('href="/scores/"' in response.content.decode()) == (
        status == 200
    )  # in the menu of who may see it
    assert client.get("/scores/export.xlsx", {"year": YEAR}).status_code == status
    assert adjust(client).status_code == 403
    assert not ScoreAdjustment.objects.exists()


def test_menu_and_bad_parameters(coordinator, today):
    html = coordinator.get("/scores/", {"year": "abc", "plan": "nope"}).content.decode()
    assert 'href="/scores/"' in html and "考核" in html
    assert '<option value="2024" selected>' in html  # the latest year that has ended
    response = coordinator.post(
        "/scores/adjust/", {"year": "1999", "department": "zzb", "points": "1", "reason": "x"}
    )
    assert response.status_code == 302 and not ScoreAdjustment.objects.exists()


def test_command_refuses_a_year_without_plan(scored, today):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="没有包含 2019 年的规划"):
        call_command("export_scores", "--year", "2019", "-o", "/tmp/never.xlsx", stdout=io.StringIO())
    with pytest.raises(CommandError, match="没有代码为“x”的规划"):
        call_command(
            "export_scores", "--year", "2024", "--plan", "x", "-o", "/tmp/never.xlsx", stdout=io.StringIO()
        )


def test_returns_come_from_history_rows(scored, today):
    """The 退回 counted are the workflow's history rows (a figure returned and resubmitted still counts)."""
    assert Figure.history.filter(indicator__number=17, history_change_reason__startswith="退回").count() == 1
    assert (
        ProgressReport.objects.get(department__code="zzb", task__number="6.4", period="year").status
        == "returned"
    )


def test_supervision_input_when_the_app_is_there(coordinator, today, monkeypatch):
    """The 督办单 component is one separate input: with an app answering the agreed
    `supervision.selectors.notice_counts(*, year, plan)` (department id → (应答复, 按时答复)), it is shown and weighed.
    Here a module standing in for the supervision app gives counts chosen by hand (tests/supervision/test_counts.py
    tests the real ones)."""
    import sys
    import types

    from django.apps import apps

    from departments.models import Department

    zzb = Department.objects.get(code="zzb")
    asked = {}

    def notice_counts(*, year, plan=None):
        asked.update(year=year, plan=plan.code)
        return {zzb.pk: (2, 1)}

    package, module = types.ModuleType("supervision"), types.ModuleType("supervision.selectors")
    module.notice_counts = notice_counts
    package.selectors = module
    monkeypatch.setitem(sys.modules, "supervision", package)
    monkeypatch.setitem(sys.modules, "supervision.selectors", module)
    installed = apps.is_installed
    monkeypatch.setattr(apps, "is_installed", lambda name: name == "supervision" or installed(name))
    html = coordinator.get("/scores/", {"year": YEAR}).content.decode()
    rows = page_rows(html)
    assert asked == {"year": YEAR, "plan": "mfg2023"}
    # zzb: (30×1/5 + 30×1 + 20×1/2) / 80 = 57.5, − 2 = 55.5; rmyh has no notice due: no weight, still 84.5.
    assert rows["zzb"][15:17] == ["1/2", "50"] and rows["zzb"][-2] == "55.5"
    assert rows["rmyh"][15:17] == ["0/0", "—"] and rows["rmyh"][-2] == "84.5"
    assert "督办单 20" in html
