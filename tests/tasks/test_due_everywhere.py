"""One meaning of 逾期 (core.due) on the demo data: 我的待办, the unit's page, the 催报 email and /tasks/reports/ say
the same of 华士镇, and nothing is 逾期 beside a 截止日期 that reads “未设置”."""

import re
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from departments.models import User
from tasks.models import ProgressReport
from tasks.reminders import reminders_preview
from tests.tasks.helpers import report

pytestmark = pytest.mark.usefixtures("plan")

# 2026 上半年 has ended and its default deadline (07-31) has not passed; 2025's periods are past theirs.
TODAY = date(2026, 7, 15)
LATER = date(2026, 8, 15)


def at(monkeypatch, day: date) -> date:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
    return day


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def overdue_count(html: str) -> int:
    found = re.search(r"逾期 (\d+) 项", html)
    return int(found.group(1)) if found else 0


@pytest.fixture
def today(monkeypatch):
    return at(monkeypatch, TODAY)


def test_no_row_is_overdue_beside_an_unset_deadline(demo, today):
    html = client_for("hsz").get("/").content.decode()
    rows = re.findall(r"<tr class=.*?</tr>", html, flags=re.S)
    late = [row for row in rows if 'class="badge late">逾期' in row]
    assert late and "未设置" not in html
    assert all(re.search(r"\d{4}-\d{2}-\d{2}", row) for row in late)
    h1_2025 = [row for row in late if "上半年" in row and "/2025/h1/" in row]
    assert h1_2025 and all("2025-07-31" in row and "（默认）" in row for row in h1_2025)
    # 2026 上半年 is 待报 (due by 07-31), not 逾期.
    assert not [row for row in late if "/2026/h1/" in row]


def test_home_unit_page_and_reminder_count_the_same_items(demo, today):
    home = client_for("hsz").get("/").content.decode()
    unit_page = client_for("coordinator").get("/departments/hsz/").content.decode()
    reminders, _ = reminders_preview(today=TODAY)
    email = next(r for r in reminders if r.department.code == "hsz")
    lines = [line for line in email.body.splitlines() if line.startswith("· ")]

    overdue = overdue_count(home)
    assert overdue > 0
    assert sum(line.endswith("，已逾期") for line in lines) == overdue
    assert overdue_count(unit_page) == overdue
    assert f"到期未报 {email.item_count} 项" in unit_page
    assert "没有到期未报的任务推进报告" not in unit_page
    # The coordinator opens a period's reports of the unit in the review queue (the batch page is the unit's).
    assert "/tasks/reports/?department=hsz&amp;year=2026&amp;period=h1&amp;status=all" in unit_page
    assert email.item_count == len(lines) and any("2026年上半年" in line for line in lines)


def test_late_units_are_overdue_only_after_the_deadline(demo, monkeypatch):
    coordinator = client_for("coordinator")
    at(monkeypatch, TODAY)
    html = coordinator.get("/tasks/reports/").content.decode()
    assert "逾期未报送的单位" not in html
    assert "未报送的单位 <span" in html and "2026年上半年 · 截止日期 2026-07-31（默认），尚未逾期" in html
    at(monkeypatch, LATER)
    html = coordinator.get("/tasks/reports/").content.decode()
    assert "逾期未报送的单位 <span" in html and "2026年上半年 · 截止日期 2026-07-31（默认） ·" in html


def test_the_report_queue_offers_the_years_tasks_are_reported_in(demo, today):
    hsz = User.objects.get(username="hsz")
    this_year = report(hsz, "4.1", year=2026, period="h1", today=TODAY)
    last_year = report(hsz, "4.1", year=2025, period="h1", today=TODAY)
    coordinator = client_for("coordinator")
    html = coordinator.get("/tasks/reports/").content.decode()
    options = re.findall(r'<option value="(\d{4})"', html)
    # Reported from 2024 (the plan came out in December 2023); the chapter goals run to 2030: up to this year.
    assert options == ["2024", "2025", "2026"]
    html = coordinator.get("/tasks/reports/?year=2026").content.decode()
    assert '<option value="2026" selected>' in html
    queue = html.split("<tbody>")[1].split("</tbody>")[0]
    assert f"/tasks/reports/{this_year.pk}/accept/" in queue
    assert f"/tasks/reports/{last_year.pk}/accept/" not in queue
    assert ProgressReport.objects.filter(year=2026).exists()


def test_the_late_units_follow_the_year_and_period_filter(demo, today):
    """?year=2025 lists who did not report for 2025 (its latest period ended, 全年), not 2026上半年's."""
    coordinator = client_for("coordinator")
    late = (
        coordinator.get("/tasks/reports/?year=2025").content.decode().split('<section class="late-units">')[1]
    )
    assert "2025年全年 · 截止日期" in late and "2026年上半年" not in late
    late = coordinator.get("/tasks/reports/?year=2025&period=h1").content.decode()
    assert "2025年上半年 · 截止日期 2025-07-31（默认）" in late.split('<section class="late-units">')[1]
    late = (
        coordinator.get("/tasks/reports/?year=2026").content.decode().split('<section class="late-units">')[1]
    )
    assert "2026年上半年 · 截止日期 2026-07-31（默认）" in late and "华士镇" in late
