"""send_reminders' task section: every task report a unit still owes for a period that has ended — 逾期 first, then
待报 (core.due: the default deadline is 31 days after the period ends) — the same items as its 我的待办."""

from datetime import date

import pytest
from django.core import mail

from departments import roles
from tasks.reminders import reminders_send, task_section
from tests.conftest import make_user
from tests.tasks.conftest import TODAY
from tests.tasks.helpers import report

pytestmark = pytest.mark.django_db

SITE = "https://zqs.jiangyin.gov.cn"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def test_a_unit_that_has_not_reported_is_reminded(yd):
    summary = reminders_send(today=TODAY)
    message = next(m for m in mail.outbox if m.to == ["yd@jiangyin.local"])
    # 2024 上半年 and 全年 are past their default deadlines (2024-07-31, 2025-01-31); 2025 上半年 is due by 07-31.
    assert message.subject == "【催报】制造强市建设指标跟踪：江阴移动有 3 项待报送"
    assert "一、工作任务推进情况" in message.body  # 江阴移动 owes no figures
    lines = [line for line in message.body.splitlines() if line.startswith("· ")]
    # One line per period, each linking to the period's batch page.
    assert lines == [
        "· 2024年上半年任务推进报告：1 项任务，已填 0 项　状态：未报送　截止日期：2024-07-31（默认），已逾期",
        "· 2024年全年任务推进报告：1 项任务，已填 0 项　状态：未报送　截止日期：2025-01-31（默认），已逾期",
        "· 2025年上半年任务推进报告：1 项任务，已填 0 项　状态：未报送　截止日期：2025-07-31（默认）",
    ]
    assert f"  填报：{SITE}/tasks/batch/2025/h1/" in message.body
    assert yd.department in summary.sent


def test_a_draft_is_still_owed_and_a_submission_is_not(yd, hsz):
    hsz.email = "hsz@jiangyin.local"
    hsz.save()
    report(yd, "4.3", submit=False)
    report(hsz, "4.1")
    items = task_section(today=TODAY).items
    assert items[yd.department][-1] == (
        f"2025年上半年任务推进报告：1 项任务，已填 1 项　状态：草稿　截止日期：2025-07-31（默认）\n"
        f"  填报：{SITE}/tasks/batch/2025/h1/"
    )
    # 华士镇's 19 tasks (18 naming 各镇街园区, 4.1 by name) make one line a period, 4.1's submission counted.
    lines = items[hsz.department]
    assert len(lines) == 3
    assert lines[-1].startswith("2025年上半年任务推进报告：19 项任务，已填 1 项（已报送 1 项）　状态：草稿")


def test_the_figure_section_is_kept(plan):
    gxj = make_user("gxj-mail", roles.REPORTER, "gxj", email="gxj@jiangyin.local")
    reminders_send(today=TODAY)
    body = next(m for m in mail.outbox if m.to == [gxj.email]).body
    assert "一、指标数据" in body and "二、工作任务推进情况" in body


def test_nothing_is_owed_before_the_first_half_year_ends(yd):
    assert task_section(today=date(2024, 6, 30)).items == {}
    reminders_send(today=date(2024, 6, 30))
    assert not [m for m in mail.outbox if m.to == ["yd@jiangyin.local"]]
