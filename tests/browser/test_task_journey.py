"""In Chromium: 华士镇's reporter writes a progress report on task 4.1, the coordinator accepts it, the task page
shows it."""

import pytest

from departments import roles
from tests.browser.conftest import login
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_town_reports_and_coordinator_accepts(page, live_server, plan, screenshot):
    make_user("hsz-journey", roles.REPORTER, "hsz", first_name="华士镇填报员")
    make_user("coord-journey", roles.COORDINATOR, "gxj", first_name="协调员")

    login(page, live_server, "hsz-journey", PASSWORD)
    page.goto(f"{live_server.url}/tasks/")
    page.locator("#task-4\\.1").get_by_role("link", name="本单位填报").click()
    assert page.get_by_role("heading", name="4.1 推动数字产业化发展").is_visible()
    page.get_by_label("工作进展").fill("华士镇集成电路产业园一期竣工，新引进设计企业2家。")
    page.get_by_label("存在问题").fill("高端人才不足。")
    page.get_by_label("下步打算").fill("推进二期招商。")
    screenshot("form")
    page.get_by_role("button", name="提交审核").click()
    assert "报告已提交，等待协调员审核。" in page.locator(".messages").inner_text()
    assert page.locator(".badge.rs-submitted").inner_text() == "已报送"
    page.get_by_role("button", name="退出").click()

    login(page, live_server, "coord-journey", PASSWORD)
    page.goto(f"{live_server.url}/tasks/4.1/")
    card = page.locator("#unit-hsz")
    assert "华士镇集成电路产业园一期竣工" in card.inner_text()
    card.get_by_role("button", name="采纳").click()
    assert "已采纳" in page.locator(".messages").inner_text()

    card = page.locator("#unit-hsz")
    assert card.locator(".badge.rs-accepted").inner_text() == "已采纳"
    assert "新引进设计企业2家" in card.inner_text()
    assert "推进二期招商。" in card.inner_text()
    history = page.locator(".history").inner_text()
    assert "采纳" in history and "提交" in history and "华士镇填报员" in history
    screenshot("accepted")
