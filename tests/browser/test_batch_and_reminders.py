"""批量填报 and 催报 in a real browser, at 1440 px and on a 390 px phone: Enter moves down the values, one click
saves every row, the coordinator confirms and sends the reminders; no page scrolls sideways. Screenshots in
test-output/screenshots/."""

import re
from datetime import date

import pytest

from departments.models import User
from indicators.models import Figure
from tasks.models import ReminderLog
from tests.browser.conftest import OUTPUT
from tests.browser.site import PHONE, build_site, signed_in

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": {"width": 1440, "height": 900}, "phone": PHONE}
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def shot(page, name: str) -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"{name}.png"), full_page=True)


def _live_check(response) -> bool:
    return response.request.method == "POST" and response.url.endswith("/preview/")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", WIDTHS)
def test_batch_entry_by_keyboard(width, browser, live_server, plan):
    build_site()
    Figure.objects.filter(
        indicator__department_links__department__code="gxj", year=2025, period="h1"
    ).delete()
    with signed_in(browser, live_server, "reporter_gxj", WIDTHS[width]) as page:
        page.goto("/entry/2025/batch/h1/")
        values = page.locator("input[data-batch-value]")
        assert values.count() >= 3
        # Each value is checked live (a POST 300 ms after typing): the save waits for those answers, as two
        # requests writing at once lock the test's in-memory SQLite table (a file database waits its turn).
        with page.expect_response(_live_check):
            values.nth(0).fill("20")
        values.nth(0).press("Enter")  # moves down, does not submit
        assert page.evaluate("document.activeElement.name") == values.nth(1).get_attribute("name")
        with page.expect_response(_live_check):
            page.keyboard.type("17")
        page.keyboard.press("Enter")
        page.wait_for_load_state("networkidle")
        assert page.evaluate(OVERFLOW) <= 0
        shot(page, f"batch-entry-{width}")
        page.get_by_role("button", name="全部保存草稿").click()
        page.get_by_text("草稿已保存 2 项").wait_for()
        assert page.evaluate(OVERFLOW) <= 0
        shot(page, f"batch-entry-saved-{width}")
    saved = Figure.objects.filter(year=2025, period="h1", indicator__department_links__department__code="gxj")
    assert saved.count() == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", WIDTHS)
def test_reminders_preview_and_send(width, browser, live_server, plan):
    build_site()
    User.objects.filter(username__in=["gxj", "swj"]).update(email="reporter@jiangyin.local")
    today = date.today()
    with signed_in(browser, live_server, "coordinator", WIDTHS[width]) as page:
        page.goto("/deadlines/")
        page.get_by_role("link", name="预览并发送催报邮件").click()
        page.get_by_role("heading", name="催报", exact=True).wait_for()
        assert f"截至 {today.year}年{today.month}月{today.day}日" in page.content()
        page.locator("details.reminder-preview summary").first.click()
        assert page.evaluate(OVERFLOW) <= 0
        shot(page, f"reminders-{width}")
        page.get_by_role("button", name="发送催报邮件…").click()
        page.get_by_role("heading", name="确认发送催报").wait_for()
        assert not ReminderLog.objects.exists()
        assert page.evaluate(OVERFLOW) <= 0
        shot(page, f"reminders-confirm-{width}")
        page.get_by_role("button", name="确认发送").click()
        page.get_by_text(re.compile(r"已发送 \d+ 个单位的催报邮件")).first.wait_for()
        assert page.evaluate(OVERFLOW) <= 0
        shot(page, f"reminders-sent-{width}")
    assert ReminderLog.objects.filter(sent_by__username="coordinator").exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", WIDTHS)
def test_a_miss_opens_its_fields(width, browser, live_server, plan):
    build_site()
    Figure.objects.filter(indicator__number=1, year=2025, period="year").delete()
    with signed_in(browser, live_server, "reporter_gxj", WIDTHS[width]) as page:
        page.goto("/entry/2025/batch/")
        row = page.locator("tbody.batch-row", has_text="规上制造业全员劳动生产率")
        row.locator("input[data-batch-value]").fill("30")
        page.get_by_role("button", name="全部提交审核").click()
        row.get_by_text("未达目标，请说明原因。").wait_for()
        assert row.get_by_label("整改措施").is_visible()
        assert page.evaluate(OVERFLOW) <= 0
        shot(page, f"batch-entry-miss-{width}")
    assert not Figure.objects.filter(indicator__number=1, year=2025, period="year").exists()
