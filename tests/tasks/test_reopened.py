"""重新打开 is called so to the reporter: a figure or a task report the coordinator reopened is not 已退回."""

import re
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from indicators.models import Figure
from indicators.services import figure_approve, figure_reopen, figure_return
from tasks.services import report_return
from tests.tasks.helpers import report

pytestmark = pytest.mark.django_db


def page(user, url: str) -> str:
    client = Client()
    client.force_login(user)
    return client.get(url).content.decode()


def badge_texts(html: str) -> list[str]:
    return re.findall(r'<span class="badge [^"]*">([^<]+)</span>', html)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2025, 7, 15))


@pytest.fixture
def submitted_four(reporter_swj):
    client = Client()
    client.force_login(reporter_swj)
    client.post("/entry/2024/4/", {"value": "16.8", "explanation": "", "version": 0, "submit": "1"})
    return Figure.objects.get(indicator__number=4, year=2024)


def test_a_reopened_figure_reads_reopened_on_its_form_batch_and_todo(
    submitted_four, coordinator, reporter_swj
):
    figure_approve(user=coordinator, figure_id=submitted_four.pk)
    figure_reopen(user=coordinator, figure_id=submitted_four.pk, reason="统计局更正数据")
    entry = page(reporter_swj, "/entry/2024/4/")
    assert "重新打开原因：统计局更正数据" in entry and "退回原因：统计局更正数据" not in entry
    assert "重新打开" in badge_texts(entry.split("<dt>状态</dt>")[1])
    batch = page(reporter_swj, "/entry/2024/batch/year/")
    assert "重新打开原因：统计局更正数据" in batch
    home = page(reporter_swj, "/")
    row = next(r for r in re.findall(r"<tr class=.*?</tr>", home, flags=re.S) if "/entry/2024/4/" in r)
    assert "重新打开" in badge_texts(row) and "已退回" not in badge_texts(row)
    assert "重新打开原因：统计局更正数据" in row


def test_a_returned_figure_still_reads_returned(submitted_four, coordinator, reporter_swj):
    figure_return(user=coordinator, figure_id=submitted_four.pk, reason="口径不对")
    entry = page(reporter_swj, "/entry/2024/4/")
    assert (
        "退回原因：口径不对" in entry and "重新打开" not in entry.split("<dt>状态</dt>")[1].split("</dd>")[0]
    )


def test_a_reopened_task_report_reads_reopened(hsz, coordinator):
    accepted = report(hsz, "4.1", accept_by=coordinator)
    reopened = report_return(user=coordinator, report_id=accepted.pk, reason="口径调整")
    assert reopened.status == "returned" and reopened.status_label == "重新打开"
    assert reopened.history.latest("history_date").history_change_reason == "重新打开：口径调整"
    form = page(hsz, "/tasks/4.1/report/2025/h1/")
    assert "重新打开原因：口径调整" in form and "退回原因" not in form
    home = page(hsz, "/")
    row = next(r for r in re.findall(r"<tr class=.*?</tr>", home, flags=re.S) if "/tasks/batch/2025/h1/" in r)
    assert "重新打开" in badge_texts(row) and "重新打开原因：4.1 口径调整" in row
