"""我的待办 on `/` (figures and task reports of the unit, most urgent first, by year) and the coordinator's queue
of task reports, through the HTTP client."""

import re
from datetime import datetime

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone

from departments import roles
from departments.models import Department
from indicators.models import Figure
from tasks import permissions
from tasks.context_processors import worklist_counts
from tasks.models import ProgressReport
from tasks.reminders import task_section
from tasks.services import report_return
from tests.conftest import make_user
from tests.tasks.helpers import report

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def todo_rows(html: str) -> list[str]:
    """The rows of the 待办 table (what needs action, across the years), as text."""
    if 'id="todo-heading"' not in html:
        return []
    section = html.split('id="todo-heading"')[1].split("</section>")[0]
    return re.findall(r"<tr class=.*?</tr>", section, flags=re.S)


def menu_count(html: str) -> int | None:
    found = re.search(r'我的待办 <span class="count">(\d+)</span>', html)
    return int(found.group(1)) if found else None


def test_a_township_sees_one_item_per_period_and_opens_its_batch_page(hsz, today):
    client = client_for(hsz)
    html = client.get("/").content.decode()
    assert "本单位没有牵头报送的指标" in html  # a note, no longer the whole page
    reportable = permissions.tasks_reportable_by(hsz).count()
    rows = todo_rows(html)
    # 2024 上半年, 2024 全年 (both past their default deadlines) and 2025 上半年 (待报 until 07-31), oldest first.
    urls = [re.search(r'href="([^"]+)"', row).group(1) for row in rows]
    assert urls == ["/tasks/batch/2024/h1/", "/tasks/batch/2024/year/", "/tasks/batch/2025/h1/"]
    assert all(f"任务推进报告：{reportable} 项任务，已填 0 项" in row for row in rows)
    assert ["逾期" in row for row in rows] == [True, True, False]
    assert "/report/2025/year/" not in html and "/batch/2025/year/" not in html  # 2025 全年 not ended
    assert menu_count(html) == 3 and "待办 3 项" in html

    page = client.get("/tasks/batch/2025/h1/").content.decode()
    assert len(re.findall(r'name="t\d+-progress"', page)) == reportable
    report(hsz, "4.1", submit=False)
    assert "已填 1 项" in todo_rows(client.get("/").content.decode())[-1]


def test_periods_before_the_first_account_or_waived_are_not_owed(hsz, today):
    hsz.date_joined = timezone.make_aware(datetime(2025, 1, 10))
    hsz.save()
    client = client_for(hsz)
    rows = todo_rows(client.get("/").content.decode())
    assert len(rows) == 1 and "/tasks/batch/2025/h1/" in rows[0]  # 2024 ended before 华士镇 had an account
    assert "hsz" not in {d.code for d in task_section(today=today).items} or all(
        "2024年" not in line for line in task_section(today=today).items[hsz.department]
    )

    admin = make_user("root", None, is_staff=True, is_superuser=True)
    zjyq = Department.objects.get(code="zjyq")
    response = client_for(admin).post(
        "/admin/tasks/reportwaiver/add/",
        {"department": zjyq.pk, "year": "2025", "period": "h1", "reason": "镇街园区本期以书面材料报送"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    html = client.get("/").content.decode()  # 各镇街园区's waiver excuses its members
    assert todo_rows(html) == [] and "待办 0 项" in html
    assert hsz.department not in task_section(today=today).items
    page = client.get("/tasks/batch/2025/h1/").content.decode()
    assert "本期无需报送（协调员已免报：镇街园区本期以书面材料报送）" in page


def test_a_returned_report_comes_first_with_its_reason(hsz, coordinator, today):
    report(hsz, "1.1", year=2025, period="year", submit=False)  # begun early: 2025 全年 has not ended
    returned = report(hsz, "4.1", year=2025, period="h1")
    report_return(user=coordinator, report_id=returned.pk, reason="请补充新引进企业名单")
    rows = todo_rows(client_for(hsz).get("/").content.decode())
    assert "/tasks/batch/2025/h1/" in rows[0] and "is-returned" in rows[0]
    assert "4.1 请补充新引进企业名单" in rows[0] and "已退回" in rows[0]
    assert ["/2024/h1/" in rows[1], "/2024/year/" in rows[2]] == [True, True]  # then what is overdue
    assert "/tasks/batch/2025/year/" in rows[-1] and "草稿" in rows[-1]  # what is not yet due, last


def test_a_returned_figure_comes_before_what_is_not_yet_due_whatever_its_year(gxj, coordinator, today):
    """The home page of a new user: a returned 2024 figure sat below rows of a later year not yet due."""
    client = client_for(gxj)
    client.post("/entry/2024/1/", {"version": 0, "value": "39.6", "explanation": "", "submit": "1"})
    figure = Figure.objects.get(indicator__number=1, year=2024, period="year")
    client_for(coordinator).post(
        f"/figures/{figure.pk}/return/", {"version": figure.version, "reason": "口径有误"}
    )
    report(gxj, "1.1", year=2025, period="year", submit=False)
    html = client.get("/").content.decode()
    rows = todo_rows(html)
    assert "/entry/2024/1/" in rows[0] and "口径有误" in rows[0]
    assert "/tasks/batch/2025/year/" in rows[-1]
    late = [i for i, row in enumerate(rows) if 'class="badge late">逾期' in row]
    assert late and max(late) < len(rows) - 1
    assert "未设置" not in html
    assert menu_count(html) == len(rows) and f"待办 {len(rows)} 项" in html
    # What is handed in or not yet due is listed by year, newest first, folded.
    years = [int(y) for y in re.findall(r'<summary id="year-(\d{4})"', html)]
    assert years == sorted(years, reverse=True) and 2025 in years


def test_the_coordinator_accepts_a_task_report_from_the_queue(hsz, gxj, coordinator, today):
    submitted = report(hsz, "4.1")
    report(gxj, "1.1", submit=False)
    client = client_for(coordinator)
    page = client.get("/tasks/reports/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "4.1" in html and "华士镇" in html
    assert f"/tasks/reports/{submitted.pk}/accept/" in html
    assert (
        "/tasks/1.1/" not in html.split("<tbody>")[1].split("</tbody>")[0]
    )  # a draft does not wait for review
    # 华士镇 reported 4.1 only: it still owes the others; one click shows its reports, draft or not. 2025 上半年's
    # default deadline (07-31) has not passed: they are 待报, not 逾期.
    late = html.split('<section class="late-units">')[1]
    assert "<h2>未报送的单位" in late and "逾期未报送" not in late
    assert "截止日期 2025-07-31（默认），尚未逾期" in late
    assert "/tasks/reports/?department=hsz&amp;status=all" in late
    assert "/tasks/reports/?department=gxj&amp;status=all" in late
    body = client.get("/tasks/reports/?department=gxj&status=all").content.decode()
    body = body.split("<tbody>")[1].split("</tbody>")[0]
    assert "1.1 " in body and "草稿" in body and "华士镇" not in body

    back = "/tasks/reports/?status=submitted"
    response = client.post(
        f"/tasks/reports/{submitted.pk}/accept/", {"version": submitted.version, "next": back}
    )
    assert response.status_code == 302 and response["Location"] == back
    assert ProgressReport.objects.get(pk=submitted.pk).status == "accepted"
    assert f"/tasks/reports/{submitted.pk}/accept/" not in client.get(back).content.decode()
    # A foreign `next` is ignored: back to the task's page.
    other = report(hsz, "4.1", year=2024, period="h1")
    response = client.post(
        f"/tasks/reports/{other.pk}/return/",
        {"version": other.version, "reason": "请补充", "next": "https://example.com/"},
    )
    assert response["Location"].startswith("/tasks/4.1/")


def test_the_queue_filters_by_unit_year_period_and_status(hsz, gxq, coordinator, today):
    report(hsz, "4.1")
    report(gxq, "1.1", year=2024, period="year")
    client = client_for(coordinator)
    body = (
        client.get("/tasks/reports/?department=hsz").content.decode().split("<tbody>")[1].split("</tbody>")[0]
    )
    assert "华士镇" in body and "高新区" not in body
    body = (
        client.get("/tasks/reports/?year=2024&period=year")
        .content.decode()
        .split("<tbody>")[1]
        .split("</tbody>")[0]
    )
    assert "1.1" in body and "4.1 " not in body
    assert "没有符合条件" in client.get("/tasks/reports/?status=accepted").content.decode()
    assert client.get("/tasks/reports/?year=abc&status=nonsense").status_code == 200


def test_the_coordinator_menu_counts_what_waits(hsz, reporter_swj, coordinator, today):
    report(hsz, "4.1")
    client_for(reporter_swj).post("/entry/2024/4/", {"version": 0, "value": "16.6", "submit": "1"})
    html = client_for(coordinator).get("/review/").content.decode()
    assert re.search(r'审核 <span class="count">2</span>', html)
    assert re.search(r'指标数据 <span class="count">1</span>', html)
    assert re.search(r'任务推进报告 <span class="count">1</span>', html)


def test_reporters_cannot_open_the_queue(hsz, today):
    assert client_for(hsz).get("/tasks/reports/").status_code == 403


def test_home_costs_the_same_with_more_reports(
    gxj, django_assert_max_num_queries, django_assert_num_queries, today
):
    client = client_for(gxj)
    # two of them who owes what (tasks/owed.py); 红黄绿 and 督办 add three: the figures' and the reports'
    # returns, the unit's open 督办单
    with django_assert_max_num_queries(21) as first:
        client.get("/")
    count = len(first.captured_queries)
    for number in ("1.1", "1.2", "2.1", "5.1"):
        for year, period in ((2024, "h1"), (2024, "year"), (2025, "h1")):
            report(gxj, number, year=year, period=period, submit=False)
    with django_assert_num_queries(count):
        client.get("/")


def test_the_menu_count_is_one_read_once_cached(hsz, django_assert_num_queries, today):
    request = RequestFactory().get("/plan/")
    request.user = hsz
    permissions.reporting_department(hsz)  # the user object keeps its unit, as during a request
    first = worklist_counts(request)["todo_count"]
    with django_assert_num_queries(1):
        assert worklist_counts(request)["todo_count"] == first
    for task in permissions.tasks_reportable_by(
        hsz
    ):  # a period's reports handed in: the count follows at once
        report(hsz, task.number, year=2024, period="h1")
    assert worklist_counts(request)["todo_count"] == first - 1


def test_the_queue_costs_the_same_with_more_reports(
    hsz, gxq, coordinator, django_assert_max_num_queries, django_assert_num_queries, today
):
    client = client_for(coordinator)
    report(hsz, "4.1")
    with django_assert_max_num_queries(25) as first:
        client.get("/tasks/reports/?status=all")
    count = len(first.captured_queries)
    for number in ("1.1", "1.2", "2.1", "5.1"):
        report(hsz, number)
        report(gxq, number, year=2024, period="year")
    with django_assert_num_queries(count):
        client.get("/tasks/reports/?status=all")


def test_the_coordinator_menu_count_is_read_once_until_something_changes(
    hsz, coordinator, django_assert_num_queries, today
):
    report(hsz, "4.1")
    request = RequestFactory().get("/plan/")
    request.user = coordinator
    roles.is_coordinator(coordinator)  # the user object keeps its roles, as during a request
    with django_assert_num_queries(2):  # the data version, then both counts in one read
        assert worklist_counts(request)["review_waiting"] == 1
    with django_assert_num_queries(1):  # the version alone (a page reads it anyway): nothing was written
        assert worklist_counts(request)["review_waiting"] == 1
    report(hsz, "1.1")  # a report handed in: the count follows at once
    assert worklist_counts(request)["review_waiting"] == 2
