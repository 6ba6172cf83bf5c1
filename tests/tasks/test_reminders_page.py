"""催报 from the browser: the coordinator previews the emails send_reminders would send, confirms the units
they go to, sends them, and sees when each unit was last reminded."""

import pytest
from django.core import mail
from django.core.management import call_command

from departments import roles
from tasks.models import ReminderLog
from tasks.reminders import reminders_preview
from tests.conftest import make_user
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


def units(today) -> list[int]:
    return [r.department.pk for r in reminders_preview(today=today)[0]]


def test_the_page_does_not_show_the_command(client, coordinator, yd, today):
    client.force_login(coordinator)
    page = client.get(URL).content.decode()
    assert "manage.py" not in page and "send_reminders" not in page
    assert "邮件中的链接以 <code>https://zqs.jiangyin.gov.cn</code> 开头" in page


def test_sending_asks_to_confirm_the_units_first(client, coordinator, yd, today):
    make_user("gxj-mail", roles.REPORTER, "gxj", email="gxj@jiangyin.local")
    client.force_login(coordinator)
    confirm = client.post(URL)
    assert confirm.status_code == 200 and not mail.outbox and not ReminderLog.objects.exists()
    page = confirm.content.decode()
    count = len(units(TODAY))
    assert count > 1
    assert f"将向以下 <strong>{count}</strong> 个单位" in page and f"确认发送（{count} 个单位）" in page
    assert "江阴移动" in page and "yd@jiangyin.local" in page
    assert page.count('name="unit"') == count
    response = client.post(URL, {"confirm": "1", "unit": units(TODAY)}, follow=True)
    assert response.redirect_chain == [(URL, 302)]
    sent = [str(m) for m in response.context["messages"]]
    assert any(m.startswith(f"已发送 {count} 个单位的催报邮件") for m in sent), sent
    assert ReminderLog.objects.count() == count


def test_a_confirmation_of_other_units_sends_nothing(client, coordinator, yd, today):
    """The list changed since it was confirmed (or the form was forged): ask again, send nothing."""
    client.force_login(coordinator)
    response = client.post(URL, {"confirm": "1", "unit": [*units(TODAY), 999999]})
    assert response.status_code == 200 and not mail.outbox and not ReminderLog.objects.exists()
    assert "确认期间待催报的单位有变化" in response.content.decode()
    assert client.post(URL, {"confirm": "1"}).status_code == 200 and not mail.outbox


def test_sending_emails_the_same_message_and_records_it(client, coordinator, yd, today):
    client.force_login(coordinator)
    body = next(r.body for r in reminders_preview(today=TODAY)[0] if r.department == yd.department)
    response = client.post(URL, {"confirm": "1", "unit": units(TODAY)})
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
    response = client.post(URL, {"confirm": "1", "unit": units(TODAY)}, follow=True)
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
