"""The coordinator loads the successor plan from its appendix sheet in Chromium, on a desktop (1440 px) and a
phone (390 px): upload, read the preview (targets as written and as judged), confirm, find it in the list."""

import pytest

from departments import roles
from plans.models import Plan
from tests.browser.conftest import login
from tests.conftest import PASSWORD, make_user
from tests.plans.sheets import CODE, write

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1440, 390])
def test_load_a_plan_from_its_sheet(page, live_server, plan, screenshot, tmp_path, width):
    page.set_viewport_size({"width": width, "height": 900})
    make_user("coordinator", roles.COORDINATOR, "gxj", first_name="协调员")
    sheet = write(tmp_path / "十五五附件.xlsx")
    login(page, live_server, "coordinator", PASSWORD)
    page.goto(f"{live_server.url}/plans/")
    screenshot(f"plans-{width}")
    # Followed by address: on this branch the top bar still overflows onto the page at 390 px.
    link = page.get_by_role("link", name="从附件表格载入规划")
    page.goto(live_server.url + link.get_attribute("href"))
    page.get_by_label("附件表格").set_input_files(str(sheet))
    page.get_by_label("规划代码").fill(CODE)
    screenshot(f"upload-{width}")
    page.get_by_role("button", name="上传并预览").click()
    page.get_by_text("表格中有 1 处错误，没有写入任何数据。").wait_for()
    assert "责任部门“数据局”不是已有的责任单位" in page.locator("#errors").inner_text()
    screenshot(f"preview-errors-{width}")

    page.goto(live_server.url + page.get_by_role("link", name="重新上传").get_attribute("href"))
    page.get_by_label("附件表格").set_input_files(str(sheet))
    page.get_by_label("规划代码").fill(CODE)
    page.get_by_label("新建未知的责任部门").check()
    page.get_by_role("button", name="上传并预览").click()
    confirm = page.get_by_role("button", name="确认载入")
    confirm.wait_for()
    table = page.locator("table.plan-preview").inner_text()
    assert "力争65" in table and "力争 65%" in table and "高于同期规上工业增加值增速" in table
    screenshot(f"preview-{width}")
    # On a phone the wide table scrolls inside its frame; the page itself does not scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    confirm.click()
    page.get_by_text("已载入").first.wait_for()
    assert Plan.objects.filter(code=CODE).exists()
    assert CODE in page.locator("table.plan-list").inner_text()
    screenshot(f"list-{width}")
