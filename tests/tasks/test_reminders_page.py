"""催报 from the browser: the coordinator previews the emails send_reminders would send, sends them with one
click, and sees when each unit was last reminded."""

import pytest
from django.core import mail
from django.core.management import call_command

from tasks.models import ReminderLog
from tasks.reminders import reminders_preview
from tests.tasks.conftest import TODAY

pytestmark = pytest.mark.django_db

URL = "/reminders/"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://zqs.jiangyin.gov.cn"


def test_the_preview_shows_the_lines_of_the_email(client, coordinator, yd, today):
    client.force_login(coordinator)
    page = client.get(URL).content.decode()
    preview = next(r for r in reminders_preview(today=TODAY)[0] if r.department == yd.department)
    assert preview.subject in page
    assert "yd@jiangyin.local" in page
    assert "2025年上半年任务推进报告：1 项任务，已填 0 项　状态：未报送" in page
    assert "上次催报：从未" in page
    assert not mail.outbox  # previewing sends nothing


def test_the_deadlines_page_links_to_it(client, coordinator):
    client.force_login(coordinator)
    assert f'href="{URL}"' in client.get("/deadlines/").content.decode()


def test_sending_emails_the_same_message_and_records_it(client, coordinator, yd, today):
    client.force_login(coordinator)
    body = next(r.body for r in reminders_preview(today=TODAY)[0] if r.department == yd.department)
    response = client.post(URL)
    assert response.status_code == 302 and response.url == URL
    assert next(m for m in mail.outbox if m.to == ["yd@jiangyin.local"]).body == body
    log = ReminderLog.objects.get(department=yd.department)
    assert log.sent_by == coordinator and log.recipient_count == 1 and log.item_count == 3
    page = client.get(URL).content.decode()
    assert "上次催报：从未" not in page
    assert "江阴移动" in page.split("催报记录")[1]


def test_units_without_an_email_are_named(client, coordinator, hsz, today):
    client.force_login(coordinator)
    assert "没有填写了邮箱的在岗填报员" in client.get(URL).content.decode()
    response = client.post(URL, follow=True)
    warning = next(str(m) for m in response.context["messages"] if "未能发送催报邮件" in str(m))
    assert "华士镇" in warning.split("没有填写了邮箱的在岗填报员")[0]
    assert not ReminderLog.objects.filter(department=hsz.department).exists()


def test_the_command_records_too_and_dry_run_does_not(yd, today):
    call_command("send_reminders", "--dry-run")
    assert not ReminderLog.objects.exists()
    call_command("send_reminders")
    log = ReminderLog.objects.get(department=yd.department)
    assert log.sent_by is None
    assert log.item_count == 3  # 4.3 for 2024 上半年, 2024 全年 and 2025 上半年


@pytest.mark.parametrize("persona", ["reporter_swj", "leader", "importer"])
def test_only_the_coordinator(client, persona, request, yd, today):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL).status_code == 403
    assert not mail.outbox and not ReminderLog.objects.exists()
