import pytest

from tests.browser.conftest import login
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_coordinator_logs_in_and_reads_the_plan(page, live_server, coordinator, screenshot):
    page.goto(f"{live_server.url}/plan/")
    assert "/accounts/login/" in page.url  # login required
    screenshot("login")

    login(page, live_server, coordinator.username, "wrong")
    assert page.get_by_role("alert").inner_text().startswith("请输入一个正确的用户名和密码")

    login(page, live_server, coordinator.username, PASSWORD)
    assert page.get_by_role("heading", name="主要指标完成情况", exact=False).is_visible()  # the dashboard
    page.get_by_role("link", name="规划指标与任务").click()
    assert page.get_by_role("heading", name="江阴制造强市建设工作任务").is_visible()
    rows = page.locator("table.appendix tbody tr")
    assert rows.count() == 18
    second = rows.nth(1).locator("td")
    assert [second.nth(i).inner_text() for i in range(7)] == [
        "2",
        "制造业增加值占无锡市比重（%）△",
        "34.4左右",
        "34.5左右",
        "34.8左右",
        "35左右",
        "工信局",
    ]
    assert page.locator("ol.tasks > li").count() == 21
    screenshot("plan")

    page.get_by_role("link", name="4.3 夯实信息基础设施").click()
    assert page.get_by_role("heading", name="4.3 夯实信息基础设施").is_visible()
    assert page.locator(".units-list li").count() == 7
    screenshot("task")

    page.get_by_role("button", name="退出").click()
    assert "/accounts/login/" in page.url
