"""我的待办 in a browser, on a desktop and a phone: a township's first screen shows a due task report and its form
opens from there; 工信局 sees figures and task reports together; the coordinator's menu counts what waits.
First screens go to test-output/screenshots/home/."""

import re

import pytest

from tests.browser.conftest import OUTPUT
from tests.browser.site import PHONE, build_site, signed_in

pytestmark = pytest.mark.browser

WIDE = {"width": 1440, "height": 900}
SCREENS = {"desktop": WIDE, "phone": PHONE}


def first_screen(page, name: str) -> None:
    folder = OUTPUT / "home"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / f"{name}.png")


def in_view(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("screen", SCREENS)
def test_home_of_a_township_a_department_and_the_coordinator(screen, browser, live_server, plan):
    build_site()
    with signed_in(browser, live_server, "township", SCREENS[screen]) as page:
        page.goto("/")
        first = page.locator("table.mine tbody tr").first
        link = first.get_by_role("link", name="填报")
        assert "任务" in first.inner_text()
        if screen == "phone":
            assert in_view(page, first.locator("td").first), "手机首屏应看到第一项待办"
            # A compact card: the item, its period, status and deadline, and the button, in about three lines.
            heights = [
                box["height"]
                for box in (r.bounding_box() for r in page.locator("table.mine tbody tr").all()[:5])
            ]
            assert max(heights) < 175, heights  # with its 红黄绿 light on a line of its own
            assert in_view(page, link), "手机首屏应能直接点开第一项待办"
        else:
            assert in_view(page, link)
        first_screen(page, f"township-{screen}")
        href = link.get_attribute("href")
        assert re.fullmatch(r"/tasks/batch/\d{4}/(h1|year)/", href)  # a period's reports, on one page
        link.click()
        page.wait_for_url(f"**{href}")
        assert page.get_by_role("button", name="全部提交审核").count() == 1

    with signed_in(browser, live_server, "reporter_gxj", SCREENS[screen]) as page:
        page.goto("/")
        kinds = set(page.locator("table.mine tbody tr td:first-child").all_inner_texts())
        assert {"指标", "任务"} <= {k.strip() for k in kinds}
        years = [
            int(y) for y in re.findall(r"(\d{4})年：", " ".join(page.locator("summary").all_inner_texts()))
        ]
        assert years == sorted(years, reverse=True)
        count = page.locator(".mainnav a[aria-current=page] .count").inner_text()
        assert int(count) == page.locator("section.todo-items table.mine tbody tr").count()
        first_screen(page, f"gxj-{screen}")

    with signed_in(browser, live_server, "coordinator", SCREENS[screen]) as page:
        page.goto("/tasks/reports/")
        assert page.get_by_role("button", name="采纳").count() >= 1
        waiting = int(page.locator(".mainnav a[href='/review/'] .count").inner_text())
        tabs = [int(n) for n in page.locator("nav[aria-label=审核对象] .count").all_inner_texts()]
        assert waiting == sum(tabs) >= 1
        first_screen(page, f"coordinator-queue-{screen}")
        page.goto("/")
        first_screen(page, f"coordinator-{screen}")
