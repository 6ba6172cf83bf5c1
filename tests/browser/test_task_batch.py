"""华士镇 (demo data) in a browser, on a desktop and a phone: its home shows its task reports as one item per
period, and one submission from that period's batch page files every one of them."""

import re

import pytest

from departments.models import User
from tasks import permissions
from tasks.models import ProgressReport
from tests.browser.conftest import OUTPUT
from tests.browser.site import PHONE, build_site, signed_in

pytestmark = pytest.mark.browser

SCREENS = {"desktop": {"width": 1440, "height": 900}, "phone": PHONE}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("screen", SCREENS)
def test_one_item_per_period_and_one_submission_files_them_all(screen, browser, live_server, plan):
    build_site()
    hsz = User.objects.get(username="hsz")
    tasks = permissions.tasks_reportable_by(hsz).count()
    folder = OUTPUT / "task-batch"
    folder.mkdir(parents=True, exist_ok=True)
    with signed_in(browser, live_server, "township", SCREENS[screen]) as page:
        page.goto("/")
        rows = page.locator("table.mine tbody tr")
        hrefs = [
            rows.nth(i).get_by_role("link", name="填报").get_attribute("href") for i in range(rows.count())
        ]
        assert hrefs and all(re.fullmatch(r"/tasks/batch/\d{4}/(h1|year)/", h) for h in hrefs)
        assert len(set(hrefs)) == len(hrefs)  # one item per period
        assert f"{tasks} 项任务" in rows.first.inner_text()
        page.screenshot(path=folder / f"home-{screen}.png")

        rows.first.get_by_role("link", name="填报").click()
        page.wait_for_url(f"**{hrefs[0]}")
        boxes = page.locator('textarea[name$="-progress"]')
        assert boxes.count() == tasks
        for i in range(tasks):
            boxes.nth(i).fill(f"第{i + 1}项任务本期推进顺利。")
        page.screenshot(path=folder / f"batch-{screen}.png")
        page.get_by_role("button", name="全部提交审核").click()
        page.wait_for_load_state("networkidle")
        assert f"已提交审核 {tasks} 项任务报告" in page.locator("ul.messages").inner_text()

        year, period = re.fullmatch(r"/tasks/batch/(\d{4})/(\w+)/", hrefs[0]).groups()
        filed = ProgressReport.objects.filter(department=hsz.department, year=year, period=period)
        assert filed.count() == tasks and {r.status for r in filed} == {"submitted"}
        page.goto("/")
        todo = page.locator("section.todo-items table.mine tbody tr")
        assert hrefs[0] not in [
            todo.nth(i).get_by_role("link", name="填报").get_attribute("href") for i in range(todo.count())
        ]
