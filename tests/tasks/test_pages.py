"""The task tree and the task page: statuses per task and unit, the collective sum, who is late, and a query
count that does not grow with the number of reports."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from departments import roles
from tasks import selectors
from tasks.models import ProgressReport, Task
from tests.conftest import make_user, seed_plan
from tests.tasks.conftest import TODAY
from tests.tasks.helpers import report

pytestmark = pytest.mark.django_db

H1_2025 = selectors.Slot(2025, "h1")


def rows_by_number(slot=H1_2025):
    return {
        row.task.number: row
        for chapter in selectors.tree(plan=seed_plan(), slot=slot, today=TODAY)
        for row in chapter.tasks
    }


@pytest.fixture
def reports(gxj, hsz, yd, scjgj, coordinator):
    """2025 上半年: 4.3 behind (2 of 4 factories, 83% of the time gone), 5.2 done, 5.1 on pace (60 of 100 a
    year by June), 4.1 reported by 华士镇 but not by its lead, 3.3 behind only on a 力争 commitment."""
    report(gxj, "4.3", ["2"], progress="新建成5G全连接工厂2家。")
    report(yd, "4.3", ["1"])
    report(scjgj, "5.2", ["100", "1", "3", "5", "200"], accept_by=coordinator)
    report(gxj, "5.1", ["60"])
    report(hsz, "4.1", progress="华士镇新引进集成电路设计企业2家。")
    report(gxj, "3.3", ["2", "3"])
    report(gxj, "1.1", submit=False)  # a draft does not count


def test_task_statuses(reports):
    rows = rows_by_number()
    assert rows["4.3"].status.label == "滞后"
    assert rows["5.2"].status.label == "已完成"
    assert rows["5.1"].status.label == "按进度推进"
    assert rows["4.1"].status.label == "未报送"
    assert rows["3.3"].status.label == "按进度推进"
    assert [cr.progress.state.label for cr in rows["3.3"].commitments] == ["力争偏慢", "已达成"]
    assert rows["1.1"].status.label == "未报送"
    assert rows["6.3"].status.label == "未报送"


def test_unit_statuses(reports):
    units = {u.department.name: u.status.label for u in rows_by_number()["4.3"].reporting_units}
    assert units["市工信局"] == "滞后"  # leads the only commitment
    assert units["江阴移动"] == "按进度推进"  # reported, leads nothing
    assert units["江阴电信"] == "未报送"
    units = {u.department.name: u.status.label for u in rows_by_number()["4.1"].reporting_units}
    assert units["华士镇"] == "按进度推进" and units["市工信局"] == "未报送"


def test_a_running_period_is_not_due(reports):
    rows = rows_by_number(selectors.Slot(2025, "year"))
    assert rows["4.3"].status.label == "未到期"


def test_cumulative_and_per_year_progress_on_the_task_page(client, reports, leader, today):
    client.force_login(leader)
    html = client.get("/tasks/4.3/").content.decode()  # default: 2025 上半年, the period due
    assert "2025年上半年" in html
    assert 'aria-label="完成 50%，应达 83%"' in html  # 2 of 4 by 2025, 5/6 of the plan's time gone
    html = client.get("/tasks/5.1/").content.decode()
    assert 'aria-label="完成 60%，应达 50%"' in html  # 60 of 100 this year, half a year gone


def per_unit(number: str, *orders: int) -> None:
    """Give each unit of the task its own quota of these commitments (as a text like “各镇街…各…” would)."""
    Task.objects.get(number=number).commitments.filter(order__in=orders).update(per_unit=True)


def test_the_collective_sums_its_members(gxj, hsz, gxq, lgkfq):
    per_unit("4.2", 0, 2)
    report(hsz, "4.2", ["4", None, "3"])
    report(gxq, "4.2", ["6", "5", "4"])
    report(lgkfq, "4.2", ["5", "5", "5"], submit=False)  # a draft is not counted
    task = Task.objects.get(number="4.2")
    row = selectors.task_progress(selectors.task_get(seed_plan(), "4.2"), slot=H1_2025, today=TODAY)
    collective = next(u for u in row.units if u.department.code == "zjyq")
    first, second, third, *_ = task.commitments.order_by("order")
    assert collective.is_collective
    assert collective.numbers[first] == Decimal(10)
    assert collective.numbers[second] is None  # 市工信局's alone: not asked of the members
    assert collective.numbers[third] == Decimal(7)
    assert collective.numbers[task.commitments.get(order=5)] is None
    assert [m.department.code for m in collective.members] == ["xkb", "gxq", "lgkfq", "hsz"]
    assert not collective.reported  # 霞科办 and 临港开发区 have not submitted
    assert collective.status.label == "未报送"
    # The task's own numbers are its lead's (the city's), not the members' sum.
    assert row.commitments[0].progress.value is None


def test_task_page_shows_each_units_report_and_the_collective_total(client, leader, hsz, gxq, today):
    per_unit("4.2", 0)
    report(hsz, "4.2", ["4"], progress="华士镇新增应用场景4个。")
    report(gxq, "4.2", ["6"])
    client.force_login(leader)
    html = client.get("/tasks/4.2/").content.decode()
    assert "华士镇新增应用场景4个。" in html
    collective = html[html.index('id="unit-zjyq"') : html.index('id="unit-xkb"')]
    assert "<dd>10个</dd>" in collective
    assert "本期尚未报送" in html[html.index('id="unit-xkb"') :]


def test_task_page_falls_back_to_the_latest_earlier_report(client, leader, hsz, today):
    report(hsz, "4.1", year=2024, period="year", progress="2024年全年：园区一期竣工。")
    client.force_login(leader)
    html = client.get("/tasks/4.1/").content.decode()
    assert "最近一次报送：2024年全年" in html and "2024年全年：园区一期竣工。" in html


def test_tree_shows_statuses_and_links_goals_to_indicators(client, leader, reports, today):
    client.force_login(leader)
    html = client.get("/tasks/").content.decode()
    assert len(re.findall(r'href="/tasks/\d\.\d/\?year=2025&amp;period=h1"', html)) == 21
    row = html[html.index('id="task-4.3"') : html.index('id="task-5.1"')]
    assert '<span class="badge ts-behind">滞后</span>' in row
    # 第三章目标 → 指标 7, 8, 4; 第一章 → 2, 5, 1.
    chapter3 = html[html.index('id="chapter-3"') : html.index('id="chapter-4"')]
    assert re.findall(r'href="/indicators/(\d+)/"', chapter3) == ["7", "8", "4"]
    chapter1 = html[html.index('id="chapter-1"') : html.index('id="chapter-2"')]
    assert re.findall(r'href="/indicators/(\d+)/"', chapter1) == ["2", "5", "1"]
    assert "本期未报送的单位" not in html  # the coordinator's


def test_coordinator_sees_the_late_units(client, coordinator, reports, today):
    client.force_login(coordinator)
    html = client.get("/tasks/").content.decode()
    late = html[html.index('class="late-units"') : html.index('id="chapter-1"')]
    # 江阴电信 has no account yet (tasks/owed.py): it owes nothing until it has one.
    assert "江阴电信" not in late and "江阴移动" not in late
    assert "市市场监管局" in late  # reported 5.2, still owes 1.4
    late_units = {
        u.department.name: [t.number for t, _ in u.tasks]
        for u in selectors.late_units_due(plan=seed_plan(), today=TODAY)[1]
    }
    assert late_units["市市场监管局"] == ["1.4", "5.4"]
    assert late_units["市工信局"][:3] == ["1.1", "1.2", "1.3"]  # 1.1 only as a draft
    assert "4.3" not in late_units["市工信局"]
    assert "市工信局" in late_units and "各镇街园区" not in late_units  # members are late, not the collective
    assert late_units["华士镇"][0] == "1.1" and "4.1" not in late_units["华士镇"]


def test_nothing_is_late_before_the_first_period_ends():
    from datetime import date

    slot, late = selectors.late_units_due(plan=seed_plan(), today=date(2024, 6, 30))
    assert slot == selectors.Slot(2024, "h1") and late == []


def test_reporter_sees_a_report_button_on_its_tasks(client, hsz, today):
    client.force_login(hsz)
    html = client.get("/tasks/").content.decode()
    buttons = re.findall(r'href="/tasks/([\d.]+)/report/2025/h1/"', html)
    assert len(buttons) == 19 and "4.3" not in buttons
    html = client.get("/tasks/4.1/").content.decode()
    assert "填报2025年上半年推进情况" in html
    assert "填报2025年上半年推进情况" not in client.get("/tasks/4.3/").content.decode()


def test_period_picker(client, leader, today):
    client.force_login(leader)
    html = client.get("/tasks/?year=2024&period=year").content.decode()
    assert '任务推进 <span class="muted slot-label">2024年全年</span>' in html
    html = client.get("/tasks/?year=2031&period=year").content.decode()  # not a reporting year: the default
    assert "2025年上半年" in html


def many_reports(count: int) -> None:
    """`count` submitted reports spread over units and tasks, all for 2025 上半年."""
    made = 0
    for task in Task.objects.prefetch_related("unit_links__department"):
        for link in task.unit_links.all():
            if made == count or link.department.code == "zjyq":
                continue
            user = make_user(f"u{made}", roles.REPORTER, link.department.code)
            report(user, task.number, ["1"] * 9, submit=made % 2 == 0, goals=["1"] * 2)
            made += 1
    assert ProgressReport.objects.count() == count


@pytest.mark.parametrize("url", ["/tasks/", "/tasks/4.2/", "/tasks/export/"])
def test_query_count_does_not_grow_with_reports(
    client, coordinator, today, url, django_assert_max_num_queries
):
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as empty:
        assert client.get(url).status_code == 200
    many_reports(30)
    with django_assert_max_num_queries(len(empty.captured_queries)):
        assert client.get(url).status_code == 200
    # One of them the menu's count of what waits (tasks.context_processors); on the tree the figures the
    # indicator-linked commitments read and, for the late units, who owes (first accounts, waivers); the reports'
    # returns and the deadlines for the units' 红黄绿.
    with django_assert_max_num_queries(17):
        client.get(url)
