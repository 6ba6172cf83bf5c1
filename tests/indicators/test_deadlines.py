"""截止日期与催报: the coordinator sets deadlines and sees, per lead department, what is overdue."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from indicators.models import Indicator, ReportingDeadline
from indicators.review_selectors import backlog_by_department
from indicators.services import FigureInput, deadline_set, figure_save

pytestmark = pytest.mark.django_db

TODAY = date(2025, 3, 1)  # 2023 and 2024 are over, 2025 is not


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def coordinator_client(coordinator) -> Client:
    client = Client()
    client.force_login(coordinator)
    return client


def flash(response) -> str:
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


def backlog_section(html: str, department: str) -> str:
    """The 逾期未报 block of one department."""
    match = re.search(rf'<details class="backlog[^>]*>\s*<summary><h3>{department}.*?</details>', html, re.S)
    assert match, department
    return match.group(0)


def row_linking(section: str, href: str) -> str | None:
    """The table row of the section whose link goes to href."""
    return next((tr for tr in re.findall(r"<tr.*?</tr>", section, re.S) if f'href="{href}"' in tr), None)


def test_set_and_change_a_deadline(coordinator_client, coordinator):
    response = coordinator_client.post(
        "/deadlines/", {"year": 2024, "period": "year", "due_date": "2025-01-20"}
    )
    assert response.status_code == 302 and response["Location"] == "/deadlines/"
    assert flash(response) == "已设置截止日期：2024年全年：2025-01-20"
    response = coordinator_client.post(
        "/deadlines/", {"year": 2024, "period": "year", "due_date": "2025-01-31"}
    )
    assert flash(response) == "已设置截止日期：2024年全年：2025-01-31"
    deadline = ReportingDeadline.objects.get()
    assert (deadline.due_date, deadline.set_by) == (date(2025, 1, 31), coordinator)

    html = coordinator_client.get("/deadlines/").content.decode()
    assert "2025-01-31" in html and "charlie" in html


def test_a_year_to_date_deadline_opens_that_period(coordinator_client):
    coordinator_client.post("/deadlines/", {"year": 2025, "period": "h1", "due_date": "2025-07-15"})
    html = coordinator_client.get("/deadlines/").content.decode()
    assert re.search(r"2025年</td>\s*<td class=\"num\">上半年</td>", html)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": 2030, "period": "year", "due_date": "2031-01-20"}, "请选择规划年度（2023—2025）和期间。"),
        ({"year": 2024, "period": "month", "due_date": "2025-01-20"}, "请选择规划年度（2023—2025）和期间。"),
        ({"year": 2024, "period": "year", "due_date": "1月20日"}, "请填写截止日期，格式如 2025-01-20。"),
        ({"year": 2024, "period": "year"}, "请填写截止日期，格式如 2025-01-20。"),
    ],
)
def test_invalid_deadline_is_refused(coordinator_client, data, message):
    response = coordinator_client.post("/deadlines/", data)
    assert flash(response) == message
    assert not ReportingDeadline.objects.exists()


def test_overdue_list_names_the_missing_figure(today, coordinator_client, coordinator, reporter_swj):
    deadline_set(user=coordinator, year=2024, period="year", due_date=date(2025, 1, 20))
    deadline_set(
        user=coordinator, year=2023, period="year", due_date=date(2025, 3, 31)
    )  # extended: still 待报
    html = coordinator_client.get("/deadlines/").content.decode()
    swj = backlog_section(html, "市商务局")
    assert "逾期 1 项" in swj and "未逾期待报 1 项" in swj and " open>" in swj
    late = row_linking(swj, "/entry/2024/4/")
    assert 'class="is-late"' in late and "未报送" in late and "逾期" in late and "2025-01-20" in late
    pending = row_linking(swj, "/entry/2023/4/")
    assert "is-late" not in pending and "2025-03-31" in pending
    assert row_linking(swj, "/entry/2025/4/") is None  # 2025 is not over yet
    assert (
        '<td>市商务局</td>\n      <td class="num"><strong class="bad">1</strong>' in html
    )  # the summary table

    figure_save(
        user=reporter_swj,
        indicator=Indicator.objects.get(number=4),
        year=2024,
        data=FigureInput(value=Decimal("16.8")),
        version=0,
        submit=True,
    )
    swj = backlog_section(coordinator_client.get("/deadlines/").content.decode(), "市商务局")
    assert row_linking(swj, "/entry/2024/4/") is None and "is-late" not in swj


def test_drafts_and_returned_figures_still_count(today, coordinator, reporter_swj):
    deadline_set(user=coordinator, year=2024, period="year", due_date=date(2025, 1, 20))
    deadline_set(user=coordinator, year=2023, period="year", due_date=date(2025, 3, 31))
    figure_save(
        user=reporter_swj,
        indicator=Indicator.objects.get(number=4),
        year=2024,
        data=FigureInput(value=Decimal("16.8")),
        version=0,
        submit=False,
    )
    swj = next(b for b in backlog_by_department(today=TODAY) if b.department.code == "swj")
    assert [(r.year, r.status) for r in swj.overdue] == [(2024, "草稿")]
    assert [(r.year, r.status) for r in swj.pending] == [(2023, "未报送")]


def test_departments_sorted_by_most_overdue(today, coordinator_client, coordinator):
    deadline_set(user=coordinator, year=2024, period="year", due_date=date(2025, 1, 20))
    backlogs = backlog_by_department(today=TODAY)
    assert backlogs[0].department.code == "gxj"  # leads 10 indicators and the companion series
    # 11 for 2024 (the deadline set) and 11 for 2023, whose default deadline (2024-01-31) has passed too.
    assert len(backlogs[0].overdue) == 22
    assert {r.deadline for r in backlogs[0].overdue} == {date(2025, 1, 20), date(2024, 1, 31)}
    overdue = [len(b.overdue) for b in backlogs]
    assert overdue == sorted(overdue, reverse=True)
    assert {b.department.code for b in backlogs} == {
        "gxj",
        "swj",
        "kjj",
        "scjgj",
        "fgw",
        "jrjgj",
        "rmyh",
        "zzb",
    }

    html = coordinator_client.get("/deadlines/").content.decode()
    assert html.index("<summary><h3>市工信局") < html.index("<summary><h3>市商务局")
    assert "/entry/2024/gsgyzjzzs/" in backlog_section(html, "市工信局")  # companion series are owed too


def test_deadlines_page_query_count_is_constant(today, coordinator_client, coordinator, reporter_gxj):
    deadline_set(user=coordinator, year=2024, period="year", due_date=date(2025, 1, 20))
    coordinator_client.get("/deadlines/")

    def count() -> int:
        coordinator_client.get(
            "/deadlines/"
        )  # what is kept until the next write (plans, roles, counts) is read
        with CaptureQueriesContext(connection) as queries:
            assert coordinator_client.get("/deadlines/").status_code == 200
        return len(queries)

    before = count()
    deadline_set(user=coordinator, year=2024, period="h1", due_date=date(2024, 7, 15))
    for number in (1, 2, 3, 10, 11):
        figure_save(
            user=reporter_gxj,
            indicator=Indicator.objects.get(number=number),
            year=2024,
            data=FigureInput(value=Decimal("99999")),
            version=0,
            submit=number % 2 == 0,
        )
    assert count() == before
    assert before <= 12
