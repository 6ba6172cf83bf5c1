"""The daily journey of issue 4: 市商务局 enters and submits, the coordinator returns, the reporter fixes and
resubmits, the coordinator approves, and the history shows every step."""

import re
from datetime import date

import pytest

from departments import roles
from indicators.models import Figure
from tests.browser.conftest import login
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.browser


def logout(page):
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/accounts/login/")


@pytest.mark.django_db(transaction=True)
def test_enter_return_fix_approve(page, live_server, plan, screenshot):
    make_user("swj", roles.REPORTER, "swj", first_name="商务局填报员")
    make_user("coordinator", roles.COORDINATOR, "gxj", first_name="工信局协调员", is_staff=True)

    # The reporter finds indicator 4 for 2024 on 我的待办 and enters a value below the target.
    login(page, live_server, "swj", PASSWORD)
    assert page.get_by_role("heading", name=re.compile("我的待办")).is_visible()
    todo = page.locator("section.todo-items tr", has_text="高新技术产品出口额").filter(has_text="2024年全年")
    todo.get_by_role("link", name="填报").click()
    page.get_by_label("完成值（%）").fill("１６．２%")
    assessment = page.locator("#assessment")
    assessment.get_by_text("未达标").wait_for()
    assert "完成 16.2%，目标 16.5%，差 0.3 个百分点" in assessment.inner_text()
    page.get_by_label("说明", exact=True).fill("四季度外需回落，出口订单减少")
    page.get_by_label("未达标原因类别").select_option(label="外部环境")
    page.get_by_label("整改措施").fill("组织企业参加进博会，拓展东盟市场")
    # 预计赶上 offers only periods that have not ended yet.
    page.get_by_label("预计赶上的期间").select_option(label=f"{date.today().year + 1}年上半年")
    screenshot("reporter-entry")
    page.get_by_role("button", name="提交审核").click()
    page.get_by_text("已提交审核。").wait_for()
    logout(page)

    # The coordinator sees it in the queue and returns it with a reason.
    login(page, live_server, "coordinator", PASSWORD)
    page.goto(f"{live_server.url}/review/")
    page.get_by_role("link", name="高新技术产品出口额占全市外贸出口额的比重", exact=False).first.click()
    page.get_by_label("退回原因").fill("请按海关口径核对出口额")
    page.get_by_role("button", name="退回").click()
    page.get_by_text("已退回").first.wait_for()
    logout(page)

    # The reporter sees why, fixes the value and resubmits.
    login(page, live_server, "swj", PASSWORD)
    assert "退回原因：请按海关口径核对出口额" in page.content()
    returned = page.locator("section.todo-items tr", has_text="高新技术产品出口额").filter(
        has_text="2024年全年"
    )
    returned.get_by_role("link", name="填报").click()
    page.get_by_label("完成值（%）").fill("16.7")
    page.locator("#assessment").get_by_text("已达标").wait_for()
    page.get_by_role("button", name="提交审核").click()
    page.get_by_text("已提交审核。").wait_for()
    logout(page)

    # The coordinator approves; the figure is locked and evaluated.
    login(page, live_server, "coordinator", PASSWORD)
    page.goto(f"{live_server.url}/entry/2024/4/")
    page.get_by_role("button", name="审核通过").click()
    page.get_by_text("已审核").first.wait_for()
    figure = Figure.objects.get(indicator__number=4, year=2024, period="year")
    assert figure.status == Figure.Status.APPROVED
    assert str(figure.value.normalize()) == "16.7"

    page.goto(f"{live_server.url}/indicators/4/")
    history = page.locator("table", has_text="填报修改记录").or_(
        page.locator("h2:has-text('填报修改记录') + .table-wrap table")
    )
    steps = [row.locator("td").nth(3).inner_text() for row in history.locator("tbody tr").all()]
    assert steps == ["审核通过", "提交审核", "退回：请按海关口径核对出口额", "提交审核"]
    screenshot("indicator-history")
