"""send_reminders: email the reporters of departments that still owe figures for periods that have ended."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from departments import roles
from indicators.models import Indicator
from indicators.services import FigureInput, deadline_set, figure_save
from tasks.reminders import reminders_send
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

TODAY = date(2024, 2, 1)  # only the 2023 annual figures are due
SITE = "https://zqs.jiangyin.gov.cn"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def people(plan):
    """Reporters with emails for 工信局 (two) and 商务局; 科技局's reporter has none; plus people not to email."""
    return {
        "gxj": [
            make_user("gxj1", roles.REPORTER, "gxj", email="gxj1@jiangyin.gov.cn"),
            make_user("gxj2", roles.REPORTER, "gxj", email="gxj2@jiangyin.gov.cn"),
        ],
        "swj": make_user("swj1", roles.REPORTER, "swj", email="swj1@jiangyin.gov.cn"),
        "kjj": make_user("kjj1", roles.REPORTER, "kjj"),
        "others": [
            make_user("gxj-gone", roles.REPORTER, "gxj", email="gone@jiangyin.gov.cn", is_active=False),
            make_user("boss", roles.COORDINATOR, "gxj", email="boss@jiangyin.gov.cn"),
            make_user("erin", roles.IMPORTER, "gxj", email="erin@jiangyin.gov.cn"),
        ],
    }


def submit_2023_four(reporter):
    figure_save(
        user=reporter,
        indicator=Indicator.objects.get(number=4),
        year=2023,
        data=FigureInput(value=Decimal("15.2")),
        version=0,
        submit=True,
    )


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_reporters_of_departments_that_owe_figures_are_emailed(people):
    submit_2023_four(people["swj"])  # 商务局 owes nothing for 2023
    summary = reminders_send(today=TODAY)

    assert recipients() == ["gxj1@jiangyin.gov.cn", "gxj2@jiangyin.gov.cn"]
    assert str(summary) == "已向 1 个单位的 2 位填报员发送催报邮件"
    message = mail.outbox[0]
    assert message.subject == "【催报】制造强市建设指标跟踪：市工信局有 11 项待报送"
    assert message.body.startswith("市工信局：")
    assert (
        "1. 规上制造业全员劳动生产率（万元/人）　2023年全年　状态：未报送　截止日期：2024-01-31（默认），已逾期"
        in message.body
    )  # no 截止日期 was set: the default (31 days after the year ends) has passed
    assert f"填报：{SITE}/entry/2023/1/" in message.body  # a link a mail client can open
    assert "填报：/" not in message.body
    assert "规上工业增加值增速（配套数据）" in message.body
    assert "2024年全年" not in message.body  # 2024 has not ended
    assert "截至 2024年2月1日" in message.body
    assert "市科技局" in {d.name for d in summary.unreachable}


def test_overdue_drafts_and_returned_figures_are_listed_as_late(people, coordinator):
    deadline_set(user=coordinator, year=2023, period="year", due_date=date(2024, 1, 20))
    figure_save(
        user=people["swj"],
        indicator=Indicator.objects.get(number=4),
        year=2023,
        data=FigureInput(value=Decimal("15.2")),
        version=0,
        submit=False,
    )
    reminders_send(today=TODAY)
    swj = next(m for m in mail.outbox if m.to == ["swj1@jiangyin.gov.cn"])
    assert "2023年全年　状态：草稿　截止日期：2024-01-20，已逾期" in swj.body


def test_a_draft_of_a_running_period_is_not_reminded(people):
    submit_2023_four(people["swj"])
    figure_save(
        user=people["swj"],
        indicator=Indicator.objects.get(number=4),
        year=2024,
        data=FigureInput(value=Decimal("16")),
        version=0,
        submit=False,
    )
    reminders_send(today=TODAY)
    assert "swj1@jiangyin.gov.cn" not in recipients()


def test_command_sends_and_warns(people, monkeypatch):
    submit_2023_four(people["swj"])
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    out, err = io.StringIO(), io.StringIO()
    call_command("send_reminders", stdout=out, stderr=err)

    assert len(mail.outbox) == 2
    assert "已向 1 个单位的 2 位填报员发送催报邮件" in out.getvalue()
    assert "市工信局：gxj1@jiangyin.gov.cn、gxj2@jiangyin.gov.cn" in out.getvalue()
    assert "警告：市科技局没有填写了邮箱的在岗填报员" in err.getvalue()
    assert "市商务局" not in err.getvalue() + out.getvalue()


def test_dry_run_sends_nothing(people, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    out = io.StringIO()
    call_command("send_reminders", "--dry-run", stdout=out, stderr=io.StringIO())
    assert mail.outbox == []
    assert "试运行：将向 2 个单位的 3 位填报员发送催报邮件（未实际发送）" in out.getvalue()


def test_nothing_owed_sends_nothing(people):
    summary = reminders_send(today=date(2023, 12, 31))  # no period has ended yet
    assert mail.outbox == [] and summary.unreachable == []
    assert str(summary) == "已向 0 个单位的 0 位填报员发送催报邮件"


def test_links_follow_site_url_with_or_without_a_trailing_slash(people, settings):
    settings.SITE_URL = "https://zqs.jiangyin.gov.cn/zhibiao/"
    reminders_send(today=TODAY)
    body = next(m for m in mail.outbox if m.to == ["swj1@jiangyin.gov.cn"]).body
    assert "填报：https://zqs.jiangyin.gov.cn/zhibiao/entry/2023/4/" in body
    assert "//entry" not in body and "填报：/" not in body
