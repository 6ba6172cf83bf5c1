"""我的待办 on `/` (figures and task reports of the unit, most urgent first, by year) and the coordinator's queue
of task reports, through the HTTP client."""

import re
from datetime import date

import pytest
from django.test import Client, RequestFactory

from departments import roles
from indicators.models import Figure, ReportingDeadline
from tasks import permissions
from tasks.context_processors import worklist_counts
from tasks.models import ProgressReport
from tasks.services import report_return
from tests.tasks.helpers import report

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def todo_rows(html: str, year: int) -> list[str]:
    """The rows of the year's 待办 table, as text."""
    section = html.split(f'id="year-{year}"')[1].split("</section>")[0]
    table = section.split("<details")[0]
    return re.findall(r"<tr class=.*?</tr>", table, flags=re.S)


def menu_count(html: str) -> int | None:
    found = re.search(r'我的待办 <span class="count">(\d+)</span>', html)
    return int(found.group(1)) if found else None


def test_a_township_sees_its_due_task_reports_first_and_opens_the_form(hsz, today):
    client = client_for(hsz)
    html = client.get("/").content.decode()
    assert "我的待办" in html
    assert "本单位没有牵头报送的指标" in html  # a note, no longer the whole page
    # 2025 上半年 has ended: 华士镇 owes 4.1 (named on it) and 1.1 (through 各镇街园区); the current year first.
    assert html.index('id="year-2025"') < html.index('id="year-2024"')
    rows_2025 = todo_rows(html, 2025)
    assert any("/tasks/4.1/report/2025/h1/" in row for row in rows_2025)
    assert any("/tasks/1.1/report/2025/h1/" in row for row in rows_2025)
    assert not any("/tasks/4.3/" in row for row in rows_2025)  # 华士镇 is not on 4.3
    assert "/report/2025/year/" not in html  # 2025 全年 has not ended: nothing to do yet
    reportable = permissions.tasks_reportable_by(hsz).count()
    assert len(rows_2025) == reportable
    assert menu_count(html) == 3 * reportable  # 2024 上半年, 2024 全年 and 2025 上半年 of each task

    form = client.get("/tasks/4.1/report/2025/h1/")
    assert form.status_code == 200
    assert 'name="progress"' in form.content.decode()


def test_a_returned_report_comes_first_with_its_reason(hsz, coordinator, today):
    returned = report(hsz, "4.1", year=2024, period="h1")
    report_return(user=coordinator, report_id=returned.pk, reason="请补充新引进企业名单")
    report(hsz, "1.1", submit=False)
    html = client_for(hsz).get("/").content.decode()
    rows = todo_rows(html, 2024)
    assert "/tasks/4.1/report/2024/h1/" in rows[0] and "请补充新引进企业名单" in rows[0]
    assert "is-returned" in rows[0]
    # 2024's other reports are late (2025 上半年 has ended since); in 2025 a draft comes after what is missing.
    assert all("逾期" in row for row in rows[1:])
    rows = todo_rows(html, 2025)
    assert "/tasks/1.1/report/2025/h1/" in rows[-1] and "草稿" in rows[-1]
    assert not any("草稿" in row for row in rows[:-1])


def test_gxj_sees_figures_and_task_reports_merged_by_urgency_and_year(gxj, coordinator, today):
    ReportingDeadline.objects.create(year=2024, period="year", due_date=date(2025, 3, 31))
    ReportingDeadline.objects.create(year=2025, period="h1", due_date=date(2025, 7, 25))
    client = client_for(gxj)
    client.post("/entry/2024/1/", {"version": 0, "value": "39.6", "explanation": "", "submit": "1"})
    figure = Figure.objects.get(indicator__number=1, year=2024, period="year")
    client_for(coordinator).post(
        f"/figures/{figure.pk}/return/", {"version": figure.version, "reason": "口径有误"}
    )
    report(gxj, "1.1", year=2024, period="h1", submit=False)

    html = client.get("/").content.decode()
    years = [int(y) for y in re.findall(r'id="year-(\d{4})"', html)]
    assert years == sorted(years, reverse=True) and years[0] == 2025 and 2023 in years
    rows = todo_rows(html, 2024)
    kinds = {row.split("<td>")[1].split("</td>")[0] for row in rows}
    assert kinds == {"指标", "任务"}
    # Returned first, then what is late: 2024 全年 is past its deadline, 2024 上半年 past the periods that ended
    # since; the earlier period first, figures before reports, the draft among them.
    assert "/entry/2024/1/" in rows[0] and "口径有误" in rows[0]
    assert all("逾期" in row for row in rows[1:])
    h1 = [i for i, row in enumerate(rows) if "/2024/h1/" in row]
    full_year = [
        i
        for i, row in enumerate(rows[1:], 1)
        if "/2024/year/" in row or re.search(r"/entry/2024/\d+/\"", row)
    ]
    assert h1 and full_year and max(h1) < min(full_year)
    assert any("/tasks/1.1/report/2024/h1/" in rows[i] and "草稿" in rows[i] for i in h1)
    figures = [i for i in full_year if "<td>指标</td>" in rows[i]]
    assert figures and max(figures) < min(i for i in full_year if "<td>任务</td>" in rows[i])
    # 2025 上半年 (figures, opened by its deadline, and reports) is due in ten days: all of 2025 that is to do.
    rows_2025 = todo_rows(html, 2025)
    assert rows_2025 and all("即将到期" in row and "/2025/" in row and "h1/" in row for row in rows_2025)
    # The annual figures of 2025 are not due yet: listed under what is done or not yet due, not counted.
    assert "/entry/2025/1/" in html.split('id="year-2025"')[1].split("<details")[1]
    todo = sum(len(todo_rows(html, y)) for y in years)
    assert menu_count(html) == todo
    assert f"待办 {todo} 项" in html


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
    # 红黄绿 and 督办 add three: the figures' and the reports' returns, the unit's open 督办单
    with django_assert_max_num_queries(19) as first:
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
    report(hsz, "4.1")  # a report handed in: the count follows at once
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
